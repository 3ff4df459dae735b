"""The package's scripts type-check: TypeScript's ``tsc --checkJs`` over their JSDoc types.

TypeScript comes from npm (package.json, installed by ``npm ci`` in tools/test.sh). Never
skipped: without node_modules the test fails.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
STATIC = ROOT / "sphinx_aigloss" / "static"
SCRIPT = STATIC / "aigloss.js"
pytestmark = pytest.mark.frontend  # Node checks the scripts: the same on every Python and Sphinx

TSC = ROOT / "node_modules" / ".bin" / "tsc"
# Strict, for the browsers the script targets; no emit, no tsconfig (the file names its checks).
OPTIONS = ["--noEmit", "--allowJs", "--checkJs", "--strict", "--noUnusedLocals", "--noUnusedParameters",
           "--noImplicitReturns", "--noFallthroughCasesInSwitch", "--target", "es2022",
           "--lib", "es2022,dom,dom.iterable"]


def tsc(path: Path) -> subprocess.CompletedProcess[str]:
    assert TSC.exists(), f"{TSC} is missing: run npm ci (tools/test.sh does)"
    return subprocess.run([str(TSC), *OPTIONS, str(path)], capture_output=True, text=True, timeout=300,
                          check=False, cwd=ROOT)


@pytest.mark.parametrize("name", ["aigloss.js", "aigloss-glossary.js", "aigloss-search.js"])
def test_script_type_checks(name: str) -> None:
    script = STATIC / name
    assert script.read_text(encoding="utf-8").startswith("// @ts-check\n")
    result = tsc(script)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_script_is_checked() -> None:
    scripts = ["aigloss-glossary.js", "aigloss-search.js", "aigloss.js"]
    assert sorted(path.name for path in STATIC.glob("*.js")) == scripts


def test_the_check_catches_a_type_error(tmp_path: Path) -> None:
    """The same check fails on the script with one wrong type in it (a string where the
    placement wants a number), so a pass above means something."""
    source = SCRIPT.read_text(encoding="utf-8")
    broken = source.replace("place(anchor, card.getBoundingClientRect(), view,", 'place(anchor, "wide", view,', 1)
    assert broken != source
    path = tmp_path / "aigloss.js"
    path.write_text(broken, encoding="utf-8")
    result = tsc(path)
    assert result.returncode != 0
    assert "error TS2345" in result.stdout, result.stdout
