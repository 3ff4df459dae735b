"""The scripts as served: ``_static`` gets them without comment lines (the package keeps its
comments and JSDoc types), the same bytes on every build, rewritten only when they change.

One small project (``tests/roots/test-search``: hover cards, a glossary, the search page) is
built twice in a row for the whole module; two page loads in Chromium run what was served.
"""

from __future__ import annotations

import gzip
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sphinx_aigloss.html import strip_comments
from tests.helpers import Once
from tests.util import MakeApp, copy_root, sphinx_run

STATIC = Path(__file__).parent.parent / "sphinx_aigloss" / "static"
SCRIPTS = ["aigloss.js", "aigloss-glossary.js", "aigloss-search.js"]
CARD_BUDGET = 5300  # bytes, gzipped at level 6 as a server sends it: issue 23's figure


@dataclass
class Served:
    static: Path
    first: dict[str, tuple[bytes, int]]  # name -> (content, mtime_ns) after the first build
    warnings: str


def serve(make_app: MakeApp, folder: Path) -> Served:
    """The search root built, then built again with nothing changed."""
    src = copy_root("search", folder / "src")
    app = sphinx_run(make_app, src)
    static = Path(app.outdir) / "_static"
    first = {name: ((static / name).read_bytes(), (static / name).stat().st_mtime_ns) for name in SCRIPTS}
    again = sphinx_run(make_app, src)  # incremental: nothing changed
    return Served(static, first, app.warning.getvalue() + again.warning.getvalue())


@pytest.fixture
def served(once: Once) -> Served:
    """The two builds of ``serve``, made once for the module."""
    return once.get("search", serve)


def test_strip_keeps_code_lines_whole() -> None:
    kept = 'const u = "http://x"; // c\n'
    assert strip_comments(kept) == kept
    assert strip_comments('const re = /\\/\\*x/; /* a */\n') == 'const re = /\\/\\*x/; /* a */\n'


def test_strip_drops_comment_lines_blocks_and_blank_lines() -> None:
    script = "// @ts-check\n/* one\n * two */\n(() => {\n\n  /** @param {string} a */\n  f(a);\n  // why\n})();\n"
    assert strip_comments(script) == "(() => {\n  f(a);\n})();\n"


def test_strip_keeps_a_block_that_code_follows() -> None:
    script = "const s = {\n  /** @type {number} */ n: 1,\n  /** a\n   * b */ m: 2,\n};\n"
    assert strip_comments(script) == script
    unclosed = "/* never closed\nf();\n"
    assert strip_comments(unclosed) == unclosed


def test_served_scripts_are_the_sources_without_comments(served: Served) -> None:
    assert served.warnings == ""
    for name in SCRIPTS:
        text = (served.static / name).read_text(encoding="utf-8")
        assert text == strip_comments((STATIC / name).read_text(encoding="utf-8")), name
        lines = text.splitlines()
        assert [line for line in lines if not line.strip() or line.lstrip().startswith(("//", "/*", "*"))] == []
        assert len(lines) < len((STATIC / name).read_text(encoding="utf-8").splitlines())
    # The served scripts still parse.
    for name in SCRIPTS:
        subprocess.run(["node", "--check", str(served.static / name)], check=True, timeout=60)


def test_card_script_within_its_budget(served: Served) -> None:
    size = len(gzip.compress((served.static / "aigloss.js").read_bytes(), compresslevel=6, mtime=0))
    assert size <= CARD_BUDGET, size


def test_rebuild_leaves_the_scripts_alone(served: Served) -> None:
    """Byte-identical, and not rewritten (same modification time): an incremental build is quiet."""
    for name in SCRIPTS:
        path = served.static / name
        assert (path.read_bytes(), path.stat().st_mtime_ns) == served.first[name], name


def test_browser_runs_the_served_scripts(served: Served, browser: Browser) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((served.static.parent / "index.html").as_uri())
        page.wait_for_load_state("load")
        sources = page.evaluate("[...document.scripts].map((s) => s.src).filter((s) => s.includes('aigloss'))")
        assert [src.split("?")[0].rsplit("/_static/", 1)[1] for src in sources] == ["aigloss.js",
                                                                                   "aigloss-glossary.js"]
        assert page.evaluate("[typeof aiglossFuncs.place, typeof aiglossGlossaryFuncs.fold]") == ["function",
                                                                                                 "function"]
        page.locator("a.aigloss-term").first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus (:focus-visible) shows the card
        page.locator("#aigloss-card").wait_for(state="visible", timeout=5000)
        page.goto((served.static.parent / "search.html").as_uri() + "?q=rlhf")
        page.wait_for_load_state("load")
        page.locator(".aigloss-search-card").first.wait_for(state="visible", timeout=5000)
    finally:
        page.close()
    # Sphinx's search fetches each result page for its summary, which file:// refuses: its own error.
    assert [error for error in errors if "fetch" not in error] == []
