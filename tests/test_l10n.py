"""Translated glossaries (PRODUCT §13, issue 24): the gettext workflow end to end on
``tests/roots/test-l10n``, an English project with ``language = "de"`` and a small example
pack whose German catalog (an example written for these tests) sits beside its data file.

One project for the module, made the way a project's translators work: ``-b gettext``, then
``sphinx-intl update`` (the pages' and the pack's ``.po`` files), a few translations filled
in, ``sphinx-intl build``, and the German HTML build every test reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import expect
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp
from sphinx_intl.commands import main as sphinx_intl

from sphinx_aigloss.core import load_file
from sphinx_aigloss.core.l10n import CATEGORY_CONTEXT, term_messages
from sphinx_aigloss.search import DATA as SEARCH_DATA
from tests.helpers import Once, compile_pdf
from tests.test_build_modes import outputs, written
from tests.test_hover import Tabs, hover_card, link, tabs  # noqa: F401 -- the fixture, used by name
from tests.util import MakeApp, cards, copy_root, soup, sphinx_run, warnings

#: The German translations of the pages (msgid -> msgstr), made for these tests. A translated
#: reference names the term by its German name: the role normalises both to the same target,
#: which is what Sphinx compares (no i18n.inconsistent_references warning).
PAGES = {
    "index": {"The :aiterm:`Tuning` of a model. In short: :aidef:`Reward Model`. See also :aiterm:`Temperature`.":
              "Die :aiterm:`Feinabstimmung` eines Modells. Kurz: :aidef:`Reward Model`. Siehe auch "
              ":aiterm:`temperature`."},
    "prose": {"Tuning needs data.": "Feinabstimmung braucht Daten."},
}
#: The project's own translation of a pack message (it wins over the pack's "Belohnungsmodell").
PROJECT_PACK = {("reward-model", "Reward Model"): "Bewertungsmodell"}
#: The project's own translation of one of our labels (it wins over ours, "Weiterlesen").
PROJECT_LABELS = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Read more"\nmsgstr "Mehr erfahren"\n')


def fill(po: Path, translations: dict[Any, str]) -> None:
    """Fill in some msgstr of a .po file (keys: msgid, or (msgctxt, msgid))."""
    with po.open("rb") as stream:
        catalog = read_po(stream)
    for key, text in translations.items():
        context, msgid = key if isinstance(key, tuple) else (None, key)
        message = catalog.get(msgid, context=context)
        assert message is not None, key
        message.string = text
    with po.open("wb") as stream:
        write_po(stream, catalog)


def intl(*args: str) -> None:
    assert sphinx_intl(list(args), standalone_mode=False) in (None, 0)


def make_templates(make_app: MakeApp, folder: Path) -> SphinxTestApp:
    src = copy_root("l10n", folder / "src")
    intl("build", "-d", str(src / "pack" / "locale"))  # as the pack's author ships it
    return sphinx_run(make_app, src, "gettext", builddir=src / "_pot")


def pot_build(once: Once) -> SphinxTestApp:
    """The test root and its message templates (``-b gettext``), made once for the module."""
    return once.get("templates", make_templates)


def project_src(once: Once) -> Path:
    """The source folder of the module's translated project (``pot_build``, then ``german_build``)."""
    return Path(pot_build(once).srcdir)


def german_build(once: Once) -> SphinxTestApp:
    """The same project translated into German from its templates, as a translator would with
    sphinx-intl, and built: once for the module."""
    pot = Path(pot_build(once).outdir)
    src = project_src(once)

    def translate(make_app: MakeApp, _folder: Path) -> SphinxTestApp:
        locales = src / "locales"
        intl("update", "-p", str(pot), "-l", "de", "-d", str(locales))
        for page, translations in PAGES.items():
            fill(locales / "de" / "LC_MESSAGES" / f"{page}.po", translations)
        fill(locales / "de" / "LC_MESSAGES" / "example.po", PROJECT_PACK)
        (locales / "de" / "LC_MESSAGES" / "sphinx_aigloss.po").write_text(PROJECT_LABELS, encoding="utf-8")
        intl("build", "-d", str(locales))
        return sphinx_run(make_app, src)

    return once.get("german", translate)


