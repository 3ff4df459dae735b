"""The other-sense rules read less than they were first written to, and find the same: each
rewrite (word lists tried a first letter at a time, a term's uses found one case letter at a
time, sentence ends skipped to, the page's text in one walk, a page's capitalised names read
once) against the plain form it replaces, on random text of the words they react to."""

from __future__ import annotations

import re
import string

from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import pretrained, senses, wordsenses
from sphinx_aigloss.prose import _page_text

#: Letters that match another character ignoring case, and pieces of words after one of
#: them ("ſ" + "ynthetic") or joined to others.
FOLDS = ["ſ", "ı", "İ", "\u212a", "K", "k", "S", "I"]
PIECES = ["prun", "PRUNED", "ing", "de", "duplicat", "tun", "pre", "_", "x", "9", "é", "tudent", "ynthetic", "odels",
          "nt8", "eacher", "rees", "LUSTERS"]


def _list_words() -> list[str]:
    """The words (and pieces of words: "director", "ies") every list ``_words`` built holds, as
    written and in other cases: a word added to a list is in the text at once, and a word a
    list matches in one case only ("LoRA", "ViT") is there in the cases it must not match."""
    words: set[str] = set()
    for source in wordsenses._SOURCES.values():
        plain = re.sub(r"\\(?:u[0-9a-fA-F]{4}|.)|\(\?[-a-zA-Z]*:", " ", source)  # escapes, "(?-i:" and "(?:"
        for word in re.findall(r"[A-Za-z0-9]+", plain):
            words.update({word, word.lower(), word.upper(), word.capitalize()})
    return sorted(words)


WORDS = _list_words()
GAPS = [" ", "  ", "\n", "\n\n", "-", ".", "; ", "! ", "?", "'", "(", ")", "_", "\u00a0", "\t"]
#: Words and pieces, each followed by a gap or, now and then, by nothing (words joined).
TEXT = st.lists(st.tuples(st.sampled_from(WORDS + PIECES + FOLDS), st.sampled_from([*GAPS, ""])),
                max_size=30).map(lambda pairs: "".join(word + gap for word, gap in pairs))


def test_the_text_holds_the_lists_words_in_every_case() -> None:
    """The case-sensitive words of the "pre-trained" lists, in the cases they must not match
    too; no piece of regular expression syntax ("u2010", "w" of ``\\w``)."""
    assert pretrained.PRETRAINED_OWN in wordsenses._SOURCES  # (built in its own module, imported above)
    assert {"LoRA", "lora", "PEFT", "peft", "ViT", "VIT", "UNet", "unet", "OPT", "opt", "ControlNet"} <= set(WORDS)
    assert not {"u2010", "w", "W", "i"} & set(WORDS)


def test_first_letter_classes_are_every_case() -> None:
    """``_cases`` holds every character a letter matches ignoring case, and no other."""
    every = "".join(map(chr, range(0x10000)))
    for letter in string.ascii_letters:
        assert set(re.findall(letter, every, re.IGNORECASE)) == set(wordsenses._cases(letter)), letter


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_word_lists_match_as_written(text: str) -> None:
    """Every list ``_words`` built finds what ``\\b(?:list)\\b`` ignoring case finds."""
    assert wordsenses._SOURCES
    for pattern, source in wordsenses._SOURCES.items():
        plain = re.compile(r"\b(?:" + source + r")\b", re.IGNORECASE)
        assert [m.span() for m in pattern.pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], source


def test_alternatives_are_split_at_the_top_level_only() -> None:
    assert wordsenses._alternatives(r"a|b(?:c|d)|[|(]|\||x?") == ["a", "b(?:c|d)", "[|(]", r"\|", "x?"]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_uses_one_letter_at_a_time_are_the_uses(text: str) -> None:
    for sense in wordsenses.WORD_SENSES.values():
        if sense.words is not None:
            assert wordsenses.uses(sense.words, text) == [m.span() for m in sense.words.finditer(text)]


def _page_sense_before(sense: wordsenses.WordSense, page: str) -> bool:
    """``page_sense`` as first written: each use's sentence read for the term's own sense first."""
    other = False
    assert sense.words is not None
    for use in sense.words.finditer(page):
        around = wordsenses.sentence(page, use.start(), use.end())
        if sense.own.search(around):
            return False
        other = other or sense.other.search(around) is not None
    return other


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_page_senses_are_found_as_before(page: str) -> None:
    for key, sense in wordsenses.WORD_SENSES.items():
        expected = sense.words is not None and _page_sense_before(sense, page)
        assert wordsenses.page_sense(key, lambda: page) == expected, key


