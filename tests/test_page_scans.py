"""Searches over whole pages and texts that start only where a match can be find what the plain
search finds: each against the plain form it replaces, on random text of the hard cases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import pretrained, senses, wordsenses
from sphinx_aigloss.core.mentions import Matcher, _scanner
from sphinx_aigloss.core.pagescan import Words, _lowered, hyphenated_names, stem, stems
from sphinx_aigloss.core.wordstarts import as_gaps, word_starts
from tests.test_properties import WIDE, WIDE_NAMES, reference_mentions
from tests.test_sense_rewrites import TEXT

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
SCAN_GAPS, SCAN_ANY = _scanner(FORMS, ascii_text=True), _scanner(FORMS)
#: Prose: names in any case, words before and after apostrophes (straight and curly), digits,
#: "_", gaps, marks outside ASCII that are no word characters (quotation marks, dashes, a
#: non-breaking space) and, now and then, a letter outside ASCII (then the text is read as before).
PIECES = [name for name in WIDE_NAMES if name.isascii()] + [
    "'", "model's", "x'SFT", "l'DPO", "'LoRA'", "O'Reilly", "the", "LORA", "lora", "9", "4", "_", "a_lora", "rlhf's",
    "PPO'", "fine", "tuning", "Fine-Tuning", "(", ")", ".", "/", "\n", "-", "  ", "`", '"', "?",
    "\u2019", "model\u2019s",
    "\u201cRLHF\u201d", "\u2014", "\u00a0", "\u2010", "x\u2019SFT", "\u2019LoRA\u2019"]
OTHER_LETTERS = ["\u00e9", "\u0130", "\u212a", "\u017f", "\u00b2", "\uff2c"]
PROSE = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "-", "\n", ", ", "'", "\u2019"])),
                 max_size=14).map(lambda pieces: "".join(piece + glue for piece, glue in pieces))


@SETTINGS
@given(PROSE, st.sampled_from(["", *OTHER_LETTERS]), st.integers(0, 100))
def test_the_scan_over_gaps_finds_the_words_the_scan_finds(text: str, letter: str, at: int) -> None:
    """A text whose characters outside ASCII are no word characters, read as bytes (gaps as
    spaces), gives the words the pattern over the text in lower case gives, a word read on past
    an apostrophe; a text with a word character outside ASCII is not read so. A matcher finds
    the mentions of the definition either way."""
    assert SCAN_GAPS is not None
    assert SCAN_ANY is not None
    at %= len(text) + 1
    text = text[:at] + letter + text[at:]
    gaps = as_gaps(text)
    assert (gaps is None) == bool(letter)
    if gaps is not None:
        assert len(gaps) == len(text)
        assert word_starts(text, gaps, SCAN_GAPS) == Matcher._scanned(text, SCAN_ANY)
    scanning = Matcher(WIDE)
    scanning._read = None
    scanning._scan = SCAN_GAPS
    assert scanning.mentions(text) == reference_mentions(WIDE, text, False)
    assert (scanning._scan_any is None) == (gaps is not None)


def test_stems_are_the_letters_every_match_begins_with() -> None:
    assert [stem(alternative) for alternative in [
        "clusters?", "director(?:y|ies)", "fine-?tun\\w*", "LLMs?", "nf4", "int\\d+", "works?\\s+x", "a+b", "ab{2}",
        "(?:world|x)\\s+models?", "\\w+_ids?"]] == [
        "cluster", "director", "fine", "llm", "nf4", "int", "work", "a", "a", "", ""]
    assert stems("(?:world|Dynamics)\\s+models?") == ["world", "dynamics"]
    assert stems("(?:large\\s+|masked)?x") == stems("(?:a|b)?c") == [""]
    assert "" in stems("(?:a|)c")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_word_lists_searched_from_their_stems_find_what_the_engine_finds(text: str) -> None:
    """Each word list (``wordsenses._words``) searched from its stems finds the match a plain
    search finds, where it is, in any case and with the letters that fold to ASCII ones."""
    assert pretrained.RELEASED in wordsenses._SOURCES  # (the "pre-trained" lists, imported above)
    assert any(words.stems for words in wordsenses._SOURCES)
    for words in wordsenses._SOURCES:
        found, plain = words.search(text), words.pattern.search(text)
        assert (found and found.span()) == (plain and plain.span())


def test_a_list_with_no_stem_is_searched_the_plain_way() -> None:
    words = Words(r"\b(?:x|\w+_ids?)\b", r"x|\w+_ids?", ["x", "\\w+_ids?"])
    assert words.stems is None
    assert words.search("the worker_id") is not None


def test_letters_that_fold_to_ascii_ones_are_found() -> None:
    """"ſ", "K" (the Kelvin sign) and "ı" match "s", "k" and "i" ignoring case, but lower case
    keeps them ("İ" lowers to two characters): such a text is searched the plain way."""
    for text in ["a \u017fmoke run", "the \u212aL loss", "a dummy \u0130mage", "no f\u0131les", "the ſtudent"]:
        for words in wordsenses._SOURCES:
            found, plain = words.search(text), words.pattern.search(text)
            assert (found and found.span()) == (plain and plain.span()), (text, wordsenses._SOURCES[words])
    assert wordsenses.WORD_SENSES["syntheticdata"].other.search("a \u017fmoke run") is not None


def test_a_list_matched_in_lower_case_keeps_its_escapes() -> None:
    assert _lowered(r"ResNe[tX]\w*|\W|\S+|LLMs?") == r"resne[tx]\w*|\W|\S+|llms?"
    assert Words(r"(?i:\bA\S\w\b)", r"A\S\w", ["A\\S\\w"]).search("x a-b y") is not None
    assert Words(r"(?i:\bx(?-i:LoRA)\b)", r"x(?-i:LoRA)", ["x(?-i:LoRA)"]).search("xlora") is None
    assert Words(r"(?i:\bx\u03c3\b)", "x\u03c3", ["x\u03c3"]).search("x\u03c2") is not None  # sigma folds
