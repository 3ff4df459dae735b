"""The shared runner: one build of one variant in its own process, timed; the per-run state.

Each build is a fresh ``python -m sphinx -b html -q`` subprocess; its wall time runs from
just before the fork to the reaping, its CPU time and peak RSS come from ``os.wait4`` (the
child and the workers it reaped). The package is built from a byte-compiled copy taken at
the start, so edits made to the working tree during a run do not leak into it.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .output import Sizes, check_first_build, measure_output
from .variants import VARIANTS, Context, file_name, write_project
from .workload import Spec, canonical_glossary, make_prose

BENCHMARKS = Path(__file__).resolve().parent.parent
REPO = BENCHMARKS.parent
PACKAGE = "sphinx_aigloss"


@dataclass
class Build:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the descendants it reaped
    maxrss_kib: int  # largest resident set of the process or any descendant it reaped
    returncode: int
    stderr: str
    timed_out: bool = False  # stopped after the timeout given to run_measured

    @property
    def problems(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if "WARNING" in line or "ERROR" in line]


@dataclass(frozen=True)
class Package:
    """Where the builds import sphinx_aigloss from (a snapshot, so edits made during a run do not leak in)."""

    folder: Path  # holds the sphinx_aigloss package
    digest: str
    snapshot: bool

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(self.folder), env.get("PYTHONPATH", "")]))
        return env


def package_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def prepare_package(folder: Path, snapshot: bool, origin: Path = REPO) -> Package:
    """The package of ``origin``, copied into ``folder`` unless ``snapshot`` is false."""
    source = origin / PACKAGE
    if not (source / "__init__.py").is_file():
        raise SystemExit(f"bench: no {PACKAGE} package in {origin}")
    if not snapshot:
        return Package(origin, package_digest(source), False)
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source, folder / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # Byte-compile the copy as an installed package is: otherwise, with PYTHONDONTWRITEBYTECODE
    # set (as it may be in CI and containers), every build would compile its modules again.
    if not compileall.compile_dir(folder / PACKAGE, quiet=1):
        raise SystemExit(f"bench: {PACKAGE} in {origin} does not compile")
    return Package(folder, package_digest(folder / PACKAGE), True)


def sphinx_command(src: Path, out: Path, jobs: int) -> list[str]:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q"]
    if jobs > 1:
        cmd += ["-j", str(jobs)]
    return [*cmd, str(src), str(out)]


def run_measured(cmd: Sequence[str], package: Package, timeout: float | None = None) -> Build:
    """Run one command; wall time from just before the fork to the reaping, rusage of the child.

    The working directory is the package's folder's parent, never the repository, so that
    ``python -m`` cannot import the working tree's package instead of the snapshot. With a
    ``timeout``, the command and everything it started are killed when it runs longer.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # A session of its own when it may be stopped, so that the kill reaches its children.
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=package.env(),
                                cwd=package.folder.parent, start_new_session=timeout is not None)
        finished = timeout is None or exits_within(proc.pid, timeout)
        if not finished:
            os.killpg(proc.pid, signal.SIGKILL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode, stderr,
                 timed_out=not finished)


def exits_within(pid: int, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for a child to exit, without reaping it."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
    finally:
        os.close(pidfd)
    return bool(ready)


def sphinx_build(src: Path, out: Path, jobs: int, package: Package, *, fresh: bool = True) -> Build:
    if fresh and out.exists():
        shutil.rmtree(out)
    build = run_measured(sphinx_command(src, out, jobs), package)
    if build.returncode != 0:
        raise SystemExit(f"bench: sphinx failed ({build.returncode}) on {src}:\n{build.stderr}")
    return build


WARNING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*?)(?: \[[\w.]+\])?$")


def parsed_warnings(stderr: str, src: Path) -> list[tuple[str, int, str]]:
    """A build's warnings at a line of one of its pages: (docname, line, message), in order."""
    out = []
    for found in map(WARNING_LINE.match, stderr.splitlines()):
        if found:
            path = Path(found["path"])
            docname = path.relative_to(src).with_suffix("").as_posix() if path.is_relative_to(src) else str(path)
            out.append((docname, int(found["line"]), found["message"]))
    return out


