"""The glossary filter's speed as a reader sees it, in headless Chromium, and the bytes the
reader tools add to a glossary page (gzipped, as served). Run by hand:

    .venv/bin/python benchmarks/filter_keystroke.py                  # 500 and 5,000 entries
    .venv/bin/python benchmarks/filter_keystroke.py --terms 5000 --runs 5
    .venv/bin/python benchmarks/filter_keystroke.py --compare old=DIR   # DIR: another script and stylesheet
    .venv/bin/python benchmarks/filter_keystroke.py --phases            # and each keystroke's CPU time

With ``--compare`` (and ``--floor``: ``filter_floor.js``, a field that only counts), copies of the
built page get the other script and stylesheet and every variant is typed into in turn, in a fresh
tab, round after round (the load weighs on them alike). The last lines are a summary table.

It builds a project whose glossary page lists ``--terms`` entries: the canonical 30 and
made-up ones with 30-60-word definitions drawn from the canonical definitions' own words (so
no word is in every entry), in 12 categories. It opens the page at 1000x800 and types
``WORDS`` into the filter with real key presses, then erases them: typing hides entries,
erasing shows them again.

A keystroke's latency runs from its ``keydown`` (the event's time stamp) to the end of the
frame that paints the last change the filter made for it: every batch of changes in the
glossary (any attribute, node or text) schedules "after the next paint" (a task posted from a
requestAnimationFrame callback, which runs once that frame's style, layout and paint are
done), and the last one counts. A script that spread its changes over later frames would be
timed to the last of them. A frame that leaves part of the glossary in view unpainted
(skipped by ``content-visibility``, itself or an ancestor: the browser decides in a later
frame that it is near the viewport) does not count: the time runs on to the first frame
that paints everything in view ("a frame late" in the table counts those keystrokes; a list
the filter locked, ``content-visibility: hidden``, is unpainted; its unlocking is not timed). The
Event Timing API's ``duration`` (input to next paint, in 8 ms steps) is reported beside it.
A keystroke "hides" or "shows" when the number of shown entries falls or rises.

With ``--phases``, a Chromium trace of each tab gives every keystroke's main-thread CPU time
(all tasks; the listeners; style, layout, pre-paint and paint) between its ``keydown`` and its
paint: less swayed by the machine's load than the latency, and it says where the time goes. It
also gives "to the swap": from the ``keydown`` to the end of the display compositor's draw and
swap of that frame (``Display::DrawAndSwap``), the last step before the screen, without what
runs on the page's main thread between the frame and the recorder's task (other tasks queued
there first: the field's own editing work, the ``keyup`` Playwright sends right after the
``keydown``; see benchmarks/RESULTS.md).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_aigloss.core import load_glossary, normalise
from sphinx_aigloss.html import strip_comments

CHROMIUM = "/usr/bin/chromium"
#: Typed then erased: a common word, rarer ones, two words, a name's beginning.
WORDS = ["training", "gradient", "human feedback", "synthetic", "vor"]
CATEGORIES = [f"Topic {letter}" for letter in "ABCDEFGHIJKL"]
SYLLABLES = ["ka", "lo", "mer", "vin", "tra", "zel", "dor", "qui", "sen", "bra", "tul", "nov", "pex", "ri"]

#: Times each keystroke (see the module's docstring); ``window.strokes`` collects them.
RECORDER = """() => {
  const box = document.querySelector('.aigloss-glossary-tools');
  const status = box.querySelector('.aigloss-filter-status');
  const shown = () => parseInt(status.textContent, 10);
  // In view but not painted: a list or entry that skips its contents (content-visibility).
  // Only boxes the browser lays out are measured: reading the geometry of skipped content
  // would make the browser lay it out, doing work the next keystroke would have done.
  const inView = (element, rect = element.getBoundingClientRect()) =>
    rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight;
  // Whether an element skips its contents: its first shown child is unrendered only by content-visibility: auto.
  const skips = (element) => {
    for (const child of element.children) {
      if (child.checkVisibility()) return !child.checkVisibility({contentVisibilityAuto: true});
    }
    return false;
  };
  const skippedInView = () => {
    for (const element of box.children) {
      if (!inView(element)) continue;
      if (skips(element) || getComputedStyle(element).contentVisibility === 'hidden') return true;
      if (element.tagName !== 'DL') continue;
      for (const entry of element.children) {
        const rect = entry.getBoundingClientRect();
        if (rect.top >= innerHeight) break;
        if (rect.height > 0 && rect.bottom > 0 && skips(entry)) return true;
      }
    }
    return false;
  };
  window.strokes = [];
  let current = null;  // the last keystroke's record
  const afterPaint = (stroke, frames = 1) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      // Checked after the time is taken: the check's own layout reads are not timed.
      const painted = performance.now();
      if (frames < 10 && skippedInView()) { afterPaint(stroke, frames + 1); return; }
      if (painted > stroke.painted) { stroke.painted = painted; stroke.frames = Math.max(stroke.frames, frames); }
    };
    channel.port2.postMessage(null);
  });
  window.addEventListener('keydown', (event) => {
    current = {start: event.timeStamp, painted: 0, frames: 0, before: shown(), after: 0};
    window.strokes.push(current);
  }, true);
  // Any change in the glossary (an attribute, class, node, text) waits for its paint, but unlocking.
  const unlocks = (r) => r.attributeName === 'class'
    && `${r.oldValue}`.replace(' aigloss-later', '') === r.target.className;
  new MutationObserver((records) => { if (current && !records.every(unlocks)) afterPaint(current); })
    .observe(box, {attributes: true, attributeOldValue: true, childList: true, characterData: true, subtree: true});
  window.addEventListener('input', () => {
    const stroke = current;
    afterPaint(stroke);  // a keystroke that changes nothing still waits for its frame
    setTimeout(() => { stroke.after = shown(); }, 0);
  }, true);
  window.eventTiming = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const id = entry.interactionId;
      if (id) window.eventTiming[id] = Math.max(window.eventTiming[id] || 0, entry.duration);
    }
  }).observe({type: 'event', durationThreshold: 16, buffered: true});
}"""


def vocabulary() -> list[str]:
    """The canonical definitions' words, in their order (repeats kept: common words weigh more)."""
    return [word.strip(".,;:()\"'").lower() for term in load_glossary()[0] for word in term.definition.split()
            if word.strip(".,;:()\"'")]


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def extra_terms(count: int, seed: int = 1) -> str:
    """TOML of ``count`` made-up terms with 30-60-word definitions."""
    rng = random.Random(seed)
    words = vocabulary()
    out = ["format = 1\n\n[pack]\nid = \"extra\"\ntitle = \"Filter benchmark\"\n",
           f"categories = [{', '.join(map(toml_string, CATEGORIES))}]\n"]
    taken: set[str] = set()  # folded names and their plural and singular forms
    made = 0
    while made < count:
        name = " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
                        for _ in range(rng.randint(1, 3)))
        key = normalise(name)
        forms = {key, key + "s", key.removesuffix("s")}
        if forms & taken:
            continue
        taken |= forms
        made += 1
        text = " ".join(rng.choice(words) for _ in range(rng.randint(30, 60)))
        out.append(f"\n[[terms]]\nname = {toml_string(name)}\ncategory = {toml_string(rng.choice(CATEGORIES))}\n"
                   f"definition = {toml_string(text.capitalize() + '.')}\nunreferenced = true\n")
    return "".join(out)


