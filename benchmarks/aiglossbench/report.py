"""The report: Markdown tables of builds and ratios, the added HTML per page, the machine and
the run, and the results file (``RESULTS.md``) whose sections a run replaces.

Ratios are candidate over baseline: of medians, and paired per repetition (the builds of one
repetition ran next to each other, under about the same load).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .browser import BrowserResult, browser_table
from .machine import cpu_model, git
from .micro import MicroResult, micro_table
from .output import GZIP_LEVEL, Sizes
from .profile import Profile, profiles_report
from .runner import PACKAGE, REPO, ModeResult, Runner, package_digest
from .suggest import SuggestResult, suggest_table
from .variants import VARIANTS

# Targets from the issues: candidate / baseline ratios of medians.
TIME_TARGETS = {"serial": 1.05, "parallel": 1.05, "incremental": 1.10, "data": 1.05, "data-incremental": 1.05}
# Issue 21's targets: CPU time, paired runs (candidate / baseline).
CPU_TARGETS = {("autolink-roles", "autolink"): 1.10, ("idle", "std+ext"): 1.02, ("report", "report"): 1.05,
               ("report-floor", "report"): 1.05}
RSS_TARGET = 1.10


@dataclass
class Measured:
    """Everything a run measured, for the report."""

    results: list[ModeResult] = field(default_factory=list)  # the build comparisons
    suggest: list[SuggestResult] = field(default_factory=list)
    micro: tuple[int, list[MicroResult]] | None = None  # the glossary's size, one row per operation
    browser: BrowserResult | None = None
    profiles: list[Profile] = field(default_factory=list)


def fmt_ratio(value: float) -> str:
    return f"{value:.3f}"


def spread(values: Sequence[float], unit: str = "", digits: int = 2) -> str:
    return f"{min(values):.{digits}f}–{max(values):.{digits}f}{unit}"


def builds_table(results: Sequence[ModeResult]) -> str:
    lines = ["| mode | variant | builds | wall median (s) | wall min–max (s) | CPU median (s) | CPU min–max (s) "
             "| peak RSS median (MiB) | peak RSS min–max (MiB) | HTML total (MB) | `_static` (KB) "
             "| HTML files written |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for result in results:
        for name, series in result.series.items():
            sizes = series.sizes or Sizes()
            written = spread(series.written, digits=0) if series.written else "all"
            lines.append(
                f"| {result.mode.name} (-j {result.jobs}) | {name} | {len(series.builds)} "
                f"| {statistics.median(series.walls):.2f} | {spread(series.walls)} "
                f"| {statistics.median(series.cpus):.2f} | {spread(series.cpus)} "
                f"| {statistics.median(series.rss_mib):.0f} | {spread(series.rss_mib, digits=0)} "
                f"| {sizes.html_total / 1e6:.2f} | {sizes.static_total / 1e3:.1f} | {written} |")
    return "\n".join(lines)


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return "—"
    return f"≤ {target:.2f}: {'pass' if value <= target else 'FAIL'}"


def ratios_table(results: Sequence[ModeResult]) -> str:
    lines = ["| mode | ratio | wall (of medians) | wall, paired per repetition: median [min–max] | CPU (of medians) "
             "| CPU, paired: median [min–max] | peak RSS (of medians) | HTML total | `_static` | wall target "
             "| CPU target (paired) | RSS target |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"]
    for result in results:
        base = result.series[result.mode.baseline]
        for name in result.mode.candidates:
            cand = result.series[name]
            wall = statistics.median(cand.walls) / statistics.median(base.walls)
            paired = [c / b for c, b in zip(cand.walls, base.walls, strict=True)]
            cpu = statistics.median(cand.cpus) / statistics.median(base.cpus)
            cpu_paired = [c / b for c, b in zip(cand.cpus, base.cpus, strict=True)]
            cpu_target = CPU_TARGETS.get((result.mode.name, name))
            rss = statistics.median(cand.rss_mib) / statistics.median(base.rss_mib)
            bs, cs = base.sizes or Sizes(), cand.sizes or Sizes()
            html = cs.html_total / bs.html_total if bs.html_total else float("nan")
            static = cs.static_total / bs.static_total if bs.static_total else float("nan")
            time_target = TIME_TARGETS.get(result.mode.name)
            rss_target = RSS_TARGET if result.mode.baseline == "std" and result.mode.name in TIME_TARGETS else None
            lines.append(
                f"| {result.mode.name} | {name} / {result.mode.baseline} | {fmt_ratio(wall)} "
                f"| {fmt_ratio(statistics.median(paired))} [{spread(paired, digits=3)}] | {fmt_ratio(cpu)} "
                f"| {fmt_ratio(statistics.median(cpu_paired))} [{spread(cpu_paired, digits=3)}] "
                f"| {fmt_ratio(rss)} | {fmt_ratio(html)} | {fmt_ratio(static)} | {verdict(wall, time_target)} "
                f"| {verdict(statistics.median(cpu_paired), cpu_target)} | {verdict(rss, rss_target)} |")
    return "\n".join(lines)


def per_page_table(results: Sequence[ModeResult], distinct: Sequence[int]) -> str:
    """Mean bytes per content page, and what the candidate adds, from the first fresh comparison."""
    fresh = [r for r in results if r.mode.kind == "fresh" and r.mode.baseline == "std"]
    if not fresh:
        return ""
    result = fresh[0]
    mean = statistics.fmean

    def row(name: str, sizes: Sizes) -> str:
        rest = (h - c - li - hd for h, c, li, hd in zip(sizes.page_html, sizes.page_cards, sizes.page_links,
                                                        sizes.page_head, strict=True))
        return (f"| {name} | {mean(sizes.page_html):,.0f} | {mean(sizes.page_gzip or [0]):,.0f} "
                f"| {mean(sizes.page_cards):,.0f} "
                f"| {mean(sizes.page_links):,.0f} | {mean(sizes.page_title_texts or [0]):,.0f} "
                f"| {mean(sizes.page_head):,.0f} | {mean(rest):,.0f} |")

    lines = [f"Mean bytes per content page ({result.mode.name} build output):", "",
             f"| variant | HTML page | … gzipped (level {GZIP_LEVEL}) | card data `<script id=\"aigloss-data\">` "
             "| term links `<a>…</a>` | … of which `title` values | `<head>` | rest |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    base = result.series[result.mode.baseline].sizes or Sizes()
    lines.append(row(result.mode.baseline, base))
    notes = []
    for name in result.mode.candidates:
        cand = result.series[name].sizes or Sizes()
        lines.append(row(name, cand))
        added = mean(cand.page_html) - mean(base.page_html)
        # As served: gzip removes what repeats within a page (a title and the card data's text).
        added_gzip = mean(cand.page_gzip or [0]) - mean(base.page_gzip or [0])
        cards = mean(cand.page_cards)
        # The used terms' data: the card data element, and the short definitions in the title
        # of each term's first link (the no-JavaScript fallback).
        title_texts = mean(cand.page_title_texts) - mean(base.page_title_texts or [0])
        data = cards + title_texts
        links = mean(cand.page_links) - mean(base.page_links)
        head = mean(cand.page_head) - mean(base.page_head)
        titles = mean(cand.page_titles) - mean(base.page_titles)
        other = added - cards - links - head
        without = added - data
        per_term = statistics.fmean((c + t) / max(1, n) for c, t, n in zip(
            cand.page_cards, cand.page_title_texts, distinct, strict=True))
        notes.append(
            f"- **{name} − {result.mode.baseline}: {added:,.0f} B added HTML per page**; of it the used terms' "
            f"data is {data:,.0f} B (mean over pages; {per_term:,.0f} B per distinct term used): the card data "
            f"element {cards:,.0f} B and the short definitions in `title` attributes {title_texts:,.0f} B "
            f"(once per term and page, the no-JavaScript fallback). The added HTML *besides* the used terms' data is "
            f"**{without:,.0f} B** ({'≤' if without <= 1024 else '>'} 1 KB): term link markup "
            f"{links - title_texts:+,.0f} B ({(links - title_texts) / max(1, mean(cand.links_per_page)):+,.1f} B "
            f"per link, of which `title=\"\"` {(titles - title_texts) / max(1, mean(cand.links_per_page)):+,.1f} B), "
            f"`<head>` {head:+,.0f} B, elsewhere {other:+,.0f} B. Gzipped (level {GZIP_LEVEL}, as served): "
            f"**{added_gzip:,.0f} B added per page**, the used terms' data included.")
    return "\n".join([*lines, "", *notes])



def machine_info() -> list[str]:
    import docutils
    import sphinx

    import sphinx_aigloss

    model = cpu_model() or "unknown"
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    commit = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--", "sphinx_aigloss")
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- machine: {os.cpu_count()} CPUs ({usable} usable; `nproc`), {model}{mem}, {platform.system()} "
        f"{platform.release()}",
        f"- Python {platform.python_version()}, Sphinx {sphinx.__version__}, docutils {docutils.__version__}, "
        f"sphinx-aigloss {sphinx_aigloss.__version__} (git {commit or '?'} at the start"
        f"{', package files modified in the working tree' if dirty else ''})",
    ]


def report(args: argparse.Namespace, runner: Runner, measured: Measured,
           load: tuple[tuple[float, ...], tuple[float, ...]], elapsed: float, machine: list[str]) -> str:
    spec, results, suggest, browser = runner.spec, measured.results, measured.suggest, measured.browser
    per_page = spec.terms_per_page or len(runner.ctx.glossary)
    origin = Path(args.package_dir).resolve()
    changed = package_digest(origin / PACKAGE) != runner.package.digest
    where = "the working tree's" if origin == REPO else f"`{origin}`'s"
    source = (f"a byte-compiled copy of {where} `{PACKAGE}` taken at the start (content digest "
              f"{runner.package.digest})"
              if runner.package.snapshot else
              f"{where} `{PACKAGE}` (content digest {runner.package.digest} at the start)")
    out = [*machine,
           f"- package measured: {source}; the original {'changed' if changed else 'did not change'} "
           "during the run",
           f"- load average (1/5/15 min) at start {fmt_load(load[0])}, at end {fmt_load(load[1])}; "
           f"the run took {elapsed / 60:.1f} min",
           f"- project: {spec.pages} content pages × {spec.refs} term references ({per_page} distinct terms per "
           f"page, seed {spec.seed}), a root toctree (`:maxdepth: 1`) and one glossary page; alabaster, "
           "`html_sidebars = {\"**\": []}`",
           f"- {args.reps} repetitions per mode, variants alternating (baseline, candidate, baseline, …); "
           "peak RSS is the `ru_maxrss` of the `sphinx` process from `os.wait4` (with `-j`, the largest of it "
           "and its worker processes, not their sum)"]
    used = {name for r in results for name in r.series}
    if used:
        out += ["", "Variants:", ""]
        out += [f"- `{v.name}`: {v.summary}" for v in VARIANTS.values() if v.name in used]
    if results:
        out += ["", "Modes:", ""]
        out += [f"- `{r.mode.name}`: " + r.mode.description.format(jobs=r.jobs, extra=args.extra_terms)
                for r in results]
        out += ["", "### Builds", "", builds_table(results), "", "### Ratios", "", ratios_table(results)]
        table = per_page_table(results, [page.distinct_terms for page in runner.pages])
        if table:
            out += ["", "### Added HTML per page", "", table]
    if suggest:
        out += ["", "### Unknown-term suggestions (`Glossary.suggest`)", "",
                f"Median over {suggest[0].calls} misspelled names (one edit of a known name form; each timed "
                "3 times, its median kept), after a first call that builds the suggestion index.", "",
                suggest_table(suggest)]
    if measured.micro:
        terms, rows = measured.micro
        out += ["", "### Core operations", "",
                f"The glossary core in process, on a glossary of {terms:,} terms (the canonical ones and "
                f"{args.extra_terms:,} made up); each operation once untimed (indexes and caches built; a "
                "\"cold\" row starts each run from an empty cache, and for lookups a new glossary), then "
                f"{args.reps} timed runs over all its items.", "", micro_table(rows)]
    if browser:
        out += ["", "### Browser", "",
                f"{browser.chromium}, headless, via Playwright; one page with {browser.links:,} term links "
                f"(every name form of the 30 terms), the card of the last one; {len(browser.init_ms)} runs, "
                "each in a fresh tab. Chromium rounds `performance.now()` to 0.1 ms on `file:` pages.", "",
                browser_table(browser)]
    if measured.profiles:
        out += ["", "### Profile", "", profiles_report(measured.profiles, args.profile_top)]
    return "\n".join(out)


def fmt_load(values: tuple[float, ...]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


def write_results(path: Path, section: str, command: str, body: str) -> None:
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    body = f"## {section} ({stamp})\n\nCommand:\n\n```sh\n{command}\n```\n\n{body}"
    replace_section(path, f"bench:{section}", body, new_file=(
        "# Benchmark results\n\nWritten by `benchmarks/bench.py --write-results`: each run replaces the section "
        "of the same name (`--section`) or adds one. Ratios are sphinx-aigloss over plain Sphinx "
        "(or over the 30-term build for the data-scale mode); lower is better.\n\n"))


def replace_section(path: Path, marker: str, body: str, new_file: str) -> None:
    """Put ``body`` between the comments ``<!-- MARKER:start -->`` and ``<!-- MARKER:end -->``
    in ``path``, in place of what they held, or at the end; ``new_file`` starts a missing file."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    block = f"{start}\n{body}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else new_file
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
