"""Hostile input against the third round's surfaces, a test per class of defect found:

- characters some output cannot carry or that reorder the text around a term (line and
  paragraph separators outside prose, bidirectional controls, U+FFFE/U+FFFF), in every text
  field, through data files, installed packs and ``aigloss:term``, the schema agreeing;
- JSON-LD page URLs under any ``html_baseurl`` (a query, a fragment, quotes) and docname;
- the search card's cost on a long query (it was cubic in the query's words);
- the entered card and a scrolling page (focus dropped to ``<body>``).
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from playwright.sync_api import expect
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import GlossaryError, load_glossary, parse_pack, schema
from sphinx_aigloss.core.terms import Field
from sphinx_aigloss.glossary_tools import fold
from tests.test_data_hardening import document, text_fields
from tests.test_hover import (  # noqa: F401 -- the fixtures, used by name
    CARD,
    THEMES,
    Builds,
    Tabs,
    assert_inside_viewport,
    builds,
    tab_to,
    tabs,
)
from tests.test_packs import install, site  # noqa: F401 -- the fixture, used by name
from tests.util import Aigloss, soup, warnings

# -- text no output can carry, in every field ----------------------------------------------------

BIDI = "a bidirectional control (U+{:04X}), which would reorder the text around it"
NOT_XML = "U+{:04X}, which no XML output (EPUB, the xml builder, a map) can carry"
#: Character -> why no field holds it (None: a line break, which prose may hold).
UNCARRIED = {"\u2028": None, "\u2029": None, "\u202a": BIDI, "\u202e": BIDI, "\u2066": BIDI, "\u2069": BIDI,
             "\ufffe": NOT_XML, "\uffff": NOT_XML}
#: What stays allowed: marks (U+200E, U+200F), joiners, the BOM as a word joiner, and any script.
ALLOWED = ["\u200e", "\u200f", "\u200c", "\u200d", "\ufeff", "\u061c", "\U0001f600", "\u05d0"]


def expected_problem(table: str, field: Field, value: str, char: str) -> tuple[str, str, str] | None:
    why = UNCARRIED[char]
    if why is None and field.prose:
        return None
    path = f"{field.name}[0]" if field.kind is list else field.name
    path = f"references[0].{path}" if table == "reference" else path
    entry = "[pack]" if table == "pack" else f"term '{value}'" if field.name == "name" else "term 'Fine'"
    reason = f"a line or paragraph separator (U+{ord(char):04X})" if why is None else why.format(ord(char))
    shown = "" if field.prose else f"{value!r} "
    return entry, path, f"{shown}holds {reason}"


@pytest.mark.parametrize("char", UNCARRIED, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(("table", "field"), text_fields(), ids=lambda x: getattr(x, "name", x))
def test_every_text_field_refuses_what_outputs_cannot_carry(table: str, field: Field, char: str) -> None:
    """Refused at load with entry and field, and the published schema says the same; prose
    takes line and paragraph separators as line breaks (one space)."""
    start = "https://example.org/" if field.name == "url" else ""
    value = f"{start}Bad{char}x"
    text = document(table, field, value)
    problem = expected_problem(table, field, value, char)
    if problem is None:
        pack = parse_pack(text, "t.toml")
        record = pack.info if table == "pack" else pack.terms[0]
        assert getattr(record, field.name) == "Bad x"
        jsonschema.validate(tomllib.loads(text), schema())
        return
    with pytest.raises(GlossaryError) as error:
        parse_pack(text, "t.toml")
    assert [(p.entry, p.field, p.message) for p in error.value.problems] == [problem]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads(text), schema())


@pytest.mark.parametrize(("table", "field"), [(t, f) for t, f in text_fields() if f.name != "id"],
                         ids=lambda x: getattr(x, "name", x))
def test_what_stays_allowed(table: str, field: Field) -> None:
    start = "https://example.org/" if field.name == "url" else ""
    value = start + "Fine" + "".join(ALLOWED) + "x"
    text = document(table, field, value)
    pack = parse_pack(text, "t.toml")
    record = {"pack": pack.info, "term": pack.terms[0]}.get(table) or pack.terms[0].references[0]
    got = getattr(record, field.name)
    assert (got[0] if field.kind is list else got) == value
    jsonschema.validate(tomllib.loads(text), schema())


def test_an_installed_pack_is_held_to_the_same_rule(site: Path, aigloss: Aigloss) -> None:  # noqa: F811
    toml = ('[pack]\nid = "acme"\ndescription = "Turns \\u202e here"\ncategories = ["Acme"]\n'
            '[[terms]]\nname = "Widget"\ncategory = "Acme"\ndefinition = "A unit\\uffff."\n'
            'aliases = ["Wid\\u2029get"]\n')
    install(site, "acme-glossary", toml=toml)
    where = "acme_glossary/acme.toml (from the distribution acme-glossary 1.0)"
    assert aigloss("list").stderr.splitlines() == [
        f"{where}: [pack], field 'description': holds {BIDI.format(0x202E)}",
        f"{where}: term 'Widget', field 'aliases[0]': 'Wid\\u2029get' holds a line or paragraph separator (U+2029)",
        f"{where}: term 'Widget', field 'definition': holds {NOT_XML.format(0xFFFF)}",
    ]


# -- aigloss:term and JSON-LD URLs: one build --------------------------------------------------------

DIRECTIVE_WARNINGS = [
    "index.rst:6: WARNING: AI term 'Override \\u202eevil' is not defined: name 'Override \\u202eevil' holds "
    f"{BIDI.format(0x202E)} [aigloss.option]",
    "index.rst:11: WARNING: AI term 'Bad category' is not defined: 'Plain\\ufffe' holds "
    f"{NOT_XML.format(0xFFFE)} (option :category:) [aigloss.option]",
    "index.rst:16: WARNING: AI term 'Bad related' is not defined: 'Isolated \\u2066 name' holds "
    f"{BIDI.format(0x2066)} (option :related:) [aigloss.option]",
    f"index.rst:22: WARNING: AI term 'Bad content' is not defined: holds {BIDI.format(0x2067)} (content) "
    "[aigloss.option]",
]
_NOT_IN_IRI = re.compile(r'[\x00-\x20"<>\\^`{|}]')
HOSTILE_BASE = "https://example.org/d\"o'c s/?a=1&b=<2>#frag"


@pytest.mark.sphinx("html", testroot="hostile-round3", confoverrides={"html_baseurl": HOSTILE_BASE})
def test_directives_warn_and_json_ld_urls_are_iris(app: SphinxTestApp) -> None:
    """The directive's fields follow the data format's rule (one warning each, at its line);
    the JSON-LD of a page whose name holds a space, under a base URL with quotes, a query and a
    fragment: every URL one valid IRI, on the base's folder, to an entry of the page; the
    search page's data of a form two terms share."""
    app.build()
    assert warnings(app.warning.getvalue(), app.srcdir) == DIRECTIVE_WARNINGS
    page = soup(Path(app.outdir) / "my page.html")
    script = page.select_one('script[type="application/ld+json"]')
    assert script is not None
    data = json.loads(script.get_text())
    assert data["name"] == "Round </script> three: AI glossary"
    urls = [data["@id"]] + [item[key] for item in data["hasDefinedTerm"] for key in ("@id", "url")]
    ids = {element["id"] for element in page.select("[id]")}
    for url in urls:
        assert _NOT_IN_IRI.search(url) is None, url
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path, parts.query) == (
            "https", "example.org", "/d%22o'c%20s/my%20page.html", ""), url
        assert parts.fragment in ids | {"aigloss-defined-terms"}, url
    assert [item["name"] for item in data["hasDefinedTerm"]] == ["Separated prose"]
    assert data["hasDefinedTerm"][0]["description"].startswith("A line separator and a paragraph separator in")
    # Two terms named "SP": the search page's data sends the form to both (no silent pick).
    search = (Path(app.outdir) / "_static" / "aigloss-search-data.js").read_text(encoding="utf-8")
    found = json.loads(search.removeprefix("globalThis.aiglossSearchData = ").removesuffix(";\n"))
    assert [found["terms"][i]["name"] for i in found["forms"]["sp"]] == ["Separated prose", "Spare parts"]


