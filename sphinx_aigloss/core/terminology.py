"""Terminology checks of prose: a term written in a spelling none of its names has (a
variant), and an abbreviation used before the page spells it out. Pure Python, no Sphinx:
the Sphinx reports and ``aigloss check`` both read these findings.

What is checked, and why so:

- Case counts only for names whose case carries meaning: a capital after the first letter of
  one of its words ("LoRA", "QLoRA", "RLHF", "t-SNE"). "Fine-tuning" may be written in any
  case; "Lora" is not "LoRA". A sentence's first word may gain a capital ("T-SNE").
- An all-capitals abbreviation written all in lower case ("rag", "gan") is left alone: it is
  as likely an ordinary word or an identifier. Mixed case ("Rlhf" mid-sentence) is reported.
- Words closed up or split where a name's are not ("finetuning", "fine tuning" for
  "Fine-tuning") are variants; a hyphen where a name has a space is not ("reward-model
  update": a compound modifier). Plural and verb forms of a name are the name.
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass

from .glossary import Glossary, Lookup
from .mentions import Matcher, Mention, NameIndex
from .names import inflections, is_all_caps, normalise, singulars
from .terms import Term

VARIANT = "variant"
ABBREVIATION = "abbreviation"

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_HYPHENS = frozenset("-\u2010\u2011")
#: What may stand between a sentence's end and its first word: space, an opening mark (or
#: markup, in a source file read as it is).
_OPENERS = "\"'([{\u201c\u2018\u00ab*_`"
_SENTENCE_ENDS = ".!?:\u2026"
#: "SFT (Supervised Fine-Tuning)": the abbreviation, then its expansion in parentheses.
_OPEN_PARENTHESIS = re.compile(r"\s*\(\s*")
#: A web address written out in prose (MyST leaves one as text without its linkify extension):
#: "https://example.org/docs/lora" names no term.
_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One spelling to correct: where it is in the text passed in, and what to write instead."""

    start: int
    end: int
    term: Term
    kind: str  # VARIANT or ABBREVIATION
    written: str  # text[start:end]
    use: str  # a variant: the spelling to use; an abbreviation: "Expansion (ABBR)"


# -- variants ---------------------------------------------------------------------------


def variants(text: str, matcher: Matcher, *, mentions: list[Mention] | None = None) -> list[Finding]:
    """Spellings in one piece of prose that are none of a term's names or aliases, nor their
    plural or verb forms, in the order they appear. ``mentions``: the matcher's mentions in
    ``text``, when the caller has them already (a page read once for both checks)."""
    mentions = _outside_urls(text, matcher.mentions(text) if mentions is None else mentions)
    found = []
    for mention in mentions:
        written = text[mention.start:mention.end]
        use = _variant_fix(written, mention.term.names, mention.term.inflect, _sentence_start(text, mention.start))
        if use:
            found.append(Finding(mention.start, mention.end, mention.term, VARIANT, written, use))
    caps = _caps_matcher(matcher)
    if caps is not None and caps.may_occur(text):
        found.extend(_caps_variants(text, caps, mentions))
        found.sort(key=lambda finding: finding.start)
    return found


def _caps_variants(text: str, caps: _CapsMatcher, taken: list[Mention]) -> list[Finding]:
    """All-capital abbreviations written in mixed case ("Rlhf"), which the glossary's own
    matcher does not see as mentions at all."""
    found = []
    for mention in _outside_urls(text, caps.matcher.mentions(text)):
        written = text[mention.start:mention.end]
        if not any(c.isupper() for c in written) or not any(c.islower() for c in written):
            continue  # as written ("RLHF") or all lower case (maybe a word: "rag")
        if _sentence_start(text, mention.start) and written[1:].islower():
            continue  # "Rag, ...": a lower-case word, capitalised
        if any(other.start < mention.end and mention.start < other.end for other in taken):
            continue
        term = caps.originals[mention.term.id]
        forms = _related(normalise(written))
        name = next((n for n in term.names if is_all_caps(n) and normalise(n) in forms), term.name)
        found.append(Finding(mention.start, mention.end, term, VARIANT, written, name + _tail(written, name)))
    return found


@functools.lru_cache(maxsize=1 << 12)
def _variant_fix(written: str, names: tuple[str, ...], inflect: bool, at_start: bool) -> str:
    """The spelling to use in place of ``written`` (a mention of the term with these names),
    or "" when it is one of the names (in a form a name may take)."""
    norm = normalise(written)
    candidates = [name for name in names if _same_word(norm, normalise(name), inflect)]
    if not candidates or any(_accepted(written, name, at_start) for name in candidates):
        return ""
    # The name spelled most like it: its own letters before a plural or verb form.
    name = min(candidates, key=lambda n: normalise(n) != norm)
    if _case_matters(name):
        return name + _tail(written, name)
    return _resegmented(written, name) or name


