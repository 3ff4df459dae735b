"""Parallel and repeated builds give the same output as one fresh serial build; data edits read
and write exactly the pages they change (incremental builds vs fresh ones: test_incremental.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.util import (
    MakeApp,
    cards,
    copy_example_docs,
    copy_root,
    html_files,
    normalise_html,
    soup,
    sphinx_run,
)

TERMS = ["RLHF", "LoRA", "reward models", "Pretraining", "DPO", "data poisoning", "QLoRA", "PEFT",
         "Mixture of Experts", "MoE"]

DATA = """
[[terms]]
name = "Mixture of Experts"
abbreviation = "MoE"
category = "Project terms"
definition = "{definition}"
related = ["LoRA"]
"""


def write_project(root: Path, pages: int = 10, definition: str = "A model made of many experts. Really.") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        'extensions = ["sphinx_aigloss", "myst_parser"]\nproject = "Modes"\n'
        'aigloss_data_files = ["terms.toml"]\n', encoding="utf-8")
    (root / "terms.toml").write_text(DATA.format(definition=definition), encoding="utf-8")
    names = [f"page{i:02d}" for i in range(pages)]
    (root / "index.rst").write_text(
        "Modes\n=====\n\n.. toctree::\n\n" + "".join(f"   {n}\n" for n in [*names, "glossary", "used"]),
        encoding="utf-8")
    for i, name in enumerate(names):
        refs = ", ".join(f":aiterm:`{TERMS[(i + k) % len(TERMS)]}`" for k in range(3))
        if i % 3 == 0:
            (root / f"{name}.md").write_text(
                f"# Page {i}\n\nSee " + refs.replace(":aiterm:", "{aiterm}") + ".\n", encoding="utf-8")
        else:
            (root / f"{name}.rst").write_text(f"Page {i}\n=======\n\nSee {refs} and :aidef:`SFT`.\n",
                                              encoding="utf-8")
    (root / "glossary.rst").write_text("Glossary\n========\n\n.. aigloss:glossary::\n   :backlinks:\n",
                                       encoding="utf-8")
    (root / "used.rst").write_text("Used\n====\n\n.. aigloss:glossary::\n   :used-only:\n", encoding="utf-8")
    return root


def outputs(srcdir: Path, *, body_only: bool = False) -> dict[str, str]:
    out = {}
    for name, data in html_files(srcdir / "_build" / "html").items():
        if name.startswith("_static/") and "aigloss" not in name:
            continue
        if body_only and name == "searchindex.js":
            continue  # Sphinx keeps words of re-read pages with empty document lists
        text = normalise_html(data)
        if body_only and name.endswith(".html"):
            # Sphinx itself does not rewrite neighbours' prev/next links when a page is removed:
            # compare the page bodies, which is what this extension writes.
            body = BeautifulSoup(text, "html.parser").select_one("div.body")
            text = str(body)
        out[name] = text
    return out


def fresh(make_app: MakeApp, src: Path, dest: Path, *, body_only: bool = False, **kwargs: object) -> dict[str, str]:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    app = sphinx_run(make_app, dest, **kwargs)
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return outputs(dest, body_only=body_only)


def test_parallel_build_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    src = write_project(tmp_path / "src", pages=16)
    serial = fresh(make_app, src, tmp_path / "serial")
    parallel = fresh(make_app, src, tmp_path / "parallel", parallel=2)
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], name


def test_two_fresh_builds_are_byte_identical(make_app: MakeApp, tmp_path: Path) -> None:
    src = write_project(tmp_path / "src")
    for name in ("one", "two"):
        shutil.copytree(src, tmp_path / name)
        sphinx_run(make_app, tmp_path / name)
    one, two = html_files(tmp_path / "one" / "_build" / "html"), html_files(tmp_path / "two" / "_build" / "html")
    assert one.keys() == two.keys()
    assert [n for n in one if one[n] != two[n]] == []


def edit_page(src: Path) -> None:
    (src / "page01.rst").write_text("Page 1\n=======\n\nNow about :aiterm:`Dataset Bias` only.\n", encoding="utf-8")


def add_page(src: Path) -> None:
    (src / "extra.rst").write_text("Extra\n=====\n\nMentions :aiterm:`Pruning`.\n", encoding="utf-8")
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   extra\n", encoding="utf-8")


def remove_page(src: Path) -> None:
    (src / "page02.rst").unlink()
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("   page02\n", ""), encoding="utf-8")


def change_data(src: Path) -> None:
    (src / "terms.toml").write_text(DATA.format(definition="Experts, mixed. Changed."), encoding="utf-8")


def rename_term(src: Path) -> None:
    """The data file renames its term (the old name stays an alias): anchors and links move."""
    data = DATA.format(definition="Experts, mixed. Changed.").replace(
        'name = "Mixture of Experts"', 'name = "Sparse Mixture of Experts"\naliases = ["Mixture of Experts"]')
    (src / "terms.toml").write_text(data, encoding="utf-8")


def remove_glossary(src: Path) -> None:
    (src / "glossary.rst").write_text("Glossary\n========\n\nNo glossary here any more.\n", encoding="utf-8")


def edit_data(src: Path, old: str, new: str) -> None:
    path = src / "terms.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_alias(src: Path) -> None:
    """A new name of one term becomes a link inside another term's card (RLHF's definition
    says "alignment technique"): pages that use RLHF show it."""
    if "\naliases = [" in (src / "terms.toml").read_text(encoding="utf-8"):  # renamed: one alias already
        edit_data(src, "\naliases = [", '\naliases = ["alignment technique", ')
    else:
        edit_data(src, 'related = ["LoRA"]', 'related = ["LoRA"]\naliases = ["alignment technique"]')


def remove_alias(src: Path) -> None:
    edit_data(src, '\naliases = ["alignment technique"]', "")


def add_term(src: Path) -> None:
    """A new term whose name other definitions use ("preference data", in DPO's)."""
    path = src / "terms.toml"
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n[[terms]]\nname = "Preference Data"\ncategory = "Project terms"\n'
        'definition = "Pairs of answers, one preferred."\n'), encoding="utf-8")


