"""The example documentation (the manual) builds clean with -nW, carries the whole canonical
glossary, and its reference pages list every configuration value, warning subtype and command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.cli import build_parser
from sphinx_aigloss.config import OPTIONS
from sphinx_aigloss.core import load_glossary
from sphinx_aigloss.messages import Subtype
from tests.helpers import compile_pdf
from tests.util import build_once, copy_example_docs, soup

#: The manual is built once per builder for the whole module (Sphinx's shared_result): its
#: copy lives in Sphinx's test folder under the key, as a test root's copy would.
HTML = pytest.mark.sphinx("html", confoverrides={"nitpicky": True})
SHARED_HTML = pytest.mark.test_params(shared_result="test_example_docs-html")
LATEX = pytest.mark.sphinx("latex", confoverrides={"nitpicky": True})
SHARED_LATEX = pytest.mark.test_params(shared_result="test_example_docs-latex")


@pytest.fixture(scope="module", autouse=True)
def _manual_copies(sphinx_test_tempdir: Path) -> None:
    """A fresh copy of example_docs for each builder (example_docs is no test root)."""
    for key in ("test_example_docs-html", "test_example_docs-latex"):
        if not (sphinx_test_tempdir / key).exists():
            copy_example_docs(sphinx_test_tempdir / key)


@pytest.fixture
def site(app: SphinxTestApp) -> Path:
    """The HTML manual, built clean (no warning) with -n."""
    build_once(app)
    assert app.warning.getvalue() == ""
    return app.outdir


@HTML
@SHARED_HTML
def test_glossary_page_has_all_definitions_verbatim_and_all_references(site: Path) -> None:
    glossary, _ = load_glossary()
    page = soup(site / "glossary.html")
    entries = page.select("dl.aigloss-glossary > dt")
    assert len(entries) == 32  # the 30 canonical terms and the example project's two
    for term in glossary:
        dt = page.select_one(f"#aiterm-{term.id}")
        assert dt is not None, term.name
        dd = dt.find_next_sibling("dd")
        assert dd is not None
        paragraph = dd.select_one("p")
        assert paragraph is not None
        assert paragraph.get_text() == term.definition
    # All 12 canonical references, and the one of the project's Mixture of Experts.
    assert len(page.select("ul.aigloss-references > li")) == 13


@HTML
@SHARED_HTML
def test_every_page_uses_the_extension(site: Path) -> None:
    for name in ["index", "getting-started", "reference", "myst", "inline", "project-terms", "autolink",
                 "glossary", "name-forms", "reader-tools", "builders"]:
        page = soup(site / f"{name}.html")
        assert page.select("a.aigloss-term"), name
        assert page.select_one("script#aigloss-data") is not None, name


@HTML
@SHARED_HTML
def test_the_manual_has_its_four_parts_and_a_changelog(site: Path) -> None:
    captions = [caption.get_text() for caption in soup(site / "index.html").select("div.toctree-wrapper p.caption")]
    assert captions == ["Tutorial", "How-to guides", "Reference", "Explanation", "Project"]
    assert "0.1.0 — unreleased" in soup(site / "changelog.html").get_text()


def entry(page: BeautifulSoup, anchor: str) -> str:
    """The text of the ``dt`` with this id and of the ``dd`` after it."""
    dt = page.find("dt", id=anchor)
    assert dt is not None, f"#{anchor} is missing"
    dd = dt.find_next_sibling("dd")
    assert dd is not None
    return straight(f"{dt.get_text()} {dd.get_text()}")


def straight(text: str) -> str:
    """Text with white space collapsed and Sphinx's smart quotes made straight again."""
    return " ".join(text.split()).translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2026: "..."})


@HTML
@SHARED_HTML
def test_configuration_reference_has_every_value(site: Path) -> None:
    page = soup(site / "configuration.html")
    for option in OPTIONS:
        text = entry(page, f"confval-{option.name}")
        assert f"Default: {option.default!r}" in text, option.name
        assert " ".join(option.description.split()) in text, option.name
    assert len(page.select("dt[id^=confval-]")) == len(OPTIONS)


