"""What the report (and automatic linking) skips reading gives the answers reading gives: the
mentions of terms a page is done with, left out at a text's end; patterns anchored before a
mention, searched only where its last word can end one; a page's sentences searched at once.
Each against the plain form, on random text of the hard cases."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import senses, wordsenses
from sphinx_aigloss.core.before import ends_with, titled_word_before
from sphinx_aigloss.core.mentions import Matcher
from tests.test_page_scans import OTHER_LETTERS, PROSE
from tests.test_properties import WIDE
from tests.test_search_before import TOKENS

SETTINGS = settings(max_examples=400, deadline=None)
IDS = sorted(term.id for term in WIDE)
#: Any set of the terms (by id) a page may be done with.
DONE = st.sets(st.sampled_from(IDS))


@SETTINGS
@given(PROSE, st.sampled_from(["", *OTHER_LETTERS]), DONE, st.booleans())
def test_mentions_of_done_terms_are_left_out_only_at_the_end(text: str, letter: str, done: set[str],
                                                             scanning: bool) -> None:
    """The mentions given with ``done`` are the first of all the mentions, and every one of a
    term not done is among them: what is left out is only mentions of done terms."""
    text += letter
    matcher = Matcher(WIDE)
    if scanning:
        matcher._candidates(" " * 60_000)  # (enough read: the scan is compiled)
    every = Matcher(WIDE).mentions(text)
    found = matcher.mentions(text, done=done)
    assert found == every[:len(found)]
    assert all(mention.term.id in done for mention in every[len(found):])


def test_a_text_with_only_done_terms_is_not_matched() -> None:
    lora, data = WIDE.lookup("LoRA").term, WIDE.lookup("Synthetic Data").term
    assert lora is not None and data is not None
    text = "LoRA on synthetic data, then LoRAs, a QLoRA and more LoRA"
    every = [m.term.id for m in WIDE.mentions(text)]
    assert every[:3] == [lora.id, data.id, lora.id] and every[-1] == lora.id
    assert [m.term.id for m in WIDE.mentions(text, done={lora.id})] == every[:-1]
    assert WIDE.mentions("LoRA, then LoRAs and lora-based models", done={lora.id}) == []
    # A word is judged by all it may begin, plurals too: "Data" begins four terms' names.
    assert [m.term.id for m in WIDE.mentions("Data Curation, Data Poisoning", done={"data-curation"})] == [
        "data-curation", "data-poisoning"]
    assert [m.term.id for m in WIDE.mentions("RLHF and LoRAs", done={"rlhf"})] == ["rlhf", lora.id]
    assert WIDE.matcher._beginnings("Synthetic") == {data.id}
    assert WIDE.matcher._beginnings("data") - {data.id}


#: Text before a mention: the tokens the anchored patterns react to, joined by white space or not.
BEFORE = st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(["", " ", "\n", "  "])), max_size=12).map(
    lambda pieces: "".join(token + glue for token, glue in pieces))


@SETTINGS
@given(BEFORE)
def test_a_pattern_ends_a_text_only_where_its_last_words_do(text: str) -> None:
    """Where the plain search finds a match ending a text, the cheap check says its last words can."""
    end = len(text)
    assert (senses.TITLED_BEFORE.search(text, 0, end) is None) or titled_word_before(text, end)
    assert (senses.SOFTWARE_BEFORE.search(text, 0, end) is None) or ends_with(senses.SOFTWARE_LAST, text, end, 4)
    assert (senses.INSTALL_BEFORE.search(text, 0, end) is None) or ends_with(senses.INSTALL_LAST, text, end, 10)


def test_the_last_words_checks_on_fixed_cases() -> None:
    def titled(text: str) -> bool:
        return titled_word_before(text, len(text))

    def last(tail: re.Pattern[str], text: str, reach: int) -> bool:
        return ends_with(tail, text, len(text), reach)

    assert titled("the Block-Diagonal ") and titled("x (Reinforced\n")
    assert not titled("the Reinforced") and not titled("a reinforced ") and not titled("x-Reinforced ")
    assert last(senses.SOFTWARE_LAST, "by Hugging FACE  ", 4) and not last(senses.SOFTWARE_LAST, "made with ", 4)
    assert last(senses.INSTALL_LAST, "pip \u0130nstalling the ", 10) and last(senses.INSTALL_LAST, "\u0130nstalling", 10)
    # Each way a match of the anchored patterns can end, found by the plain search and by the check.
    for text in ("\U0001f917 ", "Hugging Face ", "provided by ", "passed it to ", "the docs of ", "APIs from\n"):
        assert senses.SOFTWARE_BEFORE.search(text) and last(senses.SOFTWARE_LAST, text, 4), text
    for text in ("install ", "installs the ", "installed ", "installing ", "import ", "imports ", "upgrade ",
                 "uninstall "):
        assert senses.INSTALL_BEFORE.search(text) and last(senses.INSTALL_LAST, text, 10), text


#: Sentences with the words of the lists, which a join could run together.
SENTENCE = st.lists(st.sampled_from(["world", "models", "run", "it", "with", "no", "files", "pruned", "clusters", "step",
                                     "time", "_ids", "x", "data", "KL", "\u017f", "\u0130", " ", "\n", "-", "."]),
                    max_size=6).map(" ".join)


@SETTINGS
@given(st.lists(SENTENCE, max_size=5))
def test_sentences_searched_at_once_give_what_each_gives(sentences: list[str]) -> None:
    for sense in wordsenses.WORD_SENSES.values():
        for words in (sense.other, sense.own):
            assert (words.search("\0".join(sentences)) is not None) == any(map(words.search, sentences))


def test_words_of_two_sentences_are_not_read_as_one() -> None:
    reward = wordsenses.WORD_SENSES[wordsenses.normalise("Reward Model")]
    assert reward.other.search("a world models it") and not reward.other.search("a world\0models it")


def test_no_word_list_reads_the_joining_character() -> None:
    """A list that could match a "\\0" or look past a word's edge would see across sentences."""
    for sense in wordsenses.WORD_SENSES.values():
        for words in (sense.other, sense.own):
            source = wordsenses._SOURCES[words]
            assert not re.search(r"\.|\\[WSDB]|\[\^|\(\?<|\(\?=|\(\?!(?!\))", source), source
