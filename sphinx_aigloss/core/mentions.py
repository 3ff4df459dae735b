"""Mentions of terms in running text: which words name a term, longest match first.

A Matcher belongs to one glossary and keeps its own caches (the sorted name forms, the scan
built from them, definitions already cut into segments). Pure Python, no Sphinx.
"""

from __future__ import annotations

import bisect
import functools
import re
from itertools import accumulate, compress, filterfalse
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from .names import inflections, is_all_caps, normalise, singulars
from .wordstarts import WORD, as_gaps, word_char, word_starts

if TYPE_CHECKING:
    from .terms import Term

#: Mentions begin and end on words (``WORD``). What joins two words of one name (a space or a
#: hyphen, or a run of white space), then the next word.
_JOINED_WORD = re.compile(r"(?:[\-\u2010\u2011]|\s+)(" + WORD + ")")
#: The scan (``_scanner``) reads a run of words as its letters: what may come between two
#: letters of a name form (apostrophes, the gaps between words: more than joins them, since the
#: scan only says where to look), and a letter outside ASCII, which it does not fold. (The glue
#: gives nothing back: a letter is never ``\W``.)
_GLUE = r"\W*+"
_OTHER_LETTER = r"[^\W\x00-\x7f]"
#: The scan's trie stops at the depth where it would pass ``_SCAN_NODES`` nodes (its first
#: ``_SCAN_MIN_DEPTH`` letters may take ``_SCAN_MAX_NODES``): a few hundred letters tell nearly
#: every word that begins no name, and compile in a few milliseconds.
#: A glossary whose trie would stop above ``_SCAN_MIN_DEPTH`` letters (thousands of names)
#: has its text cut into words instead, each word looked up in a set (``Matcher._split``); so
#: has every text until a matcher has read ``_SCAN_AFTER`` characters (a definition or two,
#: for hover cards, are not worth compiling the scan for: it costs what it saves on ~100,000).
_SCAN_NODES = 200
_SCAN_MAX_NODES = 1000
_SCAN_DEPTH = 24
_SCAN_MIN_DEPTH = 3
_SCAN_AFTER = 50_000
#: Cuts text into words and the gaps between them: ``[gap, word, gap, …, word, gap]``.
_SPLIT = re.compile("(" + WORD + ")")
#: Entries kept in each of a Matcher's caches of words and spans before it starts afresh
#: (real prose repeats a few thousand words; the bound only guards memory).
_CACHE_LIMIT = 1 << 16


def _code_like(text: str, start: int, end: int) -> bool:
    """Whether a word is (part of) an identifier, not prose: snake_case ("reward_model",
    "quantize_"), a part of a dotted name ("torch.ao.quantization", "peft.LoraConfig"), a
    call ("quantize(model)"), a part of a URL or a path. Such a word is no mention, nor part of one."""
    if text.find("_", start, end) != -1:
        return True
    if start >= 2 and text[start - 1] == "." and text[start - 2].isalnum():
        return True
    if start and text[start - 1] == "/":  # a URL or a path ("https://…/distill"), not "LoRA/QLoRA"
        token = text[max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1:start]
        if "://" in token or token.startswith(("/", "~", "./", "../")):
            return True
    if end + 1 < len(text) and text[end] in ".(":
        if text[end] == ".":
            return text[end + 1].isalnum()
        closing = text.find(")", end)  # "quantize()", "quantize(model)"; not "LoRA(Low-Rank Adaptation)"
        return closing != -1 and not any(c.isspace() for c in text[end + 1:closing])
    return False


_Trie = dict[str, "_Trie"]