@HTML
@SHARED_HTML
def test_warning_reference_has_every_subtype_with_its_doc(site: Path) -> None:
    page = soup(site / "warnings.html")
    subtypes = [value for name, value in vars(Subtype).items() if not name.startswith("_") and isinstance(value, str)]
    assert "pack" in subtypes  # the one the hand-written list lacked
    for subtype in subtypes:
        text = entry(page, f"aigloss-warning-aigloss.{subtype}")
        assert len(text) > len(f"aigloss.{subtype}") + 20, subtype  # a sentence of doc, not just the name


@HTML
@SHARED_HTML
def test_cli_reference_has_every_command_and_option(site: Path) -> None:
    page = soup(site / "cli.html")
    headings = {" ".join(h.get_text().split()).rstrip("¶") for h in page.select("h3")}
    parser = build_parser()
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {"list", "show", "search", "validate", "unreferenced", "export", "packs", "new-pack"} <= set(commands)
    for name, sub in commands.items():
        assert f"aigloss {name}" in headings, name
        assert sub.description, name
        assert " ".join(sub.description.split()) in straight(page.get_text()), name
        for action in sub._actions:
            if action.help and not {"-h", "--data", "--packs"} & set(action.option_strings):
                if action.option_strings:
                    anchor = f"cmdoption-aigloss-{name}-{action.option_strings[-1].lstrip('-')}"
                else:
                    anchor = f"cmdoption-aigloss-{name}-arg-{action.metavar}"
                assert page.find("dt", id=anchor) is not None, anchor
    for option in ["version", "data", "packs"]:
        assert page.find("dt", id=f"cmdoption-aigloss-{option}") is not None, option


@pytest.fixture
def pdf_build(app: SphinxTestApp) -> tuple[Path, str]:
    """The LaTeX manual, built clean with -n, compiled to PDF once for the module."""
    build_once(app)
    assert app.warning.getvalue() == ""
    out = app.outdir
    if not (out / "sphinx-aigloss.pdf").is_file():
        compile_pdf(out, timeout=600)
    return out, (out / "sphinx-aigloss.log").read_text(encoding="latin-1")


@LATEX
@SHARED_LATEX
def test_example_docs_build_clean_as_latex_and_compile(pdf_build: tuple[Path, str]) -> None:
    out, _log = pdf_build
    tex = (out / "sphinx-aigloss.tex").read_text(encoding="utf-8")
    assert r"\label{\detokenize{glossary:aiterm-rlhf}}" in tex
    assert "<span" not in tex
    assert (out / "sphinx-aigloss.pdf").stat().st_size > 0


@LATEX
@SHARED_LATEX
def test_no_line_of_the_pdf_runs_into_the_margin(pdf_build: tuple[Path, str]) -> None:
    """The configuration table once clipped option names ("Overfull \\hbox ... aigloss_tooltip_length")."""
    _out, log = pdf_build
    overfull = re.findall(r"^Overfull \\hbox .*\n.*", log, flags=re.MULTILINE)
    assert overfull == []


def test_what_the_manual_says_of_project_data_files_holds(tmp_path: Path) -> None:
    """data-format.rst: neither ``format`` nor ``[pack]`` is needed, a term may bring a new
    category (shown after the packs' own), and a format other than 1 is refused."""
    from sphinx_aigloss.core import GlossaryError

    smallest = tmp_path / "terms.toml"
    smallest.write_text('[[terms]]\nname = "Speculative Decoding"\ncategory = "Inference"\n'
                        'definition = "Drafting tokens with a small model. More."\n', encoding="utf-8")
    glossary, conflicts = load_glossary(["training"], [(smallest, "terms.toml")])
    assert conflicts == []
    assert glossary.categories == ["Pre-Training Concepts", "Fine-Tuning Methods", "Efficient Training",
                                   "Data Concepts", "Inference"]
    other = tmp_path / "other.toml"
    other.write_text("format = 2\n" + smallest.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"unsupported format version 2 \(this version reads 1\)"):
        load_glossary(["training"], [(other, "other.toml")])
