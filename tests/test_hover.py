"""Hover cards in a real browser: Chromium, driven by Playwright, on pages Sphinx builds.

Nothing here is skipped: without Chromium (or Node for the unit tests) the tests fail.
Projects are built once per session (per theme, serial and parallel) from the test root
``tests/roots/test-hover`` and opened through ``file://`` URLs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core import load_glossary
from tests.helpers import Once, in_theme
from tests.util import ROOTS, MakeApp, copy_root, sphinx_run

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx_aigloss.core import Term

HERE = Path(__file__).parent
STATIC = HERE.parent / "sphinx_aigloss" / "static"
THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "sphinx_book_theme"]
DARK_THEMES = {"furo", "pydata_sphinx_theme", "sphinx_book_theme"}  # the others have no dark mode
MANY = 2000  # term links on the generated page many.html
CARD = "#aigloss-card"
TIMEOUT = 5000  # ms for each Playwright wait

GLOSSARY = load_glossary()[0]

# sphinx-book-theme uses a Sphinx API that Sphinx 9 deprecates: not this project's concern.
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:sphinx_book_theme",
                                        "ignore::DeprecationWarning:sphinx_book_theme")


def term(name: str) -> Term:
    found = GLOSSARY.get(name)
    assert found is not None, name
    return found


def squash(text: str) -> str:
    return " ".join(text.split())


# -- building the projects ---------------------------------------------------------------------


def many_rst(count: int) -> str:
    """A page with ``count`` term links, cycling through every term of the glossary."""
    names = [t.name for t in GLOSSARY]
    lines = [":orphan:", "", "Many links", "==========", ""]
    for start in range(0, count, 20):
        words = [f":aiterm:`{names[i % len(names)]}`" for i in range(start, min(start + 20, count))]
        lines += [", ".join(words) + ".", ""]
    return "\n".join(lines)


@dataclass
class Build:
    outdir: Path
    status: str
    warnings: str

    def url(self, page: str = "index") -> str:
        return (self.outdir / f"{page}.html").as_uri()

    def html(self, page: str) -> str:
        return (self.outdir / f"{page}.html").read_text(encoding="utf-8")


class Builds:
    """The test root built once per (theme, parallel) for the whole session: the modules that
    test the card in themes share these builds (``once_per_session``)."""

    def __init__(self, once: Once) -> None:
        self.once = once

    def get(self, theme: str = "alabaster", parallel: int = 0) -> Build:
        def build(make_app: MakeApp, folder: Path) -> Build:
            src = copy_root("hover", folder / "src")
            if theme == "alabaster":
                (src / "many.rst").write_text(many_rst(MANY), encoding="utf-8")
            app = sphinx_run(make_app, src, confoverrides=in_theme(theme), parallel=parallel)
            return Build(Path(app.outdir), app.status.getvalue(), app.warning.getvalue())

        return self.once.get(("hover", theme, parallel), build)


@pytest.fixture
def builds(once_per_session: Once) -> Builds:
    return Builds(once_per_session)


@pytest.fixture
def site(builds: Builds) -> Build:
    """The test root in the default theme (alabaster), with the 2,000-link page."""
    return builds.get()


# -- the browser --------------------------------------------------------------------------------


# The ``browser`` fixture (one headless Chromium per session) lives in conftest.py.


@dataclass
class Tabs:
    """Opens pages in fresh contexts and records what they request and report."""

    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, url: str, *, setup: Callable[[Page], None] | None = None, **options: Any) -> Page:
        options.setdefault("viewport", {"width": 1000, "height": 700})
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        if setup is not None:
            setup(page)
        page.goto(url)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Tabs]:
    tabs = Tabs(browser)
    yield tabs
    tabs.close()
    # Every test: no request leaves file:// and nothing is reported on the console.
    assert [url for url in tabs.requests if not url.startswith("file://")] == []
    assert tabs.errors == []


def link(page: Page, text: str) -> Locator:
    return page.locator("a.aigloss-term", has_text=text).first


def card_text(page: Page, part: str) -> str:
    return squash(page.locator(f"{CARD} .aigloss-card-{part}").inner_text())


def hover_card(page: Page, target: Locator) -> Locator:
    target.hover()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    return card


def tab_to(page: Page, text: str) -> None:
    """Press Tab until the term link with this text has the focus."""
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = "document.activeElement.matches('a.aigloss-term') && document.activeElement.textContent"
        if page.evaluate(focused) == text:
            return
    pytest.fail(f"Tab never reached the {text!r} link")


def tab_to_entry(page: Page, term_id: str, name: str) -> None:
    """Press Tab from the page's first stop until a term link to the entry of ``term_id`` has the focus."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('a.aigloss-term[href$=\"#aiterm-{term_id}\"]')"):
            return
    pytest.fail(f"Tab never reached the {name} link")


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None
    return found


def assert_inside_viewport(page: Page, card: Locator) -> dict[str, float]:
    viewport = page.evaluate("[document.documentElement.clientWidth, document.documentElement.clientHeight]")
    b = box(card)
    assert b["x"] >= 0, b
    assert b["y"] >= 0, b
    assert b["x"] + b["width"] <= viewport[0], (b, viewport)
    assert b["y"] + b["height"] <= viewport[1], (b, viewport)
    return b


def page_data(html: str) -> dict[str, Any] | None:
    match = re.search(r'<script type="application/json" id="aigloss-data"[^>]*>(.*?)</script>', html, re.S)
    return None if match is None else json.loads(match.group(1))


def open_paused(tabs: Tabs, url: str) -> Page:
    """A page whose timers run only when the test says so: a fake clock installed before
    it loads, then paused (no flakiness on a busy machine)."""
    page = tabs.open(url, setup=lambda p: p.clock.install(time=0))
    page.clock.pause_at(10_000)
    return page


# -- the tests ------------------------------------------------------------------------------------


def test_js_unit_tests() -> None:
    """The pure logic (positioning, data, segments) under ``node --test``."""
    node = shutil.which("node")
    assert node is not None, "node is needed for the JavaScript unit tests"
    files = sorted(str(path) for path in (HERE / "js").glob("*.test.js"))
    assert files
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# fail 0$", result.stdout, re.M), result.stdout


def test_pure_functions_in_the_browser(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url())
    where = page.evaluate("""() => aiglossFuncs.place(
        {left: 990, right: 1000, top: 690, bottom: 700}, {width: 300, height: 200},
        {width: 1000, height: 700})""")
    assert where == {"top": 484, "left": 692, "side": "above", "maxHeight": None}
    assert page.evaluate("aiglossFuncs.keyOf('glossary.html#aiterm-reward-model')") == "reward-model"


