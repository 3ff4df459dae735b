"""The build comparisons: which variants each mode compares, and how a mode is run.

The modes that are not build comparisons (``EXTRA_MODES`` and the micro-benchmarks) have a
module each and are called by the command line directly.
"""

from __future__ import annotations

from collections.abc import Callable

from .fresh import run_fresh
from .incremental import run_incremental
from .runner import Mode, ModeResult, Runner, Series

MODES = {m.name: m for m in (
    Mode("serial", "fresh", 1, "std", ("aigloss",), "fresh build, `-j 1`"),
    Mode("parallel", "fresh", 0, "std", ("aigloss",), "fresh build, `-j {jobs}`"),
    Mode("incremental", "incremental", 1, "std", ("aigloss",),
         "rebuild in place after rewriting one page, `-j 1`"),
    Mode("data", "fresh", 1, "aigloss-30", ("aigloss+data",),
         "fresh build, `-j 1`, {extra} extra terms loaded but not listed: same pages"),
    Mode("data-incremental", "incremental", 1, "aigloss-30", ("aigloss+data",),
         "rebuild in place after rewriting one page, `-j 1`, {extra} extra terms loaded but not listed"),
    Mode("data-listed", "fresh", 1, "std+data", ("aigloss+data-listed",),
         "fresh build, `-j 1`, {extra} extra terms listed on the glossary page, aigloss vs std"),
    Mode("autolink", "fresh", 1, "plain", ("autolink", "autolink-all"),
         "fresh build, `-j 1`, plain prose: automatic linking on vs off"),
    # Issue 21's three ratios: automatic links vs the same links written as roles, the
    # extension loaded but unused, the unlinked-mention report.
    Mode("autolink-roles", "fresh", 1, "roles-first", ("autolink",),
         "fresh build, `-j 1`: automatic linking (\"first\") vs the same links written as `:aiterm:`"),
    Mode("idle", "fresh", 1, "std", ("std+ext",), "fresh build, `-j 1`: sphinx_aigloss loaded, no term used"),
    Mode("report", "fresh", 1, "plain", ("report",),
         "fresh build, `-j 1`, plain prose: the unlinked-mention report on vs off"),
    Mode("terms", "fresh", 1, "plain", ("terms",),
         "fresh build, `-j 1`, plain prose: the abbreviation and variant reports (issue 22) on vs off"),
    # What of the report's cost is Sphinx's own: the same warnings from a trivial extension.
    Mode("report-floor", "fresh", 1, "plain", ("warn-trivial", "report"),
         "fresh build, `-j 1`, plain prose: the report's warnings emitted by a trivial extension, and the report"),
)}
ALL_MODES = ("serial", "parallel", "incremental", "data", "data-incremental", "data-listed")
EXTRA_MODES = ("micro", "profile", "browser")  # not build comparisons; not in "all"

KINDS: dict[str, Callable[[Runner, ModeResult], None]] = {"fresh": run_fresh, "incremental": run_incremental}


def run_mode(runner: Runner, mode: Mode) -> ModeResult:
    """Check every variant of the mode once, then run its timed, alternating builds."""
    names = [mode.baseline, *mode.candidates]
    for name in names:
        runner.first_build(name)
    result = ModeResult(mode, mode.jobs or runner.args.jobs, {name: Series() for name in names})
    KINDS[mode.kind](runner, result)
    return result
