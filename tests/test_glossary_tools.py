"""The glossary page's reader tools and the concept map, in real builds: ``:sort: source``,
category ids and the jump bar, the filter's data, which pages get the assets, the map in
HTML, LaTeX (compiled to PDF) and text, without ``dot``, and rebuilds."""

from __future__ import annotations

import gzip
import json
import subprocess
import unicodedata
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import load_glossary
from sphinx_aigloss.glossary_tools import fold
from tests.helpers import Once, compile_pdf
from tests.util import MakeApp, copy_root, soup, sphinx_run, warnings

GLOSSARY, _ = load_glossary()
PRE_TRAINING = [t.name for t in GLOSSARY if t.category == "Pre-Training Concepts"]  # the data's order
MAP_LABEL = ("Concept map of AI terms (Pre-Training Concepts, Fine-Tuning Methods, Efficient Training, Data Concepts, "
             "Classic Machine Learning); lines join related terms")
RELATED_PAIRS = 29  # the canonical pack's 28 related pairs, and Naïve Bayes - Training Data


@pytest.fixture
def tools(once: Once) -> Sphinx:
    """The "glossary-tools" root in HTML, built once for the module."""
    app = once.root("glossary-tools")
    assert app.warning.getvalue() == ""
    return app


def root(builder: str = "html", name: str = "glossary-tools", key: str = "", **kwargs: object) -> pytest.MarkDecorator:
    """The test root ``name`` built by ``builder``, in a folder of this module's own."""
    return pytest.mark.sphinx(builder, testroot=name, srcdir=f"test_glossary_tools-{name}-{builder}{key}", **kwargs)


def headings(page: BeautifulSoup) -> list[str]:
    return [dt.contents[0].get_text() for dt in page.select("dl.aigloss-glossary > dt")]


def ids(page: BeautifulSoup) -> list[str]:
    return [str(tag["id"]) for tag in page.find_all(id=True) if isinstance(tag, Tag)]


def test_sort_source_keeps_the_data_order(tools: Sphinx) -> None:
    assert PRE_TRAINING[:3] == ["Pre-training", "Self-Supervised Learning", "Next-Token Prediction"]
    assert headings(soup(tools.outdir / "source.html")) == PRE_TRAINING
    alphabetical = headings(soup(tools.outdir / "glossary.html"))[:len(PRE_TRAINING)]
    assert alphabetical == sorted(PRE_TRAINING, key=str.casefold) != PRE_TRAINING


@root(key="-bad-sort")
def test_a_bad_sort_is_an_option_error(app: SphinxTestApp, warning: StringIO) -> None:
    (app.srcdir / "source.rst").write_text("Bad\n===\n\n.. aigloss:glossary::\n   :sort: random\n", encoding="utf-8")
    app.build()
    assert warnings(warning.getvalue(), app.srcdir) == [
        'source.rst:4: ERROR: Error in "aigloss:glossary" directive:',
        "invalid option value: (option: \"sort\"; value: 'random')",
        '"random" unknown; choose from "alphabetical", or "source".',
        ".. aigloss:glossary::",
        "   :sort: random [docutils]",
    ]


def test_category_headings_have_unique_stable_ids_and_a_jump_bar(tools: Sphinx) -> None:
    page = soup(tools.outdir / "two.html")
    # The section "Aigloss category efficient training" holds the first id; the second
    # glossary numbers on.
    assert [str(p["id"]) for p in page.select("p.aigloss-category")] == [
        "aigloss-category-efficient-training-2", "aigloss-category-data-concepts",
        "aigloss-category-fine-tuning-methods", "aigloss-category-efficient-training-3"]
    assert [n for n, count in Counter(ids(page)).items() if count > 1] == []
    navs = page.select("nav.aigloss-jump")
    assert [(a["href"], a.get_text()) for a in navs[0].select("a")] == [
        ("#aigloss-category-efficient-training-2", "Efficient Training"),
        ("#aigloss-category-data-concepts", "Data Concepts")]
    full = soup(tools.outdir / "glossary.html")
    assert [a.get_text() for a in full.select("nav.aigloss-jump a")] == [
        "Pre-Training Concepts", "Fine-Tuning Methods", "Efficient Training", "Data Concepts",
        "Classic Machine Learning"]
    assert [nav["aria-label"] for nav in full.select("nav.aigloss-jump")] == ["Glossary categories"]