def progress(message: str) -> None:
    """A progress line on stderr, with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Series:
    """The timed builds of one variant in one mode."""

    builds: list[Build] = field(default_factory=list)
    sizes: Sizes | None = None
    written: list[int] = field(default_factory=list)  # incremental: HTML files rewritten per rebuild

    @property
    def walls(self) -> list[float]:
        return [b.wall for b in self.builds]

    @property
    def cpus(self) -> list[float]:
        return [b.cpu for b in self.builds]

    @property
    def rss_mib(self) -> list[float]:
        return [b.maxrss_kib / 1024 for b in self.builds]


@dataclass(frozen=True)
class Mode:
    """A comparison of variants: the baseline, the candidates, fresh builds or rebuilds."""

    name: str
    kind: str  # "fresh" or "incremental"
    jobs: int  # 0: the --jobs option
    baseline: str
    candidates: tuple[str, ...]
    description: str  # for the report; {jobs} and {extra} are filled in


@dataclass
class ModeResult:
    mode: Mode
    jobs: int
    series: dict[str, Series]  # by variant, the baseline first


class Runner:
    """The state of one run: the prose, the variants' source folders, the packages built with."""

    def __init__(self, args: argparse.Namespace, package: Package, root: Path) -> None:
        self.args = args
        self.package = package
        self.packages: dict[str, Package] = {}
        self.spec = Spec(args.pages, args.refs, args.terms_per_page, args.seed)
        self.ctx = Context(self.spec, canonical_glossary(), args.extra_terms)
        self.pages = make_prose(self.spec, self.ctx.glossary)
        self.root = root
        self.sources: dict[str, Path] = {}
        self.checked: set[str] = set()

    def log(self, message: str) -> None:
        if not self.args.quiet:
            progress(message)

    def package_for(self, name: str) -> Package:
        """The package a variant's builds import: the measured one, or the variant's own copy."""
        folder = VARIANTS[name].package_dir
        if folder is None:
            return self.package
        if name not in self.packages:
            self.packages[name] = prepare_package(self.root / f"snapshot-{file_name(name)}", True, folder)
        return self.packages[name]

    def source(self, name: str) -> Path:
        if name not in self.sources:
            replays = VARIANTS[name].replays
            if replays:  # the warnings it emits again come from that variant's first build
                self.first_build(replays)
            self.sources[name] = write_project(VARIANTS[name], self.ctx, self.pages, self.root)
        return self.sources[name]

    def out_dir(self, label: str) -> Path:
        return self.root / "out" / label

    def build(self, name: str, out: Path, jobs: int, *, fresh: bool = True) -> Build:
        """Build a variant's project into ``out`` with its package."""
        return sphinx_build(self.source(name), out, jobs, self.package_for(name), fresh=fresh)

    def first_build(self, name: str) -> None:
        """Build once untimed (warm caches) and check that the variant is what it claims to be."""
        if name in self.checked:
            return
        out = self.out_dir(f"check-{file_name(name)}")
        build = self.build(name, out, 1)
        variant = VARIANTS[name]
        check_first_build(variant, build, measure_output(out, variant, self.pages), self.spec)
        self.ctx.warnings[name] = warnings = parsed_warnings(build.stderr, self.source(name))
        replayed = self.ctx.warnings.get(variant.replays, [])
        if variant.replays and warnings != replayed:
            raise SystemExit(f"bench: variant {name} gave {len(warnings)} warning(s), not the {len(replayed)} "
                             f"of {variant.replays} it replays")
        self.checked.add(name)
        found = f"{len(warnings)} warnings" if variant.warns else "no warnings"
        self.log(f"checked {name}: {found}, {self.spec.refs} term links per page ({build.wall:.1f} s)")
        if not self.args.keep:
            shutil.rmtree(out)

    @property
    def touched(self) -> str:
        """The page the incremental builds rewrite: the middle one."""
        return self.pages[len(self.pages) // 2].docname

    def touch(self, name: str, docname: str) -> None:
        """Rewrite a page with the same text, a trailing newline added or removed."""
        path = self.source(name) / f"{docname}.rst"
        text = path.read_text(encoding="utf-8")
        path.write_text(text[:-1] if text.endswith("\n\n") else text + "\n", encoding="utf-8")
