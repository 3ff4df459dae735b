"""Automatic linking of term mentions in prose, and the report of unlinked mentions.

Runs when a document has been read (``doctree-read``), not when it is written: auto-links
then become ordinary ``:aiterm:`` cross-references, recorded like the role's, so hover
cards, back-links and ``:used-only:`` glossaries count them exactly the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from .domain import domain_of
from .messages import WARNING_TYPE, Subtype, __

if TYPE_CHECKING:
    from sphinx.application import Sphinx


logger = logging.getLogger(__name__)

#: Text under these nodes is never prose to link: code, math, links, headings, markup.
SKIPPED = (
    nodes.FixedTextElement,  # literal blocks, doctest blocks, math blocks, comments, raw ...
    nodes.literal, nodes.math, nodes.raw, nodes.reference, nodes.target, nodes.title,
    nodes.subtitle, nodes.rubric, nodes.term, nodes.abbreviation, nodes.field_name,
    nodes.option_string, nodes.substitution_definition, nodes.image, nodes.Invisible,
    addnodes.pending_xref, addnodes.desc_signature, addnodes.toctree, addnodes.index,
    addnodes.literal_emphasis, addnodes.literal_strong, addnodes.manpage,
)
#: A node (or container) with this class is left alone, with everything inside it.
SKIP_CLASSES = frozenset({"aigloss-no-autolink", "glossary", "aigloss-glossary", "aigloss-definition"})
METADATA_KEY = "aigloss-autolink"


def _prose(node: nodes.Element) -> Iterator[nodes.Text]:
    """The text nodes below ``node`` that are prose; skipped subtrees are not entered."""
    for child in node.children:
        if isinstance(child, nodes.Text):
            yield child
        elif (isinstance(child, nodes.Element) and not isinstance(child, SKIPPED)
              and not SKIP_CLASSES.intersection(child["classes"])):
            yield from _prose(child)


def _first_line(text: nodes.Text) -> int | None:
    """The source line a text node starts on: its paragraph's line plus the line breaks
    of the text before it in that paragraph."""
    node: nodes.Node | None = text.parent
    while node is not None and getattr(node, "line", None) is None:
        node = node.parent
    if node is None or not isinstance(node, nodes.Element) or node.line is None:
        return None
    breaks = 0
    for piece in node.findall(nodes.Text):
        if piece is text:
            return node.line + breaks
        breaks += piece.astext().count("\n")
    return None


def _page_enabled(app: Sphinx, docname: str) -> bool:
    value = app.env.metadata.get(docname, {}).get(METADATA_KEY, True)
    return str(value).strip().lower() not in ("false", "no", "off", "0")


def process(app: Sphinx, doctree: nodes.document) -> None:
    """Link mentions (``aigloss_autolink``) and report unlinked ones (``aigloss_report_unlinked``)."""
    mode = app.config.aigloss_autolink
    report = app.config.aigloss_report_unlinked
    if not mode and not report:
        return
    env = app.env
    docname = env.docname
    domain = domain_of(env)
    glossary = domain.base
    if not _page_enabled(app, docname):
        return  # the page opted out: its prose is left alone, and not reported either
    # Terms the page already links to with a role: "first" mode adds no second link to them.
    linked = {key for key in domain.refs.get(docname, {}).values() if key}

    for text in list(_prose(doctree)):
        content = text.astext()
        mentions = glossary.mentions(content, autolink_only=True)
        if not mentions:
            continue
        pieces: list[nodes.Node] = []
        pos = 0
        start_line: int | None = None  # of this text node, found on the first unlinked mention
        for mention in mentions:
            term = mention.term
            if mode == "all" or (mode == "first" and term.key not in linked):
                pieces.append(nodes.Text(content[pos:mention.start]))
                pieces.append(_xref(env.docname, content[mention.start:mention.end], term.name, text))
                domain.note_reference(docname, term.name)
                linked.add(term.key)
                pos = mention.end
            elif report and term.key not in linked:
                start_line = _first_line(text) if start_line is None else start_line
                line = None if start_line is None else start_line + content.count("\n", 0, mention.start)
                logger.warning(__("unlinked mention of AI term %r: write :aiterm:`%s`"),
                               content[mention.start:mention.end], content[mention.start:mention.end],
                               type=WARNING_TYPE, subtype=Subtype.unlinked_mention,
                               location=(docname, line) if line else text.parent)
        if pieces:
            pieces.append(nodes.Text(content[pos:]))
            parent = text.parent
            assert parent is not None
            index = parent.index(text)
            parent[index:index + 1] = [p for p in pieces if not (isinstance(p, nodes.Text) and not p.astext())]


def _xref(docname: str, text: str, target: str, near: nodes.Text) -> addnodes.pending_xref:
    """The node ``:aiterm:`text <target>``` would have made."""
    node = addnodes.pending_xref(text, refdomain="aigloss", reftype="term", reftarget=target,
                                 refexplicit=True, refwarn=False, refdoc=docname)
    node += nodes.inline(text, text, classes=["xref", "aigloss-auto"])
    parent = near.parent
    if isinstance(parent, nodes.Element):
        node.source, node.line = parent.source, parent.line
    return node