def _scanner(forms: list[str], ascii_text: bool = False) -> re.Pattern[Any] | None:
    """The scan: a pattern to run over " " + the text in lower case, whose matches hold
    (group 1) every word where a run of words may spell one of ``forms`` (normalised name
    forms) or a simple plural or singular of one, and a few more words. With ``ascii_text``,
    a bytes pattern for a text as ``wordstarts.as_gaps`` writes it: every word after a space,
    no letter outside ASCII offered (none is there), group 1 the word up to an apostrophe.

    A run of words spells its normalised form with its ASCII letters and digits in order,
    with ``_GLUE`` between them. The pattern is a trie of the forms' ASCII letters and digits:
    it finds a word where, from it, the letters lead to a whole form at the end of a word, to
    a letter outside ASCII, or to the trie's depth limit. None when that limit is too shallow
    to tell words apart.
    """
    depth, nodes = 0, 0
    for level in range(1, _SCAN_DEPTH + 1):  # (the forms' plurals add nodes only below them)
        nodes += len({form[:level] for form in forms if len(form) >= level and _ascii_word(form[:level])})
        if nodes > (_SCAN_NODES if level > _SCAN_MIN_DEPTH else _SCAN_MAX_NODES):
            break
        depth = level
    if depth < _SCAN_MIN_DEPTH:
        return None
    spelled = set(forms)
    for form in forms:  # what ``is_form`` accepts besides the forms themselves
        spelled.update(singulars(form))
        spelled.update((form + "s", form + "es", form[:-1] + "ies"))
    trie: _Trie = {}
    ends: set[int] = set()  # the nodes where a spelled form ends (by id)
    for form in spelled:
        node = trie
        for char in form[:depth]:
            if not _ascii_word(char):
                # A letter outside ASCII: every node offers it (below). An ASCII symbol
                # ("c++"): no run of words spells it.
                break
            node = node.setdefault(char, {})
        else:
            if len(form) <= depth:
                ends.add(id(node))

    other = [] if ascii_text else [_OTHER_LETTER]

    def below(node: _Trie, level: int) -> str:
        if level >= depth:
            return ""  # the depth limit: found
        letters = [char + below(child, level + 1) for char, child in sorted(node.items())] + other
        way = f"{_GLUE}(?:{'|'.join(letters)})" if letters else "(?!)"  # (none: a letter outside ASCII only)
        return f"(?:{way}|(?!\\w))" if id(node) in ends else way

    first = "|".join([char + below(child, 1) for char, child in sorted(trie.items())] + other)
    if ascii_text:  # (a space first: the engine skips to the next one in C, as to any one character)
        return re.compile(b" (?=" + first.encode() + rb")(\w+)")
    # The character before the word, from a set the engine skips over fast; a word's first
    # letter as plain alternatives (a mismatch is skipped at once).
    return re.compile(r"[^0-9_a-z](?=" + first + r")(" + WORD + ")")


def _ascii_word(text: str) -> bool:
    """Whether a text is ASCII letters and digits only (and not empty)."""
    return text.isascii() and text.isalnum()


class Mention(NamedTuple):
    """A term named by ``text[start:end]``. (A named tuple: a text holds thousands, and a
    frozen dataclass takes twice as long to make.)"""

    start: int
    end: int
    term: Term


#: A Mention made in C from a tuple (a named tuple's own ``__new__`` is Python code).
_mention = functools.partial(tuple.__new__, Mention)
#: A span not yet looked up (its term may be None).
_UNKNOWN: Any = object()


class Found(Protocol):
    """A lookup's answer: the one term a name means, or None."""

    @property
    def term(self) -> Term | None: ...


class NameIndex(Protocol):
    """What a Matcher reads of its glossary (``glossary.Glossary`` is one): the name forms,
    and which term a span names. ``is_form`` holds for the forms ``forms`` lists and for
    their simple plurals and singulars (``names.singulars``) only: the scan is built from them."""

    def is_form(self, norm: str) -> bool: ...
    def forms(self) -> list[str]: ...
    def lookup(self, name: str) -> Found: ...