def test_a_page_sense_needs_the_other_signs_and_not_the_own() -> None:
    for page, expected in [("We pruned clusters. Then we pruned layers.", False), ("We pruned clusters.", True),
                           ("Then we pruned layers. We pruned clusters.", False), ("We pruned it.", False)]:
        assert wordsenses.page_sense("Pruning", lambda page=page: page) is expected, page
        assert _page_sense_before(wordsenses.WORD_SENSES["pruning"], page) is expected, page


SENTENCE_END_BEFORE = re.compile(r"[.!?;]\s|\n\s*\n")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(0, 200), st.integers(0, 200))
def test_sentence_ends_are_found_as_before(text: str, low: int, high: int) -> None:
    low, high = sorted((low % (len(text) + 1), high % (len(text) + 1)))
    found = [m.span() for m in wordsenses.SENTENCE_END.finditer(text, low, high)]
    assert found == [m.span() for m in SENTENCE_END_BEFORE.finditer(text, low, high)]


def _initials_before(abbreviation: str, page: str, known: set[str]) -> bool:
    """``initials_of_other_name`` as first written: the page read for each abbreviation."""
    for match in re.finditer(r"\b[A-Z]\w*(?:-[A-Z]\w*)+\b", page):
        name = match.group()
        if "".join(c for c in name if c.isupper()) == abbreviation and name not in known:
            return True
    return False


class _Found:
    def __init__(self, term: object) -> None:
        self.term = term


class _Names:
    """A glossary that knows a few names (``NameIndex.lookup`` only)."""

    def __init__(self, known: set[str]) -> None:
        self.known = known

    def lookup(self, name: str) -> _Found:
        return _Found(object() if name in self.known else None)

    def is_form(self, norm: str) -> bool:
        raise NotImplementedError

    def forms(self) -> list[str]:
        raise NotImplementedError


NAME_PIECES = ["Megatron-LM", "A-B", "Megatron", "LM", "x", "A", "B", "Ab", "É", "_", "9", "-", " ", "MLM", "Q", "Lo",
               "RA", ".", "\n"]
ABBREVIATIONS = ["MLM", "AB", "ALM", "QRA", "X"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=40).map("".join), st.sampled_from(ABBREVIATIONS))
def test_initials_are_found_as_before(page: str, abbreviation: str) -> None:
    known = {"Megatron-LM", "A-B"}
    found = senses.initials_of_other_name(abbreviation, page, _Names(known))
    assert found == _initials_before(abbreviation, page, known)


def test_a_known_name_is_no_other_name() -> None:
    names = _Names({"Megatron-LM"})
    assert not senses.initials_of_other_name("MLM", "See Megatron-LM.", names)
    assert senses.initials_of_other_name("MLM", "See Megatron-LM and Mega-LM.", names)


PAGE = """\
Title\\ with an escaped space
=============================

A paragraph with *emphasis*, ``code`` and a back\\slash.

::

    a code block that repeats: a paragraph

.. image:: x.png
   :alt: the alt text

.. comment text

| a line block
|   indented

>>> print("doctest")
doctest

- item ``two``

  .. code-block::

     nested block

Term
   Its definition.
"""


def test_page_text_is_astext_with_its_code_blocks() -> None:
    """One walk gives ``astext()`` and the code blocks ``findall`` finds, in its order."""
    doctree = publish_doctree(PAGE, settings_overrides={"report_level": 5})
    blocks: list[str] = []
    text = _page_text(doctree, blocks)
    assert text == doctree.astext()
    assert blocks == [block.astext() for block in doctree.findall(nodes.FixedTextElement)]
    assert "\x00" in "".join(str(t) for t in doctree.findall(nodes.Text))  # an escape was read
    assert len(blocks) >= 4


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["LoRAX", "x", "-", "(", ")", " ", "\n", "\u00a0", "\u2003", "é", "_", "9"]),
                max_size=60).map("".join))
def test_a_spelled_out_name_is_found_as_before(content: str) -> None:
    for start in range(len(content) + 1):
        expected = senses.SPELLED_OUT.search(content, max(0, start - 40), start)
        found = senses._search_before(senses.SPELLED_OUT, content, start, "(")
        assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["PEFT", "x.y", "a-b", ",", "and", "or", "&", "/", "+", "for", " ", "  ", "\n",
                                 "\u00a0", "_", "9", "é", "And", "order"]), max_size=40).map("".join))
def test_an_item_before_is_found_as_before(content: str) -> None:
    for start in range(len(content) + 1):
        expected = senses.ITEM_BEFORE.search(content, max(0, start - 40), start)
        found = senses._item_before(content, start)
        assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))
