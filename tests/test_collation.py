"""The glossary in the language's alphabetical order (PRODUCT §13, issue 24 item 4): the
Unicode Collation Algorithm with tailorings, the same on every machine.

``tests/roots/test-collate`` holds names whose order by code point, by German collation and
by Swedish collation all differ; it is built in German and in Swedish (names need no
translation), and once more in Swedish under other locales and with ``-j 2``."""

from __future__ import annotations

import locale
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import collation, load_glossary, normalise
from sphinx_aigloss.core.collation import TAILORINGS, name_order, sort_key
from tests.test_build_modes import outputs
from tests.util import soup

# -- the order of names, without Sphinx -------------------------------------------------------

WORDS = ["Zorro", "Oz", "öl", "Øre", "Ål", "ångström", "Ähre", "Äpfel", "apple", "Æra", "Ära", "nube",
         "Ñandú", "nz", "Lody", "Łódź", "éclair", "Eclair", "eclair"]
ORDERS = {
    # DUCET's root order: accents and case count only between otherwise equal names.
    "": ["Æra", "Ähre", "Ål", "ångström", "Äpfel", "apple", "Ära", "eclair", "Eclair", "éclair", "Lody",
         "Łódź", "Ñandú", "nube", "nz", "öl", "Øre", "Oz", "Zorro"],
    "sv": ["apple", "eclair", "Eclair", "éclair", "Lody", "Łódź", "Ñandú", "nube", "nz", "Oz", "Zorro",
           "Ål", "ångström", "Ähre", "Äpfel", "Ära", "Æra", "öl", "Øre"],
    "da": ["apple", "eclair", "Eclair", "éclair", "Lody", "Łódź", "Ñandú", "nube", "nz", "Oz", "Zorro",
           "Ähre", "Äpfel", "Æra", "Ära", "öl", "Øre", "Ål", "ångström"],
    "es": ["Æra", "Ähre", "Ål", "ångström", "Äpfel", "apple", "Ära", "eclair", "Eclair", "éclair", "Lody",
           "Łódź", "nube", "nz", "Ñandú", "öl", "Øre", "Oz", "Zorro"],
    "pl": ["Æra", "Ähre", "Ål", "ångström", "Äpfel", "apple", "Ära", "eclair", "Eclair", "éclair", "Lody",
           "Łódź", "Ñandú", "nube", "nz", "öl", "Øre", "Oz", "Zorro"],
}
SAME = {"de": "", "en": "", "fr": "", "fi": "sv", "nb": "da", "nn": "da", "no": "da", "sv_SE": "sv", "sv-FI": "sv",
        "SV": "sv", "es_MX": "es"}


@pytest.mark.parametrize("language", [*ORDERS, *SAME])
def test_names_sort_by_the_languages_alphabet(language: str) -> None:
    expected = ORDERS[SAME.get(language, language)]
    assert sorted(WORDS, key=name_order(language)) == expected
    assert sorted(reversed(WORDS), key=name_order(language)) == expected


def test_polish_letters_follow_their_base_letter() -> None:
    words = ["ćma", "cz", "łza", "lz", "źle", "żaba", "zz", "óda", "oz", "ąb", "az"]
    assert sorted(words, key=name_order("pl")) == ["az", "ąb", "cz", "ćma", "lz", "łza", "oz", "óda", "zz", "źle",
                                                   "żaba"]
    # The root order: accented letters with their base letter (DUCET has "ł" as a letter of its own).
    assert sorted(words, key=name_order("")) == ["ąb", "az", "ćma", "cz", "lz", "łza", "óda", "oz", "żaba", "źle",
                                                 "zz"]


def test_every_tailoring_is_a_permutation_of_letters_after_a_letter() -> None:
    for language, rules in TAILORINGS.items():
        letters = [letter for _anchor, groups in rules for group in groups for letter in group.split()]
        assert len(letters) == len(set(letters)), language
        assert all(len(anchor) == 1 and anchor.isascii() and anchor.islower() for anchor, _ in rules), language


