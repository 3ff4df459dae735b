"""Tests of the ``aigloss`` command-line tool: in-process through ``main(argv)``, and in real
processes where the behaviour is the process's (encodings, a full or closed output, pipes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import unicodedata
from dataclasses import replace
from pathlib import Path
from subprocess import CompletedProcess
from typing import IO, TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import load_glossary, parse_pack
from sphinx_aigloss.core.export import toml_value
from sphinx_aigloss.terminal import visible
from tests.util import Aigloss, Result

if TYPE_CHECKING:
    pass

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).resolve().parent / "data" / "cli_hostile.toml"

PROJECT = """\
format = 1

[pack]
id = "project"
categories = ["Project Terms"]

[[terms]]
name = "Widget Tuning"
abbreviation = "WT"
expansion = "Widget Tuning"
category = "Project Terms"
definition = "Adjusting widgets until they behave. It builds on RLHF."
related = ["RLHF"]
unreferenced = true
"""




@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project.toml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


def _env(**changes: str | None) -> dict[str, str]:
    """The environment of a real ``aigloss`` process: this checkout importable, UTF-8 output,
    100 columns; ``changes`` set variables (None removes one)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    env["COLUMNS"] = "100"
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _process(*args: str, stdout: int | IO[bytes] = subprocess.PIPE, **env: str | None) -> CompletedProcess[bytes]:
    """Run ``python -m sphinx_aigloss ARGS`` for real; output as bytes."""
    return subprocess.run([sys.executable, "-m", "sphinx_aigloss", *args], stdout=stdout, stderr=subprocess.PIPE,
                          env=_env(**env), timeout=120, check=False)


