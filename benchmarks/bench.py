#!/usr/bin/env python3
"""Benchmark sphinx-aigloss against plain Sphinx.

Generates one synthetic project per *variant* (the same prose each time) and builds the
variants alternately (A B A B ...), each build a fresh ``python -m sphinx -b html -q``
subprocess, measuring its wall time, CPU time and peak RSS (``os.wait4``). Standard library
and Sphinx only. The package is measured from a copy taken at the start, so edits made to
the working tree during a run do not leak into it.

Variants (``VARIANTS`` below; adding one is a few lines):

  std           Sphinx's own ``.. glossary::`` (the 30 canonical terms with their
                definitions; abbreviation and expansion as two term lines) and ``:term:``.
  aigloss       ``:aiterm:`` (hover cards on, default configuration) and one
                ``.. aigloss:glossary::`` page.
  aigloss-30    aigloss with the glossary page limited to the canonical categories and
                ``aigloss_canonical_url`` set (the data mode's baseline).
  aigloss+data  aigloss-30 plus a generated project data file of --extra-terms terms
                (``aigloss_data_files``); the prose still names only the 30 canonical terms
                and no page lists the extra ones: the same pages as aigloss-30.
  aigloss+data-listed
                aigloss plus that data file, every term listed on the glossary page.
  std+data      std with the extra terms in its ``.. glossary::`` too.
  std+ext       the std project with sphinx_aigloss loaded but unused (its fixed cost);
                not in any mode by default: ``--candidates aigloss,std+ext``.
  aigloss@NAME  the aigloss project built with the package of another folder
                (``--compare-package DIR``), e.g. a scratch copy with a candidate fix.

Modes (``MODES`` below):

  serial        fresh builds, ``-j 1``, std vs aigloss
  parallel      fresh builds, ``-j JOBS`` (default 2), std vs aigloss
  incremental   one full build in place per variant, then per repetition: rewrite one page
                (same text, a trailing newline added or removed) and rebuild; only the
                rebuild is timed; std vs aigloss
  data          fresh serial builds, aigloss-30 vs aigloss+data, plus a micro-benchmark of
                Glossary.suggest (unknown-term suggestions) over the large glossary
  data-incremental
                the incremental mode for aigloss-30 vs aigloss+data
  data-listed   fresh serial builds, std+data vs aigloss+data-listed: listing the extra
                terms, against Sphinx's own glossary of the same entries
  autolink-roles, idle, report
                issue 21's ratios: "first" automatic links vs the same links as roles (roles-first),
                std vs std+ext, the unlinked-mention report vs plain prose
  profile       one build per variant under cProfile (--profile-variants, --profile-build):
                time per build phase, function-call counts (exact, unlike times on a busy
                machine) and the extension's functions by cumulative time; not in ``all``
  browser       the hover-card script in headless Chromium (Playwright, /usr/bin/chromium) on
                a page of --browser-links term links, --reps runs: the script's start-up, the
                first card by keyboard focus, and by hover (pointer in -> the frame that
                paints the card, less the intent delay); not in ``all``

Every reference has the same text and links to the same term in every variant (a ``:term:``
whose text is not a term line of the std glossary is written ``:term:`text <Name>```). The
first build of every variant is checked: no warnings, exactly --refs term links per page.

Examples:

  .venv/bin/python benchmarks/bench.py                         # serial, parallel, incremental
  .venv/bin/python benchmarks/bench.py --mode all,profile --write-results
  .venv/bin/python benchmarks/bench.py --mode serial --pages 1000 --reps 3   # scale run
  .venv/bin/python benchmarks/bench.py --mode data --extra-terms 5000
  .venv/bin/python benchmarks/bench.py --mode profile --profile-build incremental
  .venv/bin/python benchmarks/bench.py --mode browser --reps 9
  .venv/bin/python benchmarks/bench.py --mode serial,incremental --compare-package /tmp/fix
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import pstats
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx_aigloss.core import Glossary, Term

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PACKAGE = "sphinx_aigloss"


def _model() -> ModuleType:
    """sphinx_aigloss.core, imported from the package folder main() put first on sys.path."""
    import sphinx_aigloss.core

    return sphinx_aigloss.core


def normalise(name: str) -> str:
    result: str = _model().normalise(name)
    return result


def singulars(normalised: str) -> list[str]:
    result: list[str] = _model().singulars(normalised)
    return result


def load_glossary(*args: Any, **kwargs: Any) -> tuple[Glossary, list[Any]]:
    result: tuple[Glossary, list[Any]] = _model().load_glossary(*args, **kwargs)
    return result


DEFAULT_WORKDIR = HERE / "_work"
DEFAULT_RESULTS = HERE / "RESULTS.md"
GLOSSARY_DOC = "glossary"
EXTRA_FILE = "extra_terms.toml"
CANONICAL_URL = 'aigloss_canonical_url = "https://glossary.example.org/"\n'

# Targets from the issue: candidate / baseline ratios of medians.
TIME_TARGETS = {"serial": 1.05, "parallel": 1.05, "incremental": 1.10, "data": 1.05, "data-incremental": 1.05}
RSS_TARGET = 1.10
SUGGEST_TARGET_US = 1000.0

# ---------------------------------------------------------------------------------------
# Terms and name forms
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """One reference in the prose: the text readers see and the term it links to."""

    text: str
    term: Term


def canonical_glossary() -> Glossary:
    glossary, _conflicts = load_glossary()
    return glossary


def std_term_lines(term: Term) -> list[str]:
    """The term lines of a term's std glossary entry: its name, then its other form if any."""
    lines = [term.name]
    if term.other_form:
        lines.append(term.other_form)
    return lines


def name_forms(term: Term, glossary: Glossary) -> list[str]:
    """Varied ways prose names a term, each checked to resolve to it with :aiterm:.

    Name, abbreviation, expansion, lower case, hyphen/space/no-separator variants and simple
    plurals of countable names.
    """
    forms = [term.name, term.abbreviation, term.expansion]
    if not is_abbreviation(term.name):
        forms.append(term.name.lower())
    if term.expansion and term.expansion != term.name:
        forms.append(term.expansion.lower())
    if "-" in term.name:
        forms += [term.name.replace("-", " ").lower(), term.name.replace("-", "").capitalize()]
    elif " " in term.name and not is_abbreviation(term.name):
        forms.append(term.name.replace(" ", "-").lower())
    last = term.name.split()[-1].lower()
    if last in COUNTABLE:
        forms.append(term.name.lower() + "s")
    if term.name in PLURAL_ABBREVIATIONS:
        forms.append(term.name + "s")
    out: list[str] = []
    for form in forms:
        if form and form not in out:
            found = glossary.lookup(form).term
            if found is None or found.id != term.id:
                raise SystemExit(f"bench: name form {form!r} does not resolve to {term.name!r}")
            out.append(form)
    return out


