"""The results of one benchmark run, and ``bench/RESULTS.md`` written from them.

Results are also kept as a pickle in ``bench/work/`` so the report can be
written again (``python -m bench.run --report-only``) without building anything.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .devserver import EditTimes
from .measure import Run, Spread
from .publishing import MAX_PUBLISH_RATIO, PublishResult

#: The targets (issue 8, as decided in issue 19): the project's cold build at most this share of
#: stock Pelican's wall time, every feature on, at each of these sizes.
MAX_RATIO = 0.8
RATIO_SIZES = (1000, 4000)
MAX_EDIT_SECONDS = 3.0
#: The build's own processes (Pagefind apart) at their largest, by corpus size.
MAX_OWN_MB = {4000: 300, 10000: 500}
#: Added CPU time per article may grow by this factor from the smallest sizes to the largest
#: and still count as linear.
LINEAR_TOLERANCE = 1.3
SITES = ("project", "stock")


@dataclass
class SizeResult:
    """Cold builds of both sites at one corpus size."""

    n: int
    published: int
    runs: dict[str, list[Run]] = field(default_factory=lambda: {name: [] for name in SITES})
    #: Builds one right after the other, by site name; a failed build leaves its pair incomplete.
    pairs: list[dict[str, Run]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def spread(self, name: str, measure: str) -> Spread:
        return Spread.of([getattr(r, measure, 0.0) for r in self.runs[name]])

    def by_command(self, name: str) -> str:
        """Median peak memory of each process of the site's builds, largest first."""
        names = {c for r in self.runs[name] for c in r.by_command}
        medians = {c: Spread.of([r.by_command.get(c, 0.0) for r in self.runs[name]]).median for c in names}
        return ", ".join(f"{c} {mb:.0f} MB" for c, mb in sorted(medians.items(), key=lambda kv: -kv[1]) if mb >= 1)

    def ratios(self, measure: str = "wall") -> Spread:
        """Project over stock, pair by pair (each pair built one right after the other)."""
        return Spread.of([getattr(p["project"], measure) / getattr(p["stock"], measure)
                          for p in self.pairs if len(p) == 2])

    @property
    def complete(self) -> bool:
        return any(len(p) == 2 for p in self.pairs)


@dataclass
class Results:
    command: str
    seed: int
    machine: list[tuple[str, str]]
    load_at_end: str
    sizes: list[SizeResult]
    reference: int
    edits: EditTimes
    profile: str | None  # the profile's summary, as Markdown
    importer: str
    search: str
    boxes: str = "Not measured in this run."
    publishing: PublishResult | None = None

    def save(self, path: Path) -> None:
        path.write_bytes(pickle.dumps(self))

    @staticmethod
    def load(path: Path) -> Results:
        return pickle.loads(path.read_bytes())

    def at(self, n: int) -> SizeResult | None:
        return next((s for s in self.sizes if s.n == n and s.complete), None)

    def marginal(self, measure: str) -> list[tuple[int, int, float]]:
        """Milliseconds of ``measure`` per added article between consecutive sizes (project medians)."""
        done = [s for s in self.sizes if s.runs["project"]]
        return [(a.n, b.n, 1000 * (b.spread("project", measure).median - a.spread("project", measure).median)
                 / (b.n - a.n)) for a, b in zip(done, done[1:])]

    def linear(self) -> bool | None:
        """Judged on CPU time, which other load on the machine disturbs far less than wall time."""
        costs = [c for *_, c in self.marginal("cpu")]
        if len(costs) < 2:
            return None
        return min(costs) > 0 and max(costs) / min(costs) <= LINEAR_TOLERANCE


def _verdict(ok: bool | None) -> str:
    return {True: "**pass**", False: "**FAIL**", None: "not measured"}[ok]


def _steps(steps: list[tuple[int, int, float]]) -> str:
    return "; ".join(f"{a:,} → {b:,}: {c:.1f} ms" for a, b, c in steps) or "—"


def _ratio_rows(r: Results) -> list[str]:
    rows = []
    for n in RATIO_SIZES:
        size = r.at(n)
        wall = size.ratios("wall") if size else None
        measured = f"{wall.fmt('×')}; CPU {size.ratios('cpu').fmt('×')}" if wall else "not measured in this run"
        rows.append(f"| 1. cold build at N={n:,} at most {MAX_RATIO:.1f} × stock Pelican's (wall, pair by pair, "
                    f"every feature on) | {measured} | {_verdict(wall.median <= MAX_RATIO if wall else None)} |")
    return rows


