"""Properties of the importer over arbitrary input (Hypothesis).

* Nothing crashes it: any bytes, any text, in any format, ends as an imported
  post or a failure with a reason, never an unexpected error.
* What it writes always parses as front matter that follows the contract.
* Importing the same inputs again changes nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.importer.inputs import Input
from briefing.importer.pipeline import Preparer
from briefing.importer.report import FAILED, IMPORTED

from .test_import_safety import live_markup
from .test_import_support import TODAY, config, posts, read_post, rendered, run_import

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PREPARER = Preparer(config(Path(tempfile.gettempdir()) / "never-written"), today=TODAY)

#: Text with the characters importers trip on: markup, Markdown, mojibake, Thai, controls, odd spaces.
awkward_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list("<>{}|&\"'[]()*_`#-•–—:\n\t\r\u00a0\ufeff\u0e42\u0e22\u0e09\u00e2\u20ac\u2122\ufffd")),
    ),
    max_size=300,
)
line = awkward_text.map(lambda s: " ".join(s.split()))


def briefing_text(draw_title, points, body, why, source) -> str:
    return "\n".join(
        [draw_title, "Highlights", *(f"- {p}" for p in points), body, "Why Newsworthy?", why, f"Source: {source}"]
    )


briefings = st.builds(
    briefing_text,
    line,
    st.lists(line.filter(str.strip), min_size=1, max_size=10),
    awkward_text,
    awkward_text,
    line,
)
pages = st.builds(
    lambda title, points, body: f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    f"<h2>Highlights</h2><ul>{''.join(f'<li>{p}</li>' for p in points)}</ul><p>{body}</p></article></body></html>",
    line,
    st.lists(line, min_size=1, max_size=4),
    awkward_text,
)


def outcomes(data: bytes):
    return [p.outcome or p for p in PREPARER.prepare(Input("generated", data=data))]


def assert_no_crash(data: bytes) -> None:
    for result in outcomes(data):
        status = getattr(result, "status", IMPORTED)
        detail = getattr(result, "detail", "")
        assert status in (IMPORTED, FAILED)
        assert not detail.startswith("unexpected error"), detail


@PROPERTIES
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data):
    assert_no_crash(data)


@PROPERTIES
@given(awkward_text)
def test_arbitrary_text_never_crashes(text):
    assert_no_crash(text.encode("utf-8", "surrogatepass"))


@PROPERTIES
@given(st.one_of(briefings, pages))
def test_briefing_shaped_input_is_imported_as_a_valid_safe_post_and_a_second_import_changes_nothing(text):
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "input", Path(tmp) / "out"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")

        code, report = run_import([source], out)
        assert "unexpected error" not in report, report
        written = {path: path.read_bytes() for path in posts(out)}
        for path in written:
            meta, body = read_post(path)  # parses, and follows the contract
            assert live_markup(rendered(meta, body)) == []

        again, report_again = run_import([source], out)
        assert again == code
        assert {path: path.read_bytes() for path in posts(out)} == written
        assert sorted(p.name for p in out.rglob("*")) == sorted({*(p.name for p in written), *(p.parent.name for p in written)})
        if written:
            assert "already imported" in report_again
