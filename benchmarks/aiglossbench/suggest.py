"""The data mode's micro-benchmark of ``Glossary.suggest`` (the "did you mean" of an unknown term).

Misspelled names (one edit of a known name form) that resolve to nothing, each timed a few
times; a first call on a fresh glossary, which builds the suggestion index, is timed apart.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .workload import model, normalise

if TYPE_CHECKING:
    from sphinx_aigloss.core import Glossary

SUGGEST_TARGET_US = 1000.0


@dataclass
class SuggestResult:
    label: str
    terms: int
    names: int  # name forms indexed for suggestions
    calls: int
    first_ms: float  # the first call (also builds the suggestion index)
    per_call_us: list[float]  # one value per misspelled name: the median of its repeats
    intended: int  # suggestions that gave back the name that was misspelled

    @property
    def median_us(self) -> float:
        return statistics.median(self.per_call_us)


def misspell(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters)
    op = rng.choice(("swap", "drop", "double", "replace"))
    if op == "swap" and i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1].lower() != name[i].lower():
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if op == "drop" and len(letters) > 3:
        return name[:i] + name[i + 1:]
    if op == "double":
        return name[:i] + name[i] + name[i:]
    return name[:i] + rng.choice("aeioustrnl") + name[i + 1:]


def misspelled_names(glossary: Glossary, count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` pairs (misspelling, the name it came from), none of which names a term."""
    rng = random.Random(seed)
    names = sorted({name for term in glossary for name in term.names})
    cases: list[tuple[str, str]] = []
    while len(cases) < count:
        name = rng.choice(names)
        miss = misspell(name, rng)
        if normalise(miss) and not glossary.lookup(miss).terms:
            cases.append((miss, name))
    return cases


def bench_suggest(glossary: Glossary, label: str, count: int, seed: int, repeats: int = 3) -> SuggestResult:
    cases = misspelled_names(glossary, count, seed)
    fresh = model().Glossary(glossary, glossary.categories, glossary.packs)  # no suggestion index yet
    start = time.perf_counter()
    fresh.suggest(cases[0][0])
    first_ms = (time.perf_counter() - start) * 1000
    per_call = []
    intended = 0
    for miss, name in cases:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            suggestion = fresh.suggest(miss)
            times.append((time.perf_counter() - start) * 1e6)
        per_call.append(statistics.median(times))
        intended += suggestion is not None and normalise(suggestion) == normalise(name)
    indexed = len({normalise(name) for term in glossary for name in term.names})
    return SuggestResult(label, len(glossary), indexed, len(cases), first_ms, per_call, intended)


def suggest_table(rows: Sequence[SuggestResult]) -> str:
    lines = ["| glossary | terms | names indexed | misspelled names | first call, builds index (ms) "
             "| median per call (µs) | p90 (µs) | max (µs) | gave the intended name | target < 1 ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        ordered = sorted(r.per_call_us)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        ok = "pass" if r.median_us < SUGGEST_TARGET_US else "FAIL"
        lines.append(f"| {r.label} | {r.terms} | {r.names} | {r.calls} | {r.first_ms:.1f} | {r.median_us:,.0f} "
                     f"| {p90:,.0f} | {ordered[-1]:,.0f} | {r.intended}/{r.calls} | {ok} |")
    return "\n".join(lines)
