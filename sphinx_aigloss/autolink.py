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

import functools
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from .core import Glossary, Mention, Term, normalise, pretrained, searchsenses, senses, singulars, wordsenses
from .core.phrases import QUOTE_MARKS, ignore_patterns, quotations
from .domain import domain_of
from .messages import WARNING_TYPE, Subtype
from .prose import Block, astext, before_paper_link, in_path, italic_title, page_text, prose
from .report import SourceLines, report

if TYPE_CHECKING:
    from sphinx.application import Sphinx


logger = logging.getLogger(__name__)

METADATA_KEY = "aigloss-autolink"

#: The second half of "LoRA-based": a word that makes the term a modifier, so the term
#: keeps its own meaning and is linked. Any other word after a hyphen makes the term part
#: of another name ("Quantization-Aware Training") and it is not linked.
MODIFIERS = frozenset({
    "based", "style", "like", "specific", "only", "free", "friendly", "enabled", "powered", "driven",
    "compatible", "ready", "related", "generated", "tuned", "trained", "adapted", "aligned", "derived",
    "inspired", "centric", "augmented", "finetuned", "fine", "pretrained", "quantized", "pruned", "distilled",
})
HYPHENS = "-\u2010\u2011"
LISTS = (nodes.bullet_list, nodes.enumerated_list)
#: A code with a digit before a hyphen ("INT4-", "FP8-", "4-bit-"): a modifier, not a prefix.
PRECISION_BEFORE = re.compile(r"(?<![\w\-])(?:[A-Za-z]+\d+[A-Za-z\d]*|\d+[\-\u2010\u2011]?bit)$")
#: A method's abbreviation before a participle: "LoRA-finetuned" is fine-tuned with LoRA (but
#: "MTL-LoRA" is another method).
METHOD_BEFORE = re.compile(r"(?<![\w\-])[A-Z]*[a-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*$")
#: A plain lower-case word before a participle ("pruned-quantized"), not one that negates or undoes it.
PLAIN_BEFORE = re.compile(r"(?<![\w\-/.])(?!(?:non|un|de)$)[a-z]{2,}$")
WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
AWARE = re.compile(r"\s+aware\b", re.IGNORECASE)
#: Between a link and an other form of its term in parentheses: nothing, or a word or two
#: ("methods", "for short"); between two forms in one parenthesis, a comma or a slash.
BETWEEN = re.compile(r"(?:\s+[a-z]+){0,2}")
SECOND_FORM = re.compile(r"\s*[,/]\s*")
#: Inline markup the parentheses rule looks through: "**[DPO](...)** (Direct Preference ...)".
MARKUP = (nodes.strong, nodes.emphasis, nodes.inline)


def excluded_terms(glossary: Glossary, names: tuple[str, ...]) -> frozenset[str]:
    """The keys of the terms ``aigloss_autolink_exclude`` names (by any name form)."""
    return frozenset(term.id for name in names for term in glossary.lookup(name).terms)


def _mixed_case(name: str) -> bool:
    """"LoRA", "QLoRA", "GPT": a capital after the first letter of one of the name's words."""
    return any(any(c.isupper() for c in word[1:]) for word in re.findall(r"[^\W\d_]+", name))


def _other_case(content: str, start: int, end: int, term: Term) -> bool:
    """Whether the span writes a mixed-case name in another case ("lora" for "LoRA"): then it is a
    value or an identifier, not the term, unless running prose governs it ("the weight of lora")
    or the words of its own field are around it ("the lora adapter", "LORA weights")."""
    return _written_in_other_case(content[start:end], term.names) and not (senses.lower_case_in_prose(
        content, start, content[start:end]) or wordsenses.own_field(content, start, end))


@functools.lru_cache(maxsize=1 << 12)  # prose spells a term the same few ways again and again
def _written_in_other_case(span: str, names: tuple[str, ...]) -> bool:
    norm = normalise(span)
    forms = {norm, *singulars(norm)}
    spelled = [name for name in names if normalise(name) in forms]
    written = " ".join(span.split())
    return bool(spelled) and all(
        _mixed_case(name) and written not in (name, name + "s", name + "'s", name + "\u2019s") for name in spelled)


