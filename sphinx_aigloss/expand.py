"""``aigloss_expand_first``: the first use of a term in prose reads "Expansion (ABBR)".

Decided when a tree is written, on that tree alone: one page for HTML, the assembled document
for singlehtml, LaTeX, Texinfo and man pages (Sphinx resolves those as one tree, in reading
order). An EPUB is one book of many pages: there the first use in the book counts, in reading
order, which the pages before and after tell through what reading noted of each
(:class:`Spelled`, noted on ``doctree-read`` after automatic linking).

The use's text is rewritten before references are resolved, so it becomes one link with the
term's card. Uses with an explicit title are left alone; so are uses in titles, rubrics,
captions, table headers and definition-list terms, and the first use in prose is spelled out
instead.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .builders import output_of
from .core import Glossary, Term, normalise, singulars
from .domain import AiglossDomain, domain_of
from .domaindata import Spelled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

#: Where a use is not prose: the spelling out moves on to the first use in prose. A link's
#: text (a role written inside it) keeps the words its author chose for the link.
NOT_PROSE = (nodes.title, nodes.subtitle, nodes.rubric, nodes.caption, nodes.thead, nodes.term,
             nodes.field_name, addnodes.desc_signature, addnodes.toctree, nodes.reference)
#: Text no reader takes for prose: code, math, raw output, comments, index entries, messages.
NOT_TEXT = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.Invisible, nodes.system_message)
#: What the extension renders of terms (glossaries, definitions, lists of abbreviations): not the
#: page's prose, so no abbreviation shown there asks for a use to be spelled out.
RENDERED = frozenset({"aigloss-glossary", "aigloss-definition", "aigloss-abbreviations"})
#: Between the words of a written form: "Fine-Tuning", "Fine Tuning", a line break.
SEPARATORS = "[\\s\\-\u2010\u2011]+"
#: An abbreviation's plural or possessive: "LLMs", "LoRA's".
SUFFIX = "(?:s|['\u2019]s)?"


def spellable(term: Term) -> bool:
    """Whether a term has two forms to spell out, and its data lets it."""
    return bool(term.expand and term.abbreviation and term.expansion
                and normalise(term.abbreviation) != normalise(term.expansion))


class Abbreviations:
    """The abbreviations of the terms that may be spelled out, and a pattern finding them."""

    def __init__(self, glossary: Glossary) -> None:
        owners: dict[str, list[str]] = {}
        for term in glossary:
            if spellable(term):
                owners.setdefault(term.abbreviation, []).append(term.id)
        # An abbreviation two terms share names neither for sure.
        self.keys = {abbreviation: ids[0] for abbreviation, ids in owners.items() if len(ids) == 1}
        alternatives = "|".join(re.escape(a) for a in sorted(self.keys, key=lambda a: (-len(a), a)))
        self.pattern = re.compile(f"(?<!\\w)({alternatives}){SUFFIX}(?!\\w)") if alternatives else None
        self._written: dict[str, re.Pattern[str]] = {}  # term key -> its two spelled-out forms

    def find(self, text: str) -> list[str]:
        return [match.group(1) for match in self.pattern.finditer(text)] if self.pattern else []

    def written_out(self, text: str, glossary: Glossary) -> list[str]:
        """The keys of the terms a piece of text spells out itself, "Low-Rank Adaptation (LoRA)"
        or "LoRA (Low-Rank Adaptation)" (a link's text, say): no use after it needs spelling out."""
        if "(" not in text:
            return []
        keys = []
        for abbreviation in dict.fromkeys(self.find(text)):
            key = self.keys[abbreviation]
            pattern = self._written.get(key)
            if pattern is None:
                long, short = _flexible(glossary.terms[key].expansion), re.escape(abbreviation)
                pattern = self._written[key] = re.compile(
                    f"(?<!\\w){long}{SUFFIX}\\s*\\(\\s*{short}{SUFFIX}\\s*\\)"
                    f"|(?<!\\w){short}{SUFFIX}\\s*\\(\\s*{long}{SUFFIX}\\s*\\)", re.IGNORECASE)
            if pattern.search(text):
                keys.append(key)
        return keys


_last_index: list[tuple[Glossary, Abbreviations]] = []


def index_of(glossary: Glossary) -> Abbreviations:
    """The glossary's :class:`Abbreviations`, built once per glossary (pages ask many times)."""
    if not _last_index or _last_index[0][0] is not glossary:
        _last_index[:] = [(glossary, Abbreviations(glossary))]
    return _last_index[0][1]


class WrittenOut(NamedTuple):
    """Text that spells a term out by itself (not a use of the term: a link elsewhere, say)."""

    key: str


class Use(NamedTuple):
    node: addnodes.pending_xref
    term: Term | None  # None: not (yet) a term that may be spelled out
    text: str
    prose: bool


def _candidate(node: nodes.Node) -> bool:
    """A link to a term whose text names it: a role without explicit title, or an automatic
    link (explicit, as it keeps the prose's words, but marked ``aigloss-auto``)."""
    if not (isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "aigloss"
            and node.get("reftype") == "term"):
        return False
    return not node.get("refexplicit") or any(
        isinstance(child, nodes.Element) and "aigloss-auto" in child["classes"] for child in node.children)


def _use(node: nodes.Element, glossary: Glossary, prose: bool, any_term: bool) -> Use | None:
    if not (isinstance(node, addnodes.pending_xref) and _candidate(node)):
        return None
    term = glossary.lookup(node["reftarget"]).term
    if not any_term and (term is None or not spellable(term)):
        return None
    return Use(node, term, node.astext(), prose)


def _shown(node: nodes.Element, tags: Tags | None) -> bool:
    """Whether an ``only`` directive's content is part of this output."""
    if not isinstance(node, addnodes.only) or tags is None:
        return True
    try:
        return bool(tags.eval_condition(node["expr"]))
    except Exception:  # Sphinx warns about a bad expression itself, and keeps the content
        return True


def events(tree: nodes.Element, glossary: Glossary, index: Abbreviations, tags: Tags | None, *,
           any_term: bool = False) -> list[Use | WrittenOut | str]:
    """The uses of terms and the abbreviations the text shows, in reading order. Only uses of
    terms that may be spelled out are uses (``any_term``: every candidate); a link to another
    term is read as text."""
    out: list[Use | WrittenOut | str] = []

    def visit(node: nodes.Element, prose: bool) -> None:
        for child in node.children:
            if isinstance(child, nodes.Text):
                out.extend(index.find(child.astext()))
                out.extend(WrittenOut(key) for key in index.written_out(child.astext(), glossary))
            elif (isinstance(child, NOT_TEXT) or not isinstance(child, nodes.Element) or not _shown(child, tags)
                  or RENDERED.intersection(child["classes"])):
                continue
            elif (use := _use(child, glossary, prose, any_term)) is not None:
                out.append(use)
                out.extend(index.find(use.text))
            else:
                visit(child, prose and not isinstance(child, NOT_PROSE))

    visit(tree, True)
    return out


def form_of(text: str, term: Term) -> str:
    """Which form of the term a use's text writes: "abbreviation", "expansion" (either maybe
    plural) or "" (another name, an inflected form: spelled out by a later use)."""
    norm = normalise(text)
    forms = {norm, *singulars(norm)}
    if normalise(term.abbreviation) in forms:
        return "abbreviation"
    if normalise(term.expansion) in forms:
        return "expansion"
    return ""


def _flexible(form: str) -> str:
    """A pattern for a written form, with any separators between its words."""
    return SEPARATORS.join(re.escape(word) for word in re.split(SEPARATORS, form.strip()) if word)


def _around(node: nodes.Element) -> tuple[str, str]:
    """The text before and after a node in its block, through inline markup around it."""
    before, after = "", ""
    while isinstance(node.parent, nodes.Element):
        parent = node.parent
        index = next(i for i, child in enumerate(parent.children) if child is node)
        before = "".join(child.astext() for child in parent.children[:index]) + before
        after += "".join(child.astext() for child in parent.children[index + 1:])
        if not isinstance(parent, nodes.Inline):
            break
        node = parent
    return before, after


def written_beside(use: Use, term: Term, form: str) -> bool:
    """Whether the author wrote the other form beside the use, in parentheses, in text or as
    a link: "Supervised Fine-Tuning (SFT)", "SFT (Supervised Fine-Tuning)"."""
    other = _flexible(term.expansion if form == "abbreviation" else term.abbreviation)
    before, after = _around(use.node)
    if re.match(f"\\s*\\(\\s*{other}{SUFFIX}\\s*\\)", after, re.IGNORECASE):
        return True
    return bool(re.search(f"(?<!\\w){other}{SUFFIX}\\s*\\(\\s*$", before, re.IGNORECASE)
                and re.match(r"\s*\)", after))


def spelled_out(text: str, term: Term, form: str) -> str:
    """The text of a first use, spelled out."""
    if form == "expansion":
        return f"{text} ({term.abbreviation})"
    if normalise(text) == normalise(term.abbreviation):
        return f"{term.expansion} ({term.abbreviation})"
    # A plural: "Large Language Models (LLMs)".
    plural = term.expansion if term.expansion.endswith("s") else term.expansion + "s"
    return f"{plural} ({text})"


def plan(found: list[Use | WrittenOut | str], index: Abbreviations, done: set[str],
         later: Iterable[str] = ()) -> list[tuple[Use, str]]:
    """The first uses to spell out, with their new text. ``done``: terms spelled out before
    this tree (EPUB); ``later``: terms whose abbreviation the pages after it show."""
    last: dict[str, int] = {}  # term key -> position of the last mention of its abbreviation
    for position, event in enumerate(found):
        if isinstance(event, str) and event in index.keys:
            last[index.keys[event]] = position
    later = set(later)
    out = []
    for position, event in enumerate(found):
        if isinstance(event, WrittenOut):
            done.add(event.key)
        if not isinstance(event, Use) or event.term is None or not event.prose or event.term.id in done:
            continue
        term = event.term
        form = form_of(event.text, term)
        if not form:
            continue
        done.add(term.id)
        if written_beside(event, term, form):
            continue
        if form == "abbreviation" or last.get(term.id, -1) > position or term.id in later:
            out.append((event, spelled_out(event.text, term, form)))
    return out


def _rewrite(node: addnodes.pending_xref, text: str) -> None:
    """Give the use new text, in the node that becomes the link's content."""
    inner = next((child for child in node.children if isinstance(child, nodes.Element)), node)
    inner[:] = [nodes.Text(text)]


class ExpandFirstUse(SphinxPostTransform):
    """Spell out the first use of each term in the tree being written."""

    default_priority = 6  # before ReferencesResolver (10): the new text becomes the link's

    def run(self, **kwargs: Any) -> None:
        if not self.config.aigloss_expand_first:
            return
        domain = domain_of(self.env)
        index = index_of(domain.glossary)
        if not index.keys:
            return
        done: set[str] = set()
        later: frozenset[str] = frozenset()
        if output_of(domain.builder).book:
            done, later = book_context(self.env, domain, self.env.docname)
        for use, text in plan(events(self.document, domain.glossary, index, domain.tags), index, done, later):
            _rewrite(use.node, text)


# -- EPUB: the book's reading order -----------------------------------------------------

#: Per environment: docname -> (terms spelled out before the page, terms whose abbreviation
#: the pages after it show). Computed once per build, when the first page is written.
_books: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, tuple[set[str], frozenset[str]]]] = \
    weakref.WeakKeyDictionary()