def _same_word(norm: str, form: str, inflect: bool) -> bool:
    """Whether a normalised spelling is a name form, its plural, or (``inflect``) a verb form."""
    return norm == form or form in singulars(norm) or norm in singulars(form) or (
        inflect and norm in inflections(form))


def _related(norm: str) -> set[str]:
    return {norm, *singulars(norm)}


def _split(text: str) -> tuple[list[str], list[str]]:
    """A name's words, and what joins each to the next: "-" (a hyphen) or " " (space)."""
    words = _WORD.findall(text)
    joints = ["-" if _HYPHENS.intersection(joint) else " " for joint in _WORD.split(text)[1:-1]]
    return words, joints


def _accepted(written: str, name: str, at_start: bool) -> bool:
    """Whether ``written`` spells ``name`` (or its plural or verb form) the name's way: the same
    words joined the same way, and, where case matters, the same case."""
    words, joints = _split(written)
    name_words, name_joints = _split(name)
    if len(words) != len(name_words):
        return False
    # A hyphen where the name has a space is a compound modifier: "a reward-model update".
    if any(joint != own and own == "-" for joint, own in zip(joints, name_joints, strict=True)):
        return False
    if any(normalise(a) != normalise(b) for a, b in zip(words[:-1], name_words[:-1], strict=True)):
        return False
    if not _case_matters(name):
        return True
    if at_start and name_words[0][:1].islower():
        name_words[0] = name_words[0][:1].upper() + name_words[0][1:]
    if words[:-1] != name_words[:-1]:
        return False
    last, own = words[-1], name_words[-1]
    return last.startswith(own) and not any(c.isupper() for c in last[len(own):])


def _case_matters(name: str) -> bool:
    """"LoRA", "RLHF", "t-SNE": a capital after the first letter of one of the name's words."""
    return any(any(c.isupper() for c in word[1:]) for word in re.findall(r"[^\W\d_]+", name))


def _tail(written: str, name: str) -> str:
    """The ending a written form adds to a name: "s" of "Loras", "'s" of "lora's"."""
    last = _WORD.findall(written)[-1]
    own = normalise(_WORD.findall(name)[-1])
    return last[len(own):] if normalise(last).startswith(own) and len(last) > len(own) else ""


def _resegmented(written: str, name: str) -> str:
    """The written letters, in their own case, split and joined as the name's words are:
    "finetuned" spelled like "Fine-tuning" is "fine-tuned". "" when the letters do not line
    up (folding changed their number)."""
    letters = "".join(_WORD.findall(written))
    if len(letters) != len(normalise(written)):
        return ""
    name_words, joints = _split(name)
    out, pos = [], 0
    for word, joint in zip(name_words[:-1], joints, strict=True):
        size = len(normalise(word))
        out.append(letters[pos:pos + size] + joint)
        pos += size
    if pos >= len(letters):
        return ""
    out.append(letters[pos:])
    return "".join(out)


