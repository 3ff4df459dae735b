"""Automatic linking of term mentions in prose, and the report of unlinked mentions.

Runs when a document has been read (``doctree-read``), not when it is written: auto-links
then become ordinary ``:aiterm:`` cross-references, recorded like the role's, so hover
cards, back-links and ``:used-only:`` glossaries count them exactly the same way.

It links the way a careful editor does: only where a reader expects a link (PRODUCT §10).
What is never prose (code, links, headings, quotations, footnotes ...) is left out while the
tree is walked; what depends on the words around a mention (quotation marks, hyphens,
parentheses, case, ignored phrases) is decided per mention, from the text around it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from .core import Glossary, Mention, Term, normalise, singulars
from .domain import domain_of
from .report import SourceLines, report

if TYPE_CHECKING:
    from sphinx.application import Sphinx


logger = logging.getLogger(__name__)

#: Text under these nodes is never prose to link: code, math, links, headings, markup,
#: messages, notes (footnotes, citations) and table headers.
SKIPPED = (
    nodes.FixedTextElement,  # literal blocks, doctest blocks, math blocks, comments, raw ...
    nodes.literal, nodes.math, nodes.raw, nodes.reference, nodes.target, nodes.title,
    nodes.subtitle, nodes.rubric, nodes.term, nodes.abbreviation, nodes.field_name,
    nodes.option_string, nodes.substitution_definition, nodes.image, nodes.Invisible,
    nodes.system_message, nodes.problematic,  # shown or not, a message is not the author's prose
    nodes.footnote, nodes.citation, nodes.footnote_reference, nodes.citation_reference,
    nodes.thead,
    addnodes.pending_xref, addnodes.desc_signature, addnodes.toctree, addnodes.index,
    addnodes.literal_emphasis, addnodes.literal_strong, addnodes.manpage,
)
#: A node (or container) with this class is left alone, with everything inside it.
SKIP_CLASSES = frozenset({"aigloss-no-autolink", "glossary", "aigloss-glossary", "aigloss-definition"})
METADATA_KEY = "aigloss-autolink"

#: Sections (and the run of text after a rubric) with these titles list works, not prose.
REFERENCE_TITLES = frozenset(normalise(title) for title in (
    "References", "Bibliography", "Citations", "Works cited", "Further reading", "Literature", "Publications"))
#: A block quote that opens with ``[!NOTE]`` (and the like) is a GitHub-style alert: a note,
#: not a quotation (MyST-Parser makes it an admonition only with its "alert" extension).
ALERT = re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
#: The second half of "LoRA-based": a word that makes the term a modifier, so the term
#: keeps its own meaning and is linked. Any other word after a hyphen makes the term part
#: of another name ("Quantization-Aware Training") and it is not linked.
MODIFIERS = frozenset({
    "based", "style", "like", "specific", "only", "free", "friendly", "enabled", "powered", "driven",
    "compatible", "ready", "related", "generated", "tuned", "trained", "adapted", "aligned", "derived",
    "inspired", "centric", "augmented",
})
HYPHENS = "-\u2010\u2011"
#: Opening quotation mark -> the mark that closes it.
QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb", "\u201e": "\u201c", '"': '"', "'": "'"}
QUOTE_MARK = re.compile("[\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e]")
WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
NOT_IN_PHRASE = re.compile("[^\\w\\s'\u2019\\-\u2010\u2011]")  # punctuation that ends an ignored phrase


class Block(NamedTuple):
    """Where a text node flows: the block it is part of and the block its line counts from."""

    node: nodes.Element  # quotation marks pair up within one block (a paragraph, a cell ...)
    lines: nodes.Element | None  # the nearest block with a source line


class Ignored(NamedTuple):
    """``aigloss_autolink_ignore``: the normalised phrases, and their lengths in words."""

    phrases: frozenset[str]
    sizes: tuple[int, ...]


def _skipped(node: nodes.Element) -> bool:
    if isinstance(node, SKIPPED) or SKIP_CLASSES.intersection(node["classes"]):
        return True
    if isinstance(node, nodes.block_quote):  # a quotation, unless it is a GitHub-style alert
        first = node.children[0] if node.children else None
        return not (isinstance(first, nodes.paragraph) and ALERT.match(first.astext()))
    if isinstance(node, nodes.section) and node.children and isinstance(node[0], nodes.title):
        return normalise(node[0].astext()) in REFERENCE_TITLES
    return False


def _prose(node: nodes.Element, block: Block) -> Iterator[tuple[nodes.Text, Block]]:
    """The text nodes below ``node`` that are prose, each with its block; skipped subtrees
    are not entered."""
    references = False  # after a "References" rubric (numpydoc writes one), until the next
    for child in node.children:
        if isinstance(child, nodes.Text):
            yield child, block
            continue
        if isinstance(child, nodes.rubric):
            references = normalise(child.astext()) in REFERENCE_TITLES
        elif isinstance(child, nodes.section | nodes.transition):
            references = False
        if references or not isinstance(child, nodes.Element) or _skipped(child):
            continue
        if isinstance(child, nodes.Inline):
            yield from _prose(child, block)
        else:
            yield from _prose(child, Block(child, child if child.line is not None else block.lines))


def _quoted(content: str, closer: str) -> tuple[list[tuple[int, int]], str]:
    """The spans of ``content`` between quotation marks, and the mark still awaited at its
    end. ``closer`` is the mark awaited from the text before, in the same block ("" if none).

    A mark opens a quotation only at the start of a word and closes it only at the end of
    one, so apostrophes ("don't", "models' outputs") and inch marks open nothing."""
    spans = []
    start = 0
    for match in QUOTE_MARK.finditer(content):
        mark, pos = match.group(), match.start()
        before = content[pos - 1] if pos else " "
        after = content[pos + 1] if pos + 1 < len(content) else " "
        if closer:
            if mark == closer and not after.isalnum():
                spans.append((start, pos))
                closer = ""
        elif mark in QUOTES and not before.isalnum() and not after.isspace():
            closer, start = QUOTES[mark], pos + 1
    if closer:
        spans.append((start, len(content)))
    return spans, closer


def _mixed_case(name: str) -> bool:
    """"LoRA", "QLoRA", "GPT": a capital after the first letter of one of the name's words."""
    return any(any(c.isupper() for c in word[1:]) for word in re.findall(r"[^\W\d_]+", name))


