"""The small project of the noop and growth measurements, and what scale projects share.

``bench`` is the snapshot's ``bench.py`` (see ``snapshot.import_workloads``): its prose and
data files are made with the package measured.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from ..variants import write_files

DATA_FILE = "terms.toml"
FALLBACK_PAGE = "aigloss-glossary.html"
PAGES, REFS, TERMS_PER_PAGE = 20, 12, 4  # the small project: a few canonical terms per page


def conf(*lines: str) -> str:
    return "\n".join(['project = "aigloss scale"', 'extensions = ["sphinx_aigloss"]', *lines, ""])


def small_project(bench: ModuleType, src: Path, data: str | None, seed: int) -> Path:
    """20 pages with ``:aiterm:`` references, no glossary directive; ``data`` is a data file."""
    pages = bench.make_prose(bench.Spec(PAGES, REFS, TERMS_PER_PAGE, seed), bench.canonical_glossary())
    toctree = "".join(f"   {page.docname}\n" for page in pages)
    files = {"index.rst": bench.heading("Scale project", "=") + ".. toctree::\n\n" + toctree}
    files.update({f"{page.docname}.rst": bench.render_page(page, bench.aigloss_role) for page in pages})
    files["conf.py"] = conf(f"aigloss_data_files = [{DATA_FILE!r}]" if data is not None else "")
    if data is not None:
        files[DATA_FILE] = data
    return write_files(src, files)


def entries(page: Path) -> int:
    """The glossary entries on a built page."""
    return page.read_text(encoding="utf-8").count('id="aiterm-')
