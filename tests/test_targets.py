"""Where links point when the project's entries are not all in the output: pages outside a
builder's document, directives hidden by ``only`` or ``ifconfig``, ids another element holds.

Every builder survives such pages, and no HTML output holds a dangling link or a repeated id.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import soup, warnings

SPHINX_PAGES = {"genindex.html", "search.html", "py-modindex.html"}
#: Sphinx collects index entries when a page is read, so entries inside ``only`` are in
#: every builder's general index (as for any ``.. index::``): not links this package makes.
INDEX_PAGES = {"genindex.html"}
BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "texinfo", "text", "man", "xml"]


def html_pages(outdir: Path) -> dict[str, Path]:
    return {path.relative_to(outdir).as_posix(): path for path in outdir.rglob("*.html")}


def ids_of(path: Path) -> list[str]:
    return [str(tag["id"]) for tag in soup(path).select("[id]")]


def dangling(outdir: Path) -> list[str]:
    """Every same-site link of the output whose page or id does not exist."""
    pages = html_pages(outdir)
    ids = {name: set(ids_of(path)) for name, path in pages.items()}
    out = []
    for name, path in pages.items():
        if posixpath.basename(name) in INDEX_PAGES:
            continue
        for link in soup(path).select("a[href]"):
            href = str(link["href"])
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:") or "#" in parts.fragment:
                continue  # elsewhere, or Sphinx's own singlehtml "#document-x#id" (not followable)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) \
                if parts.path else name
            if parts.path.endswith("/"):
                target = posixpath.join(target, "index.html")
            if target not in pages:
                # Sphinx's own navigation may name pages some builders do not write.
                if not (outdir / target).exists() and posixpath.basename(target) not in SPHINX_PAGES:
                    out.append(f"{name}: {href}")
            elif parts.fragment and parts.fragment not in ids[target]:
                out.append(f"{name}: {href}")
    return out


def repeated_ids(outdir: Path) -> list[str]:
    return [f"{name}: {id_}" for name, path in html_pages(outdir).items()
            for id_, count in Counter(ids_of(path)).items() if count > 1]


def root(name: str, builder: str, key: str = "", **kwargs: object) -> pytest.MarkDecorator:
    """The test root ``name`` built by ``builder``, in a folder of this module's own."""
    return pytest.mark.sphinx(builder, testroot=name, srcdir=f"test_targets-{name}-{builder}{key}", **kwargs)


def by_builder(name: str, builders: list[str]) -> list[object]:
    """``builder`` parameters, each with its build of the test root ``name``."""
    return [pytest.param(builder, marks=root(name, builder), id=builder) for builder in builders]


@pytest.mark.parametrize("builder", by_builder("orphan-backlinks", BUILDERS))
def test_backlinks_to_a_page_outside_the_document(app: SphinxTestApp, warning: StringIO, builder: str) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == []
    out = Path(app.outdir)
    if builder in ("html", "dirhtml", "singlehtml", "epub"):
        assert dangling(out) == []
    if builder == "html":  # the orphan page is written, so the glossary may link to it
        used_on = soup(out / "glossary.html").select_one("#aiterm-lora ~ dd .aigloss-backlinks")
        assert used_on is not None
        assert [a["href"] for a in used_on.select("a")] == ["#", "index.html", "orphan.html"]
    if builder == "singlehtml":
        page = (out / "index.html").read_text(encoding="utf-8")
        assert "document-orphan" not in page
        assert "Used on" in page  # the glossary page itself still lists its own use
        used_on = soup(out / "index.html").select_one("#aiterm-lora ~ dd .aigloss-backlinks")
        assert used_on is not None  # the root document has no "document-" anchor: the page's top
        assert [a["href"] for a in used_on.select("a")] == ["#document-glossary", "#"]
    if builder == "latex":
        tex = (out / "orphans.tex").read_text(encoding="utf-8")
        assert "orphan" not in tex.lower().replace("orphans", "")


def hrefs(page: Path, text: str) -> list[str]:
    return [str(a["href"]) for a in soup(page).select("a.aigloss-term") if a.get_text() == text]


@root("hidden-targets", "html")
def test_targets_hidden_by_only_and_ifconfig(app: SphinxTestApp, warning: StringIO) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == []
    out = Path(app.outdir)
    # The glossary and both terms are hidden from HTML: links go to the extension's own page.
    assert hrefs(out / "uses.html", "RLHF") == ["aigloss-glossary.html#aiterm-rlhf"]
    assert hrefs(out / "uses.html", "Widget") == ["aigloss-glossary.html#aiterm-widget"]
    assert hrefs(out / "uses.html", "Gadget") == ["aigloss-glossary.html#aiterm-gadget"]
    assert dangling(out) == []
    assert "aiterm-" not in (out / "glossary.html").read_text(encoding="utf-8")


@root("hidden-targets", "html", "-shown", confoverrides={"show_terms": True})
def test_ifconfig_that_shows_its_term(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    assert hrefs(out / "uses.html", "Gadget") == ["glossary.html#aiterm-gadget"]
    assert hrefs(out / "uses.html", "Widget") == ["aigloss-glossary.html#aiterm-widget"]
    assert dangling(out) == []


@root("hidden-targets", "latex")
def test_only_latex_glossary_is_the_target_in_latex(app: SphinxTestApp) -> None:
    app.build()
    tex = (Path(app.outdir) / "hidden.tex").read_text(encoding="utf-8")
    assert r"\hyperref[\detokenize{glossary:aiterm-rlhf}]" in tex
    assert r"\hyperref[\detokenize{glossary:aiterm-widget}]" in tex
    # The aigloss:term is hidden by ifconfig, so the glossary's own entry is the target.
    assert r"\hyperref[\detokenize{glossary:aiterm-gadget}]" in tex
    assert "A tool shown when the configuration asks for it." in tex  # its definition still counts
    assert tex.count(r"\label{\detokenize{glossary:aiterm-gadget}}") == 1


@pytest.mark.parametrize("builder", by_builder("entry-ids", ["html", "singlehtml", "dirhtml"]))
def test_entry_ids_are_unique_and_links_reach_the_entry(app: SphinxTestApp, warning: StringIO, builder: str) -> None:
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == []
    out = Path(app.outdir)
    assert repeated_ids(out) == []
    assert dangling(out) == []
    page = out / ("index.html" if builder == "singlehtml" else
                  "terms/index.html" if builder == "dirhtml" else "terms.html")
    html = soup(page)
    # The section keeps the id docutils gave it; the entry takes the next free one.
    rlhf = html.select_one("#aiterm-rlhf-2")
    assert rlhf is not None
    assert rlhf.name == "dt"
    assert html.select_one("section#aiterm-rlhf") is not None
    dpo = html.select_one("#aiterm-dpo-2")
    assert dpo is not None
    assert dpo.name == "dt"
    # The aigloss:term entry holds the id; the glossary's own Widget entry has none.
    widgets = [dt for dt in html.select("dt") if dt.get_text().startswith("Widget")]
    assert len(widgets) == 2
    assert [dt.get("id") for dt in widgets] == ["aiterm-widget", None]
    uses = out / ("index.html" if builder == "singlehtml" else
                  "uses/index.html" if builder == "dirhtml" else "uses.html")
    section = soup(uses).select_one("section#uses")
    assert section is not None
    targets = {a.get_text(): str(a["href"]).partition("#")[2] for a in section.select("a.aigloss-term")}
    assert targets == {"RLHF": "aiterm-rlhf-2", "DPO": "aiterm-dpo-2", "Widget": "aiterm-widget"}
