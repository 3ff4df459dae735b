"""Benchmark sphinx-aigloss against plain Sphinx.

Generates one synthetic project per *variant* (the same prose each time) and builds the
variants alternately (A B A B ...), each build a fresh ``python -m sphinx -b html -q``
subprocess, measuring its wall time, CPU time and peak RSS (``os.wait4``). Standard library
and Sphinx only. The package is measured from a copy taken at the start, so edits made to
the working tree during a run do not leak into it.

Variants (``aiglossbench/variants.py``; adding one is a few lines):

  std           Sphinx's own ``.. glossary::`` (the 30 canonical terms with their
                definitions; abbreviation and expansion as two term lines) and ``:term:``.
  aigloss       ``:aiterm:`` (hover cards on, default configuration) and one
                ``.. aigloss:glossary::`` page.
  aigloss-30    aigloss with the glossary page limited to the canonical categories and
                ``aigloss_canonical_url`` set (the data mode's baseline).
  aigloss+data  aigloss-30 plus a generated project data file of --extra-terms terms
                (``aigloss_data_files``); the prose still names only the 30 canonical terms
                and no page lists the extra ones: the same pages as aigloss-30.
  aigloss+data-listed
                aigloss plus that data file, every term listed on the glossary page.
  std+data      std with the extra terms in its ``.. glossary::`` too.
  std+ext       the std project with sphinx_aigloss loaded but unused (its fixed cost);
                not in any mode by default: ``--candidates aigloss,std+ext``.
  plain, autolink, autolink-all, roles-first, report
                the names as plain prose (no roles) with automatic linking off, "first",
                "all"; the links "first" makes written as roles; the unlinked-mention report.
  warn-trivial  plain plus a trivial extension emitting the report variant's warnings (same
                text, file and line, read from its first build): Sphinx's own share of the report.
  aigloss@NAME  the aigloss project built with the package of another folder
                (``--compare-package DIR``), e.g. a scratch copy with a candidate fix.

Modes (``aiglossbench/modes.py``, and a module each for the last three):

  serial        fresh builds, ``-j 1``, std vs aigloss
  parallel      fresh builds, ``-j JOBS`` (default 2), std vs aigloss
  incremental   one full build in place per variant, then per repetition: rewrite one page
                (same text, a trailing newline added or removed) and rebuild; only the
                rebuild is timed; std vs aigloss
  data          fresh serial builds, aigloss-30 vs aigloss+data, plus a micro-benchmark of
                Glossary.suggest (unknown-term suggestions) over the large glossary
  data-incremental
                the incremental mode for aigloss-30 vs aigloss+data
  data-listed   fresh serial builds, std+data vs aigloss+data-listed: listing the extra
                terms, against Sphinx's own glossary of the same entries
  autolink      fresh serial builds of plain prose: automatic linking ("first", "all") on vs off
  autolink-roles, idle, report
                issue 21's ratios: "first" automatic links vs the same links as roles (roles-first),
                std vs std+ext, the unlinked-mention report vs plain prose
  report-floor  plain vs warn-trivial and report: what Sphinx alone spends on the report's warnings
  profile       one build per variant under cProfile (--profile-variants, --profile-build):
                time per build phase, function-call counts (exact, unlike times on a busy
                machine) and the extension's functions by cumulative time; not in ``all``
  browser       the hover-card script in headless Chromium (Playwright, /usr/bin/chromium) on
                a page of --browser-links term links, --reps runs: the script's start-up, the
                first card by keyboard focus, and by hover (pointer in -> the frame that
                paints the card, less the intent delay); not in ``all``
  micro         the glossary core in process on the 30 + --extra-terms terms: normalise,
                lookup, mentions in the pages' prose, suggest, parsing the data file; medians
                per item of --reps runs; not in ``all``

Every reference has the same text and links to the same term in every variant (a ``:term:``
whose text is not a term line of the std glossary is written ``:term:`text <Name>```). The
first build of every variant is checked: no warnings, exactly --refs term links per page.

Examples:

  .venv/bin/python benchmarks/bench.py                         # serial, parallel, incremental
  .venv/bin/python benchmarks/bench.py --mode all,profile --write-results
  .venv/bin/python benchmarks/bench.py --mode serial --pages 1000 --reps 3   # scale run
  .venv/bin/python benchmarks/bench.py --mode data --extra-terms 5000
  .venv/bin/python benchmarks/bench.py --mode profile --profile-build incremental
  .venv/bin/python benchmarks/bench.py --mode browser --reps 9
  .venv/bin/python benchmarks/bench.py --mode micro --reps 9
  .venv/bin/python benchmarks/bench.py --mode serial,incremental --compare-package /tmp/fix
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from .browser import bench_browser
from .micro import bench_micro
from .modes import ALL_MODES, EXTRA_MODES, MODES, run_mode
from .profile import profile_build
from .report import Measured, machine_info, report, write_results
from .runner import BENCHMARKS, PACKAGE, REPO, Mode, Runner, prepare_package
from .suggest import bench_suggest
from .variants import EXTRA_FILE, VARIANTS
from .workload import load_with_extra

DEFAULT_WORKDIR = BENCHMARKS / "_work"
DEFAULT_RESULTS = BENCHMARKS / "RESULTS.md"


def parse_modes(text: str) -> list[str]:
    modes: list[str] = []
    for item in text.split(","):
        item = item.strip()
        chosen = ALL_MODES if item == "all" else (item,)
        for mode in chosen:
            if mode not in (*MODES, *EXTRA_MODES):
                known = ", ".join([*MODES, *EXTRA_MODES, "all"])
                raise argparse.ArgumentTypeError(f"unknown mode {mode!r} (known: {known})")
            if mode not in modes:
                modes.append(mode)
    return modes


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    summary, details = (__doc__ or "").split("\n\n", 1)
    parser = argparse.ArgumentParser(prog="bench.py", description=summary, epilog=details,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", type=parse_modes, default=["serial", "parallel", "incremental"],
                        help="comma-separated modes: serial, parallel, incremental, data, data-incremental, "
                             "data-listed, autolink, autolink-roles, idle, report, report-floor, profile, browser, "
                             "micro, "
                             "or all (= serial, parallel, incremental, data, data-incremental, data-listed); "
                             "default: serial,parallel,incremental")
    parser.add_argument("--pages", type=int, default=300, help="content pages (default 300; try 1000 for scale)")
    parser.add_argument("--refs", type=int, default=50, help="term references per page (default 50)")
    parser.add_argument("--terms-per-page", type=int, default=10,
                        help="distinct terms a page refers to (default 10; 0 = all 30)")
    parser.add_argument("--reps", type=int, default=5, help="timed builds per variant and mode (default 5)")
    parser.add_argument("--jobs", type=int, default=2, help="-j of the parallel mode (default 2)")
    parser.add_argument("--candidates", default="",
                        help="comma-separated variants to compare with std in the serial, parallel and "
                             f"incremental modes instead of aigloss (known: {', '.join(VARIANTS)})")
    parser.add_argument("--extra-terms", type=int, default=5000, help="terms in the data file of the data mode")
    parser.add_argument("--browser-links", type=int, default=2000,
                        help="term links on the page of the browser mode (default 2000)")
    parser.add_argument("--suggest-names", type=int, default=200,
                        help="misspelled names for the suggestion micro-benchmarks (default 200)")
    parser.add_argument("--profile-variants", default="std,aigloss",
                        help="comma-separated variants the profile mode profiles, the first one is the "
                             "reference for call counts (default std,aigloss)")
    parser.add_argument("--profile-build", choices=("fresh", "incremental"), default="fresh",
                        help="what the profile mode profiles: a fresh build (default) or the rebuild after "
                             "one page is rewritten")
    parser.add_argument("--profile-top", type=int, default=25, help="functions listed per profile (default 25)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated prose and data (default 1)")
    parser.add_argument("--workdir", default=str(DEFAULT_WORKDIR),
                        help="where projects and outputs go (default benchmarks/_work, git-ignored)")
    parser.add_argument("--keep", action="store_true", help="keep every output folder")
    parser.add_argument("--write-results", action="store_true",
                        help="also write the report into RESULTS.md (replacing the section of the same name)")
    parser.add_argument("--results", default=str(DEFAULT_RESULTS),
                        help="the results file (default benchmarks/RESULTS.md)")
    parser.add_argument("--section", default="",
                        help="section name in the results file (default: from modes and project size)")
    parser.add_argument("--package-dir", default=str(REPO),
                        help=f"the folder holding the {PACKAGE} package to measure (default: this repository); "
                             "point it at a scratch copy to measure a candidate fix")
    parser.add_argument("--compare-package", action="append", default=[], metavar="DIR",
                        help=f"also build the aigloss project with the {PACKAGE} package of DIR (e.g. a scratch "
                             "copy with a candidate fix), as variant aigloss@NAME-OF-DIR, in the same "
                             "alternation (in the modes against plain prose: each candidate's project, as "
                             "CANDIDATE@NAME-OF-DIR); repeatable")
    parser.set_defaults(extra_candidates=[])
    parser.add_argument("--no-snapshot", action="store_true",
                        help=f"build with the working tree's {PACKAGE} instead of a byte-compiled copy taken at "
                             "the start (edits made during the run would then be measured too, and with "
                             "PYTHONDONTWRITEBYTECODE set its modules are compiled again by every build)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    for folder in args.compare_package:
        # One more variant: the aigloss project built with another copy of the package.
        origin = Path(folder).resolve()
        name = f"aigloss@{origin.name}"
        VARIANTS[name] = replace(VARIANTS["aigloss"], name=name, package_dir=origin,
                                 summary=f"aigloss built with the `{PACKAGE}` of `{origin}`")
        args.extra_candidates.append(name)
    if args.pages < 1 or args.refs < 1 or args.reps < 1 or args.jobs < 1:
        parser.error("--pages, --refs, --reps and --jobs must be at least 1")
    for option in ("candidates", "profile_variants"):
        for name in filter(None, getattr(args, option).split(",")):
            if name not in VARIANTS:
                parser.error(f"unknown variant {name!r} (known: {', '.join(VARIANTS)})")
    return args


def modes_for(args: argparse.Namespace) -> Iterator[Mode]:
    chosen = tuple(filter(None, args.candidates.split(",")))
    for name in args.mode:
        if name in EXTRA_MODES:
            continue
        mode = MODES[name]
        if mode.baseline == "std" and not chosen and mode.candidates != ("aigloss",) and args.compare_package:
            # idle: the std+ext project built with each other package, not the aigloss project
            mode = replace(mode, candidates=(*mode.candidates, *compared(mode.candidates, args.compare_package)))
        elif mode.baseline == "std":
            candidates = (*(chosen or mode.candidates), *args.extra_candidates)
            mode = replace(mode, candidates=tuple(dict.fromkeys(candidates)))
        elif args.compare_package:  # each candidate's project built with the other packages too
            mode = replace(mode, candidates=(*mode.candidates, *compared(mode.candidates, args.compare_package)))
        yield mode


def compared(candidates: Sequence[str], folders: Sequence[str]) -> Iterator[str]:
    """Variants building these candidates' projects with the package of each folder."""
    for folder in folders:
        origin = Path(folder).resolve()
        for candidate in candidates:
            if VARIANTS[candidate].replays:
                continue  # it emits what another build gave: nothing of the package to compare
            name = f"{candidate}@{origin.name}"
            VARIANTS[name] = replace(VARIANTS[candidate], name=name, package_dir=origin,
                                     summary=f"{candidate} built with the `{PACKAGE}` of `{origin}`")
            yield name


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_start = os.getloadavg()
    root = Path(args.workdir).resolve() / f"p{args.pages}-r{args.refs}-t{args.terms_per_page}-s{args.seed}"
    root.mkdir(parents=True, exist_ok=True)
    package = prepare_package(root / "snapshot", not args.no_snapshot, Path(args.package_dir).resolve())
    sys.path.insert(0, str(package.folder))  # the in-process model is the measured one too
    machine = machine_info()  # git state as the package is copied, not when the report is written
    runner = Runner(args, package, root)
    runner.log(f"project in {runner.root}; {PACKAGE} from {package.folder} ({package.digest})")
    measured = Measured([run_mode(runner, mode) for mode in modes_for(args)])
    if "data" in args.mode:
        runner.log("suggestion micro-benchmark")
        big = load_with_extra(runner.source("aigloss+data") / EXTRA_FILE)
        measured.suggest = [
            bench_suggest(runner.ctx.glossary, "canonical", args.suggest_names, args.seed),
            bench_suggest(big, f"canonical + {args.extra_terms} extra", args.suggest_names, args.seed)]
    if "micro" in args.mode:
        measured.micro = bench_micro(runner, args.reps, args.suggest_names)
    if "browser" in args.mode:
        measured.browser = bench_browser(runner, args.reps, args.browser_links)
    if "profile" in args.mode:
        measured.profiles = [profile_build(runner, name, args.profile_build)
                             for name in filter(None, args.profile_variants.split(","))]
    body = report(args, runner, measured, (load_start, os.getloadavg()), time.perf_counter() - started, machine)
    print(body)
    if args.write_results:
        section = args.section or f"{args.pages} pages × {args.refs} refs: {', '.join(args.mode)}"
        command = shlex.join([".venv/bin/python", "benchmarks/bench.py", *(sys.argv[1:] if argv is None else argv)])
        write_results(Path(args.results), section, command, body)
        runner.log(f"wrote {args.results}")
    return 0
