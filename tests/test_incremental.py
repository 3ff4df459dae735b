"""Incremental builds equal fresh builds (PRODUCT §9): after each edit, a copy built
serially and one built with ``-j 2`` are compared with one fresh build of the edited project,
pages and warnings. The edits: pages and data (tests/test_build_modes.py's project), and what
automatic linking, the unlinked report, glossaries and maps depend on besides the pages: new
name forms, the category order, Graphviz (tests/roots/test-incremental)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.util.console import strip_colors

from sphinx_aigloss import matchable
from sphinx_aigloss.core.installed import forget_installed
from tests.test_build_modes import (
    DATA_EDITS,
    add_alias,
    add_page,
    add_term,
    change_data,
    drop_term,
    edit_data,
    edit_page,
    outputs,
    remove_glossary,
    remove_page,
    remove_term,
    rename_term,
    write_project,
    written,
)
from tests.util import ROOTS, MakeApp, sphinx_run, warnings

Edit = Callable[[Path], object]


class Step(NamedTuple):
    """What a fresh build of the project gives after an edit: its warnings and its pages."""

    warnings: list[str]
    pages: dict[str, str]


def incremental_equals_fresh(make_app: MakeApp, tmp_path: Path, src: Path, edits: Sequence[Edit | Sequence[Edit]], *,
                             body_only: bool = False, **kwargs: Any) -> list[Step]:
    """Build a copy of ``src`` serially and another with ``-j 2``; after each edit (made to
    both copies), build both again and compare them with one fresh serial build of the edited
    project: the same pages and the same warnings, with file and line. Returns what each fresh
    build gave. ``searchindex.js`` is Sphinx's own and differs: it keeps the words of re-read
    pages, and drops the index entries of pages it does not write (collected while writing,
    after the environment is saved)."""
    copies = {0: tmp_path / "serial", 2: tmp_path / "parallel"}
    for parallel, path in copies.items():
        shutil.copytree(src, path, ignore=shutil.ignore_patterns("_build"))
        sphinx_run(make_app, path, parallel=parallel, **kwargs)
    steps = []
    for number, edit in enumerate(edits):
        group = [edit] if callable(edit) else list(edit)
        for path in copies.values():
            for change in group:
                change(path)
        dest = tmp_path / f"fresh{number}"
        shutil.copytree(copies[0], dest, ignore=shutil.ignore_patterns("_build"))
        app = sphinx_run(make_app, dest, **kwargs)
        pages = outputs(dest, body_only=body_only)
        pages.pop("searchindex.js", None)
        expected = Step(sorted(warnings(app.warning.getvalue(), dest)), pages)
        steps.append(expected)
        for parallel, path in copies.items():
            app = sphinx_run(make_app, path, parallel=parallel, **kwargs)
            where = f"{' + '.join(change.__name__ for change in group)}, -j {parallel}"
            assert sorted(warnings(app.warning.getvalue(), path)) == expected.warnings, where
            got = outputs(path, body_only=body_only)
            # Sphinx leaves the HTML of a removed page behind; everything a fresh build writes must match.
            assert got.keys() >= expected.pages.keys(), where
            assert [n for n in expected.pages if got[n] != expected.pages[n]] == [], where
    return steps


EDITS = [edit_page, add_page, remove_page, change_data, *DATA_EDITS, rename_term, remove_glossary,
         add_alias, add_term, remove_term]


@pytest.mark.parametrize("half", ["first", "second"])
def test_incremental_builds_equal_fresh_builds(make_app: MakeApp, tmp_path: Path, half: str) -> None:
    """The edits in two halves, which the test runners can share: the second starts from a
    project with the first half's edits already made."""
    src = write_project(tmp_path / "src", pages=7)
    middle = len(EDITS) // 2
    if half == "second":
        for edit in EDITS[:middle]:
            edit(src)
    steps = EDITS[:middle] if half == "first" else EDITS[middle:]
    for step in incremental_equals_fresh(make_app, tmp_path, src, steps, body_only=True):
        assert step.warnings == []


# -- name forms, category order and Graphviz (tests/roots/test-incremental) ------------------