def _part_of_word(content: str, start: int, end: int) -> bool:
    """Whether a mention is half of a hyphenated word: after a prefix ("de-quantization") or
    the first part of a longer name ("Quantization-Aware Training"), but not "LoRA-based",
    nor after a code, a number or an abbreviation that says how ("INT4-quantized", "int4-quantized",
    "LoRA-finetuned")."""
    if start >= 2 and content[start - 1] in HYPHENS and content[start - 2].isalnum():
        if PRECISION_BEFORE.search(content, 0, start - 1) or senses.keeping_prefix(content, start - 1):
            return False
        if not content[start:end].endswith("ed"):
            return True
        if METHOD_BEFORE.search(content, 0, start - 1):
            return False  # "LoRA-finetuned"
        # "pruned-quantized", "pre-quantized": a participle after a plain word, the compound's last part.
        last = end == len(content) or content[end] not in HYPHENS
        return not (last and PLAIN_BEFORE.search(content, max(0, start - 24), start - 1))
    if AWARE.match(content, end):
        return True  # "quantization aware training": "Quantization-Aware Training" without its hyphen
    if end + 1 < len(content) and content[end] in HYPHENS and content[end + 1].isalnum():
        word = WORD.match(content, end + 1)
        return word is None or word.group().lower() not in MODIFIERS
    return False


def _link_before(text: nodes.Text, glossary: Glossary) -> str:
    """The key of the term named by the link right before a text node ("" if none), also
    when inline markup holds the link: "**[DPO](...)** (...)", "**LoRA** (...)"."""
    parent = text.parent
    assert parent is not None
    siblings = parent.children
    index = next(i for i, child in enumerate(siblings) if child is text)
    node = next((n for n in reversed(siblings[:index]) if not isinstance(n, nodes.Invisible)), None)
    # (Invisible: the target an rST link with its URL leaves.)
    while isinstance(node, MARKUP) and node.children:
        node = node.children[-1]
    if isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "aigloss":
        name = node["reftarget"]
    elif isinstance(node, nodes.reference | addnodes.pending_xref):
        name = node.astext()
    else:
        return ""
    term = glossary.lookup(name).term
    return term.id if term else ""


def _in_parentheses_after(content: str, mention: Mention, link: tuple[int, str], text: nodes.Text,
                          glossary: Glossary) -> bool:
    """Whether a mention is an other form in parentheses right after a link to its term:
    "[DPO](...) (Direct Preference Optimization)", "Supervised Fine-Tuning (SFT)", also a
    word or two after it: "parameter-efficient fine-tuning methods (PEFT)"; "(SFT, Supervised
    Fine-Tuning)". ``link`` is (end, key) of the last link made in this text."""
    pos = mention.start
    while pos and content[pos - 1].isspace():
        pos -= 1
    if not content[mention.end:].lstrip().startswith(")"):
        return False
    if link[1] == mention.term.id and SECOND_FORM.fullmatch(content, link[0], mention.start):
        return True  # "(SFT, Supervised Fine-Tuning)": the second form in the link's parenthesis
    if not pos or content[pos - 1] != "(":
        return False
    pos -= 1
    while pos and content[pos - 1].isspace():
        pos -= 1
    if pos:
        end, key = link
        return key == mention.term.id and 0 <= end <= pos and bool(BETWEEN.fullmatch(content, end, pos))
    return _link_before(text, glossary) == mention.term.id


