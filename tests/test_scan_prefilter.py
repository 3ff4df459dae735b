"""The report's plumbing reads less than it was first written to, and finds the same: a node's
text without unescaping when it holds no escape mark, a block's first text placed without a
walk, names told plain by their characters read in C, a matcher's caches of words read in
line. Each rewrite against the plain form it replaces, on random input with the hard cases."""

from __future__ import annotations

import random

from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import load_glossary, senses
from sphinx_aigloss.core.mentions import Matcher
from sphinx_aigloss.core.phrases import QUOTE_MARK, QUOTE_MARKS
from sphinx_aigloss.prose import astext
from sphinx_aigloss.report import line_of
from tests.test_properties import reference_mentions

SETTINGS = settings(max_examples=200, deadline=None)
#: Pieces of text with escape marks (docutils keeps a backslash as "\x00"), line breaks and
#: letters whose case is hard: a title-case digraph, an upper-case letter without a lower case.
PIECES = ["a", "B", "\x00", "\x00 ", "\x00\n", "\n", " ", "-", "\u01c5", "\u03d2", "\u0130", "\u00df", "LoRA", "\u2010"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
#: Inline and block elements (a literal block is a FixedTextElement; an image writes its own text).
KINDS = [nodes.paragraph, nodes.emphasis, nodes.strong, nodes.literal_block, nodes.inline, nodes.section]


def tree(draw: st.DrawFn, depth: int = 0) -> nodes.Element:
    node = draw(st.sampled_from(KINDS))()
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            node += tree(draw, depth + 1)
        else:
            node += nodes.Text(draw(TEXT))
    if draw(st.booleans()):
        node += nodes.image(alt=draw(TEXT))
    return node


TREES = st.composite(tree)()


@SETTINGS
@given(TREES)
def test_astext_is_docutils_astext(node: nodes.Element) -> None:
    """``prose.astext`` gives what ``node.astext()`` gives, escape marks and all."""
    assert astext(node) == node.astext()
    for text in node.findall(nodes.Text):
        assert astext(text) == text.astext()


@SETTINGS
@given(TREES, st.integers(1, 500))
def test_a_text_is_on_the_line_a_walk_finds(node: nodes.Element, line: int) -> None:
    """``line_of`` places each text node of a block on the line a walk of the block counts."""
    node.line = line
    breaks = 0
    for text in node.findall(nodes.Text):
        assert line_of(text, node, lambda path: []) == line + breaks
        breaks += text.astext().count("\n")


def plain(span: str) -> bool:
    """``senses._plain`` as first written."""
    return not any(c.isupper() for word in senses.SEPARATOR.split(span) for c in word[1:])


@SETTINGS
@given(TEXT)
def test_plain_names_are_told_as_before(span: str) -> None:
    assert senses._plain(span) == plain(span)


GLOSSARY, _ = load_glossary()
NAMES = sorted({name for term in GLOSSARY for name in term.names})
#: Running text of names in any case, words that begin names and no name, and joints; a name's
#: later word in full width ("ｔｕｎｉｎｇ") and with the Kelvin sign, which only ``normalise`` folds.
WORDS = ["fine", "Fine", "tuning", "data", "the", "pre", "Pre-", "self", "low", "rank", "model's", "reward_model",
         "LoRA.", "(", ")", "-", "\n", "  ", "\u2019s", "\u00e9", "fine-\uff54\uff55\uff4e\uff49\uff4e\uff47",
         "Low-Rank A\u212adaptation", "\u212anowledge", "Knowledge Distillation"]
PROSE = st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS)), max_size=14).map(" ".join)


@SETTINGS
@given(st.lists(PROSE, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_a_warm_matcher_finds_what_the_reference_finds(texts: list[str], rnd: random.Random) -> None:
    """A matcher that has read other texts first (its caches of words, runs and spans warm,
    read in line) finds in each text what the slow reference matcher finds."""
    warm = Matcher(GLOSSARY)
    for text in rnd.sample(texts, len(texts)) + [text.upper() for text in texts]:
        assert warm.mentions(text) == reference_mentions(GLOSSARY, text, False)


def test_quote_marks_are_what_the_pattern_matches() -> None:
    """``QUOTE_MARKS`` (looked for with ``in``) holds what ``QUOTE_MARK`` matches."""
    every = "".join(map(chr, range(0x110000)))
    assert sorted(QUOTE_MARK.findall(every)) == sorted(QUOTE_MARKS)
