"""Collation: names in a language's alphabetical order, the same on every machine.

The Unicode Collation Algorithm with the default table (DUCET) of pyuca, a pure-Python
implementation, always with the table of UCA 10.0.0: the order depends neither on the
machine's locale nor on what else is installed. DUCET's root order suits most languages
written in Latin script (German "Ä" sorts with "A", French accents after the bare letter).
Languages whose alphabet puts some letters elsewhere get a tailoring (``TAILORINGS``).
PyICU is not used even where it is installed: its tables follow newer Unicode and CLDR
releases, so the order would depend on the machine after all.

Loading pyuca's table costs a tenth of a second or more per process, so names written in
printable ASCII (all of the shipped pack's, most English projects') take their collation
elements from a copy of those characters' weights (``_ASCII``) and pyuca is imported only for
the names that need it: the keys, and so the order, are the same either way.
"""

from __future__ import annotations

import functools
import string
import unicodedata
from collections.abc import Callable
from typing import Protocol

#: A collation element: its primary (letter), secondary (accent) and tertiary (case) weights.
Element = tuple[int, int, int]
#: A name's sort key: its collation key without spaces and punctuation, the key of the whole
#: name, then the name itself (code points: equal keys never depend on the input's order).
SortKey = tuple[tuple[int, ...], tuple[int, ...], str]

#: Letters a language sorts apart from DUCET's root order, as ``(anchor, letters)`` pairs: the
#: letters come right after the anchor letter, in the order given. Each string of ``letters``
#: is one letter of the alphabet followed by its variants: a variant sorts as that letter, after
#: it only when the names are otherwise equal (Swedish "Ära" and "Æra"). Capitals follow.
#: Only the letters listed are tailored; the rest of each alphabet is DUCET's. Not covered:
#: Danish and Norwegian "aa" as "å", Swedish "ü" as "y", and languages whose tailorings join
#: letters ("ch" in Czech) or change case rules (Turkish "ı").
TAILORINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "sv": (("z", ("å", "ä æ", "ö ø")),),  # Swedish: ... x y z å ä ö
    "fi": (("z", ("å", "ä æ", "ö ø")),),  # Finnish: as Swedish
    "da": (("z", ("æ ä", "ø ö", "å")),),  # Danish: ... x y z æ ø å
    "nb": (("z", ("æ ä", "ø ö", "å")),),  # Norwegian (Bokmål), as Danish
    "nn": (("z", ("æ ä", "ø ö", "å")),),  # Norwegian (Nynorsk)
    "no": (("z", ("æ ä", "ø ö", "å")),),  # Norwegian
    "es": (("n", ("ñ",)),),  # Spanish: ... n ñ o
    "pl": (("a", ("ą",)), ("c", ("ć",)), ("e", ("ę",)), ("l", ("ł",)), ("n", ("ń",)),
           ("o", ("ó",)), ("s", ("ś",)), ("z", ("ź", "ż"))),  # Polish: a ą b c ć ...
}

#: Room left after each DUCET primary weight for the tailored letters that follow it.
_SPAN = 16
_LOWER, _UPPER = 0x02, 0x08  # DUCET's tertiary weights of small and capital letters

#: The printable ASCII characters in DUCET's order, capitals aside (a capital has its small
#: letter's weights but the tertiary ``_UPPER``), and their primary weights in UCA 10.0.0. Each is
#: one collation element of secondary 0x20 and tertiary ``_LOWER``, and DUCET contracts no two
#: of them ("l·" is a contraction, but "·" is not ASCII). ``tests/test_collation.py`` checks
#: all this against pyuca's table.
_ASCII_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz"
_ASCII_PRIMARY = (
    0x209, 0x20B, 0x20D, 0x222, 0x234, 0x23A, 0x261, 0x267, 0x278, 0x306, 0x30D, 0x318, 0x319,
    0x31A, 0x31B, 0x31C, 0x31D, 0x38F, 0x390, 0x395, 0x396, 0x397, 0x399, 0x39A, 0x498, 0x49B,
    0x62C, 0x630, 0x631, 0x632, 0x634, 0x636, 0x1C77,  # space ... $
    *range(0x1CA3, 0x1CAD),  # 0 ... 9
    0x1CAD, 0x1CC6, 0x1CE0, 0x1CF5, 0x1D10, 0x1D4B, 0x1D5A, 0x1D7E, 0x1D98, 0x1DB2, 0x1DCB, 0x1DDD,
    0x1E10, 0x1E1F, 0x1E43, 0x1E72, 0x1E87, 0x1E99, 0x1ED7, 0x1EFB, 0x1F1B, 0x1F49, 0x1F5B, 0x1F65,
    0x1F71, 0x1F87,  # a ... z
)
_ASCII: dict[str, Element] = {char: (primary * _SPAN, 0x20, _LOWER)
                              for char, primary in zip(_ASCII_ORDER, _ASCII_PRIMARY, strict=True)}
