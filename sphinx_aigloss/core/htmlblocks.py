"""Raw HTML blocks in Markdown, as CommonMark (and so MyST's markdown-it) reads them.

A line that starts one of CommonMark's seven kinds of HTML block starts raw HTML, which is no
prose; each kind ends its own way. Kinds 1-6 may interrupt a paragraph, kind 7 (a lone complete
tag: ``<span class="x">`` on a line of its own) only starts a block after a blank line, and a
line that opens with an inline tag and goes on (``<img src="x"> Text``) is a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .markup import Line, until_blank, until_closed

#: Kinds 1-5: the start of the line, and what closes the block (in the same line or a later one).
_RAW = re.compile(r"<(script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE)
_ENDS = (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"))
_OPENERS = tuple(opener for opener, _closer in _ENDS)
_DECLARATION = re.compile(r"<![A-Za-z]")
#: Kind 6: a block-level element's tag; the block ends at a blank line.
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|"
    r"div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|"
    r"link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|"
    r"th|thead|title|tr|track|ul)(?=[\s>]|/>|$)", re.IGNORECASE)
#: Kind 7: one complete opening or closing tag, and nothing else on the line.
_ATTRIBUTE = r"""\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
_LONE_TAG = re.compile(rf"(?:<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$")


def interrupts(text: str) -> bool:
    """Whether a (stripped) line starts an HTML block that ends a paragraph: kinds 1-6."""
    return text.startswith("<") and (_RAW.match(text) is not None or text.startswith(_OPENERS)
                                     or _DECLARATION.match(text) is not None or _BLOCK_TAG.match(text) is not None)


def block_end(lines: list[Line], start: int) -> int | None:
    """When the line at ``start`` starts an HTML block (after a blank line or at the start of a
    container), the index after its last line; None when it starts none."""
    text = lines[start][1].strip()
    if not text.startswith("<"):
        return None
    closes: Callable[[str], bool] | None = None
    if raw := _RAW.match(text):  # (markdown-it takes "</pre>" exactly, no space before its ">")
        closing = re.compile(rf"</{raw.group(1)}>", re.IGNORECASE)
        closes = lambda line: closing.search(line) is not None  # noqa: E731
    elif ends := next((closer for opener, closer in _ENDS if text.startswith(opener)), None):
        closes = lambda line: ends in line  # noqa: E731 (the opener's own line counts: "<!-->", "<?>")
    elif _DECLARATION.match(text):
        closes = lambda line: ">" in line  # noqa: E731
    elif _BLOCK_TAG.match(text) or _LONE_TAG.match(text):
        return until_blank(lines, start)
    return None if closes is None else until_closed(lines, start, closes, closes(text))
