"""``aigloss check``: the build's terminology checks without a build. The test root is built
by Sphinx too, and the command must say what the build says; the other tests run the command
in-process on small trees written here, and once through pre-commit's own ``try-repo``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core.scan import scan_file
from tests.helpers import build_findings
from tests.util import ROOTS, Aigloss

ROOT = Path(__file__).resolve().parents[1]

#: What ``aigloss --data terms.toml check .`` prints in the test root, with the subtype of the
#: warning the Sphinx build gives for each (its conf.py turns the terminology reports on).
ROOT_FINDINGS = [
    # HTML blocks as CommonMark ends them: a line that opens with an inline tag and goes on is a
    # paragraph; a <div> interrupts one and a <pre> runs over blank lines (raw HTML, no prose);
    # "<!-->" is a whole comment, and a lone tag after a blank line a block of its own.
    ("html-blocks.md:7: 'Lora' is not a spelling of AI term 'LoRA': write 'LoRA'", "variant"),
    ("html-blocks.md:7: abbreviation 'Lora' is used before it is spelled out on this page"
     ": write Low-Rank Adaptation (LoRA)", "abbreviation"),
    ("html-blocks.md:21: 'Dpo' is not a spelling of AI term 'DPO': write 'DPO'", "variant"),
    ("html-blocks.md:25: 'Ppo' is not a spelling of AI term 'PPO': write 'PPO'", "variant"),
    # "<?>" ends on its own line; "</pre >" (a space before ">") ends no <pre> block.
    ("html-blocks.md:28: 'Sft' is not a spelling of AI term 'Supervised Fine-Tuning': write 'SFT'", "variant"),
    ("index.rst:4: unknown AI term 'RHLF' (did you mean 'RLHF'?)", "unknown_term"),
    ("index.rst:4: unknown AI term 'RLHFF' (did you mean 'RLHF'?)", "unknown_term"),
    ("index.rst:4: unknown AI term 'Widgte Tuning' (did you mean 'Widget Tuning'?)", "unknown_term"),
    ("index.rst:7: ambiguous AI term 'MLM'"
     ": it may mean 'Masked Language Modeling (MLM)', 'Multi-Level Marketing'", "ambiguous_term"),
    ("index.rst:9: abbreviation 'RLHF' is used before it is spelled out on this page"
     ': write Reinforcement Learning from Human Feedback (:aiterm:`RLHF`)', "abbreviation"),
    ("index.rst:13: 'Lora' is not a spelling of AI term 'LoRA': write 'LoRA'", "variant"),
    ("index.rst:13: 'finetuning' is not a spelling of AI term 'Fine-tuning': write 'fine-tuning'", "variant"),
    ("index.rst:13: abbreviation 'Lora' is used before it is spelled out on this page"
     ': write Low-Rank Adaptation (LoRA)', "abbreviation"),
    ("index.rst:20: unknown AI term 'QLORAA' (did you mean 'QLoRA'?)", "unknown_term"),
    ("index.rst:24: abbreviation 'DPO' is used before it is spelled out on this page"
     ': write Direct Preference Optimization (DPO)', "abbreviation"),
    ("index.rst:24: unknown AI term 'DPOO' (did you mean 'DPO'?)", "unknown_term"),
    ("index.rst:29: 'Qlora' is not a spelling of AI term 'QLoRA': write 'QLoRA'", "variant"),
    ("index.rst:29: abbreviation 'Qlora' is used before it is spelled out on this page"
     ': write Quantized LoRA (QLoRA)', "abbreviation"),
    ("index.rst:29: unknown AI term 'PEFTT' (did you mean 'PEFT'?)", "unknown_term"),
    ("index.rst:50: unknown AI term 'Quantisation Awre Training'", "unknown_term"),
    # A bold line that automatic linking takes for a sub-heading is prose to the reports.
    ("index.rst:56: 'Rlhf' is not a spelling of AI term 'RLHF': write 'RLHF'", "variant"),
    ("index.rst:56: abbreviation 'PPO' is used before it is spelled out on this page"
     ": write Proximal Policy Optimization (PPO)", "abbreviation"),
    ("index.rst:64: unknown AI term 'RHLF' (did you mean 'RLHF'?)", "unknown_term"),  # in works listed: no more
    ("page.md:3: abbreviation 'PEFT' is used before it is spelled out on this page"
     ': write Parameter-Efficient Fine-Tuning ({aiterm}`PEFT`)', "abbreviation"),
    ("page.md:3: unknown AI term 'RHLF' (did you mean 'RLHF'?)", "unknown_term"),
    ("page.md:3: unknown AI term 'SFTT' (did you mean 'SFT'?)", "unknown_term"),
    ("page.md:4: 'Qlora' is not a spelling of AI term 'QLoRA': write 'QLoRA'", "variant"),
    ("page.md:4: abbreviation 'Qlora' is used before it is spelled out on this page"
     ': write Quantized LoRA (QLoRA)', "abbreviation"),
    ("page.md:7: unknown AI term 'DPOO' (did you mean 'DPO'?)", "unknown_term"),
    ("page.md:20: unknown AI term 'LORRA' (did you mean 'LoRA'?)", "unknown_term"),
    ("page.md:24: unknown AI term 'PEFTT' (did you mean 'PEFT'?)", "unknown_term"),
    ("page.md:28: 'Rlhf' is not a spelling of AI term 'RLHF': write 'RLHF'", "variant"),  # a bold question
    ("page.md:28: abbreviation 'PPO' is used before it is spelled out on this page"
     ": write Proximal Policy Optimization (PPO)", "abbreviation"),
    ("page.md:30: 'Lora' is not a spelling of AI term 'LoRA': write 'LoRA'", "variant"),  # a plain line over code
    ("page.md:30: abbreviation 'Lora' is used before it is spelled out on this page"
     ": write Low-Rank Adaptation (LoRA)", "abbreviation"),
    # The words of inline HTML links and code are not prose; after an anchor closed at once, they are.
    ("page.md:37: 'Sft' is not a spelling of AI term 'Supervised Fine-Tuning': write 'SFT'", "variant"),
    # An inline HTML comment, instruction or CDATA section (page.md:39-40) is no prose either; nor
    # is the rest of a paragraph after a link "self-closed" (browsers keep it open) or unclosed.
    # An <a> without href marks a place, it is no link: what follows it is prose.
    ("page.md:46: 'Dpo' is not a spelling of AI term 'DPO': write 'DPO'", "variant"),
]


def _run(aigloss: Aigloss, *args: str) -> tuple[int, str, str]:
    result = aigloss(*args)
    return result.returncode, result.stdout, result.stderr


def _tree(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.sphinx("html", testroot="check")
def test_check_says_what_the_build_says(app: SphinxTestApp, aigloss: Aigloss,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    app.build()
    built = build_findings(app)
    monkeypatch.chdir(app.srcdir)  # after the build: its _build folder is not checked
    result = aigloss("--data", "terms.toml", "check", ".")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [line for line, _subtype in ROOT_FINDINGS]
    assert sorted(built) == sorted(ROOT_FINDINGS)  # the build's warnings, with their subtypes


TREE = {
    "docs/guide.rst": """\
