"""What in a document is prose: the walk automatic linking and the prose reports share.

Code, math, links, headings (and bold questions standing as one), markup, messages, notes, table
headers, quotations and "References" sections are not prose; what is, comes as runs of
adjacent text nodes, each with the block it flows in (quotation marks pair up within a block)
and the block its line counts from.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx import addnodes

from .core import normalise, senses, wordsenses
from .core.text import OPAQUE_HTML, OPAQUE_OPEN

if TYPE_CHECKING:
    from .core import Glossary

#: Text under these nodes is never prose to link: code, math, links, headings, markup,
#: messages, notes (footnotes, citations) and table headers.
SKIPPED = (
    nodes.FixedTextElement,  # literal blocks, doctest blocks, math blocks, comments, raw ...
    nodes.literal, nodes.math, nodes.raw, nodes.reference, nodes.target, nodes.title,
    nodes.subtitle, nodes.rubric, nodes.term, nodes.abbreviation, nodes.field_name,
    nodes.title_reference,  # rST's default role, `text`: a title or an identifier, not prose
    nodes.option_string, nodes.substitution_definition, nodes.image, nodes.Invisible,
    nodes.system_message, nodes.problematic,  # shown or not, a message is not the author's prose
    nodes.footnote, nodes.citation, nodes.footnote_reference, nodes.citation_reference,
    nodes.thead,
    addnodes.pending_xref, addnodes.desc_signature, addnodes.toctree, addnodes.index,
    addnodes.literal_emphasis, addnodes.literal_strong, addnodes.manpage,
)
#: Raw HTML that opens or closes an element whose words are a link, code or script, not prose
#: ("<a href=…/>" opens one too: none of these elements is void).
RAW_TAG = re.compile(r"<(?:(" + OPAQUE_OPEN + r")|/(" + OPAQUE_HTML + r"))(?=[\s/>])[^>]*>", re.I)
#: A node (or container) with this class is left alone, with everything inside it.
SKIP_CLASSES = frozenset({"aigloss-no-autolink", "glossary", "aigloss-glossary", "aigloss-definition"})
#: Sections (and the run of text after a rubric) with these titles list works, not prose.
REFERENCE_TITLES = frozenset(normalise(title) for title in (
    "References", "Bibliography", "Citations", "Works cited", "Further reading", "Literature", "Publications"))
#: A block quote that opens with ``[!NOTE]`` (and the like) is a GitHub-style alert: a note,
#: not a quotation (MyST-Parser makes it an admonition only with its "alert" extension).
ALERT = re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
#: A block quote that opens with a note's label ("Note:", "**Tip**", "**Note (GPUs):**") is a
#: note written with ``>`` or indentation, not a quotation.
NOTE_WORD = re.compile(r"\W{0,3}(?:notes?|tips?|hint|important|warning|caution|attention|info)\b", re.IGNORECASE)
NOTE_LABEL = re.compile(NOTE_WORD.pattern + r"\s*(?:\([^()]*\))?\s*:", re.IGNORECASE)
#: Blocks in which a block quote is only deeper indentation (an answer under a numbered
#: question, a paragraph indented under a definition), not a quotation.
INDENTING = (nodes.Admonition, nodes.list_item, nodes.definition)

class Block(NamedTuple):
    """Where a text node flows: the block it is part of and the block its line counts from."""

    node: nodes.Element  # quotation marks pair up within one block (a paragraph, a cell ...)
    lines: nodes.Element | None  # the nearest block with a source line


#: What ``skipped`` asks of a node's type (one of SKIPPED; a strong, a paragraph, a block quote,
#: a section), by type: one dict look-up instead of ~30 isinstance checks for each element of
#: every page.
_SKIPPED_TYPE: dict[type, tuple[bool, bool, bool, bool, bool]] = {}
#: What the walk asks of a child's type (``_walk_kind``), by type.
_WALK_TYPE: dict[type, tuple[bool, bool, bool, bool, bool]] = {}
#: A Block made in C (a named tuple's own ``__new__`` is Python code).
_block = functools.partial(tuple.__new__, Block)


def _skipped_kind(kind: type) -> tuple[bool, bool, bool, bool, bool]:
    _SKIPPED_TYPE[kind] = found = (issubclass(kind, SKIPPED), issubclass(kind, nodes.strong),
                                   issubclass(kind, nodes.paragraph), issubclass(kind, nodes.block_quote),
                                   issubclass(kind, nodes.section))
    return found


def _walk_kind(kind: type) -> tuple[bool, bool, bool, bool, bool]:
    """A child's type in the walk: a Text, a rubric, a section or transition, an Element, Inline."""
    _WALK_TYPE[kind] = found = (issubclass(kind, nodes.Text), issubclass(kind, nodes.rubric),
                                issubclass(kind, nodes.section | nodes.transition), issubclass(kind, nodes.Element),
                                issubclass(kind, nodes.Inline))
    return found


