"""The profile mode: one serial build per variant under cProfile, by build phase and by function.

Profiled times are inflated by the profiler and by the machine's load; the function-call
counts are exact, so they compare variants even on a busy machine.
"""

from __future__ import annotations

import pstats
import shlex
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .runner import Runner, run_measured
from .variants import file_name

#: Phases of a build, as (file suffix, function) of the Sphinx function that runs each.
PHASES = (
    ("load the saved environment (incremental builds)", "sphinx/application.py", "_load_existing_env"),
    ("read sources", "sphinx/builders/__init__.py", "read"),
    ("write pages", "sphinx/builders/__init__.py", "write"),
    ("… post-transforms (incl. resolving references)", "sphinx/environment/__init__.py", "apply_post_transforms"),
    ("… HTML translation", "sphinx/builders/html/__init__.py", "write_doc"),
    ("… search index", "sphinx/builders/html/__init__.py", "index_page"),
    ("finish (indices, inventory, static files)", "sphinx/builders/html/__init__.py", "finish"),
)


@dataclass
class Profile:
    variant: str
    kind: str  # "fresh" or "incremental"
    path: Path
    wall: float
    total: float  # profiled seconds
    calls: int  # function calls, a load-independent measure of work
    phases: dict[str, float]
    rows: list[tuple[float, float, int, int, str]]  # extension functions: cumtime, tottime, calls, primitive, label


def profile_build(runner: Runner, name: str, kind: str = "fresh") -> Profile:
    """cProfile one serial build of a variant: a fresh one, or an incremental rebuild after touching a page."""
    src = runner.source(name)
    out = runner.out_dir(f"profile-{kind}-{file_name(name)}")
    prof = runner.root / f"profile-{kind}-{file_name(name)}.prof"
    if out.exists():
        shutil.rmtree(out)
    if kind == "incremental":
        runner.build(name, out, 1)
        runner.touch(name, runner.touched)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "sphinx", "-b", "html", "-q", str(src), str(out)]
    runner.log(f"profiling {name}: {shlex.join(cmd)}")
    build = run_measured(cmd, runner.package_for(name))
    if build.returncode != 0:
        raise SystemExit(f"bench: profiled build failed:\n{build.stderr}")
    stats = pstats.Stats(str(prof))
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    phases = dict.fromkeys((label for label, _f, _n in PHASES), 0.0)
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, _callers) in raw.items():
        for label, suffix, function in PHASES:
            if func == function and filename.endswith(suffix):
                phases[label] += ct
        if "sphinx_aigloss" in filename:
            rows.append((ct, tt, nc, cc, f"{Path(filename).stem}.py:{line} `{func}`"))
    rows.sort(reverse=True)
    total: float = stats.total_tt  # type: ignore[attr-defined]
    calls: int = stats.total_calls  # type: ignore[attr-defined]
    return Profile(name, kind, prof, build.wall, total, calls, phases, rows)


def profiles_report(profiles: Sequence[Profile], top: int) -> str:
    names = " | ".join(f"`{p.variant}`" for p in profiles)
    what = ("One serial fresh build" if profiles[0].kind == "fresh" else
            "One serial incremental rebuild (after a full build, one page rewritten)")
    lines = [f"{what} per variant under `python -m cProfile -o FILE -m sphinx -b html -q SRC OUT`. "
             "Profiled times are inflated by the profiler and by the machine's load; the function-call counts "
             "are exact and do not depend on load.", "",
             f"| cumulative seconds | {names} |", "| --- |" + " ---: |" * len(profiles),
             "| wall (under the profiler) | " + " | ".join(f"{p.wall:.1f}" for p in profiles) + " |",
             "| profiled total | " + " | ".join(f"{p.total:.1f}" for p in profiles) + " |"]
    for label, _suffix, _function in PHASES:
        lines.append(f"| {label} | " + " | ".join(f"{p.phases[label]:.1f}" for p in profiles) + " |")
    lines.append("| function calls (millions) | " + " | ".join(f"{p.calls / 1e6:.2f}" for p in profiles) + " |")
    if len(profiles) > 1:
        base = profiles[0]
        lines.append(f"| function calls / `{base.variant}` | "
                     + " | ".join(f"{p.calls / base.calls:.3f}" for p in profiles) + " |")
    for prof in profiles:
        if not prof.rows:
            continue
        lines += ["", f"Functions of `sphinx_aigloss` in the `{prof.variant}` build by cumulative time "
                  f"(top {top}; profile saved as `{prof.path.name}` in the work folder):", "",
                  "| function | calls | own time (s) | cumulative (s) | share of profiled total |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for ct, tt, nc, cc, label in prof.rows[:top]:
            calls = f"{nc}" if nc == cc else f"{nc}/{cc}"
            lines.append(f"| {label} | {calls} | {tt:.3f} | {ct:.3f} | {ct / prof.total:.1%} |")
    return "\n".join(lines)
