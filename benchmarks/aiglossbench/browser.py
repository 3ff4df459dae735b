"""The browser mode: the hover-card script in headless Chromium on a page of many term links.

Times the script's start-up, the first card by keyboard focus, and the first card by hover
(from the pointer entering the link to the animation frame that paints the card, less the
intent delay). Playwright (a test extra) drives Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .runner import Runner, sphinx_build
from .variants import write_files
from .workload import heading, name_forms

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright cannot download browsers here
SHOW_DELAY_MS = 200  # aigloss.js: the hover intent delay
FRAME_MS = 1000 / 60
INIT_TARGET_MS = 1.0


@dataclass
class BrowserResult:
    links: int
    chromium: str
    eval_ms: list[float] = field(default_factory=list)  # evaluating the script: parse, compile and run
    init_ms: list[float] = field(default_factory=list)  # running the compiled script: its start-up
    focus_ms: list[float] = field(default_factory=list)  # focus on the last link -> card shown (first card)
    hover_ms: list[float] = field(default_factory=list)  # pointer onto the last link -> card in a frame, less the delay


def browser_page(runner: Runner, links: int) -> Path:
    """Build, once per run, a page with ``links`` term links in every name form; its HTML file."""
    forms = [form for term in runner.ctx.glossary for form in name_forms(term, runner.ctx.glossary)]
    paragraphs = []
    for start in range(0, links, 10):
        words = [f":aiterm:`{forms[i % len(forms)]}`" for i in range(start, min(start + 10, links))]
        paragraphs.append("Some prose about " + ", then ".join(words) + ".\n\n")
    src = write_files(runner.root / "browser" / "src", {
        "conf.py": 'extensions = ["sphinx_aigloss"]\nhtml_theme = "alabaster"\n',
        "index.rst": heading("Many term links", "=") + "".join(paragraphs),
    })
    out = runner.root / "browser" / "out"
    sphinx_build(src, out, 1, runner.package)
    return out / "index.html"


EVAL_JS = """(source) => {
    const t0 = performance.now();
    (0, eval)(source);
    return performance.now() - t0;
}"""
# Compiled first, then timed: only what the script does when it starts (a browser parses a
# deferred script while the page loads, off the main thread where it can).
INIT_JS = """(source) => {
    const start = new Function(source);
    const t0 = performance.now();
    start();
    return performance.now() - t0;
}"""
FOCUS_JS = """() => {
    const links = document.querySelectorAll('a.aigloss-term');
    const t0 = performance.now();
    links[links.length - 1].focus();
    const card = document.getElementById('aigloss-card');
    if (!card || !card.matches(':popover-open')) throw new Error('no card after focus');
    return performance.now() - t0;
}"""
# Time stamps: the pointer entering a term link, and the first animation frame in which the
# card is open (the frame that paints it).
WATCH_JS = """() => {
    window.aiglossBench = {};
    document.addEventListener('pointerover', (event) => {
        if (!window.aiglossBench.over && event.target.closest('a.aigloss-term')) {
            window.aiglossBench.over = performance.now();
        }
    }, true);
    const poll = (now) => {
        const card = document.getElementById('aigloss-card');
        if (card && card.matches(':popover-open')) window.aiglossBench.shown = now;
        else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
}"""


def bench_browser(runner: Runner, runs: int, links: int) -> BrowserResult:
    from playwright.sync_api import sync_playwright

    html = browser_page(runner, links)
    # The same page without its script tag, so the script's evaluation can be timed.
    tag = re.compile(r'<script[^>]*src="_static/aigloss\.js[^"]*"[^>]*></script>')
    text = html.read_text(encoding="utf-8")
    if not tag.search(text) or text.count('class="aigloss-term') < links:
        raise SystemExit(f"bench: the browser page does not have the script and {links} term links")
    timed = html.with_name("timed.html")
    timed.write_text(tag.sub("", text), encoding="utf-8")
    source = (html.parent / "_static" / "aigloss.js").read_text(encoding="utf-8")  # as served: no comments
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        result = BrowserResult(links, f"Chromium {browser.version}")
        for run in range(runs):
            runner.log(f"browser {run + 1}/{runs}")
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(timed.as_uri())
            result.eval_ms.append(page.evaluate(EVAL_JS, source))
            page.close()
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(timed.as_uri())
            result.init_ms.append(page.evaluate(INIT_JS, source))
            page.keyboard.press("Tab")  # keyboard modality: focus shows the card at once
            result.focus_ms.append(page.evaluate(FOCUS_JS))
            page.close()
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(html.as_uri())
            last = page.locator("a.aigloss-term").last
            last.scroll_into_view_if_needed()
            box = last.bounding_box()
            assert box is not None
            page.evaluate(WATCH_JS)
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_function("window.aiglossBench.shown !== undefined")
            stamps = page.evaluate("window.aiglossBench")
            result.hover_ms.append(stamps["shown"] - stamps["over"] - SHOW_DELAY_MS)
            page.close()
        browser.close()
    return result


def browser_table(result: BrowserResult) -> str:
    rows: list[tuple[str, list[float], str, float | None]] = [
        ("script start-up: run the compiled script (one delegated listener per event type, no DOM walk, "
         "no data parsed)", result.init_ms, f"≤ {INIT_TARGET_MS:g} ms", INIT_TARGET_MS),
        ("the same plus parsing and compiling its source (`eval` of the served file on the main thread)",
         result.eval_ms, "—", None),
        ("first card by keyboard focus (parse the page data, build and show the card)", result.focus_ms,
         f"≤ 1 frame ({FRAME_MS:.1f} ms)", FRAME_MS),
        (f"first card by hover: pointer in → frame that paints the card, less the {SHOW_DELAY_MS} ms intent "
         "delay", result.hover_ms, f"≤ 1 frame ({FRAME_MS:.1f} ms)", FRAME_MS),
    ]
    lines = ["| measure | runs | median (ms) | min–max (ms) | target | verdict |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for label, values, target, limit in rows:
        median = statistics.median(values)
        verdict = "—" if limit is None else "pass" if median <= limit else "FAIL"
        lines.append(f"| {label} | {len(values)} | {median:.2f} | {min(values):.2f}–{max(values):.2f} | {target} "
                     f"| {verdict} |")
    return "\n".join(lines)