def skipped(node: nodes.Element, headings: bool = True) -> bool:
    """Whether ``node`` is no prose; with ``headings`` false, a short bold or title-like line
    that stands as a sub-heading (a guess made for links) is prose."""
    kind = type(node)
    by_type, strong, paragraph, quote, section = _SKIPPED_TYPE.get(kind) or _skipped_kind(kind)
    classes = node.attributes["classes"]  # (``node["classes"]``, without a call)
    if by_type or (classes and SKIP_CLASSES.intersection(classes)):
        return True
    if headings and strong and _bold_line(node):  # type: ignore[arg-type]
        return True
    if headings and paragraph and _title_line(node):  # type: ignore[arg-type]
        return True
    if quote:  # a quotation, unless it is a note or indentation
        return not (isinstance(node.parent, INDENTING) or _note(node))  # type: ignore[arg-type]
    if section and node.children and isinstance(node.children[0], nodes.title):
        return normalise(astext(node.children[0])) in REFERENCE_TITLES and not _manual(node)  # type: ignore[arg-type]
    return False


#: A question or a section number opening a line: "What is row pruning", "3.2 Two-bit quantization".
RUBRIC_START = re.compile(r"\s*(?:(?:what|when|how|why|which|where)\b|\d+(?:\.\d+)+\s)", re.IGNORECASE)


def _bold_line(strong: nodes.strong) -> bool:
    """Whether bold text is a whole paragraph of its own in a section that asks a question
    or is numbered: a sub-heading ("**When to use row pruning**"), not prose. (In a list item
    or a table cell it is the item's text; a bold title-like line may be a slogan.)"""
    paragraph = strong.parent
    if PATH.fullmatch(strong.astext().strip()):
        return True  # "**examples/quantization**:": a folder, not words
    return (isinstance(paragraph, nodes.paragraph) and isinstance(paragraph.parent, nodes.section)
            and paragraph.astext().strip() == strong.astext().strip() and bool(RUBRIC_START.match(strong.astext())))


#: A path in bold, "examples/quantization", "configs/pruning/": no spaces, a slash inside.
PATH = re.compile(r"[\w.\-~]*(?:/[\w.\-~]+)+/?:?")


#: A mention that is a file's or a folder's name in a path written in prose: the path starts
#: with a slash, holds a file name, an underscore or a digit inside a lower-case word, or a
#: folder word follows ("pretrain/train_x.py", "config/finetuning directory").
PATH_CHARS = re.compile(r"[\w.\-~/]")
PATH_START = re.compile(r"(?:\.{0,2}|~)/\w")
PATH_SIGN = re.compile(r"_|[a-z]\d[a-z]|\w\.[a-z]{1,5}(?:/|$)")
FOLDER_AFTER = re.compile(r"\s*(?:director(?:y|ies)|folders?|dir\b|\u76ee\u5f55)", re.IGNORECASE)


def in_path(content: str, start: int, end: int) -> bool:
    """Whether a mention next to a slash is a name in a path, not a word ("MiniCPM/quantize
    folder"); "pre-training/fine-tuning", "SFT/DPO" are words."""
    if content[start - 1:start] != "/" and content[end:end + 1] != "/":
        return False
    left, right = start, end
    while left and PATH_CHARS.match(content, left - 1):
        left -= 1
    while right < len(content) and PATH_CHARS.match(content, right):
        right += 1
    # The path without the mention (a space in its place: its own name is no sign).
    rest = content[left:start] + " " + content[end:right].rstrip(".")
    return bool(PATH_START.match(content, left) or PATH_SIGN.search(rest) or FOLDER_AFTER.match(content, right))


#: What a sub-heading introduces: a code example or a list.
INTRODUCED = (nodes.literal_block, nodes.doctest_block, nodes.container, nodes.bullet_list, nodes.enumerated_list)
#: A short title-like line: a capital first, no sentence punctuation, no comma (a release's
#: bold summary "Hotfix for PPO, internal refactoring" is prose); bold may end in a colon
#: ("**Full fine-tuning:**" is a label, a plain "Run it:" a sentence).
TITLE_LINE = re.compile(r"[A-Z][^\n.!?;,:]*")
BOLD_TITLE_LINE = re.compile(r"[A-Z][^\n.!?;,:]*:?")
#: What a bold line may head: a list or a table; and a sentence's end, which a heading lacks.
HEADED = (nodes.bullet_list, nodes.enumerated_list, nodes.table)
SENTENCE_END = re.compile(r"\.(?:\s|$)")