def german_page(once: Once, name: str) -> BeautifulSoup:
    return soup(Path(german_build(once).outdir) / f"{name}.html")


def text(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text().split())


# -- the templates -----------------------------------------------------------------------------


def test_gettext_writes_a_template_per_pack_with_every_name_and_definition(
        once: Once, make_app: MakeApp) -> None:
    app = pot_build(once)
    assert app.warning.getvalue() == ""
    with (Path(app.outdir) / "example.pot").open("rb") as stream:
        template = read_po(stream)
    found = [(message.context, message.id) for message in template if message.id]
    pack = load_file(project_src(once) / "pack" / "terms.toml")
    assert found == [*((term.id, text) for term in pack.terms for text in term_messages(term)),
                     (CATEGORY_CONTEXT, "Training"), (CATEGORY_CONTEXT, "Usage")]  # the categories' titles
    assert ("reward-model", "RM") in found
    assert ("tuning", "Adjusting") in found
    assert all(message.string == "" and message.locations == [("pack/terms.toml", None)]
               for message in template if message.id)
    # A second run leaves the file as it is (only its creation date would change).
    before = (Path(app.outdir) / "example.pot").stat().st_mtime_ns
    again = sphinx_run(make_app, project_src(once), "gettext", builddir=project_src(once) / "_pot")
    assert (Path(again.outdir) / "example.pot").stat().st_mtime_ns == before


def test_a_page_named_like_a_pack_shares_its_catalog(make_app: MakeApp, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_aigloss"]\nlanguage = "de"\naigloss_packs = []\n'
                                 'aigloss_data_files = ["glossary.toml"]\n', encoding="utf-8")
    (src / "glossary.toml").write_text('[[terms]]\nname = "Widget"\ncategory = "Things"\n'
                                       'definition = "A small part."\n', encoding="utf-8")
    (src / "index.rst").write_text("Glossary\n========\n\nSome words.\n\n.. aigloss:glossary::\n", encoding="utf-8")
    (src / "glossary.rst").write_text(":orphan:\n\nWords\n=====\n\nMore words.\n", encoding="utf-8")
    pot = src / "_pot" / "gettext" / "glossary.pot"
    for _run in range(2):  # a second run leaves one copy of each message
        assert sphinx_run(make_app, src, "gettext", builddir=src / "_pot").warning.getvalue() == ""
        with pot.open("rb") as stream:
            template = read_po(stream)
        assert sorted((m.context or "", m.id) for m in template if m.id) == [
            ("", "More words."), ("", "Words"), (CATEGORY_CONTEXT, "Things"), ("widget", "A small part."),
            ("widget", "Widget")]
    intl("update", "-p", str(pot.parent), "-l", "de", "-d", str(src / "locales"))
    fill(src / "locales" / "de" / "LC_MESSAGES" / "glossary.po",
         {"More words.": "Mehr Wörter.", ("widget", "Widget"): "Dings"})
    intl("build", "-d", str(src / "locales"))
    app = sphinx_run(make_app, src)
    assert app.warning.getvalue() == ""
    assert text(soup(Path(app.outdir) / "glossary.html").select_one("section p")) == "Mehr Wörter."
    assert text(soup(Path(app.outdir) / "index.html").select_one("dt#aiterm-widget")) == "Dings (Englisch: Widget)"


# -- the German build --------------------------------------------------------------------------


def test_the_german_build_has_no_warnings(once: Once, make_app: MakeApp) -> None:
    assert german_build(once).warning.getvalue() == ""


