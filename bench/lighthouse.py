"""Lighthouse over a production build of the site, served on 127.0.0.1: scores per page, written to bench/.

    python -m bench.lighthouse [--port 8765] [--runs 1]      (make lighthouse)

Builds the repository's content with publishconf, its public address set to
the local server's (so canonical links and robots.txt agree with the host
Lighthouse sees), serves it with `make serve`'s server, and runs npm's
Lighthouse (package.json) in Debian's Chromium with its default mobile
settings on one page of each kind. Writes bench/LIGHTHOUSE.md and
bench/lighthouse.json; exits 1 when a page misses the targets (100 in
accessibility, best practices and SEO, 95 in performance, no console error).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def pages(site: Path) -> dict[str, str]:
    """One address of each kind of page in the built site."""
    issue = sorted((site / "newsletter").glob("*/index.html"))[-1].parent.name
    briefing = sorted((site / "2025").glob("*/index.html"))[0].parent.name
    return {
        "home": "/",
        "briefing": f"/2025/{briefing}/",
        "section": "/section/processing/",
        "tag": "/tag/prices/",
        "element hub": "/element/dysprosium/",
        "search": "/search/?q=dysprosium",
        "subscribe": "/subscribe/",
        "newsletter issue": f"/newsletter/{issue}/",
    }


def build(output: Path, siteurl: str) -> Path:
    env = {**os.environ, "BRIEFING_SITEURL": siteurl}
    subprocess.run(
        [sys.executable, "-m", "briefing.publish", "content", "-o", str(output), "-s", "publishconf.py", "--no-cache"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    return output


def lighthouse(url: str, report: Path) -> dict:
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True, timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES}
    console = data["audits"]["errors-in-console"]["details"].get("items", [])
    failed = sorted(
        audit_id for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    )
    return {**scores, "console_errors": len(console), "failed_audits": failed,
            "cls": data["audits"]["cumulative-layout-shift"]["numericValue"],
            "lcp_ms": round(data["audits"]["largest-contentful-paint"]["numericValue"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765, help="port of the local server (default 8765)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} is missing: run `npm ci` (package.json lists lighthouse)")
    sys.path.insert(0, str(ROOT))
    from briefing.serve import make_server

    siteurl = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        site = build(Path(scratch) / "output", siteurl)
        server = make_server(site, "127.0.0.1", args.port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        results = {}
        try:
            for kind, path in pages(site).items():
                results[kind] = {"path": path, **lighthouse(siteurl + path, Path(scratch) / "report.json")}
                print(kind, results[kind], flush=True)
        finally:
            server.shutdown()
            server.server_close()
    (HERE / "lighthouse.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    lines = ["# Lighthouse", "", "Lighthouse 12 (npm), Debian Chromium, default mobile settings, a production build served",
             "on 127.0.0.1 by `make serve`'s server (no compression). Written by `make lighthouse`.", "",
             "| page | performance | accessibility | best practices | SEO | console errors | CLS | LCP |",
             "|---|---|---|---|---|---|---|---|"]
    for kind, r in results.items():
        lines.append(f"| {kind} (`{r['path']}`) | {r['performance']} | {r['accessibility']} | {r['best-practices']} "
                     f"| {r['seo']} | {r['console_errors']} | {r['cls']:.3f} | {r['lcp_ms']} ms |")
    (HERE / "LIGHTHOUSE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    missed = [k for k, r in results.items() if r["console_errors"] or any(r[c] < t for c, t in TARGETS.items())]
    if missed:
        print("below target:", ", ".join(missed), file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
