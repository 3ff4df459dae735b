"""The scale report: rows of runs with their medians, Markdown tables and ratios, the run's
context, and the results file (``SCALE.md``) whose sections a run replaces."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..machine import cpu_model
from ..report import replace_section
from .builder import Run


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


def context(label: str) -> list[str]:
    """The report's first lines: when, what was measured, with what, on what machine."""
    import docutils
    import sphinx

    return [f"- {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; sphinx-aigloss from {label}",
            f"- Python {platform.python_version()}, Sphinx {sphinx.__version__}, docutils {docutils.__version__}",
            f"- {os.cpu_count()} CPUs ({cpu_model() or 'unknown CPU'}), {platform.system()} {platform.release()}; "
            "shared with other work: see the load column (1-minute load average before each run)"]


def write_section(path: Path, section: str, body: str) -> None:
    """Replace the section of this name in ``path`` (or add it at the end)."""
    replace_section(path, f"scale:{section}", f"## {section}\n\n{body}", new_file="# Scale benchmark results\n")