def project(src: Path, terms: int) -> Path:
    src.mkdir(parents=True, exist_ok=True)
    extra = terms - 30
    data = ["aigloss_data_files = ['extra.toml']"] if extra > 0 else []
    (src / "conf.py").write_text("\n".join(["extensions = ['sphinx_aigloss']", "project = 'Filter'", *data]) + "\n",
                                 encoding="utf-8")
    (src / "index.rst").write_text("Glossary\n========\n\n.. aigloss:glossary::\n", encoding="utf-8")
    if extra > 0:
        (src / "extra.toml").write_text(extra_terms(extra), encoding="utf-8")
    return src


def gz(text: str) -> int:
    return len(gzip.compress(text.encode(), 6))


def without_tools(html: str) -> str:
    """The page as it would be without the reader tools: no search text, jump bar, box
    attributes, category ids, or the tools' script and stylesheet."""
    html = re.sub(r' data-aigloss-search="[^"]*"', "", html)
    html = re.sub(r'<nav class="aigloss-jump".*?</nav>\n', "", html)
    html = re.sub(r' data-aigloss-filter-label="[^"]*" data-aigloss-filter-status="[^"]*"', "", html)
    html = re.sub(r' id="aigloss-category-[^"]*"', "", html)
    return re.sub(r'<(?:link|script)[^>]*aigloss-glossary\.(?:css|js)[^>]*>(?:</script>)?\n?', "", html)


