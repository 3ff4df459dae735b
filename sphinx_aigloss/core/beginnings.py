"""Which terms a run of words may name, known from its first word alone: a text whose every
word that may begin a mention can only begin mentions of terms a page is done with (linked,
reported, excluded) need not be matched at all. Pure Python, no Sphinx.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Set
from typing import TYPE_CHECKING

from .names import normalise, singulars

if TYPE_CHECKING:
    from .mentions import NameIndex

#: Characters outside ASCII that ``normalise`` reads one at a time (NFKC and case folding
#: leave them as they are): in a text of these and ASCII, a run of words normalises to its
#: first word's normal form and then the rest's. (Other characters may combine across words.)
SAFE = "\u2019\u2018\u201c\u201d\u2013\u2014"
#: The answer for a word whose runs are not known: an id no term has, so never "done".
UNKNOWN = frozenset({"\x00"})
#: Entries kept before the cache of first words starts afresh (it only guards memory).
_CACHE_LIMIT = 1 << 16


def spellings(forms: Iterable[str]) -> set[str]:
    """What ``NameIndex.is_form`` accepts besides the normalised ``forms`` themselves: their
    simple singulars and plurals, and the forms. Every normalised run of words that names a
    term is one of these."""
    spelled = set(forms)
    for form in list(spelled):
        spelled.update(singulars(form))
        spelled.update((form + "s", form + "es", form[:-1] + "ies"))
    return spelled


def prefix_safe(text: str) -> bool:
    """Whether every run of words of ``text`` normalises to its first word's normal form
    followed by the rest's (``SAFE``)."""
    if text.isascii():
        return True
    for char in SAFE:  # (each ``replace`` in C: a set of the text's characters costs ten times more)
        text = text.replace(char, "")
    return text.isascii()


class Beginnings:
    """For a word as written, the ids of the terms a run of words beginning with it may name:
    those of every spelling (``spellings``) that begins with its normal form, as ``lookup``
    resolves it (a superset of the terms its mentions can be of)."""

    def __init__(self, glossary: NameIndex) -> None:
        self.glossary = glossary
        self._spelled: list[str] | None = None  # sorted, made at the first look-up
        self._terms: dict[str, frozenset[str]] = {}  # word as written -> term ids

    def __call__(self, word: str) -> frozenset[str]:
        found = self._terms.get(word)
        if found is None:
            if len(self._terms) >= _CACHE_LIMIT:
                self._terms.clear()
            found = self._terms[word] = self._beginning(normalise(word))
        return found

    def needed(self, text: str, words: list[tuple[int, int]], done: Set[str]) -> int:
        """How many of these words of ``text`` (start, end), in order, are read for the
        mentions of terms not in ``done``: up to the last one that may begin such a mention
        (``text`` must be ``prefix_safe``). The mentions the words after it begin are all of
        ``done``'s terms, and the mentions before it do not depend on them."""
        known = self._terms
        for index in range(len(words) - 1, -1, -1):
            start, end = words[index]
            word = text[start:end]
            ids = known.get(word)  # (in line: a call costs more than the look-up)
            if ids is None:
                ids = self(word)
            if not ids <= done:
                return index + 1
        return 0

    def _beginning(self, norm: str) -> frozenset[str]:
        if self._spelled is None:
            self._spelled = sorted(spellings(self.glossary.forms()))
        spelled = self._spelled
        ids = set()
        index = bisect.bisect_left(spelled, norm)
        while index < len(spelled) and spelled[index].startswith(norm):
            if normalise(spelled[index]) != spelled[index]:
                return UNKNOWN  # (a spelling ``lookup`` would read as another: no claim)
            term = self.glossary.lookup(spelled[index]).term
            if term is not None:
                ids.add(term.id)
            index += 1
        return frozenset(ids)
