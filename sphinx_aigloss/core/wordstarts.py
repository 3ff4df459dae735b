"""Where the words of a text that may begin a name are, read by the mention scan
(``mentions._scanner``) over the text as bytes, each gap between words a space: the engine
then skips from space to space in C, where a pattern that begins with a class of characters
is tried at every character. For a text whose characters outside ASCII are no word characters
(curly quotes, dashes): a letter outside ASCII must be offered to the scan's trie, not read as
a gap. Pure Python, no Sphinx."""

from __future__ import annotations

import operator
import re

#: A word: a run of word characters, apostrophes inside.
WORD = r"\w+(?:[\u2019']\w+)*"
_WORD = re.compile(WORD)
APOSTROPHES = "'\u2019"
#: A text for the scan, byte for character: ASCII letters in lower case, digits and "_" as they
#: are, every other character a space (so is the "?" that ``encode`` writes for a character
#: outside ASCII).
GAPS = bytes(c + 32 if 65 <= c <= 90 else c if (c < 128 and chr(c).isalnum()) or c == 95 else 32 for c in range(256))


def as_gaps(text: str) -> bytes | None:
    """The text as ``GAPS`` writes it, or None if a character outside ASCII in it is a word
    character (each one outside ASCII is looked at: prose has a few quotation marks and dashes)."""
    if text.isascii():  # (known without reading the text)
        return text.encode("ascii").translate(GAPS)
    raw = text.encode("ascii", "replace")  # one "?" for each character outside ASCII
    at = raw.find(b"?")
    while at != -1:
        if text[at].isalnum():  # (``\w`` outside ASCII: "_" and "?" are ASCII)
            return None
        at = raw.find(b"?", at + 1)
    return raw.translate(GAPS)


#: A scan's hit -> where its word (group 1) is.
_WORD_SPAN = operator.methodcaller("span", 1)


def word_char(char: str) -> bool:
    """``\\w`` as the engine reads it in a ``str`` pattern."""
    return char.isalnum() or char == "_"


def word_starts(text: str, gaps: bytes, scan: re.Pattern[bytes]) -> list[tuple[int, int]]:
    """The words (start, end) the scan finds in ``gaps`` (``as_gaps(text)``), in order, as the
    scan over the text in lower case finds them: not after a word character or inside a word
    after an apostrophe; a word that goes on after an apostrophe ("model's") read on."""
    # (The character before a word the scan finds is a gap: no letter or digit, as ``as_gaps``
    # made sure; only an apostrophe inside a word may be one it must not begin after.)
    hits = scan.finditer(b" " + gaps)  # (the space: a character before the first word)
    if "'" not in text and "\u2019" not in text:  # (most texts: every word found is one)
        return [(start - 1, end - 1) for start, end in map(_WORD_SPAN, hits)]
    spans = []
    for hit in hits:
        start, end = hit.span(1)
        if not (start > 2 and text[start - 2] in APOSTROPHES and word_char(text[start - 3])):
            if end <= len(text) and text[end - 1] in APOSTROPHES:
                end = _WORD.match(text, start - 1).end() + 1  # type: ignore[union-attr]
            spans.append((start - 1, end - 1))
    return spans
