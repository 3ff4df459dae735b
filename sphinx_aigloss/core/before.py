"""Searches for what a text says right before a mention: patterns anchored at its end
(``$``), read over the few characters they can match there, not over the whole text before
it. Each gives the match the plain search gives. Pure Python, no Sphinx."""

from __future__ import annotations

import re

#: How far before a mention ``$``-anchored patterns (``core.senses``) are read first.
REACH = 200
#: What those patterns' matches are made of (whitespace too: ``$`` may match before a last newline).
WORDY = re.compile(r"[\w\-\s]*")
SOFTWARE_CHARS = re.compile("[\\w\\-\\s\U0001f917]*")
SENTENCE_CHARS = re.compile(r"[.!?:\s]*")


def search_before(pattern: re.Pattern[str], chars: re.Pattern[str], content: str, end: int,
                  reach: int = REACH) -> re.Match[str] | None:
    """``pattern.search(content, 0, end)``, for a pattern whose every match holds only ``chars``
    from its start to ``end``: the last ``reach`` characters are searched first, the whole text
    only when they are all ``chars`` (a match could then begin further back). The same match,
    without reading a long paragraph again for each mention. (A search from ``lo`` still sees
    the characters before it in look-behinds and ``\\b``; ``^`` matches only at 0.)"""
    lo = end - reach
    if lo <= 0:
        return pattern.search(content, 0, end)
    found = pattern.search(content, lo, end)
    if chars.fullmatch(content, lo, found.start() if found else end):
        return pattern.search(content, 0, end)
    return found


def _search_before(pattern: re.Pattern[str], content: str, start: int, last: str) -> re.Match[str] | None:
    """``pattern.search(content, max(0, start - 40), start)``, searched only when the text before
    the mention ends, white space aside, with one of the characters ``last`` (the search tries
    each of the 40 positions; a match needs that ending): the same match."""
    low, end = max(0, start - 40), start
    while end > low and content[end - 1].isspace():  # (``str.isspace`` is what ``\s`` matches)
        end -= 1
    return pattern.search(content, low, start) if end > low and content[end - 1] in last else None


def ends_with(tail: re.Pattern[str], content: str, end: int, reach: int) -> bool:
    """Whether the text before ``end``, white space aside, ends with what ``tail`` (a pattern
    ending in ``$``, no longer than ``reach`` characters) matches: what the last words of a
    match of a pattern ``(?:...)\\s*$`` must be, checked over a few characters."""
    while end and content[end - 1].isspace():  # (``str.isspace`` is what ``\s`` matches)
        end -= 1
    return tail.search(content, max(0, end - reach), end) is not None


def last_word(content: str, end: int) -> str:
    """The run of ``[\\w\\-]`` that ends where white space before ``end`` begins ("" if no white
    space comes right before ``end``, or no such run before it): the last word of a match of a
    pattern ``(?:...word)\\s+$``, read from ``end`` back."""
    pos = end
    while pos and content[pos - 1].isspace():
        pos -= 1
    if pos == end:
        return ""
    last = pos
    while pos and (content[pos - 1].isalnum() or content[pos - 1] in "_-"):  # (``\\w``: a letter, a digit, "_")
        pos -= 1
    return content[pos:last]


def titled_word_before(content: str, end: int) -> bool:
    """Whether a word that begins with a capital ASCII letter comes before ``end``, white space
    between: what a match of ``(?:(?<![\\w\\-])[A-Z][\\w\\-]*\\s+)+$`` needs (its last word)."""
    word = last_word(content, end)
    return bool(word) and "A" <= word[0] <= "Z"