_ASCII.update({char.upper(): (*_ASCII[char][:2], _UPPER) for char in string.ascii_lowercase})


class _Collator(Protocol):
    """What we use of pyuca's collator (an untyped library)."""

    def collation_elements(self, normalized_string: str) -> list[list[int]]: ...


@functools.cache
def _collator() -> _Collator:
    """pyuca's collator (loads its table: a tenth of a second or more, only when a name needs it)."""
    # Imported here, not at the top: ASCII names, "aigloss check" and English builds never need it.
    from pyuca.collator import Collator_10_0_0

    collator: _Collator = Collator_10_0_0()  # type: ignore[no-untyped-call]
    return collator


def base_language(language: str | None) -> str:
    """"sv" for "sv_SE", "sv-FI" or "SV"."""
    return (language or "").replace("-", "_").split("_")[0].lower()


@functools.cache
def _tailored(language: str) -> dict[str, Element]:
    """The collation element of each letter the language tailors (both cases, composed form)."""
    out: dict[str, Element] = {}
    for anchor, letters in TAILORINGS.get(language, ()):
        anchor_primary = _collator().collation_elements(anchor)[0][0] * _SPAN
        for rank, group in enumerate(letters, start=1):
            for variant, letter in enumerate(group.split()):
                letter = unicodedata.normalize("NFC", letter)
                out[letter] = (anchor_primary + rank, 0x20 + variant, _LOWER)
                out[letter.upper()] = (anchor_primary + rank, 0x20 + variant, _UPPER)
    return out


def _ducet(text: str) -> list[Element]:
    if not text:
        return []
    elements = _collator().collation_elements(unicodedata.normalize("NFD", text))
    return [(e[0] * _SPAN, e[1], e[2]) for e in elements]


@functools.cache
def _ascii_alphabet(language: str) -> frozenset[str]:
    """The characters ``_ASCII`` weighs in ``language``: those its tailoring leaves alone."""
    tailored = {char for _anchor, letters in TAILORINGS.get(language, ()) for group in letters
                for letter in group.split() for char in unicodedata.normalize("NFC", letter + letter.upper())}
    return frozenset(_ASCII.keys() - tailored)


def _uca_elements(text: str, language: str) -> list[Element]:
    """The collation elements of ``text`` from pyuca's table: DUCET's, the tailored letters' own."""
    tailored = _tailored(language)
    if not tailored:
        return _ducet(text)
    out: list[Element] = []
    run = ""
    for char in unicodedata.normalize("NFC", text):
        if char in tailored:
            out += _ducet(run)
            out.append(tailored[char])
            run = ""
        else:
            run += char
    return out + _ducet(run)


def _elements(text: str, language: str) -> list[Element]:
    """The collation elements of ``text``; without pyuca's table when it is all ASCII."""
    if set(text) <= _ascii_alphabet(language):
        return [_ASCII[char] for char in text]
    return _uca_elements(text, language)


def _key(elements: list[Element]) -> tuple[int, ...]:
    """The sort key of these elements: primary weights, then secondary, then tertiary, each
    level ended by 0."""
    key: list[int] = []
    for level in range(3):
        key.extend(weight for element in elements if (weight := element[level]))
        key.append(0)
    return tuple(key)


def collation_key(text: str, language: str = "") -> tuple[int, ...]:
    """The UCA sort key of ``text`` (non-ignorable: spaces and punctuation weigh as symbols)."""
    return _key(_elements(text, base_language(language)))


def _letters_only(name: str) -> str:
    """The name without spaces, punctuation and invisible format characters."""
    return "".join(char for char in name if unicodedata.category(char)[0] not in "ZP"
                   and unicodedata.category(char) != "Cf")


@functools.lru_cache(maxsize=1 << 14)  # a glossary sorts the same names in every placement
def sort_key(name: str, language: str = "") -> SortKey:
    """Where a name sorts among others in ``language``'s alphabetical order.

    Spaces and punctuation count only between names that are otherwise equal, as in a
    dictionary ("Prefix tuning" before "Pre-training"; "Pre training" and "Pre-training" are
    then told apart by the symbols' weights, and finally by code point)."""
    return (collation_key(_letters_only(name), language), collation_key(name, language), name)


def name_order(language: str = "") -> Callable[[str], SortKey]:
    """The sort key of names in ``language``'s alphabetical order (glossary entries, ``:sort:
    alphabetical``, the list of abbreviations)."""
    return functools.partial(sort_key, language=base_language(language))
