"""CI fails a suite that skips a test or expects one to fail; a developer's run only reports them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.sitebuild import ROOT

SUITE = '''
import pytest

pytest.importorskip("a_module_nobody_installed")
'''
TESTS = '''
import pytest

def test_runs():
    assert True

def test_skipped():
    pytest.skip("java is missing")

@pytest.mark.skipif(True, reason="no chromium here")
def test_skipped_by_mark():
    pass

@pytest.mark.xfail(reason="known bug")
def test_expected_to_fail():
    assert False

@pytest.mark.xfail(reason="fixed since")
def test_expected_to_fail_but_passes():
    assert True
'''


def run_suite(tmp_path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_mixed.py").write_text(TESTS)
    (tmp_path / "test_needs_a_module.py").write_text(SUITE)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **({"CI": ci} if ci is not None else {})}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.strict_ci", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors",
                           "--rootdir", str(tmp_path), str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True)


@pytest.mark.parametrize("ci", ["true", "1"])
def test_under_ci_every_skip_and_xfail_is_a_failure(tmp_path, ci):
    result = run_suite(tmp_path, ci)
    assert result.returncode == 1, result.stdout
    summary = result.stdout.strip().splitlines()[-1]
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}
    # a skip in a test's body fails it, one in its set-up (a skipif mark) or collection is an error
    assert counts.get("passed") == 1 and counts.get("failed", 0) + counts.get("errors", 0) == 5, summary
    assert "skipped" not in summary and "xfail" not in summary and "xpass" not in summary
    assert "skipped under CI, where every test must run: java is missing" in result.stdout


def test_outside_ci_skips_stay_skips(tmp_path):
    result = run_suite(tmp_path, None)
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout
    assert "1 passed" in summary and "3 skipped" in summary and "1 xfailed" in summary and "1 xpassed" in summary