def test_ties_never_depend_on_the_input_order() -> None:
    """Names equal but for spaces, hyphens, case, accents or composition get one total order."""
    names = ["Pre training", "Pre-training", "Pretraining", "pretraining", "PRETRAINING", "Prétraining",
             "Pre\u0301training", "Pre\u2011training", "Prefix tuning"]
    expected = sorted(names, key=name_order("sv"))
    rng = random.Random(24)
    for _ in range(20):
        rng.shuffle(names)
        assert sorted(names, key=name_order("sv")) == expected
    assert expected[0] == "Prefix tuning"  # spaces and punctuation count only between equal names
    assert len({sort_key(name, "sv") for name in names}) == len(names)


def test_the_canonical_pack_keeps_its_english_order() -> None:
    """UCA orders the shipped pack's names as the earlier folded, code-point order did."""
    glossary, _ = load_glossary()
    for category, terms in glossary.by_category():
        names = [term.name for term in terms]
        assert names == [t.name for t in sorted(terms, key=lambda t: (normalise(t.name), t.id))], category


# -- ASCII names without pyuca's table -------------------------------------------------------

PRINTABLE = [chr(code) for code in range(0x20, 0x7F)]


def uca_sort_key(name: str, language: str) -> collation.SortKey:
    """``sort_key`` with every element from pyuca's table, as before ASCII names had a path of their own."""
    def key(text: str) -> tuple[int, ...]:
        return collation._key(collation._uca_elements(text, collation.base_language(language)))
    return key(collation._letters_only(name)), key(name), name


def test_the_ascii_weights_are_ducets() -> None:
    """One element per printable ASCII character, pyuca's own, and no contraction of two."""
    assert sorted(collation._ASCII) == PRINTABLE
    for first in PRINTABLE:
        assert collation._uca_elements(first, "") == [collation._ASCII[first]], first
        for second in PRINTABLE:
            pair = collation._uca_elements(first + second, "")
            assert pair == [collation._ASCII[first], collation._ASCII[second]], first + second


@pytest.mark.parametrize("language", ["", "sv", "da", "es", "pl"])
def test_ascii_names_sort_as_with_pyucas_table(language: str) -> None:
    """Random names (words with capitals, digits and punctuation, any printable ASCII, and
    some with a non-ASCII letter among them) get the same keys, so the same order."""
    rng = random.Random(f"collate2-{language}")
    alphabets = ["aAbBeEzZ -'.", "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789-_.,()/&+", "".join(PRINTABLE)]
    names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
             for alphabet in alphabets for _ in range(200)]
    names += [name[:2] + rng.choice("äåöñłÉ·") + name[2:] for name in rng.sample(names, 60)]
    assert sorted(names, key=name_order(language)) == sorted(names, key=lambda name: uca_sort_key(name, language))
    assert all(sort_key(name, language) == uca_sort_key(name, language) for name in names)


def test_english_names_never_load_pyuca() -> None:
    """The extension, "aigloss check" and the shipped pack sorted in English or Swedish leave
    pyuca unimported (its table costs a tenth of a second per build); a name that needs it loads it."""
    script = """if True:
        import sys
        import sphinx_aigloss, sphinx_aigloss.check, sphinx_aigloss.cli
        from sphinx_aigloss.core import load_glossary
        from sphinx_aigloss.core.collation import name_order
        glossary, _ = load_glossary()
        for language in ("en", "sv"):
            glossary.language = language
            assert glossary.by_category()
            assert sorted(["Zebra", "apple", "A/B test"], key=name_order(language))[0] == "A/B test"
        before = "pyuca" in sys.modules
        sorted(["Zebra", "Ähre"], key=name_order("sv"))
        print(before, "pyuca" in sys.modules)
    """
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout == "False True\n"


# -- the glossary pages, built ----------------------------------------------------------------

GERMAN = ["Ähre", "Ål", "apfel", "Bär", "Ebene", "Éclair", "öl", "Zucker",
          "Offene Quelle (OQ)", "Öffentliche Schnittstelle (ÖS)", "Zentrale Einheit (ZE)"]