# -- the search card: cost linear in the query ---------------------------------------------------------

NAMED_JS = """
const vm = require("node:vm"), fs = require("node:fs");
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8"));
const data = JSON.parse(fs.readFileSync(0, "utf8"));
const out = [];
for (const query of data.queries) {
  const start = performance.now();
  const found = globalThis.aiglossSearchFuncs.named(query, data).map((term) => term.name);
  out.push([found, performance.now() - start]);
}
console.log(JSON.stringify(out));
"""
SCRIPT = Path(__file__).parent.parent / "sphinx_aigloss" / "static" / "aigloss-search.js"
WORDS = 2000
#: Query -> the terms it names. The long ones cost minutes before (runs of every length were tried).
QUERIES: dict[str, list[str]] = {
    "what is RLHF?": ["RLHF", "Really Long Human Feedback"],  # a shared form: both, no silent pick
    "low rank adaptation vs reward models": ["LoRA", "Reward Model"],
    ".*+?^${}()|[]\\ (ppo)": ["PPO"],
    "__proto__ constructor toString hasOwnProperty": [],
    " ".join(f"w{i}" for i in range(WORDS)) + " dpo": ["DPO"],
    "? " * WORDS + "lora": ["LoRA"],
    "a " * WORDS: [],
    "low " * WORDS + "rank adaptation": ["LoRA"],
}


