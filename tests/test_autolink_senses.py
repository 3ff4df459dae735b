"""Automatic linking reads a mention's sense: "pre-trained" only where it is the concept,
title-like lines standing as sub-headings, sentences set as lists, hyphenated compounds, a
class imported from a package, longer names spelled by their abbreviation. One "all"-mode build serves the module."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.util import built_links as links  # a page's automatic links: (text, term anchor)
from tests.util import soup

# Every test reads the one build of the module's test root.
pytestmark = [pytest.mark.sphinx("html", testroot="autolink-senses2"),
              pytest.mark.test_params(shared_result="test_autolink_senses2-html")]


PRE = "aiterm-pre-training"


def test_pretrained_is_the_concept_only_where_the_words_say_so(app: SphinxTestApp) -> None:
    # Agents, adapters, task models, an RL environment's models, a model trained before it is
    # pruned or quantized, a checkpoint nothing qualifies: none went through pre-training in
    # the glossary's sense, and the page speaks of no language model. Fine-tuning the
    # pretrained model is the concept's paradigm.
    assert [link for link in links(app, "pretrained") if link[1] == PRE] == [("pretrained", PRE)]
    # A language model, an encoder trained on web text, the weights, a base model are the
    # concept; "generative pre-trained transformer" is GPT's name spelled out.
    assert [link for link in links(app, "pretrained-concept") if link[1] == PRE] == [
        ("pre-trained", PRE), ("pre-trained", PRE), ("pre-trained", PRE), ("pretrained", PRE)]
    assert links(app, "pretrained-md") == [("pre-trained", PRE)]


def test_pretrained_with_nothing_said_follows_the_page(app: SphinxTestApp) -> None:
    # On a page about a large language model, a bare "pretrained model" is one (a ControlNet or
    # an FP32 network right before or after the word still is not); on a page about an image
    # model it is not, and the noun later on the page is the page's link.
    assert links(app, "pretrained-page") == [("pretrained", PRE)]
    assert links(app, "pretrained-noun") == [("Pre-training", PRE)]


def test_pretrained_sentences_keep_their_other_terms(app: SphinxTestApp) -> None:
    found = links(app, "pretrained")
    assert ("Pruning", "aiterm-pruning") in found
    assert ("Fine-tuning", "aiterm-fine-tuning") in found
    assert ("quantize", "aiterm-quantization") in found
    assert ("quantize", "aiterm-quantization") in links(app, "pretrained-concept")


def test_a_sentence_set_as_a_list_is_prose_and_a_contents_list_is_not(app: SphinxTestApp) -> None:
    # The three steps end in commas: a sentence, even though each repeats a heading; the list
    # under "Contents" only repeats the headings.
    assert links(app, "steps") == [("pruning", "aiterm-pruning")] * 3


def test_a_bold_line_alone_is_a_sub_heading(app: SphinxTestApp) -> None:
    # "Row pruning" is structured pruning of a matrix: its prose is linked; the bold lines
    # standing as sub-headings are not, a bold label leading a list item is.
    assert links(app, "rubric") == [
        ("pruned", "aiterm-pruning"), ("pruning", "aiterm-pruning"), ("Quantization", "aiterm-quantization"),
    ]
    assert links(app, "rubric-md") == [("pruning", "aiterm-pruning")]


def test_hyphenated_compounds_with_a_method_or_a_precision(app: SphinxTestApp) -> None:
    # "LoRA-finetuned": fine-tuned with LoRA, both terms; "int4-quantized": quantized to int4;
    # "MTL-LoRA", "Quantization Aware Training (QAT)" and "quantization aware training" are
    # other methods' names.
    expected = [("LoRA", "aiterm-lora"), ("finetuned", "aiterm-fine-tuning"), ("quantized", "aiterm-quantization")]
    assert links(app, "compounds-md") == expected
    assert links(app, "compounds")[:3] == expected
    assert links(app, "compounds")[3:] == [("LoRA", "aiterm-lora"), ("quantization", "aiterm-quantization")]


def test_a_class_imported_from_a_package_leaves_the_algorithm_a_concept(app: SphinxTestApp) -> None:
    assert links(app, "ppo") == [("PPO", "aiterm-ppo")]


def test_fine_tuning_a_search_space_is_the_everyday_verb(app: SphinxTestApp) -> None:
    assert links(app, "everyday") == []


def test_title_case_words_before_a_link_to_a_paper_are_its_title(app: SphinxTestApp) -> None:
    # The first row's brief is a paper's title; the second row's is the author's sentence.
    assert links(app, "papers") == [("Pruning", "aiterm-pruning")]
    # Title-Case words on after the term, then "proposed" or "introduced" and the paper later in
    # the sentence, are a paper's title; the term alone "proposed in this paper" is the method.
    assert links(app, "proposed") == [("Fine-tuning", "aiterm-fine-tuning")]
    # Title-Case words filling square brackets are a reference link left unresolved: a title.
    assert links(app, "brackets-md") == [("finetune", "aiterm-fine-tuning")]


def test_a_title_like_line_over_code_or_a_list_is_a_sub_heading(app: SphinxTestApp) -> None:
    # A bold line or a lone short plain line over a code block or a list names the example;
    # a bold sentence, a plain lead-in of more words, bold words in a sentence, a bold line
    # with a comma (a release's summary) and a table cell stay prose.
    assert links(app, "headings") == [
        ("Quantize", "aiterm-quantization"), ("Fine-tune", "aiterm-fine-tuning"), ("pruning", "aiterm-pruning"),
        ("distillation", "aiterm-knowledge-distillation"), ("Quantization", "aiterm-quantization"),
    ]
    assert links(app, "headings-md") == [("fine-tune", "aiterm-fine-tuning")]


def test_a_pretrained_tokenizer_or_tagger_is_ready_made(app: SphinxTestApp) -> None:
    # On a page about a language model, the tokenizer handed out ready to use and the models
    # named by the task they do ("to tag names", past italics) are not the concept; the
    # language model is. "Pruning" inside a paper's title named as such (in italics) is not;
    # "prunes" in the author's words after it is.
    assert links(app, "ready-made") == [("pre-trained", PRE), ("prunes", "aiterm-pruning")]


def test_a_lower_case_name_in_running_prose_and_a_paper_title(app: SphinxTestApp) -> None:
    # "the weight of lora" is the method; "lora or qlora" after a setting are its values;
    # "Multi-LoRA" keeps the method; a title's words before "paper" are not the term (in
    # italics), "the LoRA paper" is the method's. A pre-trained model that classifies
    # requests is a tool, not the concept.
    assert links(app, "lower-case") == [("lora", "aiterm-lora"), ("LoRA", "aiterm-lora"), ("LoRA", "aiterm-lora")]


def test_a_card_title_a_lone_numbered_title_and_a_bold_path_are_not_prose(app: SphinxTestApp) -> None:
    # A card's bold first line, a numbered list of one bold item over its text and a bold
    # folder path head what follows; the sentences under them are linked.
    assert links(app, "cards") == [
        ("Quantization", "aiterm-quantization"), ("training data", "aiterm-training-data"),
        ("prunes", "aiterm-pruning"),
    ]


def test_a_pretrained_image_classifier_is_ready_made(app: SphinxTestApp) -> None:
    # A ResNet, a VGG network, a MobileNet: image classifiers handed out trained, even beside
    # an LLM or the weights; a backbone named as such is the concept, and so is a language
    # model pretrained on web text, later on the page.
    assert [link for link in links(app, "image-models") if link[1] == PRE] == [("pre-trained", PRE)]
    assert [link for link in links(app, "image-models-md") if link[1] == PRE] == [("pretrained", PRE)]


def test_a_name_in_another_case_among_its_own_field_words_and_a_gerund(app: SphinxTestApp) -> None:
    # "model's lora adapter", "LORA adapters": the method with its own words after it, in rST and MyST,
    # or in a sentence about fine-tuning; "LoRa" of field sensors and a link budget is the radio,
    # and "lora" as the value an adapter type is set to is a value: both left alone.
    # "Distilling", "quantizing": the action of an "-ation" term, a soft line break after it in MyST.
    lora = "aiterm-lora"
    assert links(app, "spellings") == [("lora", lora), ("Distilling", "aiterm-knowledge-distillation")]
    assert links(app, "spellings-md") == [
        ("LORA", lora), ("quantizing", "aiterm-quantization"), ("LoRa", lora), ("finetune", "aiterm-fine-tuning")]


def test_a_work_title_in_italics_is_not_prose(app: SphinxTestApp) -> None:
    # Italic Title-Case words with a title's two parts, or with an author, a year or "book"
    # after them, name a work: no link inside. Italics that are only a term's name before
    # "paper", lower-case italics and an italic label before a colon stay prose.
    assert links(app, "italic-titles") == [
        ("Direct Preference Optimization", "aiterm-dpo"), ("pruning", "aiterm-pruning"),
        ("quantization", "aiterm-quantization"),
    ]
    assert links(app, "italic-titles-md") == [
        ("Reinforcement Learning from Human Feedback", "aiterm-rlhf"), ("pruning", "aiterm-pruning"),
    ]


def test_text_inside_raw_html_links_and_code_is_not_prose(app: SphinxTestApp) -> None:
    # MyST keeps inline HTML as raw nodes around plain text: the words of an <a> are the
    # author's link (a link inside it would empty it in a browser), those of <code> are code.
    # An anchor closed at once, and an element of no such kind, leave what follows prose; so
    # does an anchor that opens inside an emphasis and closes after it, or the other way round.
    # An <a> without href ("<a name=…/>", "<a id=…>") marks a place to land, not a link: what
    # follows it is prose, in the paragraph and in the sections after it.
    assert links(app, "raw-html-md") == [("fine-tuning", "aiterm-fine-tuning"), ("RLHF", "aiterm-rlhf"),
                                         ("PPO", "aiterm-ppo"), ("SFT", "aiterm-supervised-fine-tuning"),
                                         ("PEFT", "aiterm-peft"), ("reward model", "aiterm-reward-model"),
                                         ("QLoRA", "aiterm-qlora")]
    # rST raw roles: one role may hold several tags ("<b><a href=…>", "</a><a href=…>"), read
    # tag by tag; a raw role of another format is no HTML.
    assert links(app, "raw-html") == [("RLAIF", "aiterm-rlaif"), ("RLHF", "aiterm-rlhf")]
    html = soup(Path(app.outdir) / "raw-html-md.html")
    authors = {str(a["href"]): a.get_text() for a in html.select("a[href^='https://example.org/']")}
    assert authors == {"https://example.org/survey": "survey of quantization methods",
                       "https://example.org/tips": "LoRA tips", "https://example.org/old": "distillation notes",
                       "https://example.org/em": "as here", "https://example.org/out": "as here and end on\nDPO",
                       "https://example.org/gt": "as LoRA notes"}


def test_the_second_half_of_a_compound_and_a_self_prefix(app: SphinxTestApp) -> None:
    # A participle after a plain lower-case word is the compound's last part and keeps its
    # sense ("sparse-quantized", "pre-quantized", "already-pruned", across a soft line break in
    # MyST); "non-" and "de-" undo it, and a participle with more after it is part of a name.
    # Lower-case "self-" keeps the term; "Self-Distillation" in capitals is another method's name.
    # "Parameter-efficient tuning" is PEFT without "fine-".
    quantization, distillation = "aiterm-quantization", "aiterm-knowledge-distillation"
    assert links(app, "compound-halves") == [("quantized", quantization), ("distills", distillation)]
    assert links(app, "compound-halves-md") == [
        ("quantized", quantization), ("pruned", "aiterm-pruning"), ("parameter-efficient tuning", "aiterm-peft")]


def test_ready_made_speech_models_and_other_senses_on_a_speech_page(app: SphinxTestApp) -> None:
    # On a speech page a language model is a decoding component: the bare "pretrained model"
    # downloaded, a pre-trained LM, the recognizers offered instead of training one from scratch,
    # an aligner used for text-to-speech are ready-made; starting from a pretrained network
    # instead of training from scratch is the concept; recognizers released in twelve languages
    # are ready-made (a language named says nothing), a recognizer pretrained on forty languages is
    # the concept (the phase: what the participle governs). A pruned RNN-T loss, a memory bank that
    # memorizes history, noise added as contamination, the quantization level of clips and
    # anchors, and data pruning (dropping examples) are other senses.
    assert links(app, "speech") == [("pretrained", PRE), ("pretrained", PRE)]
    # A bare language model off a speech page still makes its bare "pretrained model" one.
    assert links(app, "language-model-md") == [("pretrained", PRE)]


def test_a_pretrained_model_handed_out_for_download_is_ready_made(app: SphinxTestApp) -> None:
    # Checkpoints to download, whatever else the sentence says of them (embeddings, "from
    # scratch"), are a release: the page decides, and it is about no language model. A pretrained
    # network downloaded to initialise another before training is a starting point. A model
    # used to extract features is a tool, unless it is named an encoder (or a language model).
    assert links(app, "releases") == [("pretrained", PRE), ("pretrained", PRE)]


def test_deduplication_of_records_a_cache_or_across_workers_is_another_sense(app: SphinxTestApp) -> None:
    # Entity resolution, CSV files, a K/V cache, examples kept apart across the workers of
    # multi-node training: whatever data or training the sentence names, not a training set's
    # copies. Exact deduplication of web documents is the term.
    assert links(app, "records-md") == [("deduplication", "aiterm-deduplication")]


def test_a_plain_version_next_to_another_library_is_the_library(app: SphinxTestApp) -> None:
    # "SGLang/vanilla PEFT": the adjective does not hide the list of libraries.
    assert links(app, "vanilla-md") == [("LoRA", "aiterm-lora")]
