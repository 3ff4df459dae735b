"""Docutils node trees for glossary entries, definition blocks and inline definitions.

Only standard docutils nodes are produced, so every builder (HTML, LaTeX, text, man,
texinfo, ...) renders them with its own writer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docutils import nodes

from .core import Glossary, Reference, Term
from .core.l10n import SOURCE_LANGUAGE, english_name, is_english, is_english_category
from .messages import _

#: The classes of a glossary's definition lists (Sphinx's own glossary class, for themes).
GLOSSARY_CLASSES = ["glossary", "aigloss-glossary"]
#: The class of the container around one glossary's categories and entries.
GLOSSARY_GROUP_CLASS = "aigloss-glossary-group"

#: Makes a link to a term around some content, or returns None when there is nowhere to link.
Linker = Callable[[Term, nodes.Node], nodes.Element | None]

#: The class docutils writes as ``lang="en"`` (HTML): text left in English in a translated glossary.
ENGLISH_CLASS = f"language-{SOURCE_LANGUAGE}"


def text_classes(term: Term) -> list[str]:
    """The classes of an element showing the term's definition: marked English when it is."""
    return [ENGLISH_CLASS] if term.lang == SOURCE_LANGUAGE else []


def name_classes(term: Term, name: str = "") -> list[str]:
    """The classes of an element showing a name of the term (its name by default): marked
    English when it is left in English in a translated glossary."""
    return [ENGLISH_CLASS] if is_english(term, name or term.name) else []


def other_form(term: Term, *, within_name: bool = True) -> list[nodes.Node]:
    """" (RM)" after a name: the other form, marked English where it is and the element
    around it (``within_name``: the name's, marked by name_classes) is not."""
    if not term.other_form:
        return []
    text = f" ({term.other_form})"
    english = [ENGLISH_CLASS] if is_english(term, term.other_form) and not (
        within_name and is_english(term, term.name)) else []
    if not within_name:  # (after a link: plain text unless marked)
        return [nodes.inline(text, text, classes=english)] if english else [nodes.Text(text)]
    return [nodes.inline(text, text, classes=["aigloss-other-form", *english])]


def english_note(term: Term) -> list[nodes.Node]:
    """" (English: Fine-tuning)" after a translated name; nothing for an English one."""
    english = english_name(term)
    if not english:
        return []
    label = _("English")
    note = nodes.inline("", f" ({label}: ", classes=["aigloss-english"])
    note += nodes.inline(english, english, classes=[ENGLISH_CLASS])
    note += nodes.Text(")")
    return [note]


def linked_text(term: Term, glossary: Glossary, linker: Linker, *, short: bool = False) -> list[nodes.Node]:
    """A term's definition with the first mention of each other term linked to that term."""
    out: list[nodes.Node] = []
    for text, key in glossary.segments(term, short=short):
        link = linker(glossary.terms[key], nodes.Text(text)) if key in glossary.terms else None
        out.append(link if link is not None else nodes.Text(text))
    return out


def reference_item(ref: Reference, *, links: bool = True) -> nodes.list_item:
    para = nodes.paragraph(classes=["aigloss-reference"])
    if ref.author_text:
        para += nodes.inline(ref.author_text, ref.author_text, classes=["aigloss-authors"])
        para += nodes.Text(", ")
    title: nodes.Node = nodes.emphasis(ref.title, ref.title)
    if ref.url and links:
        title = nodes.reference("", "", title, refuri=ref.url, internal=False)
    para += title
    if ref.label:
        para += nodes.Text(f" ({ref.label})")
    if ref.venue_text:
        para += nodes.Text(f", {ref.venue_text}")
    return nodes.list_item("", para)


def references_block(term: Term, *, links: bool = True) -> list[nodes.Node]:
    if not term.references:
        return []
    label = _("References") if len(term.references) > 1 else _("Reference")
    field = nodes.paragraph(classes=["aigloss-label"])
    field += nodes.strong(label, label)
    items = nodes.bullet_list(classes=["aigloss-references"])
    items.extend(reference_item(ref, links=links) for ref in term.references)
    return [field, items]