COUNTABLE = {"model", "budget"}  # last words of names that read well in the plural
PLURAL_ABBREVIATIONS = {"LoRA"}


def is_abbreviation(name: str) -> bool:
    return sum(c.isupper() for c in name) >= 2 and " " not in name


# ---------------------------------------------------------------------------------------
# The prose (the same for every variant)
# ---------------------------------------------------------------------------------------

SENTENCES = (
    "Before shipping the assistant, the team reviewed how {} shaped its answers.",
    "A short primer on {} helps designers explain the model's behaviour to users.",
    "The evaluation notes compare {} with the approach of the previous release.",
    "Support tickets often mention {} without saying what it means.",
    "Our onboarding flow now explains {} in one sentence and a diagram.",
    "Researchers on the project describe {} as a trade-off rather than a fix.",
    "The design review asked whether {} changes what the interface should promise.",
    "In the prototype, a settings page links to an explanation of {}.",
    "Several interview participants had heard of {} but could not define it.",
    "The roadmap lists {} as a dependency of the next model update.",
    "When the model refuses a request, the help text may point to {}.",
    "Costs rose sharply in the quarter the team adopted {} for every experiment.",
    "A reviewer noted that the write-up confuses {} with a related idea.",
    "The glossary card for {} is the most opened card in the product docs.",
    "Legal asked for a plain-language note on {} in the release notes.",
)
FILLER = (
    "None of this changes the public interface.",
    "The details are in the appendix of the internal report.",
    "Designers should keep the explanation short and concrete.",
    "Feedback from the pilot customers was mostly positive.",
)
SENTENCES_PER_PARAGRAPH = 5
REFS_PER_SECTION = 10


@dataclass(frozen=True)
class Spec:
    pages: int
    refs: int
    terms_per_page: int
    seed: int


@dataclass
class Page:
    docname: str
    title: str
    sections: list[list[list[tuple[str, Ref | None]]]]  # sections > paragraphs > (template, ref)


def make_prose(spec: Spec, glossary: Glossary) -> list[Page]:
    rng = random.Random(spec.seed)
    terms = list(glossary)
    forms = {term.id: name_forms(term, glossary) for term in terms}
    per_page = min(spec.terms_per_page or len(terms), len(terms))
    pages = []
    for number in range(1, spec.pages + 1):
        chosen = rng.sample(terms, per_page)
        refs = []
        for i in range(spec.refs):
            term = chosen[i % per_page] if i < per_page else rng.choice(chosen)  # every chosen term used
            refs.append(Ref(rng.choice(forms[term.id]), term))
        rng.shuffle(refs)
        sections = []
        for start in range(0, len(refs), REFS_PER_SECTION):
            sentences: list[tuple[str, Ref | None]] = [(rng.choice(SENTENCES), ref)
                                                       for ref in refs[start:start + REFS_PER_SECTION]]
            paragraphs = []
            for p in range(0, len(sentences), SENTENCES_PER_PARAGRAPH):
                paragraph = sentences[p:p + SENTENCES_PER_PARAGRAPH]
                paragraph.append((rng.choice(FILLER), None))
                paragraphs.append(paragraph)
            sections.append(paragraphs)
        pages.append(Page(f"page{number:04d}", f"Design notes {number}", sections))
    return pages


def heading(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}\n\n"


def render_page(page: Page, role: Callable[[Ref], str]) -> str:
    out = [heading(page.title, "=")]
    for index, paragraphs in enumerate(page.sections, 1):
        out.append(heading(f"Part {index}", "-"))
        for paragraph in paragraphs:
            text = " ".join(template.format(role(ref)) if ref else template for template, ref in paragraph)
            out.append(text + "\n\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Variants
# ---------------------------------------------------------------------------------------


@dataclass
class Context:
    """What variants are generated from."""

    spec: Spec
    glossary: Glossary  # the 30 canonical terms
    extra_terms: int
    _extra: str | None = None

    def extra_toml(self) -> str:
        if self._extra is None:
            self._extra = make_extra_terms(self.extra_terms, self.glossary, self.spec.seed)
        return self._extra


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
    extra = _model().parse_pack(ctx.extra_toml(), EXTRA_FILE)
    out = [std_glossary_page(ctx)]
    for term in extra.terms:
        out.extend(f"   {line}\n" for line in std_term_lines(term))
        out.append(f"      {term.definition}\n\n")
    return "".join(out)


def no_files(ctx: Context) -> dict[str, str]:
    return {}


def extra_data_files(ctx: Context) -> dict[str, str]:
    return {EXTRA_FILE: ctx.extra_toml()}


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
)}


def file_name(name: str) -> str:
    """A variant name as part of a file name ("aigloss+data" -> "aigloss-data")."""
    return re.sub(r"[^\w.-]+", "-", name)


def write_project(variant: Variant, ctx: Context, pages: list[Page], root: Path) -> Path:
    """Write the variant's source folder (replacing an older one); return it."""
    src = root / file_name(variant.name) / "src"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
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
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


# ---------------------------------------------------------------------------------------
# A large project data file
# ---------------------------------------------------------------------------------------

SYLLABLES = ("ka", "lo", "mer", "vin", "tra", "zel", "dor", "qui", "sen", "bra", "tul", "nov", "pex", "ri",
             "sa", "gon", "fal", "mi", "ther", "cor", "ux", "dri", "pal", "yen", "bo", "ste")
NOUNS = ("Sampling", "Adapter", "Objective", "Schedule", "Regularizer", "Estimator", "Filter", "Probe",
         "Loss", "Benchmark", "Tokenizer", "Router", "Cache", "Decoder", "Encoder", "Alignment",
         "Calibration", "Ensemble", "Heuristic", "Metric")
PURPOSES = ("stabilising training on noisy data", "reducing the cost of evaluation runs",
            "making small models follow instructions", "detecting drift in production traffic",
            "compressing long prompts", "ranking candidate answers", "steering generation style")
EXTRA_CATEGORIES = tuple(f"Extra Topic {chr(ord('A') + i)}" for i in range(12))


def toml_string(text: str) -> str:
    return json.dumps(text)  # JSON escapes (ASCII only) are valid in TOML basic strings