Guide
=====

A role on a paragraph's second line,
:aiterm:`RHLF`, and one split over
two lines: :aiterm:`Reinforcement Learning
from Human Fedback`.

.. unknown-directive:: argument
   :option: :aiterm:`NOTCHECKED`

   Another extension's prose with :aiterm:`LORRA` and :unknown-role:`text`.

.. plantuml::

   :aiterm:`NOTCHECKED`

+------------------+-------+
| Header           | B     |
+==================+=======+
| :aiterm:`PEFTT`  | cell  |
+------------------+-------+

.. |sub| replace:: :aiterm:`NOTCHECKED`
.. _target: https://example.org/:aiterm:`NOTCHECKED`

.. include:: parts/part.inc
.. include:: parts/missing.inc
.. include:: parts/part.inc
   :literal:
""",
    "docs/parts/part.inc": """\
An included :aiterm:`SFTT` and Rlhf.

.. include:: ../guide.rst
""",
    "docs/notes.md": """\
---
title: "{aiterm}`NOTCHECKED`"
---

:::{unknown-directive}
:option: {aiterm}`NOTCHECKED`
Prose in {aiterm}`DPOO`.
:::

````{plantuml}
{aiterm}`NOTCHECKED`
````

    {aiterm}`NOTCHECKED` in an indented code block

<!-- {aiterm}`NOTCHECKED` -->

