"""Packs from installed distributions (entry point group ``sphinx_aigloss.packs``): discovery,
``aigloss packs``, selection by id, bad input, incremental builds, and ``aigloss new-pack`` built
into a real distribution with pip. A distribution is installed as pip leaves one (a dist-info
next to its package) in a folder put on sys.path: importlib.metadata finds it for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from sphinx_aigloss.core import GlossaryError, load_glossary
from sphinx_aigloss.core.installed import forget_installed, pack_warnings, select_packs
from tests.util import (
    Aigloss,
    MakeApp,
    Result,
    cards,
    copy_root,
    html_files,
    normalise_html,
    soup,
    sphinx_run,
    term_links,
    warnings,
)

ROOT = Path(__file__).resolve().parents[1]
MODULE = 'from pathlib import Path\n\nPACK = Path(__file__).with_name("acme.toml")\n'
#: The pack an installed "acme-glossary" distribution contributes; ``{definition}`` is Widget's.
ACME = (Path(__file__).parent / "data" / "pack-acme" / "acme.toml").read_text(encoding="utf-8")
WIDGET = "A unit of the Acme platform, tuned with RLHF."


def install(site: Path, dist: str, version: str = "1.0", *, module: str = "acme_glossary",
            entry: str = "acme = acme_glossary:PACK", toml: str | None = None, code: str = MODULE) -> None:
    """Install a distribution into ``site`` as pip leaves it: its package and a dist-info."""
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[sphinx_aigloss.packs]\n{entry}\n", encoding="utf-8")
    package = site / module
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text(code, encoding="utf-8")
    (package / "acme.toml").write_text(ACME.format(definition=WIDGET) if toml is None else toml, encoding="utf-8")
    forget_installed()


def uninstall(site: Path, dist: str, version: str = "1.0", module: str = "acme_glossary") -> None:
    shutil.rmtree(site / f"{dist.replace('-', '_')}-{version}.dist-info")
    shutil.rmtree(site / module)
    forget_installed()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path to install distributions into; nothing of it outlives the test."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    forget_installed()
    yield folder
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(folder)):
            del sys.modules[name]
    forget_installed()




SHIPPED_ROW = {
    "id": "training", "title": "AI Glossary: Training, Fine-Tuning & Data",
    "series": "AI and LLM concepts for product designers", "series_part": 1, "terms": 30, "origin": "shipped",
    "distribution": None, "version": None, "entry_point": None,
    "file": str(ROOT / "sphinx_aigloss" / "data" / "training.toml"), "overrides": [],
}


# ----- Discovery, listing, selection ---------------------------------------------------


def test_packs_lists_shipped_and_installed_packs(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary", "1.2")
    result = aigloss("packs")
    assert (result.returncode, result.stderr, result.stdout.splitlines()) == (0, "", [
        "training  AI Glossary: Training, Fine-Tuning & Data",
        "          AI and LLM concepts for product designers, part 1; 30 terms; shipped with sphinx-aigloss",
        "acme      Acme Platform Terms",
        "          Acme glossaries, part 2; 2 terms; from acme-glossary 1.2",
    ])
    data = json.loads(aigloss("packs", "--json").stdout)
    assert data["packs"] == [SHIPPED_ROW, {
        "id": "acme", "title": "Acme Platform Terms", "series": "Acme glossaries", "series_part": 2, "terms": 2,
        "origin": "acme-glossary 1.2", "distribution": "acme-glossary", "version": "1.2",
        "entry_point": "acme = acme_glossary:PACK", "file": str(site / "acme_glossary" / "acme.toml"),
        "overrides": [],
    }]


def test_installed_terms_are_active_by_default_and_selectable_by_id(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary")
    assert aigloss("show", "widgets").stdout.splitlines()[:2] == ["Widget", "Category:   Acme"]
    assert aigloss("--packs", "acme", "show", "RLHF").returncode == 1
    assert aigloss("--packs", "acme", "show", "Widget").returncode == 0
    assert aigloss("--packs", "training", "show", "Widget").stderr == "unknown AI term 'Widget'\n"
    assert [row["id"] for row in json.loads(aigloss("--packs", "acme", "packs", "--json").stdout)["packs"]] == ["acme"]
    glossary, conflicts = load_glossary()
    assert ([p.id for p in glossary.packs], len(glossary), conflicts) == (["training", "acme"], 32, [])


def test_a_callable_entry_point_returning_a_path_like(site: Path, aigloss: Aigloss) -> None:
    code = "from pathlib import Path\n\ndef pack() -> Path:\n    return Path(__file__).with_name('acme.toml')\n"
    install(site, "acme-glossary", entry="acme = acme_glossary:pack", code=code)
    assert aigloss("show", "Widget").returncode == 0


def test_an_unknown_id_names_the_installed_packs_too(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary")
    with pytest.raises(GlossaryError) as info:
        load_glossary(["nope"])
    assert str(info.value) == "pack 'nope': no such shipped or installed pack (available: training, acme)"
    assert "unknown pack 'nope' (available: training, acme)" in aigloss("--packs", "nope", "list").stderr


def test_discovery_waits_until_packs_are_loaded() -> None:
    code = ("import sphinx_aigloss, sphinx_aigloss.cli, sphinx_aigloss.events\n"
            "from sphinx_aigloss.core import installed\n"
            "print(installed.installed.cache_info().currsize)\n"
            "sphinx_aigloss.core.load_glossary()\n"
            "print(installed.installed.cache_info().currsize)\n")
    assert run(sys.executable, "-c", code).split() == ["0", "1"]


# ----- Bad input -----------------------------------------------------------------------

BROKEN = ACME.format(definition=WIDGET).replace('category = "Acme"\ndefinition = "A unit', 'definition = "A unit')
BROKEN_ERROR = ("acme_glossary/acme.toml (from the distribution acme-glossary 1.0): term 'Widget', "
                "field 'category': is required")


def test_a_pack_nested_too_deeply_is_one_error(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary", toml="format = 1\nx = " + "[" * 100_000)
    assert aigloss("packs").stderr == ("acme_glossary/acme.toml (from the distribution acme-glossary 1.0): not valid "
                                       "TOML: nested too deeply\n")


def test_a_broken_installed_pack_is_one_error(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary", toml=BROKEN)
    results = [aigloss(*command) for command in (["list"], ["packs"], ["show", "RLHF"])]
    assert [(result.returncode, result.stderr) for result in results] == [(1, BROKEN_ERROR + "\n")] * 3
    # A list of ids without it leaves it out: its id is read from its file even so.
    assert aigloss("--packs", "training", "show", "RLHF").returncode == 0


IMPORT_WARNING = ("installed pack 'gone' from gone-glossary 3.0 (entry point 'gone = no_such_module:PACK') is left "
                  "out: loading no_such_module:PACK raised ModuleNotFoundError: No module named 'no_such_module'")


def test_an_entry_point_that_fails_to_import_is_a_warning(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary")
    install(site, "gone-glossary", "3.0", module="gone_files", entry="gone = no_such_module:PACK")
    result = aigloss("show", "Widget")
    assert result.returncode == 0
    assert result.stderr == f"warning: {IMPORT_WARNING}\n"
    assert [row["id"] for row in json.loads(aigloss("packs", "--json").stdout)["packs"]] == ["training", "acme"]


def test_an_unreadable_entry_point_table_leaves_out_that_distribution_alone(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary")
    install(site, "bad-glossary", module="bad", entry="a line without an equals sign")
    result = aigloss("show", "Widget")
    assert (result.returncode, result.stderr.split(": ")[:2]) == (0, [
        "warning", "the entry points of the distribution bad-glossary cannot be read, so its packs are left out"])
    # Said only when it may hide a pack the project means: all packs, or an id not found.
    assert aigloss("--packs", "training,acme", "show", "Widget") == Result(0, aigloss("show", "Widget").stdout, "")
    assert [str(w).split(":")[0] for w in pack_warnings(["training", "nope"])] == [
        "the entry points of the distribution bad-glossary cannot be read, so its packs are left out"]


def test_an_installed_pack_cannot_take_a_shipped_id(site: Path, aigloss: Aigloss) -> None:
    install(site, "evil-glossary", "0.1", entry="training = acme_glossary:PACK",
            toml=ACME.format(definition=WIDGET).replace('id = "acme"', 'id = "training"'))
    result = aigloss("show", "RLHF")
    assert result.returncode == 0
    assert result.stderr == ("warning: installed pack 'training' from evil-glossary 0.1 (entry point "
                          "'training = acme_glossary:PACK') is left out: sphinx-aigloss ships a pack with that id\n")
    assert aigloss("show", "Widget").returncode == 1  # the shipped pack stays, alone
    assert json.loads(aigloss("packs", "--json").stdout)["packs"] == [SHIPPED_ROW]
    assert "acme_glossary" not in sys.modules  # decided by its entry point's name: never imported


def test_the_entry_point_name_is_the_pack_id(site: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary", entry="acme-terms = acme_glossary:PACK")
    assert aigloss("--packs", "acme-terms", "packs") == Result(1, "", (
        "acme_glossary/acme.toml (from the distribution acme-glossary 1.0): [pack], field 'id': is 'acme', but the "
        "entry point 'acme-terms = acme_glossary:PACK' names the pack 'acme-terms' (an installed pack's id is its "
        "entry point's name): make them the same\n"))
    # A file that states no id takes the entry point's name.
    uninstall(site, "acme-glossary")
    install(site, "acme-glossary", entry="acme-terms = acme_glossary:PACK",
            toml=ACME.format(definition=WIDGET).replace('id = "acme"\n', ""))
    assert [row["id"] for row in json.loads(aigloss("--packs", "acme-terms", "packs", "--json").stdout)["packs"]] \
        == ["acme-terms"]
    glossary, _conflicts = load_glossary(["acme-terms"])
    assert [info.id for info in glossary.packs] == ["acme-terms"]


def test_of_two_packs_with_one_id_the_first_by_distribution_stays(site: Path, aigloss: Aigloss) -> None:
    install(site, "zeta-glossary", "2.0", module="zeta", entry="acme = zeta:PACK",
            toml=ACME.format(definition="The Zeta definition."))
    install(site, "Alpha_Glossary", "1.0", module="alpha", entry="acme = alpha:PACK",
            toml=ACME.format(definition="The Alpha definition."))
    result = aigloss("show", "Widget")
    assert "The Alpha definition." in result.stdout
    assert result.stderr == ("warning: installed pack 'acme' from zeta-glossary 2.0 (entry point 'acme = zeta:PACK') "
                          "is left out: Alpha_Glossary 1.0 (entry point 'acme = alpha:PACK') has a pack with "
                          "that id\n")
    # Said only where that id is active; the one left out is never imported.
    assert aigloss("--packs", "training", "list").stderr == ""
    assert ("alpha" in sys.modules, "zeta" in sys.modules) == (True, False)


def test_bad_packs_in_a_build(site: Path, tmp_path: Path, make_app: MakeApp) -> None:
    install(site, "acme-glossary", toml=BROKEN)
    install(site, "gone-glossary", "3.0", module="gone_files", entry="gone = no_such_module:PACK")
    install(site, "evil-glossary", "0.1", module="evil", entry="training = evil:PACK",
            toml=ACME.format(definition=WIDGET).replace('id = "acme"', 'id = "training"'))
    app = sphinx_run(make_app, copy_root("packs", tmp_path / "src"))
    assert app.statuscode == 1
    assert warnings(app.warning.getvalue(), app.srcdir) == [
        "ERROR: 1 problem(s) in the AI glossary data; fix them and build again:",
        f"  {BROKEN_ERROR} [aigloss.data]",
        "WARNING: installed pack 'training' from evil-glossary 0.1 (entry point 'training = evil:PACK') is left "
        "out: sphinx-aigloss ships a pack with that id [aigloss.pack]",
        f"WARNING: {IMPORT_WARNING} [aigloss.pack]",
    ]
    assert [a.get_text() for a in term_links(soup(app.outdir / "rlhf.html"))] == ["RLHF"]


def test_an_import_failure_leaves_the_build_going(site: Path, tmp_path: Path, make_app: MakeApp) -> None:
    install(site, "acme-glossary")
    install(site, "gone-glossary", "3.0", module="gone_files", entry="gone = no_such_module:PACK")
    app = sphinx_run(make_app, copy_root("packs", tmp_path / "src"),
                     confoverrides={"suppress_warnings": ["aigloss.pack"]})
    assert (app.statuscode, warnings(app.warning.getvalue(), app.srcdir)) == (0, [])
    assert [a["href"] for a in term_links(soup(app.outdir / "widget.html"))] == ["glossary.html#aiterm-widget"]


# ----- Installed packs that fail in unforeseen ways (item 4), selection by id (item 7) ----

#: pack id -> (the code of its module, why it is left out). Its distribution is "ID-pack",
#: its module "m_ID" (with "_" for "-"), its entry point "ID = m_ID:PACK".
NOT_A_PATH = "not the path of a pack's TOML file (a str or os.PathLike, or a callable returning one)"
HOSTILE = {
    "base-exception": ("class Odd(BaseException):\n    pass\n\nraise Odd('odd')\n",
                       "loading m_base_exception:PACK raised Odd: odd"),
    "bytes-path": ("class P:\n    def __fspath__(self):\n        return b'/x.toml'\n\nPACK = P()\n",
                   f"m_bytes_path:PACK gives P whose path is bytes, {NOT_A_PATH}"),
    "callable-none": ("def PACK():\n    return None\n", f"m_callable_none:PACK gives NoneType, {NOT_A_PATH}"),
    "callable-raises": ("def PACK():\n    raise ValueError('no pack today')\n",
                        "calling m_callable_raises:PACK raised ValueError: no pack today"),
    "directory": ("from pathlib import Path\n\nPACK = Path(__file__).parent\n", "its file m_directory is a directory"),
    "fifo": ("from pathlib import Path\n\nPACK = Path(__file__).with_name('pipe.toml')\n",
             "its file m_fifo/pipe.toml is not a regular file"),
    "fspath-raises": ("class P:\n    def __fspath__(self):\n        raise RuntimeError('no path')\n\nPACK = P()\n",
                      "taking the path of what m_fspath_raises:PACK gives raised RuntimeError: no path"),
    "missing-attribute": ("", "loading m_missing_attribute:PACK raised AttributeError: module "
                              "'m_missing_attribute' has no attribute 'PACK'"),
    "missing-file": ("PACK = 'nowhere/acme.toml'\n",
                     "its file nowhere/acme.toml cannot be opened: No such file or directory"),
    "not-a-path": ("PACK = 42\n", f"m_not_a_path:PACK gives int, {NOT_A_PATH}"),
    "noisy": ("print('hello from an import')\nPACK = 42\n", f"m_noisy:PACK gives int, {NOT_A_PATH}"),
    "nul-path": ("PACK = 'a\\x00b.toml'\n", "its file a\\x00b.toml cannot be opened: a NUL character in its path"),
    "system-exit": ("raise SystemExit(3)\n", "loading m_system_exit:PACK raised SystemExit: 3"),
    "unprintable": ("class E(Exception):\n    def __str__(self):\n        raise RuntimeError\n\nraise E()\n",
                    "loading m_unprintable:PACK raised E (its message cannot be shown)"),
}


def hostile_module(pack_id: str) -> str:
    return "m_" + pack_id.replace("-", "_")


def hostile_warning(pack_id: str) -> str:
    entry = f"{pack_id} = {hostile_module(pack_id)}:PACK"
    return (f"installed pack '{pack_id}' from {pack_id}-pack 1.0 (entry point '{entry}') is left out: "
            f"{HOSTILE[pack_id][1]}")


def test_packs_that_fail_in_any_way_are_warnings_and_unselected_ones_are_never_imported(
        site: Path, tmp_path: Path, aigloss: Aigloss, make_app: MakeApp) -> None:
    install(site, "acme-glossary")
    for pack_id, (code, _why) in HOSTILE.items():
        install(site, f"{pack_id}-pack", module=hostile_module(pack_id),
                entry=f"{pack_id} = {hostile_module(pack_id)}:PACK", code=code)
    os.mkfifo(site / "m_fifo" / "pipe.toml")  # reading it would wait for a writer for ever
    modules = {hostile_module(pack_id) for pack_id in HOSTILE}
    src = copy_root("packs-hostile", tmp_path / "src")
    training_and_acme = ["training  AI Glossary: Training, Fine-Tuning & Data",
                         "          AI and LLM concepts for product designers, part 1; 30 terms; shipped with "
                         "sphinx-aigloss",
                         "acme      Acme Platform Terms",
                         "          Acme glossaries, part 2; 2 terms; from acme-glossary 1.0"]

    # Item 7: a project that lists its packs imports no other and hears nothing of them.
    result = aigloss("--packs", "training,acme", "packs")
    assert (result.returncode, result.stderr, result.stdout.splitlines()) == (0, "", training_and_acme)
    app = sphinx_run(make_app, src, confoverrides={"aigloss_packs": ["training", "acme"]})
    assert (app.statuscode, warnings(app.warning.getvalue(), app.srcdir)) == (0, [])
    assert modules & sys.modules.keys() == set()

    # Item 4: with every pack active, each failure is one warning naming its distribution
    # (and file), never a traceback; the other packs are used.
    expected = [hostile_warning(pack_id) for pack_id in sorted(HOSTILE)]
    result = aigloss("packs")
    assert (result.returncode, result.stderr.splitlines(), result.stdout.splitlines()) == (
        0, ["hello from an import", *(f"warning: {line}" for line in expected)], training_and_acme)
    forget_installed()  # the build imports them again, as a new process would
    app = sphinx_run(make_app, src, confoverrides={"aigloss_packs": None}, freshenv=True)
    assert warnings(app.warning.getvalue(), app.srcdir) == [f"WARNING: {line} [aigloss.pack]" for line in expected]
    assert [a.get_text() for a in term_links(soup(app.outdir / "index.html"))] == ["RLHF", "Widget"]


def test_a_keyboard_interrupt_while_loading_a_pack_is_not_swallowed(site: Path) -> None:
    install(site, "slow-pack", module="slow", entry="slow = slow:PACK", code="raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        select_packs(["slow"])
    assert select_packs(["training"]).warnings == []


# ----- Overrides by installed packs (item 6) ----------------------------------------------

#: An installed pack that redefines a shipped term and an installed one.
EVIL = """format = 1