def _outside_urls(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions that are not part of a web address."""
    if "://" not in text and "www." not in text:
        return mentions
    urls = [match.span() for match in _URL.finditer(text)]
    return [m for m in mentions if not any(start <= m.start < end for start, end in urls)]


def _sentence_start(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` begins a sentence (or the text)."""
    while pos and (text[pos - 1].isspace() or text[pos - 1] in _OPENERS):
        pos -= 1
    return pos == 0 or text[pos - 1] in _SENTENCE_ENDS


# -- all-capital abbreviations in another case -------------------------------------------


class _CapsIndex:
    """The all-capital names of a glossary, matched in any case: a Matcher over it finds
    "Rlhf" where the glossary's own matcher (rightly) sees no mention."""

    def __init__(self, terms: dict[str, Term]) -> None:
        self._terms = terms  # normalised all-capital name -> a stand-in term, lower-case names
        self._sorted = sorted(terms)

    def is_form(self, norm: str) -> bool:
        return norm in self._terms or any(form in self._terms for form in singulars(norm))

    def forms(self) -> list[str]:
        return self._sorted

    def lookup(self, name: str) -> Lookup:
        norm = normalise(name)
        for form in (norm, *singulars(norm)):
            if form in self._terms:
                return Lookup([self._terms[form]])
        return Lookup()


_LETTERS = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=1 << 10)
def _whole_word(word: str) -> re.Pattern[str]:
    """The word in any case, or its plural, not inside a longer run of letters and digits."""
    return re.compile(rf"(?<![^\W_]){re.escape(word)}(?:e?s)?(?![^\W_])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _CapsMatcher:
    matcher: Matcher
    originals: dict[str, Term]  # id -> the glossary's term
    first_words: frozenset[str]  # the first words of the all-capital names, in lower case

    def may_occur(self, text: str) -> bool:
        """Whether a word of the text, not in capitals, may begin an all-capital name: most
        prose holds none, and this costs far less than matching (the words are compared as
        sets; only a word found that way is looked for as written)."""
        words = set(_LETTERS.findall(text.lower()))
        plurals = {word[:-cut] for word in words if word.endswith("s") for cut in (1, 2)}
        found = self.first_words.intersection(words | plurals)
        return any(not match.group().isupper() for word in found for match in _whole_word(word).finditer(text))


#: One caps matcher per glossary matcher (None: the glossary has no all-capital name).
_CAPS: weakref.WeakKeyDictionary[Matcher, _CapsMatcher | None] = weakref.WeakKeyDictionary()


def _caps_matcher(matcher: Matcher) -> _CapsMatcher | None:
    if matcher in _CAPS:
        return _CAPS[matcher]
    originals = {term.id: term for term in _terms_of(matcher.glossary)}
    stand_ins: dict[str, Term] = {}
    ambiguous: set[str] = set()
    firsts: set[str] = set()
    for term in originals.values():
        lowered = tuple(name.lower() for name in term.names if is_all_caps(name))
        for name in lowered:
            form = normalise(name)
            if form in stand_ins and stand_ins[form].id != term.id:
                ambiguous.add(form)
            stand_ins[form] = Term(term.id, lowered[0], "", "", aliases=lowered[1:], inflect=False)
            firsts.add(_LETTERS.findall(name)[0])  # all capitals: it has letters
    for form in ambiguous:
        del stand_ins[form]
    caps = _CAPS[matcher] = (_CapsMatcher(Matcher(_CapsIndex(stand_ins)), originals, frozenset(firsts))
                             if stand_ins else None)
    return caps


def _terms_of(index: NameIndex) -> list[Term]:
    """Every term an index names (a Glossary lists them; another index is asked per form)."""
    if isinstance(index, Glossary):
        return list(index)
    found = (index.lookup(form).term for form in index.forms())
    return list({term.id: term for term in found if term is not None}.values())


# -- abbreviations before they are spelled out -----------------------------------------------


def _pair(term: Term) -> tuple[str, str] | None:
    """A term's abbreviation and expansion, when it has both (and does not opt out of being
    spelled out with ``expand = false``)."""
    abbreviation, expansion = term.abbreviation, term.expansion
    if not abbreviation or not expansion or not getattr(term, "expand", True):
        return None
    if normalise(abbreviation) == normalise(expansion):
        return None
    return abbreviation, expansion


class FirstUses:
    """One page's (or output document's) abbreviation bookkeeping: feed prose pieces in
    reading order. A term is spelled out by its expansion written before its abbreviation,
    or right after it in parentheses ("SFT (Supervised Fine-Tuning)")."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self._settled: set[str] = set()  # ids of terms spelled out or reported on this page

    def feed(self, text: str, *, mentions: list[Mention] | None = None) -> list[Finding]:
        """Abbreviations used in this piece before the page spelled them out: at most one
        Finding per term per FirstUses. ``mentions``: as for ``variants``."""
        found = []
        mentions = _outside_urls(text, self.matcher.mentions(text) if mentions is None else mentions)
        for index, mention in enumerate(mentions):
            term = mention.term
            pair = _pair(term) if term.id not in self._settled else None
            if pair is None:
                continue
            abbreviation, expansion = pair
            written = text[mention.start:mention.end]
            norm = normalise(written)
            if _same_word(norm, normalise(expansion), term.inflect):
                self._settled.add(term.id)
            elif _same_word(norm, normalise(abbreviation), False):
                self._settled.add(term.id)
                after = mentions[index + 1] if index + 1 < len(mentions) else None
                if not (after is not None and after.term.id == term.id
                        and _OPEN_PARENTHESIS.fullmatch(text, mention.end, after.start)
                        and _same_word(normalise(text[after.start:after.end]), normalise(expansion), term.inflect)):
                    found.append(Finding(mention.start, mention.end, term, ABBREVIATION, written,
                                         f"{expansion} ({abbreviation})"))
        return found