class Matcher:
    """Finds the mentions of a glossary's terms in text."""

    def __init__(self, glossary: NameIndex) -> None:
        self.glossary = glossary
        self._forms: list[str] | None = None
        self._scan: re.Pattern[bytes] | None = None  # where a name may begin (``_scanner``, over ``as_gaps``)
        self._scan_any: re.Pattern[str] | None = None  # ... in text with letters outside ASCII (made when needed)
        self._read: int | None = 0  # characters cut into words before there is a scan (None: no scan)
        self._begin: set[str] = set()  # without a scan: the words as written that begin a name form
        self._norms: dict[str, str] = {}  # a word as written -> its normalised form
        # a word as written -> (its normalised form, it is a name form, a longer form begins with it)
        self._words: dict[str, tuple[str, bool, bool]] = {}
        # normalised run of words -> (it is a name form, a longer form begins with it)
        self._prefixes: dict[str, tuple[bool, bool]] = {}
        self._spans: dict[str, Term | None] = {}  # a span as written -> the term it names
        self._segments: dict[str, list[tuple[str, str]]] = {}

    def mentions(self, text: str, *, autolink_only: bool = False) -> list[Mention]:
        """Non-overlapping mentions of terms in prose: word boundaries, longest match wins;
        identifiers (snake_case, dotted names, calls) are not prose.

        All-capital names (abbreviations) match only as written; other names match in any
        case, with hyphens or spaces, in simple plural forms and, for action nouns, in verb
        forms. With ``autolink_only``, terms whose data says ``autolink = false`` are not
        matched. The cost is linear in the text: a span grows word by word only while it is
        the beginning of some name form.
        """
        found: list[Mention] = []
        resume = 0  # the end of the last mention: the words before it are taken
        for start, end in self._candidates(text):
            if start < resume:
                continue
            mention = self._longest_at(text, start, end, autolink_only)
            if mention is not None:
                found.append(mention)
                resume = mention.end
        return found

    def _candidates(self, text: str) -> list[tuple[int, int]]:
        """Where each word that may begin a name is (a superset), in order."""
        if self._scan is None and self._read is not None:
            self._read += len(text)
            if self._read > _SCAN_AFTER:  # enough text read to be worth compiling the scan
                self._read, self._scan = None, _scanner(self._sorted_forms(), ascii_text=True)
        if self._scan is None:
            return self._split(text)
        gaps = as_gaps(text)
        if gaps is not None:
            return word_starts(text, gaps, self._scan)
        if self._scan_any is None:  # (the same trie as the ASCII scan's: not None)
            self._scan_any = _scanner(self._sorted_forms())
        return self._scanned(text, self._scan_any)  # type: ignore[arg-type]

    @staticmethod
    def _scanned(text: str, scan: re.Pattern[str]) -> list[tuple[int, int]]:
        """The words the scan finds, in C; only those are read in Python. It reads the text in
        lower case, which keeps every index: each character lowers to one, but "İ", left as it
        is (a letter outside ASCII: looked at anyway)."""
        lower = text.lower()
        if len(lower) != len(text):
            lower = "\u0130".join(part.lower() for part in text.split("\u0130"))
        spans = []
        for hit in scan.finditer(" " + lower):  # (the space: a character before the first word)
            start, end = hit.span(1)
            # The character before is no ASCII word character; a letter outside ASCII, or an
            # apostrophe inside a word ("model's"), is one: then no word begins here.
            before = text[start - 2] if start > 1 else " "
            if not (before.isalnum() or (before in "'\u2019" and start > 2 and word_char(text[start - 3]))):
                spans.append((start - 1, end - 1))
        return spans

    def _split(self, text: str) -> list[tuple[int, int]]:
        """The words that begin a name form, the text cut into words: their beginnings are
        looked up in a set, in C (set operations, accumulate, compress)."""
        parts = _SPLIT.split(text)
        words = parts[1::2]
        begin = self._begin_words(words)
        if begin.isdisjoint(words):
            return []
        ends = list(accumulate(map(len, parts)))  # ends[i]: where parts[i] ends in the text
        return [(ends[index - 1], ends[index])
                for index in compress(range(1, len(parts), 2), map(begin.__contains__, words))]

    def _begin_words(self, words: list[str]) -> set[str]:
        """The set of words known to begin a name form, updated for these words (cached per
        word as written)."""
        norms = self._norms
        if len(norms) >= _CACHE_LIMIT:
            norms.clear()
            self._begin.clear()
        for word in filterfalse(norms.__contains__, words):  # in C: only new words reach Python
            if word in norms:
                continue  # new, but twice in this text
            norm = norms[word] = normalise(word)
            if self.glossary.is_form(norm) or self._begins_longer_form(norm):
                self._begin.add(word)
        return self._begin

    def _longest_at(self, text: str, start: int, end: int, autolink_only: bool) -> Mention | None:
        """The longest mention that begins with the word ``text[start:end]``, if that word is
        prose: the next word joins the span only across a space or hyphen, and only while the
        run begins some name."""
        word = text[start:end]
        known = self._words.get(word)  # (one look-up for what the first word says: most mentions are one word)
        if known is None:
            known = self._word(word)
        joined, is_form, longer = known
        if not (is_form or longer):
            return None
        # (What ``_code_like`` looks at, first: most words are next to none of it.)
        if ("_" in word or (start and text[start - 1] in "./") or text.startswith((".", "("), end)) and _code_like(
                text, start, end):
            return None
        best = None
        spans, words, prefixes = self._spans, self._words, self._prefixes
        while True:
            if is_form:
                span = text[start:end]
                term = spans.get(span, _UNKNOWN)
                if term is _UNKNOWN:
                    term = self._match_span(span)
                if term is not None and (term.autolink or not autolink_only):
                    best = _mention((start, end, term))  # (``Mention(...)`` runs ``__new__`` in Python)
            if not longer:
                return best
            following = _JOINED_WORD.match(text, end)
            if following is None:
                return best
            word = following[1]
            end = following.end()
            # (After a space or a hyphen, ``_code_like`` looks only at the word and after it.)
            if ("_" in word or text.startswith((".", "("), end)) and _code_like(text, end - len(word), end):
                return best
            # (The caches read in line: a call costs more than the look-up.)
            joined += (words.get(word) or self._word(word))[0]
            is_form, longer = prefixes.get(joined) or self._prefix(joined)

    def _word(self, word: str) -> tuple[str, bool, bool]:
        """A word's normalised form, whether it is a name form and whether a longer one begins with it."""
        if len(self._words) >= _CACHE_LIMIT:
            self._words.clear()
        norm = self._norm(word)
        known = self._words[word] = (norm, *self._prefix(norm))
        return known

    def _norm(self, word: str) -> str:
        """A word's normalised form (cached per word as written)."""
        norm = self._norms.get(word)
        if norm is None:
            if len(self._norms) >= _CACHE_LIMIT:
                self._norms.clear()
            norm = self._norms[word] = normalise(word)
        return norm

    def _sorted_forms(self) -> list[str]:
        if self._forms is None:
            self._forms = self.glossary.forms()
        return self._forms

    def _prefix(self, norm: str) -> tuple[bool, bool]:
        """Whether a normalised run of words is a name form, and whether a longer one begins
        with it (cached: the same words begin many runs)."""
        known = self._prefixes.get(norm)
        if known is None:
            if len(self._prefixes) >= _CACHE_LIMIT:
                self._prefixes.clear()
            known = self._prefixes[norm] = (self.glossary.is_form(norm), self._begins_longer_form(norm))
        return known

    def _begins_longer_form(self, norm: str) -> bool:
        """Whether some name form is longer than ``norm`` and begins with it."""
        forms = self._sorted_forms()
        index = bisect.bisect_right(forms, norm)
        return index < len(forms) and forms[index].startswith(norm)

    def segments(self, term: Term, *, short: bool = False) -> list[tuple[str, str]]:
        """The definition as (text, key) pieces: key is "" for plain text, else the key of
        the term the piece mentions (first mention of each other term only). Cached."""
        cache_key = f"{'s' if short else 'f'}:{term.id}"
        cached = self._segments.get(cache_key)
        if cached is not None:
            return cached
        text = term.short_definition if short else term.definition
        out: list[tuple[str, str]] = []
        pos = 0
        seen = {term.id}
        for mention in self.mentions(text):
            if mention.term.id in seen:
                continue
            seen.add(mention.term.id)
            out.append((text[pos:mention.start], ""))
            out.append((text[mention.start:mention.end], mention.term.id))
            pos = mention.end
        out.append((text[pos:], ""))
        self._segments[cache_key] = result = [piece for piece in out if piece[0]]
        return result

    def _match_span(self, span: str) -> Term | None:
        """The term a span written this way names, or None (cached per spelling)."""
        if span in self._spans:
            return self._spans[span]
        if len(self._spans) >= _CACHE_LIMIT:
            self._spans.clear()
        term = self._spans[span] = self._term_of(span)
        return term

    def _term_of(self, span: str) -> Term | None:
        term = self.glossary.lookup(span).term
        if term is None:
            return None
        norm = normalise(span)
        plural_of = singulars(norm)
        for name in term.names:
            form = normalise(name)
            if form != norm and form not in plural_of and norm not in singulars(form) and not (
                    term.inflect and norm in inflections(form)):
                continue
            # All-capital forms ("RLHF", "CAI") match only as written, so that ordinary
            # words ("cai") are not mistaken for them.
            if not is_all_caps(name) or span in (name, name + "s"):
                return term
        return None
