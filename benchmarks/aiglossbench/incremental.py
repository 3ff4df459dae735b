"""Rebuilds in place, variants alternating: the incremental and data-incremental modes.

One untimed full build per variant, then per repetition and variant: rewrite the middle page
(the same text, a trailing newline added or removed) and rebuild; only the rebuild is timed,
and it must write that page again without warnings.
"""

from __future__ import annotations

from .output import measure_output
from .runner import ModeResult, Runner
from .variants import VARIANTS, file_name


def run_incremental(runner: Runner, result: ModeResult) -> None:
    mode, reps, touched = result.mode, runner.args.reps, runner.touched
    outs = {name: runner.out_dir(f"{mode.name}-{file_name(name)}") for name in result.series}
    for name, out in outs.items():
        runner.build(name, out, result.jobs)
    for rep in range(reps):
        for name, series in result.series.items():
            out = outs[name]
            before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
            runner.touch(name, touched)
            build = runner.build(name, out, result.jobs, fresh=False)
            if build.problems:
                raise SystemExit(f"bench: incremental {name}: warnings:\n" + "\n".join(build.problems[:10]))
            written = [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime]
            if out / f"{touched}.html" not in written:
                raise SystemExit(f"bench: incremental {name}: {touched}.html was not written again")
            series.builds.append(build)
            series.written.append(len(written))
            runner.log(f"{mode.name} {rep + 1}/{reps} {name}: {build.wall:.2f} s, "
                       f"{build.maxrss_kib / 1024:.0f} MiB, {len(written)} page(s) written")
    for name, out in outs.items():
        result.series[name].sizes = measure_output(out, VARIANTS[name], runner.pages)