> Quoted {aiterm}`SFTT`.

```{eval-rst}
In rST inside MyST, :aiterm:`QLORAA`.
```
""",
    "docs/legacy.txt": "A :aiterm:`RHLF` in a .txt file: checked only when named.\n",
    "docs/_build/html/page.rst": ":aiterm:`NOTCHECKED`\n",
    "docs/.cache/page.rst": ":aiterm:`NOTCHECKED`\n",
}


def test_check_a_tree_with_findings(aigloss: Aigloss, tmp_path: Path) -> None:
    _tree(tmp_path, TREE)
    result = aigloss("check", "docs", "docs/legacy.txt")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "docs/guide.rst:5: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
        "docs/guide.rst:6: unknown AI term 'Reinforcement Learning from Human Fedback' "
        "(did you mean 'Reinforcement Learning from Human Feedback'?)",
        "docs/guide.rst:12: unknown AI term 'LORRA' (did you mean 'LoRA'?)",
        "docs/guide.rst:21: unknown AI term 'PEFTT' (did you mean 'PEFT'?)",
        "docs/legacy.txt:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
        "docs/notes.md:7: unknown AI term 'DPOO' (did you mean 'DPO'?)",
        "docs/notes.md:18: unknown AI term 'SFTT' (did you mean 'SFT'?)",
        "docs/notes.md:21: unknown AI term 'QLORAA' (did you mean 'QLoRA'?)",
        "docs/parts/part.inc:1: 'Rlhf' is not a spelling of AI term 'RLHF': write 'RLHF'",  # included, once
        "docs/parts/part.inc:1: unknown AI term 'SFTT' (did you mean 'SFT'?)",
    ]


def test_check_a_clean_tree(aigloss: Aigloss, tmp_path: Path) -> None:
    _tree(tmp_path, {"index.rst": "Reinforcement Learning from Human Feedback (:aiterm:`RLHF`) and RLHF,\n"
                                  ":aiterm:`fine-tuned <Fine-tuning>` models, LoRA (Low-Rank Adaptation).\n",
                     "page.md": "Low-Rank Adaptation ({aiterm}`LoRA`), then LoRA; ``Lora``.\n\n"
                                "```rst\n:aiterm:`NOPE`\n```\n"})
    assert _run(aigloss, "check", ".") == (0, "", "")


def test_check_project_terms(aigloss: Aigloss, tmp_path: Path) -> None:
    """Terms of ``--data`` files, and terms a page defines (for every page)."""
    shutil.copy(ROOTS / "test-check" / "terms.toml", tmp_path)
    _tree(tmp_path, {"a.rst": "Uses :aiterm:`Widget Tuning` and :aiterm:`Gizmo`.\n",
                     "b.md": "```{aigloss:term} Gizmo Search\n:aliases: Gizmo\nLooking for gizmos.\n```\n",
                     "c.rst": ".. aigloss:term:: Wrapped\n   Name\n   :aliases: wrapped\n             alias, other\n\n"
                              "   Text.\n\n:aiterm:`Wrapped Name`, :aiterm:`wrapped alias`, :aiterm:`other`.\n"})
    assert _run(aigloss, "--data", "terms.toml", "check", ".") == (0, "", "")
    assert _run(aigloss, "check", "a.rst", "--data", "terms.toml") == (1, "a.rst:1: unknown AI term 'Gizmo'\n", "")
    assert _run(aigloss, "check", "c.rst") == (0, "", "")  # a name and an option over two lines
    assert _run(aigloss, "check", "a.rst", "b.md") == (
        1, "a.rst:1: unknown AI term 'Widget Tuning' (did you mean 'Fine-tuning'?)\n", "")


def test_hook_file_names_are_never_options(aigloss: Aigloss, tmp_path: Path) -> None:
    """``--pre-commit`` ends the hook's entry: the hook's args, then file names, each a file name
    even when it starts with "-" or is spelled like an option ("--ignore=x.rst")."""
    shutil.copy(ROOTS / "test-check" / "terms.toml", tmp_path)
    _tree(tmp_path, {"-x.rst": "Uses :aiterm:`RHLF`.\n", "--ignore=x.rst": "Uses :aiterm:`Gizmo`.\n",
                     "a.rst": "Fine tuning with :aiterm:`Widget Tuning`.\n"})
    found = ("--ignore=x.rst:1: unknown AI term 'Gizmo'\n"
             "-x.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n")
    # Options with a value, spelled both ways, a flag; then the files, the odd ones first.
    assert _run(aigloss, "check", "--pre-commit", "--data", "terms.toml", "--ignore=unused", "--no-variants",
                "--ignore=x.rst", "-x.rst", "a.rst") == (1, found, "")
    assert _run(aigloss, "check", "--pre-commit", "-x.rst", "a.rst") == (  # no args; a.rst's variant reported
        1, "-x.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n"
           "a.rst:1: 'Fine tuning' is not a spelling of AI term 'Fine-tuning': write 'Fine-tuning'\n"
           "a.rst:1: unknown AI term 'Widget Tuning' (did you mean 'Fine-tuning'?)\n", "")
    # Args ended by "--" (the usual way to end options) work as well; an unknown option is a file.
    assert _run(aigloss, "check", "--pre-commit", "--data=terms.toml", "--", "-x.rst") == (
        1, "-x.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n", "")
    # A name no option's could be a prefix of ("--=x.rst" would match them all, argparse's
    # abbreviations on), after the hook's option or after "--", global options first or not.
    (tmp_path / "--=x.rst").write_text("Uses :aiterm:`SFTT`.\n", encoding="utf-8")
    both = ("--=x.rst:1: unknown AI term 'SFTT' (did you mean 'SFT'?)\n"
            "-x.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n")
    assert _run(aigloss, "--data", "terms.toml", "check", "--pre-commit", "--=x.rst", "-x.rst") == (1, both, "")
    assert _run(aigloss, "check", "--", "--=x.rst", "-x.rst") == (1, both, "")
    assert _run(aigloss, "check", "--pre-commit", "--no-variant", "a.rst") == (
        2, "", "aigloss check: no such file or folder: --no-variant\n")
    status, out, err = _run(aigloss, "check", "--pre-commit", "--data")
    assert (status, out, err.splitlines()[-1]) == (
        2, "", "aigloss check: error: argument --data: expected one argument")
    # Without the hook's option, "-x.rst" is an option, as argparse has it.
    status, out, err = _run(aigloss, "check", "-x.rst")
    assert (status, err.splitlines()[-1]) == (2, "aigloss check: error: the following arguments are required: PATH")


def test_hook_knows_the_terms_of_pages_it_is_not_given(aigloss: Aigloss, tmp_path: Path) -> None:
    """pre-commit names the files that changed only (and splits a long list over several
    runs): with ``--pre-commit``, the terms every source under the current folder defines are
    known, directly or through an include; a file that cannot be read defines none, and build
    output defines none."""
    _tree(tmp_path, {"docs/glossary.rst": ".. aigloss:term:: Widgetry\n\n   A thing.\n",
                     "docs/index.rst": ".. include:: parts/defs.inc\n",
                     "docs/parts/defs.inc": ".. aigloss:term:: Gizmo Search\n   :aliases: Gizmo\n\n   Searching.\n",
                     "docs/_build/old.rst": ".. aigloss:term:: Stale\n\n   Built.\n",
                     "docs/use.rst": "Uses :aiterm:`Widgetry`, :aiterm:`Gizmo`, :aiterm:`Stale`, :aiterm:`Nope`.\n"})
    (tmp_path / "docs" / "latin1.rst").write_bytes(b".. aigloss:term:: \xe9t\xe9\n\n   Text.\n")
    unknown = ["docs/use.rst:1: unknown AI term 'Stale'", "docs/use.rst:1: unknown AI term 'Nope'"]
    result = aigloss("check", "--pre-commit", "docs/use.rst")
    assert (result.returncode, sorted(result.stdout.splitlines()), result.stderr) == (1, sorted(unknown), "")
    result = aigloss("check", "docs/use.rst")  # without the hook's option: the files named only
    assert (result.returncode, len(result.stdout.splitlines())) == (1, 4)


def test_hook_reads_the_terms_of_tracked_files_only(aigloss: Aigloss, tmp_path: Path) -> None:
    """In a git work tree, the terms the hook knows besides the files named are those of the
    sources git tracks (staged ones too): a scratch page and untracked build output define
    none."""
    _tree(tmp_path, {"docs/glossary.rst": ".. aigloss:term:: Widgetry\n\n   A thing.\n",
                     "docs/new.md": "```{aigloss:term} Gizmo\nStaged, not committed.\n```\n",
                     "docs/scratch.rst": ".. aigloss:term:: Scratchy\n\n   Not added.\n",
                     "docs/out/page.rst": ".. aigloss:term:: Built\n\n   Build output.\n",
                     "docs/use.rst": "See :aiterm:`Widgetry`, :aiterm:`Gizmo`, :aiterm:`Scratchy`, :aiterm:`Built`.\n"})
    git = ["git", "-c", "init.defaultBranch=main", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "docs/glossary.rst", "docs/new.md", "docs/use.rst"], check=True)
    assert _run(aigloss, "check", "--pre-commit", "docs/use.rst") == (
        1, "docs/use.rst:1: unknown AI term 'Built'\ndocs/use.rst:1: unknown AI term 'Scratchy'\n", "")
    shutil.rmtree(tmp_path / ".git")  # outside git: every source under the folder
    assert _run(aigloss, "check", "--pre-commit", "docs/use.rst") == (0, "", "")


def test_hook_tracked_files_in_submodules_and_untracked_folders(aigloss: Aigloss, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A submodule's tracked sources count; the user's pathspec settings change nothing; a
    folder inside a work tree that tracks no source there (a home folder kept in git) is walked."""
    def git(folder: Path, *args: str) -> None:
        subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "user.name=t", "-c", "user.email=t@t",
                        "-c", "protocol.file.allow=always", "-C", str(folder), *args],
                       check=True, capture_output=True)

    _tree(tmp_path, {"upstream/g.rst": ".. aigloss:term:: Subterm\n\n   From a submodule.\n",
                     "repo/docs/glossary.rst": ".. aigloss:term:: Widgetry\n\n   A thing.\n",
                     "repo/docs/use.rst": "See :aiterm:`Widgetry` and :aiterm:`Subterm`.\n"})
    git(tmp_path / "upstream", "init", "-q")
    git(tmp_path / "upstream", "add", "g.rst")
    git(tmp_path / "upstream", "commit", "-qm", "g")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "submodule", "add", "-q", str(tmp_path / "upstream"), "docs/sub")
    git(tmp_path / "repo", "add", "docs")
    monkeypatch.chdir(tmp_path / "repo")
    for setting in ("GIT_GLOB_PATHSPECS", "GIT_LITERAL_PATHSPECS", None):
        if setting:
            monkeypatch.setenv(setting, "1")
        assert _run(aigloss, "check", "--pre-commit", "docs/use.rst") == (0, "", ""), setting
        if setting:
            monkeypatch.delenv(setting)
    _tree(tmp_path, {"home/notes/use.rst": "See :aiterm:`Gadgetry`.\n",
                     "home/notes/terms.rst": ".. aigloss:term:: Gadgetry\n\n   A gadget.\n",
                     "home/.profile": "x\n"})
    git(tmp_path / "home", "init", "-q")
    git(tmp_path / "home", "add", ".profile")
    monkeypatch.chdir(tmp_path / "home" / "notes")
    assert _run(aigloss, "check", "--pre-commit", "use.rst") == (0, "", "")


