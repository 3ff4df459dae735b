"""Which pages a new name form can reach (matchable.py), without a build: the words of a
page's tree and the forms they may spell."""

from __future__ import annotations

from docutils import nodes

from sphinx_aigloss import matchable


def _forms(name: str) -> list[str]:
    return sorted(matchable.forms(((name,), "", True, True)))


def test_a_name_wrapped_across_the_texts_of_one_paragraph_is_spelled() -> None:
    """MyST keeps each line of a paragraph as its own text node, and the matcher reads them
    as one run: a name wrapped between them still reaches the page."""
    paragraph = nodes.paragraph("", "", nodes.Text("Most teams use parameter\n"),
                                nodes.Text("efficient fine-tuning today."))
    words = matchable.word_filter(paragraph)
    assert matchable.pages_spelling(_forms("Parameter-Efficient Fine-Tuning"), {"page": words}) == {"page"}
    assert matchable.pages_spelling(_forms("Efficient Parameter"), {"page": words}) == set()
