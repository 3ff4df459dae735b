"""Name forms: inflected forms of action nouns, checked names and ids, linear matching."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_aigloss.core import GlossaryError, Term, inflections, load_glossary, normalise, parse_pack
from sphinx_aigloss.core.names import slugify
from tests.util import MakeApp, soup, sphinx_run, warnings

GLOSSARY = load_glossary()[0]

#: Every canonical term, and the other forms that must name it (beyond name, abbreviation,
#: expansion, case, hyphens and plurals). Terms whose name is no action noun have none.
CANONICAL_FORMS: dict[str, list[str]] = {
    "Pre-training": ["pre-train", "pretrain", "pre-trains", "pretrained", "pre-trained"],
    "Self-Supervised Learning": ["self-supervised learned"],
    "Next-Token Prediction": ["next-token predict", "next token predicted"],
    "Masked Language Modeling": ["masked language model", "masked language modeled"],
    "Training Corpus": [],
    "Data Curation": ["data curated"],
    "Scaling Laws": [],
    "Compute Budget": [],
    "Fine-tuning": ["fine-tune", "fine-tunes", "fine-tuned", "finetune", "finetuned", "fine tuned"],
    "Supervised Fine-Tuning": ["supervised fine-tuned"],
    "Instruction Tuning": ["instruction-tuned", "instruction tune"],
    "RLHF": [],
    "RLAIF": [],
    "DPO": ["direct preference optimized"],
    "PPO": ["proximal policy optimized"],
    "Reward Model": [],
    "Constitutional AI": [],
    "LoRA": ["low-rank adapted"],
    "QLoRA": [],
    "PEFT": ["parameter-efficient fine-tuned"],
    "Quantization": ["quantize", "quantizes", "quantized", "quantise", "quantised"],
    "Knowledge Distillation": ["distill", "distills", "distilled", "knowledge distilled"],
    "Pruning": ["prune", "prunes", "pruned"],
    "Training Data": [],
    "Synthetic Data": [],
    "Data Contamination": ["data contaminated"],
    "Memorization": ["memorize", "memorized", "memorise"],
    "Deduplication": ["deduplicate", "deduplicated"],
    "Data Poisoning": ["data poisoned"],
    "Dataset Bias": [],
}


def test_every_canonical_term_is_listed() -> None:
    assert sorted(CANONICAL_FORMS) == sorted(term.name for term in GLOSSARY)


@pytest.mark.parametrize("name", CANONICAL_FORMS)
def test_forms_of_each_canonical_term(name: str) -> None:
    for form in [name, *CANONICAL_FORMS[name]]:
        found = GLOSSARY.lookup(form).terms
        assert [term.name for term in found] == [name], form


@pytest.mark.parametrize(("form", "word"), [
    ("training", "trained"), ("tuning", "tuned"), ("running", "run"), ("quantization", "quantise"),
    ("distillation", "distilled"), ("curation", "curate"), ("prediction", "predicted"), ("diffusion", "diffuse"),
    # The name's other spelling, either way.
    ("quantization", "quantisation"), ("memorisation", "memorization"), ("modeling", "modelling"),
    ("modeling", "modelled"), ("modelling", "modeling"), ("modelling", "modeled"),
])
def test_inflection_rules(form: str, word: str) -> None:
    assert word in inflections(form)


#: Every form the rules make for each canonical term's name (beyond the name): the verb's base,
#: "-s" and "-ed" forms, and the name's other spelling ("quantisation", "modelling"). Where
#: spelling cannot tell the verb ("tun"/"tune", "model"/"modele"), the candidate that is no
#: English word stays; no form is another English word.
VERB_FORMS = {
    "Pre-training": "pretrain pretrains pretrained",
    "Self-Supervised Learning": "selfsupervisedlearn selfsupervisedlearns selfsupervisedlearned",
    "Next-Token Prediction": "nexttokenpredict nexttokenpredicts nexttokenpredicted nexttokenpredicting",
    "Masked Language Modeling": "maskedlanguagemodel maskedlanguagemodels maskedlanguagemodeled "
                                "maskedlanguagemodele maskedlanguagemodeles maskedlanguagemodelling "
                                "maskedlanguagemodelled",
    "Data Curation": "datacurate datacurates datacurated datacurating",
    "Fine-tuning": "finetune finetunes finetuned finetun finetuns",
    "Supervised Fine-Tuning": "supervisedfinetune supervisedfinetunes supervisedfinetuned supervisedfinetun "
                              "supervisedfinetuns",
    "Instruction Tuning": "instructiontune instructiontunes instructiontuned instructiontun instructiontuns",
    "Quantization": "quantize quantizes quantized quantizing quantise quantises quantised quantising quantisation",
    "Knowledge Distillation": "knowledgedistill knowledgedistills knowledgedistilled knowledgedistilling",
    "Pruning": "prune prunes pruned prun pruns",
    "Data Contamination": "datacontaminate datacontaminates datacontaminated datacontaminating",
    "Memorization": "memorize memorizes memorized memorizing memorise memorises memorised memorising memorisation",
    "Deduplication": "deduplicate deduplicates deduplicated deduplicating",
    "Data Poisoning": "datapoison datapoisons datapoisoned datapoisone datapoisones",
}


def test_the_verb_forms_of_every_canonical_term() -> None:
    """No "distillate" from Distillation, no "data cured" from Data Curation: one verb's forms."""
    made = {term.name: inflections(normalise(term.name)) for term in GLOSSARY}
    assert {name: forms for name, forms in made.items() if forms} == {
        name: set(forms.split()) for name, forms in VERB_FORMS.items()}


