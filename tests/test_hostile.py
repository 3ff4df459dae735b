"""Hostile input: nothing an author writes breaks the build or turns into markup or script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sphinx.testing.util import SphinxTestApp

from tests.helpers import Once
from tests.util import MakeApp, cards, page_data, soup, sphinx_run, term_links, warnings

LONG = "Long definition. " + "word " * 2000  # 10 kB and more
HOSTILE_DEFINITION = (
    "Breaks </script><script>window.pwned=1</script> out, <!-- comment --> and "
    "<img src=x onerror=\"window.pwned=2\">. Second sentence with 'single' & \"double\" quotes.")

# Characters outside the Basic Multilingual Plane are two UTF-16 code units in JavaScript:
# the card data's link offsets into the title must count them so.
WIDE_DEFINITION = "\U0001d54eide \U0001f916\U0001f916 text about RLHF, then <b>LoRA</b>. Second sentence."

DATA = f'''
[pack]
categories = ["Hostile <b>category</b> & \\"quotes\\""]

[[terms]]
name = "Evil <script>window.pwned=3</script>"
aliases = ["e\\"vil", "o'neil", "rtl\\u200ftxt", "zero\\u200bwidth", "\U0001f916 bot"]
category = "Hostile <b>category</b> & \\"quotes\\""
definition = {json.dumps(HOSTILE_DEFINITION)}

[[terms.references]]
title = "<i>title</i> \\"quoted\\" </script>"
authors = ["<b>Author</b>"]
url = "https://example.org/a?b=1&c=2"

[[terms]]
name = "Wide text"
category = "Hostile <b>category</b> & \\"quotes\\""
definition = {json.dumps(WIDE_DEFINITION, ensure_ascii=False)}

[[terms]]
name = "Long one"
category = "Hostile <b>category</b> & \\"quotes\\""
definition = {json.dumps(LONG)}
'''

RST = """Hostile
=======

.. toctree::

   md
   glossary

:aiterm:`"quoted" text <o'neil>`, :aiterm:`e"vil`, :aiterm:`zero​width`, :aiterm:`🤖 bot`,
:aiterm:`**not bold** <Long one>`, :aidef:`rtl‏txt`, :aiterm:`<b>unknown</b>`.

.. aigloss:definition:: o'neil
"""

MD = """# In MyST

{aiterm}`"quoted" text <o'neil>` and {aidef}`e"vil` and {aiterm}`<img src=x onerror=alert(1)>`.

