"""Scale benchmark of sphinx-aigloss: large data files and very long term names.

Run by hand (all three take a quarter of an hour or more; never a timed test). Every build
is a ``python -m sphinx -b html -q`` subprocess under GNU ``time``, so its wall time, CPU
time (user + system) and peak resident memory are its own; each figure is the median of
several runs. Builds are sequential. The package is measured from a copy taken at the
start: the working tree's, or with --rev the one committed there. The workloads come from
``bench.py`` of the same tree or revision (its prose, and its data files of made-up terms).

Measurements (``--only``):

  noop      a small project (20 pages naming a few canonical terms, no glossary directive,
            so the extension writes its fallback page listing every term) with a data file
            of --noop-terms terms: one fresh build, then no-op rebuilds (nothing changed),
            alternating with the same project on the shipped pack only.
  growth    the same project, fresh builds with data files of --sizes terms (and none):
            time and peak memory per size, and the cost of each further 1,000 terms.
  autolink  ``aigloss_autolink = "all"`` on one page of --page-words words (the long name
            included) whose prose names the first word of a data-file term's name often and
            the whole long name once; the term's name has --long-name words or --short-name
            words (the long name's first words), the page is the same. Two kinds of prose:
            ``sentences`` (paragraphs of six sentences) and ``run-on`` (the same words, one
            paragraph, no punctuation: nothing ends a candidate match early, the worst case).
            Runs over --timeout are stopped.

Examples:

  .venv/bin/python benchmarks/scale.py --quick                   # smoke run, a minute
  .venv/bin/python benchmarks/scale.py --write                   # all three, into SCALE.md
  .venv/bin/python benchmarks/scale.py --only autolink --rev HEAD --write
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from ..runner import BENCHMARKS, progress
from .autolink import STYLES, measure_autolink
from .builder import Builder
from .growth import measure_growth
from .noop import measure_noop
from .results import context, write_section
from .snapshot import import_workloads, take_snapshot

Measure = Callable[[argparse.Namespace, ModuleType, Builder, Path], str]
MEASURE: dict[str, Measure] = {"noop": measure_noop, "growth": measure_growth, "autolink": measure_autolink}
MEASUREMENTS = tuple(MEASURE)
TITLES = {"noop": "No-op rebuild with a large data file", "growth": "Fresh build vs. number of terms",
          "autolink": "Automatic linking with a very long name"}


def int_list(text: str) -> list[int]:
    return [int(item) for item in text.split(",") if item]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    doc = __doc__ or ""
    summary, details = doc.split("\n\n", 1)
    parser = argparse.ArgumentParser(prog="scale.py", description=summary, epilog=details,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(MEASUREMENTS),
                        help=f"comma-separated measurements (default: {','.join(MEASUREMENTS)})")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 1 run each, 2,000/500-term data files, a 100-word name, a 500-word page")
    parser.add_argument("--reps", type=int, default=3, help="fresh builds per row (default 3)")
    parser.add_argument("--noop-reps", type=int, default=5, help="no-op rebuilds per project (default 5)")
    parser.add_argument("--noop-terms", type=int, default=20_000, help="data-file terms for noop (default 20000)")
    parser.add_argument("--sizes", type=int_list, default=[2_000, 8_000, 20_000, 50_000],
                        help="data-file sizes for growth (default 2000,8000,20000,50000)")
    parser.add_argument("--long-name", type=int, default=1000, help="words in the long name (default 1000)")
    parser.add_argument("--short-name", type=int, default=10, help="words in the short name (default 10)")
    parser.add_argument("--page-words", type=int, default=2000,
                        help="words on the autolink page, the long name included (default 2000)")
    parser.add_argument("--prose", type=lambda s: s.split(","), default=["sentences", "run-on"],
                        help="kinds of prose for autolink: sentences, run-on (default both)")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds before an autolink build is stopped (default 120)")
    parser.add_argument("--rev", default="", help="measure the package committed at REV (default: the working tree)")
    parser.add_argument("--bench-py", default="", metavar="FILE",
                        help="the bench.py whose generators make the workloads (default: the one of --rev, or "
                             "the working tree's)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated prose, names and data")
    parser.add_argument("--workdir", default=str(BENCHMARKS / "_work" / "scale"),
                        help="where projects and outputs go (default benchmarks/_work/scale, git-ignored)")
    parser.add_argument("--write", action="store_true", help="also write the report into --results")
    parser.add_argument("--results", default=str(BENCHMARKS / "SCALE.md"), help="default benchmarks/SCALE.md")
    parser.add_argument("--section", default="", help="section name in the results file (default: from the run)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    args.only = [m for m in args.only.split(",") if m]
    unknown = (set(args.only) - set(MEASUREMENTS)) | (set(args.prose) - set(STYLES))
    if unknown:
        parser.error(f"unknown measurement or prose: {', '.join(sorted(unknown))}")
    if args.quick:
        args.reps, args.noop_reps, args.noop_terms, args.sizes = 1, 2, 2_000, [500, 2_000]
        args.long_name, args.page_words = 100, 500
    if min(args.reps, args.noop_reps, args.short_name) < 1 or not args.short_name < args.long_name < args.page_words:
        parser.error("--reps, --noop-reps and --short-name must be at least 1, "
                     "--long-name above --short-name and below --page-words")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(args.workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        if not args.quiet:
            progress(message)

    snapshot = take_snapshot(work, args.rev, args.bench_py)
    bench = import_workloads(snapshot)
    builder = Builder(snapshot, log)
    command = shlex.join([".venv/bin/python", "benchmarks/scale.py", *(sys.argv[1:] if argv is None else argv)])
    out = [*context(snapshot.label), f"- command: `{command}`",
           f"- load average at the start: {os.getloadavg()[0]:.2f}"]
    for name in args.only:
        out += ["", f"### {TITLES[name]}", "", MEASURE[name](args, bench, builder, work)]
    out += ["", f"Load average at the end: {os.getloadavg()[0]:.2f}."]
    body = "\n".join(out)
    print(body)
    if args.write:
        section = args.section or f"{', '.join(args.only)} — {snapshot.label}{' (quick)' if args.quick else ''}"
        write_section(Path(args.results), section, body)
        log(f"wrote {args.results}")
    return 0
