"""How far each pack of a glossary is translated (``aigloss l10n-status``): the catalogs a
build would read for a language, and per pack the terms translated, fuzzy and untranslated,
and the plural entries the build ignores. Pure Python, no Sphinx; catalogs are found and read
as ``l10n`` finds and reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from .glossary import Glossary
from .l10n import CatalogError, catalog_languages, domain_problem, pack_locale_dirs, po_problem, read_catalog
from .terms import Term
from .text import visible


@dataclass(frozen=True, slots=True)
class PluralStatus:
    """A pack's plural entries (``msgid_plural``) in its catalogs, counted as terms are: the
    build ignores them (a term's texts are single messages), and says so, so a translator
    should know they are there. Missing forms: some of the language's plural forms translated,
    not all."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    missing_forms: int = 0

    @property
    def count(self) -> int:
        return self.translated + self.fuzzy + self.untranslated + self.missing_forms


def plural_status(catalogs: Sequence[tuple[Path, Catalog]]) -> PluralStatus:
    """The plural entries of every catalog read (each file's own: none wins over another)."""
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0, "missing_forms": 0}
    for _path, catalog in catalogs:
        for message in catalog:
            if not message.id or not message.pluralizable:
                continue
            forms = [message.string] if isinstance(message.string, str) else list(message.string or ())
            if message.fuzzy:
                counts["fuzzy"] += 1
            elif not any(forms):
                counts["untranslated"] += 1
            elif not all(forms) or len(forms) < catalog.num_plurals:  # (a .mo holds the forms written)
                counts["missing_forms"] += 1
            else:
                counts["translated"] += 1
    return PluralStatus(**counts)


@dataclass(frozen=True, slots=True)
class PackStatus:
    """How far one pack is translated (``aigloss l10n-status``). A term counts as translated
    when its name and definition are, as fuzzy when either translation is marked fuzzy (and
    so not used), as untranslated otherwise."""

    pack: str
    catalogs: list[str]  # the files read, the first winning
    translated: int
    fuzzy: int
    untranslated: list[str]  # the English names
    plurals: PluralStatus
    problems: list[str]  # "FILE:LINE: what" for what the build passes over (and warns about) in a .po
    unreadable: list[str]  # "FILE: cannot be read ...": a catalog the build warns about and leaves out


def _first(catalogs: Sequence[tuple[Path, Catalog]], context: str, text: str) -> tuple[str, bool] | None:
    """The translation the build would take (the first catalog's non-empty ``msgstr``), and
    whether it is fuzzy."""
    for _path, catalog in catalogs:
        message = catalog.get(text, context=context)
        if message is not None and isinstance(message.string, str) and message.string:
            return message.string, message.fuzzy
    return None


def pack_status(pack: str, terms: Iterable[Term], catalogs: Sequence[tuple[Path, Catalog]],
                language: str | None, unreadable: Sequence[str] = ()) -> PackStatus:
    translated = fuzzy = 0
    untranslated: list[str] = []
    for term in terms:
        found = [_first(catalogs, term.id, text) for text in (term.name, term.definition)]
        if any(item is not None and item[1] for item in found):
            fuzzy += 1
        elif all(item is not None for item in found):
            translated += 1
        else:
            untranslated.append(term.name)
    problems = [f"{path}:{problem[0]}: {problem[1]}" for path, _catalog in catalogs
                if path.suffix == ".po" and (problem := po_problem(path, language=language))]
    return PackStatus(pack, [str(path) for path, _catalog in catalogs], translated, fuzzy, untranslated,
                      plural_status(catalogs), problems, list(unreadable))


def source_catalogs(domain: str, language: str, folders: Iterable[Path],
                    problems: list[str] | None = None) -> list[Path]:
    """A domain's editable catalogs (``.po``; a ``.mo`` where no ``.po`` is beside it), folder
    by folder, the most specific language first. A folder that cannot be searched is named
    in ``problems``, and the others are searched."""
    out: list[Path] = []
    if domain_problem(domain):
        return out
    for folder in folders:
        for lang in catalog_languages(language):
            po = folder / lang / "LC_MESSAGES" / f"{domain}.po"
            try:
                found = po if po.exists() else po.with_suffix(".mo")
                if found.exists():  # (read_catalog names what is not a file)
                    out.append(found)
            except OSError as exc:  # a folder on the way that cannot be entered
                if problems is not None:
                    problems.append(visible(f"{folder}: cannot be searched for catalogs ({exc.strerror or exc})"))
                break
    return out


def glossary_status(glossary: Glossary, language: str, locale_dirs: Sequence[Path],
                    folders: dict[str, Path]) -> list[PackStatus]:
    """The translation status of every pack of the glossary; a catalog that cannot be read
    is left out, as the build leaves it out, and named in its pack's status."""
    out = []
    for info in glossary.packs:
        catalogs: list[tuple[Path, Catalog]] = []
        unreadable: list[str] = []
        for path in source_catalogs(info.id, language, pack_locale_dirs(info.id, locale_dirs, folders), unreadable):
            try:
                catalogs.append((path, read_catalog(path, language=language)))
            except CatalogError as exc:
                unreadable.append(str(exc))
        terms = [t for t in glossary if glossary.pack_of(t) == info.id]
        out.append(pack_status(info.id, terms, catalogs, language, unreadable))
    return out