def _other_case(span: str, term: Term) -> bool:
    """Whether the span writes a mixed-case name in another case ("lora" for "LoRA"): then it
    is a value or an identifier, not the term."""
    norm = normalise(span)
    forms = {norm, *singulars(norm)}
    names = [name for name in term.names if normalise(name) in forms]
    written = " ".join(span.split())
    return bool(names) and all(
        _mixed_case(name) and written not in (name, name + "s", name + "'s", name + "\u2019s") for name in names)


def _part_of_word(content: str, start: int, end: int) -> bool:
    """Whether a mention is half of a hyphenated word: after a prefix ("de-quantization") or
    the first part of a longer name ("Quantization-Aware Training"), but not "LoRA-based"."""
    if start >= 2 and content[start - 1] in HYPHENS and content[start - 2].isalnum():
        return True
    if end + 1 < len(content) and content[end] in HYPHENS and content[end + 1].isalnum():
        word = WORD.match(content, end + 1)
        return word is None or word.group().lower() not in MODIFIERS
    return False


def _ignored(content: str, words: Sequence[tuple[int, int]], starts: Sequence[int], mention: Mention,
             ignored: Ignored) -> bool:
    """Whether a mention is part of a phrase listed in ``aigloss_autolink_ignore``; ``words``
    are the (start, end) of the words of ``content``, ``starts`` their starts."""
    first = bisect.bisect_left(starts, mention.start)
    last = bisect.bisect_left(starts, mention.end) - 1
    for size in ignored.sizes:
        for begin in range(max(0, last - size + 1), min(first, len(words) - size) + 1):
            phrase = content[words[begin][0]:words[begin + size - 1][1]]
            if not NOT_IN_PHRASE.search(phrase) and normalise(phrase) in ignored.phrases:
                return True
    return False


def _link_before(text: nodes.Text, glossary: Glossary) -> str:
    """The key of the term named by the link right before a text node ("" if none)."""
    parent = text.parent
    assert parent is not None
    siblings = parent.children
    index = next(i for i, child in enumerate(siblings) if child is text)
    for node in reversed(siblings[:index]):
        if isinstance(node, nodes.Invisible):  # the target an rST link with its URL leaves
            continue
        if isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "aigloss":
            name = node["reftarget"]
        elif isinstance(node, nodes.reference | addnodes.pending_xref):
            name = node.astext()
        else:
            return ""
        term = glossary.lookup(name).term
        return term.id if term else ""
    return ""


