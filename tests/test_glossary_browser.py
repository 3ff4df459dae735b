"""The glossary page's filter, jump bar and concept map in a real browser (Chromium, through
Playwright), on pages Sphinx builds from ``tests/roots/test-glossary-tools``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.util import MakeApp, copy_root, sphinx_run

TIMEOUT = 5000  # ms for each Playwright wait
TOTAL = 31  # the canonical pack's 30 terms and the root's Naïve Bayes
THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "sphinx_book_theme"]
DARK_THEMES = {"furo", "pydata_sphinx_theme", "sphinx_book_theme"}  # the others have no dark mode
FINETUNING = ["Next-Token Prediction", "Pre-training", "Fine-tuning", "Instruction Tuning",
              "Supervised Fine-Tuning", "LoRA", "PEFT", "QLoRA", "Synthetic Data"]

# sphinx-book-theme uses a Sphinx API that Sphinx 9 deprecates: not this project's concern.
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:sphinx_book_theme",
                                        "ignore::DeprecationWarning:sphinx_book_theme")


class Sites:
    """The test root built once per theme for the module (``done``), each by Sphinx's
    ``make_app`` of the test that needs it first."""

    def __init__(self, tmp: Path, done: dict[str, Path], make_app: MakeApp) -> None:
        self.tmp = tmp
        self.done = done
        self.make_app = make_app

    def url(self, page: str, theme: str = "alabaster") -> str:
        if theme not in self.done:
            # Its own templates_path: pydata-sphinx-theme appends to it in place, and Sphinx's
            # default list is shared by every build in the process (later builds would use its
            # templates).
            overrides: dict[str, Any] = {"html_theme": theme, "templates_path": []}
            if theme in ("pydata_sphinx_theme", "sphinx_book_theme"):
                overrides["html_context"] = {"default_mode": "auto"}
            app = sphinx_run(self.make_app, copy_root("glossary-tools", self.tmp / theme), confoverrides=overrides)
            assert app.warning.getvalue() == ""
            self.done[theme] = Path(app.outdir)
        return (self.done[theme] / f"{page}.html").as_uri()


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    return tmp_path_factory.mktemp("glossary-browser"), {}


@pytest.fixture
def sites(built_sites: tuple[Path, dict[str, Path]], make_app: MakeApp) -> Sites:
    return Sites(*built_sites, make_app)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()
    assert errors == []


def open_page(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(url)
    return page


def shown_terms(page: Page) -> list[str]:
    """The names of the entries the reader sees, in order (a hidden entry keeps an empty box of
    no size, its contents skipped: aigloss-glossary.css), once typing has paused: until then the
    lists that a keystroke pushed below the viewport are locked, their entries not rendered."""
    page.wait_for_function("() => !document.querySelector('dl.aigloss-later')")
    names: list[str] = page.eval_on_selector_all(
        "dl.aigloss-glossary > dt",
        "dts => dts.filter(dt => dt.checkVisibility({visibilityProperty: true})"
        " && dt.getBoundingClientRect().height > 0).map(dt => dt.firstChild.textContent)")
    return names


def shown_categories(page: Page) -> list[str]:
    names: list[str] = page.eval_on_selector_all(
        "p.aigloss-category", "ps => ps.filter(p => p.checkVisibility()).map(p => p.textContent)")
    return names


def test_typing_filters_by_every_word_case_hyphen_and_accent_insensitive(context: BrowserContext,
                                                                        sites: Sites) -> None:
    page = open_page(context, sites.url("glossary"))
    field = page.get_by_role("searchbox", name="Filter terms")
    status = page.get_by_role("status")
    expect(status).to_have_text(f"{TOTAL} of {TOTAL} terms")
    field.press_sequentially("finetuning")
    assert shown_terms(page) == FINETUNING
    expect(status).to_have_text(f"{len(FINETUNING)} of {TOTAL} terms")
    for query in ("FINE-TUNING", "Fine tuning", "fine\u2010tuning"):
        field.fill(query)
        assert shown_terms(page) == FINETUNING, query
    field.fill("reward human")  # every word, anywhere in the entry
    assert shown_terms(page) == ["Reward Model", "RLHF"]
    field.fill("low rank")  # LoRA's other form, and QLoRA's alias "Quantized Low-Rank Adaptation"
    assert shown_terms(page) == ["LoRA", "QLoRA"]
    field.fill("NAIVE")  # accents folded both ways
    assert shown_terms(page) == ["Naïve Bayes"]
    field.fill("prétraining objective")
    assert shown_terms(page) == ["Next-Token Prediction"]
    expect(status).to_have_text(f"1 of {TOTAL} terms")


def test_emptied_categories_hide_with_their_jump_links(context: BrowserContext, sites: Sites) -> None:
    page = open_page(context, sites.url("glossary"))
    page.get_by_role("searchbox", name="Filter terms").fill("lora")
    assert shown_terms(page) == ["LoRA", "PEFT", "QLoRA"]
    assert shown_categories(page) == ["Efficient Training"]
    nav = page.get_by_role("navigation", name="Glossary categories")
    expect(nav.get_by_role("link")).to_have_text(["Efficient Training"])
    page.get_by_role("searchbox", name="Filter terms").fill("no such words")
    assert shown_terms(page) == []
    assert shown_categories(page) == []
    expect(page.get_by_role("status")).to_have_text(f"0 of {TOTAL} terms")


def test_escape_clears_the_filter(context: BrowserContext, sites: Sites) -> None:
    page = open_page(context, sites.url("glossary"))
    field = page.get_by_role("searchbox", name="Filter terms")
    field.fill("quantization")
    assert len(shown_terms(page)) < TOTAL
    field.press("Escape")
    expect(field).to_have_value("")
    assert len(shown_terms(page)) == TOTAL
    assert len(shown_categories(page)) == 5
    expect(page.get_by_role("status")).to_have_text(f"{TOTAL} of {TOTAL} terms")


def test_hidden_entries_take_no_room_focus_or_place_in_the_accessibility_tree(context: BrowserContext,
                                                                              sites: Sites) -> None:
    # A hidden entry keeps an empty box whose contents the browser skips (aigloss-glossary.css):
    # to the reader and to assistive technology it must be as gone as with display: none.
    page = open_page(context, sites.url("glossary", "furo"))  # margins above terms and below definitions
    field = page.get_by_role("searchbox", name="Filter terms")
    # The space above each entry, from the definition shown before it (in the same list): with
    # entries hidden between the two it must be the space it had right after that definition.
    gaps = """() => [...document.querySelectorAll('dl.aigloss-glossary:not([hidden]) > dt:not([hidden])')].map(dt => {
      let before = dt.previousElementSibling;
      while (before && before.hidden) before = before.previousElementSibling;
      return before && [before.id || before.previousElementSibling.id,
                        Math.round(dt.getBoundingClientRect().top - before.getBoundingClientRect().bottom)];
    }).filter(Boolean)"""
    unfiltered = dict(page.evaluate(gaps))
    field.fill("lora")
    filtered = page.evaluate(gaps)
    assert len(filtered) == 2
    assert {after: unfiltered[after] for after, _ in filtered} == dict(filtered)
    sizes = page.eval_on_selector_all("dl.aigloss-glossary[hidden], dl.aigloss-glossary > [hidden]",
                                      "hidden => hidden.map(element => element.getBoundingClientRect().height)")
    assert len(sizes) > 3
    assert set(sizes) == {0}
    cdp = context.new_cdp_session(page)
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    terms = [node["name"]["value"] for node in tree
             if node.get("role", {}).get("value") == "term" and not node.get("ignored")]
    assert terms == ["LoRA (Low-Rank Adaptation)", "PEFT (Parameter-Efficient Fine-Tuning)",
                     "QLoRA (Quantized LoRA)"]
    field.focus()
    for _ in range(12):  # past the three entries' links
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('[hidden]')") is None
    field.fill("")
    expect(page.get_by_role("term")).to_have_count(TOTAL)


def test_the_live_region_is_polite_and_written_only_when_the_count_changes(context: BrowserContext,
                                                                           sites: Sites) -> None:
    page = open_page(context, sites.url("glossary"))
    status = page.locator(".aigloss-filter-status")
    expect(status).to_have_attribute("role", "status")  # implicitly aria-live="polite"
    assert page.evaluate("document.querySelector('.aigloss-filter-status').ariaLive") in (None, "polite")
    # The same count written again would be laid out, painted and perhaps announced again.
    page.evaluate("""() => {
      window.statusWrites = 0;
      new MutationObserver((records) => { window.statusWrites += records.length; }).observe(
        document.querySelector('.aigloss-filter-status'), {childList: true, characterData: true, subtree: true});
    }""")
    field = page.get_by_role("searchbox", name="Filter terms")
    field.press_sequentially("lora")
    expect(status).to_have_text(f"3 of {TOTAL} terms")
    writes = page.evaluate("window.statusWrites")
    assert writes > 0
    field.press_sequentially("  ")  # no new word: the same entries
    expect(field).to_have_value("lora  ")
    assert page.evaluate("window.statusWrites") == writes
    for _ in range(4):
        field.press("Backspace")
    expect(field).to_have_value("lo")
    expect(status).to_have_text(f"{len(shown_terms(page))} of {TOTAL} terms")
    assert page.evaluate("window.statusWrites") > writes


def test_without_javascript_no_field_and_every_entry(browser: Browser, sites: Sites) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = open_page(context, sites.url("glossary"))
        expect(page.get_by_role("searchbox", name="Filter terms")).to_have_count(0)
        assert len(shown_terms(page)) == TOTAL
        expect(page.get_by_role("navigation", name="Glossary categories")).to_be_visible()
    finally:
        context.close()


def test_jump_bar_links_to_each_category_heading(context: BrowserContext, sites: Sites) -> None:
    page = open_page(context, sites.url("glossary"))
    nav = page.get_by_role("navigation", name="Glossary categories")
    expect(nav.get_by_role("link")).to_have_text(["Pre-Training Concepts", "Fine-Tuning Methods",
                                                  "Efficient Training", "Data Concepts", "Classic Machine Learning"])
    nav.get_by_role("link", name="Data Concepts").click()
    assert page.url.endswith("#aigloss-category-data-concepts")
    heading = page.locator("#aigloss-category-data-concepts")
    expect(heading).to_have_text("Data Concepts")
    expect(heading).to_be_in_viewport()
    # A heading to assistive technology, one level below the page's title.
    expect(page.get_by_role("heading", name="Data Concepts", level=2)).to_have_id("aigloss-category-data-concepts")
    expect(page.get_by_role("heading", level=2)).to_have_count(5)


def test_a_link_to_a_hidden_entry_clears_the_filter(context: BrowserContext, sites: Sites) -> None:
    page = open_page(context, sites.url("glossary"))
    page.get_by_role("searchbox", name="Filter terms").fill("lora")
    page.evaluate("location.hash = '#aiterm-rlhf'")
    expect(page.locator("#aiterm-rlhf")).to_be_in_viewport()
    assert len(shown_terms(page)) == TOTAL
    # A malformed escape in the fragment is no error (the context fixture checks the page's).
    page.get_by_role("searchbox", name="Filter terms").fill("lora")
    page.evaluate("location.hash = '#%E0%A4%A'")
    page.wait_for_function("location.hash === '#%E0%A4%A'")
    assert shown_terms(page) == ["LoRA", "PEFT", "QLoRA"]


def test_map_nodes_are_links_in_a_named_group(context: BrowserContext, sites: Sites) -> None:
    page = open_page(context, sites.url("map"))
    group = page.get_by_role("group", name=re.compile(r"^Concept map of AI terms \(Pre-Training Concepts,"))
    expect(group).to_be_visible()
    links = group.get_by_role("link")
    expect(links).to_have_count(TOTAL)
    group.get_by_role("link", name="RLHF (Reinforcement Learning from Human Feedback)").click()
    page.wait_for_url(re.compile(r"/glossary\.html#aiterm-rlhf$"))
    expect(page.locator("#aiterm-rlhf")).to_be_in_viewport()


def test_map_nodes_take_keyboard_focus(context: BrowserContext, sites: Sites) -> None:
    page = open_page(context, sites.url("map"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('svg.aigloss-map-svg')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == "glossary.html#aiterm-pre-training"


def contrast_script() -> str:
    """The lowest contrast between a map's labels and what they sit on (WCAG's formula)."""
    return """svg => {
      const rgb = (colour) => {
        const probe = document.createElement('canvas').getContext('2d');
        probe.fillStyle = colour;
        probe.fillRect(0, 0, 1, 1);
        return [...probe.getImageData(0, 0, 1, 1).data].slice(0, 3);
      };
      const lum = (c) => {
        const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a, b) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      let lowest = 99;
      for (const node of svg.querySelectorAll('g.node, g.cluster')) {
        const shape = getComputedStyle(node.querySelector('path, polygon')).fill;
        for (const text of node.querySelectorAll('text')) {
          lowest = Math.min(lowest, ratio(rgb(getComputedStyle(text).fill), rgb(shape)));
        }
      }
      return lowest;
    }"""


@pytest.mark.parametrize("theme", THEMES)
def test_map_labels_contrast_and_filter_fits_360px(browser: Browser, sites: Sites, theme: str) -> None:
    for scheme in ("light", "dark") if theme in DARK_THEMES else ("light",):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1000, "height": 700})
        try:
            page = open_page(context, sites.url("map", theme))
            lowest = page.eval_on_selector("svg.aigloss-map-svg", contrast_script())
            assert lowest >= 4.5, (theme, scheme, lowest)
            page.set_viewport_size({"width": 360, "height": 700})
            page.goto(sites.url("glossary", theme))
            field = page.get_by_role("searchbox", name="Filter terms")
            expect(field).to_be_visible()
            right = page.evaluate("document.documentElement.clientWidth")
            edge = field.evaluate("f => f.getBoundingClientRect().right")
            assert edge <= right, (theme, scheme, edge, right)
            # The label stays whole: on one line, above the field when both do not fit side by side.
            label = page.locator(".aigloss-filter-label")
            lines = label.evaluate("""s => {
              const words = document.createRange();
              words.selectNodeContents(s);
              return new Set([...words.getClientRects()].map(r => Math.round(r.top))).size;
            }""")
            assert lines == 1, (theme, lines)
            # Text at 200 % (a reader's larger default font): the field still fits the viewport.
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            edge = field.evaluate("f => f.getBoundingClientRect().right")
            assert edge <= right, (theme, scheme, "200%", edge, right)
            page.evaluate("document.documentElement.style.fontSize = ''")
            # The jump bar's items: no bullet or indent from the theme (sphinx-rtd-theme draws both).
            items = page.eval_on_selector_all("nav.aigloss-jump li", """lis => lis.map(li => {
              const style = getComputedStyle(li);
              return [style.listStyleType, style.marginLeft, getComputedStyle(li, '::marker').content];
            })""")
            assert {tuple(item) for item in items} <= {("none", "0px", "normal"), ("none", "0px", "none")}, items
        finally:
            context.close()


# -- landing: a link shows its target at the top of the viewport ----------------------------------

SIZES = [(1280, 800), (360, 740)]

#: Where an element sits once the page has settled (scrolled the same in two frames): its
#: top, the bottom of what the theme fixes or sticks to the top of the viewport, and whether
#: the page is scrolled to its end (a target near the end cannot reach the top). ``where``
#: takes an id (None: the page's top); ``settle`` waits for the frames.
WHERE_JS = """
const settle = async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  for (let still = 0, last = -1, frames = 0; still < 1 && frames < 300; frames += 1) {
    await frame();
    still = scrollY === last ? still + 1 : 0;
    last = scrollY;
  }
};
const where = (id) => {
  let header = 0;
  for (const x of [2, innerWidth / 2, innerWidth - 2]) {
    for (let el = document.elementFromPoint(x, 1); el; el = el.parentElement) {
      const position = getComputedStyle(el).position;
      const box = el.getBoundingClientRect();
      if ((position === 'fixed' || position === 'sticky') && box.top <= 1 && box.height < innerHeight / 2) {
        header = Math.max(header, box.bottom);
      }
    }
  }
  const target = id ? document.getElementById(id) : document.documentElement;
  const end = scrollY >= document.documentElement.scrollHeight - innerHeight - 1;
  return {id, top: target.getBoundingClientRect().top, header, end, height: innerHeight, scroll: scrollY,
          url: location.pathname.split('/').pop() + location.hash};
};
"""
#: Where the page's fragment target (or its top) sits once settled.
WHERE = "async () => {" + WHERE_JS + """
  await settle();
  return where(location.hash ? decodeURIComponent(location.hash.slice(1)) : null);
}"""
#: Every entry and category of the glossary page reached by a change of fragment, then each
#: jump bar link clicked, in one go (a click's scroll to the fragment is the browser's own).
SAME_PAGE = "async () => {" + WHERE_JS + """
  const ids = [...document.querySelectorAll('dl.aigloss-glossary > dt[id], p.aigloss-category[id]')]
    .map((el) => el.id);
  const out = [];
  for (const id of ids) {
    location.hash = '#' + id;
    await settle();
    out.push(['fragment', where(id)]);
  }
  for (const link of document.querySelectorAll('nav.aigloss-jump a')) {
    link.click();
    await settle();
    out.push(['jump bar', where(decodeURIComponent(link.hash.slice(1)))]);
  }
  return {count: ids.length, out};
}"""


def landing_problem(where: dict[str, Any], what: str) -> str | None:
    """Why a link did not land right, or None. A target's top must be below the header and
    near the top of the viewport (within 80 px of the header, unless the page is scrolled to
    its end); a page without a fragment must open at its top."""
    top, header = where["top"], where["header"]
    if where["id"] is None:
        if where["scroll"] == 0:
            return None
    elif header - 1 <= top <= (where["height"] - 40 if where["end"] else header + 80):
        return None
    return f"{what} -> {where['url']}: top {top:.0f}, header bottom {header:.0f}, at end {where['end']}"


#: furo scrolls smoothly to a fragment; where the scroll ends is the same at once. (Run before
#: the document has an element: a constructed sheet needs none.)
NO_SMOOTH_SCROLL = """{
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('html { scroll-behavior: auto !important; }');
  document.adoptedStyleSheets = [sheet];
}"""


#: Cold loads of the glossary page besides the map node's: an entry in the middle and the last
#: category. (A change of fragment on a loaded page does not show what content-visibility did
#: to cold loads: off-target in 27 of 36 cold loads in furo, 0 of 36 changes of fragment.)
COLD = ["aiterm-reward-model", "aigloss-category-classic-machine-learning"]


def follow(page: Page, selector: str, what: str) -> str | None:
    """Click the first link ``selector`` finds (an SVG one too) and say whether its target landed."""
    link = page.locator(selector).first
    href = str(link.evaluate("a => a.href.baseVal ?? a.href"))
    link.dispatch_event("click")
    page.wait_for_url(re.compile(re.escape(href.rpartition("/")[2]) + "$"))
    return landing_problem(page.evaluate(WHERE), what)


@pytest.mark.parametrize("theme", THEMES)
def test_every_link_lands_on_its_target_below_the_header(browser: Browser, sites: Sites, theme: str) -> None:
    """At 1280x800 and 360x740: a map node clicked on another page (a cold load of the glossary
    page with a fragment) and two more cold loads, then on that page every entry and category reached by a change of
    fragment and every jump bar link clicked; a back-link ("Used on", to a page's top) and a
    term link clicked on the pages that follow. Both widths run side by side."""
    pages: list[Page] = []
    problems: list[str | None] = []
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script(NO_SMOOTH_SCROLL)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(sites.url("map", theme))
        # The map's last node, deepest in the glossary.
        problems.append(follow(page, 'svg.aigloss-map-svg a[href$="#aiterm-qlora"]', f"{width}px map node"))
        for number, anchor in enumerate(COLD):
            # A query of its own: a new document each time (a change of fragment only scrolls).
            page.goto(f"{sites.url('glossary', theme)}?cold={number}#{anchor}")
            problems.append(landing_problem(page.evaluate(WHERE), f"{width}px cold load"))
        page.evaluate(f"() => {{ window.landing = ({SAME_PAGE})(); }}")  # the widths run at once
        pages.append(page)
    try:
        for page, (width, _) in zip(pages, SIZES, strict=True):
            result = page.evaluate("window.landing")
            assert result["count"] == TOTAL - 1 + 5  # every entry but Naïve Bayes (on terms.html), every category
            assert len(result["out"]) == result["count"] + 5
            problems += [landing_problem(where, f"{width}px {kind}") for kind, where in result["out"]]
            page.goto(sites.url("two", theme))
            problems.append(follow(page, ".aigloss-backlinks a", f"{width}px back-link"))
            problems.append(follow(page, "a.aigloss-term", f"{width}px term link"))
    finally:
        for page in pages:
            page.context.close()
    assert [problem for problem in problems if problem] == []


#: Links in the entries the filter shows (a category it hides keeps its entries as they were).
SHOWN = "dl:not([hidden]) > dd:not([hidden])"


def test_links_land_with_the_filter_typed(browser: Browser, sites: Sites) -> None:
    """furo at 1280x800, a word typed: a jump bar link, a term link to an entry the filter
    shows and one to an entry it hides (the filter clears), and a "Used on" link."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(NO_SMOOTH_SCROLL)
    try:
        page = open_page(context, sites.url("glossary", "furo"))
        field = page.get_by_role("searchbox", name="Filter terms")
        field.fill("training")
        assert 0 < len(shown_terms(page)) < TOTAL
        jump = page.locator("nav.aigloss-jump li:not([hidden]) a").last
        assert landing_problem(click_and_settle(page, jump), "jump bar") is None
        targets = page.eval_on_selector_all(f"{SHOWN} a.aigloss-term[href^='#']", """links => links.map((a) =>
          [a.hash, !!document.getElementById(decodeURIComponent(a.hash.slice(1))).closest('[hidden]')])""")
        to_shown = next(hash_ for hash_, hidden in targets if not hidden)
        to_hidden = next(hash_ for hash_, hidden in targets if hidden)
        for hash_ in (to_shown, to_hidden):
            field.fill("training")
            link = page.locator(f"{SHOWN} a.aigloss-term[href='{hash_}']").first
            assert landing_problem(click_and_settle(page, link), f"term link {hash_}") is None
        expect(field).to_have_value("")  # the link to a hidden entry cleared the filter
        assert len(shown_terms(page)) == TOTAL
        page.goto(sites.url("two", "furo"))
        page.get_by_role("searchbox", name="Filter terms").last.fill("lora")
        used_on = page.locator(f"{SHOWN} .aigloss-backlinks a").first
        assert landing_problem(click_and_settle(page, used_on), "Used on") is None
    finally:
        context.close()


#: Types into the filter as the reader would (one input event) and says, for each category list,
#: whether it is in view, rendered now (aigloss-near), and its first shown entry not skipped.
TYPE = """(text) => {
  const input = document.querySelector('.aigloss-filter input');
  input.value = text;
  input.dispatchEvent(new Event('input'));
  return [...document.querySelectorAll('dl.aigloss-glossary')].map((dl) => {
    const rect = dl.getBoundingClientRect();
    const first = [...dl.children].find((child) => !child.hidden);
    return {inView: !dl.hidden && rect.bottom > 0 && rect.top < innerHeight,
            near: dl.classList.contains('aigloss-near'),
            painted: !!first && first.checkVisibility({contentVisibilityAuto: true})};
  });
}"""


def test_a_show_renders_the_lists_in_view_and_not_those_it_pushes_below(context: BrowserContext,
                                                                        sites: Sites) -> None:
    """Two short lists in view, then every entry shown again: the first list fills the
    viewport, and the second, pushed below it, stops being rendered before its entries are
    shown (they are not styled and laid out for nothing); every list in view is rendered in the
    keystroke's own task, none a frame late."""
    page = open_page(context, sites.url("glossary"))
    page.evaluate("document.querySelector('.aigloss-filter input').scrollIntoView()")
    page.evaluate(TYPE, " ")  # filtering begins, nothing hidden: the heights of the entries in view
    before = page.evaluate(TYPE, "model human")
    assert [(s["inView"], s["near"], s["painted"]) for s in before[:2]] == [(True, True, True)] * 2
    order = page.evaluate("""() => {
      const second = document.querySelectorAll('dl.aigloss-glossary')[1];
      const seen = [];
      const observer = new MutationObserver(() => {});
      observer.observe(second, {attributes: true, subtree: true, attributeFilter: ['class', 'hidden']});
      const input = document.querySelector('.aigloss-filter input');
      input.value = '';
      input.dispatchEvent(new Event('input'));
      for (const record of observer.takeRecords()) {
        seen.push(record.target === second ? record.attributeName : 'entry ' + record.attributeName);
      }
      return seen;
    }""")
    assert order[0] == "class"
    assert "entry hidden" in order
    after = page.evaluate(TYPE, "")
    assert after[0] == {"inView": True, "near": True, "painted": True}
    assert after[1]["inView"] is False
    assert after[1]["near"] is False
    assert all(s["near"] and s["painted"] for s in after if s["inView"])


#: Shows every entry again after "model human" (one input event each), in one task with what
#: follows: the lists the show pushes below the viewport are locked (aigloss-later) until typing
#: pauses. ``STATE`` says which lists are locked (content-visibility: hidden) and which in view.
SHOW = """
  const input = document.querySelector('.aigloss-filter input');
  for (const text of ['model human', '']) {
    input.value = text;
    input.dispatchEvent(new Event('input'));
  }
  const lists = [...document.querySelectorAll('dl.aigloss-glossary')];
  const state = () => ({
    locked: lists.filter((dl) => getComputedStyle(dl).contentVisibility === 'hidden').map((dl) => lists.indexOf(dl)),
    inView: lists.filter((dl) => { const r = dl.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
      .map((dl) => lists.indexOf(dl)),
  });
  const before = state();
"""
UNLOCKED = "() => !document.querySelector('dl.aigloss-later')"


def test_lists_locked_by_a_show_are_unlocked_by_a_pause_a_scroll_and_a_link(context: BrowserContext,
                                                                           sites: Sites) -> None:
    """A show keystroke locks the lists it pushes below the viewport, none in view; they are
    unlocked once typing pauses (not before), in the frame of a scroll (the entries it brings
    into view are painted in it) and before a link's scroll (the link lands)."""
    page = open_page(context, sites.url("glossary"))
    page.evaluate(TYPE, " ")  # filtering begins: the heights of the entries in view
    before = page.evaluate("async () => {" + SHOW + """
      const start = performance.now();
      while (document.querySelector('dl.aigloss-later') && performance.now() - start < 3000) {
        await new Promise((done) => setTimeout(done, 20));
      }
      return {...before, after: state(), waited: performance.now() - start};
    }""")
    assert before["locked"] != []
    assert set(before["locked"]).isdisjoint(before["inView"])
    assert before["after"]["locked"] == []
    assert before["waited"] >= 300  # typing may go on: the lists stay locked meanwhile
    field = page.evaluate("() => {" + SHOW + """
      input.dispatchEvent(new Event('scroll'));  // its text scrolling sideways under a long query
      return [before.locked, state().locked];
    }""")
    assert field[0] != []
    assert field[1] == field[0]  # the field's own scroll moves no list: nothing unlocked
    page.wait_for_function(UNLOCKED)
    scrolled = page.evaluate("async () => {" + SHOW + """
      scrollBy(0, lists[before.locked[0]].getBoundingClientRect().top - 10);  // to the first locked list
      // The frame that scrolls: its scroll steps (the script's listener) come before its callbacks.
      const during = await new Promise((done) => requestAnimationFrame(() => done(state())));
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));  // painted
      const skipped = [...document.querySelectorAll('dl.aigloss-glossary > :not([hidden])')].filter((part) => {
        const r = part.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight && !part.checkVisibility({contentVisibilityAuto: true});
      });
      return {before, during, skipped: skipped.length};
    }""")
    assert set(scrolled["before"]["locked"]) & set(scrolled["during"]["inView"])  # a locked list came into view
    assert scrolled["during"]["locked"] == []
    assert scrolled["skipped"] == 0
    page.evaluate("scrollTo(0, 0)")
    page.wait_for_function(UNLOCKED)
    clicked = page.evaluate("() => {" + SHOW + """
      const heading = lists[before.locked.at(-1)].previousElementSibling;
      const link = document.querySelector(`nav.aigloss-jump a[href="#${heading.id}"]`);
      link.click();
      return [before.locked.length, document.querySelectorAll('dl.aigloss-later').length, link.hash];
    }""")
    assert clicked[:2] == [len(before["locked"]), 0]  # unlocked before the click's scroll
    page.wait_for_url(f"**/glossary.html{clicked[2]}")
    assert landing_problem(page.evaluate(WHERE), f"jump bar {clicked[2]}") is None

def click_and_settle(page: Page, link: Locator) -> dict[str, Any]:
    """Scroll to a link as a reader would (while filtering, entries far from view are not laid
    out, and Playwright waits for a box), click it, and say where its target settled."""
    href = str(link.evaluate("a => { a.scrollIntoView({block: 'center'}); return a.href; }"))
    link.click()
    page.wait_for_url(href)
    where: dict[str, Any] = page.evaluate(WHERE)
    return where


# -- accessibility audit of the reader tools ------------------------------------------------------

AXE = Path(__file__).parent.parent / "node_modules" / "axe-core" / "axe.min.js"  # npm, from package.json
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
#: axe-core over the reader tools and the map only (the themes' own findings are theirs), the
#: rules that failed with the elements they failed on.
AXE_JS = """async (tags) => {
  const include = [...document.querySelectorAll('.aigloss-glossary-tools, .aigloss-map')];
  const options = {runOnly: {type: 'tag', values: tags}, preload: false, elementRef: true};
  const result = await axe.run({include}, options);
  // The colour of an ordinary Sphinx link is the theme's (sphinx-rtd-theme's fails 4.5:1).
  const theirs = (v, n) => v.id === 'color-contrast' && n.element.closest('a.reference');
  return result.violations.map(v => [v.id, v.nodes.filter(n => !theirs(v, n))])
    .filter(([, nodes]) => nodes.length)
    .map(([id, nodes]) => id + ': ' + nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary).join('; '));
}"""
AUDITS = [(theme, "light") for theme in THEMES] + [(theme, "dark") for theme in sorted(DARK_THEMES)]


@pytest.mark.parametrize(("theme", "scheme"), AUDITS, ids=[f"{t}-{s}" for t, s in AUDITS])
def test_axe_finds_nothing_in_the_reader_tools(browser: Browser, sites: Sites, theme: str, scheme: str) -> None:
    """WCAG 2.2 A/AA and best practices on the glossary page with a filter typed (the live
    count, the field, the jump bar, the category headings) and on the map page."""
    assert AXE.exists(), f"{AXE} is missing: run npm ci (tools/test.sh does)"
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce", viewport={"width": 1000, "height": 700})
    try:
        page = open_page(context, sites.url("glossary", theme))
        page.get_by_role("searchbox", name="Filter terms").fill("training")
        expect(page.get_by_role("status")).not_to_have_text(f"{TOTAL} of {TOTAL} terms")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_JS, AXE_TAGS) == []
        page.goto(sites.url("map", theme))
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_JS, AXE_TAGS) == []
    finally:
        context.close()


def test_on_a_phone_the_map_scrolls_in_its_box_with_a_cue(browser: Browser, sites: Sites) -> None:
    """At 360 px the map keeps legible labels and scrolls sideways inside its own box (the
    page does not), with a fade stuck to the box's right edge; focusing a node out of view
    scrolls it in."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = open_page(context, sites.url("map", "furo"))
        box = page.locator(".aigloss-map").first
        sizes = box.evaluate("""m => ({client: m.clientWidth, scroll: m.scrollWidth,
                                      page: document.documentElement.scrollWidth,
                                      fade: getComputedStyle(m, '::after').backgroundImage})""")
        assert sizes["page"] <= 360
        assert sizes["scroll"] > sizes["client"] + 100
        assert sizes["fade"].startswith("linear-gradient"), sizes
        # The node that reaches furthest right, focused as the keyboard would: in view.
        far = box.evaluate("""m => {
          const links = [...m.querySelectorAll('a')];
          const right = (a) => a.getBoundingClientRect().right;
          const far = links.reduce((a, b) => (right(b) > right(a) ? b : a));
          far.focus();
          return [right(far) <= m.getBoundingClientRect().right, m.scrollLeft];
        }""")
        assert far[0]
        assert far[1] > 0
    finally:
        context.close()
