"""The front-matter contract: what passes, and what each kind of mistake is called."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from briefing.schema import Briefing, BriefingInvalid, Highlight, Source, is_briefing, validate

SECTIONS = ["Mining", "Processing", "Policy"]


def good(**changes):
    meta = {
        "title": "Mine restarts after a flood",
        "date": "2025-06-01T08:00:00",
        "category": "Mining",
        "tags": ["Neodymium", "Australia"],
        "highlights": ["The pit is dry again.", {"text": "Next steps:", "items": ["haul", "crush"]}],
        "why_newsworthy": "It supplies a tenth of the market.",
        "takeaway": "Watch the ramp-up.",
        "source": {"name": "Mine Weekly", "url": "https://mine.example/a", "kind": "trade-press"},
    }
    meta.update(changes)
    return {k: v for k, v in meta.items() if v is not None}


def problems(meta) -> list[str]:
    with pytest.raises(BriefingInvalid) as caught:
        validate(meta, SECTIONS)
    return [f"{p.key}: {p.message}" for p in caught.value.problems]


def test_a_complete_briefing_validates():
    briefing = validate(good(), SECTIONS)
    assert briefing.highlights[1] == Highlight("Next steps:", ("haul", "crush"))
    assert briefing.source == Source("Mine Weekly", "https://mine.example/a", "trade-press")
    assert briefing.date == dt.datetime(2025, 6, 1, 8)


def test_highlights_given_as_a_string_are_named_as_in_the_contract():
    assert problems(good(highlights="one long string")) == [
        "highlights: expected a list of 1 to 8 items, got a string"
    ]


@pytest.mark.parametrize("count", [0, 9])
def test_highlights_count_is_bounded(count):
    assert problems(good(highlights=["x"] * count)) == [f"highlights: expected a list of 1 to 8 items, got {count}"]


def test_short_form_of_a_highlight_with_sub_items():
    meta = yaml.safe_load("highlights:\n  - Phase II aims to:\n      - a\n      - b\n")
    briefing = validate(good(highlights=meta["highlights"]), SECTIONS)
    assert briefing.highlights == [Highlight("Phase II aims to:", ("a", "b"))]


def test_every_problem_is_reported_at_once():
    found = problems(good(title=None, category="Gossip", source={"name": "X", "kind": "blog", "url": "ftp://x"}))
    assert found == [
        "title: required, but missing or empty",
        "category: expected one of Mining, Processing, Policy, got 'Gossip'",
        "source.kind: expected one of state-media, company, government, wire, trade-press, research, other, got 'blog'",
        "source.url: expected a URL with scheme http, https, got 'ftp://x'",
    ]


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"date": "last Tuesday"}, "date: expected an ISO date or datetime, got 'last Tuesday'"),
        ({"takeaway": 42}, "takeaway: expected text, got a number"),
        ({"source": {"name": "X", "url": "javascript:alert(1)"}}, "source.url: expected a URL with scheme http, https"),
        ({"source": {"name": "X", "url": "https:/nohost"}}, "source.url: expected an absolute URL"),
        ({"source": {"kind": "wire"}}, "source.name: required, but missing or empty"),
        ({"highlights": [{"text": "a", "items": "b"}]}, "highlights[1]: expected a list of sub-items, got a string"),
        ({"highlights": [None]}, "highlights[1]: expected text, got nothing"),
        ({"status": "live"}, "status: expected one of draft, hidden, published, got 'live'"),
        ({"tags": [1, 2]}, "tags: expected a list of names"),
        ({"title": "Bell\x07 rings"}, "title: control character U+0007 in the text"),
        ({"tags": ["Neodymium", "Esc\x1b"]}, "tags: control character U+001B"),
        ({"highlights": [{"text": "Next:", "items": ["ok", "form\x0cfeed"]}]}, "highlights[1]: control character U+000C"),
        ({"source": {"name": "Desk\x85"}}, "source.name: control character U+0085"),
    ],
)
def test_each_mistake_is_named(changes, expected):
    assert any(p.startswith(expected) for p in problems(good(**changes))), problems(good(**changes))


def test_round_trip_through_front_matter():
    briefing = validate(good(summary="Short.", import_id="abc"), SECTIONS)
    text = briefing.to_markdown("Body text.")
    front, body = text.split("\n---\n", 1)
    again = validate(yaml.safe_load(front.removeprefix("---\n")), SECTIONS)
    assert again == briefing
    assert body.strip() == "Body text."
    assert list(briefing.to_front_matter())[:4] == ["title", "date", "category", "tags"]


def test_multi_line_fields_are_written_as_blocks():
    briefing = validate(good(why_newsworthy="First.\n\nSecond."), SECTIONS)
    assert "why_newsworthy: |" in briefing.to_markdown("")


def test_which_posts_are_briefings():
    assert is_briefing({"highlights": []})
    assert is_briefing({"title": "x", "source": {"name": "y"}})
    assert not is_briefing({"title": "About"})
    assert isinstance(validate(good(), None), Briefing)


# Drafts and review items: what an import could not find stays off the site until an editor has looked.


def test_a_draft_may_carry_review_items_and_lack_highlights():
    briefing = validate(good(highlights=None, status="draft", review=["highlights proposed", "date guessed"]), SECTIONS)
    assert (briefing.status, briefing.highlights, briefing.review) == ("draft", [], ["highlights proposed", "date guessed"])
    assert is_briefing({"title": "x", "review": ["title guessed"]})


@pytest.mark.parametrize("status", [None, "published", "hidden"])
def test_only_a_draft_may_carry_review_items(status):
    assert problems(good(status=status, review=["date guessed", "title guessed"])) == [
        "review: a post that is not a draft still has review items (date guessed; title guessed): do them and "
        "remove review, or keep the post a draft with status: draft"
    ]


@pytest.mark.parametrize("review", ["", [], None])
def test_an_empty_review_list_is_no_review(review):
    assert validate(good(review=review), SECTIONS).review == []


@pytest.mark.parametrize("review", [[""], [3], {"a": 1}])
def test_review_items_are_text(review):
    assert problems(good(status="draft", review=review))[0].startswith("review: expected a list of things to do")


def test_a_published_post_still_needs_its_highlights():
    assert problems(good(highlights=None)) == ["highlights: required: expected a list of 1 to 8 items"]


def test_review_is_written_last_in_front_matter():
    briefing = validate(good(status="draft", review=["takeaway missing"]), SECTIONS)
    assert list(briefing.to_front_matter())[-3:] == ["source", "status", "review"]