def test_hover_shows_the_definition(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url())
    assert page.evaluate("document.getElementById('aigloss-card')") is None  # made on first use
    rlhf = term("RLHF")
    card = hover_card(page, link(page, "RLHF"))
    assert card_text(page, "name") == "RLHF"
    assert card_text(page, "other") == f"({rlhf.other_form})"
    assert page.locator(f"{CARD} .aigloss-card-category").text_content() == rlhf.category
    assert card_text(page, "definition") == squash(rlhf.short_definition)
    more = page.locator(f"{CARD} a.aigloss-card-more")
    assert more.inner_text() == "Read more"
    assert more.get_attribute("href") == "glossary.html#aiterm-rlhf"
    # the tooltip pattern: one element, role tooltip, referenced while shown
    assert card.get_attribute("role") == "tooltip"
    assert link(page, "RLHF").get_attribute("aria-describedby") == "aigloss-card"
    assert page.evaluate("document.getElementById('aigloss-card').matches(':popover-open')")
    # another term: the same element, the reference moves
    hover_card(page, link(page, "LoRA"))
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("LoRA")
    assert page.locator(".aigloss-card").count() == 1
    assert link(page, "RLHF").get_attribute("aria-describedby") is None
    assert link(page, "LoRA").get_attribute("aria-describedby") == "aigloss-card"


def test_existing_aria_describedby_is_kept(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url())
    target = link(page, "RLHF")
    target.evaluate("a => a.setAttribute('aria-describedby', 'note')")
    hover_card(page, target)
    assert target.get_attribute("aria-describedby") == "note aigloss-card"
    page.keyboard.press("Escape")
    expect(page.locator(CARD)).to_be_hidden()
    assert target.get_attribute("aria-describedby") == "note"


def test_hover_intent_delay(site: Build, tabs: Tabs) -> None:
    page = open_paused(tabs, site.url())
    link(page, "LoRA").hover()
    page.clock.run_for(120)
    assert not page.locator(CARD).is_visible()
    page.clock.run_for(200)
    expect(page.locator(CARD)).to_be_visible()
    # leaving starts a grace period, after which the card goes
    page.mouse.move(5, 650)
    page.clock.run_for(100)
    assert page.locator(CARD).is_visible()
    page.clock.run_for(400)
    expect(page.locator(CARD)).to_be_hidden()


def test_native_title_moves_away_and_no_js_keeps_it(site: Build, tabs: Tabs) -> None:
    short = term("RLHF").short_definition
    page = tabs.open(site.url())
    target = link(page, "RLHF")
    assert target.get_attribute("title") == short  # before any interaction: the no-JS fallback
    hover_card(page, target)
    assert target.get_attribute("title") is None
    assert target.get_attribute("data-aigloss-title") == short
    titled = page.evaluate("""() => {
        const a = [...document.querySelectorAll('a.aigloss-term')].find(a => a.textContent === 'RLHF');
        return [!!a.closest('[title]'), !!a.querySelector('[title]'),
                !!document.getElementById('aigloss-card').querySelector('[title]')];
    }""")
    assert titled == [False, False, False]

    static = tabs.open(site.url(), java_script_enabled=False)
    target = link(static, "RLHF")
    assert target.get_attribute("title") == short
    target.hover()
    static.wait_for_timeout(500)
    assert static.locator(CARD).count() == 0
    assert target.get_attribute("title") == short


def test_the_card_reads_only_the_page_data(site: Build, tabs: Tabs) -> None:
    """The card is the term's entry in the page data, whatever the links' titles say: a
    script that strips every title first leaves the card whole."""
    page = tabs.open(site.url())
    page.evaluate("""() => {
        for (const a of document.querySelectorAll('a.aigloss-term[title]')) a.removeAttribute('title');
        const data = document.getElementById('aigloss-data');
        const all = JSON.parse(data.textContent);
        all.lora.segments = ['Edited ', ['here', '#aiterm-edited'], '.'];
        all.lora.url = 'elsewhere.html#aiterm-lora';
        data.textContent = JSON.stringify(all);
    }""")
    hover_card(page, link(page, "RLHF"))
    assert card_text(page, "definition") == squash(term("RLHF").short_definition)
    hover_card(page, link(page, "LoRA"))
    expect(page.locator(f"{CARD} .aigloss-card-definition")).to_have_text("Edited here.")
    expect(page.locator(f"{CARD} a.aigloss-card-link")).to_have_attribute("href", "#aiterm-edited")
    expect(page.locator(f"{CARD} a.aigloss-card-more")).to_have_attribute("href", "elsewhere.html#aiterm-lora")


def test_without_page_data_the_title_stays(site: Build, tabs: Tabs) -> None:
    """Data missing or broken (a stale page, a stripped script): no card, and the link keeps
    its title, the no-JavaScript fallback."""
    page = tabs.open(site.url())
    page.evaluate("document.getElementById('aigloss-data').textContent = '{broken'")
    target = link(page, "LoRA")
    target.hover()
    target.focus()
    page.wait_for_timeout(500)
    assert page.locator(CARD).count() == 0
    assert target.get_attribute("title") == term("LoRA").short_definition


def test_keyboard_focus_and_escape(site: Build, tabs: Tabs) -> None:
    page = open_paused(tabs, site.url())
    tab_to(page, "RLHF")
    card = page.locator(CARD)
    expect(card).to_be_visible()  # at once: no timer has run
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("RLHF")
    assert link(page, "RLHF").get_attribute("aria-describedby") == "aigloss-card"
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    assert page.evaluate("document.activeElement.textContent") == "RLHF"  # focus stays
    assert link(page, "RLHF").get_attribute("aria-describedby") is None
    page.clock.run_for(1000)
    expect(card).to_be_hidden()  # and it does not come back by itself
    page.keyboard.press("Tab")
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("LoRA")
    expect(card).to_be_visible()
    page.keyboard.press("Shift+Tab")  # focus back: shown again
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("RLHF")
    expect(card).to_be_visible()


def test_focus_leaving_hides(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url(page="other"))
    tab_to(page, "fine-tuning")
    expect(page.locator(CARD)).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator(CARD)).to_be_hidden()


def test_escape_after_hover_stays_dismissed(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url())
    target = link(page, "LoRA")
    card = hover_card(page, target)
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    b = box(target)
    page.mouse.move(b["x"] + b["width"] - 3, b["y"] + b["height"] / 2)  # still on the link
    page.wait_for_timeout(500)
    expect(card).to_be_hidden()
    page.mouse.move(5, 650)  # leave, come back: shown again
    page.wait_for_timeout(50)
    target.hover()
    expect(card).to_be_visible()