def _memory_rows(r: Results) -> list[str]:
    rows = []
    for n, limit in MAX_OWN_MB.items():
        size = r.at(n)
        own = size.spread("project", "own_mb").median if size else None
        measured = "not measured in this run" + (" (`BENCH_FULL=1`)" if n > 4000 else "")
        if size:
            pagefind = Spread.of([run.by_command.get("pagefind", 0.0) for run in size.runs["project"]]).median
            measured = (f"{own:.0f} MB; Pagefind on its own line: {pagefind:.0f} MB; by process: "
                        f"{size.by_command('project')}")
        rows.append(f"| 3. memory of the build's own processes at N={n:,} under {limit} MB (Pagefind apart) "
                    f"| {measured} | {_verdict(own < limit if own else None)} |")
    return rows


def _publish_row(r: Results) -> str:
    p = getattr(r, "publishing", None)
    ratio = p.ratios() if p else None
    if ratio is None:
        measured = "not measured in this run" + (": " + "; ".join(p.errors) if p and p.errors else "")
    else:
        measured = f"at N={p.n:,}: {ratio.fmt('×')}"
    verdict = _verdict(p.passed() if ratio and p.n >= 4000 else None)
    if ratio and p.n < 4000:
        verdict += " (not at N=4,000)"
    return (f"| 5. `make publish` after one new briefing at most {MAX_PUBLISH_RATIO} × a cold publish, N=4,000 "
            f"| {measured} | {verdict} |")


def _publish_section(r: Results) -> list[str]:
    p = getattr(r, "publishing", None)
    if p is None or not p.cold:
        return ["Not measured in this run." + (" Errors: " + "; ".join(p.errors) if p and p.errors else "")]
    cold, after = Spread.of([c.wall for c in p.cold]), Spread.of([a.wall for a in p.after_one])
    return [
        "| publish | wall | CPU | peak |",
        "|---|---|---|---|",
        f"| cold (no publish cache) | {cold.fmt()} | {Spread.of([c.cpu for c in p.cold]).fmt()} "
        f"| {Spread.of([c.peak_mb for c in p.cold]).fmt('MB', 0)} |",
        f"| after one new briefing (publish cache) | {after.fmt()} | {Spread.of([a.cpu for a in p.after_one]).fmt()} "
        f"| {Spread.of([a.peak_mb for a in p.after_one]).fmt('MB', 0)} |",
        "",
        f"After one ÷ cold, pair by pair: wall {p.ratios('wall').fmt('×')}, CPU {p.ratios('cpu').fmt('×')}. "
        "Both run `python -m briefing.publish` (what `make publish` runs: strict, precompressed, sitemap, "
        "search index) on a snapshot of the project.",
    ]


