"""The package's scripts type-check: TypeScript's ``tsc --checkJs`` over their JSDoc types.

TypeScript comes from npm (package.json, installed by ``npm ci`` in tools/test.sh). Never
skipped: without node_modules the test fails.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
STATIC = ROOT / "sphinx_aigloss" / "static"
pytestmark = pytest.mark.frontend  # Node checks the scripts: the same on every Python and Sphinx

TSC = ROOT / "node_modules" / ".bin" / "tsc"
# Strict, for the browsers the script targets; no emit.
OPTIONS = {"noEmit": True, "allowJs": True, "checkJs": True, "strict": True, "noUnusedLocals": True,
           "noUnusedParameters": True, "noImplicitReturns": True, "noFallthroughCasesInSwitch": True,
           "target": "es2022", "lib": ["es2022", "dom", "dom.iterable"]}
SCRIPTS = ["aigloss.js", "aigloss-glossary.js", "aigloss-search.js"]
#: aigloss.js with one wrong type in it (a string where the placement wants a number).
BROKEN = ("place(anchor, card.getBoundingClientRect(), view,", 'place(anchor, "wide", view,')


@pytest.fixture(scope="module")
def errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """tsc's error lines for each script and for ``broken.js``, a copy of aigloss.js with the
    wrong type in it. Each file is a project of its own, checked alone (as a page that loads
    only it); ``tsc --build`` checks the four in one run: Node starts, and TypeScript reads the
    DOM's types, once instead of four times."""
    assert TSC.exists(), f"{TSC} is missing: run npm ci (tools/test.sh does)"
    folder = tmp_path_factory.mktemp("tsc")
    source = (STATIC / "aigloss.js").read_text(encoding="utf-8")
    assert BROKEN[0] in source
    files = {name: (STATIC / name).read_text(encoding="utf-8") for name in SCRIPTS}
    files["broken.js"] = source.replace(*BROKEN, 1)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps({"compilerOptions": OPTIONS, "files": [name]}),
                                             encoding="utf-8")
    result = subprocess.run([str(TSC), "--build", *(f"{name}.json" for name in files)], capture_output=True,
                            text=True, timeout=300, check=False, cwd=folder)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "error TS" in line]
    found = {name: [line for line in lines if line.startswith(f"{name}(")] for name in files}
    assert sum(map(len, found.values())) == len(lines), lines  # every error is one file's
    assert (result.returncode != 0) == bool(lines), result.stdout + result.stderr
    return found


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_type_checks(errors: dict[str, list[str]], name: str) -> None:
    assert (STATIC / name).read_text(encoding="utf-8").startswith("// @ts-check\n")
    assert errors[name] == []


def test_every_script_is_checked() -> None:
    assert sorted(path.name for path in STATIC.glob("*.js")) == sorted(SCRIPTS)


def test_the_check_catches_a_type_error(errors: dict[str, list[str]]) -> None:
    """The same check fails on the script with one wrong type in it, so a pass above means something."""
    assert [line.split(": ")[1] for line in errors["broken.js"]] == ["error TS2345"], errors["broken.js"]
