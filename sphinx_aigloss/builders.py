"""What the extension knows about Sphinx's builders, in one table: every check of a builder's
name or format reads it (through :func:`output_of`).

A builder the table does not name is known by its format ("html", "latex"); any other gets
the plain behaviour: entries as text, maps as lists of relations, no page of the extension's
own. Post-transforms that only one format needs say so with Sphinx's own ``formats``
attribute (``html.CardDataTransform``, ``glossary_tools``, ``latex.TermFootnotes``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: How an ``aigloss:map`` shows: "inline" (SVG in the page, its nodes links), "image" (an SVG
#: file), "figure" (a PDF figure scaled to the page), "list" (the relations as text).
MapKind = Literal["inline", "image", "figure", "list"]


@dataclass(frozen=True, slots=True)
class Output:
    """What one kind of output can show, and how it is put together."""

    #: Pages a browser opens: the script and stylesheet are copied, and terms that have no
    #: entry in the project link to the extension's own glossary page.
    html: bool = False
    #: Each document is resolved as its own tree, never one assembled from several (as
    #: singlehtml, LaTeX and others do): a page without entries needs no search.
    own_tree: bool = False
    #: Every document on one page (singlehtml): links between documents stay in the page,
    #: documents outside the root's toctrees are left out, and no extra pages are collected.
    single_page: bool = False
    #: How a concept map shows (see MapKind).
    map: MapKind = "list"
    #: The builder checks links (linkcheck): a term's reference URLs are citations, not
    #: links the project maintains, so they are not offered to it.
    checks_links: bool = False
    #: Glossary pages carry schema.org JSON-LD (web pages; not an EPUB's).
    linked_data: bool = False
    #: The builder writes Sphinx's search page, which then shows a term's card.
    search_page: bool = False
    #: Many pages that are one book, read in order (EPUB): a term is spelled out on its first
    #: use in the book (``aigloss_expand_first``), not on every page.
    book: bool = False
    #: Its pages run our script (Sphinx's EPUB theme links none: a card's data would be dead weight).
    scripts: bool = True
    #: The builder writes message templates (gettext): one ``<pack-id>.pot`` per active pack too.
    message_templates: bool = False
    #: The builder writes LaTeX sources: the package declaring the invisible characters a term's
    #: text may hold (which pdflatex has no glyph for) goes with them.
    tex: bool = False


_HTML = Output(html=True, map="inline")
_LATEX = Output(map="figure", tex=True)

#: Sphinx's builders, by name.
BUILDERS: dict[str, Output] = {
    "html": replace(_HTML, own_tree=True, linked_data=True, search_page=True),
    "dirhtml": replace(_HTML, own_tree=True, linked_data=True),
    "singlehtml": replace(_HTML, single_page=True, linked_data=True),
    # An EPUB shows a map as an image (no links): EPUBCheck wants inline SVG declared in the
    # manifest, which Sphinx's template cannot say.
    "epub": replace(_HTML, own_tree=True, map="image", book=True, scripts=False),
    "latex": _LATEX,
    "linkcheck": Output(checks_links=True),
    "gettext": Output(message_templates=True),
}
#: Other builders, by format.
FORMATS: dict[str, Output] = {"html": _HTML, "latex": _LATEX}


def output_of(builder: Builder) -> Output:
    """What the extension knows about a builder's output."""
    return BUILDERS.get(builder.name) or FORMATS.get(builder.format, Output())
