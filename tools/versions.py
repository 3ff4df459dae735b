"""Print one line naming the stack a test leg runs on: Python, Sphinx, docutils, MyST-Parser, myst-nb.

Usage: ``VENV/bin/python tools/versions.py LEG`` (tools/test.sh runs it in each leg).
"""

from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

STACK = {"Sphinx": "sphinx", "docutils": "docutils", "MyST-Parser": "myst-parser", "myst-nb": "myst-nb"}


def installed(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    leg = sys.argv[1] if len(sys.argv) > 1 else "this leg"
    parts = [f"Python {platform.python_version()}"] + [f"{name} {installed(dist)}" for name, dist in STACK.items()]
    print(f"== {leg} runs on: " + ", ".join(parts))
