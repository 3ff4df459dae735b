#!/usr/bin/env python3
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
import compileall
import datetime as dt
import importlib
import io
import json
import math
import os
import platform
import random
import re
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PACKAGE = "sphinx_aigloss"
# bench.py of the snapshot (see take_snapshot): its workload generators use the package measured.
bench: Any = None
BENCH_LIB = "aiglossbench"  # the package of bench.py's modules, beside it

DATA_FILE = "terms.toml"
# The builds run under GNU time, which reports their peak RSS. The ru_maxrss that os.wait4 gives
# for a direct child is no good here: Linux carries the parent's high-water mark over fork and
# exec, and this process holds the generated data (over 100 MiB with the large files).
TIME = "/usr/bin/time"
FALLBACK_PAGE = "aigloss-glossary.html"
MEASUREMENTS = ("noop", "growth", "autolink")

# ---------------------------------------------------------------------------------------
# Running one build
# ---------------------------------------------------------------------------------------


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
        with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
            cmd = [TIME, "-f", "%M", "-o", rss.name,
                   sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)]
            start = time.perf_counter()
            # cwd is not the repository: ``python -m`` must import the snapshot, not the working tree.
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=self.snapshot.env(),
                                    cwd=self.snapshot.folder.parent, start_new_session=True)
            pidfd = os.pidfd_open(proc.pid)
            try:
                finished, _, _ = select.select([pidfd], [], [], timeout)
            finally:
                os.close(pidfd)
            if not finished:
                os.killpg(proc.pid, signal.SIGKILL)  # time and the build it started
            # Reaped here: user + system time of time and of the build it reaped.
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
            peak = rss.read().split()
        rss_mib = int(peak[-1]) / 1024 if finished and peak else math.nan
        run = Run(wall, usage.ru_utime + usage.ru_stime, rss_mib, load, timed_out=not finished)
        if run.timed_out:
            self.log(f"  {src.parent.name}: stopped after {timeout:.0f} s")
            return run
        if proc.returncode != 0 or "WARNING" in stderr or "ERROR" in stderr:
            raise SystemExit(f"scale: the build of {src} failed or warned ({proc.returncode}):\n{stderr}")
        self.log(f"  {src.parent.name}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.rss_mib:.0f} MiB, "
                 f"load {load:.1f}")
        return run


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False).stdout.strip()


@dataclass(frozen=True)
class Snapshot:
    """What is measured, copied at the start so that edits made meanwhile do not leak in: the
    package, which the builds import, and bench.py, whose generators use that package."""

    folder: Path  # holds sphinx_aigloss and bench.py
    label: str  # where they come from

    def env(self) -> dict[str, str]:
        path = os.pathsep.join(filter(None, [str(self.folder), os.environ.get("PYTHONPATH", "")]))
        return {**os.environ, "PYTHONPATH": path}