def test_hook_words_argparse_would_misread(aigloss: Aigloss, tmp_path: Path) -> None:
    """File names like abbreviated options ("--p=x.rst": --packs or --pre-commit?), an option's
    value like an option ("--data -t.toml") and paths named before ``--pre-commit`` all reach
    the check as they are."""
    shutil.copy(ROOTS / "test-check" / "terms.toml", tmp_path / "-t.toml")
    _tree(tmp_path, {"a.rst": "Uses :aiterm:`Widget Tuning` and :aiterm:`RHLF`.\n",
                     "--p=x.rst": "Uses :aiterm:`SFTT`.\n", "--no=x.rst": "Uses :aiterm:`DPOO`.\n"})
    assert _run(aigloss, "check", "a.rst", "--pre-commit", "--data", "-t.toml", "--p=x.rst", "--no=x.rst") == (
        1, "--no=x.rst:1: unknown AI term 'DPOO' (did you mean 'DPO'?)\n"
           "--p=x.rst:1: unknown AI term 'SFTT' (did you mean 'SFT'?)\n"
           "a.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n", "")


def test_hook_option_values_named_like_folders(aigloss: Aigloss, tmp_path: Path) -> None:
    """A value that names a folder ("--ignore data" beside a data/ folder) is a value:
    pre-commit passes files only. Terms a .markdown page defines are known too."""
    _tree(tmp_path, {"data/notes.txt": "x\n", "terms.markdown": "```{aigloss:term} Widgetry\nA thing.\n```\n",
                     "a.rst": "Uses :aiterm:`Widgetry` on data.\n"})
    assert _run(aigloss, "check", "--pre-commit", "--ignore", "data", "a.rst") == (0, "", "")


