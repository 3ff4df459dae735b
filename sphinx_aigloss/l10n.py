"""Translated glossaries in a Sphinx build (PRODUCT §13): where catalogs are found, the
templates the gettext builder writes, and our own labels' catalogs.

Catalogs of a pack (domain: the pack's id) are looked for in the project's ``locale_dirs``
first, then in the ``locale`` folder next to the pack's data file (a shipped, installed or
project data file alike): the project's translation of a message wins. Our own labels
(domain ``sphinx_aigloss``) follow the same order: a project's catalog, then ours.
"""

from __future__ import annotations

import contextlib
import io
import weakref
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import locale
from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository, docname_to_domain

from .builders import output_of
from .core import Glossary
from .core.l10n import (
    CatalogError,
    Catalogs,
    catalog_files,
    domain_problem,
    is_source_language,
    merged_template,
    pack_folders,
    pack_locale_dirs,
    plural_entries,
    po_problem,
    read_catalog,
    same_template,
    template,
    template_bytes,
    translate,
)
from .core.text import visible
from .messages import MESSAGE_CATALOG, WARNING_TYPE, Subtype, __
from .version import __version__

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def _project_dirs(app: Sphinx) -> list[Path]:
    """The project's ``locale_dirs``, as Sphinx's i18n transform takes them for the pages'
    catalogs (every folder; gettext then looks for "de_DE", then "de", in each)."""
    return [Path(app.srcdir, folder) for folder in app.config.locale_dirs]


def compile_outdated(app: Sphinx, domains: Sequence[str]) -> None:
    """Compile the project's ``.po`` files of these domains whose ``.mo`` is older, as Sphinx
    does for its page catalogs (``gettext_auto_build``) — but before the glossary is loaded,
    which happens before Sphinx compiles its own."""
    if not app.config.gettext_auto_build:
        return
    repo = CatalogRepository(str(app.srcdir), app.config.locale_dirs, app.config.language,
                             app.config.source_encoding)
    wanted = set(domains)
    for catalog in repo.catalogs:
        if catalog.domain in wanted and catalog.is_outdated():
            if problem := po_problem(Path(catalog.po_path), language=app.config.language):
                logger.warning(__("%s; the catalog is compiled as Babel reads it, which may differ from what is "
                                  "written"), problem[1], location=visible(f"{catalog.po_path}:{problem[0]}"),
                               type=WARNING_TYPE, subtype=Subtype.l10n)
            with contextlib.redirect_stdout(io.StringIO()):  # what Babel prints there is the warning above
                catalog.write_mo(app.config.language, app.config.gettext_allow_fuzzy_translations)


#: The glossary as the data files write it, per app: the gettext builder's templates hold its
#: texts, whatever the language its pages are read in.
_ENGLISH: weakref.WeakKeyDictionary[Sphinx, Glossary] = weakref.WeakKeyDictionary()


def translated_glossary(app: Sphinx, glossary: Glossary, files: Sequence[tuple[Path, str]]) -> Glossary:
    """The glossary in the build's language (as it is when the language is English or unset).
    Every builder reads pages against it, the gettext builder too: a page written in the
    language names terms by their translated names."""
    _ENGLISH[app] = glossary
    language = app.config.language
    if is_source_language(language):
        return glossary
    packs = [info.id for info in glossary.packs]
    for pack_id in packs:
        if problem := domain_problem(pack_id):
            logger.warning(__("%s: the pack's terms are shown in English"), problem,
                           type=WARNING_TYPE, subtype=Subtype.l10n)
    compile_outdated(app, packs)
    project = _project_dirs(app)
    folders = pack_folders(glossary, files)
    cache: dict[str, Catalogs] = {}

    def catalogs_of(pack_id: str) -> Catalogs:
        if pack_id not in cache:
            found = []
            for path in catalog_files(pack_id, language, pack_locale_dirs(pack_id, project, folders)):
                try:
                    found.append((path, read_catalog(path, language=language)))
                    warn_plurals(path, found[-1][1], language)
                except CatalogError as exc:
                    logger.warning(__("%s; the glossary shows its English text instead"), exc,
                                   type=WARNING_TYPE, subtype=Subtype.l10n)
            cache[pack_id] = Catalogs(found)
        return cache[pack_id]

    result = translate(glossary, language, catalogs_of)
    for problem in result.problems:
        logger.warning("%s", problem, type=WARNING_TYPE, subtype=Subtype.l10n)
    return result.glossary


def warn_plurals(path: Path, catalog: Catalog, language: str) -> None:
    """One warning for a catalog with plural entries, at the first: they translate nothing, and
    a translator would otherwise wait for text that never shows."""
    found = plural_entries(path, catalog, language=language)
    if found is None:
        return
    message = __("plural entries (msgid_plural) are ignored, %d in this catalog: a term's names and definition and "
                 "a category's title are single messages (msgid, msgstr)")
    if found.line:
        logger.warning(message, found.count, location=visible(f"{found.file}:{found.line}"), type=WARNING_TYPE,
                       subtype=Subtype.l10n)
    else:  # a location without a line would be read as a page's name ("example.mo.rst")
        logger.warning("%s: " + message, visible(str(found.file)), found.count, type=WARNING_TYPE,
                       subtype=Subtype.l10n)


def write_templates(app: Sphinx, exception: BaseException | None) -> None:
    """``-b gettext``: a ``<pack-id>.pot`` per active pack next to the pages' templates
    (left as it is when only its creation date would change). A page whose catalog has the
    pack's name (``glossary.rst`` and a pack ``glossary``) shares it: the pack's messages
    join the page's template, which Sphinx has written by now."""
    if exception is not None or not output_of(app.builder).message_templates:
        return
    glossary = _ENGLISH.get(app, Glossary())
    pages = {docname_to_domain(docname, app.config.gettext_compact) for docname in app.env.found_docs}
    for info in glossary.packs:
        if problem := domain_problem(info.id):
            logger.warning(__("%s: no template is written for it"), problem, type=WARNING_TYPE, subtype=Subtype.l10n)
            continue
        terms = [term for term in glossary if glossary.pack_of(term) == info.id]
        catalog = template(info.id, terms, __version__, info.categories)
        path = Path(app.builder.outdir) / f"{info.id}.pot"
        old = path.read_bytes() if path.is_file() else b""
        data = template_bytes(merged_template(old, catalog) if info.id in pages and old else catalog)
        if old and same_template(old, data):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def init_labels(app: Sphinx) -> None:
    """Load our labels' catalogs with a project's own (``locale_dirs``) ahead of ours, so a
    project's translation of a label wins; Sphinx keeps the first catalog it loads."""
    language = app.config.language
    if is_source_language(language):
        return
    compile_outdated(app, [MESSAGE_CATALOG])
    ours = str(resources.files(__package__) / "locale")
    locale.translators.pop(("general", MESSAGE_CATALOG), None)
    locale.init([*map(str, _project_dirs(app)), ours], language, MESSAGE_CATALOG)