[pack]
title = "Evil Terms"
categories = ["Evil"]

[[terms]]
name = "RLHF"
category = "Evil"
definition = "Whatever the evil pack says."
override = true
unreferenced = true

[[terms]]
name = "Widget"
category = "Evil"
definition = "An evil widget."
override = true
unreferenced = true
"""
EVIL_FILE = "evil/acme.toml (from the distribution evil-glossary 0.1)"


def refused(term: str, pack: str) -> str:
    return (f"AI term '{term}' in {EVIL_FILE} may not override the one of pack '{pack}': an installed pack overrides "
            "another pack's term only when the project selects it by id (aigloss_packs, or --packs, naming 'evil'); "
            "the original is kept")


def test_an_installed_pack_overrides_only_when_selected_by_id(site: Path, tmp_path: Path, aigloss: Aigloss,
                                                             make_app: MakeApp) -> None:
    install(site, "acme-glossary")
    install(site, "evil-glossary", "0.1", module="evil", entry="evil = evil:PACK", toml=EVIL)
    rlhf = aigloss("show", "RLHF").stdout
    refusals = [refused("RLHF", "training"), refused("Widget", "acme")]

    # Installed, not chosen: refused, one warning each, the originals stay.
    result = aigloss("show", "RLHF")
    assert (result.stdout, result.stderr.splitlines()) == (rlhf, [f"warning: {line}" for line in refusals])
    assert "Whatever the evil pack says." not in rlhf
    assert aigloss("packs").stdout.splitlines()[4:] == [
        "evil      Evil Terms",
        "          2 terms; from evil-glossary 0.1",
        "          override refused (not selected by id): RLHF of pack training",
        "          override refused (not selected by id): Widget of pack acme",
    ]
    rows = json.loads(aigloss("packs", "--json").stdout)["packs"]
    assert [(row["id"], row["overrides"]) for row in rows] == [("training", []), ("acme", []), ("evil", [
        {"term": "RLHF", "pack": "training", "applied": False}, {"term": "Widget", "pack": "acme", "applied": False}])]
    app = sphinx_run(make_app, copy_root("packs-hostile", tmp_path / "src"))
    assert warnings(app.warning.getvalue(), app.srcdir) == [f"WARNING: {line} [aigloss.pack]" for line in refusals]
    definitions = {key: "".join(text for text, _url in card["definition"])
                   for key, card in cards(soup(app.outdir / "index.html")).items()}
    assert definitions["widget"] == WIDGET
    assert "Whatever" not in definitions["rlhf"]

    # Chosen by id: applied, silently, and listed.
    result = aigloss("--packs", "training,acme,evil", "show", "RLHF")
    assert (result.returncode, result.stderr) == (0, "")
    assert "Whatever the evil pack says." in result.stdout
    assert aigloss("--packs", "training,acme,evil", "packs").stdout.splitlines()[4:] == [
        "evil      Evil Terms",
        "          2 terms; from evil-glossary 0.1",
        "          overrides RLHF of pack training",
        "          overrides Widget of pack acme",
    ]
    app = sphinx_run(make_app, copy_root("packs-hostile", tmp_path / "chosen"),
                     confoverrides={"aigloss_packs": ["training", "acme", "evil"]})
    assert warnings(app.warning.getvalue(), app.srcdir) == []
    definitions = {key: "".join(text for text, _url in card["definition"])
                   for key, card in cards(soup(app.outdir / "index.html")).items()}
    assert (definitions["rlhf"], definitions["widget"]) == ("Whatever the evil pack says.", "An evil widget.")


# ----- Incremental builds --------------------------------------------------------------


UNKNOWN_WIDGET = "widget.rst:4: WARNING: unknown AI term 'Widget' [aigloss.unknown_term]"


def rebuild(make_app: MakeApp, src: Path, *expected: str) -> tuple[set[str], set[str], dict[str, str]]:
    """Build ``src`` again, as a new sphinx-build process would (installed packs discovered
    anew), with the ``expected`` warnings: the pages read, the pages written, and the output."""
    read: set[str] = set()
    written: set[str] = set()
    app = make_app("html", srcdir=src)
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.update(docnames))
    app.connect("html-page-context", lambda _app, pagename, *_args: written.add(pagename))
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings(app.warning.getvalue(), src) == list(expected)
    pages = {name: normalise_html(data) for name, data in html_files(app.outdir).items() if name.endswith(".html")}
    return read, written - {"genindex", "search"}, pages


def fresh_build(make_app: MakeApp, src: Path, dest: Path, *expected: str) -> dict[str, str]:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return rebuild(make_app, dest, *expected)[2]


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name[:-5] for name in before.keys() | after.keys() if before.get(name) != after.get(name)} - {"genindex"}


def test_installing_upgrading_and_removing_a_pack_rebuilds_exactly_what_changes(site: Path, tmp_path: Path,
                                                                                 make_app: MakeApp) -> None:
    src = copy_root("packs", tmp_path / "src")
    before = rebuild(make_app, src, UNKNOWN_WIDGET)[2]

    install(site, "acme-glossary", "1.0")
    read, written, pages = rebuild(make_app, src)
    # "Widget" now resolves, the glossary lists the new terms: those pages are read again.
    # Pre-training's card now links "foundation models": its page is written again.
    assert read == {"widget", "glossary"}
    assert changed(before, pages) == {"widget", "glossary", "pretraining"}
    # Sphinx writes the index again (its toctree holds pages read again); rlhf.html, whose
    # links and card do not change, is left alone.
    assert written == {"widget", "glossary", "pretraining", "index"}
    assert pages == fresh_build(make_app, src, tmp_path / "fresh-install")
    assert "#aiterm-foundation-model" in pages["pretraining.html"]

    uninstall(site, "acme-glossary", "1.0")
    install(site, "acme-glossary", "2.0", toml=ACME.format(definition="A unit of the Acme platform, version two."))
    read, written, upgraded = rebuild(make_app, src)
    assert read == {"widget", "glossary"}
    assert changed(pages, upgraded) == {"widget", "glossary"}
    assert written == {"widget", "glossary", "index"}
    assert upgraded == fresh_build(make_app, src, tmp_path / "fresh-upgrade")
    assert "version two" in upgraded["widget.html"]

    uninstall(site, "acme-glossary", "2.0")
    read, written, pages = rebuild(make_app, src, UNKNOWN_WIDGET)
    assert read == {"widget", "glossary"}
    assert changed(before, pages) == set()
    assert written == {"widget", "glossary", "pretraining", "index"}
    assert pages == fresh_build(make_app, src, tmp_path / "fresh-remove", UNKNOWN_WIDGET)


# ----- aigloss new-pack ----------------------------------------------------------------

NEW_PACK_FILES = ["README.md", "acme_glossary/__init__.py", "acme_glossary/acme-glossary.toml", "pyproject.toml",
                  "tests/test_pack.py"]


def run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run([str(p) for p in command], capture_output=True, text=True, env=env, cwd=cwd, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_new_pack_writes_a_distribution_that_pip_builds_and_sphinx_uses(tmp_path: Path, aigloss: Aigloss) -> None:
    import flit_core.buildapi  # noqa: F401 -- the new pack's build backend (in the test extra): never skipped
    result = aigloss("new-pack", "acme-glossary")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "Wrote the distribution acme-glossary in acme-glossary/: its pack 'acme-glossary' is "
        "acme-glossary/acme_glossary/acme-glossary.toml. Edit its terms, then:",
        "  aigloss validate acme-glossary/acme_glossary/acme-glossary.toml",
        "  pip install ./acme-glossary",
        "  aigloss packs",
    ]
    folder = tmp_path / "acme-glossary"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == NEW_PACK_FILES

    # Built offline with pip, as a user's `pip install ./acme-glossary` would build it.
    target = tmp_path / "target"
    run(sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps", "--quiet",
        "--target", target, folder)
    env = {**os.environ, "PYTHONPATH": str(target)}
    packs = json.loads(run(sys.executable, "-m", "sphinx_aigloss", "packs", "--json", env=env))["packs"]
    assert [(p["id"], p["origin"], p["terms"], p["entry_point"]) for p in packs] == [
        ("training", "shipped", 30, None), ("acme-glossary", "acme-glossary 0.1.0", 1,
                                            "acme-glossary = acme_glossary:PACK")]
    assert packs[1]["file"] == str(target / "acme_glossary" / "acme-glossary.toml")
    data = folder / "acme_glossary" / "acme-glossary.toml"  # checked against the other packs, not its installed copy
    assert run(sys.executable, "-m", "sphinx_aigloss", "validate", data, env=env) == f"{data}: ok (1 term)\n"

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text('extensions = ["sphinx_aigloss"]\naigloss_packs = ["acme-glossary"]\n',
                                  encoding="utf-8")
    (docs / "index.rst").write_text("Docs\n====\n\nSee :aiterm:`example terms`.\n", encoding="utf-8")
    run(sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", docs, docs / "_build", env=env)
    page = soup(docs / "_build" / "index.html")
    links = [(a.get_text(), a["href"]) for a in term_links(page)]
    assert links == [("example terms", "aigloss-glossary.html#aiterm-example-term")]

    # The distribution's own test: aigloss validate accepts its data (installed or not).
    tests = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", env=env, cwd=folder)
    assert "1 passed" in tests


BAD_NAME = ("cannot name a distribution: use letters, digits, '-', '_' and '.', starting and ending with a letter "
            "or digit")


@pytest.mark.parametrize(("args", "status", "message"), [
    (["bad-"], 2, f"'bad-' {BAD_NAME}"),
    (["acme pack"], 2, f"'acme pack' {BAD_NAME}"),
    (["1st-pack"], 2, "'1st-pack' cannot name a distribution's package ('1st_pack' is not a Python name): start it "
                      "with a letter"),
    (["acme", "--dir", "taken"], 2, "taken already exists; give a new folder (--dir) or another name"),
    (["acme", "--dir", "taken/file/acme"], 3, "cannot write taken/file/acme: Not a directory"),
])
def test_new_pack_refuses_bad_names_and_existing_folders(tmp_path: Path, aigloss: Aigloss, args: list[str],
                                                         status: int, message: str) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("")
    assert aigloss("new-pack", *args) == Result(status, "", f"new-pack: {message}\n")
    assert [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*"))] == ["taken", "taken/file"]


def taken_names(site: Path) -> dict[str, str]:
    """Names ``aigloss new-pack`` refuses -> why (item 5): installing the result would harm
    what is installed, or the new package or pack would be shadowed."""
    (site / "plainmod.py").write_text("")  # an importable module of no distribution
    pip = f"pip {metadata.version('pip')}"
    ours = f"sphinx-aigloss {metadata.version('sphinx-aigloss')}"
    dist = "is the name of an installed distribution ({}): installing the new one would replace it; choose another name"
    module = "would make the package '{}', which is {}: choose another name"
    pack = "would give the pack id '{}', which an existing pack has: choose another name"
    return {
        "pip": dist.format(pip), "PIP": dist.format(pip),
        "sphinx-aigloss": dist.format(ours), "Sphinx_AIgloss": dist.format(ours), "sphinx.aigloss": dist.format(ours),
        "acme-glossary": dist.format("acme-glossary 1.0"),  # installed in the test's site
        "json": module.format("json", "a module of the standard library"),
        "os": module.format("os", "a module of the standard library"),
        "Tomllib": module.format("tomllib", "a module of the standard library"),
        "plainmod": module.format("plainmod", f"an importable module ({site / 'plainmod.py'})"),
        "training": pack.format("training"),  # shipped
        "acme": pack.format("acme"),  # installed
    }


def test_new_pack_refuses_names_that_would_harm_or_be_shadowed(site: Path, tmp_path: Path, aigloss: Aigloss) -> None:
    install(site, "acme-glossary")
    names = taken_names(site)
    before = sorted(tmp_path.rglob("*"))
    for name, why in names.items():
        assert aigloss("new-pack", name) == Result(2, "", f"new-pack: '{name}' {why}\n"), name
    assert sorted(tmp_path.rglob("*")) == before
    assert "acme_glossary" not in sys.modules  # pack ids come from discovery: nothing imported


def test_new_pack_writes_its_folder_whole_or_not_at_all(tmp_path: Path, aigloss: Aigloss) -> None:
    # A name of 252 characters: its package folder can be made, its TOML file (name + ".toml")
    # cannot (255 bytes at most), so writing fails after the first files are written.
    long_name = "a" * 252
    for folder in ["acme", "new/sub/acme"]:
        assert aigloss("new-pack", long_name, "--dir", folder) == Result(
            3, "", f"new-pack: cannot write {folder}: File name too long\n")
    assert list(tmp_path.iterdir()) == []
    # Missing parents are made too, in the same one step.
    assert aigloss("new-pack", "acme-terms", "--dir", "new/sub/acme").returncode == 0
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == [f"new/sub/acme/{name}".replace("acme-glossary", "acme-terms").replace("acme_glossary",
                                                                                         "acme_terms")
                     for name in NEW_PACK_FILES]
    assert [p.name for p in tmp_path.iterdir()] == ["new"]  # no scratch folder left beside it
    assert oct((tmp_path / "new").stat().st_mode & 0o777) == oct(0o777 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_templates_ship_in_the_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import flit_core.buildapi as buildapi  # the project's build backend (in the test extra)
    monkeypatch.chdir(ROOT)
    wheel = zipfile.ZipFile(tmp_path / buildapi.build_wheel(str(tmp_path)))
    templates = sorted(name for name in wheel.namelist() if name.startswith("sphinx_aigloss/templates/"))
    assert templates == ["sphinx_aigloss/templates/__init__.py", *(f"sphinx_aigloss/templates/pack/{name}" for name in
                         ["README.md.tmpl", "__init__.py.tmpl", "pack.toml.tmpl", "pyproject.toml.tmpl",
                          "test_pack.py.tmpl"])]