def copy_bench(bench_py: Path, folder: Path) -> None:
    """Copy a bench.py, and the package of its modules beside it if it has one."""
    shutil.copy2(bench_py, folder / "bench.py")
    shutil.rmtree(folder / BENCH_LIB, ignore_errors=True)
    if (bench_py.parent / BENCH_LIB).is_dir():
        shutil.copytree(bench_py.parent / BENCH_LIB, folder / BENCH_LIB,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def take_snapshot(workdir: Path, rev: str, bench_py: str) -> Snapshot:
    """The working tree's package and bench.py, or the ones committed at ``rev``; ``bench_py``
    names another bench.py (one that works with that package)."""
    folder = workdir / "snapshot"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    commit = git("rev-parse", "--short", rev or "HEAD")
    if rev:
        if not commit:
            raise SystemExit(f"scale: unknown revision {rev!r}")
        bench_path, lib_path = "benchmarks/bench.py", f"benchmarks/{BENCH_LIB}"
        # bench.py and, from the revision that split it into a package, that package.
        paths = [bench_path] + ([lib_path] if git("ls-tree", "--name-only", commit, lib_path) else [])
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", commit, PACKAGE, *paths],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        for path in paths:
            (folder / path).rename(folder / Path(path).name)
        label = f"git {commit}"
    else:
        shutil.copytree(REPO / PACKAGE, folder / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        copy_bench(HERE / "bench.py", folder)
        dirty = git("status", "--porcelain", "--", PACKAGE, "benchmarks/bench.py", f"benchmarks/{BENCH_LIB}")
        label = f"working tree at git {commit}" + (" (files modified)" if dirty else "")
    if bench_py:
        copy_bench(Path(bench_py), folder)
        label += f", workloads from {bench_py}"
    # Byte-compiled, as an installed package is, so that no build compiles it again.
    if not compileall.compile_dir(folder / PACKAGE, quiet=1):
        raise SystemExit(f"scale: the {PACKAGE} of {label} does not compile")
    return Snapshot(folder, label)


# ---------------------------------------------------------------------------------------
# Workloads
# ---------------------------------------------------------------------------------------

PAGES, REFS, TERMS_PER_PAGE = 20, 12, 4  # the small project: a few canonical terms per page


def write_files(src: Path, files: dict[str, str]) -> Path:
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def conf(*lines: str) -> str:
    return "\n".join(['project = "aigloss scale"', 'extensions = ["sphinx_aigloss"]', *lines, ""])


def small_project(src: Path, data: str | None, seed: int) -> Path:
    """20 pages with ``:aiterm:`` references, no glossary directive; ``data`` is a data file."""
    pages = bench.make_prose(bench.Spec(PAGES, REFS, TERMS_PER_PAGE, seed), bench.canonical_glossary())
    toctree = "".join(f"   {page.docname}\n" for page in pages)
    files = {"index.rst": bench.heading("Scale project", "=") + ".. toctree::\n\n" + toctree}
    files.update({f"{page.docname}.rst": bench.render_page(page, bench.aigloss_role) for page in pages})
    files["conf.py"] = conf(f"aigloss_data_files = [{DATA_FILE!r}]" if data is not None else "")
    if data is not None:
        files[DATA_FILE] = data
    return write_files(src, files)


# Words of the long name and of the prose around it; none is (part of) a canonical term.
NAME_FIRST = "Adaptive"
NAME_WORDS = ("sparse", "routing", "window", "kernel", "cascade", "gating", "buffer", "shard", "lattice",
              "spectral", "residual", "mixture", "anchor", "horizon", "stride", "ledger", "beacon", "prism")
PROSE = (
    "The team first tried an adaptive schedule on the smaller runs and kept notes on every change.",
    "Each adaptive step was logged so that reviewers could compare it with the fixed baseline.",
    "Nobody expected the adaptive variant to matter much for the interface.",
    "Designers asked whether an adaptive setting should be visible to users at all.",
    "The report describes how the adaptive choice interacts with batch size and warm-up.",
    "In the second week the adaptive approach was switched off for a day to check the logs.",
    "Support staff found the word adaptive confusing when customers asked about it.",
    "A short appendix lists what the adaptive part does and what it leaves alone.",
)


TERM_ID = "scale-term"  # its anchor is aiterm-scale-term, whatever the name


def long_name(words: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join([NAME_FIRST, *(rng.choice(NAME_WORDS) for _ in range(words - 1))])


def autolink_page(name: str, page_words: int, style: str, seed: int) -> str:
    """A page of ``page_words`` words: prose naming the name's first word often, ``name`` once in the middle.

    ``sentences``: paragraphs of six sentences; ``run-on``: the same words with no
    punctuation, one paragraph (no sentence end stops a candidate match: the worst case).
    """
    rng = random.Random(seed)
    sentences: list[str] = []
    count = len(name.split()) + 5  # the sentence naming it
    while count < page_words:
        sentences.append(rng.choice(PROSE))
        count += len(sentences[-1].split())
    half = len(sentences) // 2
    sentences.insert(half, f"{name} is the name under test.")
    if style == "run-on":
        return " ".join(re.sub(r"[^\w\s]", "", s) for s in sentences) + "\n"
    paragraphs = [" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6)]
    return "\n\n".join(paragraphs) + "\n"


def autolink_project(src: Path, name: str, page: str) -> Path:
    data = ('format = 1\n\n[pack]\nid = "scale"\ncategories = ["Scale"]\n\n[[terms]]\n'
            f'name = {json.dumps(name)}\nid = "{TERM_ID}"\ncategory = "Scale"\n'
            'definition = "A made-up term with a very long name. It exists to time automatic linking."\n')
    return write_files(src, {
        "conf.py": conf('aigloss_autolink = "all"', f"aigloss_data_files = [{DATA_FILE!r}]"),
        DATA_FILE: data,
        "index.rst": bench.heading("Scale project", "=") + ".. toctree::\n\n   page\n",
        "page.rst": bench.heading("Notes", "=") + page,
    })


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    runs: list[Run] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)

    def median(self, attr: str) -> float:
        return statistics.median(float(getattr(run, attr)) for run in self.runs)

    @property
    def timed_out(self) -> bool:
        return any(run.timed_out for run in self.runs)

    def time_cell(self, attr: str = "wall") -> str:
        if self.timed_out:  # the run that was stopped says it all
            return f"> {self.runs[-1].wall:.0f} (stopped)" if attr == "wall" else "–"
        values = [getattr(run, attr) for run in self.runs]
        return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"

    def rss_cell(self) -> str:
        return "–" if self.timed_out else f"{self.median('rss_mib'):.0f}"

    def load_cell(self) -> str:
        loads = [run.load for run in self.runs]
        return f"{min(loads):.1f}–{max(loads):.1f}"


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(a: Row, b: Row, attr: str) -> str:
    if a.timed_out and not b.timed_out and attr == "wall":
        return f"> {a.runs[-1].wall / b.median(attr):.0f}× (stopped)"
    if a.timed_out or b.timed_out:
        return "n/a (a run was stopped)"
    return f"{a.median(attr) / b.median(attr):.2f}×"


def entries(page: Path) -> int:
    return page.read_text(encoding="utf-8").count('id="aiterm-')


def html_files(out: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in out.rglob("*.html")}


# ---------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------


def measure_noop(args: argparse.Namespace, builder: Builder, work: Path) -> str:
    glossary = bench.canonical_glossary()
    rows = [Row("shipped pack only"), Row(f"+ data file of {args.noop_terms:,} terms")]
    data: list[str | None] = [None, bench.make_extra_terms(args.noop_terms, glossary, args.seed)]
    projects: list[tuple[Path, Path]] = []
    for row, text in zip(rows, data, strict=True):
        src = small_project(work / f"noop-{len(projects)}" / "src", text, args.seed)
        out = src.parent / "out"
        builder.log(f"noop: fresh build, {row.label}")
        row.notes["fresh"] = f"{builder.build(src, out).wall:.2f}"
        row.notes["entries"] = f"{entries(out / FALLBACK_PAGE):,}"
        projects.append((src, out))
    for rep in range(args.noop_reps):
        for row, (src, out) in zip(rows, projects, strict=True):  # alternating, so load drift hits both
            builder.log(f"noop: rebuild {rep + 1}/{args.noop_reps}, {row.label}")
            before = html_files(out)
            row.runs.append(builder.build(src, out, fresh=False))
            after = html_files(out)
            rewritten = sorted(p.name for p in after if before.get(p) != after[p])
            row.notes["rewritten"] = f"{len(rewritten)} of {len(after)}" + (
                f" ({', '.join(rewritten[:3])}{', …' if len(rewritten) > 3 else ''})" if rewritten else "")
    body = table(
        ("project", "fresh build (s), 1 run", "fallback page entries", "no-op rebuild wall (s), median (min–max)",
         "CPU (s)", "peak RSS (MiB)", "HTML files rewritten by the last rebuild", "load"),
        [(r.label, r.notes["fresh"], r.notes["entries"], r.time_cell(), r.time_cell("cpu"),
          r.rss_cell(), r.notes["rewritten"], r.load_cell()) for r in rows])
    return (f"{body}\n\nNo-op rebuild, data file / shipped pack only: wall {ratio(rows[1], rows[0], 'wall')}, "
            f"CPU {ratio(rows[1], rows[0], 'cpu')}, peak RSS {ratio(rows[1], rows[0], 'rss_mib')} "
            f"({args.noop_reps} rebuilds each).")


def per_1k(before: Row, after: Row, terms: int, attr: str) -> str:
    """What each 1,000 terms more cost between two rows."""
    return f"{(after.median(attr) - before.median(attr)) / terms * 1000:.2f}"


def measure_growth(args: argparse.Namespace, builder: Builder, work: Path) -> str:
    glossary = bench.canonical_glossary()
    sizes = [0, *args.sizes]
    rows = [Row(f"{size:,}") for size in sizes]
    projects = []
    for size, row in zip(sizes, rows, strict=True):
        builder.log(f"growth: generating {size:,} terms")
        text = bench.make_extra_terms(size, glossary, args.seed) if size else None
        src = small_project(work / f"growth-{size}" / "src", text, args.seed)
        row.notes["data"] = f"{len(text.encode()) / 1e6:.1f}" if text else "–"
        projects.append((src, src.parent / "out"))
    for rep in range(args.reps):
        for size, row, (src, out) in zip(sizes, rows, projects, strict=True):
            builder.log(f"growth: fresh build {rep + 1}/{args.reps}, {size:,} terms")
            row.runs.append(builder.build(src, out))
            row.notes["page"] = f"{(out / FALLBACK_PAGE).stat().st_size / 1e6:.1f}"
    cells = []
    for size, row in zip(sizes, rows, strict=True):
        per_k = [per_1k(rows[0], row, size, attr) if size else "–" for attr in ("wall", "cpu", "rss_mib")]
        cells.append((row.label, row.notes["data"], row.time_cell(), row.time_cell("cpu"),
                      row.rss_cell(), row.notes["page"], *per_k, row.load_cell()))
    body = table(("data-file terms", "data file (MB)", "fresh build wall (s), median (min–max)", "CPU (s)",
                  "peak RSS (MiB)", "fallback page (MB)", "wall per 1k terms (s)", "CPU per 1k terms (s)",
                  "RSS per 1k terms (MiB)", "load"), cells)
    steps = [(f"{sizes[i]:,} → {sizes[i + 1]:,}",
              *(per_1k(rows[i], rows[i + 1], sizes[i + 1] - sizes[i], attr) for attr in ("wall", "cpu", "rss_mib")))
             for i in range(len(sizes) - 1)]
    step_table = table(("step", "wall per 1k more terms (s)", "CPU per 1k more terms (s)",
                        "RSS per 1k more terms (MiB)"), steps)
    return (f"{body}\n\n\"Per 1k terms\" is the cost over the shipped-pack-only build divided by the data "
            f"file's size; linear growth keeps it, and the cost of each step below, constant.\n\n{step_table}")


def measure_autolink(args: argparse.Namespace, builder: Builder, work: Path) -> str:
    sections = []
    for style in args.prose:
        names = {n: long_name(n, args.seed) for n in (args.short_name, args.long_name)}
        # The page holds the long name once; the short name is its first words, so the page is the same.
        page = autolink_page(names[args.long_name], args.page_words, style, args.seed)
        rows = []
        for words, name in names.items():
            src = autolink_project(work / f"autolink-{style}-{words}" / "src", name, page)
            rows.append((Row(f"{words:,} words"), src))
        for rep in range(args.reps):
            for row, src in rows:
                if row.timed_out:
                    continue  # one stopped run says enough; do not spend another timeout on it
                builder.log(f"autolink ({style}): fresh build {rep + 1}/{args.reps}, name of {row.label}")
                row.runs.append(builder.build(src, src.parent / "out", timeout=args.timeout))
                if not row.timed_out:
                    html = (src.parent / "out" / "page.html").read_text(encoding="utf-8")
                    row.notes["links"] = str(len(re.findall(f'href="[^"]*#aiterm-{TERM_ID}"', html)))
        words = len(page.split())
        mentions = len(re.findall(rf"\b{NAME_FIRST}\b", page, re.I))
        body = table(("term name", "fresh build wall (s), median (min–max)", "CPU (s)", "peak RSS (MiB)",
                      "links to the term on the page", "runs", "load"),
                     [(r.label, r.time_cell(), r.time_cell("cpu"), r.rss_cell(),
                       r.notes.get("links", "–"), str(len(r.runs)), r.load_cell()) for r, _src in rows])
        long_row, short_row = rows[1][0], rows[0][0]
        sections.append(
            f"Prose: {style} — {words:,} words on the page (the long name's {args.long_name:,} included), "
            f"{mentions} occurrences of its first word.\n\n{body}\n\n"
            f"{args.long_name:,}-word name / {args.short_name}-word name: wall {ratio(long_row, short_row, 'wall')}, "
            f"CPU {ratio(long_row, short_row, 'cpu')}, peak RSS {ratio(long_row, short_row, 'rss_mib')}.")
    return "\n\n".join(sections)


MEASURE = {"noop": measure_noop, "growth": measure_growth, "autolink": measure_autolink}
TITLES = {"noop": "No-op rebuild with a large data file", "growth": "Fresh build vs. number of terms",
          "autolink": "Automatic linking with a very long name"}

# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------


def context(label: str) -> list[str]:
    import docutils
    import sphinx

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    return [f"- {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; sphinx-aigloss from {label}",
            f"- Python {platform.python_version()}, Sphinx {sphinx.__version__}, docutils {docutils.__version__}",
            f"- {os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}; "
            "shared with other work: see the load column (1-minute load average before each run)"]


def write_section(path: Path, section: str, body: str) -> None:
    """Replace the section of this name in ``path`` (or add it at the end)."""
    start, end = f"<!-- scale:{section}:start -->", f"<!-- scale:{section}:end -->"
    block = f"{start}\n## {section}\n\n{body}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Scale benchmark results\n"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else f"{text.rstrip()}\n\n{block}"
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


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
    parser.add_argument("--workdir", default=str(HERE / "_work" / "scale"),
                        help="where projects and outputs go (default benchmarks/_work/scale, git-ignored)")
    parser.add_argument("--write", action="store_true", help="also write the report into --results")
    parser.add_argument("--results", default=str(HERE / "SCALE.md"), help="default benchmarks/SCALE.md")
    parser.add_argument("--section", default="", help="section name in the results file (default: from the run)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    args.only = [m for m in args.only.split(",") if m]
    unknown = (set(args.only) - set(MEASUREMENTS)) | (set(args.prose) - {"sentences", "run-on"})
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
            print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    snapshot = take_snapshot(work, args.rev, args.bench_py)
    global bench
    sys.path.insert(0, str(snapshot.folder))
    bench = importlib.import_module("bench")
    builder = Builder(snapshot, log)
    command = shlex.join([".venv/bin/python", "benchmarks/scale.py", *(sys.argv[1:] if argv is None else argv)])
    out = [*context(snapshot.label), f"- command: `{command}`",
           f"- load average at the start: {os.getloadavg()[0]:.2f}"]
    for name in args.only:
        out += ["", f"### {TITLES[name]}", "", MEASURE[name](args, builder, work)]
    out += ["", f"Load average at the end: {os.getloadavg()[0]:.2f}."]
    body = "\n".join(out)
    print(body)
    if args.write:
        section = args.section or f"{', '.join(args.only)} — {snapshot.label}{' (quick)' if args.quick else ''}"
        write_section(Path(args.results), section, body)
        log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
