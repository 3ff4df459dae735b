"""The glossary filter's cost per keystroke on a large glossary page, in headless Chromium,
and the bytes the reader tools add to a glossary page (gzipped, as served). Run by hand:

    .venv/bin/python benchmarks/filter_keystroke.py            # 5,000 terms
    .venv/bin/python benchmarks/filter_keystroke.py --terms 30 # the canonical pack alone

It builds a project whose glossary page lists ``--terms`` terms (the canonical 30 and made-up
ones from ``bench.make_extra_terms``), opens the page and types words into the filter with
real key presses, 80 ms apart, erasing each. A keystroke's time runs from its ``keydown`` to
the end of the style and layout its ``input`` handler causes (forced right after the filter's
own handler): what the reader waits for before the next frame can paint. A keystroke that
shows or hides thousands of entries spreads that work over the next frames, so the frames
are timed too: the longest interval between two animation frames while typing. Wall times
grow with the machine's load; a Chromium trace gives the main thread's CPU time of each
task (an input event with its style and layout, or a frame), which does not.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the made-up terms

from sphinx_aigloss.core import load_glossary

CHROMIUM = "/usr/bin/chromium"
WORDS = ["finetuning", "low rank", "reward model", "data", "quantization aware"]

#: Records each keystroke (keydown, captured, to the layout after the filter's input handler)
#: and the start of every animation frame.
RECORDER = """() => {
  window.keystrokes = [];
  window.frames = [];
  const tick = (now) => { window.frames.push(now); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.handlers = [];
  let start = 0;
  let input = 0;
  window.addEventListener('keydown', () => { start = performance.now(); }, true);
  window.addEventListener('input', () => { input = performance.now(); }, true);
  document.querySelector('.aigloss-filter input').addEventListener('input', () => {
    window.handlers.push(performance.now() - input);  // the filter's own handler
    document.body.offsetHeight;  // style and layout, now
    window.keystrokes.push(performance.now() - start);
  });
}"""


def project(src: Path, terms: int) -> Path:
    src.mkdir(parents=True, exist_ok=True)
    extra = terms - 30
    data = ["aigloss_data_files = ['extra.toml']"] if extra > 0 else []
    (src / "conf.py").write_text("\n".join(["extensions = ['sphinx_aigloss']", "project = 'Filter'", *data]) + "\n",
                                 encoding="utf-8")
    (src / "index.rst").write_text("Glossary\n========\n\n.. aigloss:glossary::\n", encoding="utf-8")
    if extra > 0:
        (src / "extra.toml").write_text(bench.make_extra_terms(extra, load_glossary()[0], 1), encoding="utf-8")
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


def main_thread_tasks(trace: Path) -> list[float]:
    """The CPU time (ms) of each task of the page's main thread in a Chromium trace."""
    data = json.loads(trace.read_text(encoding="utf-8"))
    events = data["traceEvents"] if isinstance(data, dict) else data
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    return [e["tdur"] / 1000 for e in events
            if e.get("ph") == "X" and e.get("name") == "RunTask" and (e["pid"], e["tid"]) in main and "tdur" in e]


def keystrokes(url: str, runs: int, trace: Path) -> tuple[list[float], list[float], list[float]]:
    """The keystrokes' times, the filter's handler times and the intervals between animation
    frames, in ms; the trace of the typing is written to ``trace``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        page.goto(url)
        page.evaluate(RECORDER)
        # A CSS locator: resolving a role locator walks the whole page in the page's own thread.
        field = page.locator(".aigloss-filter input")
        browser.start_tracing(page=page, path=str(trace),
                              categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
        for _ in range(runs):
            for words in WORDS:
                field.press_sequentially(words, delay=80)
                for _ in words:
                    field.press("Backspace", delay=0)
                    page.wait_for_timeout(80)
        page.wait_for_timeout(500)
        browser.stop_tracing()
        times: list[float] = page.evaluate("window.keystrokes")
        handlers: list[float] = page.evaluate("window.handlers")
        frames: list[float] = page.evaluate("window.frames")
        browser.close()
    return times, handlers, [b - a for a, b in itertools.pairwise(frames)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, default=5000, help="terms on the glossary page (at least 30)")
    parser.add_argument("--runs", type=int, default=3, help="times the words are typed and erased")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = project(Path(tmp) / "src", args.terms)
        out = Path(tmp) / "html"
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)], check=True)
        html = (out / "index.html").read_text(encoding="utf-8")
        static = out / "_static"
        assets = sum(gz((static / name).read_text(encoding="utf-8"))
                     for name in ("aigloss-glossary.js", "aigloss-glossary.css"))
        entries = html.count("data-aigloss-search=")
        print(f"glossary page, {entries} entries: {gz(html):,} bytes gzipped; the reader tools add "
              f"{gz(html) - gz(without_tools(html)):,} bytes to it, and their script and stylesheet "
              f"{assets:,} bytes (gzipped, cached across pages)")
        times, handlers, frames = keystrokes((out / "index.html").as_uri(), args.runs, Path(tmp) / "trace.json")
        tasks = sorted(main_thread_tasks(Path(tmp) / "trace.json"))
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{len(times)} keystrokes: median {statistics.median(times):.1f} ms, 95th percentile {p95:.1f} ms, "
          f"max {times[-1]:.1f} ms (keydown to layout done, headless Chromium)")
    handlers.sort()
    print(f"  of which the filter's script: median {statistics.median(handlers):.1f} ms, "
          f"95th percentile {handlers[int(0.95 * (len(handlers) - 1))]:.1f} ms, max {handlers[-1]:.1f} ms")
    frames.sort()
    print(f"{len(frames)} animation frames while typing: interval median {statistics.median(frames):.1f} ms, "
          f"95th percentile {frames[int(0.95 * (len(frames) - 1))]:.1f} ms, max {frames[-1]:.1f} ms")
    print(f"{len(tasks)} main-thread tasks while typing, CPU time: 99th percentile "
          f"{tasks[int(0.99 * (len(tasks) - 1))]:.1f} ms, longest {', '.join(f'{t:.1f}' for t in tasks[-5:])} ms")
    print(f"load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