def _title_line(paragraph: nodes.paragraph) -> bool:
    """Whether a paragraph is only a short title-like line standing as a sub-heading: bold
    ("**Quantization with mixed precision**"), or plain and over the code example or the list
    it introduces ("Finetune", at most three words); in bold, a card's first line, a numbered
    list's one item, or any bold line but a sentence over a list or a table. A bold sentence,
    bold words in a sentence, a list item's or a table cell's text stay prose."""
    parent = paragraph.parent
    in_section = isinstance(parent, nodes.section | nodes.document)
    if len(paragraph.children) > 3 or not (in_section or _opens(paragraph, parent) or _lone_item(paragraph, parent)):
        return False
    inner = [child for child in paragraph.children if not (isinstance(child, nodes.Text) and not child.strip())]
    if len(inner) != 1:
        return False
    line = astext(inner[0]).strip()
    if isinstance(inner[0], nodes.strong):
        # (Whatever follows: the example it names may be an include the build could not read.)
        if len(line.split()) > 12:
            return False
        # Over a list or a table, a bold line that is no sentence heads it, whatever its
        # marks: "**Post-Training: Distillation from X**", "**Model4.1 quantized variants:**".
        return BOLD_TITLE_LINE.fullmatch(line) is not None or (
            in_section and not SENTENCE_END.search(line) and isinstance(_after(paragraph, parent), HEADED))
    if not in_section:
        return False  # a card's or a numbered item's plain first line is its text
    if not isinstance(inner[0], nodes.Text) or not TITLE_LINE.fullmatch(line) or len(line.split()) > 3:
        return False
    after = _after(paragraph, parent)
    if isinstance(after, nodes.container):  # a code block with a caption
        return any(isinstance(child, nodes.literal_block) for child in after.children)
    return isinstance(after, INTRODUCED)


def _after(paragraph: nodes.paragraph, parent: nodes.Element) -> nodes.Node | None:
    """The block after a paragraph, past comments and targets."""
    index = parent.index(paragraph)
    return next((n for n in parent.children[index + 1:] if not isinstance(n, nodes.Invisible)), None)


def _opens(paragraph: nodes.paragraph, parent: nodes.Element | None) -> bool:
    """Whether a paragraph opens a card (a container with more after it): its title."""
    return isinstance(parent, nodes.container) and len(parent.children) > 1 and parent.children[0] is paragraph


def _lone_item(paragraph: nodes.paragraph, item: nodes.Element | None) -> bool:
    """Whether a paragraph is the whole of a numbered list of one item ("1. **Training Data**"
    over the text it heads, then "2. **Preprocess**"): a numbered section title."""
    return (isinstance(item, nodes.list_item) and len(item.children) == 1
            and isinstance(item.parent, nodes.enumerated_list) and len(item.parent.children) == 1)


def _note(quote: nodes.block_quote) -> bool:
    """Whether a block quote is a note: a GitHub-style alert, or a note's label first
    ("Note:", "**Tip**", "**Note (GPUs):**")."""
    first = quote.children[0] if quote.children else None
    if not isinstance(first, nodes.paragraph):
        return False
    text = first.astext()
    if ALERT.match(text) or NOTE_LABEL.match(text):
        return True
    label = next((child for child in first.children if child.astext().strip()), None)
    return isinstance(label, nodes.strong) and NOTE_WORD.fullmatch(label.astext().rstrip(" :")) is not None


def _manual(section: nodes.section) -> bool:
    """Whether a page titled "References" is a reference manual's landing page (it holds
    sections of its own), not a list of works."""
    return (isinstance(section.parent, nodes.document) and normalise(section[0].astext()) == "references"
            and any(isinstance(child, nodes.section) for child in section.children))


def raw_state(node: nodes.raw, closing: str) -> str:
    """The element whose words are no prose still open after raw HTML (``closing`` before it;
    "" for none), tag by tag: ``<b><a href=…>`` opens one, ``</a></b>`` closes it. Raw text of
    another format (LaTeX) is no HTML."""
    if "html" not in node.get("format", "").split():
        return closing
    for tag in RAW_TAG.finditer(node.astext()):
        if tag[1] and not closing:
            closing = tag[1].lower()
        elif tag[2] and tag[2].lower() == closing:
            closing = ""
    return closing


def prose(node: nodes.Element, block: Block, headings: bool = True) -> list[tuple[list[nodes.Text], Block]]:
    """The runs of adjacent text nodes below ``node`` that are prose, each with its block;
    skipped subtrees are not entered (``headings``: see ``skipped``). MyST gives each line of a
    paragraph its own text node, and a name may be wrapped across lines: a run is read as one
    text."""
    out: list[tuple[list[nodes.Text], Block]] = []
    _prose(node, block, out, headings)
    return out


