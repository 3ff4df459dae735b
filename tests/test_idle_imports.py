"""A build that neither links mentions automatically nor reports on prose never imports the
modules that read prose (a few ms of every build of a project that uses the extension plainly);
turning an option on loads them and they work.

What a build imported is only visible from a fresh interpreter: the builds run in one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

#: Builds a project, then prints the extension's modules it imported.
BUILD = """
import sys
from sphinx.cmd.build import main
status = main(["-b", "html", "-q", *sys.argv[1:]])
print(" ".join(sorted(name for name in sys.modules if name.startswith("sphinx_aigloss"))))
sys.exit(status)
"""

PROSE_READERS = {"sphinx_aigloss.autolink", "sphinx_aigloss.terminology_report", "sphinx_aigloss.report",
                 "sphinx_aigloss.prose", "sphinx_aigloss.core.senses", "sphinx_aigloss.core.terminology"}


def imported(src: Path, out: Path, *options: str) -> tuple[set[str], str]:
    """The extension's modules a fresh build of ``src`` imported, and its warnings."""
    done = subprocess.run([sys.executable, "-c", BUILD, str(src), str(out), *options],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split()), done.stderr


@pytest.mark.sphinx("html", testroot="idle2")
def test_prose_readers_load_only_when_asked(app: SphinxTestApp, tmp_path: Path) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "LoRA stay small" in page
    assert "aigloss-term" not in page

    modules, warnings = imported(Path(app.srcdir), tmp_path / "idle")
    assert warnings == ""
    assert "sphinx_aigloss.domain" in modules  # the extension was set up
    assert not modules & PROSE_READERS

    out = tmp_path / "asked"
    modules, warnings = imported(Path(app.srcdir), out, "-D", "aigloss_autolink=first",
                                 "-D", "aigloss_report_variants=1")
    assert warnings == ""
    assert modules >= PROSE_READERS
    linked = (out / "index.html").read_text(encoding="utf-8")
    assert '<a class="aigloss-term reference internal" href="aigloss-glossary.html#aiterm-lora"' in linked
