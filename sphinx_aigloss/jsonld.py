"""HTML only: schema.org ``DefinedTermSet`` / ``DefinedTerm`` data on every glossary page, as
JSON-LD, so search engines and other tools read the glossary without scraping it.

Each term whose entry links point at on the page (``domain.target_of``) is a ``DefinedTerm``:
``name``, ``alternateName`` (abbreviation, expansion, aliases), ``description`` (the short
definition), ``url`` and ``@id`` (its entry), ``inDefinedTermSet`` (the page's set). The
context is inline (``@vocab``): a reader needs to fetch nothing. The block is data, not script
(a strict Content-Security-Policy is unaffected), its JSON escaped so that no ``</script>`` or
``<!--`` can form. URLs are relative to the page, absolute under ``html_baseurl``.

A translated glossary's text is in the build's language (the context's ``@language``); a
text left in English is a value object saying so: ``{"@value": ..., "@language": "en"}``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .builders import output_of
from .core.l10n import SOURCE_LANGUAGE, is_english
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


def _text(text: str, english: bool) -> str | dict[str, str]:
    """A text in the document's language, or one marked English."""
    return {"@value": text, "@language": SOURCE_LANGUAGE} if english else text


def defined_terms(terms: list[tuple[Term, str]], name: str, base: str, language: str = "") -> dict[str, Any]:
    """The JSON-LD document of one page: its terms with their entries' anchors (``language``:
    a translated glossary's language)."""
    set_id = base + SET_ID
    items = []
    for term, anchor in terms:
        url = f"{base}#{iri(anchor)}"
        item: dict[str, Any] = {"@type": "DefinedTerm", "@id": url, "url": url,
                                "name": _text(term.name, is_english(term, term.name)),
                                "description": _text(term.short_definition, term.lang == SOURCE_LANGUAGE),
                                "inDefinedTermSet": {"@id": set_id}}
        # A translated term's English names are among its forms: they are alternate names too.
        others = [_text(form, is_english(term, form)) for form in term.names if form != term.name]
        if others:
            item["alternateName"] = others
        items.append(item)
    context = {**CONTEXT, "@language": language.replace("_", "-")} if language else CONTEXT  # BCP 47
    return {"@context": context, "@type": "DefinedTermSet", "@id": set_id, "name": name, "hasDefinedTerm": items}


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
    data = dump_json(defined_terms(terms, name, base, domain.glossary.language))
    context["body"] += f'\n<script type="application/ld+json">{data}</script>\n'
