"""Named points at which a process kills itself, for tests that show a crash there loses nothing.

`make publish` must leave a whole output/ and nothing it cannot clean up,
whenever it is killed (kill -9, a power cut). A test cannot time a signal to
land between two renames, so the code names its steps and, when the
environment variable below names one, the process sends itself SIGKILL
there. Unset (always, outside those tests) it does nothing.
"""

from __future__ import annotations

import os
import signal

#: The environment variable naming the step to die at.
CRASH_AT = "BRIEFING_PUBLISH_CRASH_AT"


def crash_point(step: str) -> None:
    if os.environ.get(CRASH_AT) == step:
        os.kill(os.getpid(), signal.SIGKILL)
