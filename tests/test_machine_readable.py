"""The glossary for machines: schema.org JSON-LD on glossary pages, SKOS from ``aigloss export``.

Both are parsed with rdflib (offline: the JSON-LD context is inline) and checked term by term.
The project is ``tests/roots/test-search``: the canonical terms, a glossary on ``index`` for
three categories (the rest on the extension's page) and a term whose every field holds markup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from sphinx_aigloss.core import Glossary, load_glossary
from tests.util import ROOTS

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

    from tests.util import Aigloss

SDO = Namespace("https://schema.org/")
DCT = Namespace("http://purl.org/dc/terms/")
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TERMS_FILE = ROOTS / "test-search" / "terms.toml"

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph: not this project's concern.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def project_glossary() -> Glossary:
    return load_glossary(files=[(TERMS_FILE, "terms.toml")])[0]


def json_ld(page: Path) -> tuple[str, Graph]:
    """The page's one JSON-LD block, raw and parsed (relative IRIs against the page's URL)."""
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    assert len(blocks) == 1, page
    graph = Graph()
    graph.parse(data=blocks[0], format="json-ld", publicID=page.as_uri())
    return blocks[0], graph


@pytest.mark.sphinx("html", testroot="search", srcdir="test_machine_readable")
def test_glossary_pages_carry_defined_terms(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    glossary = project_glossary()
    found: dict[str, str] = {}
    for name in ("index.html", "aigloss-glossary.html"):
        page = outdir / name
        raw, graph = json_ld(page)
        assert "</" not in raw
        assert "<!--" not in raw
        context = {"@vocab": "https://schema.org/", "url": {"@type": "@id"}}
        assert json.loads(raw)["@context"] == context  # nothing to fetch
        term_set = URIRef(page.as_uri() + "#aigloss-defined-terms")
        assert (term_set, RDF.type, SDO.DefinedTermSet) in graph
        assert graph.value(term_set, SDO.name) == Literal("Search test: AI glossary")
        for node in graph.subjects(RDF.type, SDO.DefinedTerm):
            name_ = str(graph.value(node, SDO.name))
            assert name_ not in found, name_
            found[name_] = name
            term = glossary.get(name_)
            assert term is not None, name_
            assert str(node) == f"{page.as_uri()}#aiterm-{term.id}"
            assert graph.value(node, SDO.url) == URIRef(str(node))
            assert graph.value(node, SDO.description) == Literal(term.short_definition)
            assert set(graph.objects(node, SDO.alternateName)) == {Literal(n) for n in term.names if n != term.name}
            assert graph.value(node, SDO.inDefinedTermSet) == term_set
            assert (term_set, SDO.hasDefinedTerm, node) in graph
    # every term once, on the page its links go to
    assert sorted(found) == sorted(term.name for term in glossary)
    assert found["LoRA"] == "aigloss-glossary.html"
    assert found["RLHF"] == "index.html"
    hostile = glossary.get("TBC")
    assert hostile is not None
    assert hostile.short_definition.startswith("Ends </script><script>")  # kept as text, escaped
    for name in ("search.html", "genindex.html"):
        assert "application/ld+json" not in (outdir / name).read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="search", srcdir="test_machine_readable-baseurl",
                    confoverrides={"html_baseurl": "https://example.org/docs/"})
def test_absolute_urls_under_html_baseurl(app: SphinxTestApp) -> None:
    app.build()
    raw, _graph = json_ld(Path(app.outdir) / "index.html")
    entries = json.loads(raw)["hasDefinedTerm"]
    assert json.loads(raw)["@id"] == "https://example.org/docs/index.html#aigloss-defined-terms"
    assert "https://example.org/docs/index.html#aiterm-rlhf" in [entry["url"] for entry in entries]


@pytest.mark.parametrize("builder", [
    pytest.param(builder, id=builder, marks=pytest.mark.sphinx(builder, testroot="search",
                                                               srcdir=f"test_machine_readable-{builder}"))
    for builder in ["dirhtml", "singlehtml", "epub"]])
def test_other_html_builders(app: SphinxTestApp, builder: str) -> None:
    """dirhtml and singlehtml pages carry it too, EPUB's not. None of them
    has the search page's card (only the html builder's search page is at the root)."""
    app.build()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    assert not (outdir / "_static" / "aigloss-search-data.js").exists()
    assert not (outdir / "_static" / "aigloss-search.js").exists()
    assert not [path for path in outdir.rglob("*.*html") if "aigloss-search.js" in path.read_text(encoding="utf-8")]
    blocks = [block for page in outdir.rglob("*.*html") for block in BLOCK.findall(page.read_text(encoding="utf-8"))]
    if builder == "epub":
        assert blocks == []
    else:
        _raw, graph = json_ld(outdir / "index.html")
        assert len(set(graph.subjects(RDF.type, SDO.DefinedTerm))) == 25  # the glossary's three categories


def term_iri(key: str) -> URIRef:
    return URIRef(f"urn:aigloss:term:{key}")


def test_skos_export(aigloss: Aigloss) -> None:
    """Every term a Concept with its labels, definition, related terms and scheme; a scheme per pack."""
    result = aigloss("--data", str(TERMS_FILE), "export", "--format", "skos")
    assert result.returncode == 0, result.stderr
    graph = Graph()
    graph.parse(data=result.stdout, format="turtle")
    glossary = project_glossary()
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {URIRef("urn:aigloss:pack:training"), URIRef("urn:aigloss:pack:hostile")}
    assert graph.value(URIRef("urn:aigloss:pack:training"), DCT.title) == Literal(glossary.packs[0].title)
    assert set(graph.subjects(RDF.type, SKOS.Concept)) == {term_iri(term.id) for term in glossary}
    for term in glossary:
        node = term_iri(term.id)
        assert list(graph.objects(node, SKOS.prefLabel)) == [Literal(term.name)]
        assert set(graph.objects(node, SKOS.altLabel)) == {Literal(n) for n in term.names if n != term.name}
        assert list(graph.objects(node, SKOS.definition)) == [Literal(term.definition)]
        assert set(graph.objects(node, SKOS.related)) == {term_iri(other.id) for other in glossary.related(term)}
        assert list(graph.objects(node, SKOS.inScheme)) == [URIRef(f"urn:aigloss:pack:{glossary.pack_of(term)}")]
    assert sum(1 for _ in graph.subject_objects(SKOS.related)) > 20


def test_skos_in_plain_ascii(aigloss: Aigloss, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a standard output that is not UTF-8, Turtle escapes: the same graph."""
    utf8 = aigloss("export", "--format", "skos").stdout
    monkeypatch.setattr("sphinx_aigloss.terminal.speaks_utf8", lambda stream: False)
    ascii_ = aigloss("export", "--format", "skos").stdout
    assert ascii_.isascii()
    assert not utf8.isascii()
    assert Graph().parse(data=ascii_, format="turtle").isomorphic(Graph().parse(data=utf8, format="turtle"))