def render(r: Results) -> str:
    ref = r.at(r.reference)
    wall = ref.ratios("wall") if ref else None
    cpu = ref.ratios("cpu") if ref else None
    edit = Spread.of(r.edits.to_page) if r.edits.to_page else None
    out = [
        "# Benchmarks",
        "",
        f"Written by `{r.command}`. Corpus: synthetic briefings from `bench/generate.py` (seed {r.seed}), "
        "about 700 words each, 8 sections, 60 tags, every box and source kind. Figures are the median "
        "(min–max) of the runs. *Wall* is start to exit; *CPU* is user + system time of the build and "
        "every process it started; *peak* is the most memory the build's processes held together "
        "(proportional set sizes summed, so a page a forked child shares with its parent counts once), "
        "*largest process* the most any one of them held.",
        "",
        "This machine has 2 cores shared with other work (see the load averages): the same command "
        "varies by up to half between calls. Only ratios measured in this run, with the project and "
        "stock Pelican built alternately pair by pair, mean anything; CPU ratios are the steadier "
        "of the two when the machine is busy.",
        "",
        "## Machine and versions",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in r.machine],
        f"| load average at end | {r.load_at_end} |",
        "",
        "## Against the issue's targets",
        "",
        "| target | measured | result |",
        "|---|---|---|",
        *_ratio_rows(r),
        f"| 2. save → page rewritten under the devserver at N={r.reference:,} at most {MAX_EDIT_SECONDS:.0f} s | "
        + (f"{edit.fmt()}" if edit else "—")
        + f" | {_verdict(edit.median <= MAX_EDIT_SECONDS and not r.edits.failures if edit else None)} |",
        "| 3. linear growth (CPU per added article, within "
        f"{LINEAR_TOLERANCE:.1f} × from the smallest step to the largest) | {_steps(r.marginal('cpu'))} "
        f"| {_verdict(r.linear())} |",
        *_memory_rows(r),
        _publish_row(r),
        "| byte-identical output of cached, incremental and parallel builds | a test in `tests/`, "
        "not a benchmark | — |",
        "",
        f"## 1. Cold build at N={r.reference:,}: the project against stock Pelican",
        "",
    ]
    if ref:
        out += [
            "| site | wall | CPU | peak | peak by process |",
            "|---|---|---|---|---|",
            *[f"| {name} | {ref.spread(name, 'wall').fmt()} | {ref.spread(name, 'cpu').fmt()} "
              f"| {ref.spread(name, 'peak_mb').fmt('MB', 0)} | {ref.by_command(name)} |"
              for name in SITES],
            "",
            f"Project ÷ stock, pair by pair: wall {wall.fmt('×')}, CPU {cpu.fmt('×')}.",
        ]
    else:
        failed = next((s for s in r.sizes if s.n == r.reference), None)
        out.append("Not measured." + (" Errors: " + "; ".join(failed.errors) if failed else ""))
    e = r.edits
    out += [
        "",
        f"## 2. From save to rewritten page under the devserver, N={r.reference:,}",
        "",
        "| | median (min–max) | edits |",
        "|---|---|---|",
        f"| the devserver's first build | {f'{e.first_build:.2f} s' if e.first_build else '—'} | |",
        f"| save → the edited briefing's page holds the edit | {edit.fmt() if edit else '—'} | {len(e.to_page)} |",
        f"| save → Pelican reports the rebuild finished | "
        f"{Spread.of(e.to_done).fmt() if e.to_done else '—'} | {len(e.to_done)} |",
    ]
    if e.failures:
        out += ["", "Failures: " + "; ".join(e.failures)]
    out += [
        "",
        "## 3. Scaling: cold build time and peak memory",
        "",
        "| N | site | wall | CPU | CPU per article | peak | build's own (no Pagefind) | largest process "
        "| peak by process |",
        "|---:|---|---|---|---:|---|---|---|---|",
    ]
    for s in r.sizes:
        if not s.complete:
            out.append(f"| {s.n:,} | failed | {'; '.join(s.errors)} | | | | | | |")
            continue
        for name in SITES:
            out.append(
                f"| {s.n:,} | {name} | {s.spread(name, 'wall').fmt()} | {s.spread(name, 'cpu').fmt()} "
                f"| {1000 * s.spread(name, 'cpu').median / s.n:.1f} ms | {s.spread(name, 'peak_mb').fmt('MB', 0)} "
                f"| {s.spread(name, 'own_mb').fmt('MB', 0)} "
                f"| {s.spread(name, 'largest_mb').fmt('MB', 0)} | {s.by_command(name)} |"
            )
        out.append(f"| {s.n:,} | project ÷ stock | {s.ratios('wall').fmt('×')} | {s.ratios('cpu').fmt('×')} | | | | | |")
    out += [
        "",
        f"Added time per article between sizes, project: CPU {_steps(r.marginal('cpu'))}; "
        f"wall {_steps(r.marginal('wall'))}.",
        "",
        "## 4. Importer throughput, search index and boxes",
        "",
        "**Importer.** " + r.importer,
        "",
        "**Search index.** " + r.search,
        "",
        "**Boxes.** " + getattr(r, "boxes", "Not measured in this run."),
        "",
        "## 5. Publishing often: `make publish` after one new briefing",
        "",
        *_publish_section(r),
        "",
        f"## Profile of one project build at N={r.reference:,}",
        "",
        r.profile or "Not profiled.",
        "",
        "Raw statistics: `bench/work/profile.pstats` (open with `python -m pstats`).",
        "",
        "## How these were measured",
        "",
        "- Both sites are built with the command `make html` runs (`pelican content -o output -s "
        "pelicanconf.py`) in folders under `bench/work/`: the project from a snapshot of this checkout "
        "(settings, theme, plugins, `briefing/`, content but briefings), stock Pelican with the settings "
        "`pelican-quickstart` writes by default (author, pagination 10), `TYPOGRIFY = True`, its default "
        "feeds with a `FEED_DOMAIN`, the default theme and no plugins. Both read the same Markdown bodies; "
        "the project's posts carry YAML front matter and boxes, stock's carry `Title:`/`Date:`/`Category:`/"
        "`Tags:` metadata.",
        "- Every build is cold: no output folder, no cache. Each size alternates the sites (project first "
        "in odd runs, stock first in even ones); a build must exit 0 and report the expected number of "
        "articles, or it does not count.",
        "- Wall time from start to exit of the process; CPU from `wait4` (the build and the processes it "
        "waited for, such as the search indexer); memory from `wait4` (largest process, resident size) "
        "and from the sum of proportional set sizes (`/proc/<pid>/smaps_rollup`) over the process tree "
        "sampled every 200 ms (peak).",
        "- The devserver benchmark runs `pelican -lr` as `make devserver` does, on a snapshot with the "
        "corpus; after its first build it appends a sentence with a unique token to one briefing at a "
        "time and polls that briefing's page every 25 ms until the page holds the token.",
        "- The profile runs the same cold build under `python -m cProfile`.",
    ]
    return "\n".join(out) + "\n"