WIDGET = ('\n[[terms]]\nname = "Widget Fusion"\nabbreviation = "WFN"\ncategory = "Alpha"\n'
          'definition = "Merging two adapters into one."\n')
GEARS = """format = 1

[pack]
id = "gears"
categories = ["Gears"]

[[terms]]
name = "Gear Train"
category = "Gears"
definition = "Gears that pass motion along."
"""


def add_widget_term(src: Path) -> None:
    """A new term whose name prose.rst already mentions."""
    with (src / "terms.toml").open("a", encoding="utf-8") as file:
        file.write(WIDGET)


def add_widget_alias(src: Path) -> None:
    """A new alias, which notes.md mentions."""
    edit_data(src, 'definition = "Merging two adapters into one."\n',
              'definition = "Merging two adapters into one."\naliases = ["gizmo blending"]\n')


def reword_widget_term(src: Path) -> None:
    """A new definition: the abbreviations page shows it in the card of its link."""
    edit_data(src, "Merging two adapters", "Joining two adapters")


def remove_widget_term(src: Path) -> None:
    drop_term(src, "Widget Fusion")


def reorder_categories(src: Path) -> None:
    edit_data(src, 'categories = ["Beta", "Alpha"]', 'categories = ["Alpha", "Beta"]')


class Machine:
    """What the builds find on the machine besides the project: a ``dot`` command where
    ``graphviz_dot`` points (a link to the real one, or nothing) and installed distributions.
    Its edits act once, however many copies of the project they are applied to."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dot = root / "bin" / "dot"
        self.dot.parent.mkdir(parents=True)
        self.dot.symlink_to(shutil.which("dot") or "/usr/bin/dot")
        self.site = root / "site"
        self.site.mkdir()
        monkeypatch.syspath_prepend(str(self.site))
        forget_installed()

    def remove_dot(self, _src: Path) -> None:
        self.dot.unlink(missing_ok=True)

    def restore_dot(self, _src: Path) -> None:
        if not self.dot.is_symlink():
            self.dot.symlink_to(shutil.which("dot") or "/usr/bin/dot")

    def install_pack(self, _src: Path) -> None:
        """Install a distribution with a pack (as pip leaves one) whose term notes.md mentions."""
        info = self.site / "gears_glossary-1.0.dist-info"
        if info.exists():
            return
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: gears-glossary\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text("[sphinx_aigloss.packs]\ngears = gears_glossary:PACK\n")
        (self.site / "gears_glossary").mkdir()
        (self.site / "gears_glossary" / "__init__.py").write_text(
            'from pathlib import Path\n\nPACK = Path(__file__).with_name("gears.toml")\n')
        (self.site / "gears_glossary" / "gears.toml").write_text(GEARS, encoding="utf-8")
        forget_installed()

    def uninstall_pack(self, _src: Path) -> None:
        for name in ("gears_glossary-1.0.dist-info", "gears_glossary"):
            shutil.rmtree(self.site / name, ignore_errors=True)
        forget_installed()


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Machine]:
    yield Machine(tmp_path / "machine", monkeypatch)
    sys.modules.pop("gears_glossary", None)
    forget_installed()


def links(page: str) -> list[tuple[str, str]]:
    """The term links of a page's body: (text, href)."""
    body = BeautifulSoup(page, "html.parser")
    return [(a.get_text(), str(a["href"])) for a in body.select("div.body a.aigloss-term")]


