"""Under CI (``CI=true``) a test that does not run is a failure: skips and expected failures fail.

A skipped check proves nothing, and CI is where a missing tool (Java, Chromium,
nginx) would otherwise hide behind a skip. Locally, skips stay skips, so a
developer without one of those tools can still run the rest. Hooks for
tests/conftest.py, kept here so that a test can run them on a suite of its own.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _reason(longrepr) -> str:
    return str(longrepr[2] if isinstance(longrepr, tuple) else longrepr).removeprefix("Skipped: ")


def _fail(report, what: str, reason: str) -> None:
    report.outcome = "failed"
    report.longrepr = f"{what} under CI, where every test must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not in_ci():
        return
    if hasattr(report, "wasxfail"):
        reason = report.wasxfail or "marked xfail"
        del report.wasxfail
        _fail(report, "expected to fail", reason)
    elif report.skipped:
        _fail(report, "skipped", _reason(report.longrepr))


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped:
        _fail(report, "skipped", _reason(report.longrepr))
