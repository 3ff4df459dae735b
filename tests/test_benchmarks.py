"""The benchmark scripts: their command lines start; no module of theirs or of the package outgrows 400 lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
MAX_LINES = 400


@pytest.mark.parametrize(("script", "options"), [
    ("bench.py", ["--mode", "--pages", "--compare-package", "--write-results"]),
    ("scale.py", ["--only", "--quick", "--rev", "--bench-py", "--write"]),
])
def test_help(script: str, options: list[str]) -> None:
    # Run from elsewhere, as a user would: the script must find its package beside it.
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), "--help"], capture_output=True, text=True,
                            cwd=BENCHMARKS.parent.parent, env={**os.environ, "COLUMNS": "120"}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"usage: {script} ")
    for option in options:
        assert f"  {option}" in result.stdout, option
    assert "Examples:" in result.stdout  # the module docstring's details, as the epilog


def test_modules_are_small() -> None:
    # benchmarks/_work (git-ignored) holds the runs' copies of the package, not benchmark code.
    modules = [path for path in BENCHMARKS.rglob("*.py") if "_work" not in path.relative_to(BENCHMARKS).parts]
    assert len(modules) >= 20  # the scripts, aiglossbench and aiglossbench/scale
    package = sorted((BENCHMARKS.parent / "sphinx_aigloss").rglob("*.py"))  # the package's modules too
    assert len(package) >= 40
    lengths = {str(path.relative_to(BENCHMARKS.parent)): len(path.read_text(encoding="utf-8").splitlines())
               for path in modules + package}
    assert {name: lines for name, lines in lengths.items() if lines > MAX_LINES} == {}
