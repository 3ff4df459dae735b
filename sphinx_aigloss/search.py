"""HTML only: the glossary on the search page — a term's card above the results when the query
names the term by any of its forms.

The terms (name forms folded as the glossary filter folds them, name, other form, category,
short definition, the entry's URL) go to ``_static/aigloss-search-data.js`` as the search page
is rendered, so the file exists exactly when that page does; only that page links it and
``aigloss-search.js``. A script file, not JSON: pages opened from ``file://`` cannot fetch.
Only the ``html`` builder's ``search.html``: singlehtml and EPUB have no search page, and
dirhtml's (``search/index.html``) is left out for now.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .builders import output_of
from .core.l10n import SOURCE_LANGUAGE, is_english, is_english_category
from .domain import AiglossDomain, domain_of
from .glossary_tools import fold
from .html import STYLESHEET, dump_json, install_asset
from .messages import _

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

SCRIPT = "aigloss-search.js"
DATA = "aigloss-search-data.js"
PAGE = "search"


def search_data(domain: AiglossDomain, builder: StandaloneHTMLBuilder) -> dict[str, Any]:
    """``forms``: folded name form -> indexes in ``terms``; ``terms``: what each card shows.
    A form two terms share names both (the glossary's lookup calls it ambiguous): both cards show."""
    forms: dict[str, list[int]] = {}
    terms: list[dict[str, Any]] = []
    for term in domain.glossary:
        url = domain.uri(builder, PAGE, term)
        if not url:
            continue
        for name in term.names:
            indexes = forms.setdefault(fold(name), [])
            if len(terms) not in indexes:  # (two of a term's names may fold alike)
                indexes.append(len(terms))
        terms.append({"name": term.name, "other": term.other_form or "", "category": term.category,
                      "text": term.short_definition, "url": url})
        # A translated glossary: which of these are left in English (the card marks them lang="en").
        english = {"name": is_english(term, term.name), "other": is_english(term, term.other_form),
                   "category": is_english_category(domain.glossary, term.category),
                   "text": term.lang == SOURCE_LANGUAGE}
        if parts := [part for part, left in english.items() if left]:
            terms[-1]["en"] = parts
    return {"label": _("AI glossary"), "more": _("Read more"), "forms": forms, "terms": terms}


def add_search_card(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: nodes.document | None) -> None:
    """On the search page of the ``html`` builder: write the terms' file, link it and the script."""
    if pagename != PAGE or not output_of(app.builder).search_page:
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    domain = domain_of(app.env)
    if not len(domain.glossary):
        return
    static = Path(builder.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    text = f"globalThis.aiglossSearchData = {dump_json(search_data(domain, builder))};\n"
    (static / DATA).write_text(text, encoding="utf-8")
    install_asset(SCRIPT, static)
    builder.add_css_file(STYLESHEET)
    builder.add_js_file(DATA, defer="defer")  # deferred scripts run in order: the data first
    builder.add_js_file(SCRIPT, defer="defer")
