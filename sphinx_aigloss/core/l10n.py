"""Translations of a glossary's names and definitions through gettext catalogs (PRODUCT §13).

A pack's messages live in the catalog domain named after the pack's id; each message of a
term has the term's id as its context (``msgctxt``), and its English text as the ``msgid``:
the name, abbreviation, expansion, each alias and the definition (the short definition is
the definition's first sentence, not a text of its own). Catalogs are the files Sphinx's
gettext workflow makes: ``sphinx-build -b gettext`` writes the templates, ``sphinx-intl
update`` and ``sphinx-intl build`` make the ``.po`` and ``.mo`` files.

Translation is an overlay: the data files stay English; a translated Glossary is built from
the English one and the catalogs, keeping each translated term's English name forms
(``Term.english``). Pure Python (Babel reads and writes the catalogs), no Sphinx.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import PoFileError, PoFileParser, read_po, write_po

from .glossary import Glossary
from .installed import available_pack
from .names import category_problem, name_problem, normalise
from .terms import Term
from .text import control_problem, visible

#: The language the data files are written in.
SOURCE_LANGUAGE = "en"
#: The folder beside a pack's data file that holds its catalogs (``locale/<lang>/LC_MESSAGES``).
PACK_LOCALE = "locale"
#: The context of a category's title in a pack's catalog (no term id can hold parentheses).
CATEGORY_CONTEXT = "(category)"


def is_source_language(language: str | None) -> bool:
    """Whether a build in this language shows the data as written (no language, or English)."""
    return not language or language.replace("-", "_").split("_")[0].lower() == SOURCE_LANGUAGE


def term_messages(term: Term) -> list[str]:
    """The English texts of a term a catalog translates, without repeats, the name first."""
    texts = (term.name, term.abbreviation, term.expansion, *term.aliases, term.definition)
    return list(dict.fromkeys(text for text in texts if text))


def pack_categories(declared: Iterable[str], terms: Iterable[Term]) -> list[str]:
    """A pack's categories: those its ``[pack]`` table declares, then its terms', once each."""
    return list(dict.fromkeys([*declared, *(term.category for term in terms)]))


def template(pack_id: str, terms: Sequence[Term], version: str = "", categories: Sequence[str] = ()) -> Catalog:
    """The message template (``.pot``) of a pack: every term's messages, in data order, then
    the titles of its categories (written without line numbers: a location names the data
    file only)."""
    catalog = Catalog(project=pack_id, version=version or None, fuzzy=False)
    for term in terms:
        for text in term_messages(term):
            catalog.add(text, "", locations=[(term.source, 0)] if term.source else (), context=term.id)
    source = next((term.source for term in terms if term.source), "")
    for category in pack_categories(categories, terms):
        catalog.add(category, "", locations=[(source, 0)] if source else (), context=CATEGORY_CONTEXT)
    return catalog


def merged_template(pages: bytes, pack: Catalog) -> Catalog:
    """A pack's messages added to the template of pages that share its domain (a page named
    like the pack: Sphinx names a page's catalog after it). The pages' messages have no
    context, ours always one: those of an earlier run are replaced."""
    catalog = read_po(io.BytesIO(pages))
    for message in list(catalog):
        if message.id and message.context is not None:
            catalog.delete(message.id, context=message.context)
    for message in pack:
        if message.id:
            catalog.add(message.id, "", locations=message.locations, context=message.context)
    return catalog


def template_bytes(catalog: Catalog) -> bytes:
    stream = io.BytesIO()
    write_po(stream, catalog, width=79)  # (our locations have no line: a file name only)
    return stream.getvalue()


def same_template(old: bytes, new: bytes) -> bool:
    """Whether two templates differ in nothing but their creation date (left unwritten then,
    as Sphinx leaves its own templates)."""
    def body(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b'"POT-Creation-Date:')]
    return body(old) == body(new)


def domain_problem(pack_id: str) -> str | None:
    """Why a pack's id cannot name its catalogs (a file name in ``LC_MESSAGES``, and the
    ``.pot`` the gettext builder writes), or None when it can."""
    if not pack_id.strip() or pack_id.startswith(".") or any(char in pack_id for char in "/\\"):
        return f"pack id {pack_id!r} cannot name a catalog file (empty, a leading '.', or a path separator)"
    return control_problem(pack_id)


def catalog_languages(language: str) -> list[str]:
    """The language folders a catalog is looked for in, as gettext looks (Sphinx reads its
    page catalogs with gettext): the language, then without territory, script or modifier
    ("de_DE", "de"; "zh_Hans", "zh"). gettext splits at "_" only: "pt-BR" is one folder."""
    return list(dict.fromkeys([language, language.split("@")[0].split(".")[0].split("_")[0]]))


def catalog_files(domain: str, language: str, folders: Iterable[Path]) -> list[Path]:
    """The compiled catalogs (``<folder>/<lang>/LC_MESSAGES/<domain>.mo``) of a domain, most
    specific language first ("de_AT", then "de"), folder by folder (gettext's own search)."""
    out: dict[str, Path] = {}
    if domain_problem(domain):
        return []
    for folder in folders:
        for path in map(Path, gettext.find(domain, str(folder), [language], all=True)):
            # A file found twice ("locales" and "./locales", or a project folder that is the
            # pack's own): read, and warned about, once.
            out.setdefault(os.path.realpath(path), path)  # (never raises, a link loop neither)
    return list(out.values())


class CatalogError(Exception):
    """A catalog file cannot be read; the message names the file."""


def plural_locale(language: str | None) -> str | None:
    """The language as Babel takes it for the plural rules of a ``.po`` file without a
    ``Plural-Forms`` header ("pt-BR" as "pt_BR"); None (two forms) for one it cannot parse."""
    if not language:
        return None
    candidate = language.replace("-", "_")
    try:
        Locale.parse(candidate)
    except (ValueError, UnknownLocaleError):
        return None
    return candidate


def read_catalog(path: Path, *, language: str | None) -> Catalog:
    """Read a ``.mo`` (or ``.po``: with the plural rules of ``language``, the build's, passing
    over what Sphinx's compile passes over: see ``po_problem``) file; a file that cannot be read
    at all is a CatalogError naming it."""
    try:
        if not path.is_file():  # a folder, a FIFO (which would block), a dangling link
            raise OSError("not a regular file")
        with path.open("rb") as stream, redirect_stdout(io.StringIO()):  # (Babel prints what it passes over)
            return read_po(stream, locale=plural_locale(language)) if path.suffix == ".po" else read_mo(stream)
    except Exception as exc:  # Babel raises whatever its parser meets (struct, Unicode, index errors)
        message = visible(f"{path}: cannot be read as a message catalog ({type(exc).__name__}: {exc})")
        raise CatalogError(message) from None


def po_problem(path: Path, *, language: str | None) -> tuple[int, str] | None:
    """The line and the first problem Babel passes over in a ``.po`` file when it compiles it
    for ``language`` (a ``msgstr[n]`` past the language's plural forms, a stray keyword), or
    None: compiling says it only on standard output, without the file. (A file that cannot be
    read at all is reported when its compiled catalog is read.)"""
    try:
        with path.open("rb") as stream:
            read_po(stream, locale=plural_locale(language), abort_invalid=True)
    except PoFileError as exc:
        return exc.lineno + 1, str(exc).removesuffix(f" on {exc.lineno}")  # (a 0-based line)
    except Exception:  # (not readable: see above)
        return None
    return None


@dataclass(frozen=True, slots=True)
class Plurals:
    """A catalog's plural entries (``msgid_plural``), which no text of a glossary is: a name,
    a definition and a category title are single messages, so these translate nothing."""

    count: int
    file: Path  # the .po beside the compiled catalog, or the compiled catalog when no line is known
    line: int  # of the first one's msgid in the .po; 0 for none


class _PluralLines(Catalog):
    """A catalog that notes each plural entry's line as it is read: Babel merges a plural entry
    into a single message with the same msgid and context, keeping the single one's line."""

    def __init__(self, language: str | None) -> None:
        super().__init__(locale=plural_locale(language))
        self.lines: dict[tuple[str | None, str], int] = {}

    def __setitem__(self, id: str | tuple[str, ...] | list[str], message: Message) -> None:
        if message.pluralizable and message.lineno:
            self.lines.setdefault((message.context, message.id[0]), message.lineno)
        super().__setitem__(id, message)


def plural_lines(po: Path, *, language: str | None) -> dict[tuple[str | None, str], int]:
    """(context, msgid) -> line of each plural entry of a ``.po`` file in ``language``; none
    when it cannot be read."""
    catalog = _PluralLines(language)
    try:
        if po.is_file():  # (not a FIFO)
            with po.open("rb") as stream:
                PoFileParser(catalog, abort_invalid=True).parse(stream)
    except Exception:  # the compiled catalog is what the build reads: it is named instead
        return {}
    return catalog.lines


def plural_entries(path: Path, catalog: Catalog, *, language: str | None) -> Plurals | None:
    """The plural entries of a catalog in ``language`` read from ``path``, or None. Their line
    is looked up in the ``.po`` beside a compiled catalog, which is read only when there are any."""
    keys = {(message.context, message.id[0]) for message in catalog if message.id and message.pluralizable}
    if not keys:
        return None
    po = path.with_suffix(".po")
    # Only an entry the compiled catalog holds: not a fuzzy one it left out, nor one a stale .po has.
    lines = [line for key, line in plural_lines(po, language=language).items() if key in keys]
    return Plurals(len(keys), po, min(lines)) if lines else Plurals(len(keys), path, 0)


@dataclass(slots=True)
class Catalogs:
    """The catalogs of one pack, the first that translates a message winning (a project's
    own, then the pack's)."""

    catalogs: Sequence[tuple[Path, Catalog]] = ()

    def find(self, context: str, text: str) -> tuple[str, Path] | None:
        """The translation of a message and the file it comes from; None when no catalog has
        one (an empty or fuzzy ``msgstr`` is none: compiled catalogs leave them out anyway)."""
        return next(iter(self.find_all(context, text)), None)

    def find_all(self, context: str, text: str) -> list[tuple[str, Path]]:
        """Every catalog's translation of a message, the winning one first."""
        out = []
        for path, catalog in self.catalogs:
            message = catalog.get(text, context=context)
            if message is not None and isinstance(message.string, str) and message.string and not message.fuzzy:
                out.append((message.string, path))
        return out


@dataclass(slots=True)
class Translation:
    """A translated glossary, and the translations it refused (why, as messages naming the file)."""

    glossary: Glossary
    problems: list[str] = field(default_factory=list)


def _checked(text: str, *, prose: bool = False, category: bool = False) -> tuple[str, str | None]:
    """A translated text as the glossary holds it, or why it cannot be one."""
    if prose:
        value = " ".join(text.split())
        return value, control_problem(text, prose=True) or (None if value else "it is empty")
    value = text.strip()
    problem = name_problem(value) or control_problem(text)
    return value, problem or (category_problem(value) if category else None)


class _Refused:
    """Collects the translations left out, as messages naming the catalog file."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def __call__(self, where: Path, text: str, owner: str, why: str) -> None:
        self.problems.append(visible(f"{where}: the translation of {text!r} ({owner}) is left out: {why}"))


def translate_term(term: Term, catalogs: Catalogs, taken: dict[str, str], refuse: _Refused) -> Term:
    """The term in the catalogs' language: each text with a translation replaced, the first
    catalog's that can be used (a project's, then the pack's). A translated name form that is
    already another term's (``taken``: normalised form -> term id, every English form and the
    translated forms so far) is left out: the English names, then the earlier terms keep
    theirs. A name the catalogs translate differently answers by every translation (the later
    ones become aliases). The term keeps all its English name forms (``english``); ``lang`` is
    "en" when the definition is left in English."""
    def accepted(text: str, found: tuple[str, Path], prose: bool) -> str | None:
        value, problem = _checked(found[0], prose=prose)
        owner = taken.get(normalise(value), term.id) if not prose and not problem else term.id
        if owner != term.id:
            problem = f"{value!r} is already a name of term '{owner}'"
        if problem:
            refuse(found[1], text, f"term '{term.id}'", problem)
            return None
        if not prose:
            taken[normalise(value)] = term.id
        return value

    def translations(text: str, prose: bool = False) -> list[str]:
        out: list[str] = []
        for found in catalogs.find_all(term.id, text) if text else ():
            if out and prose:
                break  # a definition: the winner only
            if found[0].strip() not in out and (value := accepted(text, found, prose)) is not None:
                out.append(value)
        return list(dict.fromkeys(out))

    forms = {text: translations(text) for text in term.names}
    definition = translations(term.definition, prose=True)

    def shown(text: str) -> str:
        return forms[text][0] if forms.get(text) else text

    extra = [value for found in forms.values() for value in found[1:]]
    return replace(
        term, name=shown(term.name), abbreviation=shown(term.abbreviation), expansion=shown(term.expansion),
        aliases=tuple(dict.fromkeys([*map(shown, term.aliases), *extra])),
        definition=definition[0] if definition else term.definition, english=term.names,
        lang="" if definition else SOURCE_LANGUAGE)


def translate_categories(glossary: Glossary, catalogs_of: Callable[[str], Catalogs],
                         refuse: _Refused) -> dict[str, str]:
    """English category -> its title in the language (itself when untranslated), from the
    catalogs of the packs that hold it, the first translating it winning. A title that is
    another category's (English or translated) is left out."""
    owners: dict[str, list[str]] = {}
    for info in glossary.packs:
        for category in info.categories:
            owners.setdefault(category, []).append(info.id)
    for term in glossary:
        owners.setdefault(term.category, []).append(glossary.pack_of(term))
    taken = {normalise(category): category for category in glossary.categories}
    shown: dict[str, str] = {}
    for category in glossary.categories:
        shown[category] = category
        for pack in dict.fromkeys(owners.get(category, ())):
            for found in catalogs_of(pack).find_all(CATEGORY_CONTEXT, category):
                value, problem = _checked(found[0], category=True)
                other = taken.get(normalise(value), category) if not problem else category
                if other != category:
                    problem = f"{value!r} is already the category {other!r}"
                if problem:
                    refuse(found[1], category, "category", problem)
                    continue
                taken[normalise(value)] = category
                shown[category] = value
                break
            if shown[category] != category:
                break
    return shown


