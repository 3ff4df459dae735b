"""The terminology reports (PRODUCT §11): ``aigloss_report_abbreviations`` warns where a page
uses an abbreviation before spelling it out, ``aigloss_report_variants`` where prose writes a
term in a spelling none of its names has. The checks are ``core.terminology``'s; this module
reads a page's prose in reading order and says where, in the page's markup.

Runs when a document has been read, before automatic linking, over the prose automatic
linking reads (``prose.prose``) and the text of the page's own ``:aiterm:`` roles: a
role's text is a use of the term like any other. A short bold or title-like paragraph that
linking takes for a sub-heading is read too: that is a guess made for links, while a report
must say what ``aigloss check`` says from the source (a variant there is a variant for the
reader); sections' titles are titles for both.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from .core import normalise
from .core.phrases import QUOTE_MARK, ignore_patterns, quotations
from .core.terminology import ABBREVIATION, Finding, FirstUses, variants
from .domain import domain_of
from .messages import WARNING_TYPE, Subtype, __
from .noted import Note, note
from .prose import REFERENCE_TITLES, Block, prose, skipped
from .report import SourceLines, is_myst, line_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_NOT_NEWLINE = re.compile(r"[^\n]")


class Piece(NamedTuple):
    """Text that reads as one: a run of prose text nodes, or the text of one role."""

    texts: list[nodes.Text]
    block: Block
    role: addnodes.pending_xref | None


def _enabled(app: Sphinx, option: str, subtype: str) -> bool:
    # A report nobody sees (suppress_warnings) is not worth reading the prose for.
    return bool(getattr(app.config, option)) and not logging.is_suppressed_warning(
        WARNING_TYPE, subtype, app.config.suppress_warnings)


def process(app: Sphinx, doctree: nodes.document) -> None:
    """Report the page's variants and abbreviations used before they are spelled out."""
    check_variants = _enabled(app, "aigloss_report_variants", Subtype.variant)
    # With aigloss_expand_first, the extension spells abbreviations out itself.
    check_abbreviations = (_enabled(app, "aigloss_report_abbreviations", Subtype.abbreviation)
                           and not getattr(app.config, "aigloss_expand_first", False))
    if not check_variants and not check_abbreviations:
        return
    matcher = domain_of(app.env).base.matcher
    uses = FirstUses(matcher)
    reported: set[tuple[str, str]] = set()  # (kind, term id): once per term and page
    sources = SourceLines(app.config.source_encoding)
    patterns = ignore_patterns(tuple(app.config.aigloss_autolink_ignore))
    for group in _groups(_pieces(doctree)):
        content, starts = _joined(group)
        content = _blanked(content, patterns)
        mentions = matcher.mentions(content)  # read once for both checks
        found = variants(content, matcher, mentions=mentions) if check_variants else []
        if check_abbreviations:
            found += uses.feed(content, mentions=mentions)
        for finding in sorted(found, key=lambda finding: finding.start):  # reading order
            if (finding.kind, finding.term.id) in reported:
                continue
            reported.add((finding.kind, finding.term.id))
            index = bisect.bisect_right(starts, finding.start) - 1
            _warn(app, finding, group[index], content[starts[index]:finding.start].count("\n"), sources)


def _pieces(doctree: nodes.document) -> list[Piece]:
    """The page's prose runs (guessed headings' too) and term roles, in reading order."""
    pieces = [Piece(run, block, None) for run, block in prose(doctree, Block(doctree, None), headings=False)]
    works = _works(doctree)
    roles = [Piece(texts, _block_of(xref), xref) for xref in doctree.findall(addnodes.pending_xref)
             if xref.get("refdomain") == "aigloss" and (texts := list(xref.findall(nodes.Text)))
             and _reached(xref, works)]
    if not roles:
        return pieces
    order = {id(text): index for index, text in enumerate(doctree.findall(nodes.Text))}
    return sorted(pieces + roles, key=lambda piece: order[id(piece.texts[0])])


def _works(doctree: nodes.document) -> set[int]:
    """The ids of the blocks the prose walk leaves out as a list of works: those after a
    "References" rubric, up to the next rubric, section or transition."""
    out: set[int] = set()
    for rubric in doctree.findall(nodes.rubric):
        if normalise(rubric.astext()) not in REFERENCE_TITLES or not isinstance(rubric.parent, nodes.Element):
            continue
        for sibling in rubric.parent.children[rubric.parent.index(rubric) + 1:]:
            if isinstance(sibling, nodes.rubric | nodes.section | nodes.transition):
                break
            out.add(id(sibling))
    return out


