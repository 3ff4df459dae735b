"""What the report's rules skip reading gives the answers reading gives: patterns anchored before
a mention, searched only where its last word can end one; a page's sentences searched at once.
Each against the plain form, on random text of the hard cases."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import load_glossary, senses, wordsenses
from sphinx_aigloss.core.before import ends_with, last_word, titled_word_before
from tests.test_search_before import TOKENS

SETTINGS = settings(max_examples=400, deadline=None)
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
    last = last_word(text, end)
    assert (senses.WORK_TITLE.search(text, 0, end) is None) or (last[:1].isupper() or last in senses.SMALL_WORDS)


def test_the_last_words_checks_on_fixed_cases() -> None:
    def titled(text: str) -> bool:
        return titled_word_before(text, len(text))

    def last(tail: re.Pattern[str], text: str, reach: int) -> bool:
        return ends_with(tail, text, len(text), reach)

    assert titled("the Block-Diagonal ")
    assert titled("x (Reinforced\n")
    assert not any(map(titled, ["the Reinforced", "a reinforced ", "x-Reinforced "]))
    assert last(senses.SOFTWARE_LAST, "by Hugging FACE  ", 4)
    assert not last(senses.SOFTWARE_LAST, "made with ", 4)
    assert last(senses.INSTALL_LAST, "pip \u0130nstalling the ", 10)
    assert last(senses.INSTALL_LAST, "\u0130nstalling", 10)
    assert last_word("the Role of the Projector in  ", 30) == "in"
    assert last_word("(Role) ", 7) == ""
    # Each way a match of the anchored patterns can end, found by the plain search and by the check.
    titles = [("Understanding the Role of the Projector in ", "in"), ("Deep Nets ", "Nets"), ("For the ", "the")]
    for text, word in titles:
        assert senses.WORK_TITLE.search(text), text
        assert last_word(text, len(text)) == word
    for text in ("\U0001f917 ", "Hugging Face ", "provided by ", "passed it to ", "the docs of ", "APIs from\n"):
        assert senses.SOFTWARE_BEFORE.search(text), text
        assert last(senses.SOFTWARE_LAST, text, 4), text
    for text in ("install ", "installs the ", "installed ", "installing ", "import ", "imports ", "upgrade ",
                 "uninstall "):
        assert senses.INSTALL_BEFORE.search(text), text
        assert last(senses.INSTALL_LAST, text, 10), text


#: Sentences with the words of the lists, which a join could run together.
WORDS = ["world", "models", "run", "it", "with", "no", "files", "pruned", "clusters", "step", "time", "_ids", "x",
         "data", "KL", "\u017f", "\u0130", " ", "\n", "-", "."]
SENTENCE = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)


@SETTINGS
@given(st.lists(SENTENCE, max_size=5))
def test_sentences_searched_at_once_give_what_each_gives(sentences: list[str]) -> None:
    for sense in wordsenses.WORD_SENSES.values():
        for words in (sense.other, sense.own):
            assert (words.search("\0".join(sentences)) is not None) == any(map(words.search, sentences))


def test_words_of_two_sentences_are_not_read_as_one() -> None:
    reward = wordsenses.WORD_SENSES[wordsenses.normalise("Reward Model")]
    assert reward.other.search("a world models it")
    assert not reward.other.search("a world\0models it")


def test_no_word_list_reads_the_joining_character() -> None:
    """A list that could match a "\\0" or look past a word's edge would see across sentences. A
    negative look-behind of letters and spaces ("directory" not after "this ") may stay: it
    cannot match a "\\0", so across one the word counts as it would at a sentence's start."""
    for sense in wordsenses.WORD_SENSES.values():
        for words in (sense.other, sense.own):
            source = re.sub(r"\(\?<!(?:[A-Za-z]|\\s)+\)", "", wordsenses._SOURCES[words])
            assert not re.search(r"\.|\\[WSDB]|\[\^|\(\?<|\(\?=|\(\?!(?!\))", source), source


def test_a_term_after_a_small_word_of_a_title_still_ends_it() -> None:
    glossary, _ = load_glossary()
    text = "a loss module for Understanding the Role of the Projector in Knowledge Distillation"
    start = text.index("Knowledge")
    assert senses.work_title(text, start, len(text), glossary)
    assert not senses.work_title("we use Knowledge Distillation", 7, 29, glossary)


def test_a_page_s_sentences_are_not_read_as_one() -> None:
    """"world" ends one sentence and "Models" begins the next: no world model is named."""
    page = "A reward model for the world. Models like this reward model."
    assert not wordsenses.page_sense("Reward Model", lambda: page)
    assert wordsenses.page_sense("Reward Model", lambda: "A world model's reward model predicts rewards.")


def test_a_library_after_its_publisher() -> None:
    text = "models from Hugging Face PEFT"
    assert senses.names_library(text, text.index("PEFT"), len(text), False)
    assert not senses.names_library("models with PEFT", 12, 16, False)
