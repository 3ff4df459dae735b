"""Which pages a change of the active name forms can reach (automatic linking and the
unlinked-mention report, PRODUCT §9 and §10).

Both match a page's prose against every active name form when the page is read, so a new
term, alias or pack changes what an unchanged page would give. Reading every page again on
each data edit would be exact but slow; instead, when the forms change, each page's tree as
the last build left it is loaded (a fraction of a millisecond) and the page is read again
when some form that was added, removed or changed could be spelled with a run of its words.
Nothing is kept while pages are read, so builds that change no data pay nothing for this.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Mapping

from docutils import nodes

from .core import Term, inflections, normalise, singulars

#: How the matcher cuts text into words (core/mentions.py); a mention is a run of them.
WORD = re.compile(r"\w+(?:[\u2019']\w+)*")

#: What decides where a term matches in prose: its names as written (case matters for
#: abbreviations), which of them is the abbreviation, and its ``autolink`` and ``inflect`` flags.
Signature = tuple[tuple[str, ...], str, bool, bool]


def signature(term: Term) -> Signature:
    return term.names, term.abbreviation, term.autolink, term.inflect


def forms(sig: Signature) -> set[str]:
    """The normalised text a term with this signature can match: its names, their plurals,
    singulars and verb forms (for every name: a superset of what the glossary matches is safe)."""
    names, _abbreviation, _autolink, inflect = sig
    out: set[str] = set()
    for name in names:
        norm = normalise(name)
        out.update((norm, norm + "s", norm + "es", *singulars(norm)))
        if norm.endswith("y"):
            out.add(norm[:-1] + "ies")
        if inflect:
            out.update(inflections(norm))
    return out


def word_filter(doctree: nodes.Node) -> frozenset[str]:
    """The normalised words of every text in the tree (prose or not: a superset of what the
    matcher reads is safe), and each two neighbours as "first second" ("reward model"). The
    texts are read as one stream: a mention may span the texts of a wrapped line (MyST)."""
    words: list[str] = []
    for text in doctree.findall(nodes.Text):
        # A word that normalises to nothing ("_") adds nothing to a mention either.
        words.extend(norm for norm in map(normalise, WORD.findall(text)) if norm)
    return frozenset(itertools.chain(words, map(" ".join, itertools.pairwise(words))))


def holds(entries: Collection[str], word: str) -> bool:
    """Whether a page holds the normalised word, or two words "first second" as neighbours."""
    return word in entries


def spells(entries: Collection[str], form: str) -> bool:
    """Whether the form can be cut into words the page holds, each a neighbour of the one
    before (a mention is a run of words whose normalised forms joined give a form)."""
    todo = [(0, -1)]  # (where the next word starts, where the word before it starts; -1: none)
    seen = set(todo)
    while todo:
        start, before = todo.pop()
        for end in range(start + 1, len(form) + 1):
            word = form[start:end]
            if (word if before < 0 else f"{form[before:start]} {word}") not in entries:
                continue
            if end == len(form):
                return True
            if (end, start) not in seen:
                seen.add((end, start))
                todo.append((end, start))
    return False


def changed_forms(old: Mapping[str, Signature], new: Mapping[str, Signature]) -> list[str]:
    """The forms of the terms added, removed or changed between two glossaries (term id ->
    signature)."""
    candidates: set[str] = set()
    for key in old.keys() | new.keys():
        if old.get(key) != new.get(key):
            for sig in (old.get(key), new.get(key)):
                if sig is not None:
                    candidates |= forms(sig)
    return sorted(form for form in candidates if form)


def pages_spelling(candidates: Iterable[str], pages: Mapping[str, Collection[str]]) -> set[str]:
    """The pages (docname -> word_filter) whose words may spell one of the forms."""
    wanted = [form for form in candidates if form]
    return {docname for docname, entries in pages.items() if any(spells(entries, form) for form in wanted)}
