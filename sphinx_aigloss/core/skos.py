"""The glossary as SKOS, in Turtle (``aigloss export --format skos``): a ``skos:ConceptScheme``
per pack and a ``skos:Concept`` per term (``prefLabel``, ``altLabel``, ``definition``,
``related``, ``inScheme``). Pure Python: no Sphinx, no RDF library (the tests parse the output
with rdflib).

IRIs are URNs built from the ids (``urn:aigloss:pack:<id>``, ``urn:aigloss:term:<id>``): the
glossary has no web address of its own, and a term's id is stable across builds and packs.
"""

from __future__ import annotations

from urllib.parse import quote

from .glossary import Glossary
from .terms import Term

PREFIXES = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            "@prefix dct: <http://purl.org/dc/terms/> .\n")
#: Turtle's string escapes; other control characters as \\uXXXX (data files reject them anyway).
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]} | {
    ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def iri(kind: str, key: str) -> str:
    """``<urn:aigloss:KIND:KEY>``, the key percent-encoded (no character Turtle forbids in an IRI)."""
    return f"<urn:aigloss:{kind}:{quote(key, safe='')}>"


def literal(text: str, *, ascii_only: bool = False) -> str:
    """A Turtle string; with ``ascii_only``, characters beyond ASCII as \\u or \\U escapes."""
    text = text.translate(_ESCAPES)
    if ascii_only:
        text = "".join(c if c.isascii() else f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}"
                       for c in text)
    return f'"{text}"'


def _statements(subject: str, pairs: list[tuple[str, str]]) -> str:
    body = " ;\n".join(f"    {predicate} {value}" for predicate, value in pairs)
    return f"{subject}\n{body} .\n"


def concept(glossary: Glossary, term: Term, *, ascii_only: bool = False) -> str:
    pairs = [("a", "skos:Concept"), ("skos:prefLabel", literal(term.name, ascii_only=ascii_only))]
    pairs += [("skos:altLabel", literal(name, ascii_only=ascii_only)) for name in term.names if name != term.name]
    pairs.append(("skos:definition", literal(term.definition, ascii_only=ascii_only)))
    pairs += [("skos:related", iri("term", other.id)) for other in glossary.related(term)]
    pairs.append(("skos:inScheme", iri("pack", glossary.pack_of(term))))
    return _statements(iri("term", term.id), pairs)


def to_skos(glossary: Glossary, *, ascii_only: bool = False) -> str:
    """The whole glossary as a Turtle document (UTF-8 text, or plain ASCII with ``ascii_only``)."""
    parts = [PREFIXES]
    schemes = {info.id: info for info in glossary.packs}
    for pack_id in dict.fromkeys(glossary.pack_of(term) for term in glossary):
        info = schemes.get(pack_id)
        title = info.title if info and info.title else pack_id
        pairs = [("a", "skos:ConceptScheme"), ("dct:title", literal(title, ascii_only=ascii_only))]
        if info and info.description:
            pairs.append(("dct:description", literal(info.description, ascii_only=ascii_only)))
        parts.append(_statements(iri("pack", pack_id), pairs))
    parts += [concept(glossary, term, ascii_only=ascii_only) for term in glossary]
    return "\n".join(parts)