def test_new_name_forms_category_order_and_graphviz_reach_an_incremental_build(
        make_app: MakeApp, tmp_path: Path, machine: Machine) -> None:
    """Issue 20, items 8 to 10: a new term, alias or installed pack reaches the pages whose
    prose mentions it (links and back-links), a new category order reaches a glossary
    without a map, and Graphviz coming or going reaches the map."""
    steps = incremental_equals_fresh(make_app, tmp_path, ROOTS / "test-incremental", [
        add_widget_term, add_widget_alias, reword_widget_term, machine.remove_dot, machine.restore_dot,
        reorder_categories, machine.install_pack, [remove_widget_term, machine.uninstall_pack],
    ], confoverrides={"graphviz_dot": str(machine.dot)})
    added, aliased, reworded, no_dot, dot, reordered, installed, removed = steps
    assert ("Widget fusion", "glossary.html#aiterm-widget-fusion") in links(added.pages["prose.html"])
    assert 'href="prose.html"' in added.pages["glossary.html"]  # the back-link
    assert ("gizmo blending", "glossary.html#aiterm-widget-fusion") in links(aliased.pages["notes.html"])
    assert "Merging two" in aliased.pages["abbreviations.html"]  # in its link's card
    assert "Merging two" not in reworded.pages["abbreviations.html"]
    assert "Joining two" in reworded.pages["abbreviations.html"]
    assert no_dot.warnings == [
        f"map.rst:4: WARNING: cannot draw the concept map: Graphviz's dot command ({str(machine.dot)!r}) was not "
        "found (see graphviz_dot); the relations are listed instead [aigloss.map]"]
    assert "<svg" in aliased.pages["map.html"]
    assert "<svg" not in no_dot.pages["map.html"]
    assert "<svg" in dot.pages["map.html"]
    for page in ("glossary.html", "aigloss-glossary.html"):
        before, after = dot.pages[page], reordered.pages[page]
        assert before.index(">Beta<") < before.index(">Alpha<")
        assert after.index(">Alpha<") < after.index(">Beta<")
    assert ("gear train", "aigloss-glossary.html#aiterm-gear-train") in links(installed.pages["notes.html"])
    assert links(removed.pages["notes.html"]) == links(added.pages["notes.html"]) == []
    assert all(step.warnings == [] for step in (added, aliased, reworded, dot, reordered, installed, removed))
    # With the filters and signatures in place, a rebuild with nothing changed still says so.
    again = sphinx_run(make_app, tmp_path / "serial", confoverrides={"graphviz_dot": str(machine.dot)})
    assert "0 added, 0 changed, 0 removed" in strip_colors(again.status.getvalue())
    assert written(again) == set()


def test_new_name_forms_reach_the_unlinked_report_of_an_incremental_build(make_app: MakeApp, tmp_path: Path) -> None:
    """The report's warnings come from reading pages: a new name form must send the pages
    that mention it to be read, or a ``-W`` gate on a cached build passes where a clean one fails."""
    steps = incremental_equals_fresh(make_app, tmp_path, ROOTS / "test-incremental", [
        add_widget_term, add_widget_alias, remove_widget_term,
    ], confoverrides={"aigloss_autolink": False, "aigloss_report_unlinked": True})
    prose = "prose.rst:4: WARNING: unlinked mention of AI term 'Widget fusion': write :aiterm:`Widget fusion`"
    notes = "notes.md:3: WARNING: unlinked mention of AI term 'gizmo blending': write {aiterm}`gizmo blending`"
    assert [step.warnings for step in steps] == [
        [f"{prose} [aigloss.unlinked_mention]"],
        [f"{notes} [aigloss.unlinked_mention]", f"{prose} [aigloss.unlinked_mention]"],
        [],
    ]


def test_a_word_filter_holds_every_word_of_its_page_and_few_others() -> None:
    """A filter never says no to a word of its page (a page that may match is always read
    again), mentions of several words and plurals included; it says yes to few others, and
    no to words that are not neighbours."""
    text = " ".join(f"w{i}x" for i in range(2_000)) + " Reward models, pre-training and QLoRA's adapters."
    bits = matchable.word_filter(nodes.paragraph(text, text))
    assert matchable.pages_spelling(["w1234x"], {"page": bits}) == {"page"}
    for name in ("Reward Model", "Pre-training", "QLoRA", "adapter"):
        sig = (name,), "", True, True
        assert matchable.pages_spelling(sorted(matchable.forms(sig)), {"page": bits}) == {"page"}, name
    # Words that are on the page but not side by side spell no mention.
    apart = matchable.forms((("Models Reward",), "", True, True))
    assert matchable.pages_spelling(sorted(apart), {"page": bits}) == set()
    # The word set is exact: a word that is not on the page is never held, so no page is
    # read again for nothing.
    others = [f"v{i}y" for i in range(20_000)]
    assert not any(matchable.holds(bits, word) for word in others)
    assert not [form for form in others[:2_000] if matchable.pages_spelling([form], {"page": bits})]