def test_pointer_onto_card_keeps_it_and_read_more_works(site: Build, tabs: Tabs) -> None:
    page = open_paused(tabs, site.url())
    target = link(page, "RLHF")
    target.hover()
    page.clock.run_for(300)
    card = page.locator(CARD)
    expect(card).to_be_visible()
    start, end = box(target), box(card)
    assert end["y"] > start["y"] + start["height"]  # below, with a gap to cross
    page.mouse.move(start["x"] + 5, start["y"] + start["height"] - 1)
    page.mouse.move(start["x"] + 5, end["y"] - 2)  # in the gap between link and card
    page.clock.run_for(100)
    page.mouse.move(end["x"] + 20, end["y"] + end["height"] / 2, steps=4)
    page.clock.run_for(1000)  # well past the grace delay
    expect(card).to_be_visible()
    page.mouse.move(end["x"] + 20, end["y"] + end["height"] + 40)  # off the card: it goes
    page.clock.run_for(1000)
    expect(card).to_be_hidden()

    page = tabs.open(site.url())
    card = hover_card(page, link(page, "RLHF"))
    page.locator(f"{CARD} a.aigloss-card-more").click()
    page.wait_for_url("**/glossary.html#aiterm-rlhf")
    assert page.evaluate("location.hash") == "#aiterm-rlhf"


def test_term_links_inside_the_card_work(site: Build, tabs: Tabs) -> None:
    page = open_paused(tabs, site.url())
    link(page, "DPO").hover()
    page.clock.run_for(300)
    card = page.locator(CARD)
    expect(card).to_be_visible()
    inner = page.locator(f"{CARD} a.aigloss-card-link", has_text="reward model")
    expect(inner).to_have_attribute("href", "glossary.html#aiterm-reward-model")
    b = box(card)
    page.mouse.move(b["x"] + 10, b["y"] + 10, steps=8)
    page.clock.run_for(1000)
    expect(card).to_be_visible()
    inner.click()
    page.wait_for_url("**/glossary.html#aiterm-reward-model")


def test_pointer_leaving_hides_after_grace(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url())
    card = hover_card(page, link(page, "RLHF"))
    page.mouse.move(5, 650)
    expect(card).to_be_hidden()
    assert link(page, "RLHF").get_attribute("aria-describedby") is None


def test_links_in_glossary_entries_and_definition_blocks(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url("glossary"))
    inside = page.locator("dl.aigloss-glossary dd a.aigloss-term").first
    key = (inside.get_attribute("href") or "").split("#aiterm-")[1]
    expected = page_data(site.html("glossary"))
    assert expected is not None
    hover_card(page, inside)
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text(expected[key]["name"])

    page = tabs.open(site.url("methods"))
    inside = page.locator(".aigloss-definition a.aigloss-term", has_text="reward model").first
    hover_card(page, inside)
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text(term("reward model").name)


def test_touch_tap_shows_then_follows(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url(), has_touch=True, is_mobile=True, viewport={"width": 360, "height": 740})
    target = link(page, "LoRA")
    target.tap()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("LoRA")
    assert page.url.endswith("/index.html")  # the first tap did not navigate
    assert_inside_viewport(page, card)
    page.touchscreen.tap(10, 10)  # elsewhere: hidden
    expect(card).to_be_hidden()
    target.tap()
    expect(card).to_be_visible()
    target.tap()  # second tap on the same link follows it
    page.wait_for_url("**/glossary.html#aiterm-lora")


def test_touch_tap_read_more(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url(), has_touch=True, is_mobile=True, viewport={"width": 360, "height": 740})
    link(page, "RLHF").tap()
    expect(page.locator(CARD)).to_be_visible()
    page.locator(f"{CARD} a.aigloss-card-more").tap()
    page.wait_for_url("**/glossary.html#aiterm-rlhf")


def test_without_popover_api(site: Build, tabs: Tabs) -> None:
    """A browser older than the Popover API (every supported browser has it) gets what a page
    without JavaScript gets: no card, and the link keeps its title."""
    def no_popover(page: Page) -> None:
        page.add_init_script("delete HTMLElement.prototype.showPopover; delete HTMLElement.prototype.hidePopover;")

    page = tabs.open(site.url(), setup=no_popover)
    tab_to(page, "RLHF")
    target = link(page, "RLHF")
    target.hover()
    page.wait_for_timeout(500)
    assert page.locator(CARD).count() == 0
    assert target.get_attribute("title") == term("RLHF").short_definition
    assert target.get_attribute("aria-describedby") is None


def test_reduced_motion(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url())
    hover_card(page, link(page, "RLHF"))
    animation = "getComputedStyle(document.getElementById('aigloss-card')).animationName"
    assert page.evaluate(animation) == "aigloss-in"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"


def linked_keys(html: str) -> set[str]:
    return set(re.findall(r'<a class="aigloss-term[^"]*" href="[^"#]*#aiterm-([^"]+)"', html))


