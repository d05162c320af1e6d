"""One import run: every input read, repaired, converted, written and reported in turn.

An input that fails never stops the run: the editor gets its reason on its own
line and the other inputs are still imported. Even an unexpected error is
caught per input and reported as one, since losing the rest of a batch to
one odd file would be worse than the odd file itself.

Converting is pure and may run in worker processes; writing stays in this
process, in input order, so names are claimed and re-imports recognised
exactly as if everything ran here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..checker import read_archive
from ..cli_support import shown
from ..duplicates import DUPLICATE_RULES, Archive, Story
from ..post import split_front_matter
from . import inputs
from .convert import Conversion, Converter, Overrides
from .errors import ImportFailure
from .formats import check_size, read_articles
from .metadata import CategoryRules
from .repair import repair
from .report import FAILED, IMPORTED, SKIPPED, Outcome, Reporter
from .sources import SourceRules
from .tagging import Gazetteer
from .writer import AlreadyImported, PostStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportConfig:
    """What a run needs from the site's settings and the command line."""

    out: Path
    sections: tuple[str, ...]
    timezone: str = "UTC"
    slug_substitutions: tuple[tuple[str, str], ...] = ()
    dry_run: bool = False
    force: bool = False
    overrides: Overrides = Overrides()
    encoding: str | None = None
    #: BRIEFING_STYLE's thresholds for a likely duplicate (see briefing/duplicates.py).
    duplicate_rules: tuple[tuple[str, float], ...] = ()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], out: Path | None = None, **options: Any) -> ImportConfig:
        """Read the sections, time zone and slug rules from Pelican settings, so none is repeated."""
        sections = tuple(settings.get("BRIEFING_SECTIONS") or ())
        if not sections:
            raise ValueError("the settings define no BRIEFING_SECTIONS to put briefings in")
        default_out = Path(settings["PATH"]) / settings.get("BRIEFING_DIR", "briefings")
        return cls(
            out=out or default_out,
            sections=sections,
            timezone=settings.get("TIMEZONE") or "UTC",
            slug_substitutions=tuple(tuple(s) for s in settings.get("SLUG_REGEX_SUBSTITUTIONS") or ()),
            duplicate_rules=tuple((k, float(v)) for k, v in (settings.get("BRIEFING_STYLE") or {}).items()
                                  if k in DUPLICATE_RULES),
            **options,
        )


@dataclass
class Prepared:
    """An article converted (or failed) in the pure stage of the import, before touching the disk."""

    label: str
    import_id: str = ""
    conversion: Conversion | None = None
    outcome: Outcome | None = None  # set when the input ends here (skipped or failed)


class Preparer:
    """Reading, repairing and converting: everything about an input that needs no other input.

    Kept apart from writing so it can run in worker processes: on a big batch
    the conversion is where the time goes, and the machine has more than one core.
    """

    def __init__(self, config: ImportConfig, today: dt.date | None = None):
        self.config = config
        self.today = today
        self.converter = Converter(
            config.sections,
            config.timezone,
            config.slug_substitutions,
            CategoryRules.load(config.sections),
            Gazetteer.load(),
            SourceRules.load(),
        )

    def prepare(self, item: inputs.Input) -> list[Prepared]:
        if item.skip_reason:
            return [Prepared(item.label, outcome=Outcome(SKIPPED, item.label, item.skip_reason))]
        try:
            text = inputs.decode(item.read(), self.config.encoding)
            check_size(text)
            articles = read_articles(repair(text), item.label)
        except Exception as error:  # noqa: BLE001 - one odd input must not end the run
            return [Prepared(item.label, outcome=_failed(item.label, error))]
        prepared = []
        for article in articles:
            try:
                conversion = self.converter.convert(article, self.config.overrides, self.today)
            except Exception as error:  # noqa: BLE001 - one odd input must not end the run
                prepared.append(Prepared(article.label, outcome=_failed(article.label, error)))
            else:
                prepared.append(Prepared(article.label, article.import_id, conversion))
        return prepared