def change_category(src: Path) -> None:
    edit_data(src, 'name = "Preference Data"\ncategory = "Project terms"',
              'name = "Preference Data"\ncategory = "Data"')


def drop_term(src: Path, name: str) -> None:
    """Cut the data file before the table of the term ``name`` (the last one)."""
    path = src / "terms.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index(f'\n[[terms]]\nname = "{name}"')] + "\n", encoding="utf-8")


def remove_term(src: Path) -> None:
    drop_term(src, "Preference Data")


DATA_EDITS = [add_alias, remove_alias, add_term, change_category, remove_term]


def written(app: SphinxTestApp) -> set[str]:
    """The pages a build wrote, from its status output."""
    status = strip_colors(app.status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def test_a_data_edit_rewrites_exactly_the_pages_whose_cards_change(make_app: MakeApp, tmp_path: Path) -> None:
    src = write_project(tmp_path / "src")
    remove_glossary(src)
    (src / "used.rst").write_text("Used\n====\n\nNothing.\n", encoding="utf-8")
    sphinx_run(make_app, src)
    (src / "rlhf.rst").write_text("RLHF\n====\n\nOnly :aiterm:`RLHF` here.\n", encoding="utf-8")
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   rlhf\n", encoding="utf-8")
    sphinx_run(make_app, src)
    add_alias(src)
    app = sphinx_run(make_app, src)
    # Pages using MoE are read again (its data changed); pages using RLHF only rewritten
    # (its card now links "alignment technique"); no other page.
    # RLHF's and SFT's definitions say "alignment technique"; Sphinx itself rewrites the
    # index, whose toctree holds pages that were read again.
    names = ("Mixture of Experts", "MoE", "`RLHF`", "`SFT`")
    users = {p.stem for p in [*src.glob("*.rst"), *src.glob("*.md")] if any(name in p.read_text() for name in names)}
    assert written(app) == users | {"index"}
    assert {"glossary", "used"}.isdisjoint(written(app))  # pages without terms are left alone
    definition = cards(soup(src / "_build" / "html" / "rlhf.html"))["rlhf"]["definition"]
    assert ("alignment technique", "aigloss-glossary.html#aiterm-mixture-of-experts") in definition


def test_data_change_rereads_only_the_pages_that_use_the_term(make_app: MakeApp, tmp_path: Path) -> None:
    src = write_project(tmp_path / "src")
    sphinx_run(make_app, src)
    change_data(src)
    app = sphinx_run(make_app, src)
    status = app.status.getvalue()
    read_line = next(line for line in status.splitlines() if "changed," in line and "added" in line)
    # Mixture of Experts / MoE are used by pages 08, 09 (and 0x via the term cycle); the glossaries show it.
    users = sorted(p.stem for p in src.glob("page*") if "Mixture of Experts" in p.read_text() or "MoE" in p.read_text())
    assert f"{len(users) + 2} changed" in read_line, read_line



def test_example_docs_identical_across_fresh_serial_and_parallel_builds(make_app: MakeApp, tmp_path: Path) -> None:
    builds = {}
    for name, parallel in [("one", 0), ("two", 0), ("parallel", 2)]:
        copy_example_docs(tmp_path / name)
        app = sphinx_run(make_app, tmp_path / name, parallel=parallel)
        assert app.warning.getvalue() == ""
        builds[name] = html_files(tmp_path / name / "_build" / "html")
    assert builds["one"] == builds["two"]  # byte-identical
    assert builds["one"].keys() == builds["parallel"].keys()
    assert [n for n in builds["one"] if builds["one"][n] != builds["parallel"][n]] == []


def test_a_build_opens_no_network_connection(make_app: MakeApp, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access during the build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    copy_example_docs(tmp_path / "docs")
    app = sphinx_run(make_app, tmp_path / "docs")
    assert app.warning.getvalue() == ""
    assert attempts == []


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_rebuild_that_writes_no_page_keeps_the_fallback_page(make_app: MakeApp, tmp_path: Path, builder: str) -> None:
    """Nothing changed, so no document is written, and the fallback page (every term: large
    with a large data file) is not rendered again either; once deleted, it is written again."""
    first = sphinx_run(make_app, copy_root("noglossary", tmp_path / "src"), builder)
    page = Path(first.outdir) / ("aigloss-glossary.html" if builder == "html" else "aigloss-glossary/index.html")
    before, written = page.read_bytes(), page.stat().st_mtime_ns
    os.utime(page, ns=(written - 10**9, written - 10**9))  # so a rewrite shows, however fast
    second = sphinx_run(make_app, Path(first.srcdir), builder)
    assert second.statuscode == 0
    assert page.stat().st_mtime_ns == written - 10**9
    page.unlink()
    index = Path(first.srcdir) / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")  # so Sphinx 8 writes too
    third = sphinx_run(make_app, Path(first.srcdir), builder)
    assert third.statuscode == 0
    assert normalise_html(page.read_bytes()) == normalise_html(before)


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_rebuild_with_nothing_changed_says_so(tmp_path: Path, builder: str) -> None:
    """As sphinx-build runs (Sphinx's test application itself sets a theme between builds)."""
    src = copy_root("noglossary", tmp_path / "src")
    command = [sys.executable, "-m", "sphinx", "-b", builder, str(src), str(src / "_build" / builder)]
    subprocess.run(command, check=True, capture_output=True)
    again = subprocess.run(command, check=True, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert "configuration has changed" not in again.stdout.lower()
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert (src / "_build" / builder / "_static" / "aigloss.js").is_file()


def test_a_data_file_or_pack_listed_twice_is_used_once(make_app: MakeApp, tmp_path: Path) -> None:
    src = write_project(tmp_path / "src")
    app = sphinx_run(make_app, src, confoverrides={"aigloss_data_files": ["terms.toml", "./terms.toml"],
                                                   "aigloss_packs": ["training", "training"]})
    lines = [line for line in strip_colors(app.warning.getvalue()).splitlines() if line.strip()]
    assert lines == [
        "WARNING: aigloss_data_files lists './terms.toml' more than once; it is used once [aigloss.config]",
        "WARNING: aigloss_packs lists 'training' more than once; it is used once [aigloss.config]",
    ]