def test_glossary_entries_show_translations_english_names_and_mark_english_text(
        once: Once, make_app: MakeApp) -> None:
    page = german_page(once, "glossary")
    entries = {dt.get("id"): dt for dt in page.select("dl.aigloss-glossary > dt")}
    tuning, reward = entries["aiterm-tuning"], entries["aiterm-reward-model"]
    assert text(tuning) == "Feinabstimmung (Englisch: Tuning)"
    assert tuning.get("lang") is None
    assert tuning.select_one(".aigloss-english > [lang=en]").get_text() == "Tuning"
    assert text(reward) == "Bewertungsmodell (RM) (Englisch: Reward Model)"  # the project's translation
    assert text(reward.find_next_sibling("dd").p) == (
        "Ein Modell, das Ausgaben bewertet, genutzt bei der Feinabstimmung.")  # the pack's
    assert reward.find_next_sibling("dd").p.a["href"] == "#aiterm-tuning"  # a translated name in a definition
    # Untranslated (Temperature: an empty msgstr; Prompt: none): English, marked so.
    for key in ("aiterm-temperature", "aiterm-prompt"):
        assert entries[key]["lang"] == "en"
        assert entries[key].find_next_sibling("dd").p["lang"] == "en"
    # Markup in a translation is text.
    sampling = entries["aiterm-sampling"].find_next_sibling("dd")
    assert text(sampling.p) == "<b>Zufällige</b> Wahl des nächsten Tokens <script>alert(1)</script>."
    assert sampling.find("b") is None
    assert sampling.find("script") is None
    assert "lang" not in sampling.p.attrs
    # Its name is not translated: the heading is marked English, the definition is not.
    assert entries["aiterm-sampling"]["lang"] == "en"
    # Reward Model's abbreviation stays English inside a German heading: marked on its own.
    assert reward.get("lang") is None
    assert reward.select_one(".aigloss-other-form")["lang"] == "en"
    # Category headings and the jump bar: a translated title ("Training": "Anlernen"), an English one marked.
    headings = [(h.get_text(), h.get("lang")) for h in page.select(".aigloss-glossary-tools p.rubric")]
    assert headings == [("Anlernen", None), ("Usage", "en")]
    jump = [(a.get_text(), a.get("lang"), a["href"]) for a in page.select("nav.aigloss-jump a")]
    assert jump == [("Anlernen", None, "#aigloss-category-anlernen"), ("Usage", "en", "#aigloss-category-usage")]
    # The concept map labels the nodes and clusters with the shown names; English ones are marked
    # on their own group (a node's, a cluster label's).
    svg = page.select_one(".aigloss-map svg")
    assert svg is not None
    labels = {text(g.find("text")): g.get("lang") for g in svg.select("g.node, g.cluster")}
    assert labels == {"Anlernen": None, "Feinabstimmung": None, "Bewertungsmodell": None, "Usage": "en",
                      "Sampling": "en", "Temperature": "en", "Prompt": "en"}


def test_roles_and_automatic_linking_resolve_translated_and_english_names(
        once: Once, make_app: MakeApp) -> None:
    index = german_page(once, "index")
    links = {a.get_text(): a["href"] for a in index.select("a.aigloss-term")}
    assert links == {"Feinabstimmung": "glossary.html#aiterm-tuning",
                     "Reward Model": "glossary.html#aiterm-reward-model",
                     "temperature": "glossary.html#aiterm-temperature"}
    aidef = index.select_one(".aigloss-inline-definition")
    assert text(aidef) == ("Reward Model (RM) (Englisch: Reward Model): Ein Modell, das Ausgaben bewertet, "
                           "genutzt bei der Feinabstimmung.")
    # A translated paragraph is linked automatically by the translated name.
    prose_page = german_page(once, "prose")
    prose = {a.get_text(): a["href"] for a in prose_page.select("p > a.aigloss-term")}
    assert prose == {"Feinabstimmung": "glossary.html#aiterm-tuning"}
    # A definition block shows the translation too.
    block = prose_page.select_one(".aigloss-definition")
    assert text(block) == ("Feinabstimmung (Englisch: Tuning) — Anlernen Ein trainiertes Modell an eine engere "
                           "Aufgabe anpassen. Oft genügen wenige Beispiele.")
    assert [e.get_text() for e in block.select("[lang]")] == ["Tuning"]
    # A page written in German: roles by German names (the pack's and the project's), prose
    # by German names (exact: no German plural rule, "Feinabstimmungen" stays text) and by
    # English ones (with their English plurals).
    german = [(a.get_text(), a["href"]) for a in german_page(once, "deutsch").select("a.aigloss-term")]
    assert german == [("Feinabstimmung", "glossary.html#aiterm-tuning"),
                      ("Feinabstimmung", "glossary.html#aiterm-tuning"),
                      ("Bewertungsmodell", "glossary.html#aiterm-reward-model"),
                      ("Reward Models", "glossary.html#aiterm-reward-model"),
                      # The pack's own translation, which the project's overrides, still answers.
                      ("Belohnungsmodell", "glossary.html#aiterm-reward-model"),
                      ("Belohnungsmodell", "glossary.html#aiterm-reward-model")]


