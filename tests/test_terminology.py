"""The terminology core (no Sphinx): variants of a term's spelling, and abbreviations used
before they are spelled out."""

from __future__ import annotations

import pytest

from sphinx_aigloss.core import Glossary, Term
from sphinx_aigloss.core.terminology import ABBREVIATION, VARIANT, Finding, FirstUses, variants


def _term(name: str, abbreviation: str = "", expansion: str = "", aliases: tuple[str, ...] = ()) -> Term:
    return Term(name.lower().replace(" ", "-"), name, "Methods", f"About {name}.", abbreviation=abbreviation,
                expansion=expansion, aliases=aliases)


TERMS = (
    _term("LoRA", "LoRA", "Low-Rank Adaptation"),
    _term("QLoRA", "QLoRA", "Quantized LoRA"),
    _term("RLHF", "RLHF", "Reinforcement Learning from Human Feedback"),
    _term("Supervised Fine-Tuning", "SFT", "Supervised Fine-Tuning"),
    _term("Fine-tuning"),
    _term("Pre-training"),
    _term("Reward Model"),
    _term("t-SNE"),
)
GLOSSARY = Glossary(TERMS)


def _variants(text: str, glossary: Glossary = GLOSSARY) -> list[tuple[str, str]]:
    found = variants(text, glossary.matcher)
    assert all(f.kind == VARIANT and text[f.start:f.end] == f.written for f in found)
    return [(f.written, f.use) for f in found]


@pytest.mark.parametrize(("text", "expected"), [
    # An abbreviation in another mixed case, also all-capital ones the matcher does not see.
    ("We tried Lora, Qlora and Rlhf.", [("Lora", "LoRA"), ("Qlora", "QLoRA"), ("Rlhf", "RLHF")]),
    ("Then lora and LORA.", [("lora", "LoRA"), ("LORA", "LoRA")]),
    ("RLHF as written, then Rlhfs.", [("Rlhfs", "RLHFs")]),
    ("Two Loras and a lora's rank.", [("Loras", "LoRAs"), ("lora's", "LoRA's")]),
    # Closed up or split differently, in the writer's own case.
    ("Finetuning, fine tuning and pre training.",
     [("Finetuning", "Fine-tuning"), ("fine tuning", "fine-tuning"), ("pre training", "pre-training")]),
    ("Many finetuned models.", [("finetuned", "fine-tuned")]),
    ("Three reward-models.", []),  # a hyphen for a space: a compound modifier
    ("A rewardmodel.", [("rewardmodel", "reward model")]),
])
def test_variants(text: str, expected: list[tuple[str, str]]) -> None:
    assert _variants(text) == expected


@pytest.mark.parametrize("text", [
    "LoRA, LoRAs, LoRA's rank, QLoRA, RLHF and RLHFs.",
    "Fine-tuning, fine-tuning, Fine-Tuning, fine-tuned and fine-tunes; pre-trained, pre-training.",
    "Supervised fine-tuning and supervised Fine-Tuning (SFT).",
    "A reward model, reward models, Reward Models.",
    "Plots with t-SNE. T-SNE plots are pretty.",  # a sentence's first word takes a capital
    "rlhf and sft in lower case may be identifiers or words.",
    "Rlhf, capitalised at a sentence's start, may be a word.",
    "Call lora_config or peft.lora (code, not prose).",
    "See https://example.org/guides/lora-and-Rlhf or www.example.org/Qlora (addresses).",
])
def test_not_variants(text: str) -> None:
    assert _variants(text) == []


def test_case_of_a_mixed_case_name_counts_mid_sentence() -> None:
    assert _variants("Plots with T-SNE.") == [("T-SNE", "t-SNE")]


def test_an_alias_accepts_a_spelling() -> None:
    glossary = Glossary([*TERMS[:4], _term("Fine-tuning", aliases=("finetuning",)), *TERMS[5:]])
    assert _variants("Finetuning and fine tuning.", glossary) == [("fine tuning", "fine-tuning")]
    lora = Glossary([_term("LoRA", "LoRA", "Low-Rank Adaptation", aliases=("Lora",))])
    # "Lora" is a name whose case carries no meaning: "lora" spells it too.
    assert _variants("Lora and lora, not QLora.", lora) == []


def test_finding_fields() -> None:
    [finding] = variants("use Qlora", GLOSSARY.matcher)
    assert finding == Finding(4, 9, TERMS[1], VARIANT, "Qlora", "QLoRA")


def _first(uses: FirstUses, text: str) -> list[tuple[str, str]]:
    found = uses.feed(text)
    assert all(f.kind == ABBREVIATION and text[f.start:f.end] == f.written for f in found)
    return [(f.written, f.use) for f in found]


def test_abbreviation_before_it_is_spelled_out() -> None:
    uses = FirstUses(GLOSSARY.matcher)
    assert _first(uses, "SFT first, then Supervised Fine-Tuning (SFT), then SFT again.") == [
        ("SFT", "Supervised Fine-Tuning (SFT)")]
    assert _first(uses, "SFT once more on the same page.") == []  # once per term and page
    assert _first(FirstUses(GLOSSARY.matcher), "Only RLHF, never spelled out; RLHF.") == [
        ("RLHF", "Reinforcement Learning from Human Feedback (RLHF)")]


@pytest.mark.parametrize("pieces", [
    ["Reinforcement Learning from Human Feedback (RLHF) is first.", "RLHF later."],  # expansion (ABBR)
    ["RLHF (Reinforcement Learning from Human Feedback) is first; RLHF later."],  # ABBR (expansion)
    ["RLHF ( reinforcement learning from human feedback ) spaced."],
    ["Reinforcement learning from human feedback, in an earlier piece.", "Then RLHF."],
    ["Low-Rank Adaptation", "and LoRA, and a DPO-free text."],
    ["Nothing here names a term."],
])
def test_spelled_out(pieces: list[str]) -> None:
    uses = FirstUses(GLOSSARY.matcher)
    assert [_first(uses, piece) for piece in pieces] == [[] for _ in pieces]


def test_a_web_address_is_no_use() -> None:
    text = "See https://example.org/RLHF/faq first; RLHF then, and LoRA at https://example.org/LoRA."
    found = FirstUses(GLOSSARY.matcher).feed(text)
    assert [(f.start, f.written) for f in found] == [(text.index("RLHF then"), "RLHF"),
                                                     (text.index("LoRA at"), "LoRA")]


def test_expansion_elsewhere_than_beside_does_not_spell_out() -> None:
    uses = FirstUses(GLOSSARY.matcher)
    assert _first(uses, "LoRA is used (with care); Low-Rank Adaptation is its name.") == [
        ("LoRA", "Low-Rank Adaptation (LoRA)")]


def test_terms_without_both_forms_are_not_checked() -> None:
    # Fine-tuning has no abbreviation; an abbreviation equal to its expansion is no pair.
    glossary = Glossary([_term("Fine-tuning"), _term("GPU", "GPU", "gpu")])
    assert _first(FirstUses(glossary.matcher), "Fine-tuning on a GPU.") == []
