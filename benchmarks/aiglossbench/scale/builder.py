"""One build of a scale project: ``aiglossbench.runner``'s timed subprocess, under GNU ``time``
for its peak memory, with the load before it and an optional timeout."""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..runner import run_measured, sphinx_command
from .snapshot import Snapshot

# GNU time reports the build's peak RSS. The ru_maxrss that os.wait4 gives for a direct child
# is no good here: Linux carries the parent's high-water mark over fork and exec, and this
# process holds the generated data (over 100 MiB with the large files).
TIME = "/usr/bin/time"


@dataclass
class Run:
    wall: float  # seconds, or the timeout when stopped
    cpu: float  # user + system seconds
    rss_mib: float  # peak resident set
    load: float  # 1-minute load average just before the run
    timed_out: bool = False


@dataclass
class Builder:
    snapshot: Snapshot
    log: Callable[[str], None]

    def build(self, src: Path, out: Path, *, fresh: bool = True, timeout: float | None = None) -> Run:
        """One ``sphinx -b html -q`` in a child process; stopped after ``timeout`` seconds if given."""
        if fresh and out.exists():
            shutil.rmtree(out)
        load = os.getloadavg()[0]
        with tempfile.NamedTemporaryFile("r") as rss:
            cmd = [TIME, "-f", "%M", "-o", rss.name, *sphinx_command(src, out, 1)]
            # CPU time: of time and of the build it reaped.
            build = run_measured(cmd, self.snapshot.package, timeout)
            peak = rss.read().split()
        rss_mib = int(peak[-1]) / 1024 if not build.timed_out and peak else math.nan
        run = Run(build.wall, build.cpu, rss_mib, load, timed_out=build.timed_out)
        if run.timed_out:
            self.log(f"  {src.parent.name}: stopped after {timeout:.0f} s")
            return run
        if build.returncode != 0 or build.problems:
            raise SystemExit(f"scale: the build of {src} failed or warned ({build.returncode}):\n{build.stderr}")
        self.log(f"  {src.parent.name}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.rss_mib:.0f} MiB, "
                 f"load {load:.1f}")
        return run