def test_only_used_terms_are_on_a_page(site: Build) -> None:
    for path in sorted(site.outdir.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        keys = linked_keys(html)
        assert set(page_data(html) or {}) == keys, path.name  # the linked terms, no others
        assert ('src="_static/aigloss.js' in html) == bool(keys), path.name
    # pages whose only links are the roles in their source
    for page in ("index", "other", "data", "efficient"):
        text = (ROOTS / "test-hover" / f"{page}.rst").read_text(encoding="utf-8")
        expected = {term(name).id for name in re.findall(r":(?:aiterm|aidef):`([^`]+)`", text)}
        assert set(page_data(site.html(page)) or {}) == expected, page
    assert set(page_data(site.html("other")) or {}) == {"fine-tuning"}
    plain = site.html("plain")
    assert page_data(plain) is None
    assert "aigloss.js" not in plain
    assert "aigloss.css" not in plain


@pytest.mark.sphinx("html", testroot="hover", srcdir="test_hover-app")
def test_only_used_terms_with_the_app_fixture(app: SphinxTestApp) -> None:
    """The same check through Sphinx's own test fixture (a fresh build of the test root)."""
    app.build()
    html = (Path(app.outdir) / "other.html").read_text(encoding="utf-8")
    assert set(page_data(html) or {}) == {"fine-tuning"}
    assert app.warning.getvalue() == ""


def expected_entry(name: str, url: str, links: dict[str, str]) -> dict[str, Any]:
    """A term's card entry: its short definition cut at the mentions in ``links`` (text -> URL)."""
    found = term(name)
    segments: list[Any] = []
    rest = found.short_definition
    for text, href in links.items():
        before, _, rest = rest.partition(text)
        segments += [before, [text, href]] if before else [[text, href]]
    segments += [rest] if rest else []
    entry = {"name": found.name, "category": found.category, "url": url, "segments": segments}
    return {**entry, "other": found.other_form} if found.other_form else entry


def test_one_entry_per_term_holds_the_whole_card(site: Build) -> None:
    """Each used term's entry is readable and whole: name, category, other form, URL and the
    definition's segments; the title is on the page's first link to the term only."""
    data = page_data(site.html("index"))
    assert data is not None
    assert data["rlhf"] == expected_entry("RLHF", "glossary.html#aiterm-rlhf", {
        "reward model": "glossary.html#aiterm-reward-model", "PPO": "glossary.html#aiterm-ppo"})
    assert data["lora"] == expected_entry("LoRA", "glossary.html#aiterm-lora", {
        "Parameter-efficient fine-tuning": "glossary.html#aiterm-peft",
        "pre-trained": "glossary.html#aiterm-pre-training"})
    assert data["training-data"] == expected_entry("training data", "glossary.html#aiterm-training-data", {})
    assert "other" not in data["training-data"]
    # On the glossary page itself, the URLs are the page's own anchors.
    glossary = page_data(site.html("glossary"))
    assert glossary is not None
    assert glossary["dpo"] == expected_entry("DPO", "#aiterm-dpo", {"RLHF": "#aiterm-rlhf",
                                                                  "reward model": "#aiterm-reward-model"})
    html = site.html("many")
    for key in page_data(html) or {}:
        titled = re.findall(rf'<a class="aigloss-term[^"]*" href="[^"#]*#aiterm-{re.escape(key)}" title=', html)
        assert len(titled) == 1, key


@pytest.mark.sphinx("html", testroot="noglossary", srcdir="test_hover-noglossary")
def test_the_fallback_page_has_entries_of_the_same_shape(app: SphinxTestApp) -> None:
    app.build()
    html = (Path(app.outdir) / "aigloss-glossary.html").read_text(encoding="utf-8")
    data = page_data(html)
    assert data is not None
    assert len(data) == len(GLOSSARY.terms)
    for key, entry in data.items():
        expected = {"name", "category", "url", "segments"} | ({"other"} if GLOSSARY.terms[key].other_form else set())
        assert set(entry) == expected, key
        assert entry["url"] == f"#aiterm-{key}"
    assert data["rlhf"] == expected_entry("RLHF", "#aiterm-rlhf", {
        "reward model": "#aiterm-reward-model", "PPO": "#aiterm-ppo"})


@pytest.mark.sphinx("html", testroot="hover", srcdir="hover-full",
                    confoverrides={"aigloss_tooltip_length": "full"})
def test_full_length_cards(app: SphinxTestApp, tabs: Tabs) -> None:
    app.build()
    page = tabs.open((Path(app.outdir) / "index.html").as_uri())
    card = hover_card(page, link(page, "RLHF"))
    assert card_text(page, "definition") == squash(term("RLHF").definition)
    assert card.get_attribute("data-length") == "full"
    assert_inside_viewport(page, card)


@pytest.mark.sphinx("html", testroot="hover", srcdir="hover-canonical",
                    confoverrides={"aigloss_canonical_url": "https://example.org/ai/",
                                   "exclude_patterns": ["_build", "glossary.rst"]})
def test_external_term_links(app: SphinxTestApp, tabs: Tabs) -> None:
    """Terms with no entry in the project link to the canonical site; the card still needs no request."""
    app.build()
    page = tabs.open((Path(app.outdir) / "index.html").as_uri())
    target = link(page, "RLHF")
    expect(target).to_have_attribute("href", "https://example.org/ai/#aiterm-rlhf")
    expect(target).to_have_class(re.compile(r"\bexternal\b"))
    hover_card(page, target)
    assert card_text(page, "definition") == squash(term("RLHF").short_definition)
    more = page.locator(f"{CARD} a.aigloss-card-more")
    expect(more).to_have_attribute("href", "https://example.org/ai/#aiterm-rlhf")


def test_long_card_scrolls_inside(site: Build, tabs: Tabs) -> None:
    """A card taller than the room it has scrolls, and scrolling it keeps it where it is."""
    page = tabs.open(site.url(), viewport={"width": 1000, "height": 240}, reduced_motion="reduce")
    page.evaluate("""() => {
        const data = document.getElementById('aigloss-data');
        const all = JSON.parse(data.textContent);
        all.rlhf.segments = [Array(40).fill('A sentence of a long definition.').join(' ')];
        data.textContent = JSON.stringify(all);
    }""")
    card = hover_card(page, link(page, "RLHF"))
    b = assert_inside_viewport(page, card)
    assert page.evaluate("(c => c.scrollHeight > c.clientHeight)(document.getElementById('aigloss-card'))")
    page.evaluate("document.getElementById('aigloss-card').scrollTop = 60")
    page.wait_for_timeout(100)
    assert page.evaluate("document.getElementById('aigloss-card').scrollTop") == 60
    assert box(card) == b


def test_no_requests_leave_file_and_no_console_errors(site: Build, tabs: Tabs) -> None:
    for name in ("index", "glossary", "methods", "plain"):
        page = tabs.open(site.url(name))
        terms = page.locator("a.aigloss-term")
        if terms.count():
            hover_card(page, terms.first)
    assert tabs.requests, "the recorder saw nothing"
    assert all(url.startswith("file://") for url in tabs.requests), tabs.requests
    assert tabs.errors == []


# -- placement ------------------------------------------------------------------------------------


def pin(page: Page, text: str, css: str) -> Locator:
    """Move a term link to a fixed place in the window (an edge or a corner)."""
    page.evaluate("""([text, css]) => {
        const a = [...document.querySelectorAll('a.aigloss-term')].find(a => a.textContent === text);
        a.style.cssText = 'position: fixed; z-index: 10; background: inherit; ' + css;
    }""", [text, css])
    return link(page, text)


@pytest.mark.parametrize(("css", "side"), [
    ("right: 0; top: 200px", "below"),
    ("left: 45%; bottom: 0", "above"),
    ("right: 0; bottom: 0", "above"),
    ("left: 0; top: 0", "below"),
])
def test_card_stays_in_the_viewport(site: Build, tabs: Tabs, css: str, side: str) -> None:
    page = tabs.open(site.url())
    target = pin(page, "RLHF", css)
    card = hover_card(page, target)
    b, t = assert_inside_viewport(page, card), box(target)
    assert card.get_attribute("data-side") == side
    if side == "below":
        assert b["y"] >= t["y"] + t["height"]
    else:
        assert b["y"] + b["height"] <= t["y"]


def test_card_follows_scrolling(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url(), viewport={"width": 1000, "height": 320}, reduced_motion="reduce")
    page.evaluate("document.body.append(Object.assign(document.createElement('div'), {style: 'height: 3000px'}))")
    target = link(page, "RLHF")
    tab_to(page, "RLHF")
    card = page.locator(CARD)
    expect(card).to_be_visible()

    def gap() -> float:
        return box(card)["y"] - (box(target)["y"] + box(target)["height"])

    before = gap()
    page.evaluate("window.scrollBy(0, 40)")
    page.wait_for_timeout(100)
    expect(card).to_be_visible()
    assert abs(gap() - before) <= 1
    page.evaluate("window.scrollBy(0, 600)")  # the link leaves the window: so does the card
    expect(card).to_be_hidden()
    page.evaluate("window.scrollBy(0, -600)")  # back, still focused: so is its card, by its link
    expect(card).to_be_visible()
    assert abs(gap() - before) <= 1
    page.keyboard.press("Escape")  # dismissed: scrolling away and back does not bring it back
    expect(card).to_be_hidden()
    for y in (600, -600):
        page.evaluate(SCROLL_JS, y)
        page.wait_for_timeout(50)
        expect(card).to_be_hidden()
    page.keyboard.press("Tab")  # the next link: its card, which leaves with the link; Escape while it is away
    expect(card).to_be_visible()
    page.evaluate(SCROLL_JS, 600)
    expect(card).to_be_hidden()
    page.keyboard.press("Escape")
    page.evaluate(SCROLL_JS, -600)
    page.wait_for_timeout(50)
    expect(card).to_be_hidden()


SETTLED_JS = """() => new Promise(done => {
    // The window's scroll position unchanged for five frames: a smooth scroll is over.
    let last = NaN, still = 0;
    const tick = () => {
        still = scrollY === last ? still + 1 : 0;
        last = scrollY;
        if (still >= 5) done(scrollY); else requestAnimationFrame(tick);
    };
    tick();
})"""

FOCUSED_JS = """() => {
    const a = document.activeElement, card = document.getElementById('aigloss-card');
    if (!a.matches('article a.aigloss-term')) return null;
    const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    return {text: a.textContent, href: a.getAttribute('href'), link: box(a.getBoundingClientRect()),
            last: box([...a.getClientRects()].at(-1)), describedBy: a.getAttribute('aria-describedby'),
            open: card !== null && card.matches(':popover-open'), card: card && box(card.getBoundingClientRect()),
            more: card && card.querySelector('.aigloss-card-more').getAttribute('href')};
}"""


def test_focus_card_survives_smooth_scrolling(builds: Builds, tabs: Tabs) -> None:
    """furo scrolls smoothly to a focused link that is out of view (the first scroll event comes
    while the link is still outside the window): Tab through every term link of a page taller than
    the window, and once the scroll is over the focused link's card is shown, placed by its link."""
    page = tabs.open(builds.get("furo").url("tall"), viewport={"width": 1280, "height": 500})
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    expected = page.evaluate("[...document.querySelectorAll('article a.aigloss-term')].map(a => a.textContent)")
    assert len(expected) == 13
    page.locator("article h1").click()  # Tab goes on from the title (past the theme's own links)
    page.mouse.move(1, 1)  # (out of the way: no term link passes under the pointer as the page scrolls)
    seen: list[str] = []
    scrolls = 0
    for _ in range(30):
        before = page.evaluate("scrollY")
        page.keyboard.press("Tab")
        scrolls += page.evaluate(SETTLED_JS) != before
        state = page.evaluate(FOCUSED_JS)
        if state is None:
            continue
        seen.append(state["text"])
        assert state["open"], state
        assert state["more"].endswith(state["href"][state["href"].index("#"):]), state  # its own card
        assert "aigloss-card" in (state["describedBy"] or "").split()
        a, b = state["link"], state["card"]
        assert 0 <= a["top"] < a["bottom"] <= 500, state  # the link in view
        assert 8 <= b["top"] < b["bottom"] <= 500 - 8, state  # the card in view, against its link
        assert b["top"] == pytest.approx(a["bottom"] + 6, abs=1) or b["bottom"] == pytest.approx(a["top"] - 6, abs=1)
        assert b["left"] == pytest.approx(state["last"]["left"], abs=1), state
        if len(seen) == len(expected):
            break
    assert seen == expected
    assert scrolls >= 4  # (the page did scroll to reach the links)


WIDE_PAN_JS = """() => {
    // Zoomed in on the bottom right of the page, then back out: what a reader does with a
    // finger. The visual viewport stays panned inside the layout viewport, which the page's
    // overflow makes wider than the screen.
    const right = [...document.querySelectorAll('footer a')].at(-1);
    right.scrollIntoView({block: 'end', inline: 'end'});
}"""

VISIBLE_JS = """(text) => {
    const v = visualViewport, card = document.getElementById('aigloss-card');
    const a = [...document.querySelectorAll('a.aigloss-term')].find(a => a.textContent === text);
    const r = a.getClientRects()[0], k = card && card.getBoundingClientRect();
    return {view: {left: v.offsetLeft, top: v.offsetTop, width: v.width, height: v.height, scale: v.scale},
            link: {x: r.left + r.width / 2 - v.offsetLeft, y: r.top + r.height / 2 - v.offsetTop},
            card: k && {left: k.left, top: k.top, right: k.right, bottom: k.bottom},
            name: card && card.querySelector('.aigloss-card-name').textContent};
}"""


def test_phone_card_inside_the_visual_viewport(builds: Builds, tabs: Tabs) -> None:
    """pydata-sphinx-theme on a phone: the page is wider than the screen (the theme scrolls the
    table in its own box, but the header's long title overflows), so the reader can pan sideways;
    a tapped term's card shows inside the part of the page the reader sees (the visual viewport),
    zoomed in and back at scale 1."""
    page = tabs.open(builds.get("pydata_sphinx_theme").url("wide"), has_touch=True, is_mobile=True,
                     viewport={"width": 360, "height": 740})
    assert page.evaluate("innerWidth") > page.evaluate("document.documentElement.clientWidth") == 360
    cdp = page.context.new_cdp_session(page)
    tapped = []
    for scale in (1.5, 1.0):
        cdp.send("Emulation.setPageScaleFactor", {"pageScaleFactor": scale})
        if scale > 1:
            page.evaluate(WIDE_PAN_JS)
        for text, name in (("LoRA", "LoRA"), ("training data", "Training Data")):
            where = page.evaluate(VISIBLE_JS, text)
            view = where["view"]
            assert view["scale"] == scale
            assert view["left"] > 0, view  # panned: the layout's left edge is off the screen
            if not (0 <= where["link"]["x"] <= view["width"] and 0 <= where["link"]["y"] <= view["height"]):
                continue  # (zoomed in: this link is not on the screen)
            page.touchscreen.tap(where["link"]["x"], where["link"]["y"])  # (in the visual viewport's CSS px)
            tapped.append((scale, text))
            expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text(name)
            b = page.evaluate(VISIBLE_JS, text)["card"]
            assert view["left"] + 8 <= b["left"] < b["right"] <= view["left"] + view["width"] - 8, (b, view)
            assert view["top"] + 8 <= b["top"] < b["bottom"] <= view["top"] + view["height"] - 8, (b, view)
            page.keyboard.press("Escape")
    assert (1.5, "training data") in tapped  # (zoomed in, LoRA may be off the screen)
    assert [text for scale, text in tapped if scale == 1] == ["LoRA", "training data"]


def test_narrow_viewport(site: Build, tabs: Tabs) -> None:
    page = tabs.open(site.url(), viewport={"width": 360, "height": 640})
    for text in ("RLHF", "DPO", "training data"):
        card = hover_card(page, link(page, text))
        b = assert_inside_viewport(page, card)
        assert b["width"] <= 360 - 16
        page.mouse.move(1, 1)
        expect(card).to_be_hidden()
    card = hover_card(page, pin(page, "LoRA", "right: 0; bottom: 0"))
    assert_inside_viewport(page, card)


WRAP_JS = """([text, top]) => {
    // An inline-block spacer before the link, widened until the link breaks over two lines;
    // then the page is scrolled to put its first line at ``top``.
    const a = [...document.querySelectorAll('a.aigloss-term')].find(a => a.textContent === text);
    const room = () => Object.assign(document.createElement('div'), {style: 'height: 1000px'});
    document.body.prepend(room());
    document.body.append(room());
    const spacer = Object.assign(document.createElement('span'), {style: 'display: inline-block'});
    a.before(spacer);
    const lines = () => [...a.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    for (let width = 0; lines().length !== 2 && width < 1000; width += 2) spacer.style.width = width + 'px';
    window.scrollBy(0, lines()[0].top - top);
}"""

RECTS_JS = """(text) => {
    const a = [...document.querySelectorAll('a.aigloss-term')].find(a => a.textContent === text);
    const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const card = document.getElementById('aigloss-card');
    return {lines: [...a.getClientRects()].filter(r => r.width > 0 && r.height > 0).map(box),
            card: card && box(card.getBoundingClientRect())};
}"""


SCROLL_JS = "(y) => new Promise(done => { addEventListener('scroll', done, {once: true}); scrollBy(0, y); })"


def intersect(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("top", [60, 400])
@pytest.mark.parametrize("how", ["hover-first-line", "hover-second-line", "focus"])
def test_card_never_covers_a_wrapped_link(site: Build, tabs: Tabs, how: str, top: int, width: int) -> None:
    """A phone-sized window, a term link wrapped over two lines: the card goes against the line
    the pointer is on (first line: above it when there is room), or below the last line (the
    second line, keyboard focus), and never over any part of the link, also after scrolling.
    (A paused clock: scrolling moves the link from under the pointer, and the grace period
    before the card hides must not run out while the test looks.)"""
    text = "training data"
    page = tabs.open(site.url(), setup=lambda p: p.clock.install(time=0),
                     viewport={"width": width, "height": 640}, reduced_motion="reduce")
    page.clock.pause_at(10_000)
    if how == "focus":  # the keyboard in use: focus from a script is then :focus-visible
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")  # (the first link's card)
    page.evaluate(WRAP_JS, [text, top])
    lines = page.evaluate(RECTS_JS, text)["lines"]
    assert len(lines) == 2, lines
    assert lines[1]["top"] >= lines[0]["bottom"] - 4, lines  # one line under the other
    assert lines[0]["top"] == pytest.approx(top, abs=1)
    if how == "focus":
        link(page, text).evaluate("a => a.focus({preventScroll: true})")
    else:
        r = lines[0] if how == "hover-first-line" else lines[1]
        page.mouse.move((r["left"] + r["right"]) / 2, (r["top"] + r["bottom"]) / 2)
        page.clock.run_for(250)  # the hover-intent delay
    card = page.locator(CARD)
    expect(card).to_be_visible()
    assert_inside_viewport(page, card)
    found = page.evaluate(RECTS_JS, text)
    for before, after in zip(lines, found["lines"], strict=True):  # the link stayed where it was
        assert after == pytest.approx(before, abs=1), (before, after)
    side = card.get_attribute("data-side")
    if how == "hover-first-line":  # against the hovered line when there is room above it
        assert side == ("below" if top == 60 else "above")
    if top == 60:
        assert side == "below"
    for scroll in (0, 24):  # then scrolled: the card follows, against the same line
        if scroll:  # (once the page has seen the scroll, the card follows on the next frame)
            page.evaluate(SCROLL_JS, scroll)
            page.clock.run_for(50)
        expect(card).to_be_visible()
        found = page.evaluate(RECTS_JS, text)
        lines, b = found["lines"], found["card"]
        for line in lines:
            assert not intersect(b, line), (how, b, line)
        assert card.get_attribute("data-side") == side
        if side == "above":
            assert b["bottom"] == pytest.approx(lines[0]["top"] - 6, abs=1)
        else:
            assert b["top"] == pytest.approx(lines[1]["bottom"] + 6, abs=1)


# -- themes ---------------------------------------------------------------------------------------

CONTRAST_JS = """() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const rgba = (color) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = '#000';
        ctx.fillStyle = color;
        ctx.fillRect(0, 0, 1, 1);
        return Array.from(ctx.getImageData(0, 0, 1, 1).data);
    };
    const card = document.getElementById('aigloss-card');
    const texts = [...card.querySelectorAll(
        '.aigloss-card-name, .aigloss-card-other, .aigloss-card-category, .aigloss-card-definition, a')];
    let page = [0, 0, 0, 0];
    const a = document.querySelector('a.aigloss-term');
    for (let el = a; el && page[3] < 255; el = el.parentElement) page = rgba(getComputedStyle(el).backgroundColor);
    if (page[3] < 255) page = rgba(getComputedStyle(document.documentElement).backgroundColor);
    if (page[3] < 255) page = [255, 255, 255, 255];
    return {
        bg: rgba(getComputedStyle(card).backgroundColor),
        page: page,
        texts: texts.map(el => [el.className || el.tagName, rgba(getComputedStyle(el).color)]),
    };
}"""


def luminance(rgb: list[int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[int], b: list[int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(color: list[int], bg: list[int]) -> list[int]:
    alpha = color[3] / 255
    return [round(c * alpha + b * (1 - alpha)) for c, b in zip(color[:3], bg[:3], strict=True)]


SCHEMES = [(theme, mode) for theme in THEMES for mode in ("light", "dark")]
SCHEMES += [(theme, "toggle-dark") for theme in ("furo", "pydata_sphinx_theme", "sphinx_book_theme")]
SCHEMES += [("furo", "toggle-light")]


@pytest.mark.parametrize(("theme", "mode"), SCHEMES, ids=[f"{t}-{m}" for t, m in SCHEMES])
def test_theme_contrast(builds: Builds, tabs: Tabs, theme: str, mode: str) -> None:
    build = builds.get(theme)
    assert build.warnings == ""
    scheme = "light" if mode in ("light", "toggle-dark") else "dark"
    page = tabs.open(build.url(), color_scheme=scheme)
    if mode.startswith("toggle-"):
        # what the theme's own toggle button sets
        wanted = mode.removeprefix("toggle-")
        where = "document.body" if theme == "furo" else "document.documentElement"
        page.evaluate(f"{where}.dataset.theme = {wanted!r}")
    dark = theme in DARK_THEMES and mode in ("dark", "toggle-dark")
    if theme in ("pydata_sphinx_theme", "sphinx_book_theme"):
        assert page.evaluate("document.documentElement.dataset.theme") == ("dark" if dark else "light")
    card = hover_card(page, link(page, "DPO"))  # a card with links in its definition
    assert_inside_viewport(page, card)
    colours = page.evaluate(CONTRAST_JS)
    bg = colours["bg"]
    assert bg[3] == 255, "the card background must be opaque"
    assert (luminance(bg) < 0.2) == dark, (bg, "card should follow the page's light or dark look")
    assert (luminance(colours["page"]) < 0.2) == dark, colours["page"]
    assert len(colours["texts"]) >= 6
    for what, colour in colours["texts"]:
        ratio = contrast(over(colour, bg), bg)
        assert ratio >= 4.5, f"{theme} {mode}: {what} {colour} on {bg}: {ratio:.2f}"


# -- accessibility audit ----------------------------------------------------------------------------

AXE = HERE.parent / "node_modules" / "axe-core" / "axe.min.js"  # npm, from package.json
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Our markup: the card (and all inside it), term links, glossary entries, definition blocks.
OURS = "#aigloss-card, a.aigloss-term, [class*='aigloss-']"

AXE_JS = """async ([tags, ours]) => {
    // preload: false - no fetching of the stylesheets (file:// pages refuse it, on the console)
    const options = {runOnly: {type: 'tag', values: tags}, elementRef: true, preload: false};
    const result = await axe.run(document, options);
    // The colour of a term link is the theme's when an ordinary Sphinx link in its place has
    // the same one (a probe, removed at once): a contrast finding is then the theme's own.
    const themeColour = a => {
        const probe = Object.assign(document.createElement('a'), {className: 'reference internal', href: a.href});
        a.after(probe);
        const colour = getComputedStyle(probe).color;
        probe.remove();
        return colour;
    };
    const theirs = (rule, el) => rule === 'color-contrast' && el.matches('a.aigloss-term, a.aigloss-term *')
        && getComputedStyle(el).color === themeColour(el.closest('a'));
    const mine = (rule, nodes) => nodes.filter(n => n.element && n.element.closest(ours) && !theirs(rule, n.element));
    return {
        violations: result.violations.map(v => ({id: v.id, help: v.help,
            nodes: mine(v.id, v.nodes).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))
            .filter(v => v.nodes.length),
        // the rules that looked at the card and found nothing wrong
        cardPasses: result.passes.filter(r => r.nodes.some(n => n.element && n.element.closest('#aigloss-card')))
            .map(r => r.id),
    };
}"""


def axe_audit(page: Page) -> dict[str, Any]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(AXE_JS, [AXE_TAGS, OURS])
    return result


def test_the_card_is_in_the_landmark_of_its_link(site: Build, tabs: Tabs) -> None:
    """The card is placed inside the landmark holding the link it describes (all content in
    landmarks), moving with the shown link, open all along; with no landmark, in the body."""
    page = tabs.open(site.url(), reduced_motion="reduce")
    page.evaluate("""() => {
        const lora = [...document.querySelectorAll('a.aigloss-term')].find(a => a.textContent === 'LoRA');
        const copy = (text, box) => {
            const a = Object.assign(lora.cloneNode(true), {textContent: text});
            box.append(a);
            return box;
        };
        document.body.prepend(copy('LoRA aside', Object.assign(document.createElement('aside'), {ariaLabel: 'Notes'})));
        document.body.prepend(copy('LoRA nowhere', document.createElement('div')));
    }""")
    where = """() => {
        const card = document.getElementById('aigloss-card');
        const link = document.querySelector('[aria-describedby~="aigloss-card"]');
        return [link.textContent, card.parentElement.tagName + '.' + card.parentElement.className,
                card.matches(':popover-open')];
    }"""
    hover_card(page, link(page, "RLHF"))
    assert page.evaluate(where) == ["RLHF", "DIV.body", True]  # alabaster's main: div.body[role=main]
    hover_card(page, link(page, "LoRA aside"))
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("LoRA")
    assert page.evaluate(where) == ["LoRA aside", "ASIDE.", True]
    hover_card(page, link(page, "LoRA nowhere"))
    page.wait_for_function("document.getElementById('aigloss-card').parentElement === document.body")
    assert page.evaluate(where) == ["LoRA nowhere", "BODY.", True]
    assert page.locator(".aigloss-card").count() == 1


AUDITS = [(theme, "light") for theme in THEMES] + [(theme, "dark") for theme in sorted(DARK_THEMES)]


@pytest.mark.parametrize(("theme", "scheme"), AUDITS, ids=[f"{t}-{s}" for t, s in AUDITS])
def test_axe_finds_nothing_in_our_markup(builds: Builds, tabs: Tabs, theme: str, scheme: str) -> None:
    """axe-core (WCAG 2.2 A/AA and best practices) on a built page with a card open. The whole
    page is audited, so that page-level rules such as ``region`` (all content inside landmarks)
    see the card where it is; a violation counts when one of its nodes is our markup. The
    themes' own findings are not this project's to fix: their landmarks and headings, and the
    colour they give every link (sphinx-rtd-theme's fails 4.5:1), term links included."""
    assert AXE.exists(), f"{AXE} is missing: run npm ci (tools/test.sh does)"
    # (reduced motion: no fade-in for axe to measure colours in)
    page = tabs.open(builds.get(theme).url(), color_scheme=scheme, reduced_motion="reduce")
    card = hover_card(page, link(page, "DPO"))  # a card with links in its definition
    # The pointer onto the card (in one move: no grace period), the link without its hover colour.
    name = box(page.locator(f"{CARD} .aigloss-card-name"))
    page.mouse.move(name["x"] + 2, name["y"] + name["height"] / 2)
    result = axe_audit(page)
    assert result["violations"] == []
    assert {"region", "aria-tooltip-name", "color-contrast"} <= set(result["cardPasses"]), result["cardPasses"]
    # The audit sees our problems: the card moved out of the landmarks is one (``region``).
    card.evaluate("c => { document.body.append(c); c.showPopover(); }")
    moved = axe_audit(page)["violations"]
    assert [v["id"] for v in moved] == ["region"], moved


# -- parallel builds and big pages ----------------------------------------------------------------


def test_parallel_build_behaves_the_same(builds: Builds, site: Build, tabs: Tabs) -> None:
    parallel = builds.get(parallel=2)
    # (With CI=true, Sphinx redraws its progress line with escape sequences instead of new lines.)
    status = re.sub(r"\x1b\[[0-9;]*m", "", re.sub(r"\x1b\[2K|\r", "\n", parallel.status))
    assert re.search(r"^reading sources\.\.\. \[.*?\] \S+ \.\. \S+$", status, re.M), status  # in chunks
    assert parallel.warnings == ""
    pages = sorted(path.relative_to(site.outdir) for path in site.outdir.glob("*.html"))
    assert pages == sorted(path.relative_to(parallel.outdir) for path in parallel.outdir.glob("*.html"))
    for name in pages:
        serial_html = (site.outdir / name).read_text(encoding="utf-8")
        parallel_html = (parallel.outdir / name).read_text(encoding="utf-8")
        assert page_data(serial_html) == page_data(parallel_html), name
        term_links = re.compile(r'<a class="aigloss-term[^>]*>')
        assert term_links.findall(serial_html) == term_links.findall(parallel_html), name
    texts = []
    for one in (site, parallel):
        page = tabs.open(one.url())
        hover_card(page, link(page, "DPO"))
        texts.append(page.locator(CARD).inner_text())
    assert texts[0] == texts[1]


def test_a_page_of_many_links_works(site: Build, tabs: Tabs) -> None:
    """2,000 term links: the card of the last one, by focus and by hover. (How fast: the
    benchmark's browser mode, ``benchmarks/bench.py --mode browser``.)"""
    assert site.html("many").count('class="aigloss-term') >= MANY
    last_name = many_rst(MANY).rsplit(":aiterm:`", 1)[1].split("`")[0]
    page = tabs.open(site.url("many"))
    links = page.locator("a.aigloss-term")
    assert links.count() >= MANY
    page.keyboard.press("Tab")  # a keyboard user: focus shows the card at once
    page.evaluate("[...document.querySelectorAll('a.aigloss-term')].pop().focus()")
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text(term(last_name).name)
    page.evaluate("document.activeElement.blur()")
    hover_card(page, links.nth(MANY - 1))
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text(term(last_name).name)


# -- the keyboard inside the card ------------------------------------------------------------------

FOCUS_JS = """() => {
    const el = document.activeElement;
    const card = document.getElementById('aigloss-card');
    const label = card.getAttribute('aria-labelledby');
    return [el.textContent, card.contains(el), card.getAttribute('role'),
            label && document.getElementById(label).textContent];
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_keyboard_enters_the_card(builds: Builds, tabs: Tabs, theme: str) -> None:
    """Keyboard only, from the page's first Tab stop: a term link, Alt+ArrowUp into its card (a
    dialog named by the term), Tab and Shift+Tab through its links, axe with the card entered,
    Esc back to the term link, and Enter on a related term to its entry."""
    page = tabs.open(builds.get(theme).url(), reduced_motion="reduce")
    tab_to_entry(page, "dpo", "DPO")
    dpo = link(page, "DPO")
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("DPO")
    assert dpo.get_attribute("aria-keyshortcuts") == "Alt+ArrowUp"
    assert page.evaluate(FOCUS_JS) == ["DPO", False, "tooltip", None]
    page.keyboard.press("Alt+ArrowUp")
    assert page.evaluate(FOCUS_JS) == ["RLHF", True, "dialog", "DPO"]
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_JS)[:2] == ["reward model", True]
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_JS)[:2] == ["Read more", True]
    result = axe_audit(page)
    assert result["violations"] == []
    assert {"aria-dialog-name", "region", "color-contrast"} <= set(result["cardPasses"]), result["cardPasses"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS_JS)[:2] == ["RLHF", True]
    page.keyboard.press("Shift+Tab")  # out at the start: back on the term link, its card a tooltip again
    assert page.evaluate(FOCUS_JS) == ["DPO", False, "tooltip", None]
    expect(page.locator(CARD)).to_be_visible()
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Escape")  # Esc: the card closes, focus is on the term link again
    expect(page.locator(CARD)).to_be_hidden()
    assert page.evaluate("document.activeElement.textContent") == "DPO"
    assert dpo.get_attribute("aria-keyshortcuts") is None
    assert dpo.get_attribute("aria-describedby") is None
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # back on it: its card again, entered, then on to RLHF's entry
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("DPO")
    page.keyboard.press("Alt+ArrowUp")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("glossary.html#aiterm-rlhf")
    assert page.evaluate("document.querySelector(':target').textContent").startswith("RLHF")


def test_tab_out_of_the_card_goes_on_past_its_link(site: Build, tabs: Tabs) -> None:
    """Tab on the card's last link: on to the stop after the term link (here the next term link,
    whose card replaces this one); focus leaving an entered card some other way closes it."""
    page = tabs.open(site.url())
    tab_to(page, "DPO")
    page.keyboard.press("Alt+ArrowUp")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "training data"
    expect(page.locator(f"{CARD} .aigloss-card-name")).to_have_text("Training Data")
    assert page.locator(CARD).get_attribute("role") == "tooltip"
    assert link(page, "DPO").get_attribute("aria-keyshortcuts") is None
    page.keyboard.press("Alt+ArrowUp")  # into Training Data's card, then focus goes elsewhere: it closes
    assert page.evaluate("document.getElementById('aigloss-card').contains(document.activeElement)")
    page.evaluate("document.activeElement.blur()")
    expect(page.locator(CARD)).to_be_hidden()
    assert page.locator(CARD).get_attribute("role") == "tooltip"