Stroke = dict[str, float]
if TYPE_CHECKING:
    from playwright.sync_api import Page


#: Trace events (Chromium's names) summed per keystroke with ``--phases``: main-thread CPU time.
#: "script" is the event listeners' time, with the style and layout their reads force (the
#: filter's own check of the lists in view): those are also in "style" and "layout".
PHASES = {"ThreadControllerImpl::RunTask": "total", "FunctionCall": "script", "UpdateLayoutTree": "style",
          "Layout": "layout", "PrePaint": "paint", "Paint": "paint"}
TRACED = ["toplevel", "devtools.timeline", "blink.user_timing", "benchmark", "viz"]


def phases(events: list[dict[str, Any]], strokes: list[Stroke]) -> None:
    """Add to each keystroke the main thread's CPU time (ms) per phase, from a trace: the events
    that start after its ``keydown`` (marked ``stroke``) and end by its paint. Tasks that run
    only partly inside are left out, the recorder's own check after the paint among them."""
    main = next((e["pid"], e["tid"]) for e in events
                if e.get("name") == "thread_name" and e["args"]["name"] == "CrRendererMain")
    marks = sorted(e["ts"] for e in events if e.get("name") == "stroke" and e.get("cat") == "blink.user_timing")
    timed = [e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) == main and e["name"] in PHASES]
    frames = sorted(e["ts"] for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) == main
                    and e["name"] == "ProxyMain::BeginMainFrame")
    commits = sorted(e["ts"] for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) == main
                     and e["name"] == "ProxyMain::BeginMainFrame::commit")
    swaps = sorted(e["ts"] + e["dur"] for e in events if e.get("ph") == "X" and e["name"] == "Display::DrawAndSwap")
    for stroke, start in zip(strokes, marks, strict=True):
        end = start + (stroke["painted"] - stroke["start"]) * 1000
        for name in set(PHASES.values()):
            stroke[name] = sum(e.get("tdur", 0) for e in timed if PHASES[e["name"]] == name
                               and start - 3000 <= e["ts"] and e["ts"] + e.get("dur", 0) <= end + 100) / 1000
        # The frame that painted the last change: the last one begun before the recorder's task.
        painted = start + (stroke["painted"] - stroke["marked"]) * 1000
        frame = next((ts for ts in reversed(frames) if ts <= painted), None)
        commit = next((ts for ts in commits if frame is not None and ts > frame), None)
        swap = next((ts for ts in swaps if commit is not None and ts > commit), None)
        if swap is not None:  # on the page's clock
            stroke["swap"] = stroke["marked"] + (swap - start) / 1000


