"""What the editor sees: a line per input, warnings under it, a summary, a progress bar.

Lines go to standard output as each input finishes, so a long import shows
its progress even when piped, and the drafts the run wrote are listed at the end
with what each needs; the bar (standard error, terminals only) is for
runs of more than a few inputs. Text from inputs is printed as text, never
as console markup, since file names and articles may contain brackets.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

IMPORTED = "imported"
SKIPPED = "skipped"
FAILED = "failed"
_STYLES = {IMPORTED: "green", SKIPPED: "yellow", FAILED: "bold red"}
#: More inputs than this get a progress bar.
PROGRESS_FROM = 5


@dataclass
class Outcome:
    status: str
    label: str
    #: The post's path when imported, else why it was skipped or failed.
    detail: str
    warnings: list[str] = field(default_factory=list)
    #: In a dry run, the post that would have been written.
    post: str | None = None
    #: A draft's review items: what the editor must still do before it may be published.
    review: list[str] = field(default_factory=list)


class Reporter:
    def __init__(self, dry_run: bool = False, out: Console | None = None, err: Console | None = None):
        self.dry_run = dry_run
        self.out = out or Console(file=sys.stdout, soft_wrap=True, highlight=False)
        self.err = err or Console(file=sys.stderr, soft_wrap=True, highlight=False)
        self.counts: Counter[str] = Counter()
        self.drafts: list[Outcome] = []
        self._progress: Progress | None = None
        self._task = None

    def start(self, total: int) -> None:
        if total > PROGRESS_FROM and self.err.is_terminal:
            self._progress = Progress(
                TextColumn("importing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.err,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("import", total=total)

    def note(self, message: str) -> None:
        """A word about the run itself (not about an input), on standard error."""
        self.err.print(Text(message))

    def advance(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == IMPORTED and outcome.review:
            self.drafts.append(outcome)
        status = "would import" if self.dry_run and outcome.status == IMPORTED else outcome.status
        line = Text.assemble((f"{status:<9}", _STYLES[outcome.status]), " ", outcome.label, " \u2192 ", outcome.detail)
        self.out.print(line)
        for warning in outcome.warnings:
            self.out.print(Text.assemble("    ", ("warning:", "yellow"), " ", warning))
        if outcome.post is not None:
            self.out.print(Text("".join(f"    {line}\n" for line in outcome.post.splitlines()).rstrip("\n"), style="dim"))

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
        imported, skipped, failed = (self.counts[s] for s in (IMPORTED, SKIPPED, FAILED))
        if self.dry_run:
            summary = f"dry run: {imported} would be imported, {skipped} skipped, {failed} failed; nothing was written"
        else:
            summary = f"{imported} imported, {skipped} skipped, {failed} failed"
        self.out.print(Text(summary, style="bold"))
        self._list_drafts()

    def _list_drafts(self) -> None:
        """Every draft of the run and what it needs, so the editor's review starts from one list."""
        if not self.drafts:
            return
        count = len(self.drafts)
        verb = "would be drafts" if self.dry_run else ("is a draft" if count == 1 else "are drafts")
        posts = "post" if count == 1 else "posts"
        self.out.print(Text(f"{count} {posts} {verb} to review before publishing (status: draft, see review:):"))
        for outcome in self.drafts:
            self.out.print(Text.assemble("    ", outcome.detail, ": ", ", ".join(outcome.review)))

    @property
    def exit_code(self) -> int:
        """0 when nothing failed, 1 when any input failed (the others were still imported)."""
        return 1 if self.counts[FAILED] else 0
