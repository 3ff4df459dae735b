"""Every Sphinx builder renders terms, inline definitions and entries sensibly, with no warning."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import load_glossary
from tests.helpers import compile_pdf
from tests.util import build_once, cards, soup, term_links

GLOSSARY, _ = load_glossary()
RLHF_SHORT = GLOSSARY.terms["rlhf"].short_definition
DPO_INLINE = ("DPO (Direct Preference Optimization): Simpler RLHF alternative that skips reward model training, "
              "directly optimizing on preference data via classification loss.")


def root(name: str, builder: str, **kwargs: object) -> pytest.MarkDecorator:
    """The test root ``name`` built by ``builder``, in a folder of this module's own."""
    return pytest.mark.sphinx(builder, testroot=name, srcdir=f"test_builders-{name}-{builder}", **kwargs)


def built(app: SphinxTestApp) -> Path:
    build_once(app)  # a test's own build, or the one its shared_result names
    assert app.warning.getvalue() == ""
    return app.outdir


#: One LaTeX build of the "footnotes" root serves the two tests with both marks (Sphinx's shared_result).
FOOTNOTES_LATEX = pytest.mark.sphinx("latex", testroot="footnotes")
SHARED = pytest.mark.test_params(shared_result="test_builders-footnotes-latex")


def assert_no_html(text: str) -> None:
    assert "<a " not in text
    assert "<span" not in text


def no_html_assets(outdir: Path) -> None:
    assert list(outdir.rglob("aigloss.js")) == []
    assert list(outdir.rglob("aigloss.css")) == []


@root("builders", "text")
def test_text(app: SphinxTestApp) -> None:
    out = built(app)
    terms = (out / "terms.txt").read_text(encoding="utf-8")
    # Sphinx's text writer marks every cross-reference with asterisks, as it does for :term:.
    assert "Aligned with *RLHF*, then *RLHF* again, and *LoRA* & friends." in terms
    assert DPO_INLINE.replace("DPO (", "*DPO* (", 1) in " ".join(terms.split())
    assert "**QLoRA (Quantized LoRA)** \u2014 Efficient Training" in terms
    assert not re.search(r"<[a-z]+[ >]", terms)
    glossary = (out / "glossary.txt").read_text(encoding="utf-8")
    assert "RLHF (Reinforcement Learning from Human Feedback)" in glossary
    assert "**Related terms**: Reward Model, PPO, DPO, RLAIF" in glossary
    no_html_assets(out)


@root("builders", "man")
def test_man(app: SphinxTestApp) -> None:
    out = built(app)
    page = next(out.rglob("*.1")).read_text(encoding="utf-8")
    assert "RLHF" in page
    assert "Simpler RLHF alternative" in page
    assert_no_html(page)
    no_html_assets(out)


@root("builders", "texinfo")
def test_texinfo(app: SphinxTestApp) -> None:
    out = built(app)
    page = next(out.glob("*.texi")).read_text(encoding="utf-8")
    assert "@ref{" in page  # terms link to their glossary entries
    assert "Simpler RLHF alternative" in page
    assert_no_html(page)
    no_html_assets(out)


@root("builders", "xml")
def test_xml(app: SphinxTestApp) -> None:
    out = built(app)
    xml = (out / "terms.xml").read_text(encoding="utf-8")
    assert 'refid="aiterm-rlhf"' in xml or 'refuri="glossary#aiterm-rlhf"' in xml


@root("builders", "gettext")
def test_gettext(app: SphinxTestApp) -> None:
    out = built(app)
    assert (out / "terms.pot").is_file()
    no_html_assets(out)


@root("builders", "epub")
def test_epub_carries_stylesheets_and_titles_not_scripts(app: SphinxTestApp) -> None:
    # Sphinx's EPUB theme links no script: a link's title is its card, and no card data or
    # script is written for nothing.
    out = built(app)
    terms = soup(out / "terms.xhtml")
    links = term_links(terms)
    assert [a["href"] for a in links][:2] == ["glossary.xhtml#aiterm-rlhf"] * 2
    assert str(links[0]["title"]).startswith("Three-step alignment technique")
    assert terms.select("script") == []
    assert terms.select_one("#aigloss-data") is None
    assert sorted(path.name for path in (out / "_static").glob("aigloss*")) == ["aigloss-glossary.css", "aigloss.css"]


