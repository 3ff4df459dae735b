"""The pure-Python glossary model: the canonical pack, names, lookups, suggestions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sphinx_aigloss import core as model
from sphinx_aigloss.core import GlossaryError, load_glossary, normalise, parse_pack
from sphinx_aigloss.core.terms import PACK_FIELDS, REFERENCE_FIELDS, TERM_FIELDS, TOP_FIELDS, Field

SEED = Path(__file__).parent / "data" / "seed.txt"
CATEGORIES = ["Pre-Training Concepts", "Fine-Tuning Methods", "Efficient Training", "Data Concepts"]


@pytest.fixture(scope="module")
def glossary() -> model.Glossary:
    result, conflicts = load_glossary()
    assert conflicts == []
    return result


def seed_entries() -> dict[str, tuple[str, str | None]]:
    """Heading -> (definition, reference line) as the source glossary writes them."""
    lines = SEED.read_text(encoding="utf-8").splitlines()[2:-1]
    out: dict[str, tuple[str, str | None]] = {}
    last = ""
    i = 0
    while i < len(lines):
        if lines[i] in CATEGORIES:
            i += 1
        elif lines[i].startswith("Reference: "):
            out[last] = (out[last][0], lines[i].removeprefix("Reference: "))
            i += 1
        else:
            last = lines[i]
            out[last] = (lines[i + 1], None)
            i += 2
    return out


def test_canonical_pack_is_the_seed_word_for_word(glossary: model.Glossary) -> None:
    seed = seed_entries()
    assert len(seed) == len(glossary) == 30
    by_heading = {term.display_name: term for term in glossary}
    assert set(by_heading) == set(seed)
    for heading, (definition, reference) in seed.items():
        term = by_heading[heading]
        assert term.definition == definition
        assert term.unreferenced == (reference is None)
        if reference is not None:
            ref = term.references[0]
            assert reference.startswith(f'{ref.author_text}, "{ref.title}"')
            assert str(ref.year) in reference
            assert ref.url.startswith("https://")


def test_counts_and_categories(glossary: model.Glossary) -> None:
    assert glossary.categories == CATEGORIES
    assert sum(1 for t in glossary if t.references) == 12
    assert sum(1 for t in glossary if t.unreferenced) == 18
    assert [len(terms) for _c, terms in glossary.by_category()] == [8, 9, 6, 7]
    pack = glossary.packs[0]
    assert pack.title == "AI Glossary: Training, Fine-Tuning & Data"
    assert pack.series == "AI and LLM concepts for product designers"


def test_abbreviation_and_expansion_are_separate(glossary: model.Glossary) -> None:
    rlhf = glossary.terms["rlhf"]
    assert (rlhf.name, rlhf.abbreviation, rlhf.expansion) == (
        "RLHF", "RLHF", "Reinforcement Learning from Human Feedback")
    mlm = glossary.terms["masked-language-modeling"]
    assert (mlm.name, mlm.abbreviation, mlm.expansion) == (
        "Masked Language Modeling", "MLM", "Masked Language Modeling")
    assert mlm.display_name == "Masked Language Modeling (MLM)"


def test_pack_matches_published_schema() -> None:
    for pack_id in model.shipped_pack_ids():
        text = (Path(model.__file__).parent.parent / "data" / f"{pack_id}.toml").read_text(encoding="utf-8")
        jsonschema.validate(tomllib.loads(text), model.schema())


@pytest.mark.parametrize(("name", "key"), [
    ("RLHF", "rlhf"),
    ("rlhf", "rlhf"),
    ("Reinforcement Learning from Human Feedback", "rlhf"),
    ("reinforcement-learning from human feedback", "rlhf"),
    ("reward models", "reward-model"),
    ("Reward Model", "reward-model"),
    ("pre-training", "pre-training"),
    ("pre training", "pre-training"),
    ("Pretraining", "pre-training"),
    ("PRE-TRAINING", "pre-training"),
    ("scaling law", "scaling-laws"),
    ("Scaling Laws", "scaling-laws"),
    ("LoRAs", "lora"),
    ("QLoRA", "qlora"),
    ("MLM", "masked-language-modeling"),
    ("Dataset Biases", "dataset-bias"),
    ("fine tuning", "fine-tuning"),
    ("Low-Rank Adaptation", "lora"),
])
def test_every_name_form_resolves(glossary: model.Glossary, name: str, key: str) -> None:
    term = glossary.get(name)
    assert term is not None
    assert term.id == key


def test_normalise_folds_case_width_and_separators() -> None:
    assert normalise("Pre-training") == normalise("pre training") == normalise("PRETRAINING") == "pretraining"
    assert normalise("Ｒｅｗａｒｄ\u200b Model") == "rewardmodel"
    assert normalise(normalise("Next-Token Prediction")) == normalise("Next-Token Prediction")


def test_suggestions(glossary: model.Glossary) -> None:
    assert glossary.suggest("RHLF") == "RLHF"
    assert glossary.suggest("Qlora2") == "QLoRA"
    assert glossary.suggest("flux capacitor") is None
    assert glossary.suggest("") is None


def test_first_sentence() -> None:
    assert model.first_sentence("One thing. Two things.") == "One thing."
    assert model.first_sentence("Uses e.g. Sphinx. Then more.") == "Uses e.g. Sphinx."
    assert model.first_sentence("Uses two copies (vs. four). Done.") == "Uses two copies (vs. four)."
    assert model.first_sentence("No full stop") == "No full stop"


def test_ambiguous_alias_is_reported_not_picked() -> None:
    pack = parse_pack(
        """