def make_extra_terms(count: int, glossary: Glossary, seed: int) -> str:
    """TOML of ``count`` made-up terms in the format of sphinx_aigloss/data/training.toml.

    No name form collides with a canonical one (or its plural/singular forms), so the prose
    resolves exactly as without the file. About a third have an abbreviation, a tenth an
    alias, a quarter a reference, a fifth related terms; half the definitions mention a
    canonical term.
    """
    rng = random.Random(seed * 7919 + count)
    reserved: set[str] = set()
    for term in glossary:
        for form in name_forms(term, glossary) + list(term.names):
            norm = normalise(form)
            reserved.update([norm, norm + "s", *singulars(norm)])
    canonical_names = [term.name for term in glossary]

    def word(syllables: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    def fresh(form: str) -> bool:
        norm = normalise(form)
        return bool(norm) and norm not in reserved and not any(s in reserved for s in singulars(norm))

    def take(form: str) -> None:
        norm = normalise(form)
        reserved.update([norm, norm + "s", *singulars(norm)])

    out = [
        "# Generated by benchmarks/bench.py: made-up terms for the data-scale benchmark.\n",
        "format = 1\n\n[pack]\n",
        'id = "extra"\n',
        'title = "Benchmark extra terms"\n',
        f"categories = [{', '.join(toml_string(c) for c in EXTRA_CATEGORIES)}]\n",
    ]
    made: list[str] = []
    while len(made) < count:
        words = [word(rng.choice((2, 3)))] + ([word(2)] if rng.random() < 0.3 else [])
        name = " ".join([*words, rng.choice(NOUNS)])
        if not fresh(name):
            continue
        take(name)
        lines = ["\n[[terms]]\n", f"name = {toml_string(name)}\n"]
        if rng.random() < 0.33:
            initials = "".join(part[0] for part in name.split()).upper()
            for _attempt in range(20):
                abbreviation = initials + "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(rng.randint(1, 2)))
                if fresh(abbreviation):
                    take(abbreviation)
                    lines.append(f"abbreviation = {toml_string(abbreviation)}\n")
                    lines.append(f"expansion = {toml_string(name)}\n")
                    break
        if rng.random() < 0.1:
            alias = f"{name} Method"
            if fresh(alias):
                take(alias)
                lines.append(f"aliases = [{toml_string(alias)}]\n")
        lines.append(f"category = {toml_string(rng.choice(EXTRA_CATEGORIES))}\n")
        definition = f"A technique for {rng.choice(PURPOSES)}, introduced in internal experiments."
        if rng.random() < 0.5:
            definition += f" It is often used together with {rng.choice(canonical_names).lower()}."
        definition += " Results vary by model size and data quality."
        lines.append(f"definition = {toml_string(definition)}\n")
        if rng.random() < 0.2:
            related = rng.choice(canonical_names) if not made or rng.random() < 0.5 else rng.choice(made)
            lines.append(f"related = [{toml_string(related)}]\n")
        if rng.random() < 0.25:
            slug = normalise(name)
            lines += ["\n[[terms.references]]\n", 'authors = ["Doe, J."]\n', "et_al = true\n",
                      f"title = {toml_string('On ' + name)}\n", 'venue = "arXiv"\n',
                      f"year = {rng.randint(2015, 2025)}\n",
                      f"url = {toml_string('https://example.org/papers/' + slug)}\n"]
        elif rng.random() < 0.5:
            lines.insert(-1, "unreferenced = true\n")
        out.extend(lines)
        made.append(name)
    return "".join(out)


def load_with_extra(path: Path) -> Glossary:
    glossary, conflicts = load_glossary(files=[(path, path.name)])
    if conflicts:
        raise SystemExit(f"bench: the generated data file has conflicts: {conflicts[0].message}")
    return glossary


# ---------------------------------------------------------------------------------------
# Running Sphinx
# ---------------------------------------------------------------------------------------


@dataclass
class Build:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the descendants it reaped
    maxrss_kib: int  # largest resident set of the process or any descendant it reaped
    returncode: int
    stderr: str

    @property
    def problems(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if "WARNING" in line or "ERROR" in line]


@dataclass(frozen=True)
class Package:
    """Where the builds import sphinx_aigloss from (a snapshot, so edits made during a run do not leak in)."""

    folder: Path  # holds the sphinx_aigloss package
    digest: str
    snapshot: bool

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(self.folder), env.get("PYTHONPATH", "")]))
        return env


def package_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def prepare_package(folder: Path, snapshot: bool, origin: Path = REPO) -> Package:
    """The package of ``origin``, copied into ``folder`` unless ``snapshot`` is false."""
    source = origin / PACKAGE
    if not (source / "__init__.py").is_file():
        raise SystemExit(f"bench: no {PACKAGE} package in {origin}")
    if not snapshot:
        return Package(origin, package_digest(source), False)
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source, folder / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # Byte-compile the copy as an installed package is: otherwise, with PYTHONDONTWRITEBYTECODE
    # set (as it may be in CI and containers), every build would compile its modules again.
    if not compileall.compile_dir(folder / PACKAGE, quiet=1):
        raise SystemExit(f"bench: {PACKAGE} in {origin} does not compile")
    return Package(folder, package_digest(folder / PACKAGE), True)


def sphinx_command(src: Path, out: Path, jobs: int) -> list[str]:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q"]
    if jobs > 1:
        cmd += ["-j", str(jobs)]
    return [*cmd, str(src), str(out)]