def test_two_jump_bars_on_a_page_have_names_of_their_own(tools: Sphinx) -> None:
    """Each glossary's landmark is named after the section holding it (one glossary on a
    page keeps the plain name); a glossary of one category has no jump bar."""
    navs = soup(tools.outdir / "two.html").select("nav.aigloss-jump")
    assert [nav["aria-label"] for nav in navs] == ["Glossary categories (Efficient training)",
                                                   "Glossary categories (Aigloss category efficient training)"]
    assert soup(tools.outdir / "source.html").select("nav.aigloss-jump") == []


def test_category_headings_are_headings_one_level_below_their_section(tools: Sphinx) -> None:
    page = soup(tools.outdir / "two.html")
    assert [(p.get_text(), p["role"], p["aria-level"]) for p in page.select("p.rubric.aigloss-category")] == [
        ("Efficient Training", "heading", "2"), ("Data Concepts", "heading", "2"),
        ("Fine-Tuning Methods", "heading", "3"), ("Efficient Training", "heading", "3")]


def test_entries_carry_their_folded_search_text(tools: Sphinx) -> None:
    page = soup(tools.outdir / "glossary.html")
    search = {dt.contents[0].get_text(): str(dt["data-aigloss-search"])
              for dt in page.select("dl.aigloss-glossary > dt")}
    assert len(search) == 31
    assert search["LoRA"] == "lora lowrankadaptation"
    assert search["Fine-tuning"] == "finetuning"
    assert search["Naïve Bayes"] == "naivebayes"
    box = page.select_one("div.aigloss-glossary-tools")
    assert box is not None
    assert (box["data-aigloss-filter-label"], box["data-aigloss-filter-status"]) == (
        "Filter terms", "{shown} of {total} terms")
    assert box.select("input") == []  # the script inserts the field


def assets(page: BeautifulSoup) -> set[str]:
    links = [str(tag.get("href") or tag.get("src")) for tag in page.select("link[rel=stylesheet], script[src]")]
    return {link.split("?")[0].removeprefix("_static/") for link in links if "aigloss" in link}


def test_the_tools_assets_only_where_needed(tools: Sphinx) -> None:
    assert assets(soup(tools.outdir / "plain.html")) == {"aigloss.css", "aigloss.js"}
    assert assets(soup(tools.outdir / "glossary.html")) == {
        "aigloss.css", "aigloss.js", "aigloss-glossary.css", "aigloss-glossary.js"}
    assert assets(soup(tools.outdir / "map.html")) == {"aigloss-glossary.css"}  # no filter: no script


def test_map_html_is_an_inline_svg_of_links(tools: Sphinx) -> None:
    page = soup(tools.outdir / "map.html")
    first, second = page.select("div.aigloss-map > svg")
    assert first["role"] == "group"
    assert first["aria-label"] == MAP_LABEL
    links = {a.title.get_text(): a["href"] for a in first.select("g.node a") if a.title}
    assert len(links) == 31
    assert links["RLHF (Reinforcement Learning from Human Feedback)"] == "glossary.html#aiterm-rlhf"
    assert links["Self-Supervised Learning"] == "glossary.html#aiterm-self-supervised-learning"
    assert links["Naïve Bayes"] == "terms.html#aiterm-naive-bayes-t1cb19b22a2"
    assert len(first.select("g.edge")) == RELATED_PAIRS
    assert {c for g in first.select("g.cluster") for c in g["class"] if c != "cluster"} == {
        f"aigloss-map-c{i}" for i in range(5)}
    # No ids or titles from dot: ids stay unique on the page, tooltips show names.
    assert first.select("[id]") == []
    assert len(first.select("title")) == 31
    assert [n for n, count in Counter(ids(page)).items() if count > 1] == []
    # Categories and used terms only: the index page uses RLHF and LoRA.
    assert second["aria-label"] == "Concept map of AI terms (Efficient Training); lines join related terms"
    assert [a.title.get_text() for a in second.select("g.node a") if a.title] == ["LoRA (Low-Rank Adaptation)"]


