"""Searches over whole pages and texts that start only where a match can be find what the plain
search finds: each against the plain form it replaces, on random text of the hard cases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import senses
from sphinx_aigloss.core.mentions import Matcher, _scanner
from sphinx_aigloss.core.pagescan import hyphenated_names
from tests.test_properties import WIDE, WIDE_NAMES, reference_mentions

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


FORMS = WIDE.forms()
SCAN_ASCII, SCAN_ANY = _scanner(FORMS, ascii_text=True), _scanner(FORMS)
#: ASCII prose: names in any case, words before and after apostrophes, digits, "_", gaps.
ASCII_PIECES = [name for name in WIDE_NAMES if name.isascii()] + [
    "'", "model's", "x'SFT", "l'DPO", "'LoRA'", "O'Reilly", "the", "LORA", "lora", "9", "4", "_", "a_lora", "rlhf's",
    "PPO'", "fine", "tuning", "Fine-Tuning", "(", ")", ".", "/", "\n", "-", "  ", "`", '"']
ASCII_PROSE = st.lists(st.tuples(st.sampled_from(ASCII_PIECES), st.sampled_from(["", " ", "-", "\n", ", ", "'"])),
                       max_size=14).map(lambda pieces: "".join(piece + glue for piece, glue in pieces))


@SETTINGS
@given(ASCII_PROSE)
def test_the_ascii_scan_finds_the_words_the_scan_finds(text: str) -> None:
    """An ASCII text read as bytes (gaps as spaces) gives the words the pattern over the text in
    lower case gives, a word read on past an apostrophe; and the mentions of the definition."""
    assert SCAN_ASCII is not None and SCAN_ANY is not None
    assert Matcher._scanned_ascii(text, SCAN_ASCII) == Matcher._scanned(text, SCAN_ANY)
    scanning = Matcher(WIDE)
    scanning._read = None
    scanning._scan = SCAN_ASCII
    assert scanning.mentions(text) == reference_mentions(WIDE, text, False)
    assert scanning._scan_any is None  # (ASCII text never needs the other scan)
