"""Mentions of terms in running text: which words name a term, longest match first.

A Matcher belongs to one glossary and keeps its own caches (the sorted name forms, which
words may begin a name, definitions already cut into segments). Pure Python, no Sphinx.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate, compress, filterfalse
from typing import TYPE_CHECKING, Protocol

from .names import inflections, is_all_caps, normalise, singulars

if TYPE_CHECKING:
    from .terms import Term

_JOINERS = re.compile(r"[ \t\n\-\u2010\u2011]|\s+")
#: Cuts text into words (runs of word characters, apostrophes inside) and the gaps between
#: them: ``[gap, word, gap, …, word, gap]``.
_SPLIT = re.compile(r"(\w+(?:[\u2019']\w+)*)")
#: Entries kept in each of a Matcher's caches of words and spans before it starts afresh
#: (real prose repeats a few thousand words; the bound only guards memory).
_CACHE_LIMIT = 1 << 16


def _joins(gap: str) -> bool:
    """Whether the words on either side of this gap may be one name ("reward model")."""
    return gap == " " or _JOINERS.fullmatch(gap) is not None


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


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    term: Term


class Found(Protocol):
    """A lookup's answer: the one term a name means, or None."""

    @property
    def term(self) -> Term | None: ...


class NameIndex(Protocol):
    """What a Matcher reads of its glossary (``glossary.Glossary`` is one): the name forms,
    and which term a span names."""

    def is_form(self, norm: str) -> bool: ...
    def forms(self) -> list[str]: ...
    def lookup(self, name: str) -> Found: ...


class Matcher:
    """Finds the mentions of a glossary's terms in text."""

    def __init__(self, glossary: NameIndex) -> None:
        self.glossary = glossary
        self._forms: list[str] | None = None
        self._norms: dict[str, str] = {}  # a word as written -> its normalised form
        self._begin: set[str] = set()  # the words as written that begin a name form
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
        # The text is cut, its words sorted into "may begin a name" or not and their offsets
        # summed, all in C (set operations, accumulate, compress): only the few words that may
        # begin a name (about one in ten) are looked at in Python.
        parts = _SPLIT.split(text)
        words = parts[1::2]
        begin = self._begin_words(words)
        if begin.isdisjoint(words):
            return found
        ends = list(accumulate(map(len, parts)))  # ends[i]: where parts[i] ends in the text
        resume = 0  # the end of the last mention: the words before it are taken
        for index in compress(range(1, len(parts), 2), map(begin.__contains__, words)):
            if ends[index - 1] < resume:
                continue
            hit = self._longest_at(text, parts, ends, index, autolink_only)
            if hit is not None:
                found.append(hit)
                resume = hit.end
        return found

    def _begin_words(self, words: list[str]) -> set[str]:
        """The set of words known to begin a name form, updated for these words (cached per
        word as written: a cheap first filter)."""
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

    def _longest_at(self, text: str, parts: list[str], ends: list[int], first: int,
                    autolink_only: bool) -> Mention | None:
        """The longest mention that begins with the word ``parts[first]``, if that word is
        prose: the next word joins the span only across a space or hyphen, and only while the
        run begins some name."""
        norms = self._norms  # holds every word of the text (``_begin_words`` saw them all)
        joined = norms[parts[first]]
        is_form, longer = self._prefix(joined)
        # Many words that may begin a name begin none here ("the" before a comma): answer
        # them before the slower checks.
        if not is_form and not (longer and _joins(parts[first + 1])):
            return None
        start = ends[first - 1]
        if _code_like(text, start, ends[first]):
            return None
        best = None
        index = first
        while True:
            if is_form:
                end = ends[index]
                term = self._match_span(text[start:end])
                if term is not None and (term.autolink or not autolink_only):
                    best = Mention(start, end, term)
            index += 2
            if (not longer or index >= len(parts) or not _joins(parts[index - 1])
                    or _code_like(text, ends[index - 1], ends[index])):
                return best
            joined += norms[parts[index]]
            is_form, longer = self._prefix(joined)

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
        if self._forms is None:
            self._forms = self.glossary.forms()
        forms = self._forms
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
