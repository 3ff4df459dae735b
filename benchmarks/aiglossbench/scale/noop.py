"""The noop measurement: no-op rebuilds of the small project with a large data file, against
the same project on the shipped pack only, alternating."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType

from .builder import Builder
from .projects import FALLBACK_PAGE, entries, small_project
from .results import Row, ratio, table


def html_files(out: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in out.rglob("*.html")}


def measure_noop(args: argparse.Namespace, bench: ModuleType, builder: Builder, work: Path) -> str:
    glossary = bench.canonical_glossary()
    rows = [Row("shipped pack only"), Row(f"+ data file of {args.noop_terms:,} terms")]
    data: list[str | None] = [None, bench.make_extra_terms(args.noop_terms, glossary, args.seed)]
    projects: list[tuple[Path, Path]] = []
    for row, text in zip(rows, data, strict=True):
        src = small_project(bench, work / f"noop-{len(projects)}" / "src", text, args.seed)
        out = src.parent / "out"
        builder.log(f"noop: fresh build, {row.label}")
        row.notes["fresh"] = f"{builder.build(src, out).wall:.2f}"
        row.notes["entries"] = f"{entries(out / FALLBACK_PAGE):,}"
        projects.append((src, out))
    for rep in range(args.noop_reps):
        for row, (src, out) in zip(rows, projects, strict=True):  # alternating, so load drift hits both
            builder.log(f"noop: rebuild {rep + 1}/{args.noop_reps}, {row.label}")
            before = html_files(out)
            row.runs.append(builder.build(src, out, fresh=False))
            after = html_files(out)
            rewritten = sorted(p.name for p in after if before.get(p) != after[p])
            row.notes["rewritten"] = f"{len(rewritten)} of {len(after)}" + (
                f" ({', '.join(rewritten[:3])}{', …' if len(rewritten) > 3 else ''})" if rewritten else "")
    body = table(
        ("project", "fresh build (s), 1 run", "fallback page entries", "no-op rebuild wall (s), median (min–max)",
         "CPU (s)", "peak RSS (MiB)", "HTML files rewritten by the last rebuild", "load"),
        [(r.label, r.notes["fresh"], r.notes["entries"], r.time_cell(), r.time_cell("cpu"),
          r.rss_cell(), r.notes["rewritten"], r.load_cell()) for r in rows])
    return (f"{body}\n\nNo-op rebuild, data file / shipped pack only: wall {ratio(rows[1], rows[0], 'wall')}, "
            f"CPU {ratio(rows[1], rows[0], 'cpu')}, peak RSS {ratio(rows[1], rows[0], 'rss_mib')} "
            f"({args.noop_reps} rebuilds each).")