def translate(glossary: Glossary, language: str, catalogs_of: Callable[[str], Catalogs]) -> Translation:
    """The glossary in ``language``: each term and category translated by the catalogs of its
    pack (``catalogs_of(pack_id)``). References and relations stay as they are."""
    problems: list[str] = []
    refuse = _Refused(problems)
    categories = translate_categories(glossary, catalogs_of, refuse)
    taken = {normalise(name): term.id for term in glossary for name in term.names}
    terms = [translate_term(term, catalogs_of(glossary.pack_of(term)), taken, refuse) for term in glossary]
    terms = [replace(term, category=categories[term.category]) for term in terms]
    translated = Glossary(terms, list(categories.values()), glossary.packs, glossary.overrides)
    translated.language = language
    translated.english_categories = {title: english for english, title in categories.items()}
    return Translation(translated, problems)


def english_name(term: Term) -> str:
    """The English name of a translated term when it differs from the name shown, else ""."""
    return term.english[0] if term.english and term.english[0] != term.name else ""


def is_english(term: Term, text: str) -> bool:
    """Whether a name form shown for a term of a translated glossary is left in English."""
    return bool(term.english) and text in term.english


def is_english_category(glossary: Glossary, category: str) -> bool:
    """Whether a category of a translated glossary is shown by its English title."""
    return glossary.english_categories.get(category) == category


def pack_folders(glossary: Glossary, files: Sequence[tuple[Path, str]] = ()) -> dict[str, Path]:
    """Pack id -> the folder of its data file (shipped, installed, or one of the project's
    ``files``: (path, label) pairs as load_sources takes them)."""
    by_label = {label: path for path, label in files}
    out: dict[str, Path] = {}
    for info in glossary.packs:
        path = by_label.get(info.source)
        if path is None:
            found = available_pack(info.id)
            path = found.path if found is not None else None
        if path is not None:
            out[info.id] = path.parent
    return out


def pack_locale_dirs(pack_id: str, locale_dirs: Sequence[Path], folders: dict[str, Path]) -> list[Path]:
    """Where a pack's catalogs are looked for, the first winning: a project's ``locale_dirs``,
    then the ``locale`` folder beside the pack's data file."""
    return [*locale_dirs, *([folders[pack_id] / PACK_LOCALE] if pack_id in folders else [])]
