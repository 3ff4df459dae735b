"""``senses.search_before`` reads only the text near a mention, and finds what a search of
the whole text before it finds: the same match (span and groups) or none, for each pattern
the rules search that way, on random prose built from those patterns' own words."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import senses, wordsenses

#: (pattern, the characters its matches are made of), as the rules pair them.
PAIRS = [
    (senses.SOFTWARE_BEFORE, senses.SOFTWARE_CHARS),
    (senses.INSTALL_BEFORE, senses.WORDY),
    (senses.TITLED_BEFORE, senses.WORDY),
    (senses.CAPITALISED_BEFORE, senses.WORDY),
    (senses.SENTENCE_START, senses.SENTENCE_CHARS),
]
#: Words and separators the patterns react to, and some they must not.
TOKENS = ["install", "Install", "the", "provided", "by", "Hugging", "HuggingFace", "Face", "\U0001f917", "API",
          "docs", "of", "from", "passed", "to", "Reinforced", "Fine-Tuning", "LoRA", "xLoRA", "Block-Diagonal",
          "Data", "model", "a", "İ", "\u212a", "ſ", "4-bit", "_x", "(", ")", ".", "!", "?", ":", ",", "'", "\u2019",
          " ", " ", "  ", "\n", "\t", "-", "\u00a0"]


def _same(found: re.Match[str] | None, expected: re.Match[str] | None) -> bool:
    if found is None or expected is None:
        return found is expected
    return (found.span(), found.groups()) == (expected.span(), expected.groups())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40), st.integers(0, 400), st.integers(0, 30))
def test_search_before_finds_what_the_whole_text_does(tokens: list[str], at: int, reach: int) -> None:
    content = "".join(tokens)
    end = at % (len(content) + 1)
    for pattern, chars in PAIRS:
        expected = pattern.search(content, 0, end)
        assert _same(senses.search_before(pattern, chars, content, end, reach), expected), (pattern.pattern, end)


def test_a_long_run_of_capitalised_words_is_read_whole() -> None:
    """Past the default reach: a Title-Case run longer than it is still found from its start."""
    content = "see " + "Very " * 60 + "Long Name"
    end = content.index("Name")
    found = senses.search_before(senses.TITLED_BEFORE, senses.WORDY, content, end)
    assert found is not None
    assert found.start() == len("see ")
    assert end - found.start() > senses.REACH
    near = "x" * 300 + ". Reinforced Fine-Tuning"
    found = senses.search_before(senses.TITLED_BEFORE, senses.WORDY, near, near.index("Fine"))
    assert found is not None
    assert found.group() == "Reinforced "
    word = "x" * 300 + ", A" + "b" * 250 + "  "  # one capitalised word longer than the reach
    found = senses.search_before(senses.TITLED_BEFORE, senses.WORDY, word, len(word))
    assert found is not None
    assert found.start() == 302


#: ``senses.CAPITALS_NAME`` as first written, before it began with a class.
CAPITALS_NAME_BEFORE = re.compile(r"\b[A-Z]\w*(?:-[A-Z]\w*)+\b")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*TOKENS, "Megatron-LM", "x-LM", "MLM", "A-B", "É-B", "_A-B", "9A-B"]), max_size=40))
def test_capitals_names_are_found_as_before(tokens: list[str]) -> None:
    content = "".join(tokens)
    found = [m.span() for m in senses.CAPITALS_NAME.finditer(content)]
    assert found == [m.span() for m in CAPITALS_NAME_BEFORE.finditer(content)]


#: Each term's words as first written (``\b`` first, the whole pattern ignoring case).
USES_BEFORE = {
    "pruning": r"prun(?:e|es|ed|ing)", "syntheticdata": r"synthetic[\s\-]+data",
    "rewardmodel": r"reward[\s\-]+model\w*", "deduplication": r"de-?duplicat\w*",
    "knowledgedistillation": r"distill\w*",
}
USE_TOKENS = ["prune", "PRUNED", "pruning", "Pruning", "ſynthetic", "Synthetic", "synthetic", "data", "DATA", "-",
              "reward", "Reward", "model", "Models", "de", "duplicated", "Dedup", "distill", "Distilled", "ıng",
              "İng", "\u212a", "x", "_", "9", " ", "\n", "é", "ſ", ".", "(", "'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(USE_TOKENS), max_size=30))
def test_a_terms_uses_are_found_as_before(tokens: list[str]) -> None:
    content = "".join(tokens)
    for key, pattern in USES_BEFORE.items():
        words = wordsenses.WORD_SENSES[key].words
        assert words is not None
        expected = [m.span() for m in re.finditer(r"\b(?:" + pattern + r")\b", content, re.IGNORECASE)]
        assert [m.span() for m in words.finditer(content)] == expected, key


def test_the_first_letters_classes_hold_every_case() -> None:
    """The class a pattern begins with is every character its letter matches ignoring case."""
    every = "".join(map(chr, range(0x10000)))
    for key, pattern in USES_BEFORE.items():
        words = wordsenses.WORD_SENSES[key].words
        assert words is not None
        cases = words.pattern[1:words.pattern.index("]")]
        assert set(re.findall(pattern[0], every, re.IGNORECASE)) == set(cases), key