def test_map_without_dot_warns_once_and_lists_the_relations(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("glossary-tools", tmp_path / "src")
    app = sphinx_run(make_app, src, confoverrides={"graphviz_dot": str(tmp_path / "no-dot")})
    message = (f"WARNING: cannot draw the concept map: Graphviz's dot command ('{tmp_path}/no-dot') was not "
               "found (see graphviz_dot); the relations are listed instead [aigloss.map]")
    assert warnings(app.warning.getvalue(), src) == [f"map.md:3: {message}", f"map.md:8: {message}"]
    page = soup(app.outdir / "map.html")
    assert page.select("svg") == []
    first = page.select("ul.aigloss-map-relations")[0]
    items = [li.get_text() for li in first.select("li")]
    assert len(items) == 15  # the terms that relate to later ones
    assert items[0] == "Pre-training \u2014 Self-Supervised Learning, Training Corpus, Fine-tuning"
    assert sum(len(li.select("a")) - 1 for li in first.select("li")) == RELATED_PAIRS


@root("text")
def test_map_in_text_output_is_the_list(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = " ".join((app.outdir / "map.txt").read_text(encoding="utf-8").split())
    assert "* Pre-training — Self-Supervised Learning, Training Corpus, Fine- tuning *" in text
    assert "* LoRA" not in text.split("Efficient training and data")[1]  # LoRA relates to no used term


@root("latex")
def test_map_in_latex_is_a_figure_that_compiles(app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a reproducible build: dot's PDFs are dated so too
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # ... in UTC, wherever the build runs
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    drawings = [path.read_bytes() for path in out.glob("aigloss-map-*.pdf")]
    assert len(drawings) == 2
    assert all(b"/CreationDate (D:20231114221320Z)" in pdf for pdf in drawings)
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8").replace(r"\sphinxhyphen{}", "-")
    assert tex.count(r"\sphinxincludegraphics{{aigloss-map-") == 2  # PDFs that dot made
    assert tex.count(r"\caption{" + MAP_LABEL + "}") == 1
    compile_pdf(out)
    assert list(out.glob("*.pdf"))


def test_used_only_map_follows_the_pages_references(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("glossary-tools", tmp_path / "src")
    sphinx_run(make_app, src)
    plain = src / "plain.rst"
    plain.write_text(plain.read_text(encoding="utf-8") + "\nAnd :aiterm:`QLoRA`.\n", encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert app.warning.getvalue() == ""
    second = soup(app.outdir / "map.html").select("div.aigloss-map > svg")[1]
    assert [a.title.get_text() for a in second.select("g.node a") if a.title] == ["LoRA (Low-Rank Adaptation)",
                                                                            "QLoRA (Quantized LoRA)"]
    assert len(second.select("g.edge")) == 1


@root(key="-parallel", parallel=2)
def test_parallel_build_draws_the_maps(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert len(soup(app.outdir / "map.html").select("div.aigloss-map > svg")) == 2


def test_bytes_the_tools_add(tools: Sphinx) -> None:
    """What filtering costs a glossary page, as served (gzip): the names on 31 entries."""
    html = (tools.outdir / "glossary.html").read_text(encoding="utf-8")
    page = soup(tools.outdir / "glossary.html")
    for dt in page.select("dt[data-aigloss-search]"):
        del dt["data-aigloss-search"]
    with_data, without = len(gzip.compress(html.encode())), len(gzip.compress(str(page).encode()))
    assert 0 < with_data - without < 400


HOSTILE = r'''
[[terms]]
name = "Evil <script>window.pwned=1</script>"
category = "Hostile <b>category</b> & \"quotes\""
definition = "Breaks </script> out."
related = ["Back\\N slash"]

[[terms]]
name = "Back\\N slash"
category = "Hostile <b>category</b> & \"quotes\""
definition = "A dot label escape, written."
'''


def test_hostile_names_land_as_text(make_app: MakeApp, tmp_path: Path) -> None:
    src = copy_root("glossary-tools", tmp_path / "src")
    (src / "hostile.toml").write_text(HOSTILE, encoding="utf-8")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8")
                                 + 'aigloss_data_files = ["hostile.toml"]\n', encoding="utf-8")
    (src / "map.md").write_text('# Map\n\n```{aigloss:map}\n:categories: Hostile <b>category</b> & "quotes"\n```\n',
                                encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert app.warning.getvalue() == ""
    page = soup(app.outdir / "map.html")
    svg = page.select_one("svg.aigloss-map-svg")
    assert svg is not None
    assert svg["aria-label"] == 'Concept map of AI terms (Hostile <b>category</b> & "quotes"); lines join related terms'
    assert [t.get_text() for t in svg.select("title")] == ["Evil <script>window.pwned=1</script>", "Back\\N slash"]
    assert [t.get_text() for t in svg.select("text")] == [
        'Hostile <b>category</b> & "quotes"', "Evil <script>window.pwned=1</script>", "Back\\N slash"]
    assert svg.select("b, script") == []
    assert len(svg.select("g.edge")) == 1
    glossary = soup(app.outdir / "glossary.html")
    search = {dt.contents[0].get_text(): str(dt["data-aigloss-search"]) for dt in glossary.select("dt")}
    assert search["Evil <script>window.pwned=1</script>"] == "evil<script>windowpwned=1<script>"
    assert search["Back\\N slash"] == "back\\nslash"


@root(name="noglossary")
def test_the_fallback_page_has_the_tools(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "aigloss-glossary.html")
    assert len(page.select("div.aigloss-glossary-tools dt[data-aigloss-search]")) == 30
    assert len(page.select("nav.aigloss-jump a")) == 4
    assert {"aigloss-glossary.css", "aigloss-glossary.js"} <= assets(page)


#: Names the script must fold as the build does: case, width, hyphens and dashes, spaces,
#: dots and apostrophes, invisible characters, accents (composed or not), ß and ẞ, ligatures,
#: Greek final sigma and iota subscript, Cyrillic, Turkish dotted and dotless i, Cherokee.
FOLDED = ["Fine-tuning", "FINE TUNING", "fine\u2010tuning", "Pre\u2014training", "e.g. RLHF's", "Ｌｏｒａ",
          "Naïve", "Nai\u0308ve", "Straße", "STRASSE", "STRAẞE", "ﬁne", "zero\u200bwidth", "rtl\u202etxt",
          "Crème brûlée", "Ångström", "C++ / C#", "日本語", "Ελληνικά", "ΛΌΓΟΣ", "λόγος", "λόγοσ", "ᾼΙ ᾳι",
          "Обучение с подкреплением", "ОБУЧЕНИЕ", "Ёлка", "İstanbul", "ıSPARTA", "ꭰᏸ Ꭰ", "ᲀᲇ", "ＦＵＬＬ－ＷＩＤＴＨ",
          "ｶﾀｶﾅ", "e\u0301\u0327", "a\u20dd"]
#: Whole blocks compared code point by code point (those Python's Unicode database assigns).
BLOCKS = [(0x20, 0x250), (0x300, 0x530), (0x10A0, 0x1100), (0x13A0, 0x1400), (0x1C80, 0x1CC0), (0x1E00, 0x2000),
          (0x2C00, 0x2C80), (0xA640, 0xA6A0), (0xAB70, 0xABC0), (0xFB00, 0xFB50), (0xFF00, 0xFFF0),
          (0x1D400, 0x1D800)]
NODE_FOLD = """
const vm = require("node:vm");
vm.runInThisContext(require("node:fs").readFileSync(process.argv[1], "utf8"));
const input = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(input.map(globalThis.aiglossGlossaryFuncs.fold)));
"""


def script_fold(texts: list[str]) -> list[str]:
    script = Path(__file__).parent.parent / "sphinx_aigloss" / "static" / "aigloss-glossary.js"
    result = subprocess.run(["node", "-e", NODE_FOLD, str(script)], input=json.dumps(texts),
                            capture_output=True, text=True, check=True)
    folded: list[str] = json.loads(result.stdout)
    return folded


def test_the_script_folds_typed_words_as_the_build_folds_names() -> None:
    assert script_fold(FOLDED) == [fold(name) for name in FOLDED]
    assert [fold(name) for name in FOLDED[:4]] == ["finetuning"] * 3 + ["pretraining"]
    assert fold("Crème brûlée") == "cremebrulee"
    assert fold("ΛΌΓΟΣ") == fold("λόγος") == fold("λόγοσ") == "λογοσ"  # final sigma typed or not
    assert fold("STRAẞE") == fold("Straße") == "strasse"
    assert fold("ᾼΙ ᾳι") == "αιιαιι"


def test_both_foldings_agree_over_whole_scripts() -> None:
    """Every assigned character of Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee,
    combining marks, ligatures, full-width and mathematical forms, inside a word and at its end
    (where JavaScript lowercases a capital sigma to the final form)."""
    chars = [chr(c) for start, end in BLOCKS for c in range(start, end)
             if unicodedata.category(chr(c)) not in ("Cn", "Cc", "Co")]
    texts = [f"A{char}b{char}" for char in chars]
    assert len(texts) > 3000
    mismatches = [(text, js) for text, js in zip(texts, script_fold(texts), strict=True) if js != fold(text)]
    assert mismatches == []


@pytest.mark.parametrize("listed", [
    pytest.param(listed, id=str(listed), marks=root(name="builders", key=f"-{listed}", confoverrides={
        "extensions": ["sphinx_aigloss", "sphinx.ext.graphviz"] if listed else ["sphinx_aigloss"]}))
    for listed in (False, True)])
def test_graphviz_stylesheet_only_when_the_project_uses_graphviz(app: SphinxTestApp, listed: bool) -> None:
    """The extension sets sphinx.ext.graphviz up to run dot; that extension's stylesheet (for
    its images) is on pages only when the project lists the extension itself."""
    app.build()
    pages = [soup(path) for path in Path(app.outdir).glob("*.html")]
    assert pages
    linked = [bool(page.select('link[href*="graphviz.css"]')) for page in pages]
    assert linked == [listed] * len(pages)
