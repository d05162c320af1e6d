"""Import throughput: a thousand plain-text articles, as an editor's folder of pastes.

The articles are generated deterministically (same seed, same text) in a
temporary folder, with the damage real pastes carry (code-page mojibake,
WordPress residue), and imported in-process into a temporary content folder,
exactly as ``briefing import FOLDER`` would. The aim is at least 200 articles a
second on the project's 2-core machine.

Run: ``.venv/bin/python bench/bench_import.py [N]``
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

from briefing.importer.pipeline import ImportConfig, Importer  # noqa: E402
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


def run(n: int = 1000) -> dict:
    """Import ``n`` generated articles; articles a second and the timings of each phase."""
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
    }


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    width = max(map(len, result))
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print("OK" if result["articles_per_second"] >= TARGET_PER_SECOND else f"below the aim of {TARGET_PER_SECOND}/s")
