"""Plural entries (``msgid_plural``) in a glossary's catalogs, under attack: fuzzy, stale,
on a file's last line, past the plural forms, a catalog reached by several folders, changed
between builds. They translate nothing; the build says so once per catalog file, at an entry
the compiled catalog holds. Projects are copies of ``tests/roots/test-l10n`` (see
``test_l10n_hostile``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from sphinx_aigloss.core.l10n import Plurals, plural_entries, read_catalog
from tests.test_l10n_hostile import PACK_PO, PROJECT, german, write, write_mo_from_po
from tests.util import Aigloss, MakeApp, copy_root, soup, sphinx_run, warnings


def test_plural_entries_are_counted_at_the_first_one(tmp_path: Path) -> None:
    """Where the build's warning about plural entries points: the first one's msgid in the .po
    beside the compiled catalog, or the compiled catalog itself when it stands alone."""
    mo = write(tmp_path, "example", {("tuning", "Tuning"): "Feinabstimmung", ("a", ("One", "Ones")): ("E", "Es"),
                                     ("b", ("Two", "Twos")): ("Z", "Zs")})
    lines = (tmp_path / "example.po").read_text(encoding="utf-8").splitlines()
    first = lines.index('msgid "One"') + 1
    po = tmp_path / "example.po"
    assert plural_entries(mo, read_catalog(mo, language="de"), language="de") == Plurals(2, po, first)
    assert plural_entries(po, read_catalog(po, language="de"), language="de") == Plurals(2, po, first)
    po.unlink()
    assert plural_entries(mo, read_catalog(mo, language="de"), language="de") == Plurals(2, mo, 0)
    po.write_text('msgctxt "a"\nmsgid "One"\nmsgstr "E"\n', encoding="utf-8")  # stale: its entry is no plural now
    assert plural_entries(mo, read_catalog(mo, language="de"), language="de") == Plurals(2, mo, 0)
    single = write(tmp_path / "single", "example", {("tuning", "Tuning"): "Feinabstimmung"})
    assert plural_entries(single, read_catalog(single, language="de"), language="de") is None
    # A plural entry with a term's name after its single message: Babel merges the two, keeping
    # the single one's line; the warning names the plural entry's own.
    po = single.with_suffix(".po")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgctxt "tuning"\nmsgid "Tuning"\nmsgid_plural "Tunings"\n'
                  'msgstr[0] "Abstimmung"\nmsgstr[1] "Abstimmungen"\n', encoding="utf-8")
    write_mo_from_po(po)
    line = len(po.read_text(encoding="utf-8").splitlines()) - 3
    assert plural_entries(single, read_catalog(single, language="de"), language="de") == Plurals(1, po, line)


#: A project catalog (as a translator writes it, compiled by the build) whose first plural
#: entry is fuzzy: the compiled catalog leaves it out, so the warning names the second.
PLURALS_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, fuzzy
msgctxt "a"
msgid "Draft"
msgid_plural "Drafts"
msgstr[0] "Entwurf"
msgstr[1] "Entwürfe"

msgctxt "b"
msgid "Example"
msgid_plural "Examples"
msgstr[0] "Beispiel"
msgstr[1] "Beispiele"

msgctxt "prompt"
msgid "Prompt"
msgstr "Eingabe"
"""


