"""Tests of the ``aigloss`` command-line tool, run for real in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_aigloss.cli import toml_value
from sphinx_aigloss.model import load_glossary, parse_pack

if TYPE_CHECKING:
    from collections.abc import Callable

    Aigloss = Callable[..., subprocess.CompletedProcess[str]]

ROOT = Path(__file__).resolve().parents[1]

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


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    env["COLUMNS"] = "100"
    return env


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=_env(),
                          timeout=120, check=False)


@pytest.fixture
def aigloss(tmp_path: Path) -> Aigloss:
    """Run ``python -m sphinx_aigloss ARGS`` in a scratch directory."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = _run([sys.executable, "-m", "sphinx_aigloss", *args], tmp_path)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project.toml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Entry points and usage
# --------------------------------------------------------------------------------------


def test_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / ("aigloss.exe" if os.name == "nt" else "aigloss")
    assert script.exists(), "pip install -e . installs the aigloss console script next to this Python"
    result = _run([str(script), "show", "RLHF"], tmp_path)
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
        "autolink, category, definition, expansion, id, name, override, references, related, unreferenced)",
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
                 "short_definition", "references", "related", "unreferenced", "autolink"}
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
name = "Tab\tand \"quoted\" name"
abbreviation = "TQN"
aliases = ["C:\\path\\name", "bell\u0007", "del\u007F", "ünïcödé — “curly”"]
category = "Odd"
definition = "Line one.\nLine two with a\\backslash and 'single' quotes."
autolink = false

[[terms.references]]
authors = ["Doe, J.", "Roe, R."]
et_al = true
title = "A \"title\"\r\nspanning lines"
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
    tricky = next(term for term in pack.terms if term.key == "custom-id")
    assert tricky.aliases[1] == "bell\a"
    assert tricky.references[0].title == 'A "title"\r\nspanning lines'
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


@given(st.text())
def test_toml_strings_round_trip(text: str) -> None:
    assert tomllib.loads(f"value = {toml_value(text)}")["value"] == text


@given(st.lists(st.text()), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.booleans())
def test_toml_values_round_trip(items: list[str], number: int, flag: bool) -> None:
    text = f"a = {toml_value(items)}\nb = {toml_value(number)}\nc = {toml_value(flag)}\n"
    assert tomllib.loads(text) == {"a": items, "b": number, "c": flag}
