"""What a report says about where it ran: the processor, and the repository's git state."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .runner import REPO


def cpu_model() -> str | None:
    """The processor's model name from ``/proc/cpuinfo``, if there is one."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return None
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), None)


def git(*args: str) -> str:
    """The output of a git command in the repository, or "" when git fails or is missing."""
    try:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return ""