def test_plural_entries_once_per_catalog_file_at_an_entry_it_holds(make_app: MakeApp, tmp_path: Path) -> None:
    """Each catalog file is read and warned about once, however many folders lead to it (a link,
    "./locales", the pack's own folder as a project folder), named with its hidden characters
    escaped; the line is that of an entry the compiled catalog holds. A catalog changed between
    builds gives the warnings of a fresh build, once each, on an incremental one."""
    src = german(tmp_path / "src")
    with (src / PACK_PO).open("a", encoding="utf-8") as stream:  # a plural entry on the file's last line
        stream.write('\nmsgctxt "z"\nmsgid "Zed"\nmsgid_plural "Zeds"\nmsgstr[0] "Zet"\nmsgstr[1] "Zets"')
    write_mo_from_po(src / PACK_PO)
    last = len((src / PACK_PO).read_text(encoding="utf-8").splitlines()) - 3  # its msgid
    (src / PROJECT).mkdir(parents=True)
    (src / PROJECT / "example.po").write_text(PLURALS_PO, encoding="utf-8")  # compiled by the build
    (src / "odd\nlink").symlink_to("locales")  # a second way to the folder, its name escaped in the warning
    folders = {"locale_dirs": ["odd\nlink", "./locales", "pack/locale"]}
    plural = ("WARNING: plural entries (msgid_plural) are ignored, 1 in this catalog: a term's names and "
              "definition and a category's title are single messages (msgid, msgstr) [aigloss.l10n]")

    def plural_warnings(app: Any) -> list[str]:
        return [line for line in warnings(app.warning.getvalue(), src) if "msgid_plural" in line]

    app = sphinx_run(make_app, src, confoverrides=folders)
    assert plural_warnings(app) == [f"odd\\nlink/de/LC_MESSAGES/example.po:14: {plural}", f"{PACK_PO}:{last}: {plural}"]
    # The project's plural entry removed: an incremental build says what a fresh one says.
    entries = PLURALS_PO.split("\n\n")
    (src / PROJECT / "example.po").write_text("\n\n".join(entries[:2] + entries[3:]), encoding="utf-8")
    os.utime(src / PROJECT / "example.po", (1e10, 1e10))  # newer than the compiled catalog, whatever the clock
    incremental = plural_warnings(sphinx_run(make_app, src, confoverrides=folders))
    fresh = tmp_path / "fresh"
    shutil.copytree(src, fresh, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    app = sphinx_run(make_app, fresh, confoverrides=folders)
    assert incremental == [line.replace(str(fresh) + "/", "") for line in plural_warnings(app)] == [
        f"{PACK_PO}:{last}: {plural}"]


def test_what_compiling_a_catalog_passes_over_is_a_warning_with_file_and_line(
        make_app: MakeApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ``.po`` the build compiles with a ``msgstr[n]`` past its plural forms: Babel compiles
    it anyway and printed why on standard output, without the file; now a typed warning at the
    entry. The plural warning then names the compiled catalog (no line to point at), as text,
    not as a location Sphinx would read as a page ("example.mo.rst")."""
    src = german(tmp_path / "src")
    (src / PROJECT).mkdir(parents=True)
    (src / PROJECT / "example.po").write_text(PLURALS_PO.replace('msgstr[1] "Beispiele"', 'msgstr[2] "Beispiele"'),
                                              encoding="utf-8")
    capsys.readouterr()
    app = sphinx_run(make_app, src)
    assert capsys.readouterr().out == ""
    assert [line for line in warnings(app.warning.getvalue(), src) if "[aigloss" in line] == [
        f"{PROJECT}/example.po:14: WARNING: msg has more translations than num_plurals of catalog; the catalog is "
        "compiled as Babel reads it, which may differ from what is written [aigloss.l10n]",
        f"WARNING: {PROJECT}/example.mo: plural entries (msgid_plural) are ignored, 1 in this catalog: a term's "
        "names and definition and a category's title are single messages (msgid, msgstr) [aigloss.l10n]"]
    assert soup(src / "_build" / "html" / "glossary.html").select_one("dt#aiterm-prompt").contents[0] == "Eingabe"


def _catalog_without_plural_forms(forms: list[str]) -> str:
    """A project catalog without a ``Plural-Forms`` header (Babel takes the plural rules from
    the language then), with one plural entry of ``forms`` at line 10."""
    translations = "".join(f'msgstr[{index}] "{form}"\n' for index, form in enumerate(forms))
    return ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgctxt "prompt"\nmsgid "Prompt"\nmsgstr "Eingabe"\n\n'
            f'msgctxt "b"\nmsgid "Example"\nmsgid_plural "Examples"\n{translations}')


#: Russian has three plural forms, Japanese one: what the .po files write (the first right,
#: the second two forms as English has), the build's aigloss warnings and ``aigloss
#: l10n-status``'s exit status, output and errors.
PLURAL_RULES = [
    ("ru", ["Пример", "Примера", "Примеров"], [
        "locales/ru/LC_MESSAGES/example.po:10: WARNING: plural entries (msgid_plural) are ignored, 1 in this catalog: "
        "a term's names and definition and a category's title are single messages (msgid, msgstr) [aigloss.l10n]"],
     (0, "example (src/locales/ru/LC_MESSAGES/example.po): 0 translated, 0 fuzzy, 5 untranslated\n"
         "  untranslated: Tuning, Reward Model, Sampling, Temperature, Prompt\n"
         "  plural entries (msgid_plural), which the build ignores: 1 (1 translated, 0 fuzzy, 0 untranslated, "
         "0 missing forms)\n", "")),
    ("ja", ["例", "例"], [
        "locales/ja/LC_MESSAGES/example.po:10: WARNING: msg has more translations than num_plurals of catalog; the "
        "catalog is compiled as Babel reads it, which may differ from what is written [aigloss.l10n]",
        "WARNING: locales/ja/LC_MESSAGES/example.mo: plural entries (msgid_plural) are ignored, 1 in this catalog: "
        "a term's names and definition and a category's title are single messages (msgid, msgstr) [aigloss.l10n]"],
     (1, "example (src/locales/ja/LC_MESSAGES/example.po): 0 translated, 0 fuzzy, 5 untranslated\n"
         "  untranslated: Tuning, Reward Model, Sampling, Temperature, Prompt\n"
         "  plural entries (msgid_plural), which the build ignores: 1 (1 translated, 0 fuzzy, 0 untranslated, "
         "0 missing forms)\n"
         "  src/locales/ja/LC_MESSAGES/example.po:10: msg has more translations than num_plurals of catalog; the "
         "build compiles the catalog as Babel reads it\n", "")),
]


@pytest.mark.parametrize(("language", "forms", "expected", "status"), PLURAL_RULES, ids=["ru", "ja"])
def test_catalogs_are_read_with_the_plural_rules_of_the_build_language(
        make_app: MakeApp, aigloss: Aigloss, tmp_path: Path, language: str, forms: list[str], expected: list[str],
        status: tuple[int, str, str]) -> None:
    """A ``.po`` without ``Plural-Forms`` is read, when compiled, when its plural entries are
    looked up and by ``aigloss l10n-status``, with the plural rules of the build's language, as
    Sphinx compiles it: three Russian forms are right, two Japanese ones one too many (two forms
    is Babel's guess without a language). The status reads what the build reads and names the
    problem at its line, as the build does."""
    src = copy_root("l10n", tmp_path / "src")
    folder = src / "locales" / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "example.po").write_text(_catalog_without_plural_forms(forms), encoding="utf-8")
    app = sphinx_run(make_app, src, confoverrides={"language": language})
    assert [line for line in warnings(app.warning.getvalue(), src) if "[aigloss.l10n]" in line] == expected
    assert soup(src / "_build" / "html" / "glossary.html").select_one("dt#aiterm-prompt").contents[0] == "Eingabe"
    result = aigloss("--packs", "", "--data", "src/pack/terms.toml", "l10n-status", "--lang", language,
                     "--locale-dir", "src/locales")
    assert (result.returncode, result.stdout, result.stderr) == status


def test_l10n_status_counts_plural_entries(aigloss: Aigloss, tmp_path: Path) -> None:
    """``aigloss l10n-status`` counts the plural entries the build ignores as it counts terms
    (translated, fuzzy, untranslated), and those missing some of the language's forms, over
    every catalog read; none, and the text says nothing of them."""
    src = copy_root("l10n", tmp_path / "src")
    (src / PROJECT).mkdir(parents=True)
    (src / PROJECT / "example.po").write_text(
        PLURALS_PO + '\nmsgctxt "c"\nmsgid "Run"\nmsgid_plural "Runs"\nmsgstr[0] ""\nmsgstr[1] ""\n'
        '\nmsgctxt "d"\nmsgid "Step"\nmsgid_plural "Steps"\nmsgstr[0] "Schritt"\nmsgstr[1] ""\n', encoding="utf-8")
    data = ("--packs", "", "--data", "src/pack/terms.toml", "l10n-status", "--lang", "de")
    result = aigloss(*data, "--locale-dir", "src/locales")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"example (src/{PROJECT}/example.po, src/{PACK_PO}): 2 translated, 0 fuzzy, 3 untranslated\n"
        "  untranslated: Sampling, Temperature, Prompt\n"
        "  plural entries (msgid_plural), which the build ignores: 4 (1 translated, 1 fuzzy, 1 untranslated, "
        "1 missing forms)\n")
    counted = json.loads(aigloss(*data, "--locale-dir", "src/locales", "--json").stdout)["packs"][0]["plural_entries"]
    assert counted == {"count": 4, "translated": 1, "fuzzy": 1, "untranslated": 1, "missing_forms": 1}
    result = aigloss(*data)  # the pack's own catalog: no plural entries
    assert result.stdout == (f"example (src/{PACK_PO}): 2 translated, 0 fuzzy, 3 untranslated\n"
                             "  untranslated: Sampling, Temperature, Prompt\n")
