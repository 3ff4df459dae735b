"""HTML only: the reader tools of a glossary page — the data for filtering as you type, ids on
the category headings and the jump bar to them.

``render.glossary_nodes`` puts each glossary in a container; an HTML-only post-transform turns
it into a ``glossary_tools`` node holding the strings the script needs, gives each category
heading an id, adds the jump bar and writes each entry's folded search text on its heading.
The field itself is inserted by the script (``static/aigloss-glossary.js``): without
JavaScript there is no field and every entry shows.
"""

from __future__ import annotations

import unicodedata
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import output_of
from .core import Glossary, Term, normalise, slugify
from .domain import domain_of
from .messages import _
from .render import GLOSSARY_GROUP_CLASS

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

SCRIPT = "aigloss-glossary.js"
STYLESHEET = "aigloss-glossary.css"
#: The prefix of the category headings' ids.
CATEGORY_ID = "aigloss-category-"


class glossary_tools(nodes.General, nodes.Element):  # noqa: N801 -- docutils naming
    """One glossary's headings and entries (HTML): attributes ``label`` (the field's name) and
    ``status`` (the live region's text, with ``{shown}`` and ``{total}``)."""


class jump_bar(nodes.General, nodes.Element):  # noqa: N801
    """Links to a glossary's category headings: ``links`` holds (id, category) pairs, or
    (id, category, "en") for a category left in English in a translated glossary."""


class category_heading(nodes.rubric):  # noqa: N801
    """A category's heading in a glossary with reader tools: a rubric that assistive
    technology reads as a heading, ``level`` one below the section holding the glossary."""


class filter_term(nodes.term):  # noqa: N801
    """An entry's heading, with ``search``: the text the filter matches typed words against."""


def search_text(term: Term) -> str:
    """What the filter matches besides the definition: every name form of the term (aliases
    are not on the page), each folded as names are for lookup (``normalise``: case, width,
    hyphens and spaces away), then without accents.

    The script folds typed words, and the definition it reads from the page, the same way, so
    "finetuning" finds "Fine-tuning" and "low rank" finds "Low-Rank". The definition is not
    repeated here: folded, gzip could not share it with the page's text (2.5 kB more for the
    30 canonical terms).
    """
    return " ".join(fold(name) for name in term.names)


def fold(text: str) -> str:
    """A name as the filter compares it: ``normalise``, then without accents (nonspacing marks,
    as ``\\p{Mn}`` in the script)."""
    return "".join(char for char in unicodedata.normalize("NFKD", normalise(text))
                   if unicodedata.category(char) != "Mn")


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def enhance(root: nodes.Element, glossary: Glossary) -> bool:
    """Give every glossary under ``root`` its reader tools; whether there was one.

    Category ids are ``aigloss-category-<slug>``, numbered on from ``-2`` when the page
    already holds the id (a second glossary, a section of that name): unique per page and
    the same in every build.
    """
    groups = [node for node in root.findall(nodes.container) if GLOSSARY_GROUP_CLASS in node["classes"]]
    if not groups:
        return False
    taken = {name for node in root.findall(nodes.Element) for name in node["ids"]}
    bars: list[tuple[jump_bar, str]] = []
    for group in groups:
        links = []
        level = min(6, 1 + sum(1 for node in _ancestors(group) if isinstance(node, nodes.section)))
        for heading in list(group.children):
            if isinstance(heading, nodes.rubric):
                anchor = _unique(CATEGORY_ID + slugify(heading.astext()), taken)
                heading["ids"].append(anchor)
                english = ("en",) if "language-en" in heading["classes"] else ()  # (render.ENGLISH_CLASS)
                links.append((anchor, heading.astext(), *english))
                heading.replace_self(category_heading(heading.rawsource, "", *heading.children,
                                                      level=level, **heading.attributes))
        for old in list(group.findall(nodes.term)):
            term = glossary.terms.get(old.get("aigloss_entry", ""))
            if term is not None:
                new = filter_term(old.rawsource, "", *old.children, **old.attributes)
                new["search"] = search_text(term)
                new.source, new.line = old.source, old.line
                old.replace_self(new)
        box = glossary_tools("", *group.children, label=_("Filter terms"), status=_("{shown} of {total} terms"))
        if len(links) > 1:  # one category needs no jumping
            bar = jump_bar(links=links, label=_("Glossary categories"))
            box.insert(0, bar)
            bars.append((bar, _section_title(group)))
        group.replace_self(box)
    if len(bars) > 1:  # landmarks of one page need names of their own: add the section's title
        names: set[str] = set()
        for bar, title in bars:
            bar["label"] = _unique(f"{bar['label']} ({title})" if title else bar["label"], names)
    return True


def _ancestors(node: nodes.Element) -> list[nodes.Element]:
    out = []
    while node.parent is not None:
        node = node.parent
        out.append(node)
    return out


def _section_title(node: nodes.Element) -> str:
    """The title of the section holding ``node``, or ""."""
    for parent in _ancestors(node):
        if isinstance(parent, nodes.section) and parent.children and isinstance(parent[0], nodes.title):
            return parent[0].astext()
    return ""


class GlossaryToolsTransform(SphinxPostTransform):
    """Add the reader tools to the glossaries of an HTML page."""

    default_priority = 700  # after the glossaries are filled in (EntryTransform)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        domain = domain_of(self.env)
        if self.env.docname not in domain.glossaries and output_of(domain.builder).own_tree:
            return  # most pages: no glossary, no need to search the tree
        if enhance(self.document, domain.glossary):
            self.document["aigloss_glossary"] = True


def visit_glossary_tools(translator: HTML5Translator, node: glossary_tools) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="aigloss-glossary-tools", **{
        "data-aigloss-filter-label": node["label"], "data-aigloss-filter-status": node["status"]}))


def depart_glossary_tools(translator: HTML5Translator, node: glossary_tools) -> None:
    translator.body.append("</div>\n")


def visit_jump_bar(translator: HTML5Translator, node: jump_bar) -> None:
    items = []
    for anchor, label, *lang in node["links"]:
        marked = f' lang="{lang[0]}"' if lang else ""
        items.append(f'<li><a href="#{anchor}"{marked}>{escape(label)}</a></li>')
    translator.body.append(f'<nav class="aigloss-jump" aria-label="{escape(node["label"])}"><ul>{"".join(items)}</ul>'
                           "</nav>\n")
    raise nodes.SkipNode


def visit_category_heading(translator: HTML5Translator, node: category_heading) -> None:
    attributes: dict[str, Any] = {"CLASS": "rubric", "role": "heading", "aria-level": node["level"]}
    translator.body.append(translator.starttag(node, "p", "", **attributes))


def depart_category_heading(translator: HTML5Translator, node: category_heading) -> None:
    translator.body.append("</p>\n")


def visit_filter_term(translator: HTML5Translator, node: filter_term) -> None:
    translator.body.append(translator.starttag(node, "dt", "", **{"data-aigloss-search": node["search"]}))


def depart_filter_term(translator: HTML5Translator, node: filter_term) -> None:
    translator.depart_term(node)  # Sphinx's: closes the <dt>