def test_cards_carry_the_english_name_the_language_and_the_project_labels(
        once: Once, make_app: MakeApp) -> None:
    index = german_page(once, "index")
    data = cards(index)
    assert data["tuning"]["name"] == "Feinabstimmung"
    assert data["tuning"]["definition"] == [("Ein trainiertes Modell an eine engere Aufgabe anpassen.", "")]
    script = index.select_one("script#aigloss-data")
    raw = json.loads(script.get_text())
    assert raw["tuning"]["english"] == "Tuning"
    assert "lang" not in raw["tuning"]
    assert raw["temperature"]["lang"] == "en"
    assert "english" not in raw["temperature"]
    # Which other parts are left in English: each marked on its own in the card.
    assert {key: raw[key].get("en") for key in raw} == {
        "tuning": None, "reward-model": ["other"], "temperature": ["name", "category"]}
    # The project's label wins over ours; ours stays for the label the project leaves out.
    assert script["data-read-more"] == "Mehr erfahren"
    assert script["data-english"] == "Englisch"


def latex_build(once: Once) -> SphinxTestApp:
    """The German project built by LaTeX too (in ``_latex``), once for the module."""
    src = Path(german_build(once).srcdir)
    return once.get("latex", lambda make_app, _folder: sphinx_run(make_app, src, "latex", builddir=src / "_latex"))


def test_the_search_card_and_latex_show_the_translation(once: Once) -> None:
    latex = latex_build(once)
    assert latex.warning.getvalue() == ""
    tex = (Path(latex.outdir) / "translatedglossary.tex").read_text(encoding="utf-8")
    assert "Feinabstimmung" in tex
    assert "Englisch: " in tex
    assert r"\textless{}b\textgreater{}Zufällige" in tex


def test_the_pdf_shows_the_translation(once: Once) -> None:
    outdir = Path(latex_build(once).outdir)
    compile_pdf(outdir)
    pdf = " ".join(" ".join(page.extract_text().split())
                   for page in PdfReader(outdir / "translatedglossary.pdf").pages)
    assert "Feinabstimmung (Englisch: Tuning)" in pdf
    assert "Ein trainiertes Modell an eine engere Aufgabe anpassen." in pdf
    assert "<b>Zufällige</b> Wahl" in pdf


def test_the_search_card_data_holds_translated_and_english_names(once: Once, make_app: MakeApp) -> None:
    data = (Path(german_build(once).outdir) / "_static" / SEARCH_DATA).read_text(encoding="utf-8")
    entries = json.loads(data[data.index("{"):data.rindex("}") + 1])
    index = next(i for i, term in enumerate(entries["terms"]) if term["name"] == "Feinabstimmung")
    assert entries["terms"][index]["text"] == "Ein trainiertes Modell an eine engere Aufgabe anpassen."
    assert {form for form, found in entries["forms"].items() if index in found} == {
        "feinabstimmung", "nachjustieren", "tuning", "adjusting"}
    # What is left in English, which the card marks lang="en".
    assert {term["name"]: term.get("en") for term in entries["terms"]} == {
        "Feinabstimmung": None, "Bewertungsmodell": ["other"], "Sampling": ["name", "category"],
        "Temperature": ["name", "category", "text"], "Prompt": ["name", "category", "text"]}


