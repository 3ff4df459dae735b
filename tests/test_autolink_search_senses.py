"""Automatic linking reads the senses of everyday-word terms that recur across documentation
sets: "fine-tune" said of a setting, pruning and quantization in a hyper-parameter search, the
quantization of a vector index, "distil" meaning extract, a pre-trained model
handed out or loaded to generate, a title in a reference entry, a recommender's memorization.
One "all"-mode build serves the module."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import built_links as links  # a page's automatic links: (text, term anchor)

# Every test reads the one build of the module's test root.
pytestmark = [pytest.mark.sphinx("html", testroot="autolink-senses3"),
              pytest.mark.test_params(shared_result="test_autolink_senses3-html")]

FT = "aiterm-fine-tuning"
PRUNING = "aiterm-pruning"
QUANT = "aiterm-quantization"


def anchors(app: SphinxTestApp, page: str, anchor: str) -> list[str]:
    return [text for text, target in links(app, page) if target == anchor]


def test_fine_tune_said_of_a_setting_is_not_the_concept(app: SphinxTestApp) -> None:
    # An argument (also where inline markup cuts the text run), criteria, a pipeline, "to our
    # problem", a learning rate lowered to it, bare hyper-parameters, "fine-tuned customization".
    assert anchors(app, "adjust", FT) == []


def test_fine_tune_said_of_a_model_stays(app: SphinxTestApp) -> None:
    # A model, a compound noun ("the fine-tuning arguments"), "on prompts", "the rate for it",
    # hyper-parameters after a determiner ("the default fine-tune hyperparameters"), a detection
    # model (the tool's "loop detection" is a setting: see ``adjust``).
    assert anchors(app, "adjust-model", FT) == ["fine-tune", "fine-tuning", "fine-tune", "fine-tuning", "fine-tune",
                                                "fine-tune"]


def test_pruning_and_quantization_in_a_search_are_another_sense(app: SphinxTestApp) -> None:
    assert anchors(app, "hpo", PRUNING) == []
    assert anchors(app, "hpo", QUANT) == []
    # An architecture search's space holds pruned subnets: the network is what is pruned there.
    assert anchors(app, "search-model", PRUNING) == ["pruning", "pruning", "pruning"]
    assert anchors(app, "search-model", QUANT) == ["Quantization"]


def test_quantization_of_a_vector_index_is_another_sense(app: SphinxTestApp) -> None:
    assert anchors(app, "vector-index", QUANT) == []
    assert anchors(app, "model-quantization", QUANT) == ["Quantization"]


PRE = "aiterm-pre-training"


def test_a_pretrained_model_used_as_is_to_search_is_not_the_concept(app: SphinxTestApp) -> None:
    # Loaded to query an index, embeddings compared by cosine: ready to use, not a starting point,
    # even on a page about language models.
    assert anchors(app, "ready-search", PRE) == []
    # Fine-tuned before it reranks, or a language model: the concept.
    assert anchors(app, "ready-search-kept", PRE) == ["pretrained", "pretrained"]


def test_this_directory_is_a_readmes_own_folder_not_what_is_pruned(app: SphinxTestApp) -> None:
    # "This directory holds ... pruning methods" is the concept, as the page's pruned weights say;
    # files pruned from a folder are not.
    assert anchors(app, "readme-folder", PRUNING) == ["pruning", "pruned"]


def test_a_name_with_only_its_first_letter_capital_in_running_prose(app: SphinxTestApp) -> None:
    # "the Lora the authors trained" is the method; "The LoRa gateway" (the radio) is not.
    assert anchors(app, "title-case", "aiterm-lora") == ["Lora"]


KD = "aiterm-knowledge-distillation"


def test_distil_that_extracts_information_or_lessons_is_not_the_concept(app: SphinxTestApp) -> None:
    # Distilled from research and practice, distilling information, lessons, "read and distil":
    # condensing, not training a student.
    assert anchors(app, "distil-gist", KD) == []
    # A model distilled, information drawn from a teacher, knowledge distilled: the concept.
    assert anchors(app, "distil-model", KD) == ["distill", "distilling", "distill"]


def test_a_pretrained_model_handed_out_or_loaded_to_generate_is_not_the_concept(app: SphinxTestApp) -> None:
    # Provided by its authors, loaded to generate text or to test an agent, or "load" governing it
    # with nothing else said ("load up a pre-trained reranking model", on a page about GPT-2):
    # ready to use.
    assert anchors(app, "ready-made", PRE) == []
    # Trained or fine-tuned in the same sentence, weights supplied to initialise, a part loaded into
    # a model, loaded then trained, its weights loaded, a bare "model" loaded (the page about GPT-2
    # decides): a starting point, the concept.
    assert anchors(app, "ready-made-kept", PRE) == ["pretrained", "pre-trained", "Pre-trained", "pretrained",
                                                    "pre-trained", "pre-trained", "pretrained"]


def test_a_papers_title_in_a_reference_entry_is_not_prose(app: SphinxTestApp) -> None:
    # After a "Title:" label, or closed by the paper's arXiv address: a title, not the prose.
    assert anchors(app, "references", KD) == ["knowledge distillation"]
    assert anchors(app, "references", FT) == []
    # A sentence citing its paper, another label: the author's prose.
    assert anchors(app, "references-kept", FT) == ["Fine-tuning"]
    assert anchors(app, "references-kept", KD) == ["Knowledge Distillation"]


DEDUP = "aiterm-deduplication"


def test_deduplication_of_what_a_tool_makes_is_another_sense(app: SphinxTestApp) -> None:
    # A digest for comparing runs (whatever samples it names), helper code, a metric's rows, a
    # list's references, trace IDs, candidates: what is deduplicated is not a training set.
    assert anchors(app, "dedup-other", DEDUP) == []
    # The corpus's rows and documents: the term, whatever else the sentence names.
    assert anchors(app, "dedup-kept", DEDUP) == ["deduplicate", "deduplication"]


def test_memorization_of_feature_interactions_is_another_sense(app: SphinxTestApp) -> None:
    # A recommender's wide part memorizes feature interactions ("memorization and
    # generalization" of wide-and-deep models); rare sequences of training data are the term.
    assert anchors(app, "memorize-wide", "aiterm-memorization") == ["memorization"]


def test_scalar_and_product_quantization_of_stored_vectors_is_another_sense(app: SphinxTestApp) -> None:
    # Codes for stored vectors and a storage layer's bits, no index named in the sentence.
    assert anchors(app, "vector-codes", QUANT) == []


def test_pretrained_vectors_applied_as_they_are_are_not_the_concept(app: SphinxTestApp) -> None:
    # Vectors computed beforehand and applied or unpacked as they are, on a page about LLMs
    # (where a participle nothing qualifies is the concept): not a model.
    assert anchors(app, "ready-vectors", PRE) == []
    # Embedding vectors and a model's weight vectors: the concept.
    assert anchors(app, "ready-vectors-kept", PRE) == ["pre-trained", "pre-trained"]
