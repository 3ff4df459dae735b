"""What a scale run measures, copied at its start so that edits made meanwhile do not leak in:
the package, which the builds import, and ``bench.py`` with its ``aiglossbench`` package,
whose generators (using that package) make the workloads."""

from __future__ import annotations

import importlib
import io
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..machine import git
from ..runner import PACKAGE, REPO, Package, prepare_package

LIB = "aiglossbench"  # the package of bench.py's modules, beside it (this one, in the working tree)


@dataclass(frozen=True)
class Snapshot:
    package: Package  # its folder holds sphinx_aigloss, bench.py and aiglossbench
    label: str  # where they come from

    @property
    def folder(self) -> Path:
        return self.package.folder


def copy_bench(bench_py: Path, folder: Path) -> None:
    """Copy a bench.py, and the package of its modules beside it if it has one."""
    shutil.copy2(bench_py, folder / "bench.py")
    shutil.rmtree(folder / LIB, ignore_errors=True)
    if (bench_py.parent / LIB).is_dir():
        shutil.copytree(bench_py.parent / LIB, folder / LIB, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def extract(commit: str, folder: Path) -> Path:
    """The package and bench.py committed at ``commit`` (and aiglossbench from the revision
    that split bench.py into it), written below ``folder`` as in the repository."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    lib = f"benchmarks/{LIB}"
    paths = ["benchmarks/bench.py"] + ([lib] if git("ls-tree", "--name-only", commit, lib) else [])
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", commit, PACKAGE, *paths],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def take_snapshot(workdir: Path, rev: str, bench_py: str) -> Snapshot:
    """The working tree's package and bench.py, or the ones committed at ``rev``; ``bench_py``
    names another bench.py (one that works with that package)."""
    commit = git("rev-parse", "--short", rev or "HEAD")
    if rev:
        if not commit:
            raise SystemExit(f"scale: unknown revision {rev!r}")
        origin = extract(commit, workdir / "revision")
        label = f"git {commit}"
    else:
        origin = REPO
        dirty = git("status", "--porcelain", "--", PACKAGE, "benchmarks/bench.py", f"benchmarks/{LIB}")
        label = f"working tree at git {commit}" + (" (files modified)" if dirty else "")
    # Byte-compiled, as an installed package is, so that no build compiles it again.
    package = prepare_package(workdir / "snapshot", True, origin)
    copy_bench(origin / "benchmarks" / "bench.py", package.folder)
    if rev:
        shutil.rmtree(origin)
    if bench_py:
        copy_bench(Path(bench_py), package.folder)
        label += f", workloads from {bench_py}"
    return Snapshot(package, label)


def import_workloads(snapshot: Snapshot) -> ModuleType:
    """The snapshot's bench.py, imported with the snapshot's aiglossbench, not the one this
    code runs from (whose modules are set aside meanwhile and then put back). The snapshot's
    folder stays first on sys.path, so the generators import the snapshot's package too."""
    ours = {name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] == LIB}
    sys.path.insert(0, str(snapshot.folder))
    try:
        return importlib.import_module("bench")
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == LIB]:
            del sys.modules[name]
        sys.modules.update(ours)
