"""Where a project build spends its time: cProfile of one build, summarised by phase.

The build profiled is ``make html``'s own command, run under ``python -m
cProfile`` in a snapshot of the project. The summary answers the questions an
optimisation starts from: how much is reading (YAML, Markdown, typogrify, the
boxes), how much is writing (templates, feeds, files), and which functions
dominate. cProfile slows pure-Python code with many small calls (Markdown,
smartypants) more than code in C, so shares are a guide, not a stopwatch.
"""

from __future__ import annotations

import pstats
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .measure import Run, measure
from .sites import Site, child_env

Key = tuple[str, int, str]


def profile_build(site: Site, stats_file: Path, log: Path) -> Run:
    """Build ``site`` cold under cProfile, writing the raw statistics to ``stats_file``."""
    site.clean()
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *site.build_command()]
    return measure(command, site.folder, log, env=child_env())


@dataclass(frozen=True)
class Fn:
    """Functions whose file path ends with ``path`` and whose name is ``name``."""

    path: str
    name: str

    def __call__(self, key: Key) -> bool:
        return key[2] == self.name and key[0].replace("\\", "/").endswith(self.path)


@dataclass(frozen=True)
class Edge:
    """Calls of ``callee`` made directly from ``caller``: the callee's time on that path only."""

    callee: Callable[[Key], bool]
    caller: Callable[[Key], bool]


def _any(*fns: Fn) -> Callable[[Key], bool]:
    return lambda key: any(fn(key) for fn in fns)


_MD_CONVERT = Fn("markdown/core.py", "convert")
_TYPOGRIFY = Fn("typogrify/filters.py", "typogrify")
_RUN = Fn("pelican/__init__.py", "run")
_PELICAN_GENERATORS = "pelican/generators.py"


def _other_generator(key: Key) -> bool:
    """A generator of this project's (the newsletter's, say) rather than one of Pelican's."""
    return key[2] in ("generate_context", "generate_output") and not key[0].endswith(_PELICAN_GENERATORS)


#: What the rest of Pelican.run is: whatever its depth-1 rows leave out.
REST = "rest"

#: (label, depth, what to add up). Rows nest by depth; a row's time includes its children's.
#: A row whose functions did not run at all is left out of the table.
PHASES: list[tuple[str, int, Callable[[Key], bool] | Edge | str | None]] = [
    ("Whole build (Pelican.run)", 0, _RUN),
    ("Reading: Pelican's generators (generate_context)", 1, Fn(_PELICAN_GENERATORS, "generate_context")),
    ("Readers.read_file (every post and page)", 2, Fn("pelican/readers.py", "read_file")),
    ("YAML front matter (yaml.safe_load)", 3, Fn("yaml_metadata.py", "_load_yaml_metadata")),
    ("Markdown of bodies", 3, Edge(_MD_CONVERT, _any(Fn("yaml_metadata.py", "read"), Fn("pelican/readers.py", "read")))),
    ("Pelican's typogrify of body, title, summary", 3, Fn("pelican/readers.py", "typogrify_wrapper")),
    ("Boxes plugin (content_object_init)", 3, Fn("briefing_boxes/__init__.py", "_attach")),
    ("front matter validated (schema.validate)", 4, Fn("briefing/schema.py", "validate")),
    ("Markdown of box fields (incl. sanitising)", 4, Fn("briefing/markdown_fields.py", "block")),
    ("nh3 sanitising", 5, Fn("briefing/safety.py", "sanitise")),
    ("typogrify of boxes", 4, Fn("briefing/typography.py", "apply")),
    ("Writing: Pelican's generators (generate_output)", 1, Fn(_PELICAN_GENERATORS, "generate_output")),
    ("feeds (generate_feeds)", 2, Fn(_PELICAN_GENERATORS, "generate_feeds")),
    ("Pelican's Writer.write_feed", 3, Fn("pelican/writers.py", "write_feed")),
    ("the project's feed writer (every call, the newsletter's feed too)", 3,
     Fn("briefing/feeds/writer.py", "write_feed")),
    ("pages of articles (generate_pages)", 2, Fn(_PELICAN_GENERATORS, "generate_pages")),
    ("article pages (generate_articles)", 3, Fn(_PELICAN_GENERATORS, "generate_articles")),
    ("drafts (generate_drafts)", 3, Fn(_PELICAN_GENERATORS, "generate_drafts")),
    ("index, archives, sections and tags lists (generate_direct_templates)", 3,
     Fn(_PELICAN_GENERATORS, "generate_direct_templates")),
    ("tag pages (generate_tags)", 3, Fn(_PELICAN_GENERATORS, "generate_tags")),
    ("section pages (generate_categories)", 3, Fn(_PELICAN_GENERATORS, "generate_categories")),
    ("author pages (generate_authors)", 3, Fn(_PELICAN_GENERATORS, "generate_authors")),
    ("period archives (generate_period_archives)", 3, Fn(_PELICAN_GENERATORS, "generate_period_archives")),
    ("The project's own generators (newsletter, ...)", 1, Edge(_other_generator, _RUN)),
    ("Signals after writing (plugins' finishing work)", 1, Edge(Fn("blinker/base.py", "send"), _RUN)),
    ("search index (Pagefind over the records, after writing)", 2, Fn("briefing/search.py", "finish")),
    ("Rest of Pelican.run", 1, REST),
    ("Across all phases", 0, None),
    ("all Markdown conversion", 1, _MD_CONVERT),
    ("all typogrify", 1, _TYPOGRIFY),
    ("smartypants, within typogrify", 2, Fn("smartypants.py", "smartypants")),
    ("Jinja template rendering (Template.render)", 1, Fn("jinja2/environment.py", "render")),
    ("content with links resolved (Content.get_content)", 1, Fn("pelican/contents.py", "get_content")),
    ("summaries cut from content (Content.get_summary)", 1, Fn("pelican/contents.py", "get_summary")),
    ("file writes (open, write)", 1, lambda key: key[0] == "~" and key[2] in (
        "<built-in method io.open>", "<method 'write' of '_io.TextIOWrapper' objects>")),
]


