"""Searches over a whole page or a sentence, started only where a match can be. A pattern read
over every character of a text costs tens to hundreds of instructions a character (the engine
tries it, or its first class, at each one); these skip to a literal character or word every
match holds, in C, and read the few places found. Pure Python, no Sphinx."""

from __future__ import annotations

import re

from .wordstarts import word_char

#: A hyphen before a capital: every hyphenated name of capitalised parts holds one.
HYPHEN_CAPITAL = re.compile(r"-[A-Z]")


def hyphenated_names(name: re.Pattern[str], page: str) -> list[str]:
    """``[m.group() for m in name.finditer(page)]`` for a ``name`` that begins with a capital at
    a word boundary, reads whole words (``\\w*+``) and holds a hyphen before a capital
    (``senses.CAPITALS_NAME``): each match begins where the word before such a hyphen begins,
    unless an earlier match took that hyphen; no other place can begin one."""
    names: list[str] = []
    taken = 0  # where the last match ends
    for hyphen in HYPHEN_CAPITAL.finditer(page):
        start = hyphen.start()
        if start < taken:
            continue
        while start and word_char(page[start - 1]):
            start -= 1
        match = name.match(page, start)
        if match is not None:
            names.append(match.group())
            taken = match.end()
    return names


#: The characters other than an ASCII letter's two cases that one matches ignoring case
#: (``wordsenses._FOLDS``): a text holding one is searched the plain way.
FOLDED = "\u0130\u0131\u212a\u017f"


#: A group of words an alternative begins with: ``(?:world|dynamics)\s+models?``.
WORD_GROUP = re.compile(r"\(\?:([A-Za-z0-9|]+)\)(?![?*{])")


def stems(alternative: str) -> list[str]:
    """What an alternative of a word list begins with, one of them in lower case: ``stem``, or
    each word of the group it begins with."""
    group = WORD_GROUP.match(alternative)
    return group[1].lower().split("|") if group else [stem(alternative)]


def stem(alternative: str) -> str:
    """The letters and digits an alternative of a word list begins with, each one it must match
    (``clusters?`` -> "cluster", ``fine-?tun\\w*`` -> "fine"), in lower case; "" if none."""
    letters = ""
    for at, char in enumerate(alternative):
        if not (char.isascii() and char.isalnum()) or alternative[at + 1:at + 2] in ("?", "*", "{"):
            break
        letters += char
    return letters.lower()


def _lowered(pattern: str) -> str:
    """A pattern's capital letters in lower case, its escapes (``\\W``) as they are."""
    return re.sub(r"\\.|[A-Z]", lambda found: found[0] if found[0][0] == "\\" else found[0].lower(), pattern)


class Words:
    """A word list ``\\b(?:list)\\b`` ignoring case (``pattern``, compiled when first asked
    for), searched from where one of its alternatives' stems is in the text in lower case (each
    ``str.find``, in C), not by the engine at every position, and there matched in lower case
    by the list compiled without ignoring case (half the cost to compile; compiled when first
    searched: most lists are never read in a build): ``search`` finds
    the span ``pattern.search`` finds. (Lower case keeps every index and matches an ASCII
    letter as ignoring case does in a text without the ``FOLDED`` characters.) A list with an
    alternative that begins with no letter or digit, a part that minds case (``(?-i:``) or a
    character outside ASCII is searched the plain way."""

    __slots__ = ("_compiled", "_lower", "_source", "_words", "stems")

    def __init__(self, source: str, words: str, alternatives: list[str]) -> None:
        self._source = source  # (``pattern``'s)
        self._compiled: re.Pattern[str] | None = None
        found = {letters for alternative in alternatives for letters in stems(alternative)}
        # (A letter outside ASCII may fold to others than its cases: "σ", "ς".)
        self.stems = None if "" in found or "(?-i" in words or not words.isascii() else tuple(sorted(found))
        self._words = words
        self._lower: re.Pattern[str] | None = None  # (compiled at the first search in lower case)

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        if self.stems is None or (not text.isascii() and any(map(text.__contains__, FOLDED))):
            return self.pattern.search(text)
        if self._lower is None:
            self._lower = re.compile(r"\b(?:" + _lowered(self._words) + r")\b")
        lower = text.lower()
        starts = set()
        for letters in self.stems:
            at = lower.find(letters)
            while at != -1:
                starts.add(at)
                at = lower.find(letters, at + 1)
        for at in sorted(starts):  # (the first match the engine would find is the leftmost)
            found = self._lower.match(lower, at)
            if found is not None:
                return found
        return None