def run_measured(cmd: Sequence[str], package: Package) -> Build:
    """Run one command; wall time from just before the fork to the reaping, rusage of the child.

    The working directory is the package's folder's parent, never the repository, so that
    ``python -m`` cannot import the working tree's package instead of the snapshot.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=package.env(),
                                cwd=package.folder.parent)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode, stderr)


def sphinx_build(src: Path, out: Path, jobs: int, package: Package, *, fresh: bool = True) -> Build:
    if fresh and out.exists():
        shutil.rmtree(out)
    build = run_measured(sphinx_command(src, out, jobs), package)
    if build.returncode != 0:
        raise SystemExit(f"bench: sphinx failed ({build.returncode}) on {src}:\n{build.stderr}")
    return build


# ---------------------------------------------------------------------------------------
# What the output holds
# ---------------------------------------------------------------------------------------

GZIP_LEVEL = 6  # zlib's default, and Apache mod_deflate's
CARD_DATA = re.compile(r'<script type="application/json" id="aigloss-data"[^>]*>.*?</script>\n?', re.S)
HEAD = re.compile(r"<head>.*?</head>", re.S)
TITLE_ATTRIBUTE = re.compile(r' title="([^"]*)"')


def term_link_pattern(link_class: str) -> re.Pattern[str]:
    """Links whose own or inner markup has the class: Sphinx puts "std-term" on the inner
    span, sphinx-aigloss "aigloss-term" on the link itself."""
    return re.compile(r'<a\b(?:(?!</a>).)*\b' + re.escape(link_class) + r"\b.*?</a>", re.S)


@dataclass
class Sizes:
    html_total: int = 0  # every .html file
    static_total: int = 0  # everything under _static
    output_total: int = 0  # everything but .doctrees
    page_html: list[int] = field(default_factory=list)  # per content page
    page_gzip: list[int] = field(default_factory=list)  # … gzipped, as a server sends it (GZIP_LEVEL)
    page_cards: list[int] = field(default_factory=list)  # card data element per content page
    page_links: list[int] = field(default_factory=list)  # term link markup per content page
    page_head: list[int] = field(default_factory=list)  # <head> per content page
    page_titles: list[int] = field(default_factory=list)  # title="…" attributes of the term links per page
    page_title_texts: list[int] = field(default_factory=list)  # … of which their values (definitions)
    links_per_page: list[int] = field(default_factory=list)


def measure_output(out: Path, variant: Variant, pages: Sequence[Page]) -> Sizes:
    sizes = Sizes()
    for path in out.rglob("*"):
        if not path.is_file() or ".doctrees" in path.relative_to(out).parts:
            continue
        size = path.stat().st_size
        sizes.output_total += size
        if path.suffix == ".html":
            sizes.html_total += size
        if path.relative_to(out).parts[0] == "_static":
            sizes.static_total += size
    links = term_link_pattern(variant.link_class)
    for page in pages:
        text = (out / f"{page.docname}.html").read_text(encoding="utf-8")
        sizes.page_html.append(len(text.encode()))
        sizes.page_gzip.append(len(gzip.compress(text.encode(), compresslevel=GZIP_LEVEL, mtime=0)))
        sizes.page_cards.append(sum(len(m.group().encode()) for m in CARD_DATA.finditer(text)))
        found = links.findall(text)
        sizes.links_per_page.append(len(found))
        sizes.page_links.append(sum(len(m.encode()) for m in found))
        titles = [t for m in found for t in TITLE_ATTRIBUTE.finditer(m)]
        sizes.page_titles.append(sum(len(t.group().encode()) for t in titles))
        sizes.page_title_texts.append(sum(len(t.group(1).encode()) for t in titles))
        head = HEAD.search(text)
        sizes.page_head.append(len(head.group().encode()) if head else 0)
    return sizes


def check_first_build(variant: Variant, build: Build, sizes: Sizes, spec: Spec) -> None:
    if build.problems and not variant.warns:
        listing = "\n".join(build.problems[:10])
        raise SystemExit(f"bench: variant {variant.name} builds with {len(build.problems)} warning(s):\n{listing}")
    wrong = [n for n in sizes.links_per_page if n != spec.refs] if variant.every_ref_linked else []
    if wrong:
        raise SystemExit(f"bench: variant {variant.name}: {len(wrong)} page(s) do not have {spec.refs} term links "
                         f"(e.g. {wrong[0]})")


# ---------------------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mode:
    name: str
    kind: str  # "fresh" or "incremental"
    jobs: int  # 0: the --jobs option
    baseline: str
    candidates: tuple[str, ...]
    description: str


MODES = {m.name: m for m in (
    Mode("serial", "fresh", 1, "std", ("aigloss",), "fresh build, `-j 1`"),
    Mode("parallel", "fresh", 0, "std", ("aigloss",), "fresh build, `-j {jobs}`"),
    Mode("incremental", "incremental", 1, "std", ("aigloss",),
         "rebuild in place after rewriting one page, `-j 1`"),
    Mode("data", "fresh", 1, "aigloss-30", ("aigloss+data",),
         "fresh build, `-j 1`, {extra} extra terms loaded but not listed: same pages"),
    Mode("data-incremental", "incremental", 1, "aigloss-30", ("aigloss+data",),
         "rebuild in place after rewriting one page, `-j 1`, {extra} extra terms loaded but not listed"),
    Mode("data-listed", "fresh", 1, "std+data", ("aigloss+data-listed",),
         "fresh build, `-j 1`, {extra} extra terms listed on the glossary page, aigloss vs std"),
    Mode("autolink", "fresh", 1, "plain", ("autolink", "autolink-all"),
         "fresh build, `-j 1`, plain prose: automatic linking on vs off"),
    # Issue 21's three ratios: automatic links vs the same links written as roles, the
    # extension loaded but unused, the unlinked-mention report.
    Mode("autolink-roles", "fresh", 1, "roles-first", ("autolink",),
         "fresh build, `-j 1`: automatic linking (\"first\") vs the same links written as `:aiterm:`"),
    Mode("idle", "fresh", 1, "std", ("std+ext",), "fresh build, `-j 1`: sphinx_aigloss loaded, no term used"),
    Mode("report", "fresh", 1, "plain", ("report",),
         "fresh build, `-j 1`, plain prose: the unlinked-mention report on vs off"),
)}
ALL_MODES = ("serial", "parallel", "incremental", "data", "data-incremental", "data-listed")
EXTRA_MODES = ("profile", "browser")  # not build comparisons; not in "all"


@dataclass
class Series:
    builds: list[Build] = field(default_factory=list)
    sizes: Sizes | None = None
    written: list[int] = field(default_factory=list)  # incremental: HTML files rewritten per rebuild

    @property
    def walls(self) -> list[float]:
        return [b.wall for b in self.builds]

    @property
    def cpus(self) -> list[float]:
        return [b.cpu for b in self.builds]

    @property
    def rss_mib(self) -> list[float]:
        return [b.maxrss_kib / 1024 for b in self.builds]


@dataclass
class ModeResult:
    mode: Mode
    jobs: int
    series: dict[str, Series]


class Runner:
    def __init__(self, args: argparse.Namespace, package: Package, root: Path) -> None:
        self.args = args
        self.package = package
        self.packages: dict[str, Package] = {}
        self.spec = Spec(args.pages, args.refs, args.terms_per_page, args.seed)
        self.ctx = Context(self.spec, canonical_glossary(), args.extra_terms)
        self.pages = make_prose(self.spec, self.ctx.glossary)
        self.root = root
        self.sources: dict[str, Path] = {}
        self.checked: set[str] = set()

    def log(self, message: str) -> None:
        if not self.args.quiet:
            print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def package_for(self, name: str) -> Package:
        """The package a variant's builds import: the measured one, or the variant's own copy."""
        folder = VARIANTS[name].package_dir
        if folder is None:
            return self.package
        if name not in self.packages:
            self.packages[name] = prepare_package(self.root / f"snapshot-{file_name(name)}", True, folder)
        return self.packages[name]

    def source(self, name: str) -> Path:
        if name not in self.sources:
            self.sources[name] = write_project(VARIANTS[name], self.ctx, self.pages, self.root)
        return self.sources[name]

    def out_dir(self, label: str) -> Path:
        return self.root / "out" / label

    def first_build(self, name: str) -> None:
        """Build once untimed (warm caches) and check that the variant is what it claims to be."""
        if name in self.checked:
            return
        out = self.out_dir(f"check-{file_name(name)}")
        build = sphinx_build(self.source(name), out, 1, self.package_for(name))
        check_first_build(VARIANTS[name], build, measure_output(out, VARIANTS[name], self.pages), self.spec)
        self.checked.add(name)
        self.log(f"checked {name}: no warnings, {self.spec.refs} term links per page ({build.wall:.1f} s)")
        if not self.args.keep:
            shutil.rmtree(out)

    def run(self, mode: Mode) -> ModeResult:
        names = [mode.baseline, *mode.candidates]
        for name in names:
            self.first_build(name)
        jobs = mode.jobs or self.args.jobs
        result = ModeResult(mode, jobs, {name: Series() for name in names})
        if mode.kind == "fresh":
            self.run_fresh(mode, jobs, names, result)
        else:
            self.run_incremental(mode, jobs, names, result)
        return result

    def run_fresh(self, mode: Mode, jobs: int, names: list[str], result: ModeResult) -> None:
        previous: dict[str, Path] = {}
        for rep in range(self.args.reps):
            for name in names:
                out = self.out_dir(f"{mode.name}-{file_name(name)}-{rep}")
                build = sphinx_build(self.source(name), out, jobs, self.package_for(name))
                series = result.series[name]
                series.builds.append(build)
                series.sizes = measure_output(out, VARIANTS[name], self.pages)
                self.log(f"{mode.name} {rep + 1}/{self.args.reps} {name}: {build.wall:.2f} s, "
                         f"{build.maxrss_kib / 1024:.0f} MiB")
                if name in previous and not self.args.keep:
                    shutil.rmtree(previous[name])
                previous[name] = out

    @property
    def touched(self) -> str:
        """The page the incremental builds rewrite: the middle one."""
        return self.pages[len(self.pages) // 2].docname

    def touch(self, name: str, docname: str) -> None:
        """Rewrite a page with the same text, a trailing newline added or removed."""
        path = self.source(name) / f"{docname}.rst"
        text = path.read_text(encoding="utf-8")
        path.write_text(text[:-1] if text.endswith("\n\n") else text + "\n", encoding="utf-8")

    def run_incremental(self, mode: Mode, jobs: int, names: list[str], result: ModeResult) -> None:
        touched = self.touched
        outs = {}
        for name in names:
            outs[name] = self.out_dir(f"{mode.name}-{file_name(name)}")
            sphinx_build(self.source(name), outs[name], jobs, self.package_for(name))
        for rep in range(self.args.reps):
            for name in names:
                out = outs[name]
                before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
                self.touch(name, touched)
                build = sphinx_build(self.source(name), out, jobs, self.package_for(name), fresh=False)
                if build.problems:
                    raise SystemExit(f"bench: incremental {name}: warnings:\n" + "\n".join(build.problems[:10]))
                written = [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime]
                if out / f"{touched}.html" not in written:
                    raise SystemExit(f"bench: incremental {name}: {touched}.html was not written again")
                series = result.series[name]
                series.builds.append(build)
                series.written.append(len(written))
                self.log(f"{mode.name} {rep + 1}/{self.args.reps} {name}: {build.wall:.2f} s, "
                         f"{build.maxrss_kib / 1024:.0f} MiB, {len(written)} page(s) written")
        for name in names:
            result.series[name].sizes = measure_output(outs[name], VARIANTS[name], self.pages)


# ---------------------------------------------------------------------------------------
# Suggestions micro-benchmark
# ---------------------------------------------------------------------------------------


@dataclass
class SuggestResult:
    label: str
    terms: int
    names: int  # name forms indexed for suggestions
    calls: int
    first_ms: float  # the first call (also builds the suggestion index)
    per_call_us: list[float]  # one value per misspelled name: the median of its repeats
    intended: int  # suggestions that gave back the name that was misspelled

    @property
    def median_us(self) -> float:
        return statistics.median(self.per_call_us)


def misspell(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters)
    op = rng.choice(("swap", "drop", "double", "replace"))
    if op == "swap" and i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1].lower() != name[i].lower():
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if op == "drop" and len(letters) > 3:
        return name[:i] + name[i + 1:]
    if op == "double":
        return name[:i] + name[i] + name[i:]
    return name[:i] + rng.choice("aeioustrnl") + name[i + 1:]


def bench_suggest(glossary: Glossary, label: str, count: int, seed: int, repeats: int = 3) -> SuggestResult:
    rng = random.Random(seed)
    names = sorted({name for term in glossary for name in term.names})
    cases: list[tuple[str, str]] = []
    while len(cases) < count:
        name = rng.choice(names)
        miss = misspell(name, rng)
        if normalise(miss) and not glossary.lookup(miss).terms:
            cases.append((miss, name))
    fresh = _model().Glossary(glossary, glossary.categories, glossary.packs)  # no suggestion index yet
    start = time.perf_counter()
    fresh.suggest(cases[0][0])
    first_ms = (time.perf_counter() - start) * 1000
    per_call = []
    intended = 0
    for miss, name in cases:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            suggestion = fresh.suggest(miss)
            times.append((time.perf_counter() - start) * 1e6)
        per_call.append(statistics.median(times))
        intended += suggestion is not None and normalise(suggestion) == normalise(name)
    indexed = len({normalise(n) for n in names})
    return SuggestResult(label, len(glossary), indexed, len(cases), first_ms, per_call, intended)


# ---------------------------------------------------------------------------------------
# Profiling
# ---------------------------------------------------------------------------------------


#: Phases of a build, as (file suffix, function) of the Sphinx function that runs each.
PHASES = (
    ("load the saved environment (incremental builds)", "sphinx/application.py", "_load_existing_env"),
    ("read sources", "sphinx/builders/__init__.py", "read"),
    ("write pages", "sphinx/builders/__init__.py", "write"),
    ("… post-transforms (incl. resolving references)", "sphinx/environment/__init__.py", "apply_post_transforms"),
    ("… HTML translation", "sphinx/builders/html/__init__.py", "write_doc"),
    ("… search index", "sphinx/builders/html/__init__.py", "index_page"),
    ("finish (indices, inventory, static files)", "sphinx/builders/html/__init__.py", "finish"),
)


@dataclass
class Profile:
    variant: str
    kind: str  # "fresh" or "incremental"
    path: Path
    wall: float
    total: float  # profiled seconds
    calls: int  # function calls, a load-independent measure of work
    phases: dict[str, float]
    rows: list[tuple[float, float, int, int, str]]  # extension functions: cumtime, tottime, calls, primitive, label


def profile_build(runner: Runner, name: str, kind: str = "fresh") -> Profile:
    """cProfile one serial build of a variant: a fresh one, or an incremental rebuild after touching a page."""
    src = runner.source(name)
    out = runner.out_dir(f"profile-{kind}-{file_name(name)}")
    prof = runner.root / f"profile-{kind}-{file_name(name)}.prof"
    if out.exists():
        shutil.rmtree(out)
    if kind == "incremental":
        sphinx_build(src, out, 1, runner.package_for(name))
        runner.touch(name, runner.touched)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "sphinx", "-b", "html", "-q", str(src), str(out)]
    runner.log(f"profiling {name}: {shlex.join(cmd)}")
    build = run_measured(cmd, runner.package_for(name))
    if build.returncode != 0:
        raise SystemExit(f"bench: profiled build failed:\n{build.stderr}")
    stats = pstats.Stats(str(prof))
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    phases = dict.fromkeys((label for label, _f, _n in PHASES), 0.0)
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, _callers) in raw.items():
        for label, suffix, function in PHASES:
            if func == function and filename.endswith(suffix):
                phases[label] += ct
        if "sphinx_aigloss" in filename:
            rows.append((ct, tt, nc, cc, f"{Path(filename).stem}.py:{line} `{func}`"))
    rows.sort(reverse=True)
    total = stats.total_tt  # type: ignore[attr-defined]
    calls = stats.total_calls  # type: ignore[attr-defined]
    return Profile(name, kind, prof, build.wall, total, calls, phases, rows)


def profiles_report(profiles: Sequence[Profile], top: int) -> str:
    names = " | ".join(f"`{p.variant}`" for p in profiles)
    what = ("One serial fresh build" if profiles[0].kind == "fresh" else
            "One serial incremental rebuild (after a full build, one page rewritten)")
    lines = [f"{what} per variant under `python -m cProfile -o FILE -m sphinx -b html -q SRC OUT`. "
             "Profiled times are inflated by the profiler and by the machine's load; the function-call counts "
             "are exact and do not depend on load.", "",
             f"| cumulative seconds | {names} |", "| --- |" + " ---: |" * len(profiles),
             "| wall (under the profiler) | " + " | ".join(f"{p.wall:.1f}" for p in profiles) + " |",
             "| profiled total | " + " | ".join(f"{p.total:.1f}" for p in profiles) + " |"]
    for label, _suffix, _function in PHASES:
        lines.append(f"| {label} | " + " | ".join(f"{p.phases[label]:.1f}" for p in profiles) + " |")
    lines.append("| function calls (millions) | " + " | ".join(f"{p.calls / 1e6:.2f}" for p in profiles) + " |")
    if len(profiles) > 1:
        base = profiles[0]
        lines.append(f"| function calls / `{base.variant}` | "
                     + " | ".join(f"{p.calls / base.calls:.3f}" for p in profiles) + " |")
    for prof in profiles:
        if not prof.rows:
            continue
        lines += ["", f"Functions of `sphinx_aigloss` in the `{prof.variant}` build by cumulative time "
                  f"(top {top}; profile saved as `{prof.path.name}` in the work folder):", "",
                  "| function | calls | own time (s) | cumulative (s) | share of profiled total |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for ct, tt, nc, cc, label in prof.rows[:top]:
            calls = f"{nc}" if nc == cc else f"{nc}/{cc}"
            lines.append(f"| {label} | {calls} | {tt:.3f} | {ct:.3f} | {ct / prof.total:.1%} |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------


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
             "| peak RSS (of medians) | HTML total | `_static` | wall target | RSS target |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for result in results:
        base = result.series[result.mode.baseline]
        for name in result.mode.candidates:
            cand = result.series[name]
            wall = statistics.median(cand.walls) / statistics.median(base.walls)
            paired = [c / b for c, b in zip(cand.walls, base.walls, strict=True)]
            cpu = statistics.median(cand.cpus) / statistics.median(base.cpus)
            rss = statistics.median(cand.rss_mib) / statistics.median(base.rss_mib)
            bs, cs = base.sizes or Sizes(), cand.sizes or Sizes()
            html = cs.html_total / bs.html_total if bs.html_total else float("nan")
            static = cs.static_total / bs.static_total if bs.static_total else float("nan")
            time_target = TIME_TARGETS.get(result.mode.name)
            rss_target = RSS_TARGET if result.mode.baseline == "std" and result.mode.name in TIME_TARGETS else None
            lines.append(
                f"| {result.mode.name} | {name} / {result.mode.baseline} | {fmt_ratio(wall)} "
                f"| {fmt_ratio(statistics.median(paired))} [{spread(paired, digits=3)}] | {fmt_ratio(cpu)} "
                f"| {fmt_ratio(rss)} | {fmt_ratio(html)} | {fmt_ratio(static)} | {verdict(wall, time_target)} "
                f"| {verdict(rss, rss_target)} |")
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


def suggest_table(rows: Sequence[SuggestResult]) -> str:
    lines = ["| glossary | terms | names indexed | misspelled names | first call, builds index (ms) "
             "| median per call (µs) | p90 (µs) | max (µs) | gave the intended name | target < 1 ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        ordered = sorted(r.per_call_us)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        ok = "pass" if r.median_us < SUGGEST_TARGET_US else "FAIL"
        lines.append(f"| {r.label} | {r.terms} | {r.names} | {r.calls} | {r.first_ms:.1f} | {r.median_us:,.0f} "
                     f"| {p90:,.0f} | {ordered[-1]:,.0f} | {r.intended}/{r.calls} | {ok} |")
    return "\n".join(lines)


def machine_info() -> list[str]:
    import docutils
    import sphinx

    import sphinx_aigloss

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
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


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return ""


# ---------------------------------------------------------------------------------------
# Browser: the script on a page of many term links, in headless Chromium
# ---------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright cannot download browsers here
SHOW_DELAY_MS = 200  # aigloss.js: the hover intent delay
FRAME_MS = 1000 / 60
INIT_TARGET_MS = 1.0


@dataclass
class BrowserResult:
    links: int
    chromium: str
    eval_ms: list[float] = field(default_factory=list)  # evaluating the script: parse, compile and run
    init_ms: list[float] = field(default_factory=list)  # running the compiled script: its start-up
    focus_ms: list[float] = field(default_factory=list)  # focus on the last link -> card shown (first card)
    hover_ms: list[float] = field(default_factory=list)  # pointer onto the last link -> card in a frame, less the delay


def browser_page(runner: Runner, links: int) -> Path:
    """Build, once per run, a page with ``links`` term links in every name form; its HTML file."""
    src = runner.root / "browser" / "src"
    out = runner.root / "browser" / "out"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    forms = [form for term in runner.ctx.glossary for form in name_forms(term, runner.ctx.glossary)]
    paragraphs = []
    for start in range(0, links, 10):
        words = [f":aiterm:`{forms[i % len(forms)]}`" for i in range(start, min(start + 10, links))]
        paragraphs.append("Some prose about " + ", then ".join(words) + ".\n\n")
    (src / "conf.py").write_text('extensions = ["sphinx_aigloss"]\nhtml_theme = "alabaster"\n', encoding="utf-8")
    (src / "index.rst").write_text(heading("Many term links", "=") + "".join(paragraphs), encoding="utf-8")
    sphinx_build(src, out, 1, runner.package)
    return out / "index.html"


EVAL_JS = """(source) => {
    const t0 = performance.now();
    (0, eval)(source);
    return performance.now() - t0;
}"""
# Compiled first, then timed: only what the script does when it starts (a browser parses a
# deferred script while the page loads, off the main thread where it can).
INIT_JS = """(source) => {
    const start = new Function(source);
    const t0 = performance.now();
    start();
    return performance.now() - t0;
}"""
FOCUS_JS = """() => {
    const links = document.querySelectorAll('a.aigloss-term');
    const t0 = performance.now();
    links[links.length - 1].focus();
    const card = document.getElementById('aigloss-card');
    if (!card || !card.matches(':popover-open')) throw new Error('no card after focus');
    return performance.now() - t0;
}"""
# Time stamps: the pointer entering a term link, and the first animation frame in which the
# card is open (the frame that paints it).
WATCH_JS = """() => {
    window.aiglossBench = {};
    document.addEventListener('pointerover', (event) => {
        if (!window.aiglossBench.over && event.target.closest('a.aigloss-term')) {
            window.aiglossBench.over = performance.now();
        }
    }, true);
    const poll = (now) => {
        const card = document.getElementById('aigloss-card');
        if (card && card.matches(':popover-open')) window.aiglossBench.shown = now;
        else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
}"""


def bench_browser(runner: Runner, runs: int, links: int) -> BrowserResult:
    from playwright.sync_api import sync_playwright

    html = browser_page(runner, links)
    # The same page without its script tag, so the script's evaluation can be timed.
    tag = re.compile(r'<script[^>]*src="_static/aigloss\.js[^"]*"[^>]*></script>')
    text = html.read_text(encoding="utf-8")
    if not tag.search(text) or text.count('class="aigloss-term') < links:
        raise SystemExit(f"bench: the browser page does not have the script and {links} term links")
    timed = html.with_name("timed.html")
    timed.write_text(tag.sub("", text), encoding="utf-8")
    source = (runner.package.folder / PACKAGE / "static" / "aigloss.js").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        result = BrowserResult(links, f"Chromium {browser.version}")
        for run in range(runs):
            runner.log(f"browser {run + 1}/{runs}")
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(timed.as_uri())
            result.eval_ms.append(page.evaluate(EVAL_JS, source))
            page.close()
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(timed.as_uri())
            result.init_ms.append(page.evaluate(INIT_JS, source))
            page.keyboard.press("Tab")  # keyboard modality: focus shows the card at once
            result.focus_ms.append(page.evaluate(FOCUS_JS))
            page.close()
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(html.as_uri())
            last = page.locator("a.aigloss-term").last
            last.scroll_into_view_if_needed()
            box = last.bounding_box()
            assert box is not None
            page.evaluate(WATCH_JS)
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_function("window.aiglossBench.shown !== undefined")
            stamps = page.evaluate("window.aiglossBench")
            result.hover_ms.append(stamps["shown"] - stamps["over"] - SHOW_DELAY_MS)
            page.close()
        browser.close()
    return result


def browser_table(result: BrowserResult) -> str:
    rows: list[tuple[str, list[float], str, float | None]] = [
        ("script start-up: run the compiled script (one delegated listener per event type, no DOM walk, "
         "no data parsed)", result.init_ms, f"≤ {INIT_TARGET_MS:g} ms", INIT_TARGET_MS),
        ("the same plus parsing and compiling its source (`eval` of the 18 kB file on the main thread)",
         result.eval_ms, "—", None),
        ("first card by keyboard focus (parse the page data, build and show the card)", result.focus_ms,
         f"≤ 1 frame ({FRAME_MS:.1f} ms)", FRAME_MS),
        (f"first card by hover: pointer in → frame that paints the card, less the {SHOW_DELAY_MS} ms intent "
         "delay", result.hover_ms, f"≤ 1 frame ({FRAME_MS:.1f} ms)", FRAME_MS),
    ]
    lines = ["| measure | runs | median (ms) | min–max (ms) | target | verdict |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for label, values, target, limit in rows:
        median = statistics.median(values)
        verdict = "—" if limit is None else "pass" if median <= limit else "FAIL"
        lines.append(f"| {label} | {len(values)} | {median:.2f} | {min(values):.2f}–{max(values):.2f} | {target} "
                     f"| {verdict} |")
    return "\n".join(lines)


def report(args: argparse.Namespace, runner: Runner, results: list[ModeResult], suggest: list[SuggestResult],
           profiles: list[Profile], load: tuple[tuple[float, ...], tuple[float, ...]], elapsed: float,
           machine: list[str], browser: BrowserResult | None = None) -> str:
    spec = runner.spec
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
        distinct = [len({ref.term.id for section in page.sections for paragraph in section
                             for _template, ref in paragraph if ref}) for page in runner.pages]
        table = per_page_table(results, distinct)
        if table:
            out += ["", "### Added HTML per page", "", table]
    if suggest:
        out += ["", "### Unknown-term suggestions (`Glossary.suggest`)", "",
                f"Median over {suggest[0].calls} misspelled names (one edit of a known name form; each timed "
                "3 times, its median kept), after a first call that builds the suggestion index.", "",
                suggest_table(suggest)]
    if browser:
        out += ["", "### Browser", "",
                f"{browser.chromium}, headless, via Playwright; one page with {browser.links:,} term links "
                f"(every name form of the 30 terms), the card of the last one; {len(browser.init_ms)} runs, "
                "each in a fresh tab. Chromium rounds `performance.now()` to 0.1 ms on `file:` pages.", "",
                browser_table(browser)]
    if profiles:
        out += ["", "### Profile", "", profiles_report(profiles, args.profile_top)]
    return "\n".join(out)


def fmt_load(values: tuple[float, ...]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


def write_results(path: Path, section: str, command: str, body: str) -> None:
    start, end = f"<!-- bench:{section}:start -->", f"<!-- bench:{section}:end -->"
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    block = f"{start}\n## {section} ({stamp})\n\nCommand:\n\n```sh\n{command}\n```\n\n{body}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else (
        "# Benchmark results\n\nWritten by `benchmarks/bench.py --write-results`: each run replaces the section "
        "of the same name (`--section`) or adds one. Ratios are sphinx-aigloss over plain Sphinx "
        "(or over the 30-term build for the data-scale mode); lower is better.\n\n")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def parse_modes(text: str) -> list[str]:
    modes: list[str] = []
    for item in text.split(","):
        item = item.strip()
        chosen = ALL_MODES if item == "all" else (item,)
        for mode in chosen:
            if mode not in (*MODES, *EXTRA_MODES):
                known = ", ".join([*MODES, *EXTRA_MODES, "all"])
                raise argparse.ArgumentTypeError(f"unknown mode {mode!r} (known: {known})")
            if mode not in modes:
                modes.append(mode)
    return modes


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench.py", description=__doc__.split("\n\n", 1)[0],
        epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", type=parse_modes, default=["serial", "parallel", "incremental"],
                        help="comma-separated modes: serial, parallel, incremental, data, data-incremental, "
                             "data-listed, autolink, autolink-roles, idle, report, profile, browser, or all "
                             "(= serial, parallel, incremental, data, data-incremental, data-listed); "
                             "default: serial,parallel,incremental")
    parser.add_argument("--pages", type=int, default=300, help="content pages (default 300; try 1000 for scale)")
    parser.add_argument("--refs", type=int, default=50, help="term references per page (default 50)")
    parser.add_argument("--terms-per-page", type=int, default=10,
                        help="distinct terms a page refers to (default 10; 0 = all 30)")
    parser.add_argument("--reps", type=int, default=5, help="timed builds per variant and mode (default 5)")
    parser.add_argument("--jobs", type=int, default=2, help="-j of the parallel mode (default 2)")
    parser.add_argument("--candidates", default="",
                        help="comma-separated variants to compare with std in the serial, parallel and "
                             f"incremental modes instead of aigloss (known: {', '.join(VARIANTS)})")
    parser.add_argument("--extra-terms", type=int, default=5000, help="terms in the data file of the data mode")
    parser.add_argument("--browser-links", type=int, default=2000,
                        help="term links on the page of the browser mode (default 2000)")
    parser.add_argument("--suggest-names", type=int, default=200,
                        help="misspelled names for the suggestion micro-benchmark (default 200)")
    parser.add_argument("--profile-variants", default="std,aigloss",
                        help="comma-separated variants the profile mode profiles, the first one is the "
                             "reference for call counts (default std,aigloss)")
    parser.add_argument("--profile-build", choices=("fresh", "incremental"), default="fresh",
                        help="what the profile mode profiles: a fresh build (default) or the rebuild after "
                             "one page is rewritten")
    parser.add_argument("--profile-top", type=int, default=25, help="functions listed per profile (default 25)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated prose and data (default 1)")
    parser.add_argument("--workdir", default=str(DEFAULT_WORKDIR),
                        help="where projects and outputs go (default benchmarks/_work, git-ignored)")
    parser.add_argument("--keep", action="store_true", help="keep every output folder")
    parser.add_argument("--write-results", action="store_true",
                        help="also write the report into RESULTS.md (replacing the section of the same name)")
    parser.add_argument("--results", default=str(DEFAULT_RESULTS),
                        help="the results file (default benchmarks/RESULTS.md)")
    parser.add_argument("--section", default="",
                        help="section name in the results file (default: from modes and project size)")
    parser.add_argument("--package-dir", default=str(REPO),
                        help=f"the folder holding the {PACKAGE} package to measure (default: this repository); "
                             "point it at a scratch copy to measure a candidate fix")
    parser.add_argument("--compare-package", action="append", default=[], metavar="DIR",
                        help=f"also build the aigloss project with the {PACKAGE} package of DIR (e.g. a scratch "
                             "copy with a candidate fix), as variant aigloss@NAME-OF-DIR, in the same "
                             "alternation; repeatable")
    parser.set_defaults(extra_candidates=[])
    parser.add_argument("--no-snapshot", action="store_true",
                        help=f"build with the working tree's {PACKAGE} instead of a byte-compiled copy taken at "
                             "the start (edits made during the run would then be measured too, and with "
                             "PYTHONDONTWRITEBYTECODE set its modules are compiled again by every build)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    for folder in args.compare_package:
        # One more variant: the aigloss project built with another copy of the package.
        origin = Path(folder).resolve()
        name = f"aigloss@{origin.name}"
        VARIANTS[name] = replace(VARIANTS["aigloss"], name=name, package_dir=origin,
                                 summary=f"aigloss built with the `{PACKAGE}` of `{origin}`")
        args.extra_candidates.append(name)
    if args.pages < 1 or args.refs < 1 or args.reps < 1 or args.jobs < 1:
        parser.error("--pages, --refs, --reps and --jobs must be at least 1")
    for option in ("candidates", "profile_variants"):
        for name in filter(None, getattr(args, option).split(",")):
            if name not in VARIANTS:
                parser.error(f"unknown variant {name!r} (known: {', '.join(VARIANTS)})")
    return args


def modes_for(args: argparse.Namespace) -> Iterator[Mode]:
    chosen = tuple(filter(None, args.candidates.split(",")))
    for name in args.mode:
        if name in EXTRA_MODES:
            continue
        mode = MODES[name]
        if mode.baseline == "std":
            candidates = (*(chosen or mode.candidates), *args.extra_candidates)
            mode = replace(mode, candidates=tuple(dict.fromkeys(candidates)))
        yield mode


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_start = os.getloadavg()
    root = Path(args.workdir).resolve() / f"p{args.pages}-r{args.refs}-t{args.terms_per_page}-s{args.seed}"
    root.mkdir(parents=True, exist_ok=True)
    package = prepare_package(root / "snapshot", not args.no_snapshot, Path(args.package_dir).resolve())
    sys.path.insert(0, str(package.folder))  # the in-process model is the measured one too
    machine = machine_info()  # git state as the package is copied, not when the report is written
    runner = Runner(args, package, root)
    runner.log(f"project in {runner.root}; {PACKAGE} from {package.folder} ({package.digest})")
    results: list[ModeResult] = []
    for mode in modes_for(args):
        results.append(runner.run(mode))
    suggest: list[SuggestResult] = []
    if "data" in args.mode:
        runner.log("suggestion micro-benchmark")
        big = load_with_extra(runner.source("aigloss+data") / EXTRA_FILE)
        suggest = [bench_suggest(runner.ctx.glossary, "canonical", args.suggest_names, args.seed),
                   bench_suggest(big, f"canonical + {args.extra_terms} extra", args.suggest_names, args.seed)]
    browser = bench_browser(runner, args.reps, args.browser_links) if "browser" in args.mode else None
    profiles = []
    if "profile" in args.mode:
        profiles = [profile_build(runner, name, args.profile_build)
                    for name in filter(None, args.profile_variants.split(","))]
    body = report(args, runner, results, suggest, profiles, (load_start, os.getloadavg()),
                  time.perf_counter() - started, machine, browser)
    print(body)
    if args.write_results:
        section = args.section or f"{args.pages} pages × {args.refs} refs: {', '.join(args.mode)}"
        command = shlex.join([".venv/bin/python", "benchmarks/bench.py", *(sys.argv[1:] if argv is None else argv)])
        write_results(Path(args.results), section, command, body)
        runner.log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