class Senses:
    """What a page says about the other senses of its words: which abbreviations name a
    library here (the project's own name, a package the page's code imports), and the
    modifiers seen making a term part of another name ("Orthogonal Fine-Tuning (OFT)"
    makes a later "orthogonal fine-tuning" that name too)."""

    def __init__(self, project: str, doctree: nodes.document) -> None:
        self.project = normalise(project)
        self.doctree = doctree
        self._packages: set[str] | None = None
        self.others: dict[str, set[tuple[str, ...]]] = {}  # term key -> words that make another name
        self._text: str | None = None
        self._titles: set[str] | None = None  # the page's headings, normalised
        self._page_senses: dict[str, bool] = {}  # term name -> the page uses its words in another sense
        self._initials: dict[str, bool] = {}  # abbreviation -> it spells another name on the page

    def library_page(self, span: str) -> bool:
        norm = normalise(span)
        if norm == self.project:
            return True
        if self._packages is None:  # read the page's code once, and only if asked
            code = (n.astext() for kind in (nodes.literal_block, nodes.literal) for n in self.doctree.findall(kind))
            self._packages = set().union(*map(senses.packages, code))
        return norm in self._packages

    def library(self, content: str, mention: Mention) -> bool:
        """Whether an abbreviation names a library here ("🤗 PEFT", "supported by PEFT")."""
        span = content[mention.start:mention.end]
        return (span.isupper() or normalise(span) == self.project) and senses.names_library(
            content, mention.start, mention.end, self.library_page(span))

    def other_name(self, content: str, mention: Mention, glossary: Glossary) -> bool:
        """Whether a mention is part of another name: with its own abbreviation, in Title
        Case ("Reinforced Fine-Tuning", "Synthetic Data Kit"), with a "+" ("LoRA+"), or with
        a modifier the page has used so before."""
        key, start, end = mention.term.id, mention.start, mention.end
        if any(senses.after_words(content, start, words) for words in self.others.get(key, ())):
            return True
        if senses.first_word_of_name(content, start, end, mention.term, glossary):
            return True
        if senses.in_other_name(content, start, end, mention.term, glossary):
            words = senses.titled_run(content, start, whole=True)
        else:
            words = senses.titled_run(content, start) if senses.titled_before(content, start, end) else []
            # "Reinforced Fine-Tuning" names another method; "LoRA Fine-Tuning", a run of our
            # own terms, is the term with modifiers, and the page must not remember it as a name.
            if not words or senses.compound(words, glossary):
                return senses.titled_after(content, start, end) or senses.plus_name(content, end)
        if words:
            self.others.setdefault(key, set()).add(tuple(words))
        return True


    def other_sense(self, content: str, mention: Mention, block: nodes.Element, glossary: Glossary) -> bool:
        """Whether the words around a mention, or the page's other uses of them, give it
        another sense ("pruned clusters", "synthetic data for a benchmark"), or it is a
        method's name in the plural ("distillations": its products), the end of a work's title,
        an identifier in a list of them, or an abbreviation of another name on the page."""
        start, end = mention.start, mention.end
        name = mention.term.name
        if (wordsenses.plural_of_action(content[start:end], name) or wordsenses.tag_line(content, start)
                or wordsenses.model_name(content, start, end)):  # "generative pre-trained transformer"
            return True
        if self.contents_entry(block):
            return True
        key = normalise(name)
        if key == pretrained.PRETRAINING:
            found = pretrained.pretrained_sense(content, start, end, _around(content, start, end, block))
            if found is None:  # "load the pre-trained model": the concept on a page about language models
                if name not in self._page_senses:
                    self._page_senses[name] = not pretrained.pretraining_page(self.text())
                return self._page_senses[name]
            return not found
        if key in wordsenses.WORD_SENSES or (key == searchsenses.FINE_TUNING and searchsenses.cut_short(content, end)):
            around, written = _around(content, start, end, block), content[start:end]
            found = wordsenses.word_sense(name, around, written)
            if found is False or searchsenses.search_sense(key, around, written):  # pruned trials
                return True
            if found is None:
                if name not in self._page_senses:
                    self._page_senses[name] = wordsenses.page_sense(name, self.text)
                if self._page_senses[name]:
                    return True
        if (senses.work_title(content, start, end, glossary) or senses.identifier_list(content, start, end, glossary)
                or wordsenses.paper_title(content, start, end, block.astext)
                or wordsenses.bracketed_title(content, start, end)):
            return True
        span = content[start:end]
        if span.isupper() and len(span) > 1:
            if span not in self._initials:
                self._initials[span] = senses.initials_of_other_name(span, self.text(), glossary)
            return self._initials[span]
        return False

    def contents_entry(self, block: nodes.Element) -> bool:
        """Whether a list item is an entry of the page's own table of contents: half its list's
        items at least (two or more) only repeat headings of the page ("1. Introduction", "2.
        Quantization Fundamentals", "3. Quantization methods"), so the list is not prose."""
        item = block.parent
        if not isinstance(item, nodes.list_item) or not isinstance(item.parent, LISTS):
            return False
        if self._titles is None:
            self._titles = {normalise(title.astext()) for title in self.doctree.findall(nodes.title)}
        entries = [entry for entry in item.parent.children if isinstance(entry, nodes.list_item) and entry.children]
        if any(entry.astext().rstrip().endswith((",", ";")) for entry in entries):
            return False  # a sentence set as a list ("three steps: pruning X, pruning Y, ..."), not contents
        repeated = sum(normalise(entry[0].astext()) in self._titles for entry in entries)
        # Two headings at least, and half the items: one item named like a section is a coincidence.
        return repeated >= 2 and 2 * repeated >= len(entries)

    def text(self) -> str:
        """The page's text without its code blocks (a diagram's labels are not the author's
        sentences), read once and only if asked."""
        if self._text is None:
            self._text = page_text(self.doctree)
        return self._text


def _around(content: str, start: int, end: int, block: nodes.Element) -> str:
    """The words that tell a mention's sense: its sentence in the whole block (inline code
    cuts a text run: "with synthetic data (`...`)"), or in a table, its whole row ("Distill |
    Create condensed paraphrases")."""
    cell = block if isinstance(block, nodes.entry) else block.parent
    if isinstance(cell, nodes.entry) and isinstance(cell.parent, nodes.row):
        return " ".join(cell.parent.astext().split())
    whole = astext(block)
    at = whole.find(content)
    if at < 0:
        whole, at = content, 0
    return wordsenses.sentence(whole, at + start, at + end)


def _tags(content: str, block: nodes.Element) -> bool:
    """Whether a block's whole text is a list of tags or values ("pretrain, quality, zh"),
    or one such value in a table cell."""
    cell = isinstance(block, nodes.entry) or isinstance(block.parent, nodes.entry)
    return senses.tags(content, cell) and content.strip() == astext(block).strip()


