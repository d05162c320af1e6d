"""Import throughput: a thousand plain-text articles, as an editor's folder of pastes.

The articles are generated deterministically (same seed, same text) in a
temporary folder, with the damage real pastes carry (code-page mojibake,
WordPress residue), and imported in-process into a temporary content folder,
exactly as ``briefing import FOLDER`` would. The aim is at least 200 articles a
second on the project's 2-core machine.

It also imports one long pasted text at 0.5, 1 and 2 MiB, ordinary and with
lines shaped to provoke super-linear cost, and reports the ratio of the times:
about 2 for twice the size when the cost is linear.

Run: ``.venv/bin/python bench/bench_import.py [N | --quick]``
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from briefing.importer.inputs import Input  # noqa: E402
from briefing.importer.pipeline import ImportConfig, Importer, Preparer  # noqa: E402
from briefing.importer.report import IMPORTED, Reporter  # noqa: E402

TARGET_PER_SECOND = 200
SECTIONS = ("Mining", "Processing", "Magnets", "Policy", "Markets", "Recycling", "Research", "Companies")
_COMPANIES = ["Lynas", "MP Materials", "Iluka", "Arafura", "Neo Performance Materials", "Northern Rare Earth", "Solvay"]
_PLACES = ["Australia", "China", "Malaysia", "Estonia", "Texas", "Brazil", "Japan", "Canada"]
_ELEMENTS = ["dysprosium", "terbium", "neodymium", "praseodymium", "samarium", "yttrium", "lanthanum"]
_VERBS = ["expands", "delays", "restarts", "doubles", "reviews", "finances", "pilots", "sells"]
_THINGS = ["separation line", "magnet plant", "mine", "refinery", "recycling pilot", "offtake deal"]
_DAMAGE = ["\u0e42", "\u00e2\u20ac\u2122", ""]  # lost-byte cp874 mark, Windows-1252 mojibake, none


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(_COMPANIES)} {rng.choice(_VERBS)} its {rng.choice(_THINGS)} in {rng.choice(_PLACES)}, "
        f"citing demand for {rng.choice(_ELEMENTS)} and {rng.choice(_ELEMENTS)} from magnet makers"
        f"{rng.choice(_DAMAGE)}s customers over the next {rng.randint(2, 9)} years."
    )


def article(number: int) -> str:
    """The text of article ``number``: always the same for the same number."""
    rng = random.Random(number)
    lines = [f"{rng.choice(_COMPANIES)} {rng.choice(_VERBS)} {rng.choice(_THINGS)} no. {number}", "Highlights"]
    lines += [f"- {_sentence(rng)}" for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.5:
        lines += ["- The plan aims to:", "- cut costs.", "- raise output."]
    lines += [" ".join(_sentence(rng) for _ in range(4)) for _ in range(rng.randint(2, 4))]
    lines += ["Why Newsworthy?", " ".join(_sentence(rng) for _ in range(3)), "A REEx Takeaway", _sentence(rng)]
    lines += [
        "Source: Baogang Daily (a state-owned newspaper). Its figures should be independently verified.",
        "\u0e22\u0e09!-- /wp:paragraph -->",
        "0 Comments",
    ]
    return "\n".join(lines) + "\n"


#: Lines that once took time quadratic in their length: long runs of spaces, unclosed brackets
#: and backticks, a pasted image as base64 (no spaces, with mojibake elsewhere in the text).
_HOSTILE = [
    "Source" + " " * 20_000 + "Rare Earth Wire",
    "Table [" * 3_000,
    "a ` b `` c ``` " * 1_500,
    "data:image/png;base64," + "iVBORw0KGgo" * 2_000,
    "print  " * 3_000 + "x",
]


def pasted_text(size: int, seed: int = 7, hostile: bool = False) -> str:
    """One long pasted article of about ``size`` bytes: lead lines, highlights, damaged prose, residue.

    ``hostile`` mixes in lines shaped to find time that grows faster than the text (:data:`_HOSTILE`).
    """
    rng = random.Random(seed)
    lines = [
        f"{rng.choice(_COMPANIES)} {rng.choice(_VERBS)} its {rng.choice(_THINGS)}",
        "By Desk Staff | Rare Earth Wire",
        "Published: 3 March 2025",
        "Highlights",
        *(f"- {_sentence(rng)}" for _ in range(3)),
    ]
    total = sum(len(line) + 1 for line in lines)
    while total < size:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        if hostile and rng.random() < 0.02:
            paragraph += "\n" + rng.choice(_HOSTILE)
        if rng.random() < 0.05:
            paragraph = f"## {rng.choice(_COMPANIES)} and the {rng.choice(_THINGS)}\n\n{paragraph}"
        elif rng.random() < 0.05:
            paragraph += "\n\u0e22\u0e09!-- /wp:paragraph -->"
        lines.append(paragraph + ("\n" if rng.random() < 0.5 else ""))
        total += len(paragraph.encode("utf-8")) + 2
    lines += ["Why Newsworthy?", _sentence(rng), "Source: Rare Earth Wire (trade press)."]
    return "\n".join(lines) + "\n"


def linearity(sizes_mib: tuple[float, ...] = (0.5, 1, 2)) -> list[dict]:
    """CPU seconds to read, repair and convert one pasted text of each size, and each relative to the last.

    Cost linear in the size doubles when the size doubles (``time_ratio`` about
    ``size_ratio``); anything quadratic shows as a ratio towards twice that.
    CPU time of this process, so other work on the machine does not blur it.
    """
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-import-size-") as tmp:
        config = ImportConfig(out=Path(tmp) / "out", sections=SECTIONS, timezone="Europe/London")
        preparer = Preparer(config)
        for kind in ("ordinary", "hostile"):
            previous = None
            for size in sizes_mib:
                data = pasted_text(int(size * 1024 * 1024), hostile=kind == "hostile").encode("utf-8")
                started = time.process_time()
                (prepared,) = preparer.prepare(Input(f"{size} MiB", data=data))
                seconds = time.process_time() - started
                if prepared.outcome is not None:
                    raise RuntimeError(f"the {size} MiB {kind} text did not import: {prepared.outcome.detail}")
                row = {"text": kind, "MiB": size, "cpu_seconds": round(seconds, 3), "seconds_per_MiB": round(seconds / size, 3)}
                if previous:
                    row["size_ratio"] = round(size / previous["MiB"], 2)
                    row["time_ratio"] = round(seconds / previous["cpu_seconds"], 2)
                rows.append(row)
                previous = row
    return rows


def run(n: int | None = None, quick: bool = False) -> dict:
    """Import ``n`` generated articles (200 with ``quick``, else 1000); articles a second, the timings
    of each phase, and how the cost of one pasted text grows with its size (:func:`linearity`)."""
    n = n or (200 if quick else 1000)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        sources, out = Path(tmp) / "raw", Path(tmp) / "content" / "briefings"
        sources.mkdir()
        for number in range(n):
            (sources / f"article-{number:05d}.txt").write_text(article(number), encoding="utf-8")

        started = time.perf_counter()
        config = ImportConfig(out=out, sections=SECTIONS, timezone="Europe/London")
        importer = Importer(config)
        setup = time.perf_counter() - started

        quiet = Console(file=io.StringIO(), soft_wrap=True)
        reporter = Reporter(out=quiet, err=quiet)
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        exit_code = importer.run([str(sources)], reporter)
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before
        written = sum(1 for _ in out.rglob("*.md"))

    imported = reporter.counts[IMPORTED]
    return {
        "articles": n,
        "imported": imported,
        "written": written,
        "exit_code": exit_code,
        "setup_seconds": round(setup, 3),
        "import_seconds": round(elapsed, 3),
        "ms_per_article": round(1000 * elapsed / max(n, 1), 3),
        "articles_per_second": round(imported / elapsed, 1) if elapsed else 0.0,
        "target_per_second": TARGET_PER_SECOND,
        # CPU time of this process and its workers: what the import costs, whatever else the
        # machine is busy with (wall-clock figures drop when other jobs share the cores).
        "cpu_seconds": round(cpu, 3),
        "cpu_ms_per_article": round(1000 * cpu / max(n, 1), 3),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        **{
            f"{row['text']}_text_{row['MiB']}_MiB": f"{row['cpu_seconds']} s CPU"
            + (f", {row['time_ratio']}× the time for {row['size_ratio']}× the size" if "time_ratio" in row else "")
            for row in linearity()
        },
    }


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


if __name__ == "__main__":
    argument = sys.argv[1] if len(sys.argv) > 1 else ""
    result = run(quick=True) if argument == "--quick" else run(int(argument) if argument else None)
    width = max(map(len, result))
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print("OK" if result["articles_per_second"] >= TARGET_PER_SECOND else f"below the aim of {TARGET_PER_SECOND}/s")
