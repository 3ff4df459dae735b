"""The variants compared: one project each, the same prose, different markup and settings.

Adding a variant is one ``Variant(...)`` entry in ``VARIANTS`` plus its name in a mode's
candidates (``modes.MODES``) or on the command line (``--candidates aigloss,NAME``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .workload import Page, Ref, Spec, heading, make_extra_terms, model, render_page, std_term_lines

if TYPE_CHECKING:
    from sphinx_aigloss.core import Glossary

GLOSSARY_DOC = "glossary"
EXTRA_FILE = "extra_terms.toml"
CANONICAL_URL = 'aigloss_canonical_url = "https://glossary.example.org/"\n'


@dataclass
class Context:
    """What variants are generated from."""

    spec: Spec
    glossary: Glossary  # the 30 canonical terms
    extra_terms: int
    _extra: str | None = None
    #: The warnings a variant's first build gave, by variant: (docname, line, message).
    warnings: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)

    def extra_toml(self) -> str:
        if self._extra is None:
            self._extra = make_extra_terms(self.extra_terms, self.glossary, self.spec.seed)
        return self._extra


# The markup of one reference.

def std_role(ref: Ref) -> str:
    if ref.text.lower() in {line.lower() for line in std_term_lines(ref.term)}:
        return f":term:`{ref.text}`"
    return f":term:`{ref.text} <{ref.term.name}>`"


def aigloss_role(ref: Ref) -> str:
    return f":aiterm:`{ref.text}`"


def plain_text(ref: Ref) -> str:
    return ref.text


def first_only(role: Callable[[Ref], str]) -> Callable[[Ref], str]:
    """``role`` for the first reference to each term (of one page), plain text after: the
    links ``aigloss_autolink = "first"`` makes, written by hand."""
    seen: set[str] = set()

    def write(ref: Ref) -> str:
        if ref.term.id in seen:
            return ref.text
        seen.add(ref.term.id)
        return role(ref)
    return write


# The source of the glossary page.

def std_glossary_page(ctx: Context) -> str:
    out = [heading("Glossary", "="), ".. glossary::\n\n"]
    for term in ctx.glossary:
        out.extend(f"   {line}\n" for line in std_term_lines(term))
        out.append(f"      {term.definition}\n\n")
    return "".join(out)


def aigloss_glossary_page(ctx: Context) -> str:
    return heading("Glossary", "=") + ".. aigloss:glossary::\n"


def canonical_glossary_page(ctx: Context) -> str:
    """The glossary page listing the canonical terms only (the data mode's 30 entries)."""
    return (heading("Glossary", "=") + ".. aigloss:glossary::\n"
            f"   :categories: {', '.join(ctx.glossary.categories)}\n")


def std_glossary_page_with_data(ctx: Context) -> str:
    """The std glossary page with the extra terms too (Sphinx's own cost of listing them)."""
    extra = model().parse_pack(ctx.extra_toml(), EXTRA_FILE)
    out = [std_glossary_page(ctx)]
    for term in extra.terms:
        out.extend(f"   {line}\n" for line in std_term_lines(term))
        out.append(f"      {term.definition}\n\n")
    return "".join(out)


# More files in the source folder.

def no_files(ctx: Context) -> dict[str, str]:
    return {}


def extra_data_files(ctx: Context) -> dict[str, str]:
    return {EXTRA_FILE: ctx.extra_toml()}


#: A trivial extension that emits a list of warnings, each page's when the page is read:
#: what Sphinx itself spends on the report's warnings, without the report's own work.
REPLAY_MODULE = "replay_warnings"
REPLAY_FILE = "replayed.tsv"
REPLAY_SOURCE = f'''"""Emit the warnings of {REPLAY_FILE}, as the report would: same text, type, file and line."""
import os
from collections import defaultdict

from sphinx.util import logging

logger = logging.getLogger(__name__)
REPLAYED = defaultdict(list)


def load(app):
    REPLAYED.clear()  # (a process may build more than once: tests do)
    with open(os.path.join(app.srcdir, "{REPLAY_FILE}"), encoding="utf-8") as file:
        for row in file:
            docname, line, message = row.rstrip("\\n").split("\\t", 2)
            REPLAYED[docname].append((int(line), message))


def emit(app, doctree):
    path = os.path.abspath(app.env.doc2path(app.env.docname))
    for line, message in REPLAYED.get(app.env.docname, ()):
        logger.warning("%s", message, type="aigloss", subtype="unlinked_mention", location=f"{{path}}:{{line}}")


def setup(app):
    app.connect("builder-inited", load)
    app.connect("doctree-read", emit)
    return {{"parallel_read_safe": True}}
'''
REPLAY_CONF = "import os, sys\nsys.path.insert(0, os.path.abspath(\".\"))  # the replaying extension\n"


def replay_report(ctx: Context) -> dict[str, str]:
    """The replaying extension and the report variant's warnings (its first build's)."""
    rows = "".join(f"{docname}\t{line}\t{message}\n" for docname, line, message in ctx.warnings["report"])
    return {f"{REPLAY_MODULE}.py": REPLAY_SOURCE, REPLAY_FILE: rows}


@dataclass(frozen=True)
class Variant:
    name: str
    summary: str
    role: Callable[[Ref], str]  # the markup of one reference
    glossary_page: Callable[[Context], str]  # the source of the glossary page
    extensions: tuple[str, ...] = ()
    conf: str = ""  # more conf.py lines
    files: Callable[[Context], dict[str, str]] = no_files  # more files in the source folder
    link_class: str = "aigloss-term"  # the class of its term links in the HTML (checks, sizes)
    package_dir: Path | None = None  # build with the sphinx_aigloss of this folder instead (--compare-package)
    every_ref_linked: bool = True  # each reference becomes one term link (checked on the first build)
    warns: bool = False  # its builds warn by design (the unlinked-mention report)
    first_only: bool = False  # the role for each term's first reference on a page, plain text after
    replays: str = ""  # emits the warnings of this variant's first build (built first)


VARIANTS = {v.name: v for v in (
    Variant("std", "Sphinx `.. glossary::` + `:term:`", std_role, std_glossary_page, link_class="std-term"),
    Variant("aigloss", "`:aiterm:` + `.. aigloss:glossary::`, default config (hover cards on)",
            aigloss_role, aigloss_glossary_page, extensions=("sphinx_aigloss",)),
    # Data scale: the same output with and without the extra terms loaded (the glossary page
    # lists the canonical categories; terms without an entry would link to a canonical site,
    # so no page lists the extra terms), then the extra terms listed, against Sphinx's own
    # glossary listing them.
    Variant("aigloss-30", "aigloss, glossary page of the canonical categories, `aigloss_canonical_url` set",
            aigloss_role, canonical_glossary_page, extensions=("sphinx_aigloss",), conf=CANONICAL_URL),
    Variant("aigloss+data", "aigloss-30 + a project data file of extra terms (`aigloss_data_files`), "
            "not listed on any page", aigloss_role, canonical_glossary_page, extensions=("sphinx_aigloss",),
            conf=CANONICAL_URL + f"aigloss_data_files = [{EXTRA_FILE!r}]\n", files=extra_data_files),
    Variant("aigloss+data-listed", "aigloss + the extra terms' data file, every term listed on the "
            "glossary page", aigloss_role, aigloss_glossary_page, extensions=("sphinx_aigloss",),
            conf=f"aigloss_data_files = [{EXTRA_FILE!r}]\n", files=extra_data_files),
    Variant("std+data", "std with the extra terms in its `.. glossary::` too", std_role,
            std_glossary_page_with_data, link_class="std-term"),
    # The std project with the extension loaded but not used: the extension's fixed cost.
    Variant("std+ext", "the `std` project with `sphinx_aigloss` in `extensions` (loaded, unused)", std_role,
            std_glossary_page, extensions=("sphinx_aigloss",), link_class="std-term"),
    # Automatic linking: the same prose with the names written plainly, no roles.
    Variant("plain", "the names as plain prose (no roles), `sphinx_aigloss` loaded, autolink off",
            plain_text, aigloss_glossary_page, extensions=("sphinx_aigloss",), every_ref_linked=False),
    Variant("autolink", "the same plain prose with `aigloss_autolink = \"first\"`", plain_text,
            aigloss_glossary_page, extensions=("sphinx_aigloss",), conf='aigloss_autolink = "first"\n',
            every_ref_linked=False),
    Variant("autolink-all", "the same plain prose with `aigloss_autolink = \"all\"`", plain_text,
            aigloss_glossary_page, extensions=("sphinx_aigloss",), conf='aigloss_autolink = "all"\n',
            every_ref_linked=False),
    Variant("roles-first", "the same prose with `:aiterm:` on each term's first reference per page only "
            "(the links \"first\" mode makes)", aigloss_role, aigloss_glossary_page,
            extensions=("sphinx_aigloss",), every_ref_linked=False, first_only=True),
    Variant("report", "the same plain prose with `aigloss_report_unlinked = True` (autolink off)", plain_text,
            aigloss_glossary_page, extensions=("sphinx_aigloss",), conf="aigloss_report_unlinked = True\n",
            every_ref_linked=False, warns=True),
    Variant("terms", "the same plain prose with `aigloss_report_abbreviations` and `aigloss_report_variants`",
            plain_text, aigloss_glossary_page, extensions=("sphinx_aigloss",),
            conf="aigloss_report_abbreviations = True\naigloss_report_variants = True\n",
            every_ref_linked=False, warns=True),
    Variant("warn-trivial", "the plain project plus a trivial extension emitting the report's warnings "
            "(same text, file and line) as pages are read", plain_text, aigloss_glossary_page,
            extensions=("sphinx_aigloss", REPLAY_MODULE), conf=REPLAY_CONF, files=replay_report,
            every_ref_linked=False, warns=True, replays="report"),
)}


def file_name(name: str) -> str:
    """A variant name as part of a file name ("aigloss+data" -> "aigloss-data")."""
    return re.sub(r"[^\w.-]+", "-", name)


def write_project(variant: Variant, ctx: Context, pages: list[Page], root: Path) -> Path:
    """Write the variant's source folder (replacing an older one); return it."""
    conf = ('project = "aigloss benchmark"\n'
            f"extensions = {list(variant.extensions)!r}\n"
            'html_theme = "alabaster"\n'
            'html_sidebars = {"**": []}\n'
            + variant.conf)
    files = {"conf.py": conf, f"{GLOSSARY_DOC}.rst": variant.glossary_page(ctx), **variant.files(ctx)}
    toctree = "".join(f"   {page.docname}\n" for page in pages)
    files["index.rst"] = (heading("Benchmark project", "=") + ".. toctree::\n   :maxdepth: 1\n\n"
                          + toctree + f"   {GLOSSARY_DOC}\n")
    for page in pages:
        files[f"{page.docname}.rst"] = render_page(page, first_only(variant.role) if variant.first_only
                                                   else variant.role)
    return write_files(root / file_name(variant.name) / "src", files)


def write_files(src: Path, files: dict[str, str]) -> Path:
    """Write a source folder of these files (replacing an older one); return it."""
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    return src