def reading_order(env: BuildEnvironment) -> list[str]:
    """The documents as a reader of the book meets them: the toctrees' order from the root
    document (Sphinx's "next" links, which an EPUB's spine follows), then the others."""
    relations = env.collect_relations()
    order: list[str] = []
    docname: str | None = env.config.root_doc
    while docname and docname in env.all_docs and docname not in order:
        order.append(docname)
        docname = relations.get(docname, [None, None, None])[2]
    return order + sorted(env.all_docs.keys() - set(order))


def book_context(env: BuildEnvironment, domain: AiglossDomain, docname: str) -> tuple[set[str], frozenset[str]]:
    if env not in _books:
        _books[env] = _book(env, domain)
    done, later = _books[env].get(docname, (set(), frozenset()))
    return set(done), later


def _book(env: BuildEnvironment, domain: AiglossDomain) -> dict[str, tuple[set[str], frozenset[str]]]:
    glossary, index = domain.glossary, index_of(domain.glossary)
    order = reading_order(env)
    spelled = [domain.expansions.get(docname, Spelled((), ())) for docname in order]
    shown = [frozenset(index.keys[a] for a in page.abbreviations if a in index.keys) for page in spelled]
    out: dict[str, tuple[set[str], frozenset[str]]] = {}
    done: set[str] = set()
    after: frozenset[str] = frozenset()
    afters = []
    for page_shown in reversed(shown):
        afters.append(after)
        after = after | page_shown
    for docname, page, later in zip(order, spelled, reversed(afters), strict=True):
        out[docname] = (set(done), later)
        for target, text in page.uses:
            term = glossary.lookup(target).term
            if term is not None and spellable(term) and form_of(text, term):
                done.add(term.id)
    return out


def note_uses(app: Sphinx, doctree: nodes.document) -> None:
    """Note a page's uses in prose and the abbreviations it shows (after automatic linking)."""
    if not app.config.aigloss_expand_first:
        return
    domain = domain_of(app.env)
    found = events(doctree, domain.base, index_of(domain.base), domain.tags, any_term=True)
    uses = tuple(dict.fromkeys((e.node["reftarget"], e.text) for e in found if isinstance(e, Use) and e.prose))
    abbreviations = tuple(sorted({e for e in found if isinstance(e, str)}))
    if uses or abbreviations:
        domain.expansions[app.env.docname] = Spelled(uses, abbreviations)


def updated_book(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """EPUB: a page's first uses depend on the pages before it, so when any page was read,
    every page with uses is written again."""
    _books.pop(env, None)
    domain = domain_of(env)
    if not (app.config.aigloss_expand_first and output_of(app.builder).book and domain.anything_read):
        return []
    return sorted(domain.expansions.keys() & env.all_docs.keys())
