"""Collation: names in a language's alphabetical order, the same on every machine.

The Unicode Collation Algorithm with the default table (DUCET) of pyuca, a pure-Python
implementation, always with the table of UCA 10.0.0: the order depends neither on the
machine's locale nor on what else is installed. DUCET's root order suits most languages
written in Latin script (German "Ä" sorts with "A", French accents after the bare letter).
Languages whose alphabet puts some letters elsewhere get a tailoring (``TAILORINGS``).
PyICU is not used even where it is installed: its tables follow newer Unicode and CLDR
releases, so the order would depend on the machine after all.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Protocol

from pyuca.collator import Collator_10_0_0

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


class _Collator(Protocol):
    """What we use of pyuca's collator (an untyped library)."""

    def collation_elements(self, normalized_string: str) -> list[list[int]]: ...


@functools.cache
def _collator() -> _Collator:
    """pyuca's collator (loads its table, a quarter of a second: only when names are sorted)."""
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


def _elements(text: str, tailored: dict[str, Element]) -> list[Element]:
    """The collation elements of ``text``: DUCET's, the tailored letters' own."""
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


def collation_key(text: str, language: str = "") -> tuple[int, ...]:
    """The UCA sort key of ``text`` (non-ignorable: spaces and punctuation weigh as symbols):
    primary weights, then secondary, then tertiary, each level ended by 0."""
    elements = _elements(text, _tailored(base_language(language)))
    key: list[int] = []
    for level in range(3):
        key.extend(weight for element in elements if (weight := element[level]))
        key.append(0)
    return tuple(key)


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