SWEDISH = ["apfel", "Bär", "Ebene", "Éclair", "Zucker", "Ål", "Ähre", "öl",
           "Offene Quelle (OQ)", "Zentrale Einheit (ZE)", "Öffentliche Schnittstelle (ÖS)"]
#: ``:sort: source``: the data file's order, whatever the language.
SOURCE = ["Zucker", "Ähre", "öl", "apfel", "Ål", "Éclair", "Bär", "Ebene",
          "Zentrale Einheit (ZE)", "Öffentliche Schnittstelle (ÖS)", "Offene Quelle (OQ)"]


def swedish_locale(folder: Path) -> dict[str, str]:
    """The environment of a Swedish locale: the machine's, or else one compiled into ``folder``
    from Debian's locale data (package ``locales``), found through ``LOCPATH``."""
    env = {"LC_ALL": "sv_SE.UTF-8", "LANG": "sv_SE.UTF-8", "LANGUAGE": "sv"}
    if "sv_SE.utf8" in subprocess.run(["locale", "-a"], capture_output=True, text=True, check=True).stdout.split():
        return env
    folder.mkdir(parents=True)
    subprocess.run(["localedef", "-i", "sv_SE", "-f", "UTF-8", str(folder / "sv_SE.UTF-8")], check=True,
                   capture_output=True)
    return {**env, "LOCPATH": str(folder)}


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return soup(Path(app.outdir) / f"{name}.html")


def entries(app: SphinxTestApp, name: str) -> list[str]:
    return [dt.get_text(" ", strip=True) for dt in page(app, name).select("dl.aigloss-glossary > dt")]


def jump_bar(app: SphinxTestApp, name: str) -> list[str]:
    return [a.get_text() for a in page(app, name).select("nav.aigloss-jump a")]


def abbreviations(app: SphinxTestApp) -> list[str]:
    return [dt.get_text(" ", strip=True) for dt in page(app, "abbreviations").select("div.body dl > dt")]


@pytest.mark.sphinx("html", testroot="collate", srcdir="collate-de", confoverrides={"language": "de"})
def test_german_sorts_umlauts_with_their_letter(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert entries(app, "index") == GERMAN  # :sort: alphabetical
    assert entries(app, "default") == GERMAN  # no :sort: option
    assert entries(app, "source") == SOURCE
    assert abbreviations(app) == ["OQ", "ÖS", "ZE"]
    assert jump_bar(app, "index") == ["Wörter", "Andere"]  # categories keep the data's order


@pytest.mark.sphinx("html", testroot="collate", srcdir="collate-sv", confoverrides={"language": "sv"})
def test_swedish_sorts_a_o_with_rings_and_umlauts_after_z_on_every_machine(app: SphinxTestApp,
                                                                           tmp_path: Path) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert entries(app, "index") == SWEDISH
    assert entries(app, "default") == SWEDISH
    assert entries(app, "source") == SOURCE
    assert abbreviations(app) == ["OQ", "ZE", "ÖS"]
    assert jump_bar(app, "index") == ["Wörter", "Andere"]
    # The in-process build sorted under the C locale (Python sets no collation locale of its
    # own); sphinx-build, which sets the one of its environment, gives the same bytes under a
    # Swedish locale and in parallel.
    assert locale.setlocale(locale.LC_COLLATE) == "C"
    env = {**os.environ, **swedish_locale(tmp_path / "locales")}
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", "2", "-D", "language=sv",
                          str(app.srcdir), str(tmp_path / "swedish" / "_build" / "html")],
                         env=env, capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stderr) == (0, "")
    parallel, serial = outputs(tmp_path / "swedish"), outputs(Path(app.outdir).parent.parent)
    # objects.inv aside: in a process that built in German before, Sphinx's own label titles
    # ("py-modindex") keep their German text; the inventory's order is Sphinx's anyway.
    del parallel["objects.inv"], serial["objects.inv"]
    assert parallel == serial