def test_hook_args_that_end_without_a_value(aigloss: Aigloss, tmp_path: Path) -> None:
    """Args that end with an option whose value was left out would take the first file name as
    the value and leave that file unchecked: a usage error instead (a file is a value of
    --data only)."""
    _tree(tmp_path, {"a.rst": "Uses :aiterm:`RHLF`.\n", "b.rst": "Uses :aiterm:`RHLF`.\n"})
    status, out, err = _run(aigloss, "check", "--pre-commit", "--ignore", "a.rst", "b.rst")
    assert (status, out, err.splitlines()[-1]) == (2, "", "aigloss check: error: argument --ignore: expected PHRASE, "
                                                          "got the file name 'a.rst' (is the value missing from the "
                                                          "hook's args?)")


@pytest.mark.parametrize(("args", "message"), [
    (["check", "missing"], "aigloss check: no such file or folder: missing\n"),
    (["check", "dangling.rst"], "aigloss check: dangling.rst: cannot read: No such file or directory\n"),
    (["check", "loop.rst"], "aigloss check: loop.rst: cannot read: Too many levels of symbolic links\n"),
    (["check", "latin1.rst"], "aigloss check: latin1.rst: not UTF-8 (byte 2)\n"),
    (["--data", "none.toml", "check", "."], "none.toml: file not found (looked for none.toml)\n"),
    (["--data=", "check", "."], "'': an empty file name\n"),
])
def test_check_cannot_read(aigloss: Aigloss, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "latin1.rst").write_bytes(b"A \xe9t\xe9.\n")
    (tmp_path / "dangling.rst").symlink_to("gone.rst")
    (tmp_path / "loop.rst").symlink_to("looped.rst")
    (tmp_path / "looped.rst").symlink_to("loop.rst")
    assert _run(aigloss, *args) == (2, "", message)