def type_words(page: Page) -> None:
    """Type each of ``WORDS`` and erase it, a key every 150 ms, then let the last frames pass."""
    for words in WORDS:
        for char in words:
            page.keyboard.press(char)
            page.wait_for_timeout(150)
        for _ in words:
            page.keyboard.press("Backspace")
            page.wait_for_timeout(150)
    page.wait_for_timeout(1000)


def traced(page: Page, act: Callable[[Page], None]) -> list[dict[str, Any]]:
    """The trace events (Chromium's timeline) while ``act`` runs; each ``keydown`` is marked."""
    events: list[dict[str, Any]] = []
    done: list[bool] = []
    cdp = page.context.new_cdp_session(page)
    cdp.on("Tracing.dataCollected", lambda data: events.extend(data["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    cdp.send("Tracing.start", {"transferMode": "ReportEvents", "traceConfig": {"includedCategories": TRACED}})
    # (After the recorder's listener: the keystroke's record is the last; "marked" maps its times
    # onto the trace's clock.)
    page.evaluate("window.addEventListener('keydown', () => {"
                  " performance.mark('stroke'); window.strokes.at(-1).marked = performance.now(); }, true)")
    act(page)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    return events


def keystrokes(urls: dict[str, str], runs: int, trace: bool) -> dict[str, tuple[list[Stroke], list[float]]]:
    """Per variant, each keystroke's record (start, painted, shown before and after; with
    ``trace``, CPU time per phase) and the Event Timing durations of the interactions. The
    variants take turns, one round each, in a fresh tab: the machine's load weighs on them alike."""
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[list[Stroke], list[float]]] = {name: ([], []) for name in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            for name, url in urls.items():
                page = browser.new_page(viewport={"width": 1000, "height": 800})
                page.goto(url)
                page.evaluate(RECORDER)
                page.locator(".aigloss-filter input").focus()  # CSS: a role locator walks the whole page
                if trace:
                    events = traced(page, type_words)
                    strokes: list[Stroke] = page.evaluate("window.strokes")
                    phases(events, strokes)
                else:
                    type_words(page)
                    strokes = page.evaluate("window.strokes")
                results[name][0].extend(strokes)
                results[name][1].extend(page.evaluate("Object.values(window.eventTiming)"))
                page.close()
        browser.close()
    return results


def percentiles(values: list[float]) -> tuple[float, float]:
    """Median and p95 (nearest rank) of ``values``."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def summary(values: list[float]) -> str:
    if not values:
        return "none"
    median, p95 = percentiles(values)
    return f"{len(values)} keystrokes: median {median:.1f} ms, p95 {p95:.1f} ms, max {max(values):.1f} ms"


def latency(strokes: list[Stroke], keep: Callable[[Stroke], bool]) -> str:
    return summary([s["painted"] - s["start"] for s in strokes if keep(s)])


def cell(strokes: list[Stroke], keep: Callable[[Stroke], bool]) -> str:
    values = [s["painted"] - s["start"] for s in strokes if keep(s)]
    return "{:.1f} / {:.1f}".format(*percentiles(values)) if values else "-"


def hides(stroke: Stroke) -> bool:
    return stroke["after"] < stroke["before"]


def shows(stroke: Stroke) -> bool:
    return stroke["after"] > stroke["before"]


def variant(out: Path, name: str, assets: Path) -> str:
    """A copy of the built site with the script and stylesheet of ``assets`` (a folder), served
    as the build serves its own (the script without its comments)."""
    copy = out.with_name(f"{out.name}-{name}")
    shutil.copytree(out, copy)
    for asset in ("aigloss-glossary.js", "aigloss-glossary.css"):
        text = (assets / asset).read_text(encoding="utf-8")
        (copy / "_static" / asset).write_text(strip_comments(text) if asset.endswith(".js") else text,
                                              encoding="utf-8")
    return (copy / "index.html").as_uri()


def measure(terms: int, runs: int, tmp: Path, compare: dict[str, Path], trace: bool) -> list[str]:
    """Print one size's figures in full; return its rows of the summary table."""
    src = project(tmp / f"src-{terms}", terms)
    out = tmp / f"html-{terms}"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)], check=True)
    html = (out / "index.html").read_text(encoding="utf-8")
    entries = html.count("data-aigloss-search=")
    print(f"\n{entries} entries: glossary page {gz(html):,} bytes gzipped, of which the reader tools "
          f"{gz(html) - gz(without_tools(html)):,}")
    urls = {"this": (out / "index.html").as_uri()}
    urls.update((name, variant(out, name, assets)) for name, assets in compare.items())
    results = keystrokes(urls, runs, trace)
    load = os.getloadavg()[0]
    rows = []
    for name, (strokes, timing) in results.items():
        late = sum(1 for s in strokes if s["frames"] > 1)
        print(f"  {name}:")
        print("    input to last change painted, all   ", latency(strokes, lambda s: True))
        print("    ... keystrokes that hide entries     ", latency(strokes, hides))
        print("    ... keystrokes that show entries     ", latency(strokes, shows))
        print("    Event Timing duration (> 16 ms only) ", summary(timing))
        print(f"    painted a frame or more after the changes (content in view skipped): {late}")
        if trace:
            for label, keep in (("all", lambda s: True), ("hide", hides), ("show", shows)):
                print(f"    to the swap, {label:4}", " " * 26, summary([s["swap"] - s["start"] for s in strokes
                                                                  if keep(s) and "swap" in s]))
            for label, keep in (("hide", hides), ("show", shows), ("all", lambda s: True)):
                chosen = [s for s in strokes if keep(s) and "total" in s]
                print(f"    main-thread CPU per {label} keystroke, ms (median / max):", ", ".join(
                    f"{phase} {statistics.median(s[phase] for s in chosen):.1f} / {max(s[phase] for s in chosen):.1f}"
                    for phase in ("total", "script", "style", "layout", "paint")) if chosen else "none")
        rows.append(f"| {entries:,} | {name} | {cell(strokes, lambda s: True)} | {cell(strokes, hides)} "
                    f"| {cell(strokes, shows)} | {late} of {len(strokes)} | {load:.1f} |")
    print(f"  load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, nargs="+", default=[500, 5000], help="entries on the page (≥ 30)")
    parser.add_argument("--runs", type=int, default=3, help="times the words are typed and erased")
    parser.add_argument("--phases", action="store_true",
                        help="also trace each keystroke's main-thread CPU time: total, style, layout, paint")
    parser.add_argument("--compare", nargs="+", default=[], metavar="NAME=DIR",
                        help="also time the script and stylesheet in DIR (as NAME), taking turns with these")
    parser.add_argument("--floor", action="store_true", help="also time filter_floor.js: a field that only counts")
    args = parser.parse_args()
    compare = {name: Path(folder) for name, _, folder in (item.partition("=") for item in args.compare)}
    assets = Path(__file__).parent.parent / "sphinx_aigloss" / "static"
    size = sum(gz((assets / name).read_text(encoding="utf-8"))
               for name in ("aigloss-glossary.js", "aigloss-glossary.css"))
    print(f"the reader tools' script and stylesheet: {size:,} bytes gzipped (cached across pages)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.floor:  # filter_floor.js with this stylesheet
            compare["floor"] = Path(tmp, "floor")
            compare["floor"].mkdir()
            shutil.copy(Path(__file__).with_name("filter_floor.js"), compare["floor"] / "aigloss-glossary.js")
            shutil.copy(assets / "aigloss-glossary.css", compare["floor"])
        rows = [row for terms in args.terms for row in measure(terms, args.runs, Path(tmp), compare, args.phases)]
    print("\ninput to the frame that paints the last change, ms (median / p95); load: 1-minute average")
    print("| entries | variant | all | hide | show | a frame late | load |")
    print("| ---: | --- | --- | --- | --- | --- | ---: |", *rows, sep="\n")


if __name__ == "__main__":
    main()