def test_json_ld_carries_the_language_and_marks_english_text(once: Once, make_app: MakeApp) -> None:
    script = german_page(once, "glossary").select_one('script[type="application/ld+json"]')
    assert script is not None
    data = json.loads(script.get_text())
    assert data["@context"]["@language"] == "de"
    items = {item["@id"]: item for item in data["hasDefinedTerm"]}
    tuning, sampling = items["#aiterm-tuning"], items["#aiterm-sampling"]
    assert tuning["name"] == "Feinabstimmung"
    assert tuning["description"] == "Ein trainiertes Modell an eine engere Aufgabe anpassen."
    assert tuning["alternateName"] == ["Nachjustieren", {"@value": "Tuning", "@language": "en"},
                                       {"@value": "Adjusting", "@language": "en"}]
    assert sampling["name"] == {"@value": "Sampling", "@language": "en"}
    assert sampling["description"].startswith("<b>Zufällige</b>")
    assert items["#aiterm-prompt"]["description"] == {"@value": "Text that starts a model's output.",
                                                      "@language": "en"}


# -- the card in a browser ---------------------------------------------------------------------


def test_the_card_shows_the_translation_and_marks_english_text(once: Once, make_app: MakeApp,
                                                              tabs: Tabs) -> None:  # noqa: F811
    page = tabs.open((Path(german_build(once).outdir) / "index.html").as_uri())
    card = hover_card(page, link(page, "Feinabstimmung"))
    expect(card.locator(".aigloss-card-name")).to_have_text("Feinabstimmung")
    expect(card.locator(".aigloss-card-english")).to_have_text("Englisch: Tuning")
    expect(card.locator(".aigloss-card-english [lang=en]")).to_have_text("Tuning")
    expect(card.locator(".aigloss-card-definition")).to_have_text(
        "Ein trainiertes Modell an eine engere Aufgabe anpassen.")
    assert card.locator("[lang]").count() == 1  # only the English name
    expect(card.locator(".aigloss-card-more")).to_have_text("Mehr erfahren")  # the project's label
    link(page, "Temperature").hover()
    expect(card.locator(".aigloss-card-name")).to_have_text("Temperature")
    expect(card.locator(".aigloss-card-name")).to_have_attribute("lang", "en")
    expect(card.locator(".aigloss-card-definition")).to_have_attribute("lang", "en")
    expect(card.locator(".aigloss-card-category")).to_have_attribute("lang", "en")
    expect(card.locator(".aigloss-card-english")).to_have_count(0)


# -- build modes -------------------------------------------------------------------------------


