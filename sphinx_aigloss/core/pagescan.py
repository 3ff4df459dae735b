"""Searches over a whole page, started only where a match can be. A pattern read over every
character of a page costs tens of instructions a character (the engine tries it, or its first
class, at each one); these skip to a literal character every match holds, in C, and read
the few places found. Pure Python, no Sphinx."""

from __future__ import annotations

import re

#: A hyphen before a capital: every hyphenated name of capitalised parts holds one.
HYPHEN_CAPITAL = re.compile(r"-[A-Z]")


def _word_char(char: str) -> bool:
    """``\\w`` as the engine reads it in a ``str`` pattern."""
    return char.isalnum() or char == "_"


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
        while start and _word_char(page[start - 1]):
            start -= 1
        match = name.match(page, start)
        if match is not None:
            names.append(match.group())
            taken = match.end()
    return names
