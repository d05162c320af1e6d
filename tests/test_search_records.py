"""What the search index is fed for a briefing: its words and its boxes' words, not the boxes' labels."""

from __future__ import annotations

import datetime as dt
import runpy
from types import SimpleNamespace

from briefing.post import PostRenderer
from briefing.search import record_for
from briefing.text import plain_text
from tests.sitebuild import CONTENT, ROOT


def article_from(path):
    settings = runpy.run_path(str(ROOT / "pelicanconf.py"))
    post = PostRenderer(settings).render_text(path.read_text(encoding="utf-8"), path.name)
    return SimpleNamespace(
        content=post.content, briefing=post.boxes, title=post.rendered["title"],
        tags=[SimpleNamespace(name=t) for t in post.meta.get("tags", [])],
        category=SimpleNamespace(name=post.meta["category"]), url="2025/x/", locale_date="1 June 2025",
        date=dt.datetime(2025, 6, 1),
    )


def test_a_record_holds_the_boxes_words_but_not_their_headings():
    path = next(p for p in sorted((CONTENT / "briefings").rglob("*.md")) if "why_newsworthy:" in p.read_text())
    article = article_from(path)
    text = record_for(article).content
    for label in ("Highlights", "Why newsworthy?", "Takeaway", "Source"):
        assert f" {label} " not in f" {text} ", label
    boxes = article.briefing
    assert plain_text(boxes.takeaway_body)[:60] in text
    assert plain_text(boxes.highlights_list)[:60] in text
    assert len(boxes.headings) == 4 and all(h not in boxes.unlabelled(article.content) for h in boxes.headings)


def test_a_post_without_boxes_is_indexed_whole():
    article = SimpleNamespace(content="<p>Plain <em>post</em></p>", briefing=None, title="T", tags=[],
                              category=SimpleNamespace(name="Markets"), url="p/", locale_date="d",
                              date=dt.datetime(2025, 1, 1))
    assert record_for(article).content == "Plain post"