class Importer:
    #: From this many inputs on, conversion runs in worker processes (one per core).
    PARALLEL_FROM = 24

    def __init__(self, config: ImportConfig, today: dt.date | None = None):
        """``today`` fixes the date used for undated articles (tests); the data files load once here."""
        self.config = config
        self.today = today
        self.preparer = Preparer(config, today)
        self.store: PostStore | None = None
        self._archive: Archive | None = None

    @contextlib.contextmanager
    def _opened_store(self, reporter: Reporter) -> Iterator[None]:
        """The folder's posts, read (and, unless a dry run, locked) only once the run is ready to write."""
        if self.config.dry_run:
            self.store = PostStore(self.config.out)
            yield
            return
        waiting = lambda: reporter.note(f"waiting for another import into {shown(self.config.out)} to finish")  # noqa: E731
        with PostStore.locked(self.config.out, waiting) as store:
            self.store = store
            yield

    @property
    def archive(self) -> Archive:
        """The published briefings already in the output folder, read when the first post is placed."""
        if self._archive is None:
            rules = {"BRIEFING_STYLE": dict(self.config.duplicate_rules)}
            posts = sorted(self.config.out.rglob("*.md")) if self.config.out.is_dir() else []
            self._archive = read_archive(posts, self.config.out.parent, rules)
        return self._archive

    def flag_duplicate(self, conversion: Conversion, replaces: Path | None) -> Conversion:
        """A story the archive already covers becomes a draft whose review names the earlier briefing."""
        body = split_front_matter(conversion.post)[1]
        story = Story("", conversion.briefing.title, body, conversion.briefing.date.isoformat())
        earlier = replaces.resolve().relative_to(self.config.out.parent.resolve()).as_posix() if replaces else None
        matches = [m for m in self.archive.duplicates_of(story, earlier_only=False) if m.earlier.name != earlier]
        if not matches:
            return conversion
        match = matches[0]
        item = f"likely duplicate of {match.earlier.name} ({match.describe()})"
        briefing = replace(conversion.briefing, status="draft", review=[*conversion.briefing.review, item])
        warnings = [*conversion.warnings, f"{item}: imported as a draft"]
        return replace(conversion, briefing=briefing, post=briefing.to_markdown(body), warnings=warnings)

    def _remember(self, path: Path, conversion: Conversion) -> None:
        if conversion.briefing.status != "draft" and self._archive is not None:
            name = path.resolve().relative_to(self.config.out.parent.resolve()).as_posix()
            body = split_front_matter(conversion.post)[1]
            self._archive.add(Story(name, conversion.briefing.title, body, conversion.briefing.date.isoformat()))

    def run(self, sources: Sequence[str], reporter: Reporter) -> int:
        """Import every input named by ``sources``; the exit code (0, or 1 if any input failed)."""
        found = list(inputs.expand(list(sources)))
        with self._workers(len(found)) as pool:
            # Workers are forked here, before the progress bar starts a thread of its own.
            results = self._prepare_all(found, pool)
            with self._opened_store(reporter):
                reporter.start(len(found))
                for prepared in results:
                    for one in prepared:
                        reporter.add(self.place(one))
                    reporter.advance()
        reporter.finish()
        return reporter.exit_code

    @contextlib.contextmanager
    def _workers(self, count: int) -> Iterator[ProcessPoolExecutor | None]:
        """Worker processes (one per core) for a batch big enough to repay starting them."""
        workers = min(os.cpu_count() or 1, 4)
        if count < self.PARALLEL_FROM or workers < 2:
            yield None
            return
        try:
            pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(self.config, self.today))
        except (OSError, NotImplementedError) as err:
            log.debug("no worker processes, importing in this one: %s", err)
            yield None
            return
        try:
            yield pool
        finally:
            pool.shutdown(cancel_futures=True)

    def _prepare_all(self, found: list[inputs.Input], pool: ProcessPoolExecutor | None) -> Iterator[list[Prepared]]:
        if pool is None:
            return (self.preparer.prepare(item) for item in found)
        try:
            results = pool.map(_prepare_in_worker, found, chunksize=8)  # submits everything now
        except (OSError, BrokenProcessPool) as err:
            log.debug("worker processes failed to start, importing in this one: %s", err)
            return (self.preparer.prepare(item) for item in found)
        return self._collect(results, found)

    def _collect(self, results: Iterator[list[Prepared]], found: list[inputs.Input]) -> Iterator[list[Prepared]]:
        done = 0
        try:
            for prepared in results:
                done += 1
                yield prepared
        except BrokenProcessPool as err:
            # A worker died (killed, out of memory): finish the batch in this process.
            log.debug("a worker process died, importing the rest in this one: %s", err)
            for item in found[done:]:
                yield self.preparer.prepare(item)

    def place(self, prepared: Prepared) -> Outcome:
        """Write a prepared post (or, in a dry run, claim its name), and say what happened."""
        if prepared.outcome is not None:
            return prepared.outcome
        conversion = prepared.conversion
        try:
            date_prefix = conversion.briefing.date.strftime("%Y-%m-%d")
            plan = self.store.plan(prepared.import_id, date_prefix, conversion.slug, self.config.force)
            conversion = self.flag_duplicate(conversion, plan.replaces)
            if self.config.dry_run:
                self.store.claim(plan, prepared.import_id)
            else:
                self.store.write(plan, conversion.post, prepared.import_id)
            self._remember(plan.path, conversion)
        except AlreadyImported as already:
            return Outcome(SKIPPED, prepared.label, f"already imported as {shown(already.path)}")
        except Exception as error:  # noqa: BLE001 - one odd input must not end the run
            return _failed(prepared.label, error)
        warnings = list(conversion.warnings)
        if plan.backup is not None:
            verb = "would keep" if self.config.dry_run else "kept"
            warnings.append(f"replaced the earlier import; {verb} the old post as {shown(plan.backup)}")
        return Outcome(
            IMPORTED,
            prepared.label,
            shown(plan.path),
            warnings,
            post=conversion.post if self.config.dry_run else None,
            review=conversion.briefing.review,
        )


def _failed(label: str, error: Exception) -> Outcome:
    if isinstance(error, ImportFailure):
        return Outcome(FAILED, label, str(error))
    log.debug("importing %s", label, exc_info=error)
    return Outcome(FAILED, label, f"unexpected error ({type(error).__name__}: {error})")


_worker: Preparer | None = None


def _start_worker(config: ImportConfig, today: dt.date | None) -> None:
    global _worker
    _worker = Preparer(config, today)


def _prepare_in_worker(item: inputs.Input) -> list[Prepared]:
    assert _worker is not None
    return _worker.prepare(item)