@pytest.mark.parametrize(("syntax", "source", "prose"), [
    ("rst", "Title\n=====\n\nText::\n\n   code\n\nMore ``lit`` and `ref <https://x.org>`_.\n",
     ["Title", "Text:", "More  and ."]),
    ("rst", ".. note:: First\n   line.\n\n   Body *and* **bold**.\n", ["First\nline.", "Body and bold."]),
    ("rst", "Term\n   Its definition.\n\n| A line\n| block\n", ["Term", "Its definition.", "A line\nblock"]),
    ("myst", "# Title\n\nText with `code`, $x$ and [a link](https://x.org).\n\n$$\nE\n$$\n",
     ["Title", "Text with ,  and ."]),
    ("myst", "Setext\n------\n\n1. one\n2. two\n   more\n", ["Setext", "one", "two\nmore"]),
])
def test_scanner_prose(syntax: str, source: str, prose: list[str]) -> None:
    assert [piece.text for piece in scan_file(source, syntax).pieces] == prose


@pytest.mark.parametrize(("syntax", "source", "prose"), [
    ("rst", '.. csv-table:: Title\n   :header-rows: 1\n\n   "Head", b\n   "Cell, one", two\n', ["Cell, one", "two"]),
    ("rst", ".. list-table::\n   :header-rows: 1\n\n   * - H1\n     - H2\n   * - c1\n     - c2\n", ["c1", "c2"]),
    ("rst", "Intro.\n\nReferences\n==========\n\nA work.\n\nNext\n====\n\nProse.\n", ["Intro.", "Prose."]),
    ("rst", ".. rst-class:: aigloss-no-autolink\n\n   Left alone.\n\n.. glossary::\n\n   Term\n      Its text.\n\n"
     "Prose.\n", ["Prose."]),
    ("rst", "Para.\n\n   Quote.\n\n.. note::\n\n   Note.\n\n      Indented in a note.\n",
     ["Para.", "Note.", "Indented in a note."]),
    ("rst", ".. aigloss:term:: Gizmo\n\n   A definition is the glossary's.\n\n"
     ".. rubric:: Bibliography\n\nA work.\n", []),
    ("myst", "> [!NOTE]\n> An alert.\n\n> A quote.\n\n[^1]: A footnote.\n\n"
     "```{list-table}\n:header-rows: 1\n* - H\n* - c\n```\n", ["An alert.", "c"]),
    ("myst", "LoRA\n: Low-Rank Adaptation.\n\nPEFT\n\n: Parameter-efficient.\n",  # terms are no prose
     ["Low-Rank Adaptation.", "Parameter-efficient."]),
])
def test_scanner_reads_as_prose(syntax: str, source: str, prose: list[str]) -> None:
    """What the Sphinx reports leave out (headers, quotations, lists of works, glossaries)."""
    assert [piece.text for piece in scan_file(source, syntax).pieces if piece.prose] == prose


