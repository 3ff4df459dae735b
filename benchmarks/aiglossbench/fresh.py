"""Fresh builds, variants alternating: the serial, parallel, data, data-listed and autolink modes.

Each repetition builds every variant once into a new output folder (baseline, candidate,
baseline, …), so a change in the machine's load falls on all of them alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .output import measure_output
from .runner import ModeResult, Runner
from .variants import VARIANTS, file_name


def run_fresh(runner: Runner, result: ModeResult) -> None:
    mode, reps = result.mode, runner.args.reps
    previous: dict[str, Path] = {}
    for rep in range(reps):
        for name, series in result.series.items():
            out = runner.out_dir(f"{mode.name}-{file_name(name)}-{rep}")
            build = runner.build(name, out, result.jobs)
            series.builds.append(build)
            series.sizes = measure_output(out, VARIANTS[name], runner.pages)
            runner.log(f"{mode.name} {rep + 1}/{reps} {name}: {build.wall:.2f} s, {build.maxrss_kib / 1024:.0f} MiB")
            if name in previous and not runner.args.keep:
                shutil.rmtree(previous[name])
            previous[name] = out