@root("builders", "dirhtml")
def test_dirhtml_links_resolve(app: SphinxTestApp) -> None:
    out = built(app)
    links = term_links(soup(out / "terms" / "index.html"))
    assert links[0]["href"] == "../glossary/#aiterm-rlhf"
    assert soup(out / "glossary" / "index.html").select_one("#aiterm-rlhf") is not None
    card = cards(soup(out / "terms" / "index.html"))["rlhf"]
    assert card["url"] == "../glossary/#aiterm-rlhf"
    assert [link for link in card["definition"] if link[1]] == [
        ("reward model", "../glossary/#aiterm-reward-model"), ("PPO", "../glossary/#aiterm-ppo")]


@root("builders", "singlehtml")
def test_singlehtml_links_resolve(app: SphinxTestApp) -> None:
    out = built(app)
    page = soup(out / "index.html")
    links = term_links(page)
    assert links[0]["href"] == "#aiterm-rlhf"
    assert page.select_one("#aiterm-rlhf") is not None
    card = cards(page)["rlhf"]
    assert card["url"] == "#aiterm-rlhf"
    assert [link for link in card["definition"] if link[1]] == [
        ("reward model", "#aiterm-reward-model"), ("PPO", "#aiterm-ppo")]


@root("footnotes", "singlehtml")
def test_singlehtml_without_glossary_gets_the_fallback_page(app: SphinxTestApp) -> None:
    out = built(app)
    links = term_links(soup(out / "index.html"))
    assert links[0]["href"] == "aigloss-glossary.html#aiterm-rlhf"
    assert soup(out / "aigloss-glossary.html").select_one("#aiterm-rlhf") is not None


@root("builders", "linkcheck")
def test_linkcheck_checks_nothing_remote(app: SphinxTestApp) -> None:
    out = built(app)
    results = [json.loads(line) for line in (out / "output.json").read_text(encoding="utf-8").splitlines()]
    assert [r for r in results if r["uri"].startswith("http")] == []


@root("builders", "latex")
def test_latex_links_to_glossary_entries(app: SphinxTestApp) -> None:
    out = built(app)
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\hyperref[\detokenize{glossary:aiterm-rlhf}]" in tex
    assert r"\label{\detokenize{glossary:aiterm-rlhf}}" in tex
    assert "\\begin{footnote}" not in tex
    assert_no_html(tex)
    no_html_assets(out)


@FOOTNOTES_LATEX
@SHARED
def test_latex_first_use_footnotes_without_glossary(app: SphinxTestApp) -> None:
    out = built(app)
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    footnotes = re.findall(r"\\begin\{footnote\}\[\d+\]\\sphinxAtStartFootnote\n(.*?)\n%\n\\end\{footnote\}", tex)
    footnotes = [text.replace(r"\sphinxhyphen{}", "-") for text in footnotes]
    # RLHF, LoRA, Data Poisoning: once each in the whole document; DPO is spelled out by :aidef:.
    assert footnotes == [
        RLHF_SHORT,  # in second.rst, which the toctree places first
        GLOSSARY.terms["data-poisoning"].short_definition,
        GLOSSARY.terms["lora"].short_definition,
    ]
    assert r"100\% \& \$5 \#1" in tex


@FOOTNOTES_LATEX
@SHARED
def test_latex_compiles_to_pdf(app: SphinxTestApp) -> None:
    out = built(app)
    compile_pdf(out)
    assert list(out.glob("*.pdf"))


@root("builders", "html", confoverrides={"language": "de"})
def test_ui_strings_are_translated(app: SphinxTestApp) -> None:
    out = built(app)
    glossary = soup(out / "glossary.html")
    assert "Verwandte Begriffe" in [s.get_text() for s in glossary.select(".aigloss-related strong")]
    assert "Quelle" in [s.get_text() for s in glossary.select(".aigloss-label strong")]
    assert "Related terms" not in glossary.get_text()
    # The reader tools' and the card's labels (the scripts read them from the page).
    tools = glossary.select_one("[data-aigloss-filter-label]")
    assert tools is not None
    assert (tools["data-aigloss-filter-label"], tools["data-aigloss-filter-status"]) == (
        "Begriffe filtern", "{shown} von {total} Begriffen")
    assert [nav["aria-label"] for nav in glossary.select("nav.aigloss-jump-bar, nav[aria-label]")
            if "Glossar" in str(nav["aria-label"])] == ["Glossar-Kategorien"]
    data = glossary.select_one("script#aigloss-data")
    assert data is not None
    assert data["data-read-more"] == "Weiterlesen"
