"""The micro mode: the glossary core's everyday operations, in process, on a large glossary.

The canonical terms plus ``--extra-terms`` made-up ones (5,000 by default): folding every
name for lookup (``normalise``), looking each name up, finding the terms mentioned in the
benchmark's pages written as plain prose, suggesting a name for misspellings, and parsing
the data file. Each operation runs over all its items once untimed (indexes and caches
built, except in the "cold" rows), then ``--reps`` times; the figures are medians per item
of wall time and of CPU time (``time.process_time``, which other processes' load disturbs
less).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .runner import Runner
from .suggest import misspelled_names
from .variants import EXTRA_FILE, plain_text
from .workload import load_with_extra, model, render_page


@dataclass
class MicroResult:
    operation: str
    item: str  # what one item is
    items: int  # per run
    wall_us: list[float]  # per item, one value per run
    cpu_us: list[float]


def time_runs(prepare: Callable[[], Callable[[], object]], items: int,
              runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU microseconds per item of ``runs`` runs, after one untimed run; ``prepare``
    (untimed) gives the work of one run, with whatever state it must start from."""
    prepare()()
    walls, cpus = [], []
    for _ in range(runs):
        work = prepare()
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - wall) * 1e6 / items)
        cpus.append((time.process_time() - cpu) * 1e6 / items)
    return walls, cpus


def bench_micro(runner: Runner, runs: int, misspellings: int) -> tuple[int, list[MicroResult]]:
    """The glossary's size and one result per operation."""
    core, seed = model(), runner.spec.seed
    toml = runner.ctx.extra_toml()
    path = runner.root / "micro" / EXTRA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(toml, encoding="utf-8")
    glossary = load_with_extra(path)
    names = sorted({name for term in glossary for name in term.names})
    texts = [render_page(page, plain_text) for page in runner.pages]
    words = round(statistics.fmean(len(text.split()) for text in texts))
    misses = [miss for miss, _name in misspelled_names(glossary, misspellings, seed)]

    # normalise and lookup are memoised: timed once from cold (an empty cache, a new glossary)
    # and once memoised, as a build calls them again and again for the same names.
    def cold_normalise() -> Callable[[], object]:
        core.normalise.cache_clear()
        return lambda: [core.normalise(name) for name in names]

    def cold_lookup() -> Callable[[], object]:
        fresh = core.Glossary(glossary, glossary.categories, glossary.packs)
        core.normalise.cache_clear()
        return lambda: [fresh.lookup(name) for name in names]

    operations: list[tuple[str, str, int, Callable[[], Callable[[], object]]]] = [
        ("`normalise`, cold", "name", len(names), cold_normalise),
        ("`normalise`, memoised", "name", len(names), lambda: lambda: [core.normalise(name) for name in names]),
        ("`Glossary.lookup`, cold", "name", len(names), cold_lookup),
        ("`Glossary.lookup`, memoised", "name", len(names), lambda: lambda: [glossary.lookup(name) for name in names]),
        ("`Glossary.mentions`", f"page of {words} words", len(texts),
         lambda: lambda: [glossary.mentions(text) for text in texts]),
        ("`Glossary.suggest`", "misspelled name", len(misses), lambda: lambda: [glossary.suggest(m) for m in misses]),
        ("`parse_pack`", f"data file of {runner.ctx.extra_terms:,} terms", 1,
         lambda: lambda: core.parse_pack(toml, EXTRA_FILE)),
    ]
    results = []
    for label, item, items, prepare in operations:
        runner.log(f"micro {label}: {items} × {item}, {runs} run(s)")
        results.append(MicroResult(label, item, items, *time_runs(prepare, items, runs)))
    return len(glossary), results


def micro_table(rows: Sequence[MicroResult]) -> str:
    lines = ["| operation | item | items per run | runs | wall per item, median (µs) | min–max (µs) "
             "| CPU per item, median (µs) | wall per run, median (ms) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        wall = statistics.median(r.wall_us)
        lines.append(f"| {r.operation} | {r.item} | {r.items:,} | {len(r.wall_us)} | {wall:,.2f} "
                     f"| {min(r.wall_us):,.2f}–{max(r.wall_us):,.2f} | {statistics.median(r.cpu_us):,.2f} "
                     f"| {wall * r.items / 1000:,.2f} |")
    return "\n".join(lines)