def test_parallel_equals_serial_and_a_changed_catalog_rewrites_exactly_its_pages(
        once: Once, make_app: MakeApp, tmp_path: Path) -> None:
    german_build(once)
    src = tmp_path / "src"
    shutil.copytree(project_src(once), src, ignore=shutil.ignore_patterns("_build", "_latex"))
    parallel = sphinx_run(make_app, src, parallel=2)
    assert parallel.warning.getvalue() == ""
    assert outputs(src) == outputs(project_src(once))
    # The pack's translation of Reward Model's definition changes: the pages that show it
    # (its entry, the cards of the pages that link it) are written again, no other.
    po = src / "pack" / "locale" / "de" / "LC_MESSAGES" / "example.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Ein Modell, das Ausgaben bewertet",
                                                         "Ein Modell, das Antworten bewertet"), encoding="utf-8")
    intl("build", "-d", str(src / "pack" / "locale"))
    again = sphinx_run(make_app, src)
    assert again.warning.getvalue() == ""
    assert written(again) == {"index", "deutsch", "glossary"}
    assert "Ein Modell, das Antworten bewertet" in (Path(again.outdir) / "deutsch.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    shutil.copytree(src, fresh, ignore=shutil.ignore_patterns("_build"))
    sphinx_run(make_app, fresh)
    assert outputs(src, body_only=True) == outputs(fresh, body_only=True)


# -- catalogs that cannot be used ----------------------------------------------------------------


def test_a_broken_catalog_is_a_warning_and_the_build_goes_on_in_english(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("l10n", tmp_path / "src")
    mo = src / "pack" / "locale" / "de" / "LC_MESSAGES" / "example.mo"
    mo.write_bytes(b"\xde\x12\x04\x95not a catalog")
    # The project's catalog is read; its translated name with a control character is refused.
    project = src / "locales" / "de" / "LC_MESSAGES"
    project.mkdir(parents=True)
    (project / "example.po").write_text('msgctxt "prompt"\nmsgid "Prompt"\nmsgstr "Ein\\agabe"\n\n'
                                        'msgctxt "prompt"\nmsgid "Text that starts a model\'s output."\n'
                                        'msgstr "Text, der die Ausgabe beginnt."\n', encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert warnings(app.warning.getvalue(), src) == [
        "WARNING: pack/locale/de/LC_MESSAGES/example.mo: cannot be read as a message catalog (error: unpack "
        "requires a buffer of 16 bytes); the glossary shows its English text instead [aigloss.l10n]",
        "WARNING: locales/de/LC_MESSAGES/example.mo: the translation of 'Prompt' (term 'prompt') is left out: "
        "name 'Ein\\x07gabe' holds a control character [aigloss.l10n]",
        "deutsch.rst:6: WARNING: unknown AI term 'Feinabstimmung' [aigloss.unknown_term]",
        "deutsch.rst:10: WARNING: unknown AI term 'Belohnungsmodell' [aigloss.unknown_term]"]
    prompt = soup(Path(app.outdir) / "glossary.html").select_one("dt#aiterm-prompt")
    assert text(prompt) == "Prompt"
    assert text(prompt.find_next_sibling("dd").p) == "Text, der die Ausgabe beginnt."
    page = soup(Path(app.outdir) / "glossary.html")
    assert text(page.select_one("dt#aiterm-tuning")) == "Tuning"
    assert page.select_one("dt#aiterm-tuning")["lang"] == "en"


# -- aigloss l10n-status -----------------------------------------------------------------------


def test_l10n_status_counts_translated_fuzzy_and_untranslated_terms(once: Once, make_app: MakeApp,
                                                                     aigloss: Any,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    german_build(once)
    capsys.readouterr()  # (sphinx-intl's output, when this test makes the project)
    src = project_src(once)
    project_po = src / "locales" / "de" / "LC_MESSAGES" / "example.po"
    with project_po.open("rb") as stream:
        catalog = read_po(stream)
    prompt = catalog.get("Text that starts a model's output.", context="prompt")
    name = catalog.get("Prompt", context="prompt")
    assert prompt is not None
    assert name is not None
    prompt.string, name.string = "Text, der die Ausgabe beginnt.", "Eingabe"
    prompt.flags.add("fuzzy")
    scratch = src.parent / "status.po"
    with scratch.open("wb") as stream:
        write_po(stream, catalog)
    locales = src.parent / "status-locales" / "de" / "LC_MESSAGES"
    locales.mkdir(parents=True)
    shutil.copy(scratch, locales / "example.po")
    result = aigloss("--packs", "", "--data", str(src / "pack" / "terms.toml"), "l10n-status", "--lang", "de",
                     "--locale-dir", str(src.parent / "status-locales"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"example ({locales / 'example.po'}, {src / 'pack/locale/de/LC_MESSAGES/example.po'}): "
        "2 translated, 1 fuzzy, 2 untranslated\n"
        "  untranslated: Sampling, Temperature\n")
    data = json.loads(aigloss("--packs", "", "--data", str(src / "pack" / "terms.toml"), "l10n-status", "--lang",
                              "de", "--json").stdout)  # the pack's own catalog alone
    assert data["packs"] == [{"id": "example", "catalogs": [str(src / "pack/locale/de/LC_MESSAGES/example.po")],
                              "translated": 2, "fuzzy": 0, "untranslated": 3,
                              "untranslated_terms": ["Sampling", "Temperature", "Prompt"],
                              "plural_entries": {"count": 0, "translated": 0, "fuzzy": 0, "untranslated": 0,
                                                 "missing_forms": 0},
                              "problems": []}]