@pytest.mark.parametrize("source", [
    "".join(">" * depth + " quoted\n" for depth in range(1, 500)),  # deeper than Python's stack allows
    "".join("  " * depth + "- item\n\n" for depth in range(500)),
    "[a " * 100_000 + "{aiterm}`x " * 20_000,  # unclosed: a quadratic pattern would take minutes
])
@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_scanner_hostile_input(source: str, syntax: str) -> None:
    """Read without an error (no recursion limit reached); ``benchmarks/check_speed.py`` times
    hostile text."""
    assert scan_file(source, syntax).pieces


def test_check_options(aigloss: Aigloss, tmp_path: Path) -> None:
    """What conf.py says to the build, said on the command line: phrases that are no prose
    (aigloss_autolink_ignore), reports turned off."""
    _tree(tmp_path, {"a.md": "The PEFT\nlibrary ships adapters.\n", "b.rst": "Fine tuning.\n"})
    assert _run(aigloss, "check", ".") == (1, "a.md:1: abbreviation 'PEFT' is used before it is spelled out on "
                                              "this page: write Parameter-Efficient Fine-Tuning (PEFT)\n"
                                              "b.rst:1: 'Fine tuning' is not a spelling of AI term 'Fine-tuning': "
                                              "write 'Fine-tuning'\n", "")
    assert _run(aigloss, "check", "--ignore", "peft library", "--no-variants", ".") == (0, "", "")
    assert _run(aigloss, "check", "--no-abbreviations", "a.md") == (0, "", "")


@pytest.mark.own_environment
def test_pre_commit_hook(tmp_path: Path) -> None:
    """The shipped hook, through pre-commit's own ``try-repo`` (it installs this checkout in a
    hook environment): a project with a finding fails, a clean one passes."""
    project = tmp_path / "project"
    _tree(project, {"docs/index.rst": "Uses :aiterm:`RHLF`.\n",
                    "docs/page.md": "Uses {aiterm}`LoRA`, Low-Rank Adaptation.\n",
                    "-x.rst": "Uses :aiterm:`SFTT`.\n",  # at the root: pre-commit passes "-x.rst"
                    "notes.txt": ":aiterm:`NOTCHECKED`: not a source type of the hook\n"})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(project)], check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    # The hook's environment gets this checkout without its dependencies (Sphinx and the rest:
    # the command needs none of them), which takes seconds instead of a minute.
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_NO_DEPS": "1"}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "aigloss-check",
                               "--all-files"], cwd=project, env=env, capture_output=True, text=True, timeout=600,
                              check=False)

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert ("-x.rst:1: unknown AI term 'SFTT' (did you mean 'SFT'?)\n"
            "docs/index.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n"
            "docs/page.md:1: abbreviation 'LoRA' is used before it is spelled out on this page: "
            "write Low-Rank Adaptation ({aiterm}`LoRA`)\n") in failed.stdout
    assert "NOTCHECKED" not in failed.stdout
    _tree(project, {"-x.rst": "Uses Supervised Fine-Tuning (:aiterm:`SFT`).\n",
                    "docs/index.rst": "Uses Reinforcement Learning from Human Feedback (:aiterm:`RLHF`).\n",
                    "docs/page.md": "Uses Low-Rank Adaptation ({aiterm}`LoRA`).\n"})
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
