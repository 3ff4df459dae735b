"""Automatic linking leaves alone what only looks like a mention: a folder's or a file's name in a
path written in prose, a bold line standing as the heading of a list or a table, whatever its
marks, everyday "memorize", a tuner's pruned trials, and a word of a released model's name. One
"all"-mode build (rST and MyST pages) serves the module."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import built_links as links  # a page's automatic links: (text, term anchor)

# Every test reads the one build of the module's test root.
pytestmark = [pytest.mark.sphinx("html", testroot="autolink-precision"),
              pytest.mark.test_params(shared_result="test_autolink_precision-html")]


def test_a_name_in_a_path_is_not_a_mention(app: SphinxTestApp) -> None:
    # A file name, an underscore, a digit inside a word, a leading "./" or "~/", or a folder
    # word after it make a slashed run a path; words joined by a slash stay words.
    pre, ft = "aiterm-pre-training", "aiterm-fine-tuning"
    assert links(app, "paths") == [
        ("pre-training", pre), ("fine-tuning", ft), ("LoRA", "aiterm-lora"), ("quantization", "aiterm-quantization")]
    assert links(app, "paths-md") == [("distillation", "aiterm-knowledge-distillation"), ("pruning", "aiterm-pruning")]


def test_a_bold_line_over_a_list_or_table_is_a_heading(app: SphinxTestApp) -> None:
    # A bold paragraph of its own over a list or a table heads it, with a colon or a version
    # number inside or a question; a bold run-in label and a bold sentence stay prose.
    assert links(app, "bold-lines") == [
        ("Pruning", "aiterm-pruning"), ("pruning", "aiterm-pruning"), ("Quantization", "aiterm-quantization")]
    assert links(app, "bold-lines-md") == [("Fine-tuning", "aiterm-fine-tuning")]


def test_the_verb_memorize_needs_its_own_sense_said(app: SphinxTestApp) -> None:
    # "Memorize" is everyday English: the verb links only beside training data, samples or a
    # loss; the noun links as before.
    mem = "aiterm-memorization"
    assert links(app, "memorize") == [("memorize", mem), ("Memorization", mem)]
    assert links(app, "memorize-md") == [("memorizing", mem)]


def test_pruning_trials_or_instances_is_another_sense(app: SphinxTestApp) -> None:
    # A tuner's trials or a dataset's instances pruned are not a model's parameters.
    assert links(app, "trials") == [("Pruning", "aiterm-pruning")]
    assert links(app, "trials-md") == [("deduplicating", "aiterm-deduplication")]


def test_the_bare_verb_in_a_released_models_name(app: SphinxTestApp) -> None:
    # "Distill" after a name with a digit is a word of a released model's name, as "pre-trained"
    # in GPT's spelled-out name; the verb in a sentence still links.
    assert links(app, "releases") == [("distill", "aiterm-knowledge-distillation")]
    assert links(app, "releases-md") == []
