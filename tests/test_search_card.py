"""The glossary on the search page: a term's card above the results when the query names it.

One build of ``tests/roots/test-search`` per theme (lazily, per module), opened in Chromium
through ``file://``. Other builders: ``tests/test_machine_readable.py``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from sphinx_aigloss.core import load_glossary
from sphinx_aigloss.glossary_tools import fold
from tests.helpers import Once, in_theme
from tests.test_hover import THEMES, Tabs, axe_audit

if TYPE_CHECKING:
    from collections.abc import Iterator

STATIC = Path(__file__).parent.parent / "sphinx_aigloss" / "static"
CARDS = ".aigloss-search-cards"
DATA = "_static/aigloss-search-data.js"

pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:sphinx_book_theme",
                                        "ignore::DeprecationWarning:sphinx_book_theme")


def site(once: Once, theme: str = "alabaster", builder: str = "html", canonical: str = "") -> Path:
    """The test root built by ``builder`` in ``theme``, once for the module: no warning."""
    app = once.root("search", builder, confoverrides={**in_theme(theme), "aigloss_canonical_url": canonical})
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Tabs]:
    tabs = Tabs(browser)
    yield tabs
    tabs.close()
    assert [url for url in tabs.requests if not url.startswith("file://")] == []
    # Sphinx's search fetches each result page for its summary, which file:// refuses: its own errors.
    assert [error for error in tabs.errors if "fetch" not in error and "ERR_FAILED" not in error] == []


def search(tabs: Tabs, outdir: Path, query: str) -> Page:
    page = tabs.open(f"{(outdir / 'search.html').as_uri()}?q={quote(query)}")
    page.wait_for_load_state("load")
    return page


def shown(page: Page) -> list[list[str]]:
    """Each card above the results: name, other form, category, definition, the name's link."""
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel + ' .aigloss-search-card')].map(c => [
        c.querySelector('.aigloss-card-name').textContent,
        c.querySelector('.aigloss-card-other')?.textContent ?? '',
        c.querySelector('.aigloss-card-category').textContent,
        c.querySelector('.aigloss-card-definition').textContent,
        c.querySelector('.aigloss-card-name a').getAttribute('href')])""", CARDS)


GLOSSARY = load_glossary()[0]


def expected(name: str, href: str) -> list[str]:
    term = GLOSSARY.get(name)
    assert term is not None
    other = f"({term.other_form})" if term.other_form else ""
    return [term.name, other, term.category, term.short_definition, href]


@pytest.mark.parametrize("theme", THEMES)
def test_a_query_naming_a_term_shows_its_card(once: Once, tabs: Tabs, theme: str) -> None:
    outdir = site(once, theme)
    page = search(tabs, outdir, "low-rank adaptation")
    expect(page.locator(CARDS)).to_be_visible()
    assert shown(page) == [expected("LoRA", "aigloss-glossary.html#aiterm-lora")]
    # above the results Sphinx writes
    assert page.evaluate(f"document.querySelector('{CARDS}').nextElementSibling.id") == "search-results"
    assert axe_audit(page)["violations"] == []  # (those in our markup: the card)
    if theme != "alabaster":
        return
    with page.expect_navigation():
        page.locator(f"{CARDS} .aigloss-card-more").click()
    assert page.url.endswith("aigloss-glossary.html#aiterm-lora")
    assert page.evaluate("document.querySelector(':target').textContent").startswith("LoRA")
    page = search(tabs, outdir, "nothing glossy here")
    page.wait_for_function("document.getElementById('search-results').textContent.length > 0")
    assert page.locator(CARDS).count() == 0


QUERIES = {
    "finetuning": ["Fine-tuning"],
    "rlhf": ["RLHF"],
    "Low Rank Adaptation": ["LoRA"],
    "reward models": ["Reward Model"],
    "rlhf vs dpo": ["RLHF", "DPO"],
    "ＲＬＨＦ": ["RLHF"],  # full-width letters fold as the filter folds them
    "what is pre training?": ["Pre-training"],
    "training": [],
}


def test_every_form_finds_the_term(once: Once, tabs: Tabs) -> None:
    """The names the page's own function finds, with the page's data, for each query; the
    first query also as a reader sends it."""
    page = search(tabs, site(once), "reward models")
    expect(page.locator(CARDS)).to_be_visible()
    assert [card[0] for card in shown(page)] == ["Reward Model"]
    found = page.evaluate("""(queries) => Object.fromEntries(queries.map(q =>
        [q, aiglossSearchFuncs.named(q, aiglossSearchData).map(t => t.name)]))""", list(QUERIES))
    assert found == QUERIES


def test_canonical_url(once: Once, tabs: Tabs) -> None:
    """With aigloss_canonical_url, terms without an entry in the project link to that site;
    the others to their entry here."""
    outdir = site(once, canonical="https://example.org/ai/")
    page = search(tabs, outdir, "QLoRA RLHF")
    expect(page.locator(CARDS)).to_be_visible()
    assert shown(page) == [expected("QLoRA", "https://example.org/ai/#aiterm-qlora"),
                           expected("RLHF", "index.html#aiterm-rlhf")]


def data_of(outdir: Path) -> dict[str, Any]:
    text = (outdir / DATA).read_text(encoding="utf-8")
    prefix = "globalThis.aiglossSearchData = "
    assert text.startswith(prefix)
    assert text.endswith(";\n")
    data: dict[str, Any] = json.loads(text[len(prefix):-2])
    return data


def test_the_data_file(once: Once) -> None:
    """Every name form of every term, folded as the filter folds; only the search page loads
    it; nothing in it can end a script element."""
    outdir = site(once)
    data = data_of(outdir)
    names = {term["name"] for term in data["terms"]}
    assert len(names) == len(GLOSSARY) + 1
    for term in [*GLOSSARY]:
        for name in term.names:
            assert [data["terms"][i]["name"] for i in data["forms"][fold(name)]] == [term.name]
    raw = (outdir / DATA).read_text(encoding="utf-8")
    assert "</" not in raw
    assert "<!--" not in raw
    for page in ("index.html", "genindex.html", "aigloss-glossary.html"):
        assert "aigloss-search.js" not in (outdir / page).read_text(encoding="utf-8")
    html = (outdir / "search.html").read_text(encoding="utf-8")
    assert '<script defer="defer" src="_static/aigloss-search-data.js?v=' in html
    assert '<script defer="defer" src="_static/aigloss-search.js?v=' in html
    assert 'href="_static/aigloss.css?v=' in html  # the card's look


def test_hostile_names_stay_text(once: Once, tabs: Tabs) -> None:
    page = search(tabs, site(once), 'Tag "<b>" & Co')
    expect(page.locator(CARDS)).to_be_visible()
    name, other, category, definition, href = shown(page)[0]
    assert (name, other, category) == ('Tag "<b>" & Co', "(TBC)", "Odd </script> Names")
    assert definition.startswith("Ends </script><script>alert(1)</script> here")
    assert href.startswith("index.html#aiterm-")
    assert page.locator(f"{CARDS} b, {CARDS} script").count() == 0


FOLD_JS = """
const vm = require("node:vm"), fs = require("node:fs");
for (const file of process.argv.slice(1, 3)) vm.runInThisContext(fs.readFileSync(file, "utf8"));
const samples = JSON.parse(process.argv[3]);
console.log(JSON.stringify([samples.map(globalThis.aiglossGlossaryFuncs.fold),
                            samples.map(globalThis.aiglossSearchFuncs.fold)]));
"""
SAMPLES = ["Fine-Tuning", "fine tuning", "ＲＬＨＦ", "Straße", "Café au lait", "naïve", "Low‑Rank (LoRA)",
           "soft\u00adhyphen", "zero\u200bwidth", "İstanbul", "ǅemal", "Q.L.o.R.A.", "it’s_a/b", "ﬁne", "x²", ""]


def test_both_foldings_agree() -> None:
    """The search card folds queries as the glossary filter folds typed words (both scripts
    under Node), and as the build folds the names it writes (glossary_tools.fold)."""
    scripts = [str(STATIC / "aigloss-glossary.js"), str(STATIC / "aigloss-search.js")]
    run = subprocess.run(["node", "-e", FOLD_JS, *scripts, json.dumps(SAMPLES)], capture_output=True,
                         text=True, timeout=60, check=True)
    filter_folds, search_folds = json.loads(run.stdout)
    assert search_folds == filter_folds
    ascii_samples = [i for i, text in enumerate(SAMPLES) if text.isascii()]
    assert [search_folds[i] for i in ascii_samples] == [fold(SAMPLES[i]) for i in ascii_samples]
