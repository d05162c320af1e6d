"""Two imports of one feed at once: serialised by the folder's lock, so every article is written once.

Without the lock each run read the folder before the other had written, took
the other's posts for different articles with the same titles and wrote
``-2.md`` copies of all of them, which then broke the build (two posts, one URL).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from email.utils import format_datetime

import lxml.html

from tests.sitebuild import build

from .test_import_support import SETTINGS_FILE, posts

ITEMS = 500
SUMMARY = re.compile(r"\d+ imported, \d+ skipped, \d+ failed")
_METALS = ["neodymium", "praseodymium", "dysprosium", "terbium", "samarium", "lanthanum", "cerium", "yttrium"]
_PLACES = ["Baotou", "Ganzhou", "Kuantan", "Mountain Pass", "Narva", "Kalgoorlie", "La Rochelle", "Toyota City"]


def _item(number: int) -> str:
    metal, place = _METALS[number % len(_METALS)], _PLACES[number // len(_METALS) % len(_PLACES)]
    published = dt.datetime(2025, 1, 1, 8, tzinfo=dt.timezone.utc) + dt.timedelta(hours=13 * number)
    return f"""<item>
<title>{metal.capitalize()} note {number}: spot trade in {place}</title>
<link>https://desk-notes.example/{number}</link>
<guid>https://desk-notes.example/{number}</guid>
<pubDate>{format_datetime(published)}</pubDate>
<description>&lt;h2&gt;Highlights&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Spot {metal} in {place} traded in note {number}.&lt;/li&gt;&lt;/ul&gt;
&lt;p&gt;Desk note number {number} on {metal} from {place}.&lt;/p&gt;</description>
</item>"""


def test_two_imports_of_one_feed_at_once_write_each_article_once_and_the_site_builds(tmp_path):
    feed = tmp_path / "desk-notes.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk notes</title>'
        "<link>https://desk-notes.example/</link><description>Notes</description>"
        + "".join(_item(n) for n in range(ITEMS))
        + "</channel></rss>",
        encoding="utf-8",
    )
    content = tmp_path / "content"
    out = content / "briefings"
    command = [sys.executable, "-m", "briefing.cli", "import", "--settings", str(SETTINGS_FILE), "--out", str(out), str(feed)]
    # Reports go to files: a run blocked on a full pipe while the other waits for its lock would never end.
    logs = [tmp_path / f"report-{n}.txt" for n in range(2)]
    runs = []
    for log in logs:
        with log.open("w") as handle:
            runs.append(subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT))
    codes = [run.wait(timeout=600) for run in runs]
    reports = [log.read_text(encoding="utf-8") for log in logs]
    assert codes == [0, 0], reports

    summaries = sorted(next(line for line in report.splitlines() if SUMMARY.fullmatch(line)) for report in reports)
    assert summaries == [f"0 imported, {ITEMS} skipped, 0 failed", f"{ITEMS} imported, 0 skipped, 0 failed"]
    written = posts(out)
    assert len(written) == ITEMS
    assert not [p for p in written if p.stem.endswith("-2")]

    output = build(tmp_path / "output", content=content)
    # Notes this alike may be flagged as likely duplicates of each other, which makes them drafts.
    pages = [*output.glob("202[56]/*/index.html"), *output.glob("drafts/*/index.html")]
    assert len(pages) == ITEMS
    titles = {lxml.html.parse(str(page)).findtext(".//h1").strip() for page in pages[:20]}
    assert all(" note " in title for title in titles)