def hidden(text: str) -> list[str]:
    """The characters of ``text`` a terminal may act on or not show: controls, format
    characters (bidi, zero-width, tags), line/paragraph separators, lone surrogates;
    newlines and tabs aside (the output's own layout), and the joiners that scripts need."""
    return [char for char in text
            if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"} and char not in "\n\t\u200c\u200d"]


# --------------------------------------------------------------------------------------
# Entry points and usage
# --------------------------------------------------------------------------------------


def test_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / ("aigloss.exe" if os.name == "nt" else "aigloss")
    assert script.exists(), "pip install -e . installs the aigloss console script next to this Python"
    result = subprocess.run([str(script), "show", "RLHF"], capture_output=True, text=True, encoding="utf-8",
                            cwd=tmp_path, env=_env(), timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("RLHF\n")


def test_help(aigloss: Aigloss) -> None:
    result = aigloss("--help")
    assert result.returncode == 0
    for command in ("list", "show", "search", "validate", "unreferenced", "export"):
        assert command in result.stdout
    assert "exit status" in result.stdout


@pytest.mark.parametrize("args", [
    [],
    ["frobnicate"],
    ["show"],
    ["export", "--format", "xml"],
    ["--packs", "nope", "list"],
    ["list", "--packs", "nope"],
    ["search", " "],
    ["search", "-", "."],  # nothing but separators would match every term
])
def test_bad_usage_exits_2(aigloss: Aigloss, args: list[str]) -> None:
    result = aigloss(*args)
    assert result.returncode == 2
    assert result.stderr
    assert not result.stdout


def test_unknown_pack_names_the_available_ones(aigloss: Aigloss) -> None:
    result = aigloss("list", "--packs", "training,nope")
    assert result.returncode == 2
    assert "unknown pack 'nope' (available: training" in result.stderr


# --------------------------------------------------------------------------------------
# show
# --------------------------------------------------------------------------------------


def test_show_term(aigloss: Aigloss) -> None:
    result = aigloss("show", "RLHF")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "RLHF"
    assert "Other form: Reinforcement Learning from Human Feedback" in lines
    assert "Category:   Fine-Tuning Methods" in lines
    assert "References: unreferenced (noted for tracking)" in lines
    assert "Related:    Reward Model, PPO, DPO, RLAIF" in lines
    assert "Three-step alignment technique" in result.stdout
    assert "subjective qualities like helpfulness and safety." in " ".join(lines)


def test_show_references(aigloss: Aigloss) -> None:
    result = aigloss("show", "next token prediction")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Next-Token Prediction\n")
    citation = "  - Radford, A. et al., \u201cLanguage Models are Unsupervised Multitask"
    assert f"References:\n{citation}" in result.stdout
    assert "    https://cdn.openai.com/better-language-models/" in result.stdout
    assert "unreferenced" not in result.stdout


@pytest.mark.parametrize(("name", "expected"), [
    ("reward models", "Reward Model"),
    ("pretraining", "Pre-training"),
    ("PRE TRAINING", "Pre-training"),
    ("Reinforcement Learning from Human Feedback", "RLHF"),
    ("rlhf", "RLHF"),
    ("Low-Rank Adaptation", "LoRA"),
    ("SFT", "Supervised Fine-Tuning"),
])
def test_show_resolves_name_forms(aigloss: Aigloss,
                                  name: str, expected: str) -> None:
    result = aigloss("show", name)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == expected


def test_show_unquoted_words_are_one_name(aigloss: Aigloss) -> None:
    result = aigloss("show", "Reinforcement", "Learning", "from", "Human", "Feedback")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "RLHF"


def test_show_miss_suggests(aigloss: Aigloss) -> None:
    result = aigloss("show", "RHLF")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "unknown AI term 'RHLF' (did you mean 'RLHF'?)\n"


def test_show_miss_without_suggestion(aigloss: Aigloss) -> None:
    result = aigloss("show", "xylophone")
    assert result.returncode == 1
    assert result.stderr == "unknown AI term 'xylophone'\n"


def test_show_ambiguous(aigloss: Aigloss, tmp_path: Path) -> None:
    (tmp_path / "clash.toml").write_text(
        '[[terms]]\nname = "Multi-Level Marketing"\naliases = ["MLM"]\ncategory = "Project"\n'
        'definition = "Selling through a pyramid of sellers."\n', encoding="utf-8")
    result = aigloss("--data", "clash.toml", "show", "mlm")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "'mlm' is ambiguous; it may mean:",
        "  - Masked Language Modeling (MLM) (Pre-Training Concepts, id 'masked-language-modeling')",
        "  - Multi-Level Marketing (Project, id 'multi-level-marketing')",
    ]


def test_show_json(aigloss: Aigloss) -> None:
    result = aigloss("show", "--json", "RLHF")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["id"] == "rlhf"
    assert data["expansion"] == "Reinforcement Learning from Human Feedback"
    assert data["unreferenced"] is True
    assert data["references"] == []
    assert {"id": "reward-model", "name": "Reward Model"} in data["see_also"]


# --------------------------------------------------------------------------------------
# list, search, unreferenced
# --------------------------------------------------------------------------------------


def test_list(aigloss: Aigloss) -> None:
    result = aigloss("list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Pre-Training Concepts"
    for heading in ("Fine-Tuning Methods", "Efficient Training", "Data Concepts"):
        assert heading in lines
    compute = "  Compute Budget — Total computational resources for training, measured in FLOPs or GPU-hours."
    assert compute in lines
    assert all(len(line) <= 99 for line in lines)  # COLUMNS=100, minus one
    rlhf = next(line for line in lines if line.startswith("  RLHF "))
    assert rlhf.startswith("  RLHF (Reinforcement Learning from Human Feedback) — Three-step")
    assert rlhf.endswith("…")
    assert sum(line.startswith("  ") for line in lines) == 30


def test_list_category(aigloss: Aigloss) -> None:
    result = aigloss("list", "--category", "data concepts")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Data Concepts"
    assert "Fine-Tuning Methods" not in lines
    assert any(line.startswith("  Synthetic Data — ") for line in lines)


def test_list_unknown_category(aigloss: Aigloss) -> None:
    result = aigloss("list", "--category", "Cooking")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("unknown category 'Cooking' (categories: Pre-Training Concepts, ")


def test_list_json(aigloss: Aigloss) -> None:
    result = aigloss("list", "--json", "--category", "Efficient Training")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [group["name"] for group in data["categories"]] == ["Efficient Training"]
    names = [term["name"] for term in data["categories"][0]["terms"]]
    assert "LoRA" in names
    assert names == sorted(names, key=str.casefold)


def test_search(aigloss: Aigloss) -> None:
    result = aigloss("search", "HUMAN FEEDBACK")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("  RLHF (Reinforcement Learning from Human Feedback) — ")  # name match first


def test_search_definitions(aigloss: Aigloss) -> None:
    result = aigloss("search", "--json", "bert")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["query"] == "bert"
    assert [term["id"] for term in data["terms"]] == ["masked-language-modeling"]


def _found(result: Result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [term["id"] for term in json.loads(result.stdout)["terms"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("finetuning", "fine-tuning"),
    ("FINE TUNING", "fine-tuning"),
    ("fine_tuning", "fine-tuning"),
    ("low rank", "lora"),
    ("low-rank adaptation", "lora"),
    ("reward models", "reward-model"),
    ("Pre–training", "pre-training"),  # an en dash
])
def test_search_folds_names_like_lookups(aigloss: Aigloss, text: str, expected: str) -> None:
    assert _found(aigloss("search", "--json", text))[0] == expected


def test_search_ranks_the_named_term_first(aigloss: Aigloss, tmp_path: Path) -> None:
    (tmp_path / "tuning.toml").write_text(
        '[[terms]]\nname = "Tuning"\ncategory = "Project"\ndefinition = "Turning knobs."\n', encoding="utf-8")
    found = _found(aigloss("--data", "tuning.toml", "search", "--json", "tuning"))
    # the term the text names (listed last in the glossary), then names that contain it, then definitions
    assert found[:3] == ["tuning", "fine-tuning", "supervised-fine-tuning"]
    assert found[-1] == "synthetic-data"  # its definition says "fine-tuning"
    lines = aigloss("--data", "tuning.toml", "search", "tuning").stdout.splitlines()
    assert lines[0] == "  Tuning — Turning knobs."


def test_search_definition_words_in_any_order(aigloss: Aigloss) -> None:
    for text in ("labels annotation", "annotation LABELS", "self supervised annotation"):
        assert "self-supervised-learning" in _found(aigloss("search", "--json", text)), text
    assert aigloss("search", "labels", "xylophone").returncode == 1  # every word must occur


def test_search_nothing(aigloss: Aigloss) -> None:
    result = aigloss("search", "xylophone")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "no AI term matches 'xylophone'\n"


def test_unreferenced(aigloss: Aigloss) -> None:
    glossary, _ = load_glossary()
    expected = sorted(term.name for term in glossary if term.unreferenced)
    result = aigloss("unreferenced")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    listed = sorted(line[2:].split(" — ")[0].split(" (")[0] for line in lines if line.startswith("  "))
    assert listed == expected
    assert "Next-Token Prediction" not in result.stdout
    assert lines[-1] == f"{len(expected)} of {len(glossary)} terms have no references (noted for tracking)."


def test_unreferenced_json(aigloss: Aigloss) -> None:
    result = aigloss("unreferenced", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    terms = [term for group in data["categories"] for term in group["terms"]]
    assert terms
    assert all(term["unreferenced"] and not term["references"] for term in terms)


# --------------------------------------------------------------------------------------
# --data
# --------------------------------------------------------------------------------------


def test_data_adds_project_terms(aigloss: Aigloss, project: Path) -> None:
    shown = aigloss("--data", "project.toml", "show", "wt")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[:4] == [
        "Widget Tuning", "Other form: WT", "Category:   Project Terms", ""]
    assert "Related:    RLHF" in shown.stdout
    listed = aigloss("list", "--data", str(project))  # global options work after the command too
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[-2:] == ["Project Terms", "  Widget Tuning (WT) — Adjusting widgets until they behave."]
    assert "Pre-Training Concepts" in lines


def test_data_only_with_no_packs(aigloss: Aigloss, project: Path) -> None:
    (project.parent / "alone.toml").write_text(PROJECT.replace('related = ["RLHF"]\n', ""), encoding="utf-8")
    result = aigloss("--packs", "", "--data", "alone.toml", "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Project Terms", "  Widget Tuning (WT) — Adjusting widgets until they behave."]


def test_data_before_and_after_command_combine(aigloss: Aigloss,
                                               project: Path) -> None:
    (project.parent / "more.toml").write_text(
        '[[terms]]\nname = "Gizmo"\ncategory = "Project Terms"\ndefinition = "A gizmo."\n', encoding="utf-8")
    result = aigloss("--data", "project.toml", "list", "--data", "more.toml", "--category", "project terms")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Project Terms", "  Gizmo — A gizmo.", "  Widget Tuning (WT) — Adjusting widgets until they behave.",
    ]


def test_data_invalid_file(aigloss: Aigloss, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[[terms]]\nname = "Gizmo"\ncategory = "X"\n', encoding="utf-8")
    result = aigloss("--data", "bad.toml", "show", "RLHF")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "bad.toml: term 'Gizmo', field 'definition': is required\n"


def test_data_missing_file(aigloss: Aigloss) -> None:
    result = aigloss("--data", "missing.toml", "list")
    assert result.returncode == 1
    assert result.stderr == "missing.toml: file not found (looked for missing.toml)\n"


def test_data_conflict_is_a_warning(aigloss: Aigloss,
                                    tmp_path: Path) -> None:
    (tmp_path / "redefine.toml").write_text(
        '[[terms]]\nname = "RLHF"\ncategory = "Mine"\ndefinition = "Something else."\n', encoding="utf-8")
    result = aigloss("--data", "redefine.toml", "show", "RLHF")
    assert result.returncode == 0
    assert "Three-step alignment technique" in result.stdout  # the original is kept
    assert result.stderr.startswith("warning: AI term 'RLHF' in redefine.toml redefines the one in ")


# --------------------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------------------


def test_validate_good_files(aigloss: Aigloss, project: Path) -> None:
    shipped = ROOT / "sphinx_aigloss" / "data" / "training.toml"
    result = aigloss("validate", "project.toml", str(shipped))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["project.toml: ok (1 term)", f"{shipped}: ok (30 terms)"]


def test_validate_not_toml(aigloss: Aigloss, tmp_path: Path) -> None:
    (tmp_path / "syntax.toml").write_text('format = 1\n[[terms]\nname = "x"\n', encoding="utf-8")
    result = aigloss("validate", "syntax.toml")
    assert result.returncode == 1
    assert result.stdout == (
        "syntax.toml: not valid TOML: "
        "Expected ']]' at the end of an array declaration (at line 2, column 8)\n")


BROKEN = """\
format = 1

[pack]
id = "broken"
categories = ["Testing"]

[[terms]]
name = "Widget"
category = "Testing"
colour = "blue"

[[terms]]
name = "Gadget"
category = "Testing"
definition = "A gadget."
aliases = "gizmo"

[[terms]]
name = "Doohickey"
category = "Testing"
definition = "A doohickey."

[[terms.references]]
title = "On Doohickeys"
year = 20234
url = "ftp://example.com/doohickeys.pdf"

[[terms]]
name = "Sprocket"
category = "Testing"
definition = "A toothed wheel."
aliases = ["Cog"]

[[terms]]
name = "Thingamajig"
category = "Nowhere"
definition = "Something whose name is forgotten."

[[terms]]
name = "Gear"
category = "Testing"
definition = "Another toothed wheel."
aliases = ["cog"]
"""


def test_validate_broken_file(aigloss: Aigloss, tmp_path: Path,
                              project: Path) -> None:
    (tmp_path / "broken.toml").write_text(BROKEN, encoding="utf-8")
    result = aigloss("validate", "broken.toml", "project.toml", "missing.toml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "broken.toml: term 'Widget', field 'colour': unknown field (expected one of: abbreviation, aliases, "
        "autolink, category, definition, expand, expansion, id, inflect, name, override, references, related, "
        "unreferenced)",
        "broken.toml: term 'Widget', field 'definition': is required",
        "broken.toml: term 'Gadget', field 'aliases': must be an array, not a string",
        "broken.toml: term 'Doohickey', field 'references[0].year': 20234 is not a year",
        "broken.toml: term 'Doohickey', field 'references[0].url': "
        "'ftp://example.com/doohickeys.pdf' is not an http(s) link",
        "broken.toml: term 'Gear', field 'aliases': 'cog' is already a name of term 'Sprocket'",
        "project.toml: ok (1 term)",  # later files are still checked
        "missing.toml: file not found (looked for missing.toml)",
    ]


def test_validate_unknown_related_term(aigloss: Aigloss,
                                       tmp_path: Path) -> None:
    (tmp_path / "related.toml").write_text(
        '[[terms]]\nname = "Gizmo"\ncategory = "X"\ndefinition = "A gizmo."\nrelated = ["RLHF", "Doodad"]\n',
        encoding="utf-8")
    result = aigloss("validate", "related.toml")
    assert result.returncode == 1
    assert result.stdout == "related.toml: term 'Gizmo', field 'related[1]': 'Doodad' is not a known term\n"


# --------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------


def test_export_json_shape(aigloss: Aigloss) -> None:
    result = aigloss("export", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert result.stdout == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert aigloss("export").stdout == result.stdout  # json is the default
    assert set(data) == {"format", "packs", "terms"}
    assert data["format"] == 1
    shipped = load_glossary()[0].packs[0]
    assert data["packs"] == [{
        "id": "training", "title": "AI Glossary: Training, Fine-Tuning & Data",
        "description": shipped.description, "series": "AI and LLM concepts for product designers",
        "series_part": 1, "note": shipped.note,
        "categories": ["Pre-Training Concepts", "Fine-Tuning Methods", "Efficient Training", "Data Concepts"],
    }]
    assert len(data["terms"]) == 30
    term_keys = {"id", "name", "abbreviation", "expansion", "aliases", "category", "definition",
                 "short_definition", "references", "related", "unreferenced", "autolink", "inflect", "expand",
                 "override"}
    assert all(set(term) == term_keys for term in data["terms"])
    terms = {term["id"]: term for term in data["terms"]}
    assert terms["next-token-prediction"]["references"] == [{
        "authors": ["Radford, A."], "et_al": True,
        "title": "Language Models are Unsupervised Multitask Learners", "label": "GPT-2",
        "venue": "OpenAI", "year": 2019,
        "url": "https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf",
    }]
    assert terms["next-token-prediction"]["unreferenced"] is False
    assert terms["rlhf"]["short_definition"].startswith("Three-step alignment technique")
    assert terms["pre-training"]["related"] == ["Fine-tuning", "Training Corpus", "Self-Supervised Learning"]


def test_export_toml_round_trip(aigloss: Aigloss) -> None:
    result = aigloss("export", "--format", "toml")
    assert result.returncode == 0, result.stderr
    pack = parse_pack(result.stdout, "export.toml")
    glossary, _ = load_glossary()
    assert list(pack.terms) == [replace(term, source="export.toml") for term in glossary]
    original = glossary.packs[0]
    assert pack.info == replace(original, source="export.toml")


TRICKY = r'''
[pack]
id = "tricky"
title = "Quotes \" and back\\slashes"

[[terms]]
id = "custom-id"
name = "Some \"quoted\" name"
abbreviation = "TQN"
aliases = ["C:\\path\\name", "ünïcödé — “curly”"]
category = "Odd"
definition = "Line one.\nLine two with a\\backslash, 'single' quotes, a tab\t, a bidi\u200F and a tag\U000E0041."
autolink = false

[[terms.references]]
authors = ["Doe, J.", "Roe, R."]
et_al = true
title = "A \"title\"\u2060joined"
year = 1999
url = "https://example.org/a?b=c&d=%22"

[[terms]]
name = "Pre-training"
category = "Odd"
definition = "A replacement definition."
override = true
unreferenced = true
'''


def test_export_toml_round_trip_with_project_data(aigloss: Aigloss,
                                                  tmp_path: Path) -> None:
    (tmp_path / "tricky.toml").write_text(TRICKY, encoding="utf-8")
    result = aigloss("--data", "tricky.toml", "export", "--format", "toml")
    assert result.returncode == 0, result.stderr
    pack = parse_pack(result.stdout, "export.toml")
    glossary, _ = load_glossary(None, [(tmp_path / "tricky.toml", "tricky.toml")])
    assert list(pack.terms) == [replace(term, source="export.toml") for term in glossary]
    assert pack.info.id == "aigloss-export"
    assert pack.info.categories == tuple(glossary.categories)
    tricky = next(term for term in pack.terms if term.id == "custom-id")
    assert tricky.definition.endswith("a tab , a bidi\u200f and a tag\U000e0041.")
    assert tricky.references[0].title == 'A "title"\u2060joined'
    assert next(term for term in pack.terms if term.name == "Pre-training").override
    # the exported file is a valid data file for the tool itself
    (tmp_path / "export.toml").write_text(result.stdout, encoding="utf-8")
    checked = aigloss("--packs", "", "validate", "export.toml")
    assert checked.stdout == f"export.toml: ok ({len(glossary)} terms)\n"
    assert checked.returncode == 0


def test_export_toml_empty_glossary(aigloss: Aigloss) -> None:
    result = aigloss("--packs", "", "export", "--format", "toml")
    assert result.returncode == 0
    assert parse_pack(result.stdout, "empty.toml").terms == ()


@settings(deadline=None)  # timing is no property; the machine may be busy
@given(st.text(), st.booleans())
def test_toml_strings_round_trip(text: str, ascii_only: bool) -> None:
    literal = toml_value(text, ascii_only=ascii_only)
    assert tomllib.loads(f"value = {literal}")["value"] == text
    assert hidden(literal) == []
    assert literal.isascii() or not ascii_only


@settings(deadline=None)
@given(st.lists(st.text()), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.booleans())
def test_toml_values_round_trip(items: list[str], number: int, flag: bool) -> None:
    text = f"a = {toml_value(items)}\nb = {toml_value(number)}\nc = {toml_value(flag)}\n"
    assert tomllib.loads(text) == {"a": items, "b": number, "c": flag}


# --------------------------------------------------------------------------------------
# Nothing the data holds reaches a terminal as a control character
# --------------------------------------------------------------------------------------

#: Each command on the hostile data: exit status, and what the output must show, escaped
#: (compared with runs of white space as single spaces: show wraps the text).
HOSTILE_TEXT = [
    (["list"], 0, r"Odd \u200f31m\u200e \u061ct\u2060 Doodad (DD) — A doodad \u200fblinking\u200e."),
    (["list", "--category", "nope"], 1, r"Data Concepts, Odd \u200f31m\u200e \u061ct\u2060)"),
    (["show", "gizmo"], 0, r"Category: Odd \u200f31m\u200e \u061ct\u2060 Clears \u061cthe screen\u2060, turns "
                           r"\u200fright to left\u200e, isolates \u061cthis\u2060, hides \U000e0041\u200b\xad\ufeff."),
    (["show", "doodad"], 0, r"Evil, \u200fE., “On \u061ctitle\u2060 things \u200b” (E\xad), "
                            r"Venue \u061ciso\u2060 2020"),
    (["show", "mlm"], 1, r"- Gizmo (Odd \u200f31m\u200e \u061ct\u2060, id 'gizmo')"),
    (["search", "screen"], 0, r"Gizmo — Clears \u061cthe screen\u2060, turns \u200fright to left\u200e,"),
    (["unreferenced"], 0, r"Odd \u200f31m\u200e \u061ct\u2060 Gizmo — Clears \u061cthe screen"),
]


@pytest.mark.parametrize(("args", "status", "shown"), HOSTILE_TEXT)
def test_hostile_data_is_shown_escaped(aigloss: Aigloss, args: list[str], status: int, shown: str) -> None:
    result = aigloss("--data", str(HOSTILE), *args)
    assert result.returncode == status, result.stderr
    output = result.stdout + result.stderr
    assert hidden(output) == []
    assert shown in " ".join(output.split())
    assert all(len(line) <= 99 for line in result.stdout.splitlines())  # escapes count in the width


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for value in values for text in _strings(value)]


@pytest.mark.parametrize("args", [
    ["list", "--json"], ["show", "--json", "gizmo"], ["search", "--json", "gizmo"], ["unreferenced", "--json"],
    ["export"], ["export", "--format", "json"],
])
def test_hostile_data_in_json_is_escaped_and_exact(aigloss: Aigloss, args: list[str]) -> None:
    result = aigloss("--data", str(HOSTILE), *args)
    assert result.returncode == 0, result.stderr
    assert hidden(result.stdout) == []
    assert "\\u200f" in result.stdout  # a bidi override, which json.dumps(ensure_ascii=False) leaves raw
    glossary, _ = load_glossary(None, [(HOSTILE, "hostile.toml")])
    assert glossary.terms["gizmo"].definition in _strings(json.loads(result.stdout))


def test_hostile_data_in_toml_is_escaped_and_exact(aigloss: Aigloss) -> None:
    result = aigloss("--packs", "", "--data", str(HOSTILE), "export", "--format", "toml")
    assert result.returncode == 0, result.stderr
    assert hidden(result.stdout) == []
    pack = parse_pack(result.stdout, "export.toml")
    glossary, _ = load_glossary([], [(HOSTILE, "hostile.toml")])
    assert list(pack.terms) == [replace(term, source="export.toml") for term in glossary]


@pytest.mark.parametrize("name", [
    "Evil \x1b[2J", "Evil \x9b2J", "Evil \x1b]0;title\x07", "Evil \u200ftxt.exe", "Evil \u061cx\u2060",
    "Evil \x00", "Evil \U000e0041", "Evil \u2028 line", "Evil\rterm",
])
def test_hostile_names_never_reach_the_terminal(aigloss: Aigloss, tmp_path: Path, name: str) -> None:
    """Whether the loader refuses such a name or not, it is never printed raw."""
    escaped = "".join(f"\\U{ord(char):08X}" for char in name)
    (tmp_path / "names.toml").write_text(
        f'[[terms]]\nname = "{escaped}"\naliases = ["{escaped} alias"]\ncategory = "{escaped}"\n'
        f'definition = "Named {escaped}."\n', encoding="utf-8")
    outputs = []
    for args in (["validate", "names.toml"], ["--data", "names.toml", "list", "--category", name],
                 ["--data", "names.toml", "show", name], ["--data", "names.toml", "search", "evil"]):
        result = aigloss(*args)
        assert result.returncode in (0, 1), (args, result.stderr)
        outputs.append(result.stdout + result.stderr)
        assert hidden(outputs[-1]) == [], args
    assert ascii(name)[1:-1] in "".join(outputs)  # shown, escaped: listed, or quoted by the loader's refusal


def test_line_breaks_in_data_do_not_make_lines(aigloss: Aigloss, tmp_path: Path) -> None:
    (tmp_path / "lines.toml").write_text(
        '[pack]\ncategories = ["Two\\u2028lines"]\n\n[[terms]]\nname = "Gizmo"\ncategory = "Two\\u2028lines"\n'
        'definition = """A gizmo\n  spread over\tlines."""\n', encoding="utf-8")
    result = aigloss("--packs", "", "--data", "lines.toml", "list")
    # Prose folds its line breaks into spaces; any other field refuses them, a line separator too.
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "lines.toml: [pack], field 'categories[0]': 'Two\\u2028lines' holds a line or paragraph separator (U+2028)",
        "lines.toml: term 'Gizmo', field 'category': 'Two\\u2028lines' holds a line or paragraph separator (U+2028)"]
    (tmp_path / "lines.toml").write_text(
        '[pack]\ncategories = ["Two"]\n\n[[terms]]\nname = "Gizmo"\ncategory = "Two"\n'
        'definition = """A gizmo\u2028  spread over\tlines."""\n', encoding="utf-8")
    result = aigloss("--packs", "", "--data", "lines.toml", "list")
    assert result.stdout.splitlines() == ["Two", "  Gizmo — A gizmo spread over lines."]


def test_visible() -> None:
    assert visible("a\x1b[2Jb\x9b\u202ec\U000e0041\x00\x7f\r") == r"a\x1b[2Jb\x9b\u202ec\U000e0041\x00\x7f\r"
    assert visible("line\n\ttab ünïcödé — “ok” 中文 emoji 👩\u200d💻 persian \u200c") == (
        "line\n\ttab ünïcödé — “ok” 中文 emoji 👩\u200d💻 persian \u200c")  # layout, letters and joiners stay


@settings(deadline=None)
@given(st.text(st.characters(codec=None)))
def test_visible_hides_nothing(text: str) -> None:
    shown = visible(text)
    assert hidden(shown) == []
    assert visible(shown) == shown
    if not hidden(text):
        assert shown == text


# --------------------------------------------------------------------------------------
# The process: output encodings, a full or closed output, a reader that stops early
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_text_output_in_another_encoding(encoding: str) -> None:
    for args in (["list"], ["show", "RLHF"], ["search", "human feedback"], ["unreferenced"]):
        result = _process(*args, PYTHONIOENCODING=encoding)
        assert result.returncode == 0, result.stderr.decode()
        assert result.stderr == b""
    lines = _process("list", PYTHONIOENCODING=encoding).stdout.decode(encoding).splitlines()
    assert any(line.startswith("  Compute Budget \\u2014 Total computational resources") for line in lines)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("args", [["export", "--format", "toml"], ["export", "--format", "json"],
                                  ["show", "--json", "Self-Supervised Learning"]])
def test_data_output_in_another_encoding_is_ascii(encoding: str, args: list[str]) -> None:
    """TOML and JSON must be UTF-8: on a standard output that is not, they are ASCII (which
    is UTF-8 too), with escapes that read back the same."""
    utf8 = _process(*args)
    other = _process(*args, PYTHONIOENCODING=encoding)
    assert other.returncode == 0, other.stderr.decode()
    assert other.stderr == b""
    assert other.stdout.isascii()
    assert not utf8.stdout.isascii()  # "—" and curly quotes, as they are
    if "toml" in args:
        assert tomllib.loads(other.stdout.decode()) == tomllib.loads(utf8.stdout.decode())
    else:
        assert json.loads(other.stdout) == json.loads(utf8.stdout)


def _unbuffered(flag: bool) -> str | None:
    return "1" if flag else None


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


@needs_dev_full
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])  # fails at the end / at once
@pytest.mark.parametrize("args", [["list"], ["show", "RLHF"], ["search", "data"], ["unreferenced"],
                                  ["export"], ["export", "--format", "toml"], ["list", "--json"],
                                  ["validate", str(ROOT / "sphinx_aigloss" / "data" / "training.toml")]])
def test_full_output(args: list[str], unbuffered: bool) -> None:
    with open("/dev/full", "wb") as full:
        result = _process(*args, stdout=full, PYTHONUNBUFFERED=_unbuffered(unbuffered))
    assert result.stderr == b"aigloss: cannot write the output: No space left on device\n"
    assert result.returncode == 3


@pytest.mark.skipif(os.name != "posix", reason="closes standard output with the shell")
def test_closed_output() -> None:
    result = subprocess.run(["sh", "-c", 'exec "$0" -m sphinx_aigloss list >&-', sys.executable],
                            capture_output=True, env=_env(), timeout=120, check=False)
    assert result.stderr == b"aigloss: cannot write the output: standard output is closed\n"
    assert result.returncode == 3


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(("args", "status"), [
    (["export"], 0), (["export", "--format", "toml"], 0), (["list"], 0), (["--help"], 0),
    (["validate", "missing.toml"], 1),  # the status stays the command's own
])
def test_reader_stops_early(args: list[str], status: int, unbuffered: bool) -> None:
    """``aigloss export | head``: the output ends quietly, no traceback, no "Exception ignored"."""
    with subprocess.Popen([sys.executable, "-m", "sphinx_aigloss", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=_env(PYTHONUNBUFFERED=_unbuffered(unbuffered))) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # before aigloss has started: every write meets a closed pipe
        errors = process.stderr.read()
        returncode = process.wait(timeout=120)
    assert errors == b""
    assert returncode == status


def test_the_cli_runs_with_neither_sphinx_nor_docutils() -> None:
    """The core and the CLI import neither (a blocked import raises ImportError)."""
    code = ("import sys\n"
            "for name in ('sphinx', 'docutils'):\n"
            "    sys.modules[name] = None\n"
            "from sphinx_aigloss.cli import main\n"
            "for argv in (['show', 'fine-tuned'], ['search', 'low rank'], ['packs'], ['export']):\n"
            "    assert main(argv) == 0, argv\n"
            "assert not [m for m in sys.modules if m.startswith(('sphinx.', 'docutils.'))]\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert "Fine-tuning" in result.stdout