@pytest.mark.parametrize(("noun", "forms"), [
    ("embedding", "embed embeds embedded"), ("classification", "classify classifies classified classifying"),
    ("calibration", "calibrate calibrates calibrated calibrating"),
    ("augmentation", "augment augments augmented augmenting"),
    ("completion", "complete completes completed completing"), ("learning", "learn learns learned"),
])
def test_one_verb_per_action_noun(noun: str, forms: str) -> None:
    assert inflections(noun) == set(forms.split())


def test_nouns_that_are_no_action_have_no_verb_forms() -> None:
    assert inflections("budget") == set()
    assert inflections("king") == set()  # too short to be "-ing" of a verb


def test_a_term_can_opt_out_of_verb_forms() -> None:
    pack = parse_pack('[[terms]]\nname = "Embedding"\ncategory = "C"\ndefinition = "A vector."\ninflect = false\n',
                      "t.toml")
    term = pack.terms[0]
    assert not term.inflect
    glossary = GLOSSARY.merged(pack.terms)[0]
    assert glossary.lookup("embedded").terms == []
    assert [t.name for t in glossary.lookup("embeddings").terms] == ["Embedding"]


def test_project_terms_get_verb_forms_too() -> None:
    pack = parse_pack('[[terms]]\nname = "Sharding"\ncategory = "C"\ndefinition = "Splitting."\n', "t.toml")
    glossary = GLOSSARY.merged(pack.terms)[0]
    assert [t.name for t in glossary.lookup("sharded").terms] == ["Sharding"]


@pytest.mark.parametrize(("text", "linked"), [
    ("We fine-tuned a pretrained model, then quantized it.", ["fine-tuned", "pretrained", "quantized"]),
    ("A distilled student; pruned weights.", ["distilled", "pruned"]),
    ("Instruction-tuned models", ["Instruction-tuned"]),
])
def test_mentions_find_verb_forms(text: str, linked: list[str]) -> None:
    assert [text[m.start:m.end] for m in GLOSSARY.mentions(text)] == linked


def test_a_very_long_name_matches_and_a_prefix_of_it_does_not() -> None:
    words = [f"w{i}x" for i in range(1000)]
    term = Term(id="long", name=" ".join(words), category="C", definition="Long.")
    glossary = GLOSSARY.merged([term])[0]
    page = " ".join(words[:500]) + " and " + " ".join(words) + " end."
    found = glossary.mentions(page)
    assert [(m.term.id, page[m.start:m.end]) for m in found] == [("long", " ".join(words))]