def test_a_long_query_costs_little() -> None:
    """Under Node, with every form of the shipped terms and one more term sharing "RLHF":
    each query of the table names its terms, and the long ones take well under a second (a
    400-word query took 2 s before, 2,000 words minutes)."""
    names = [term.names for term in load_glossary()[0]] + [("Really Long Human Feedback", "RLHF")]
    forms: dict[str, list[int]] = {}
    for i, forms_of_term in enumerate(names):
        for name in forms_of_term:
            forms.setdefault(fold(name), []).append(i)
    data = {"forms": forms, "terms": [{"name": forms_of_term[0]} for forms_of_term in names], "queries": list(QUERIES)}
    run = subprocess.run(["node", "-e", NAMED_JS, str(SCRIPT)], input=json.dumps(data), capture_output=True,
                         text=True, timeout=120, check=True)
    results = json.loads(run.stdout)
    assert [found for found, _ in results] == list(QUERIES.values())
    slowest = max(ms for _, ms in results)
    assert slowest < 1000, results


# -- the entered card while the page scrolls -----------------------------------------------------------


SCROLL_PAST_JS = """() => {
    const link = document.querySelector('a.aigloss-term[href$="#aiterm-dpo"]');
    const room = Object.assign(document.createElement("div"), {style: "height: 300vh"});  // a page long enough
    link.closest("p, li, dd, section").after(room);
    let box = link.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY))) {
        box = box.parentElement;
    }
    // (instant: a theme's smooth scrolling would still be under way when the test looks)
    (box ?? document.scrollingElement).scrollBy({top: link.getBoundingClientRect().bottom + 10, behavior: "instant"});
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_an_entered_card_keeps_the_focus(builds: Builds, tabs: Tabs,  # noqa: F811
                                         theme: str) -> None:
    """Keyboard only: into DPO's card; a pointer passes over another term link, then the page
    scrolls DPO's link out of view: the card stays, with the focus in it (each of them replaced
    or hid it, and focus fell to <body>); Esc brings focus back to the link, scrolled into
    view, and closes the card."""
    page = tabs.open(builds.get(theme).url(), viewport={"width": 1000, "height": 260}, reduced_motion="reduce",
                     setup=lambda p: p.clock.install(time=0))
    page.clock.pause_at(10_000)  # the card's timers run when the test says so
    tab_to(page, "DPO")
    page.keyboard.press("Alt+ArrowUp")
    in_card = "document.getElementById('aigloss-card').contains(document.activeElement)"
    assert page.evaluate(in_card)
    page.locator("a.aigloss-term:not([href$='#aiterm-dpo'])").first.hover()  # a pointer passing by
    page.clock.run_for(1000)
    assert page.evaluate(in_card)
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("DPO")
    page.mouse.move(0, 0)
    page.clock.run_for(1000)
    link_top = "document.querySelector('a.aigloss-term[href$=\"#aiterm-dpo\"]').getBoundingClientRect().bottom"
    page.keyboard.press("PageDown")  # the window scrolls (in some themes a box of the page: that one)
    page.evaluate(SCROLL_PAST_JS)
    assert page.evaluate(link_top) < 0, "the page did not scroll the link out of view"
    assert page.evaluate(in_card)
    assert page.evaluate("document.activeElement.textContent") == "RLHF"
    assert page.locator(CARD).get_attribute("role") == "dialog"
    assert_inside_viewport(page, page.locator(CARD))  # (it followed its link up to the window's edge)
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.textContent") == "DPO"
    page.wait_for_function(f"() => {link_top} > 0", polling=50)  # (furo scrolls smoothly to the focused link)
    expect(page.locator(CARD)).to_be_hidden()
