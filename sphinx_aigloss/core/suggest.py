"""Suggestions for a name that is not known: "RHLF" -> "RLHF". Pure Python, no Sphinx."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING

from .names import normalise

if TYPE_CHECKING:
    from .terms import Term

#: How many candidates the bigram index hands to difflib.
_SUGGESTION_CANDIDATES = 12


def _bigrams(text: str) -> set[str]:
    """Character pairs and triples of a name, padded so its start and end count too."""
    padded = f"\x00{text}\x00"
    return {padded[i:i + size] for size in (2, 3) for i in range(len(padded) - size + 1)}


class Suggester:
    """The closest known names among some terms (a glossary's), through an index of character n-grams."""

    def __init__(self, terms: Collection[Term]) -> None:
        self.terms = terms
        self._suggest_names: dict[str, str] | None = None
        self._bigrams: dict[str, list[str]] = {}

    def suggest(self, name: str) -> str | None:
        """The closest known name to a miss, or None when nothing is close.

        A bigram index picks a few dozen candidates (counting in C, so it stays fast with
        thousands of terms); difflib then chooses among them.
        """
        if self._suggest_names is None:
            self._suggest_names = {}
            for term in self.terms:
                for form in term.names:
                    self._suggest_names.setdefault(normalise(form), form)
            self._bigrams = {}
            for norm_name in self._suggest_names:
                for gram in _bigrams(norm_name):
                    self._bigrams.setdefault(gram, []).append(norm_name)
        norm = normalise(name)
        if not norm:
            return None
        counts: Counter[str] = Counter()
        limit = max(_SUGGESTION_CANDIDATES, len(self._suggest_names) // 8)
        for gram in _bigrams(norm):
            names = self._bigrams.get(gram, ())
            if len(names) <= limit:  # a gram most names share tells little and costs most
                counts.update(names)
        candidates = [candidate for candidate, _count in counts.most_common(_SUGGESTION_CANDIDATES)]
        matches = difflib.get_close_matches(norm, candidates, n=1, cutoff=0.7)
        return self._suggest_names[matches[0]] if matches else None