BAD_NAMES = [
    ("name", '"Escape\\u001b[2J"', "field 'name': 'Escape\\x1b[2J' holds a control character (U+001B)"),
    ("name", '"Two\\nlines"', "field 'name': 'Two\\nlines' holds a control character (U+000A)"),
    ("name", '"Nul\\u0000"', "field 'name': 'Nul\\x00' holds a control character (U+0000)"),
    ("name", '"---"', "name '---' has no letters or digits"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_NAMES)
def test_names_with_control_characters_are_rejected(field: str, value: str, message: str) -> None:
    text = f'[[terms]]\n{field} = {value}\ncategory = "C"\ndefinition = "D."\n'
    with pytest.raises(GlossaryError) as error:
        parse_pack(text, "t.toml")
    assert message in str(error.value)
    assert "\x1b" not in str(error.value)
    assert "\x00" not in str(error.value)


def test_an_alias_with_a_control_character_is_rejected() -> None:
    text = '[[terms]]\nname = "Fine"\naliases = ["Bad\\u009b"]\ncategory = "C"\ndefinition = "D."\n'
    with pytest.raises(GlossaryError) as error:
        parse_pack(text, "t.toml")
    assert str(error.value) == "t.toml: term 'Fine', field 'aliases[0]': 'Bad\\x9b' holds a control character (U+009B)"


@pytest.mark.parametrize("key", ["has space", "quo'te", "hash#", "per%cent", "-lead"])
def test_ids_must_be_valid_html_ids(key: str) -> None:
    text = f'[[terms]]\nid = "{key}"\nname = "Fine"\ncategory = "C"\ndefinition = "D."\n'
    with pytest.raises(GlossaryError) as error:
        parse_pack(text, "t.toml")
    assert "field 'id': id " in str(error.value)
    assert "is not valid: use letters, digits, '-', '_' and '.', starting with a letter or digit" in str(error.value)


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_the_role_resolves_verb_forms(make_app: MakeApp, tmp_path: Path, suffix: str) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_aigloss", "myst_parser"]\n', encoding="utf-8")
    role = ":aiterm:`{}`" if suffix == ".rst" else "{{aiterm}}`{}`"
    forms = ["fine-tuned", "pretrained", "quantises", "distilled", "pruned"]
    (tmp_path / f"index{suffix}").write_text(
        ("Verbs\n=====\n\n" if suffix == ".rst" else "# Verbs\n\n") + ", ".join(role.format(f) for f in forms) + ".\n",
        encoding="utf-8")
    app = sphinx_run(make_app, tmp_path)
    assert warnings(app.warning.getvalue(), tmp_path) == []
    links = soup(Path(app.outdir) / "index.html").select("a.aigloss-term")
    assert [(a.get_text(), str(a["href"]).partition("#")[2]) for a in links] == [
        ("fine-tuned", "aiterm-fine-tuning"), ("pretrained", "aiterm-pre-training"),
        ("quantises", "aiterm-quantization"), ("distilled", "aiterm-knowledge-distillation"),
        ("pruned", "aiterm-pruning")]


@pytest.mark.parametrize(("one", "other", "same"), [
    ("Naive Bayes", "Naïve Bayes", False),  # an accent: two names, two ids
    ("Cafe", "Café", False),
    ("beta-Pruning", "β-Pruning", False),  # a letter ASCII spells out
    ("C plus plus", "C++", False),  # a symbol spelled out
    ("PEFT", "🤗 PEFT", False),  # an emoji
    ("LoRA", "Lo\u2063RA", True),  # an invisible separator: the name it looks like
    ("LoRA", "Lo\ufe0fRA", True),  # a variation selector
    ("LoRA", "Lo\u3164RA", True),  # a Hangul filler
])
def test_ids_differ_where_names_look_different(one: str, other: str, same: bool) -> None:
    assert (slugify(one) == slugify(other)) is same
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", slugify(name)) for name in (one, other))