def _mode(value: object) -> str:
    """``aigloss_autolink``: "first", "all" or "" (True means "first")."""
    return "first" if value is True else value if value in ("first", "all") else ""


def _page_enabled(app: Sphinx, docname: str) -> bool:
    value = app.env.metadata.get(docname, {}).get(METADATA_KEY, True)
    return str(value).strip().lower() not in ("false", "no", "off", "0")


def process(app: Sphinx, doctree: nodes.document) -> None:
    """Link mentions (``aigloss_autolink``) and report unlinked ones (``aigloss_report_unlinked``)."""
    mode = _mode(app.config.aigloss_autolink)
    # A report nobody sees (suppress_warnings) is not worth reading the prose for.
    reporting = app.config.aigloss_report_unlinked and not logging.is_suppressed_warning(
        WARNING_TYPE, Subtype.unlinked_mention, app.config.suppress_warnings)
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
    excluded = excluded_terms(glossary, tuple(app.config.aigloss_autolink_exclude))
    # Terms with nothing to do on the page: excluded, linked (but in "all" mode), reported (once a page).
    idle = {*excluded, *(linked if mode != "all" else ())}
    patterns = ignore_patterns(tuple(app.config.aigloss_autolink_ignore))
    sources = SourceLines(app.config.source_encoding)
    page = Senses(app.config.project, doctree)

    quote_block: nodes.Element | None = None
    closer = ""  # the quotation mark awaited in the current block
    for run, block in prose(doctree, Block(doctree, None)):
        text = run[0]
        content = astext(text) if len(run) == 1 else "".join(map(astext, run))
        if block.node is not quote_block:
            quote_block, closer = block.node, ""
        quoted, closer = quotations(content, closer) if closer or any(map(content.__contains__, QUOTE_MARKS)) else (
            [], "")
        mentions = glossary.mentions(content, autolink_only=True)
        pieces: list[nodes.Node] = []
        pos = 0
        link = (-1, "")  # (end, key) of the last link made in this text
        ignored: list[tuple[int, int]] | None = None  # read, and ``titled``, for the first mention the rules read
        for mention in mentions:
            term = mention.term
            if term.id in idle:
                continue  # nothing to do with this term here: the rules below need not be asked
            if ignored is None:
                if _tags(content, block.node):
                    break  # a list of tags or values: no prose
                ignored = [m.span() for pattern in patterns for m in pattern.finditer(content)]
                titled = before_paper_link(run[-1]) and senses.title_case(content)
                italic = italic_title(run[-1], glossary)  # a work's title, read once a run: after other_name
            span = content[mention.start:mention.end]
            if (any(start < mention.end and mention.start < end for start, end in quoted)
                    or _part_of_word(content, mention.start, mention.end)
                    or in_path(content, mention.start, mention.end)
                    or titled
                    or _other_case(content, mention.start, mention.end, term)
                    or any(start < mention.end and mention.start < end for start, end in ignored)
                    or _in_parentheses_after(content, mention, link, text, glossary)
                    or page.other_name(content, mention, glossary)
                    or italic
                    or page.library(content, mention)
                    or senses.everyday_verb(content, mention.start, mention.end)
                    or page.other_sense(content, mention, block.node, glossary)):
                continue
            if mode:  # (a term not idle is linked, in either mode, or else reported)
                pieces.append(nodes.Text(content[pos:mention.start]))
                pieces.append(_xref(env.docname, span, term.name, text))
                domain.note_reference(docname, term.name)
                linked.add(term.id)
                if mode != "all":
                    idle.add(term.id)
                pos = mention.end
                link = (mention.end, term.id)
            else:
                idle.add(term.id)
                report(app, " ".join(span.split()), text, block.lines, content.count("\n", 0, mention.start),
                       sources, (content, mention.start, mention.end))
        if pieces:
            pieces.append(nodes.Text(content[pos:]))
            parent = text.parent
            assert parent is not None
            index = next(i for i, child in enumerate(parent.children) if child is text)  # not ==: Text is a str
            parent[index:index + len(run)] = [p for p in pieces if not (isinstance(p, nodes.Text) and not p.astext())]


def _xref(docname: str, text: str, target: str, near: nodes.Text) -> addnodes.pending_xref:
    """The node ``:aiterm:`text <target>``` would have made."""
    node = addnodes.pending_xref(text, refdomain="aigloss", reftype="term", reftarget=target,
                                 refexplicit=True, refwarn=False, refdoc=docname)
    node += nodes.inline(text, text, classes=["xref", "aigloss-auto"])
    parent = near.parent
    if isinstance(parent, nodes.Element):
        node.source, node.line = parent.source, parent.line
    return node
