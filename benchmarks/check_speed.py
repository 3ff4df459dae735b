"""How long ``aigloss check`` takes on a generated tree of pages. Run by hand:

    .venv/bin/python benchmarks/check_speed.py                  # 100 pages, 9 runs
    .venv/bin/python benchmarks/check_speed.py --pages 500 --runs 5

It writes a tree of pages (two in three reStructuredText, the others MyST; about 90 lines
each: titles, paragraphs with term roles and plain mentions, code blocks, a list, a table,
an admonition) into a temporary folder, then times, interleaved, the median of the runs:

- ``check``: ``sphinx_aigloss.check.check`` on the whole tree, in process, the glossary
  loaded beforehand (what an editor integration that stays running pays);
- ``check rST``: the same on the reStructuredText pages only; ``scan rST``: only reading
  them (``core.scan.scan_file``, no check); and ``docutils rST``: docutils parsing them into
  doctrees (``publish_doctree``, the roles and directives registered as plain ones), the
  full parse the line-based scanner spares, for scale;
- ``process``: ``aigloss check TREE`` as a new process, start-up and glossary loading
  included (what a pre-commit hook waits for).

Wall and CPU times are given with the machine's load average: on a shared machine the wall
time grows with the load, the ratio of two figures taken interleaved much less.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles

from sphinx_aigloss.check import check
from sphinx_aigloss.core import load_glossary
from sphinx_aigloss.core.scan import scan_file

WORDS = ("the", "model", "data", "training", "step", "layer", "loss", "batch", "token", "output", "we", "then",
         "each", "with", "for", "a", "of", "to", "and", "is", "in", "on", "this", "that", "weights", "gradient",
         "evaluation", "dataset", "prompt")
RST_BLOCKS = """\
{title}
{rule}

{para}

.. note::

   {para}

.. code-block:: python

   model = load("{name}")
   trainer.fit(model, data)

- {para}
- {para}

{para} Here is a literal block::

   {name} = 1

========  ==========================
Method    Notes
========  ==========================
{abbr}    {para}
other     ``{name}`` in code
========  ==========================

{para}
"""
MYST_BLOCKS = """\
# {title}

{para}

```{{note}}
{para}
```

```python
model = load("{name}")
```

- {para}
- {para}

| Method | Notes |
|--------|-------|
| {abbr} | {para} |

