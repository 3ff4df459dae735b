"""The growth measurement: fresh builds of the small project with data files of growing size,
and what each further 1,000 terms cost."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType

from .builder import Builder
from .projects import FALLBACK_PAGE, small_project
from .results import Row, table

COSTS = ("wall", "cpu", "rss_mib")


def per_1k(before: Row, after: Row, terms: int, attr: str) -> str:
    """What each 1,000 terms more cost between two rows."""
    return f"{(after.median(attr) - before.median(attr)) / terms * 1000:.2f}"


def measure_growth(args: argparse.Namespace, bench: ModuleType, builder: Builder, work: Path) -> str:
    glossary = bench.canonical_glossary()
    sizes = [0, *args.sizes]
    rows = [Row(f"{size:,}") for size in sizes]
    projects = []
    for size, row in zip(sizes, rows, strict=True):
        builder.log(f"growth: generating {size:,} terms")
        text = bench.make_extra_terms(size, glossary, args.seed) if size else None
        src = small_project(bench, work / f"growth-{size}" / "src", text, args.seed)
        row.notes["data"] = f"{len(text.encode()) / 1e6:.1f}" if text else "–"
        projects.append((src, src.parent / "out"))
    for rep in range(args.reps):
        for size, row, (src, out) in zip(sizes, rows, projects, strict=True):
            builder.log(f"growth: fresh build {rep + 1}/{args.reps}, {size:,} terms")
            row.runs.append(builder.build(src, out))
            row.notes["page"] = f"{(out / FALLBACK_PAGE).stat().st_size / 1e6:.1f}"
    cells = []
    for size, row in zip(sizes, rows, strict=True):
        per_k = [per_1k(rows[0], row, size, attr) if size else "–" for attr in COSTS]
        cells.append((row.label, row.notes["data"], row.time_cell(), row.time_cell("cpu"),
                      row.rss_cell(), row.notes["page"], *per_k, row.load_cell()))
    body = table(("data-file terms", "data file (MB)", "fresh build wall (s), median (min–max)", "CPU (s)",
                  "peak RSS (MiB)", "fallback page (MB)", "wall per 1k terms (s)", "CPU per 1k terms (s)",
                  "RSS per 1k terms (MiB)", "load"), cells)
    steps = [(f"{sizes[i]:,} → {sizes[i + 1]:,}",
              *(per_1k(rows[i], rows[i + 1], sizes[i + 1] - sizes[i], attr) for attr in COSTS))
             for i in range(len(sizes) - 1)]
    step_table = table(("step", "wall per 1k more terms (s)", "CPU per 1k more terms (s)",
                        "RSS per 1k more terms (MiB)"), steps)
    return (f"{body}\n\n\"Per 1k terms\" is the cost over the shipped-pack-only build divided by the data "
            f"file's size; linear growth keeps it, and the cost of each step below, constant.\n\n{step_table}")