def _in_parentheses_after(content: str, mention: Mention, link: tuple[int, str], text: nodes.Text,
                          glossary: Glossary) -> bool:
    """Whether a mention is an other form in parentheses right after a link to its term:
    "[DPO](...) (Direct Preference Optimization)", "Supervised Fine-Tuning (SFT)".
    ``link`` is (end, key) of the last link made in this text."""
    pos = mention.start
    while pos and content[pos - 1].isspace():
        pos -= 1
    if not pos or content[pos - 1] != "(" or not content[mention.end:].lstrip().startswith(")"):
        return False
    pos -= 1
    while pos and content[pos - 1].isspace():
        pos -= 1
    if pos:
        return link == (pos, mention.term.id)
    return _link_before(text, glossary) == mention.term.id


def _mode(value: object) -> str:
    """``aigloss_autolink``: "first", "all" or "" (True means "first")."""
    return "first" if value is True else value if value in ("first", "all") else ""


def _page_enabled(app: Sphinx, docname: str) -> bool:
    value = app.env.metadata.get(docname, {}).get(METADATA_KEY, True)
    return str(value).strip().lower() not in ("false", "no", "off", "0")


def process(app: Sphinx, doctree: nodes.document) -> None:
    """Link mentions (``aigloss_autolink``) and report unlinked ones (``aigloss_report_unlinked``)."""
    mode = _mode(app.config.aigloss_autolink)
    reporting = app.config.aigloss_report_unlinked
    if not mode and not reporting:
        return
    env = app.env
    docname = env.docname
    domain = domain_of(env)
    glossary = domain.base
    if not _page_enabled(app, docname):
        return  # the page opted out: its prose is left alone, and not reported either
    # Terms the page already links to with a role: "first" mode adds no second link to them.
    linked = {key for key in domain.refs.get(docname, {}).values() if key}
    reported: set[str] = set()  # terms reported on this page: once per term and page
    phrases = {normalise(phrase): len(WORD.findall(phrase)) for phrase in app.config.aigloss_autolink_ignore}
    phrases.pop("", None)
    ignored = Ignored(frozenset(phrases), tuple(sorted(set(phrases.values()))))
    sources = SourceLines(app.config.source_encoding)

    quote_block: nodes.Element | None = None
    closer = ""  # the quotation mark awaited in the current block
    for text, block in list(_prose(doctree, Block(doctree, None))):
        content = text.astext()
        if block.node is not quote_block:
            quote_block, closer = block.node, ""
        quoted, closer = _quoted(content, closer) if closer or QUOTE_MARK.search(content) else ([], "")
        mentions = glossary.mentions(content, autolink_only=True)
        if not mentions:
            continue
        words = [m.span() for m in WORD.finditer(content)] if ignored.phrases else []
        starts = [start for start, _end in words]
        pieces: list[nodes.Node] = []
        pos = 0
        link = (-1, "")  # (end, key) of the last link made in this text
        for mention in mentions:
            term = mention.term
            to_link = mode == "all" or (mode == "first" and term.id not in linked)
            if not to_link and not (reporting and term.id not in linked and term.id not in reported):
                continue  # nothing to do with this term here: the rules below need not be asked
            span = content[mention.start:mention.end]
            if (any(start < mention.end and mention.start < end for start, end in quoted)
                    or _part_of_word(content, mention.start, mention.end)
                    or _other_case(span, term)
                    or (ignored.phrases and _ignored(content, words, starts, mention, ignored))
                    or _in_parentheses_after(content, mention, link, text, glossary)):
                continue
            if to_link:
                pieces.append(nodes.Text(content[pos:mention.start]))
                pieces.append(_xref(env.docname, span, term.name, text))
                domain.note_reference(docname, term.name)
                linked.add(term.id)
                pos = mention.end
                link = (mention.end, term.id)
            else:
                reported.add(term.id)
                report(app, " ".join(span.split()), text, block.lines, content.count("\n", 0, mention.start),
                       sources)
        if pieces:
            pieces.append(nodes.Text(content[pos:]))
            parent = text.parent
            assert parent is not None
            index = next(i for i, child in enumerate(parent.children) if child is text)  # not ==: Text is a str
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
