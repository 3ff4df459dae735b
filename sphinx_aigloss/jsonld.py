"""HTML only: schema.org ``DefinedTermSet`` / ``DefinedTerm`` data on every glossary page, as
JSON-LD, so search engines and other tools read the glossary without scraping it.

Each term whose entry links point at on the page (``domain.target_of``) is a ``DefinedTerm``:
``name``, ``alternateName`` (abbreviation, expansion, aliases), ``description`` (the short
definition), ``url`` and ``@id`` (its entry), ``inDefinedTermSet`` (the page's set). The
context is inline (``@vocab``): a reader needs to fetch nothing. The block is data, not script
(a strict Content-Security-Policy is unaffected), its JSON escaped so that no ``</script>`` or
``<!--`` can form. URLs are relative to the page, absolute under ``html_baseurl``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .builders import output_of
from .domain import FALLBACK_DOCNAME, domain_of
from .html import dump_json
from .messages import _
from .placements import anchor_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

    from .core import Term

CONTEXT = {"@vocab": "https://schema.org/", "url": {"@type": "@id"}}  # (as schema.org's own context)
SET_ID = "#aigloss-defined-terms"
_NOT_IN_IRI = re.compile(r'[\x00-\x20"<>\\^`{|}]')  # ASCII no IRI may hold (RFC 3987); the rest stays


def iri(text: str) -> str:
    """The text with the ASCII characters no IRI may hold percent-encoded (a docname's spaces)."""
    return _NOT_IN_IRI.sub(lambda match: f"%{ord(match[0]):02X}", text)


def page_base(baseurl: str, target_uri: str) -> str:
    """The page's absolute URL under ``html_baseurl``, or "" (URLs relative to the page) without
    one. The base's query and fragment are dropped: they name no folder the page is in."""
    if not baseurl:
        return ""
    folder = urlsplit(baseurl)._replace(query="", fragment="").geturl().rstrip("/")
    return iri(f"{folder}/{target_uri}")


def defined_terms(terms: list[tuple[Term, str]], name: str, base: str) -> dict[str, Any]:
    """The JSON-LD document of one page: its terms with their entries' anchors."""
    set_id = base + SET_ID
    items = []
    for term, anchor in terms:
        url = f"{base}#{iri(anchor)}"
        item: dict[str, Any] = {"@type": "DefinedTerm", "@id": url, "url": url, "name": term.name,
                                "description": term.short_definition, "inDefinedTermSet": {"@id": set_id}}
        others = [form for form in term.names if form != term.name]
        if others:
            item["alternateName"] = others
        items.append(item)
    return {"@context": CONTEXT, "@type": "DefinedTermSet", "@id": set_id, "name": name, "hasDefinedTerm": items}


def add_json_ld(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    """Append the page's ``<script type="application/ld+json">`` to its body."""
    if not output_of(app.builder).linked_data or "body" not in context:
        return
    fallback = pagename == FALLBACK_DOCNAME and doctree is None
    if not fallback and not (doctree is not None and doctree.get("aigloss_glossary")):
        return
    domain = domain_of(app.env)
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    if fallback:
        terms = [(term, anchor_of(term)) for term in domain.glossary if domain.target_of(term) is None]
    else:
        targets = domain.targets()
        terms = [(domain.glossary.terms[key], place.anchor) for key, place in targets.items()
                 if place.docname == pagename or output_of(builder).single_page]
    if not terms:
        return
    base = page_base(app.config.html_baseurl, builder.get_target_uri(pagename))
    name = f"{app.config.project}: {_('AI glossary')}" if app.config.project else _("AI glossary")
    data = dump_json(defined_terms(terms, name, base))
    context["body"] += f'\n<script type="application/ld+json">{data}</script>\n'
