"""The Nu Html Checker (npm's vnu-jar) over built files, less what checking from file: URLs invents.

Every page carries its own Content-Security-Policy (``'self'`` for styles and
scripts). Read from a file: URL a page has no origin, so the checker reports
the page's own stylesheet as blocked by the policy, which no browser does for
a served page; it refuses to fetch from 127.0.0.1, so pages are checked as
files and those reports (a relative URL blocked) are dropped. A resource of
another host blocked, or an inline style or script, is still reported.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import VNU_JAR

_OWN_RESOURCE_BLOCKED = re.compile(
    r"Resource violates Content Security Policy \(meta tag\): external \w+ “(?![a-z][a-z0-9+.-]*:)(?!//)[^”]*” blocked"
)


def vnu(java: str, *arguments: str) -> tuple[list[dict[str, Any]], subprocess.CompletedProcess]:
    """The checker's messages (JSON) about ``arguments`` (options and files), and the finished process."""
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", *arguments], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    kept = [m for m in messages if not (m.get("url", "").startswith("file:") and _OWN_RESOURCE_BLOCKED.match(m["message"]))]
    return kept, result


def nu_problems(java: str, pages: list[Path]) -> str:
    """What the checker finds wrong in ``pages`` (errors, warnings), one line each; empty when nothing."""
    messages, result = vnu(java, *map(str, pages))
    problems = [m for m in messages if m["type"] == "error" or m.get("subType") in ("fatal", "warning")]
    lines = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in problems]
    if not lines and result.returncode != 0:
        lines.append(result.stderr[-2000:])
    return "\n".join(lines)