[[terms]]
name = "Alpha"
aliases = ["AB"]
category = "C"
definition = "First."
""", "one.toml")
    other = parse_pack(
        """
[[terms]]
name = "Beta"
aliases = ["AB"]
category = "C"
definition = "Second."
""", "two.toml")
    glossary, _conflicts = model.Glossary().merged(pack.terms)
    glossary, _conflicts = glossary.merged(other.terms)
    result = glossary.lookup("ab")
    assert result.ambiguous
    assert [t.name for t in result.terms] == ["Alpha", "Beta"]
    assert result.term is None


def test_mentions_longest_match_and_case_rules(glossary: model.Glossary) -> None:
    text = "QLoRA builds on LoRA; rlhf is prose but RLHF uses reward models and fine-tuning."
    found = [(text[m.start:m.end], m.term.id) for m in glossary.mentions(text)]
    assert found == [("QLoRA", "qlora"), ("LoRA", "lora"), ("RLHF", "rlhf"),
                     ("reward models", "reward-model"), ("fine-tuning", "fine-tuning")]


def test_related_terms_come_from_data_and_definition(glossary: model.Glossary) -> None:
    qlora = glossary.terms["qlora"]
    related = [t.id for t in glossary.related(qlora)]
    assert related[:2] == ["lora", "quantization"]
    assert "fine-tuning" in related
    assert "qlora" not in related


def test_bad_file_lists_every_problem() -> None:
    text = """
format = 1
[[terms]]
name = "Good"
category = "C"
definition = "Fine."

[[terms]]
name = "Broken"
category = 3
colour = "blue"
aliases = ["good"]
[[terms.references]]
title = "T"
year = 20
url = "javascript:alert(1)"

[[terms]]
category = "C"
"""
    with pytest.raises(GlossaryError) as info:
        parse_pack(text, "terms.toml")
    assert [str(p) for p in info.value.problems] == [
        "terms.toml: term 'Broken', field 'category': must be a string, not an integer",
        "terms.toml: term 'Broken', field 'colour': unknown field (expected one of: abbreviation, aliases, "
        "autolink, category, definition, expand, expansion, id, inflect, name, override, references, related, "
        "unreferenced)",
        "terms.toml: term 'Broken', field 'definition': is required",
        "terms.toml: term 'Broken', field 'references[0].year': 20 is not a year",
        "terms.toml: term 'Broken', field 'references[0].url': 'javascript:alert(1)' is not an http(s) link",
        "terms.toml: term 'Broken', field 'aliases': 'good' is already a name of term 'Good'",
        "terms.toml: term #3, field 'name': is required",
        "terms.toml: term #3, field 'definition': is required",
    ]


def test_not_toml_names_line_and_column() -> None:
    with pytest.raises(GlossaryError) as info:
        parse_pack('[[terms]]\nname = "x\n', "bad.toml")
    (problem,) = info.value.problems
    assert re.fullmatch(r"bad\.toml: not valid TOML: .*\(at line 2, column \d+\)", str(problem))


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError) as info:
        model.load_file(tmp_path / "nope.toml", "nope.toml")
    assert str(info.value) == f"nope.toml: file not found (looked for {tmp_path / 'nope.toml'})"


def test_unknown_pack() -> None:
    with pytest.raises(GlossaryError) as info:
        load_glossary(["nope"])
    assert str(info.value) == "pack 'nope': no such shipped pack (available: training)"


SCHEMA_TYPES = {str: "string", int: "integer", bool: "boolean", list: "array", dict: "object"}


@pytest.mark.parametrize(("table", "path"), [
    (TERM_FIELDS, ("$defs", "term")), (REFERENCE_FIELDS, ("$defs", "reference")),
    (PACK_FIELDS, ("properties", "pack")), (TOP_FIELDS, ()),
])
def test_the_published_schema_has_the_fields_of_the_format(table: tuple[Field, ...], path: tuple[str, ...]) -> None:
    """The field tables are the format; the published JSON Schema must say the same."""
    node: dict[str, Any] = model.schema()
    for key in path:
        node = node[key]
    properties = node["properties"]
    assert sorted(properties) == sorted(field.name for field in table)
    for field in table:
        declared = properties[field.name]
        kind = declared.get("type") or type(declared["const"]).__name__.replace("int", "integer")
        assert kind == SCHEMA_TYPES[field.kind], field.name
        if isinstance(field.default, bool):
            assert properties[field.name].get("default", False) == field.default, field.name
    if path:  # the top level requires "terms" for a whole file: see parse_pack
        assert sorted(node.get("required", [])) == sorted(field.name for field in table if field.required)
