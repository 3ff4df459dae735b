"""Phrases in running text that are not the author's words: quotations, and the phrases a
project tells automatic linking and the checks to leave alone. Pure Python (the build and
``aigloss check`` alike)."""

from __future__ import annotations

import functools
import re

#: Opening quotation mark -> the mark that closes it.
QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb", "\u201e": "\u201c", '"': '"', "'": "'"}
QUOTE_MARK = re.compile("[\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e]")
#: The same marks, one character each: ``in`` finds them faster than a search does.
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
SEPARATORS = re.compile("[\\s\\-\u2010\u2011]+")  # between the words of an ignored phrase


@functools.lru_cache(maxsize=8)
def ignore_patterns(phrases: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """``aigloss_autolink_ignore`` as patterns: any characters ("🤗 PEFT"), any case, hyphens
    or any run of white space (a line break too) between words, never in the middle of a word."""
    out = []
    for phrase in phrases:
        words = SEPARATORS.split(phrase.strip())
        if not words[0]:
            continue
        body = SEPARATORS.pattern.join(map(re.escape, words))
        before = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
        after = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
        out.append(re.compile(before + body + after, re.IGNORECASE))
    return tuple(out)


def quotations(content: str, closer: str) -> tuple[list[tuple[int, int]], str]:
    """The spans of ``content`` between quotation marks, and the mark still awaited at its
    end. ``closer`` is the mark awaited from the text before, in the same block ("" if none).

    A mark opens a quotation only at the start of a word and closes it only at the end of
    one, so apostrophes ("don't", "models' outputs") and inch marks open nothing."""
    spans = []
    start = 0
    for match in QUOTE_MARK.finditer(content):
        mark, pos = match.group(), match.start()
        before = content[pos - 1] if pos else " "
        after = content[pos + 1] if pos + 1 < len(content) else " "
        if closer:
            if mark == closer and not after.isalnum():
                spans.append((start, pos))
                closer = ""
        elif mark in QUOTES and not before.isalnum() and not after.isspace():
            closer, start = QUOTES[mark], pos + 1
    if closer:
        spans.append((start, len(content)))
    return spans, closer
