"""Running `make publish` the way an editor does, in a fresh process, into folders of a test's own."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import CONTENT, ROOT


def publish(output: Path, content: Path = CONTENT, siteurl: str = "https://briefs.test",
            **env: str) -> subprocess.CompletedProcess:
    """`python -m briefing.publish` (what `make publish` runs) with publishconf, in its own process.

    A process of its own, like the real command: Pelican's plugins and log
    filters are process-wide, so an in-process build would see the state of
    earlier ones. It runs with the usual umask (022), as from an editor's shell,
    and with ``env`` added to the environment; its publish cache is beside
    ``output``'s folder (which tests check holds nothing else), so tests never share one.
    """
    return subprocess.run(
        [sys.executable, "-m", "briefing.publish", str(content), "-o", str(output), "-s", "publishconf.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, umask=0o022,
        env={**os.environ, "BRIEFING_SITEURL": siteurl,
             "BRIEFING_PUBLISH_CACHE": str(output.parent.parent / f"{output.parent.name}-publish-cache"), **env},
    )


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes: equal digests, byte-for-byte equal trees."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
