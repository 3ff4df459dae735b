"""Build-event handlers: loading the glossary, and keeping incremental builds exact."""

from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from . import core, l10n, matchable
from .core import PackCache, Term, collector_paused, load_sources
from .core.installed import pack_warnings
from .domain import AiglossDomain, domain_of
from .messages import WARNING_TYPE, Subtype, __, warn_conflicts
from .nodes import glossary_placeholder
from .placements import conditions_of
from .version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


CACHE_FILE = "aigloss-data.pickle"


def _cache_version() -> str:
    """What cached packs are valid for: this release and this very parsing code (an
    editable install keeps its version number while the code changes)."""
    sources = sorted(Path(core.__file__).parent.glob("*.py"))
    code = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:16]
    return f"{__version__}+{code}"


def read_cache(path: Path) -> PackCache:
    """The data files read by an earlier build with the same code, or nothing."""
    try:
        with path.open("rb") as stream:
            version, cache = pickle.load(stream)
    except Exception:  # missing, unreadable or from other code: read the files instead
        return {}
    return cache if version == _cache_version() and isinstance(cache, dict) else {}


def write_cache(path: Path, cache: PackCache) -> None:
    """Write the cache whole or not at all (a temporary file, then renamed): two builds
    sharing a doctree folder never see half a file."""
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, delete=False) as stream:
            temporary = Path(stream.name)
            pickle.dump((_cache_version(), cache), stream, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError as exc:  # a cache is an optimisation: the build goes on without it
        logger.debug("[aigloss] could not write %s: %s", path, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _once(option: str, values: Sequence[str], identity: Callable[[str], object]) -> list[str]:
    """The values of a list option without repeats, warning once about each repeat."""
    seen: set[object] = set()
    out = []
    for value in values:
        key = identity(value)
        if key in seen:
            logger.warning(__("%s lists %r more than once; it is used once"), option, value,
                           type=WARNING_TYPE, subtype=Subtype.config)
        else:
            seen.add(key)
            out.append(value)
    return out


def load_glossary(app: Sphinx) -> None:
    """Load the configured packs and data files once per build, before any document is read.

    A file with problems is one error listing them all (file, entry, field); the build goes
    on without that file, so every other problem shows up too, and ends with exit status 1.
    Data files are parsed again only when their bytes change: what was read is kept next
    to Sphinx's doctrees (a large file costs a fraction of a second to parse, which would
    otherwise dominate a small incremental rebuild).
    """
    confdir = Path(app.confdir)
    names = _once("aigloss_data_files", app.config.aigloss_data_files, lambda name: (confdir / name).resolve())
    files = [(confdir / name, name) for name in names]
    packs = app.config.aigloss_packs
    if packs is not None:
        packs = _once("aigloss_packs", packs, str)
    cache_path = Path(app.doctreedir) / CACHE_FILE
    with collector_paused():
        cache = read_cache(cache_path) if files else {}
        before = dict(cache)
        glossary, conflicts, problems = load_sources(None if packs is None else list(packs), files, cache)
    cache = {label: cache[label] for _path, label in files if label in cache}
    if cache != before:
        write_cache(cache_path, cache)
    domain = domain_of(app.env)
    domain.data_failed = bool(problems)
    if problems:
        listing = "".join(f"\n  {problem}" for problem in problems)
        logger.error(__("%d problem(s) in the AI glossary data; fix them and build again:%s"),
                     len(problems), listing, type=WARNING_TYPE, subtype=Subtype.data)
        app.statuscode = 1
    warn_conflicts(conflicts)
    glossary = l10n.translated_glossary(app, glossary, files)
    for warning in pack_warnings(None if packs is None else list(packs)):
        logger.warning("%s", warning, type=WARNING_TYPE, subtype=Subtype.pack)
    domain.base = glossary
    domain.builder = app.builder
    domain.tags = app.tags
    domain.forget_computed()


def link_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """``autolink.process``, imported by the first build that links or reports mentions: a
    project that does neither (most) never loads automatic linking (a few ms per build)."""
    if app.config.aigloss_autolink or app.config.aigloss_report_unlinked:  # else process() returns at once
        from .autolink import process

        process(app, doctree)


def report_terminology(app: Sphinx, doctree: nodes.document) -> None:
    """``terminology_report.process``, imported only by a build that asks for either report."""
    if app.config.aigloss_report_variants or app.config.aigloss_report_abbreviations:  # else it returns at once
        from .terminology_report import process

        process(app, doctree)


def _defined_heading(node: nodes.Node) -> bool:
    """Whether the node is the heading of an ``aigloss:term`` entry."""
    if not isinstance(node, nodes.term) or node.parent is None:
        return False
    entries = node.parent.parent
    return isinstance(entries, nodes.definition_list) and "aigloss-project-term" in entries["classes"]


def _matching(app: Sphinx) -> bool:
    """Whether pages are read against every name form (automatic linking or a report)."""
    return bool(app.config.aigloss_autolink or app.config.aigloss_report_unlinked
                or app.config.aigloss_report_abbreviations or app.config.aigloss_report_variants)


def note_entries(app: Sphinx, doctree: nodes.document) -> None:
    """Once a page with entries is read: note the conditions its glossaries and terms stand
    under, and the ``aiterm-...`` ids other elements of the page already hold."""
    domain = domain_of(app.env)
    docname = app.env.docname
    if not domain.has_entries(docname):
        return
    ours: set[int] = set()
    glossaries = domain.glossaries.get(docname, [])
    for placeholder in doctree.findall(glossary_placeholder):
        order = placeholder["order"]
        glossaries[order] = glossaries[order]._replace(conditions=conditions_of(placeholder))
    defined = domain.defined_terms.get(docname, [])
    for heading in doctree.findall(nodes.term):
        if not _defined_heading(heading):
            continue
        # The entry's id is given when the page is written, to the definition links go to
        # (not to a duplicate, nor one this builder hides).
        ours.add(id(heading))
        if heading["ids"]:
            heading["aigloss_key"] = heading["ids"].pop()[len("aiterm-"):]
        for i, entry in enumerate(defined):
            if entry.term.id == heading.get("aigloss_key") and entry.lineno == heading.line:
                defined[i] = entry._replace(conditions=conditions_of(heading))
    taken = sorted({name for node in doctree.findall(nodes.Element) if id(node) not in ours
                    for name in node["ids"] if name.startswith("aiterm-")})
    if taken:
        domain.taken_ids[docname] = tuple(taken)
    domain.forget_computed()


def _affected_by_data(domain: AiglossDomain) -> set[str]:
    """Documents to read again because the configured data changed under them.

    A document is affected when a term it references was edited, when a name it uses now
    resolves differently (a term added, removed or renamed in a data file), or when it holds
    a glossary and any term changed.
    """
    new = {term.id: term.digest() for term in domain.base}
    old = domain.digests
    domain.digests = new
    if not old:
        return set()
    changed = {key for key in new.keys() | old.keys() if new.get(key) != old.get(key)}
    if not changed:
        return set()
    out = set(domain.glossaries)
    for docname, refs in domain.refs.items():
        for target, key in refs.items():
            term = domain.base.get(target)
            if key in changed or (term.id if term else "") != key:
                out.add(docname)
                break
    return out


def _reached_by_forms(app: Sphinx, domain: AiglossDomain, data_changed: bool, read_anyway: set[str]) -> set[str]:
    """Documents to read again because the name forms their prose may match changed (a term,
    alias or pack added, removed or renamed): automatic linking and the report read prose
    against every active form."""
    if not _matching(app):
        domain.forms = {}
        return set()
    if not data_changed and domain.forms:
        return set()  # every term's data as when the forms were noted: a no-op rebuild stays cheap
    new = {term.id: matchable.signature(term) for term in domain.base}
    old = domain.forms
    domain.forms = new
    if not old or old == new:  # the first build reads everything anyway
        return set()
    forms = matchable.changed_forms(old, new)
    doctrees = Path(app.doctreedir)
    return {docname for docname in app.env.all_docs.keys() - read_anyway
            if _may_spell(doctrees / f"{docname}.doctree", forms)}


def _may_spell(doctree: Path, forms: list[str]) -> bool:
    """Whether the words of a page's tree, as the last build saved it, may spell a form."""
    try:
        # Read here, not with env.get_doctree: that keeps the bytes in a cache the pages
        # read again later would not replace.
        with doctree.open("rb") as stream:
            tree = pickle.load(stream)
    except Exception:  # no tree, or not one this code can load: read the page again
        return True
    if not isinstance(tree, nodes.Node):
        return True
    words = matchable.word_filter(tree)
    return any(matchable.spells(words, form) for form in forms)


def outdated_by_data(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """Read again the documents whose terms changed in the data files since the last build,
    and those whose prose may match a new or changed name form."""
    domain = domain_of(env)
    digests = domain.digests
    affected = _affected_by_data(domain)
    read_anyway = added | changed | removed | affected
    affected |= _reached_by_forms(app, domain, data_changed=domain.digests != digests, read_anyway=read_anyway)
    domain.anything_read = bool(added or changed or removed or affected)
    return sorted(affected - added - changed - removed)


def shown_digest(domain: AiglossDomain, term: Term) -> str:
    """What a page shows of a term it links: the term's data, which terms its definition
    links to and its related terms (every term's names decide those), and where the links
    to all of them go."""
    glossary, targets = domain.glossary, domain.targets()
    segments = glossary.segments(term)
    related = [other.id for other in glossary.related(term)]
    linked = [term.id, *(key for _text, key in segments if key), *related]
    shown = (term.digest(), segments, related, [targets.get(key) for key in linked])
    return hashlib.blake2b(repr(shown).encode(), digest_size=8).hexdigest()


def dot_state(app: Sphinx) -> tuple[str, str]:
    """The ``graphviz_dot`` setting and the command it finds ("" when none: Graphviz missing)."""
    dot = app.config.graphviz_dot
    found = shutil.which(dot) if isinstance(dot, str) and dot else None
    return repr(dot), found or ""


def updated_by_others(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the pages that show what other pages contain, or what the machine has.

    A page shows what it links: the terms, their cards and where the links go (see
    shown_digest); a glossary shows every term, every link target and the category order;
    a ``:used-only:`` or ``:backlinks:`` glossary also depends on every page's references;
    a map is drawn by Graphviz, or listed without it.
    """
    domain = domain_of(env)
    out: set[str] = set()
    # Where links go (terms without a target link to the fallback page or canonical site),
    # and in which order categories come (html.py's fallback page reads this digest too).
    layout = (sorted(domain.targets().items()), domain.glossary.categories)
    placements = hashlib.sha256(repr(layout).encode()).hexdigest()
    effective = {term.id: term.digest() for term in domain.glossary}
    if (domain.last_layout, domain.last_terms) not in ((placements, effective), (None, None)):
        out.update(domain.glossaries)
    domain.last_layout, domain.last_terms = placements, effective
    shown = {key: shown_digest(domain, domain.glossary.terms[key]) for key in domain.used_keys()}
    before = domain.last_shown
    domain.last_shown = shown
    if before is not None and before != shown:
        changed = {key for key in shown.keys() | before.keys() if shown.get(key) != before.get(key)}
        for docname, refs in domain.refs.items():
            if any(term.id in changed for target in refs for term in domain.glossary.lookup(target).terms):
                out.add(docname)
    if domain.anything_read:
        out.update(docname for docname, placements_ in domain.glossaries.items()
                   if any(p.used_only or p.backlinks for p in placements_))
    dot = dot_state(app)
    if domain.last_dot not in (None, dot):
        out.update(domain.maps)
    domain.last_dot = dot
    return sorted(out & env.all_docs.keys())