{aiterm}`Wide text`.
"""


@pytest.fixture
def hostile(once: Once) -> tuple[Path, list[str]]:
    """The project written below, built once for the module: its output folder and warnings."""
    app = once.get("hostile", build_hostile)
    return Path(app.outdir), warnings(app.warning.getvalue(), app.srcdir)


def build_hostile(make_app: MakeApp, folder: Path) -> SphinxTestApp:
    src = folder / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_aigloss", "myst_parser"]\n'
                                 'aigloss_data_files = ["terms.toml"]\n', encoding="utf-8")
    (src / "terms.toml").write_text(DATA, encoding="utf-8")
    (src / "index.rst").write_text(RST, encoding="utf-8")
    (src / "md.md").write_text(MD, encoding="utf-8")
    (src / "glossary.rst").write_text("Glossary\n========\n\n.. aigloss:glossary::\n   :backlinks:\n",
                                      encoding="utf-8")
    return sphinx_run(make_app, src)


def test_build_finishes_with_clear_warnings(hostile: tuple[Path, list[str]]) -> None:
    _out, lines = hostile
    assert lines == [
        # "<b>unknown</b>" reads as Sphinx's "title <target>" form: the target is "/b".
        # (docutils gives roles the line where their paragraph starts.)
        "index.rst:9: WARNING: unknown AI term '/b' [aigloss.unknown_term]",
        "md.md:3: WARNING: unknown AI term '<img src=x onerror=alert(1)>' [aigloss.unknown_term]",
    ]


def test_names_in_any_script_resolve(hostile: tuple[Path, list[str]]) -> None:
    out, _ = hostile
    links = term_links(soup(out / "index.html"))
    # Sphinx's smart quotes turn the author's straight quotes into curly ones in link text.
    assert [a.get_text() for a in links] == ["\u201cquoted\u201d text", "e\u201dvil", "zero\u200bwidth",
                                             "\U0001f916 bot", "**not bold**", "rtl\u200ftxt"]
    assert {a["href"].split("#")[1] for a in links} == {"aiterm-evil-script-window-pwned-3-script",
                                                        "aiterm-long-one"}


@pytest.mark.parametrize("page", ["index.html", "md.html", "glossary.html"])
def test_no_markup_or_script_is_injected(hostile: tuple[Path, list[str]], page: str) -> None:
    out, _ = hostile
    html = (out / page).read_text(encoding="utf-8")
    parsed = soup(out / page)
    assert "window.pwned" not in " ".join(s.get_text() for s in parsed.select("script:not([type])"))
    assert parsed.select("img") == []
    assert parsed.select("b") == []
    assert parsed.select("i") == []
    assert "<!-- comment -->" not in html
    assert "</script><script>" not in html
    # Every script element is either one of Sphinx's or the extension's data; the data
    # cannot close its element early: no "<" survives inside it.
    data = parsed.select_one("script#aigloss-data")
    assert data is not None
    raw = re.search(r'<script type="application/json" id="aigloss-data"[^>]*>(.*?)</script>', html, re.S)
    assert raw is not None
    assert "<" not in raw.group(1)
    assert ">" not in raw.group(1)


def test_card_data_round_trips_the_exact_text(hostile: tuple[Path, list[str]]) -> None:
    out, _ = hostile
    data = page_data(soup(out / "index.html"))
    evil = data["evil-script-window-pwned-3-script"]
    assert evil["name"] == "Evil <script>window.pwned=3</script>"
    assert evil["category"] == 'Hostile <b>category</b> & "quotes"'
    card = cards(soup(out / "index.html"))["evil-script-window-pwned-3-script"]
    assert card["definition"] == [(
        "Breaks </script><script>window.pwned=1</script> out, <!-- comment --> and "
        "<img src=x onerror=\"window.pwned=2\">.", "")]


def test_card_links_keep_text_beyond_the_bmp_whole(hostile: tuple[Path, list[str]]) -> None:
    out, _ = hostile
    card = cards(soup(out / "md.html"))["wide-text"]
    assert card["definition"] == [("\U0001d54eide \U0001f916\U0001f916 text about ", ""),
                                  ("RLHF", "glossary.html#aiterm-rlhf"), (", then <b>", ""),
                                  ("LoRA", "glossary.html#aiterm-lora"), ("</b>.", "")]


def test_card_links_land_on_the_right_words_in_a_browser(hostile: tuple[Path, list[str]],
                                                         browser: Browser) -> None:
    out, _ = hostile
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    tab = context.new_page()
    tab.goto((out / "md.html").as_uri())
    tab.locator("a.aigloss-term", has_text="Wide text").hover()
    card = tab.locator("#aigloss-card")
    card.wait_for(state="visible")
    assert card.locator("a.aigloss-card-link").all_inner_texts() == ["RLHF", "LoRA"]
    assert card.locator(".aigloss-card-definition").inner_text() == WIDE_DEFINITION.partition(". ")[0] + "."
    assert card.locator("b").count() == 0
    context.close()


def test_titles_are_escaped_attributes(hostile: tuple[Path, list[str]]) -> None:
    out, _ = hostile
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'title="Breaks &lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;' in html


def test_glossary_shows_hostile_text_as_text(hostile: tuple[Path, list[str]]) -> None:
    out, _ = hostile
    page = soup(out / "glossary.html")
    assert 'Hostile <b>category</b> & "quotes"' in [p.get_text() for p in page.select("p.aigloss-category")]
    assert page.select_one("#aiterm-long-one + dd p").get_text().startswith("Long definition.")  # type: ignore[union-attr]
    ref = page.select_one("#aiterm-evil-script-window-pwned-3-script + dd ul.aigloss-references a")
    assert ref is not None
    assert ref["href"] == "https://example.org/a?b=1&c=2"
    assert ref.get_text() == '<i>title</i> "quoted" </script>'


BAD_FILES = {
    "javascript URL": ('[[terms]]\nname = "X"\ncategory = "C"\ndefinition = "D."\n'
                       '[[terms.references]]\ntitle = "T"\nurl = "javascript:alert(1)"\n',
                       "terms.toml: term 'X', field 'references[0].url': 'javascript:alert(1)' is not an http(s) link"),
    "data URL": ('[[terms]]\nname = "X"\ncategory = "C"\ndefinition = "D."\n'
                 '[[terms.references]]\ntitle = "T"\nurl = "data:text/html,<script>"\n',
                 "terms.toml: term 'X', field 'references[0].url': 'data:text/html,<script>' is not an http(s) link"),
    "whitespace name": ('[[terms]]\nname = "   "\ncategory = "C"\ndefinition = "D."\n',
                        "terms.toml: term #1, field 'name': must not be empty"),
    "empty definition": ('[[terms]]\nname = "X"\ncategory = "C"\ndefinition = ""\n',
                         "terms.toml: term 'X', field 'definition': must not be empty"),
    "case and hyphen twins": ('[[terms]]\nname = "Re-Ranker"\ncategory = "C"\ndefinition = "D."\n'
                              '[[terms]]\nname = "reranker"\ncategory = "C"\ndefinition = "E."\n',
                              "terms.toml: term 'reranker', field 'name': 'reranker' is already a name of "
                              "term 'Re-Ranker'"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_is_refused_at_load_with_file_entry_and_field(make_app: MakeApp, tmp_path: Path, case: str) -> None:
    text, problem = BAD_FILES[case]
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_aigloss"]\naigloss_data_files = ["terms.toml"]\n',
                                 encoding="utf-8")
    (src / "terms.toml").write_text(text, encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\n:aiterm:`RLHF`\n", encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert app.statuscode == 1
    assert warnings(app.warning.getvalue(), app.srcdir) == [
        "ERROR: 1 problem(s) in the AI glossary data; fix them and build again:",
        f"  {problem} [aigloss.data]",
    ]
    assert term_links(soup(Path(app.outdir) / "index.html"))  # everything else still works


@pytest.mark.parametrize("page", ["index.html", "md.html", "glossary.html"])
def test_pages_are_inert_in_a_browser(hostile: tuple[Path, list[str]], browser: Browser, page: str) -> None:
    """Hover and focus every term link: no script runs, nothing is injected, nothing navigates."""
    out, _ = hostile
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    tab = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    url = (out / page).as_uri()
    tab.goto(url)
    before = tab.evaluate("document.querySelectorAll('script, img, iframe, object').length")
    cards_seen = 0
    for link in tab.locator("a.aigloss-term").all()[:12]:  # the hostile terms come first on each page
        link.scroll_into_view_if_needed()
        link.hover()
        tab.wait_for_timeout(250)
        link.focus()
        card = tab.locator("#aigloss-card")
        if card.count() and card.is_visible():
            cards_seen += 1
            assert card.locator("script, img, iframe, b, i").count() == 0
    assert cards_seen > 0  # the script ran and showed the hostile data
    tab.keyboard.press("Escape")
    assert tab.evaluate("window.pwned") is None
    assert dialogs == []
    assert errors == []
    assert tab.url == url
    # The only new element is the card itself; nothing came from the data.
    assert tab.evaluate("document.querySelectorAll('script, img, iframe, object').length") == before
    assert [r for r in requests if not r.startswith("file://")] == []
    context.close()


def test_unknown_pack_is_one_error_and_exit_status_1(make_app: MakeApp, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_aigloss"]\naigloss_packs = ["training", "nope"]\n',
                                 encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\n:aiterm:`RLHF`\n", encoding="utf-8")
    app = sphinx_run(make_app, src)
    assert app.statuscode == 1
    assert warnings(app.warning.getvalue(), app.srcdir) == [
        "ERROR: 1 problem(s) in the AI glossary data; fix them and build again:",
        "  pack 'nope': no such shipped pack (available: training) [aigloss.data]",
    ]
    assert term_links(soup(Path(app.outdir) / "index.html"))