def _package(key: Key) -> str:
    """Which part of the stack a function's own time belongs to."""
    path, _, name = key
    path = path.replace("\\", "/")
    if path == "~":
        builtin_rules = [
            ("nh3", "nh3 (sanitiser, C)"),
            ("re.Pattern", "regular expressions"),
            ("re.Match", "regular expressions"),
            ("_sre", "regular expressions"),
            ("select.", "waiting for subprocesses (search index)"),
            ("_io.", "file system calls"),
            ("io.open", "file system calls"),
            ("posix.", "file system calls"),
            ("marshal.", "start-up (imports)"),
            ("builtins.compile", "start-up (imports)"),
            ("__build_class__", "start-up (imports)"),
        ]
        return next((label for part, label in builtin_rules if part in name), "other built-ins")
    rules = [
        ("/markdown/", "Markdown"),
        ("/smartypants.py", "typogrify + smartypants"),
        ("/typogrify/", "typogrify + smartypants"),
        ("/jinja2/", "Jinja (runtime)"),
        ("/markupsafe/", "Jinja (runtime)"),
        ("/feedgenerator/", "feeds (feedgenerator, xml.sax)"),
        ("/xml/sax/", "feeds (feedgenerator, xml.sax)"),
        ("/yaml/", "YAML"),
        ("/briefing/", "this project (briefing/, plugins/)"),
        ("/briefing_", "this project (briefing/, plugins/)"),
        ("/pelican/", "Pelican"),
        ("/dateutil/", "dates (dateutil)"),
        ("/html/", "html.parser (Pelican's summaries)"),
        ("/re/", "regular expressions"),
        ("/urllib/", "URL parsing"),
        ("<frozen", "start-up (imports)"),
    ]
    for part, label in rules:
        if part in path:
            return label
    if path.endswith(".html") or "/templates/" in path:
        return "Jinja (compiled templates)"
    return "other Python"


#: Packages whose time is better told as time of whoever called them.
_PASSED_ON = frozenset({"regular expressions", "other built-ins", "other Python", "URL parsing"})


def _short(key: Key) -> str:
    path, line, name = key
    if path == "~":
        return name
    path = path.replace("\\", "/")
    path = re.sub(r"^.*/site-packages/", "", path)
    path = re.sub(r"^.*/bench/work/[^/]+/", "", path)
    return f"{path}:{line}({name})"