{para}
"""


def _paragraph(rng: random.Random, names: list[str], myst: bool) -> str:
    """About five lines of prose: words, term roles and plain mentions of names."""
    words: list[str] = []
    for _ in range(60):
        pick = rng.random()
        name = rng.choice(names)
        if pick < 0.05:
            words.append(f"{{aiterm}}`{name}`" if myst else f":aiterm:`{name}`")
        elif pick < 0.12:
            words.append(name)
        else:
            words.append(rng.choice(WORDS))
    lines = [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)]
    return "\n".join(lines) + "."


def write_tree(folder: Path, pages: int, seed: int = 1) -> tuple[list[str], list[str]]:
    """Write the pages; return all paths and the reStructuredText ones."""
    rng = random.Random(seed)
    glossary, _conflicts = load_glossary()
    names = [name for term in glossary for name in term.names]
    abbreviations = [term.abbreviation for term in glossary if term.abbreviation] or ["X"]
    every, rst = [], []
    for number in range(pages):
        myst = number % 3 == 2
        template = MYST_BLOCKS if myst else RST_BLOCKS
        title = f"Page {number} on {rng.choice(names)}"
        paragraphs = iter([_paragraph(rng, names, myst) for _ in range(12)])
        text = template.replace("{para}", "\0").format(
            title=title, rule="=" * len(title), name=rng.choice(names), abbr=rng.choice(abbreviations))
        text = "".join(part if index == 0 else next(paragraphs) + part
                       for index, part in enumerate(text.split("\0")))
        path = folder / f"page{number:04}.{'md' if myst else 'rst'}"
        path.write_text(text, encoding="utf-8")
        every.append(str(path))
        if not myst:
            rst.append(str(path))
    return every, rst


class _Plain(Directive):
    """Any directive, parsed as a container of its content (docutils' cost for a real one)."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"class": directives.unchanged}  # noqa: RUF012 -- docutils' own attribute style
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def scan(paths: list[str]) -> None:
    for path in paths:
        scan_file(Path(path).read_text(encoding="utf-8"), "rst")


def docutils_parse(paths: list[str]) -> None:
    for path in paths:
        publish_doctree(Path(path).read_text(encoding="utf-8"), source_path=path,
                        settings_overrides={"report_level": 5, "halt_level": 5})


def _timed(function: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def _process(folder: Path) -> tuple[float, float]:
    """The command as a new process: wall time, and the child's CPU time."""
    before = os.times()
    wall = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx_aigloss", "check", str(folder)], capture_output=True, check=False)
    after = os.times()
    return time.perf_counter() - wall, (after.children_user - before.children_user
                                        + after.children_system - before.children_system)


def pathological() -> int:
    """The check on each hostile text of the tests, in rST and MyST: CPU seconds per megabyte
    (linear code stays well under one; a quadratic pattern takes minutes)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.test_check_hostile import PATHOLOGICAL

    glossary, _conflicts = load_glossary()
    with tempfile.TemporaryDirectory(prefix="aigloss-check-hostile-") as scratch:
        for number, source in enumerate(PATHOLOGICAL):
            for suffix in ("rst", "md"):
                page = Path(scratch, f"page{number}.{suffix}")
                page.write_text(source, encoding="utf-8")
                paths = [str(page)]
                _wall, cpu = _timed(lambda: check(paths, glossary))  # noqa: B023 (called at once)
                print(f"  text {number} ({source[:12]!r}…) .{suffix}: {cpu / (len(source) / 1e6):6.2f} s CPU per MB")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100, help="pages in the tree (default: 100)")
    parser.add_argument("--runs", type=int, default=9, help="runs of each measurement (default: 9)")
    parser.add_argument("--pathological", action="store_true",
                        help="instead, time the hostile texts of tests/test_check_hostile.py (CPU per MB)")
    args = parser.parse_args(argv)
    if args.pathological:
        return pathological()
    for name in ("aiterm", "aidef"):
        roles.register_generic_role(name, nodes.inline)
    for name in ("note", "code-block"):
        directives.register_directive(name, _Plain)
    glossary, _conflicts = load_glossary()
    with tempfile.TemporaryDirectory(prefix="aigloss-check-speed-") as scratch:
        folder = Path(scratch)
        every, rst = write_tree(folder, args.pages)
        size = sum(Path(path).stat().st_size for path in every)
        findings = len(check([str(folder)], glossary))
        measures: dict[str, Callable[[], tuple[float, float]]] = {
            "check": lambda: _timed(lambda: check([str(folder)], glossary)),
            "check rST": lambda: _timed(lambda: check(rst, glossary)),
            "scan rST": lambda: _timed(lambda: scan(rst)),
            "docutils rST": lambda: _timed(lambda: docutils_parse(rst)),
            "process": lambda: _process(folder),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in measures}
        for _run in range(args.runs):  # interleaved: a burst of load hits every measure alike
            for name, measure in measures.items():
                times[name].append(measure())
    print(f"{args.pages} pages ({len(rst)} rST, {args.pages - len(rst)} MyST), {size / 1024:.0f} KiB, "
          f"{findings} findings; median of {args.runs} runs; load average {os.getloadavg()[0]:.2f}")
    for name, values in times.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"  {name:<13} wall {wall * 1000:8.1f} ms   cpu {cpu * 1000:8.1f} ms")
    for name in ("check rST", "scan rST"):
        ratio = statistics.median(d[1] / c[1] for c, d in zip(times[name], times["docutils rST"], strict=True))
        print(f"  docutils rST / {name} (CPU, paired per run): {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
