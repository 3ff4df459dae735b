"""Searches over whole pages and texts that start only where a match can be find what the plain
search finds: each against the plain form it replaces, on random text of the hard cases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import senses
from sphinx_aigloss.core.pagescan import hyphenated_names

SETTINGS = settings(max_examples=400, deadline=None)
#: Capitalised and lower-case words, hyphens (doubled, at the ends), word characters that are
#: not letters ("_", "9", "²"), letters outside ASCII in both cases, and gaps.
NAME_PIECES = ["Megatron", "LM", "Lo", "RA", "A", "b", "x", "_", "9", "\u00b2", "\u00c9", "\u00e9", "\u01c5", "-", "--",
               " ", "\n", ".", "(", "GPT", "J"]
PAGE = st.lists(st.sampled_from(NAME_PIECES), max_size=40).map("".join)


@SETTINGS
@given(PAGE)
def test_hyphenated_names_are_those_the_whole_page_search_finds(page: str) -> None:
    found = [match.group() for match in senses.CAPITALS_NAME.finditer(page)]
    assert hyphenated_names(senses.CAPITALS_NAME, page) == found


def test_hyphenated_names_read_whole_words_and_chains() -> None:
    assert hyphenated_names(senses.CAPITALS_NAME, "See Megatron-LM, x-GPT-J, a_B-C, A_b-C and A-B-C.") == [
        "Megatron-LM", "GPT-J", "A_b-C", "A-B-C"]
