"""Text safety: what no field may hold (control characters), and text made safe to print
(every character a terminal may act on or not show, escaped). Pure functions, no Sphinx."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: Inline HTML elements whose words are a link, code or script, not prose (read so by the build's
#: walk and by ``aigloss check``): their names, and what opens one (an ``<a>`` without ``href``,
#: ``<a name="install"/>``, is a place to link to, not a link: its words are prose).
OPAQUE_HTML = "a|code|kbd|samp|pre|var|button|script|style|textarea"
#: (no "<" inside: each opener reads on at most to the next tag)
_ATTRIBUTE = r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'<>]*))?"""  # name="a > b", name=x, name
OPAQUE_OPEN = (rf"a(?=(?:\s+{_ATTRIBUTE})*?\s+href(?![^\s>/=]))"  # an href among its attributes, valued or not
               r"|code|kbd|samp|pre|var|button|script|style|textarea")

#: Characters a text field may not hold: C0 and C1 controls (newlines, escape, NUL, ...).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

#: What a terminal may act on or not show: controls (C0, DEL, C1), format characters (bidi
#: overrides and isolates, zero-width spaces, tags), line and paragraph separators, and lone
#: surrogates. The joiners stay: scripts such as Persian and emoji sequences need them.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_JOINERS = frozenset("\u200c\u200d")
_NOT_PLAIN = re.compile(r"[^\x20-\x7e]")  # the rest is printable ASCII: no need to look closer


def hidden(char: str) -> bool:
    """Whether a character is one a terminal may act on or not show."""
    return unicodedata.category(char) in _HIDDEN_CATEGORIES and char not in _JOINERS


def escape_hidden(text: str, escape: Callable[[str], str], *, keep: str = "", ascii_only: bool = False) -> str:
    """``text`` with ``escape(char)`` for every hidden character (with ``ascii_only``, for
    every character outside ASCII), except the characters in ``keep``."""

    def replace(match: re.Match[str]) -> str:
        char = match[0]
        return char if char in keep or not (ascii_only or hidden(char)) else escape(char)

    return _NOT_PLAIN.sub(replace, text)


def visible(text: str, keep: str = "") -> str:
    """The text with every hidden character (except those in ``keep``) written as a Python
    escape (``\\x1b``, ``\\u202e``): printing it cannot move the cursor, clear a screen
    or reorder text."""
    return escape_hidden(text, lambda char: ascii(char)[1:-1], keep=keep)


#: The white space prose may hold (a definition, a pack's description or note: TOML multi-line
#: strings); it is folded into single spaces at load. No other field may hold any control character.
PROSE_SPACE = "\t\n"


#: Characters no field may hold besides the controls, each class with why. Line and paragraph
#: separators are line breaks: prose may hold them (folded into spaces), other fields may not.
#: Bidirectional embeddings, overrides and isolates: one left open reorders the text after the
#: place a term shows (the rest of an author's paragraph). U+FFFE, U+FFFF and surrogates: no
#: XML document (EPUB, the xml builder, an SVG map) can carry them.
_SEPARATOR = re.compile("[\u2028\u2029]")
_UNCARRIED = ((re.compile("[\u202a-\u202e\u2066-\u2069]"),
               "a bidirectional control (U+{:04X}), which would reorder the text around it"),
              (re.compile("[\ufffe\uffff\ud800-\udfff]"),
               "U+{:04X}, which no XML output (EPUB, the xml builder, a map) can carry"))


def control_problem(text: str, *, prose: bool = False) -> str | None:
    """Why a text field cannot hold ``text``: a control character (C0, DEL, C1), which would act
    on a terminal, break a PDF or an SVG (prose may hold tabs and line breaks), or one of the
    characters of ``_UNCARRIED``. None when fine."""
    for char in CONTROL.findall(text):
        if not (prose and char in PROSE_SPACE):
            if prose:  # the value may be long: the character says where
                return (f"holds a control character (U+{ord(char):04X}); of them, prose may hold "
                        "only tabs and line breaks")
            return f"{text!r} holds a control character (U+{ord(char):04X})"
    shown = "" if prose else f"{text!r} "
    if not prose and (match := _SEPARATOR.search(text)):
        return f"{shown}holds a line or paragraph separator (U+{ord(match[0]):04X})"
    for pattern, why in _UNCARRIED:
        if match := pattern.search(text):
            return f"{shown}holds " + why.format(ord(match[0]))
    return None
