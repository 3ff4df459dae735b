"""The installed release of sphinx-aigloss, from its package metadata.

A module of its own, so that modules needing the version (the data cache, the fallback
page's digest) import it without importing the package's ``setup()``, which imports them.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("sphinx-aigloss")
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0.0.0"
