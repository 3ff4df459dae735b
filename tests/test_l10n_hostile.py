"""Translated glossaries under attack (issue 24): hostile catalogs, odd languages and pack
ids, every builder in German, catalogs added and removed between builds, ``l10n-status`` on
bad input. Each test copies ``tests/roots/test-l10n`` (an English project, ``language =
"de"``, a small example pack with a German catalog beside it) and writes what it attacks
with; catalogs are written with Babel, as ``sphinx-intl build`` would write them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from playwright.sync_api import expect

from sphinx_aigloss.core.l10n import CATEGORY_CONTEXT
from tests.helpers import Once, epubcheck, in_theme
from tests.test_build_modes import outputs
from tests.test_hover import AXE, CARD, THEMES, Tabs, axe_audit, box, hover_card, link, tab_to_entry
from tests.test_hover import tabs as tabs
from tests.util import MakeApp, copy_root, page_data, soup, sphinx_run, warnings

PACK_PO = Path("pack", "locale", "de", "LC_MESSAGES", "example.po")
PROJECT = Path("locales", "de", "LC_MESSAGES")
LONG = "Sehr lange Definition. " + "Wort " * 2000


def catalog(messages: dict[tuple[str, Any], Any], language: str = "de", charset: str = "utf-8") -> Catalog:
    """A catalog of (context, msgid) -> msgstr; a tuple msgid is a plural entry."""
    out = Catalog(locale=None, charset=charset, fuzzy=False)
    out.language_team = language
    for (context, msgid), msgstr in messages.items():
        out.add(msgid, msgstr, context=context)
    return out


def write(folder: Path, domain: str, messages: dict[tuple[str, Any], Any], **kwargs: str) -> Path:
    """A ``.po`` and its compiled ``.mo`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = catalog(messages, **kwargs)
    with (folder / f"{domain}.po").open("wb") as stream:
        write_po(stream, data)
    with (folder / f"{domain}.mo").open("wb") as stream:
        write_mo(stream, data)
    return folder / f"{domain}.mo"


def german(tmp: Path) -> Path:
    """The test root with its pack's catalog compiled (the pages stay English)."""
    src = copy_root("l10n", tmp)
    write_mo_from_po(src / PACK_PO)
    return src


def write_mo_from_po(po: Path) -> None:
    from babel.messages.pofile import read_po

    with po.open("rb") as stream:
        data = read_po(stream)
    with po.with_suffix(".mo").open("wb") as stream:
        write_mo(stream, data)


# -- hostile catalogs ------------------------------------------------------------------------------

#: A project catalog for the example pack that attacks it (each line says how).
HOSTILE = {
    ("(category)", "Training"): "Anlernen, Lernen",  # a comma: ':categories:' could not name it
    (CATEGORY_CONTEXT, ("Usage", "Usages")): ("Nutzung", "Nutzungen"),  # a plural entry: no category title
    ("tuning", "Adjusting"): "Eingabe",  # the project's alias wins, the pack's still answers
    ("reward-model", "Reward Model"): "   ",  # blank: the pack's translation is used instead
    ("reward-model", "A model that scores outputs, used in Tuning."): "Ein Modell\u202e, das bewertet.",  # bidi
    ("sampling", "Sampling"): "Temperature",  # another term's English name: a collision
    ("sampling", "Choosing the next token at random."): LONG,  # very long: fine
    ("temperature", "Temperature"): "Temperatur <img src=x onerror=alert(1)>",  # markup: text
    ("prompt", "Prompt"): "Eingabe",  # the name tuning's alias already took: a collision
}


def build_hostile(make_app: MakeApp, folder: Path) -> tuple[Path, Any]:
    """The German project with the hostile project catalog, and its build."""
    src = german(folder / "src")
    write(src / PROJECT, "example", HOSTILE)
    # English category names still select categories, as do translated titles (a page after
    # glossary.rst: the entries there keep the links).
    (src / "zcats.rst").write_text(
        "Cats\n====\n\n.. aigloss:map::\n   :categories: usage, anlernen\n\n"
        ".. aigloss:glossary::\n   :categories: Training\n", encoding="utf-8")
    return src, sphinx_run(make_app, src)


@pytest.fixture
def hostile(once: Once) -> tuple[Path, Any]:
    """``build_hostile``, once for the module."""
    return once.get("hostile", build_hostile)


def test_hostile_translations_are_warned_with_their_file_and_a_fixed_winner(hostile: tuple[Path, Any]) -> None:
    src, app = hostile
    mo = "locales/de/LC_MESSAGES/example.mo"
    # The plural entry is named once for the catalog, at its msgid in the .po the .mo is made from.
    assert (src / PROJECT / "example.po").read_text(encoding="utf-8").splitlines()[23] == 'msgid "Usage"'
    assert warnings(app.warning.getvalue(), src) == [
        "locales/de/LC_MESSAGES/example.po:24: WARNING: plural entries (msgid_plural) are ignored, 1 in this catalog: "
        "a term's names and definition and a category's title are single messages (msgid, msgstr) [aigloss.l10n]",
        f"WARNING: {mo}: the translation of 'Training' (category) is left out: category 'Anlernen, Lernen' holds "
        "a comma, which ':categories:' options use to separate names [aigloss.l10n]",
        f"WARNING: {mo}: the translation of 'Reward Model' (term 'reward-model') is left out: name '' has no "
        "letters or digits [aigloss.l10n]",
        f"WARNING: {mo}: the translation of 'A model that scores outputs, used in Tuning.' (term 'reward-model') "
        "is left out: holds a bidirectional control (U+202E), which would reorder the text around it [aigloss.l10n]",
        f"WARNING: {mo}: the translation of 'Sampling' (term 'sampling') is left out: 'Temperature' is already a "
        "name of term 'temperature' [aigloss.l10n]",
        f"WARNING: {mo}: the translation of 'Prompt' (term 'prompt') is left out: 'Eingabe' is already a name of "
        "term 'tuning' [aigloss.l10n]"]


def test_hostile_translations_leave_a_consistent_glossary(hostile: tuple[Path, Any]) -> None:
    src, _app = hostile
    page = soup(src / "_build" / "html" / "glossary.html")
    names = {dt["id"]: " ".join(dt.get_text().split()) for dt in page.select("dl.aigloss-glossary > dt")}
    assert names == {
        "aiterm-tuning": "Feinabstimmung (Englisch: Tuning)",
        "aiterm-reward-model": "Belohnungsmodell (RM) (Englisch: Reward Model)",  # the pack's, after the blank
        "aiterm-sampling": "Sampling",
        "aiterm-temperature": "Temperatur <img src=x onerror=alert(1)> (Englisch: Temperature)",
        "aiterm-prompt": "Prompt"}
    assert page.select_one("dt img") is None
    assert page.select_one("svg img") is None
    reward = page.select_one("dt#aiterm-reward-model").find_next_sibling("dd").p  # type: ignore[union-attr]
    assert reward.get_text() == "Ein Modell, das Ausgaben bewertet, genutzt bei der Feinabstimmung."  # the pack's
    sampling = page.select_one("dt#aiterm-sampling").find_next_sibling("dd").p  # type: ignore[union-attr]
    assert " ".join(sampling.get_text().split()) == " ".join(LONG.split())
    # The project's title with a comma is refused: the pack's is used; a plural entry is no title.
    assert [(h.get_text(), h.get("lang")) for h in page.select("p.rubric")] == [("Anlernen", None), ("Usage", "en")]
    # The map's label is text in the SVG, escaped.
    assert "Temperatur &lt;img src=x onerror=alert(1)&gt;" in str(page.select_one(".aigloss-map svg"))
    cats = soup(src / "_build" / "html" / "zcats.html")
    assert [g.find("text").get_text() for g in cats.select("svg g.cluster")] == ["Anlernen", "Usage"]
    assert {" ".join(dt.get_text().split()) for dt in cats.select("dl.aigloss-glossary > dt")} == {
        "Feinabstimmung (Englisch: Tuning)", "Belohnungsmodell (RM) (Englisch: Reward Model)"}
    # The cards carry what the glossary shows.
    data = page_data(soup(src / "_build" / "html" / "index.html"))
    assert data["reward-model"]["name"] == "Belohnungsmodell"
    assert data["temperature"]["name"] == "Temperatur <img src=x onerror=alert(1)>"


def test_translated_names_resolve_after_collisions(hostile: tuple[Path, Any], make_app: MakeApp,
                                                   tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(hostile[0], src, ignore=shutil.ignore_patterns("_build", "zcats.rst"))
    (src / "deutsch.rst").write_text("Deutsch\n=======\n\n:aiterm:`Eingabe`, :aiterm:`Nachjustieren`, "
                                     ":aiterm:`Temperature`, :aiterm:`Sampling`.\n", encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert "deutsch.rst" not in app.warning.getvalue()
    links = [(a.get_text(), a["href"]) for a in soup(src / "_build" / "html" / "deutsch.html").select("a.aigloss-term")]
    assert links == [("Eingabe", "glossary.html#aiterm-tuning"), ("Nachjustieren", "glossary.html#aiterm-tuning"),
                     ("Temperature", "glossary.html#aiterm-temperature"),
                     ("Sampling", "glossary.html#aiterm-sampling")]


def test_catalogs_that_are_no_files_are_warned_and_never_block(make_app: MakeApp, tmp_path: Path) -> None:
    src = german(tmp_path / "src")
    pack_mo = src / PACK_PO.with_suffix(".mo")
    pack_mo.unlink()
    pack_mo.mkdir()  # a directory where the catalog should be
    project = src / PROJECT
    project.mkdir(parents=True)
    os.mkfifo(project / "example.mo")  # opening a FIFO would wait for a writer forever
    app = sphinx_run(make_app, src)
    assert warnings(app.warning.getvalue(), src)[:2] == [
        "WARNING: locales/de/LC_MESSAGES/example.mo: cannot be read as a message catalog (OSError: not a regular "
        "file); the glossary shows its English text instead [aigloss.l10n]",
        "WARNING: pack/locale/de/LC_MESSAGES/example.mo: cannot be read as a message catalog (OSError: not a "
        "regular file); the glossary shows its English text instead [aigloss.l10n]"]
    assert soup(src / "_build" / "html" / "glossary.html").select_one("dt#aiterm-tuning")["lang"] == "en"


def test_a_wrong_charset_header_gives_what_the_header_says_and_nothing_breaks(make_app: MakeApp,
                                                                              tmp_path: Path) -> None:
    src = german(tmp_path / "src")
    (src / "deutsch.rst").unlink()
    mo = write(src / PROJECT, "example", {("tuning", "Tuning"): "Größenanpassung"})
    (src / PROJECT / "example.po").unlink()  # (the compiled catalog alone: no .po to compile it again from)
    # The compiled catalog claims code page 437 while its bytes are UTF-8 (a hand-edited
    # header; a name of the same length keeps the file's offsets).
    mo.write_bytes(mo.read_bytes().replace(b"charset=utf-8", b"charset=cp437"))
    app = sphinx_run(make_app, src)
    assert app.warning.getvalue() == ""
    assert soup(src / "_build" / "html" / "glossary.html").select_one("dt#aiterm-tuning").contents[0] == (
        "Größenanpassung".encode().decode("cp437"))
    # An unknown charset is a catalog that cannot be read.
    mo.write_bytes(mo.read_bytes().replace(b"charset=cp437", b"charset=xx-yy"))
    (src / "_build").rename(tmp_path / "old")
    app = sphinx_run(make_app, src)
    assert warnings(app.warning.getvalue(), src)[0].startswith(
        "WARNING: locales/de/LC_MESSAGES/example.mo: cannot be read as a message catalog (LookupError: ")


# -- languages and pack ids --------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "folder", "found"), [
    ("de_DE", "de", True),  # gettext drops the territory
    ("zh_Hans", "zh", True),  # ... and the script
    ("pt-BR", "pt", False),  # but splits at "_" only
    ("pt-BR", "pt-BR", True),
])
def test_catalogs_are_found_where_sphinx_finds_the_pages_catalogs(make_app: MakeApp, tmp_path: Path,
                                                                   language: str, folder: str, found: bool) -> None:
    src = copy_root("l10n", tmp_path / "src")
    (src / "deutsch.rst").unlink()
    shutil.rmtree(src / "pack" / "locale")
    locales = src / "locales" / folder / "LC_MESSAGES"
    write(locales, "example", {("tuning", "Tuning"): "Feinabstimmung"})
    write(locales, "other", {(None, "No term here."): "Kein Begriff hier."})
    app = sphinx_run(make_app, src, confoverrides={"language": language, "locale_dirs": ["nowhere", "locales"]})
    assert "[aigloss" not in app.warning.getvalue()  # (docutils has no "zh_Hans" labels: it says so)
    page = soup(src / "_build" / "html" / "other.html").select_one("section p").get_text()  # type: ignore[union-attr]
    tuning = soup(src / "_build" / "html" / "glossary.html").select_one("dt#aiterm-tuning").contents[0]
    assert (page, tuning) == (("Kein Begriff hier.", "Feinabstimmung") if found else ("No term here.", "Tuning"))


def test_a_pack_id_that_cannot_name_a_file_is_warned_and_writes_nothing_outside(make_app: MakeApp,
                                                                                tmp_path: Path) -> None:
    src = german(tmp_path / "src")
    (src / "deutsch.rst").unlink()
    data = src / "pack" / "terms.toml"
    data.write_text(data.read_text(encoding="utf-8").replace('id = "example"', 'id = "../escape"'), encoding="utf-8")
    app = sphinx_run(make_app, src, "gettext", builddir=src / "_pot")
    assert warnings(app.warning.getvalue(), src) == [
        "WARNING: pack id '../escape' cannot name a catalog file (empty, a leading '.', or a path separator): the "
        "pack's terms are shown in English [aigloss.l10n]",
        "WARNING: pack id '../escape' cannot name a catalog file (empty, a leading '.', or a path separator): no "
        "template is written for it [aigloss.l10n]"]
    assert not list((src / "_pot").glob("**/escape.pot"))


# -- aigloss l10n-status on bad input ------------------------------------------------------------------


def test_l10n_status_on_hostile_catalogs_and_paths(aigloss: Any, tmp_path: Path) -> None:
    src = copy_root("l10n", tmp_path / "src")
    data = ("--packs", "", "--data", str(src / "pack" / "terms.toml"), "l10n-status")
    # A folder that does not exist, or a file: a typo would report no catalogs, so bad usage.
    for where in (tmp_path / "nowhere", src / PACK_PO):
        result = aigloss(*data, "--lang", "de", "--locale-dir", str(where))
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.endswith(f"argument --locale-dir: {str(where)!r} is not a folder\n")
    result = aigloss(*data, "--lang", "de", "--locale-dir", str(tmp_path))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"example ({src / PACK_PO}): 2 translated, 0 fuzzy, 3 untranslated\n")
    # A language folder without a catalog of the pack: the same.
    assert aigloss(*data, "--lang", "de_DE").stdout == result.stdout
    # A catalog Babel passes over in part, as the build's compile does: counted as the build
    # reads it, the problem at its line, exit 1, no traceback.
    bad = tmp_path / "bad" / "de" / "LC_MESSAGES"
    bad.mkdir(parents=True)
    (bad / "example.po").write_text('msgid "unterminated\n', encoding="utf-8")
    result = aigloss(*data, "--lang", "de", "--locale-dir", str(tmp_path / "bad"))
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        f"example ({bad / 'example.po'}, {src / PACK_PO}): 2 translated, 0 fuzzy, 3 untranslated\n"
        "  untranslated: Sampling, Temperature, Prompt\n"
        f"  {bad / 'example.po'}:1: missing msgstr for msgid 'unterminate'; the build compiles the catalog as Babel "
        "reads it\n")
    # A folder where the catalog should be, or binary junk: left out as the build leaves it out,
    # named in its pack's status (in JSON too, which stays JSON), exit 1.
    (bad / "example.po").unlink()
    (bad / "example.po").mkdir()
    unreadable = f"{bad / 'example.po'}: cannot be read as a message catalog (OSError: not a regular file)"
    result = aigloss(*data, "--lang", "de", "--locale-dir", str(tmp_path / "bad"))
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (f"example ({src / PACK_PO}): 2 translated, 0 fuzzy, 3 untranslated\n"
                             "  untranslated: Sampling, Temperature, Prompt\n"
                             f"  {unreadable}; the build warns and leaves it out\n")
    result = aigloss(*data, "--json", "--lang", "de", "--locale-dir", str(tmp_path / "bad"))
    assert (result.returncode, result.stderr) == (1, "")
    status = json.loads(result.stdout)
    assert (status["problems"], status["packs"][0]["problems"]) == ([], [unreadable])
    assert status["packs"][0]["catalogs"] == [str(src / PACK_PO)]
    (bad / "example.po").rmdir()
    (bad / "example.po").write_bytes(b"\x00\xff\xfe junk \x80")
    result = aigloss(*data, "--json", "--lang", "de", "--locale-dir", str(tmp_path / "bad"))
    assert result.returncode == 1
    assert json.loads(result.stdout)["packs"][0]["problems"][0].startswith(
        f"{bad / 'example.po'}: cannot be read as a message catalog (")
    # A data file's problems: on standard error, and in the JSON.
    broken = tmp_path / "broken.toml"
    broken.write_text("format = [", encoding="utf-8")
    result = aigloss("--packs", "", "--data", str(broken), "l10n-status", "--json", "--lang", "de")
    assert result.returncode == 1
    assert json.loads(result.stdout)["problems"] == [line for line in result.stderr.splitlines() if line]
    assert str(broken) in result.stderr
    # A language that would be a path or a folder: refused before any file is read.
    for lang in ("../../etc", "..", "."):
        result = aigloss(*data, "--lang", lang)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.endswith(
            f"argument --lang: {lang!r} is not a language (it names a folder or holds a path separator)\n")
    # Spaces around it, or too long to be one: refused, not read as a folder no build reads.
    for lang in ("de ", "x" * 5000):
        result = aigloss(*data, "--lang", lang)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.endswith("is not a language (spaces around it, or longer than 64 characters)\n")
    result = aigloss(*data, "--lang", "de", "--locale-dir", "")  # not the current folder
    assert (result.returncode, result.stderr.splitlines()[-1]) == (2, "aigloss l10n-status: error: argument "
                                                                     "--locale-dir: '' is not a folder")
    # A locale folder that cannot be entered (root enters any: it runs without the capabilities
    # that let it): named in its pack's status, in JSON too, exit 1; the pack's own are read.
    locked = tmp_path / "locked"
    (locked / "de").mkdir(parents=True)
    locked.chmod(0)
    root = os.geteuid() == 0
    without = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"] if root else []
    try:
        result = subprocess.run([*without, sys.executable, "-m", "sphinx_aigloss", *data, "--json", "--lang", "de",
                                 "--locale-dir", str(locked)], capture_output=True, text=True, check=False)
    finally:
        locked.chmod(0o755)
    assert (result.returncode, result.stderr) == (1, "")
    status = json.loads(result.stdout)
    assert status["packs"][0]["problems"] == [f"{locked}: cannot be searched for catalogs (Permission denied)"]
    assert status["packs"][0]["catalogs"] == [str(src / PACK_PO)]


# -- every builder in German ---------------------------------------------------------------------------


def test_every_builder_shows_the_translation(make_app: MakeApp, tmp_path: Path) -> None:
    src = german(tmp_path / "src")

    def build(name: str) -> Path:
        # (the metadata an EPUB must not leave empty)
        app = sphinx_run(make_app, src, name, builddir=src / f"_{name}",
                         confoverrides={"copyright": "2026, The authors", "version": "1"})
        assert "[aigloss" not in app.warning.getvalue(), app.warning.getvalue()
        return Path(app.outdir)

    entry = "Feinabstimmung (Englisch: Tuning)"
    assert entry in (build("text") / "glossary.txt").read_text(encoding="utf-8")
    man = next(build("man").glob("*.1")).read_text(encoding="utf-8")
    assert "Feinabstimmung" in man
    assert "Anlernen" in man
    texinfo = next(build("texinfo").glob("*.texi")).read_text(encoding="utf-8")
    assert "Feinabstimmung (Englisch: Tuning)" in texinfo
    single = soup(build("singlehtml") / "index.html")
    assert " ".join(single.select_one("dt#aiterm-tuning").get_text().split()) == entry  # type: ignore[union-attr]
    assert single.select_one("dt#aiterm-temperature")["lang"] == "en"  # type: ignore[index]
    assert page_data(single)["tuning"]["english"] == "Tuning"
    dirhtml = soup(build("dirhtml") / "glossary" / "index.html")
    assert [a.get_text() for a in dirhtml.select("nav.aigloss-jump a[lang=en]")] == ["Usage"]
    epub = build("epub")
    book = next(epub.glob("*.epub"))
    report = epubcheck(book)
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report[-3000:]
    xhtml = soup(epub / "glossary.xhtml")
    assert xhtml.select_one("dt#aiterm-temperature")["lang"] == "en"  # type: ignore[index]


# -- catalogs added and removed between builds ---------------------------------------------------------


def test_adding_and_removing_a_catalog_gives_the_fresh_output_and_j2_equals_serial(make_app: MakeApp,
                                                                                   tmp_path: Path) -> None:
    src = german(tmp_path / "src")
    sphinx_run(make_app, src)

    def same_as_fresh(name: str) -> None:
        fresh = tmp_path / name
        shutil.copytree(src, fresh, ignore=shutil.ignore_patterns("_build"))
        sphinx_run(make_app, fresh, parallel=2)
        assert outputs(src, body_only=True) == outputs(fresh, body_only=True)

    # Added: a project catalog that translates Prompt and a category title.
    write(src / PROJECT, "example", {("prompt", "Prompt"): "Eingabe", (CATEGORY_CONTEXT, "Usage"): "Gebrauch"})
    app = sphinx_run(make_app, src)
    assert "[aigloss" not in app.warning.getvalue()
    assert soup(src / "_build" / "html" / "glossary.html").select_one("dt#aiterm-prompt").contents[0] == "Eingabe"
    same_as_fresh("added")
    # Removed: the pack's own catalog (.po and .mo).
    for path in (src / PACK_PO, src / PACK_PO.with_suffix(".mo")):
        path.unlink()
    sphinx_run(make_app, src)
    assert soup(src / "_build" / "html" / "glossary.html").select_one("dt#aiterm-tuning")["lang"] == "en"
    same_as_fresh("removed")


# -- keyboard and axe-core on a German page, in five themes -------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_keyboard_and_axe_on_a_german_page_with_a_card_open(make_app: MakeApp, tmp_path: Path, tabs: Tabs,
                                                            theme: str) -> None:
    """Keyboard only: Tab to a term link (its German card shows), Alt+ArrowUp into the card,
    axe-core (WCAG 2.2 AA, best practices) with the card entered: nothing in our markup, the
    English name marked. Then an untranslated term's card: its English parts marked, audited."""
    assert AXE.exists(), f"{AXE} is missing: run npm ci (tools/test.sh does)"
    src = german(tmp_path / "src")
    sphinx_run(make_app, src, confoverrides=in_theme(theme))
    page = tabs.open((src / "_build" / "html" / "index.html").as_uri(), reduced_motion="reduce")
    tab_to_entry(page, "tuning", "Tuning")
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("Feinabstimmung")
    page.keyboard.press("Alt+ArrowUp")
    assert page.evaluate("document.getElementById('aigloss-card').contains(document.activeElement)")
    assert page.locator(f"{CARD} [lang]").evaluate_all("els => els.map(e => [e.lang, e.textContent])") == [
        ["en", "Tuning"]]
    result = axe_audit(page)
    assert result["violations"] == []
    assert {"valid-lang", "color-contrast"} <= set(result["cardPasses"]), result["cardPasses"]
    page.keyboard.press("Escape")
    hover_card(page, link(page, "Temperature"))
    name = box(page.locator(f"{CARD} .aigloss-card-name"))  # (the pointer on the card: no link's hover colour)
    page.mouse.move(name["x"] + 2, name["y"] + name["height"] / 2)
    marked = page.locator(f"{CARD} [lang]").evaluate_all("els => els.map(e => e.className)")
    assert marked == ["aigloss-card-name", "aigloss-card-category", "aigloss-card-definition"]
    assert axe_audit(page)["violations"] == []


def test_the_relations_list_marks_english_names(make_app: MakeApp, tmp_path: Path) -> None:
    """Without dot the map is a list of relations: its English names are marked as the entries'."""
    src = german(tmp_path / "src")
    (src / "deutsch.rst").unlink()
    data = src / "pack" / "terms.toml"  # (relations to list: Temperature relates to Sampling)
    data.write_text(data.read_text(encoding="utf-8").replace('definition = "How random Sampling is."',
                                                             'definition = "How random Sampling is."\n'
                                                             'related = ["Tuning"]'), encoding="utf-8")
    app = sphinx_run(make_app, src, confoverrides={"graphviz_dot": "no-such-dot"})
    assert [line.split(": WARNING: ")[1][:31] for line in warnings(app.warning.getvalue(), src)] == [
        "cannot draw the concept map: Gr"]
    relations = soup(src / "_build" / "html" / "glossary.html").select_one("ul.aigloss-map-relations")
    assert relations is not None
    names = [(a.get_text(), a.find(lang="en") is not None) for a in relations.select("a")]
    assert names == [("Feinabstimmung", False), ("Temperature", True)]

