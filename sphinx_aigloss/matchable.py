"""Which pages a change of the active name forms can reach (automatic linking and the
unlinked-mention report, PRODUCT §9 and §10).

Both match a page's prose against every active name form when the page is read, so a new
term, alias or pack changes what an unchanged page would give. Reading every page again on
each data edit would be exact but slow; instead each page keeps a small Bloom filter of its
words and of its pairs of neighbouring words, and a page is read again when some form that
was added, removed or changed could be spelled with a run of those words. A filter may answer
yes wrongly (a page read for nothing), never no wrongly, so an incremental build still equals
a fresh one.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import struct
from collections.abc import Iterable, Mapping

from docutils import nodes

from .core import Term, inflections, normalise, singulars

#: How the matcher cuts text into words (core/mentions.py); a mention is a run of them.
WORD = re.compile(r"\w+(?:[\u2019']\w+)*")
#: Filter bits per entry (a word, or two neighbouring words), and bits set per entry: a false
#: "yes" for about one entry in 8,000, so a new term sends about one page in 1,000 to be read
#: for nothing (a form is tested with its prefixes, each of which may answer).
BITS_PER_ENTRY = 24
HASHES = 6
MIN_BITS = 256
_UNPACK = struct.Struct(f"<{HASHES}I").unpack

#: What decides where a term matches in prose: its names as written (case matters for
#: abbreviations), which of them is the abbreviation, and its ``autolink`` and ``inflect`` flags.
Signature = tuple[tuple[str, ...], str, bool, bool]


def signature(term: Term) -> Signature:
    return term.names, term.abbreviation, term.autolink, term.inflect


def forms(sig: Signature) -> set[str]:
    """The normalised text a term with this signature can match: its names, their plurals,
    singulars and verb forms (for every name: a superset of what the glossary matches is safe)."""
    names, _abbreviation, _autolink, inflect = sig
    out: set[str] = set()
    for name in names:
        norm = normalise(name)
        out.update((norm, norm + "s", norm + "es", *singulars(norm)))
        if norm.endswith("y"):
            out.add(norm[:-1] + "ies")
        if inflect:
            out.update(inflections(norm))
    return out


def _hashes(text: str) -> tuple[int, ...]:
    # Hashes that are the same in every process (str's hash() is not) and every build.
    return _UNPACK(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4 * HASHES).digest())


def word_filter(doctree: nodes.Node) -> bytes:
    """A Bloom filter of the normalised words of every text in the tree (prose or not: a
    superset of what the matcher reads is safe), and of each two neighbours in one text
    ("reward model"; a mention never spans two texts)."""
    entries: set[str] = set()
    for text in doctree.findall(nodes.Text):
        # A word that normalises to nothing ("_") adds nothing to a mention either.
        words = [norm for norm in map(normalise, WORD.findall(text.astext())) if norm]
        entries.update(words)
        entries.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    bits = bytearray(max(MIN_BITS, len(entries) * BITS_PER_ENTRY) // 8)
    size = len(bits) * 8
    for word in entries:
        for value in _hashes(word):
            value %= size
            bits[value >> 3] |= 1 << (value & 7)
    return bytes(bits)


class _Probe:
    """Membership tests of the words of a few forms against many filters (each word's hashes
    computed once)."""

    def __init__(self) -> None:
        self._hashes: dict[str, tuple[int, ...]] = {}

    def holds(self, bits: bytes, word: str) -> bool:
        hashes = self._hashes.get(word)
        if hashes is None:
            hashes = self._hashes[word] = _hashes(word)
        size = len(bits) * 8
        return all(bits[(value % size) >> 3] >> (value % size & 7) & 1 for value in hashes)

    def spells(self, bits: bytes, form: str) -> bool:
        """Whether the form can be cut into words the filter holds, each a neighbour of the
        one before (a mention is a run of words whose normalised forms joined give a form)."""
        todo = [(0, -1)]  # (where the next word starts, where the word before it starts; -1: none)
        seen = set(todo)
        while todo:
            start, before = todo.pop()
            for end in range(start + 1, len(form) + 1):
                word = form[start:end]
                if not self.holds(bits, word if before < 0 else f"{form[before:start]} {word}"):
                    continue
                if end == len(form):
                    return True
                if (end, start) not in seen:
                    seen.add((end, start))
                    todo.append((end, start))
        return False


def holds(bits: bytes, word: str) -> bool:
    """Whether the filter holds the normalised word, or two words "first second" as
    neighbours (or says so wrongly)."""
    return _Probe().holds(bits, word)


def reached(old: Mapping[str, Signature], new: Mapping[str, Signature],
            filters: Mapping[str, bytes]) -> set[str]:
    """The pages whose words may spell a form of a term added, removed or changed between
    the two glossaries (term id -> signature)."""
    changed = [key for key in old.keys() | new.keys() if old.get(key) != new.get(key)]
    candidates: set[str] = set()
    for key in changed:
        for sig in (old.get(key), new.get(key)):
            if sig is not None:
                candidates |= forms(sig)
    return pages_spelling(sorted(candidates), filters)


def pages_spelling(candidates: Iterable[str], filters: Mapping[str, bytes]) -> set[str]:
    wanted = [form for form in candidates if form]
    probe = _Probe()
    return {docname for docname, bits in filters.items() if any(probe.spells(bits, form) for form in wanted)}