class Summary:
    def __init__(self, stats_file: Path):
        self.stats = pstats.Stats(str(stats_file)).stats  # key -> (cc, nc, tt, ct, callers)
        run = [k for k in self.stats if _RUN(k)]
        self.total = sum(self.stats[k][3] for k in run) or max(v[3] for v in self.stats.values())

    def cumulative(self, what: Callable[[Key], bool] | Edge) -> float:
        """Seconds spent in (and below) the functions ``what`` picks."""
        if isinstance(what, Edge):
            return sum(
                ct
                for key, (_, _, _, _, callers) in self.stats.items() if what.callee(key)
                for caller, (_, _, _, ct) in callers.items() if what.caller(caller)
            )
        return sum(v[3] for k, v in self.stats.items() if what(k))

    def share(self, seconds: float) -> str:
        return f"{100 * seconds / self.total:.1f}%"

    def matched(self, what: Callable[[Key], bool] | Edge) -> bool:
        callee = what.callee if isinstance(what, Edge) else what
        return any(callee(key) for key in self.stats)

    def phases(self) -> list[tuple[str, float | None]]:
        rows: list[tuple[str, float | None]] = []
        top_level = 0.0
        for label, depth, what in PHASES:
            indent = "&nbsp;&nbsp;" * (2 * depth)
            if what is None:
                seconds = None
            elif what == REST:
                seconds = max(self.total - top_level, 0.0)
            elif not self.matched(what):
                continue
            else:
                seconds = self.cumulative(what)
                top_level += seconds if depth == 1 else 0.0
            rows.append((indent + label, seconds))
        return rows

    def by_package(self) -> list[tuple[str, float]]:
        """Own time per package; regular expressions and built-ins count to the package calling them."""
        totals: dict[str, float] = defaultdict(float)
        memo: dict[Key, dict[str, float]] = {}
        for key, value in self.stats.items():
            for package, fraction in self._owners(key, memo, 0).items():
                totals[package] += value[2] * fraction
        return sorted(totals.items(), key=lambda kv: -kv[1])

    def _owners(self, key: Key, memo: dict[Key, dict[str, float]], depth: int) -> dict[str, float]:
        """Which packages a function's own time belongs to, as fractions adding up to 1."""
        if key in memo:
            return memo[key]
        package = _package(key)
        callers = self.stats[key][4] if key in self.stats else {}
        spent = sum(edge[2] for edge in callers.values())
        if package not in _PASSED_ON or depth > 6 or not spent:
            return {package: 1.0}
        memo[key] = {package: 1.0}  # a recursive call chain stops here
        owners: dict[str, float] = defaultdict(float)
        for caller, edge in callers.items():
            for owner, fraction in self._owners(caller, memo, depth + 1).items():
                owners[owner] += fraction * edge[2] / spent
        memo[key] = dict(owners)
        return memo[key]

    def top(self, column: int, count: int) -> list[tuple[str, int, float, float]]:
        """Functions by own time (column 2) or cumulative time (column 3)."""
        skip = ("<module>", "<built-in method builtins.exec>", "main", "run_module", "_run_code",
                "_run_module_code", "runctx", "run")
        rows = sorted(self.stats.items(), key=lambda kv: -kv[1][column])
        picked = [(k, v) for k, v in rows if column == 2 or k[2] not in skip][:count]
        return [(_short(k), v[1], v[2], v[3]) for k, v in picked]

    def markdown(self) -> str:
        lines = [
            f"Profiled build: {self.total:.1f} s under cProfile (slower than unprofiled).",
            "",
            "| phase (rows nest; a row includes the rows under it) | cumulative | share |",
            "|---|---:|---:|",
        ]
        for label, seconds in self.phases():
            lines.append(f"| {label} | | |" if seconds is None else
                         f"| {label} | {seconds:.2f} s | {self.share(seconds)} |")
        packages = self.by_package()
        whole = sum(seconds for _, seconds in packages)
        lines += ["", "Own time by package, over the whole profiled process; regular expressions, "
                  "built-ins and other small helpers count to the package that called them:", "",
                  "| package | own time | share |", "|---|---:|---:|"]
        for package, seconds in packages:
            lines.append(f"| {package} | {seconds:.2f} s | {100 * seconds / whole:.1f}% |")
        lines += ["", "Top functions by cumulative time:", "",
                  "| function | calls | own | cumulative |", "|---|---:|---:|---:|"]
        for name, calls, own, cum in self.top(3, 25):
            lines.append(f"| `{name}` | {calls} | {own:.2f} s | {cum:.2f} s |")
        lines += ["", "Top functions by own time:", "",
                  "| function | calls | own | cumulative |", "|---|---:|---:|---:|"]
        for name, calls, own, cum in self.top(2, 15):
            lines.append(f"| `{name}` | {calls} | {own:.2f} s | {cum:.2f} s |")
        return "\n".join(lines)