def _prose(node: nodes.Element, block: Block, out: list[tuple[list[nodes.Text], Block]], headings: bool,
           closing: list[str] | None = None) -> None:
    """Append to ``out`` the runs of adjacent text nodes below ``node`` that are prose, each
    with its block; skipped subtrees are not entered. MyST gives each line of a paragraph its
    own text node, and a name may be wrapped across lines: a run is read as one text.
    (A list, not a generator: every page's whole tree is walked, and nested generators cost
    more per node than the walk itself.)
    ``closing``: inside raw HTML whose words are no prose (MyST: "<a href=…>", text, "</a>"), its
    tag; shared with the inline elements below, as the author's element may open inside an
    emphasis and close after it, or the other way round."""
    references = False  # after a "References" rubric (numpydoc writes one), until the next
    if closing is None:
        closing = [""]
    run: list[nodes.Text] = []
    for child in node.children:
        if closing[0]:
            if isinstance(child, nodes.raw):
                closing[0] = raw_state(child, closing[0])
            elif isinstance(child, nodes.Inline) and isinstance(child, nodes.Element) and not skipped(child, headings):
                _prose(child, block, out, headings, closing)  # it may close inside
            continue
        kind = type(child)  # (what the walk asks of it, read by type: ``_walk_kind``)
        text, rubric, resets, element, inline = _WALK_TYPE.get(kind) or _walk_kind(kind)
        if text:
            run.append(child)  # type: ignore[arg-type]
            continue
        if run:
            out.append((run, block))
            run = []
        if rubric:
            references = normalise(child.astext()) in REFERENCE_TITLES
        elif resets:
            references = False
        if references or not element or skipped(child, headings):  # type: ignore[arg-type]
            if isinstance(child, nodes.raw):
                closing[0] = raw_state(child, "")
            continue
        if inline:  # (an Element, as ``element`` said)
            _prose(child, block, out, headings, closing)  # type: ignore[arg-type]
        else:
            _prose(child, _block((child, child if child.line is not None else block.lines)), out,  # type: ignore[arg-type]
                   headings)
    if run:
        out.append((run, block))


def astext(node: nodes.Node) -> str:
    """``node.astext()``, without unescaping a text that has no escape mark (a paragraph's
    whole text is split and joined three times for it)."""
    return _page_text(node, [])


def page_text(doctree: nodes.document) -> str:
    """The page's text without its code blocks (a diagram's labels are not the author's
    sentences)."""
    blocks: list[str] = []
    text = _page_text(doctree, blocks)
    for block in blocks:
        text = text.replace(block, "")
    return text


def _page_text(node: nodes.Node, blocks: list[str]) -> str:
    """``node.astext()``, and the text of each code block (``FixedTextElement``) in it appended
    to ``blocks`` in document order, read in one walk (not a second one to find the blocks);
    a text without an escape mark is not unescaped."""
    kind = type(node)
    if isinstance(node, nodes.Text):
        return str(node) if kind.astext is nodes.Text.astext and "\x00" not in node else node.astext()
    if kind.astext is not nodes.Element.astext:  # a node that writes its own text (an image's alt text ...)
        blocks.extend(block.astext() for block in node.findall(nodes.FixedTextElement))
        return node.astext()
    assert isinstance(node, nodes.Element)
    at = len(blocks)
    if isinstance(node, nodes.FixedTextElement):
        blocks.append("")  # its place, before the blocks inside it (``findall``'s order)
    text = node.child_text_separator.join([_page_text(child, blocks) for child in node.children])
    if isinstance(node, nodes.FixedTextElement):
        blocks[at] = text
    return text


#: The text of a link to a paper: the words right before it are the paper's title.
PAPER_LINK = re.compile(r"\s*(?:reference\s+)?(?:paper|pdf|arxiv)\s*", re.IGNORECASE)


def siblings_after(node: nodes.Node) -> list[nodes.Node]:
    """The nodes after ``node`` in its parent (found by identity: a Text is a str)."""
    parent = node.parent
    assert parent is not None
    at = next(i for i, child in enumerate(parent.children) if child is node)
    return parent.children[at + 1:]


def before_paper_link(text: nodes.Text) -> bool:
    """Whether a text comes right before a link to a paper ("Movement Pruning: Adaptive
    Sparsity by Fine-Tuning `Reference Paper <...>`__"): Title-Case words there are its title."""
    after = siblings_after(text)[:1]
    return bool(after) and isinstance(after[0], nodes.reference) and PAPER_LINK.fullmatch(after[0].astext()) is not None


def italic_title(text: nodes.Text, glossary: Glossary) -> bool:
    """Whether a text is in an emphasis that reads as a work's title, not only our terms'
    names (``wordsenses.italic_title``): "*AI Glossary: Training, Fine-Tuning & Data*"."""
    parent = text.parent
    if not isinstance(parent, nodes.emphasis) or parent.parent is None:
        return False
    words = wordsenses.italic_title(parent.astext(), "".join(map(astext, siblings_after(parent)[:2]))[:80])
    return bool(words) and not senses.compound(words, glossary)
