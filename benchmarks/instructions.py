#!/usr/bin/env python3
"""Instructions a build executes, counted by Valgrind: a measure the machine's load cannot move.

CPU times of two builds differ by several per cent on a shared machine; the instructions
Valgrind's cachegrind counts (``--cache-sim=no``, "I refs") differ by under 0.1 % between
two runs of the same build (``PYTHONHASHSEED=0``), so a cut of 0.3 % shows. Each build is
``python -m sphinx -b html`` on a fresh output folder, run once natively first (byte-compiled
modules are then not counted), then under Valgrind, with a garbage-collector count beside it
(full collections walk the whole heap: they cost more time per instruction than the rest).

Two page counts split a variant's extra instructions over ``std`` into a fixed part and a
part per page. Valgrind slows a build ~30×: 40 pages take ~1.5 min, 120 pages ~4 min.

Examples:

  .venv/bin/python benchmarks/instructions.py                       # std vs std+ext, 40 and 120 pages
  .venv/bin/python benchmarks/instructions.py --pages 40 --compare-package /tmp/main-copy
  .venv/bin/python benchmarks/instructions.py --pages 300 --variants plain,warn-trivial,report
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from aiglossbench.runner import REPO, Package, parsed_warnings, prepare_package, sphinx_build
from aiglossbench.variants import VARIANTS, Context, file_name, write_project
from aiglossbench.workload import Spec, canonical_glossary, make_prose

#: Runs Sphinx, then prints the garbage collector's collections per generation.
DRIVER = """
import gc, sys
from sphinx.cmd.build import main
status = main(["-b", "html", "-q", *sys.argv[1:]])
print("gc-collections", *(s["collections"] for s in gc.get_stats()), file=sys.stderr)
sys.exit(status)
"""
REFS = re.compile(r"I\s+refs:\s+([\d,]+)")
COLLECTIONS = re.compile(r"gc-collections (\d+) (\d+) (\d+)")


def build(src: Path, out: Path, package: Package, valgrind: bool) -> tuple[int | None, tuple[int, ...]]:
    """Instructions (under Valgrind) and garbage collections of one fresh build."""
    if out.exists():
        shutil.rmtree(out)
    env = {**package.env(), "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-c", DRIVER, str(src), str(out)]
    if valgrind:
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *cmd]
    done = subprocess.run(cmd, env=env, cwd=package.folder.parent, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"instructions: build of {src} failed:\n{done.stderr}")
    refs = REFS.search(done.stderr)
    gc_found = COLLECTIONS.search(done.stderr)
    return (int(refs[1].replace(",", "")) if refs else None,
            tuple(map(int, gc_found.groups())) if gc_found else ())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="40,120", help="comma-separated page counts (default 40,120)")
    parser.add_argument("--variants", default="std,std+ext", help="the first is the baseline (default std,std+ext)")
    parser.add_argument("--compare-package", action="append", default=[], metavar="DIR",
                        help="also build the candidates with the sphinx_aigloss of DIR; repeatable")
    parser.add_argument("--workdir", default="", help="where projects go (default: a temporary folder)")
    args = parser.parse_args(argv)
    if not shutil.which("valgrind"):
        raise SystemExit("instructions: valgrind is not installed")
    with (contextlib.nullcontext(args.workdir) if args.workdir
          else tempfile.TemporaryDirectory(prefix="aigloss-instructions-")) as folder:
        return measure(args, Path(folder).resolve())


def measure(args: argparse.Namespace, root: Path) -> int:
    """Build each variant and print its instructions (the table, then fixed + per-page costs)."""
    names = args.variants.split(",")
    packages = {"this": prepare_package(root / "snapshot", True, REPO)}
    for folder in args.compare_package:
        packages[Path(folder).name] = prepare_package(root / f"snapshot-{Path(folder).name}", True, Path(folder))
    counts: dict[tuple[str, str, int], int] = {}
    print(f"load {os.getloadavg()[0]:.1f}; baseline {names[0]}\n")
    print("| pages | variant | package | instructions | / baseline | gc collections (gen 0, 1, 2) |")
    print("| ---: | --- | --- | ---: | ---: | --- |")
    for pages in map(int, args.pages.split(",")):
        spec = Spec(pages, 50, 10, 1)
        ctx = Context(spec, canonical_glossary(), 0)
        prose = make_prose(spec, ctx.glossary)
        for name in names:
            replayed = VARIANTS[name].replays
            if replayed and replayed not in ctx.warnings:  # ("warn-trivial" emits the report's warnings)
                source = write_project(VARIANTS[replayed], ctx, prose, root / f"p{pages}")
                first = sphinx_build(source, root / "out" / f"warnings-{file_name(replayed)}", 1, packages["this"])
                ctx.warnings[replayed] = parsed_warnings(first.stderr, source)
            src = write_project(VARIANTS[name], ctx, prose, root / f"p{pages}")
            for label, package in packages.items() if name != names[0] else [("this", packages["this"])]:
                out = root / "out" / f"{file_name(name)}-{label}"
                build(src, out, package, valgrind=False)  # compiles what the first import compiles
                refs, collections = build(src, out, package, valgrind=True)
                assert refs is not None, "valgrind printed no instruction count"
                counts[(name, label, pages)] = refs
                ratio = refs / counts[(names[0], "this", pages)]
                print(f"| {pages} | {name} | {label} | {refs:,} | {ratio:.4f} | {collections} |", flush=True)
    sizes = sorted(map(int, args.pages.split(",")))
    if len(sizes) >= 2:
        low, high = sizes[0], sizes[-1]
        print(f"\nExtra over {names[0]}, split into fixed + per page ({low} and {high} pages):\n")
        for (name, label, pages), refs in counts.items():
            if pages != high or name == names[0]:
                continue
            extra_high = refs - counts[(names[0], "this", high)]
            extra_low = counts[(name, label, low)] - counts[(names[0], "this", low)]
            per_page = (extra_high - extra_low) / (high - low)
            print(f"- {name} ({label}): fixed {(extra_low - per_page * low) / 1e6:,.0f} M, "
                  f"per page {per_page / 1e6:,.2f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
