#!/usr/bin/env python3
"""What a large concept map costs (issue 20, item 11): build time, page weight and PDF size.

Run by hand, never as a test (each size is three builds):

  .venv/bin/python benchmarks/map_scale.py                 # 500 and 2,000 terms
  .venv/bin/python benchmarks/map_scale.py --sizes 100,500 --no-pdf

For each size: a project with one data file of N made-up terms in 8 categories (each related
to the next two of its category; with --no-related none, which dot stacks in tall columns)
and one page holding ``.. aigloss:map::``. It is built with ``sphinx-build -b html`` and
``-b latex`` (fresh, one subprocess each, wall time), then the LaTeX output is compiled with
latexmk. Reported: the map page's size (raw and gzipped), the SVG's drawn size in CSS pixels,
whether it is folded behind a disclosure, the PDF's page count and the size of the map's
figure in it, and the machine load (``os.getloadavg``) beside each time.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

CATEGORIES = 8


def project(folder: Path, size: int, related_terms: bool = True) -> None:
    """A project with a map of ``size`` made-up terms (related or not: a tall column)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text('extensions = ["sphinx_aigloss"]\nproject = "Map scale"\n'
                                    'aigloss_packs = []\naigloss_data_files = ["terms.toml"]\n', encoding="utf-8")
    lines = ["format = 1", "[pack]", "categories = [" + ", ".join(f'"Area {c}"' for c in range(CATEGORIES)) + "]"]
    for i in range(size):
        category = i % CATEGORIES
        related = [f"Concept {j}" for j in (i + CATEGORIES, i + 2 * CATEGORIES) if j < size and related_terms]
        lines += ["[[terms]]", f'name = "Concept {i}"', f'category = "Area {category}"',
                  f'definition = "Made-up concept number {i}."', f"related = {related!r}".replace("'", '"')]
    (folder / "terms.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "index.rst").write_text("Map\n===\n\n.. aigloss:map::\n", encoding="utf-8")


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def pdf_pages(latex: Path) -> tuple[str, str]:
    """The document's page count (from the LaTeX log) and the map figure's own size (the
    MediaBox of the PDF dot drew, in mm)."""
    log = next(latex.glob("*.log")).read_text(encoding="utf-8", errors="replace")
    written = re.search(r"Output written on .*?\((\d+) pages?", log)
    box = re.search(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", next(latex.glob("aigloss-map-*.pdf")).read_bytes())
    numbers = box.group(1).decode().split() if box else []
    size = f"{float(numbers[2]) / 72 * 25.4:.0f} x {float(numbers[3]) / 72 * 25.4:.0f} mm" if len(numbers) == 4 else "?"
    return written.group(1) if written else "?", size


def measure(work: Path, size: int, pdf: bool, related: bool) -> None:
    src = work / f"map-{size}"
    project(src, size, related)
    python = sys.executable
    html_time = timed([python, "-m", "sphinx", "-q", "-b", "html", str(src), str(src / "_build/html")])
    html_load = load()
    page = (src / "_build/html/index.html").read_bytes()
    svg = re.search(rb'<svg class="aigloss-map-svg"[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', page)
    if svg is None:
        svg = re.search(rb'<svg class="aigloss-map-svg"[^>]*height="([\d.]+)pt"[^>]*width="([\d.]+)pt"', page)
    drawn = "?"
    if svg:
        a, b = (float(x) * 4 / 3 for x in svg.groups())  # pt to CSS px
        drawn = f"{a:,.0f} x {b:,.0f} px"
    folded = b"<details" in page
    print(f"{size} terms: html build {html_time:.1f} s ({html_load}); page {len(page) / 1e6:.2f} MB, "
          f"{len(gzip.compress(page)) / 1e3:.0f} kB gzipped; SVG {drawn}; folded: {folded}")
    latex_time = timed([python, "-m", "sphinx", "-q", "-b", "latex", str(src), str(src / "_build/latex")])
    print(f"{size} terms: latex build {latex_time:.1f} s ({load()})")
    if pdf:
        out = src / "_build/latex"
        pdf_time = timed(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet"], cwd=out)
        document = next(path for path in out.glob("*.pdf") if not path.name.startswith("aigloss-map-"))
        pages, figure = pdf_pages(out)
        print(f"{size} terms: latexmk {pdf_time:.1f} s ({load()}); PDF {document.stat().st_size / 1e3:.0f} kB, "
              f"{pages} pages; the map drawn {figure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,2000", help="comma-separated term counts (default: 500,2000)")
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "_work" / "map_scale")
    parser.add_argument("--no-pdf", action="store_true", help="skip latexmk")
    parser.add_argument("--no-related", action="store_true", help="terms without relations (dot stacks them)")
    args = parser.parse_args()
    for size in (int(n) for n in args.sizes.split(",")):
        measure(args.workdir, size, not args.no_pdf, not args.no_related)


if __name__ == "__main__":
    main()
