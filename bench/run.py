"""``make bench``: every benchmark of issue 8, written to ``bench/RESULTS.md``.

1. cold build of the project against stock Pelican on the same corpus (N=1,000);
2. from saving an edit to its page being rewritten under the devserver (N=1,000);
3. scaling: cold build time and peak memory at N=250, 1,000, 4,000 (10,000 with BENCH_FULL=1);
4. the importer's throughput and the search index's cost, once those exist;
5. `make publish` after one new briefing against a cold one (issue 19), at N=4,000;
and a cProfile of one project build, summarised by phase.

This machine is noisy (the same command varies by up to half between calls), so
the project and stock Pelican are built alternately, in turn, and their ratio is
taken pair by pair; only such same-run ratios mean anything. ``--quick`` (N=100,
one run) is for trying the harness; it writes to ``bench/work/`` unless told
otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path

from .devserver import edit_to_page
from .generate import DEFAULT_SEED, Post, check, generate
from .measure import Run, measure
from .profiling import Summary, profile_build
from .publishing import publish_often
from .report import Results, SizeResult, render
from .sites import ROOT, Site, articles_processed, child_env, project_site, stock_site

BENCH = ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "RESULTS.md"
#: The last run's results, from which ``--report-only`` writes the report again.
#: The raw profile of the last run (``--quick`` keeps its own).
PSTATS = {False: WORK / "profile.pstats", True: WORK / "profile-quick.pstats"}
#: Corpus size of ``--quick``.
QUICK_N = 100
SAVED = {False: WORK / "results.pickle", True: WORK / "results-quick.pickle"}
VERSIONED = ["pelican", "markdown", "typogrify", "smartypants", "jinja2", "feedgenerator",
             "pelican-yaml-metadata", "nh3", "pyyaml"]


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build_once(site: Site, n: int, published: int) -> Run:
    """One cold build; raises if it failed or built the wrong number of articles."""
    site.clean()
    run = measure(site.build_command(), site.folder, WORK / "logs" / f"{site.name}-{n}.log", env=child_env())
    processed = articles_processed(run.log)
    if run.returncode != 0 or processed != published:
        raise RuntimeError(
            f"{site.name} build at N={n} failed (exit {run.returncode}, {processed} of {published} "
            f"articles); log: {WORK / 'logs' / f'{site.name}-{n}.log'}"
        )
    return run


#: From this size on, one pair of builds: what is measured there is memory, which varies little
#: between runs, and each pair takes minutes.
ONE_RUN_FROM = 10000


def runs_at(n: int, runs: int) -> int:
    """Pairs of builds at size ``n``: ``runs``, or one at the largest sizes (see ONE_RUN_FROM)."""
    return 1 if n >= ONE_RUN_FROM else runs


def scale(project: Site, stock: Site, n: int, runs: int, corpus: list[Post]) -> SizeResult:
    project.put(corpus)
    stock.put(corpus)
    check(project.briefings)
    result = SizeResult(n, sum(p.published for p in corpus))
    for i in range(runs):
        order = (project, stock) if i % 2 == 0 else (stock, project)
        pair: dict[str, Run] = {}
        result.pairs.append(pair)
        for site in order:
            try:
                run = build_once(site, n, result.published)
            except RuntimeError as error:
                result.errors.append(str(error))
                progress(str(error))
                continue
            result.runs[site.name].append(run)
            pair[site.name] = run
            progress(f"N={n} run {i + 1}/{runs} {site.name}: {run.wall:.2f} s wall, "
                     f"{run.cpu:.2f} s CPU, {run.peak_mb:.0f} MB peak "
                     f"({', '.join(f'{c} {mb:.0f} MB' for c, mb in run.by_command.items())})")
    project.clean()
    stock.clean()
    return result


# --- machine, versions -------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)"


def machine() -> list[tuple[str, str]]:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((line.split(":", 1)[1].strip() for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal")), "unknown")
    if mem.endswith(" kB"):
        mem = f"{int(mem[:-3]) / 2**20:.1f} GiB"
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                               capture_output=True, text=True, check=True).stdout.strip()
        commit += " with uncommitted changes" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    rows = [
        ("date", dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("cores (nproc)", str(len(os.sched_getaffinity(0)))),
        ("CPU", cpu),
        ("memory", mem),
        ("system", platform.platform()),
        ("load average at start", load_average()),
        ("checkout", commit),
        ("Python", platform.python_version()),
    ]
    for name in VERSIONED:
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    return rows


# --- benchmark 4: importer and search -----------------------------------------------------------


def importer(quick: bool) -> str:
    """The importer's own benchmark, ``bench/bench_import.py``'s ``run()``, when it exists."""
    if not (BENCH / "bench_import.py").exists():
        return "Not available: `bench/bench_import.py` does not exist yet (importer issue)."
    try:
        module = importlib.import_module("bench.bench_import")
        params = inspect.signature(module.run).parameters
        if "quick" in params:
            result = module.run(quick=quick)
        else:
            result = module.run(**({"n": QUICK_N} if quick and "n" in params else {}))
    except Exception as error:  # noqa: BLE001 - another benchmark's failure must not lose these results
        return f"Failed: `bench/bench_import.py` raised {type(error).__name__}: {error}"
    return _render(result)


def _render(result: object) -> str:
    if result is None:
        return "`bench/bench_import.py` ran and returned nothing."
    if isinstance(result, str):
        return result
    if isinstance(result, Mapping):
        return "\n".join(["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in result.items()])
    if isinstance(result, Sequence) and result and all(isinstance(r, Mapping) for r in result):
        keys = list(dict.fromkeys(k for r in result for k in r))
        lines = ["| " + " | ".join(map(str, keys)) + " |", "|" + "---|" * len(keys)]
        return "\n".join(lines + ["| " + " | ".join(str(r.get(k, "")) for k in keys) + " |" for r in result])
    return f"`{result!r}`"


def _with_and_without(site: Site, n: int, setting: str, name: str, runs: int = 3) -> tuple[list[Run], list[Run]] | str:
    """Cold builds with ``setting`` on and off, alternating (and which goes first); the runs, or what went wrong."""
    with_it: list[Run] = []
    without: list[Run] = []
    for i in range(runs):
        pair = [("with", (), with_it), ("without", ("-e", f"{setting}=false"), without)]
        for label, extra, into in pair if i % 2 == 0 else pair[::-1]:
            site.clean()
            run = measure(site.build_command(*extra), site.folder,
                          WORK / "logs" / f"{name}-{label}-{i}.log", env=child_env())
            if run.returncode != 0:
                return f"A build {label} {setting} failed (exit {run.returncode}); see `bench/work/logs/`."
            into.append(run)
            progress(f"{name} N={n} run {i + 1}/{runs} {label}: {run.wall:.2f} s wall, {run.peak_mb:.0f} MB peak")
    return with_it, without


def _cost(with_it: list[Run], without: list[Run]) -> str:
    med = statistics.median
    ratios = [a.wall / b.wall for a, b in zip(with_it, without)]
    return (f"{med(a.wall for a in with_it) - med(b.wall for b in without):+.2f} s wall "
            f"({med(ratios):.2f} × pair by pair, {min(ratios):.2f}–{max(ratios):.2f}) and "
            f"{med(a.cpu for a in with_it) - med(b.cpu for b in without):+.2f} s CPU (CPU "
            f"{med(a.cpu / b.cpu for a, b in zip(with_it, without)):.2f} × pair by pair; wall medians "
            f"{med(a.wall for a in with_it):.2f} s against {med(b.wall for b in without):.2f} s)")


#: Builds of each side in the with-and-without comparisons: their differences are small against
#: this machine's noise, so they get more pairs than the scaling runs.
COMPARISON_RUNS = 5


def search_index(site: Site, n: int, runs: int = COMPARISON_RUNS) -> str:
    """What the search index adds to a cold build: builds with and without it, alternating."""
    if not (site.folder / "briefing" / "search.py").exists():
        return "Not built yet: the search index (the search issue) is not part of the build."
    runs_ = _with_and_without(site, n, "SEARCH_INDEX", "search", runs)
    if isinstance(runs_, str):
        return runs_
    with_it, without = runs_
    site.clean()
    measure(site.build_command(), site.folder, WORK / "logs" / "search-size.log", env=child_env())
    bundle = site.output / "pagefind"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) / 2**20 if bundle.exists() else 0
    pagefind = statistics.median(a.by_command.get("pagefind", 0.0) for a in with_it)
    return (f"Cold builds at N={n:,} with and without the index ({runs} each, alternating): the index adds "
            f"{_cost(with_it, without)}; Pagefind's own process peaks at {pagefind:.0f} MB; the index is "
            f"{size:.1f} MB on disk. On a site this size Pagefind runs in a forked child at low priority while "
            "Pelican writes the pages.")


def boxes_cost(site: Site, n: int, runs: int = COMPARISON_RUNS) -> str:
    """What the boxes add to a cold build (issue 4's benchmark): builds with and without them, alternating."""
    runs_ = _with_and_without(site, n, "BRIEFING_BOXES", "boxes", runs)
    if isinstance(runs_, str):
        return runs_
    with_it, without = runs_
    ratio = statistics.median(a.wall / b.wall for a, b in zip(with_it, without))
    verdict = "within" if ratio <= 1.10 else "over"
    return (f"Cold builds at N={n:,} with the boxes and with `BRIEFING_BOXES=false` ({runs} each, alternating): "
            f"the boxes add {_cost(with_it, without)}: {verdict} the 10% the boxes issue allows.")


# --- main ------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N=100, one run: a quick try of the harness")
    parser.add_argument("--runs", type=int, help="builds per site and size (default 3; 1 with --quick)")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="comma-separated corpus sizes (default 250,1000,4000; 10000 too with BENCH_FULL=1)")
    parser.add_argument("--edits", type=int, help="edits timed under the devserver (default 3)")
    parser.add_argument("--publish-n", type=int,
                        help="corpus size of the publishing benchmark (default 4,000, or the largest size asked)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="where to write the results "
                        "(default bench/RESULTS.md; bench/work/RESULTS-quick.md with --quick)")
    parser.add_argument("--report-only", action="store_true",
                        help="write the report again from the last run's saved results, building nothing")
    args = parser.parse_args(argv)
    quick = args.quick
    out = args.out or (WORK / "RESULTS-quick.md" if quick else RESULTS)
    if args.report_only:
        results = Results.load(SAVED[quick])
        if PSTATS[quick].exists():  # the summary may have changed since; the raw profile has not
            results.profile = Summary(PSTATS[quick]).markdown()
        out.write_text(render(results), encoding="utf-8")
        progress(f"wrote {out} from {SAVED[quick]}")
        return 0
    sizes = args.sizes or ([QUICK_N] if quick else [250, 1000, 4000] + ([10000] if os.environ.get("BENCH_FULL") == "1" else []))
    runs = args.runs or (1 if quick else 3)
    edits = args.edits or (1 if quick else 3)
    reference = 1000 if 1000 in sizes else sizes[len(sizes) // 2]

    WORK.mkdir(parents=True, exist_ok=True)
    info = machine()
    progress(f"sizes {sizes}, {runs} run(s) each, reference N={reference}, results to {out}")
    project = project_site(WORK / "project")
    stock = stock_site(WORK / "stock")

    progress("warm-up builds (byte-code, file cache), not timed")
    warm = generate(20, args.seed)
    for site in (project, stock):
        site.put(warm)
        build_once(site, 20, sum(p.published for p in warm))

    scaled: list[SizeResult] = []
    corpora: dict[int, list[Post]] = {}
    for n in sorted(sizes):
        progress(f"N={n}: generating the corpus")
        corpora[n] = generate(n, args.seed)
        scaled.append(scale(project, stock, n, runs_at(n, runs), corpora[n]))
        if n != reference:
            del corpora[n]

    progress(f"devserver: first build, then {edits} edit(s) at N={reference}")
    dev = project_site(WORK / "dev")
    dev.put(corpora[reference])
    times = edit_to_page(dev, corpora[reference], edits, WORK / "logs" / "devserver.log")
    progress(f"devserver: first build {times.first_build or 0:.2f} s, save → page "
             f"{', '.join(f'{t:.2f} s' for t in times.to_page)}{' ' + '; '.join(times.failures) if times.failures else ''}")
    shutil.rmtree(dev.folder, ignore_errors=True)

    progress(f"profile: one project build under cProfile at N={reference}")
    project.put(corpora[reference])
    run = profile_build(project, PSTATS[quick], WORK / "logs" / "profile.log")
    summary = Summary(PSTATS[quick]) if run.returncode == 0 and PSTATS[quick].exists() else None
    progress(f"profile: {run.wall:.1f} s" if summary else f"profile failed (exit {run.returncode})")

    progress("importer, search index and boxes")
    import_text = importer(quick)
    comparison_runs = 1 if quick else COMPARISON_RUNS
    search_text = search_index(project, reference, comparison_runs)
    boxes_text = boxes_cost(project, reference, comparison_runs)
    publish_n = args.publish_n or (4000 if 4000 in sizes else max(sizes))
    progress(f"publishing: a cold make publish, then one after a new briefing, at N={publish_n}")
    publisher = project_site(WORK / "publish")
    publishing = publish_often(publisher, generate(publish_n, args.seed), 1 if quick else runs,
                               WORK / "logs", progress)
    shutil.rmtree(publisher.folder, ignore_errors=True)
    project.clean()
    stock.clean()

    results = Results(
        command=" ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])]),
        seed=args.seed, machine=info, load_at_end=load_average(), sizes=scaled, reference=reference,
        edits=times, profile=summary.markdown() if summary else None, importer=import_text,
        search=search_text, boxes=boxes_text, publishing=publishing,
    )
    results.save(SAVED[quick])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(results), encoding="utf-8")
    progress(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