def labelled_links(label: str, links: Sequence[nodes.Node], classes: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=[classes])
    para += nodes.strong(label, label)
    para += nodes.Text(": ")
    for i, link in enumerate(links):
        if i:
            para += nodes.Text(", ")
        para += link
    return para


def related_block(term: Term, glossary: Glossary, linker: Linker) -> list[nodes.Node]:
    links = []
    for other in glossary.related(term):
        text = nodes.Text(other.name)
        links.append(linker(other, text) or text)
    return [labelled_links(_("Related terms"), links, "aigloss-related")] if links else []


def entry_body(term: Term, glossary: Glossary, linker: Linker, *, short: bool = False,
               references: bool = True, backlinks: Sequence[nodes.Node] = (), unreferenced_note: bool = False,
               external_links: bool = True) -> list[nodes.Node]:
    """The parts of an entry below its name."""
    body: list[nodes.Node] = [nodes.paragraph("", "", *linked_text(term, glossary, linker, short=short),
                                              classes=text_classes(term))]
    if references:
        body += references_block(term, links=external_links)
        if unreferenced_note and term.unreferenced:
            note = _("No authoritative reference yet (noted for tracking).")
            body.append(nodes.paragraph(note, note, classes=["aigloss-unreferenced"]))
    body += related_block(term, glossary, linker)
    if backlinks:
        body.append(labelled_links(_("Used on"), backlinks, "aigloss-backlinks"))
    return body


def entry_heading(term: Term, node_class: type[nodes.TextElement]) -> nodes.TextElement:
    heading = node_class("", "", classes=name_classes(term))
    heading += nodes.Text(term.name)
    heading.extend(other_form(term))
    heading.extend(english_note(term))
    return heading


def glossary_item(term: Term, anchor: str | None, body: list[nodes.Node]) -> nodes.definition_list_item:
    heading = entry_heading(term, nodes.term)
    heading["aigloss_entry"] = term.id  # which term it shows (for the HTML filter's data)
    if anchor:
        heading["ids"].append(anchor)
    return nodes.definition_list_item("", heading, nodes.definition("", *body))


def index_entry(term: Term, anchor: str) -> tuple[str, str, str, str, None]:
    """The general index entry of a term's entry."""
    return ("single", term.name, anchor, "", None)


def glossary_nodes(groups: Sequence[tuple[str, Sequence[tuple[Term, str | None, list[nodes.Node]]]]],
                   glossary: Glossary | None = None) -> list[nodes.Node]:
    """Category headings, each followed by its entries as a definition list, in one container
    (which the HTML reader tools, ``glossary_tools``, find and enhance)."""
    out = nodes.container(classes=[GLOSSARY_GROUP_CLASS])
    for category, entries in groups:
        english = glossary is not None and is_english_category(glossary, category)
        out += nodes.rubric(category, category, classes=["aigloss-category", *([ENGLISH_CLASS] if english else [])])
        dl = nodes.definition_list(classes=GLOSSARY_CLASSES)
        dl.extend(glossary_item(term, anchor, body) for term, anchor, body in entries)
        out += dl
    return [out]


def category_label(term: Term, glossary: Glossary | None = None) -> nodes.inline:
    english = glossary is not None and is_english_category(glossary, term.category)
    return nodes.inline(term.category, term.category,
                        classes=["aigloss-category-label", *([ENGLISH_CLASS] if english else [])])


def definition_block(term: Term, body: list[nodes.Node], glossary: Glossary | None = None) -> nodes.container:
    """An entry rendered in place (``aigloss:definition``)."""
    heading = entry_heading(term, nodes.strong)
    title = nodes.paragraph("", "", heading, nodes.Text(" \u2014 "), category_label(term, glossary),
                            classes=["aigloss-definition-title"])
    return nodes.container("", title, *body, classes=["aigloss-definition"])


def inline_definition(link: nodes.Node, term: Term) -> nodes.inline:
    """``:aidef:``: the linked term, its other form in parentheses, a colon, the short definition."""
    node = nodes.inline(classes=["aigloss-inline-definition"])
    node += link
    node.extend(other_form(term, within_name=False))
    node.extend(english_note(term))
    node += nodes.Text(": ")
    node += nodes.inline(term.short_definition, term.short_definition, classes=["aigloss-short", *text_classes(term)])
    return node