def _reached(node: nodes.Element, works: set[int]) -> bool:
    """Whether the prose walk (guessed headings read) reaches a role: nothing above it is
    skipped or in a list of works (``_works``)."""
    return id(node) not in works and not any(
        id(parent) in works or skipped(parent, headings=False) for parent in _ancestors(node))


def _ancestors(node: nodes.Element) -> list[nodes.Element]:
    out = []
    parent = node.parent
    while isinstance(parent, nodes.Element) and not isinstance(parent, nodes.document):
        out.append(parent)
        parent = parent.parent
    return out


def _block_of(node: nodes.Element) -> Block:
    """The block a role (or a paragraph) flows in and the block its line counts from, as
    ``prose`` gives them."""
    block: nodes.Node = node
    while isinstance(block, nodes.Inline) and isinstance(block, nodes.Element) and block.parent is not None:
        block = block.parent
    assert isinstance(block, nodes.Element)
    lines: nodes.Element | None = block
    while lines is not None and lines.line is None:
        lines = lines.parent
    return Block(block, lines)


def _groups(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces that follow one another in one block, read as one text: "**SFT** (Supervised
    Fine-Tuning)" and ":aiterm:`SFT` (...)" spell the abbreviation out beside it."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups and groups[-1][-1].block.node is piece.block.node:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _joined(group: list[Piece]) -> tuple[str, list[int]]:
    """The group's text, and where each piece starts in it."""
    texts = ["".join(text.astext() for text in piece.texts) for piece in group]
    starts = [0]
    for text in texts[:-1]:
        starts.append(starts[-1] + len(text))
    return "".join(texts), starts


def _blanked(content: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    """The text with what is not the author's own words blanked out (line breaks kept, for
    the lines of findings after them): quotations ("Efficient Finetuning of ..." in a
    paper's title stays as its authors spelled it) and ``aigloss_autolink_ignore`` phrases."""
    spans = quotations(content, "")[0] if QUOTE_MARK.search(content) else []
    spans += [match.span() for pattern in patterns for match in pattern.finditer(content)]
    for start, end in spans:
        content = content[:start] + _NOT_NEWLINE.sub(" ", content[start:end]) + content[end:]
    return content


def _warn(app: Sphinx, finding: Finding, piece: Piece, breaks: int, sources: SourceLines) -> None:
    """Note one warning at the finding's file and line (``noted`` emits it once per place in
    the build: a file two pages include is reported once, under ``-j`` too)."""
    holder = piece.block.lines
    source = holder.source if holder is not None else None
    line = line_of(piece.texts[0], holder, sources) if holder is not None else None
    location = f"{sources.absolute(source)}:{line + breaks}" if source and line else app.env.docname
    written = " ".join(finding.written.split())
    if finding.kind == ABBREVIATION:
        subtype = Subtype.abbreviation
        message = __("abbreviation %r is used before it is spelled out on this page: write %s") % (
            written, _spelled_out(app, finding, piece, source, sources))
    else:
        subtype = Subtype.variant
        message = __("%r is not a spelling of AI term %r: write %r") % (written, finding.term.name, finding.use)
    note(app.env, app.env.docname, Note(location, subtype, finding.term.id, message))


def _spelled_out(app: Sphinx, finding: Finding, piece: Piece, source: str | None, sources: SourceLines) -> str:
    """"Expansion (ABBR)" as the page writes it: the abbreviation stays in its role, if it
    was written as one (reStructuredText or MyST)."""
    role = piece.role
    written = " ".join(finding.written.split())
    if role is None or role.astext() != finding.written:
        return finding.use
    myst = sources.myst.get(source)
    if myst is None:
        myst = sources.myst[source] = is_myst(app, source)
    name = "aiterm" if role.get("reftype") == "term" else "aidef"
    target = f"{written} <{role['reftarget']}>" if role.get("refexplicit") else written
    return f"{finding.term.expansion} ({{{name}}}`{target}`)" if myst else (
        f"{finding.term.expansion} (:{name}:`{target}`)")
