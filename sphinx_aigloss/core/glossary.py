"""The glossary: an ordered set of terms with an index over every name form, lookups,
categories, related terms, and merging a project's terms into the canonical ones. Pure
Python, no Sphinx."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from .collation import name_order
from .mentions import Matcher, Mention
from .names import inflections, is_all_caps, normalise, singulars
from .suggest import Suggester
from .terms import Conflict, PackInfo, Problem, Term


@dataclass(slots=True)
class Lookup:
    """The result of looking a name up: the term, or the candidates that make it ambiguous."""

    terms: list[Term] = field(default_factory=list)

    @property
    def term(self) -> Term | None:
        return self.terms[0] if len(self.terms) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.terms) > 1


@dataclass(frozen=True, slots=True)
class Override:
    """A term that says ``override`` and shares its id or name with an earlier one."""

    term: Term  # the overriding definition
    replaced: Term  # the one it replaces (or would replace)
    applied: bool  # False: refused (an installed pack the project did not select by id)


class Glossary:
    """An ordered set of terms with an index over every name form."""

    def __init__(self, terms: Iterable[Term] = (), categories: Sequence[str] = (),
                 packs: Sequence[PackInfo] = (), overrides: Sequence[Override] = ()) -> None:
        self.terms: dict[str, Term] = {}
        for term in terms:
            self.terms[term.id] = term
        self.categories: list[str] = list(dict.fromkeys([*categories, *(t.category for t in self.terms.values())]))
        self.packs = list(packs)
        #: every override met while merging, applied or refused, in order
        self.overrides = list(overrides)
        #: the language of the names ("": the data's English; core/l10n.py sets it): their order
        self.language = ""
        #: a translated glossary's category titles -> their English names (core/l10n.py)
        self.english_categories: dict[str, str] = {}
        self._exact: dict[str, tuple[str, ...]] = {}
        self._plural: dict[str, tuple[str, ...]] = {}
        self._inflected: dict[str, tuple[str, ...]] = {}
        for term in self.terms.values():
            for name in term.names:
                norm = normalise(name)
                _add(self._exact, norm, term.id)
                if term.english and name not in term.english:
                    continue  # a translated name: exact forms only (the plural rules are English)
                for form in singulars(norm):
                    _add(self._plural, form, term.id)
                if term.inflect and name != term.abbreviation and not is_all_caps(name):
                    for form in inflections(norm):
                        _add(self._inflected, form, term.id)
        self._lookups: dict[str, Lookup] = {}
        self._matcher: Matcher | None = None
        self._suggester: Suggester | None = None

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __contains__(self, key: object) -> bool:
        return key in self.terms

    def lookup(self, name: str) -> Lookup:
        """Find the term(s) a name refers to, by any of its forms (memoised: O(1) per name)."""
        found = self._lookups.get(name)
        if found is None:
            found = self._lookups[name] = self._lookup(normalise(name))
        return found

    def _lookup(self, norm: str) -> Lookup:
        for index, candidates in ((self._exact, [norm]), (self._exact, singulars(norm)),
                                  (self._plural, [norm]), (self._inflected, [norm])):
            for form in candidates:
                keys = index.get(form)
                if keys:
                    return Lookup([self.terms[k] for k in keys])
        return Lookup()

    def get(self, name: str) -> Term | None:
        return self.lookup(name).term

    def is_form(self, norm: str) -> bool:
        """Whether a normalised text is a name form of some term (any case, plural or verb form)."""
        return (norm in self._exact or norm in self._plural or norm in self._inflected
                or any(form in self._exact for form in singulars(norm)))

    def forms(self) -> list[str]:
        """Every normalised name form and verb form, sorted (for prefix searches)."""
        return sorted({*self._exact, *self._inflected})

    # -- mentions and suggestions: their own modules, which keep their own caches ----------

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = Matcher(self)
        return self._matcher

    def mentions(self, text: str, *, autolink_only: bool = False) -> list[Mention]:
        """Mentions of terms in prose (see Matcher.mentions)."""
        return self.matcher.mentions(text, autolink_only=autolink_only)

    def segments(self, term: Term, *, short: bool = False) -> list[tuple[str, str]]:
        """A term's definition as (text, id) pieces (see Matcher.segments)."""
        return self.matcher.segments(term, short=short)

    def suggest(self, name: str) -> str | None:
        """The closest known name to a miss, or None (see Suggester.suggest)."""
        if self._suggester is None:
            self._suggester = Suggester(self.terms.values())
        return self._suggester.suggest(name)

    def search(self, text: str) -> list[Term]:
        """The terms ``text`` finds, folded the way lookups fold names (case, hyphens, spaces,
        plurals: "finetuning" finds "Fine-tuning", "low rank" finds "Low-Rank Adaptation").

        Best matches first: the term(s) ``text`` names (what ``aigloss show`` finds), then the
        terms with a name form that contains the whole text, then those whose names and
        definition together contain every word of it.
        """
        named = self.lookup(text).terms
        phrase = normalise(text)
        phrase_forms = [phrase, *singulars(phrase)]
        words = [norm for norm in map(normalise, text.split()) if norm]
        in_name: list[Term] = []
        in_text: list[Term] = []
        for term in self:
            if term in named:
                continue
            names = [normalise(name) for name in term.names]
            if any(form in name for name in names for form in phrase_forms):
                in_name.append(term)
            elif words:
                haystack = [*names, normalise(term.definition)]
                if all(any(word in hay for hay in haystack) for word in words):
                    in_text.append(term)
        return [*named, *in_name, *in_text]

    def by_category(self, categories: Iterable[str] | None = None, keys: Iterable[str] | None = None,
                    *, sort: str = "alphabetical") -> list[tuple[str, list[Term]]]:
        """Terms grouped by category (in glossary order), sorted by name inside each group, or
        with ``sort="source"`` in the order of the data files."""
        wanted_keys = set(keys) if keys is not None else None
        wanted_cats = {normalise(self.category_title(c)) for c in categories} if categories is not None else None
        members: dict[str, list[Term]] = {}
        order = name_order(self.language)
        for term in self.terms.values():
            if wanted_keys is None or term.id in wanted_keys:
                members.setdefault(term.category, []).append(term)
        groups = []
        for category in self.categories:
            if category in members and (wanted_cats is None or normalise(category) in wanted_cats):
                terms = members[category]
                groups.append((category, terms if sort == "source" else
                               sorted(terms, key=lambda t: (order(t.name), t.id))))
        return groups

    def has_category(self, category: str) -> bool:
        return any(normalise(c) == normalise(self.category_title(category)) for c in self.categories)

    def category_title(self, category: str) -> str:
        """The title a category is shown by: a translated glossary's title of an English name."""
        wanted = normalise(category)
        return next((title for title, english in self.english_categories.items() if normalise(english) == wanted),
                    category)

    def resolve_related(self, term: Term, name: str) -> Term | None:
        """The term a ``related`` name means: unique, or the one from the same file."""
        candidates = self.lookup(name).terms
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.source == term.source]
        return candidates[0] if len(candidates) == 1 else None

    def related(self, term: Term) -> list[Term]:
        """Explicit related terms first, then terms the definition mentions; never the term itself."""
        found: dict[str, Term] = {}
        for name in term.related:
            other = self.resolve_related(term, name)
            if other is not None:
                found.setdefault(other.id, other)
        for _text, key in self.segments(term):  # the cached mentions of the definition
            if key:
                found.setdefault(key, self.terms[key])
        found.pop(term.id, None)
        return list(found.values())

    def check_related(self) -> list[Problem]:
        """Related-term names that do not resolve to exactly one term."""
        problems = []
        for term in self.terms.values():
            for i, name in enumerate(term.related):
                if self.resolve_related(term, name) is not None:
                    continue
                found = self.lookup(name).terms
                message = (f"{name!r} is ambiguous: it may mean " + ", ".join(repr(t.name) for t in found)
                           if found else f"{name!r} is not a known term")
                problems.append(Problem(term.source, f"term '{term.name}'", f"related[{i}]", message))
        return problems

    def pack_of(self, term: Term) -> str:
        """The id of the pack a term comes from (for a term of no pack: its source)."""
        return next((info.id for info in self.packs if info.source == term.source), term.source)

    def overrides_of(self, pack_id: str) -> list[dict[str, str | bool]]:
        """The overrides a pack makes: the term, the pack it replaces, whether it is applied."""
        return [{"term": o.replaced.name, "pack": self.pack_of(o.replaced), "applied": o.applied}
                for o in self.overrides if self.pack_of(o.term) == pack_id]

    def merged(self, extra: Iterable[Term], extra_categories: Sequence[str] = (), *,
               refuse_overrides: str | None = None) -> tuple[Glossary, list[Conflict]]:
        """This glossary with more terms added, and the conflicts that came up.

        A term that shares its id or primary name with an existing one replaces it when it
        says ``override``; otherwise the existing entry is kept and a conflict is reported.
        ``refuse_overrides`` names an installed pack the project did not select by id: its
        overrides are refused (a conflict of kind "refused") and the existing entries kept.
        A name form that another added term already has is dropped from the later term.
        """
        terms = dict(self.terms)
        conflicts: list[Conflict] = []
        overrides = list(self.overrides)
        by_name = {normalise(t.name): t.id for t in terms.values()}
        forms = {normalise(name): t.id for t in terms.values() for name in t.names}
        added: set[str] = set()
        for term in extra:
            if self.english_categories:  # a project term names a category by its English name or title
                term = replace(term, category=self.category_title(term.category))
            existing_key = term.id if term.id in terms else by_name.get(normalise(term.name))
            if existing_key is not None:
                existing = terms[existing_key]
                if existing_key in added:
                    conflicts.append(Conflict("duplicate", term, (
                        f"duplicate definition of AI term {term.name!r} in {term.source} "
                        f"(already defined in {existing.source}; the first definition is kept)")))
                    continue
                if not term.override:
                    conflicts.append(Conflict("override", term, (
                        f"AI term {term.name!r} in {term.source} redefines the one in {existing.source} "
                        f"without 'override'; the original is kept")))
                    continue
                overrides.append(Override(term, existing, applied=refuse_overrides is None))
                if refuse_overrides is not None:
                    conflicts.append(Conflict("refused", term, (
                        f"AI term {term.name!r} in {term.source} may not override the one of pack "
                        f"'{self.pack_of(existing)}': an installed pack overrides another pack's term only when "
                        f"the project selects it by id (aigloss_packs, or --packs, naming '{refuse_overrides}'); "
                        "the original is kept")))
                    continue
                del terms[existing_key]
            term = self._without_taken_names(term, forms, terms, added, existing_key, conflicts)
            terms[term.id] = term
            by_name[normalise(term.name)] = term.id
            for name in term.names:
                forms.setdefault(normalise(name), term.id)
            added.add(term.id)
        titles = [self.category_title(category) for category in extra_categories]
        glossary = Glossary(terms.values(), [*self.categories, *titles], self.packs, overrides)
        glossary.language = self.language
        glossary.english_categories = self.english_categories
        return glossary, conflicts

    @staticmethod
    def _without_taken_names(term: Term, forms: dict[str, str], terms: dict[str, Term], added: set[str],
                             replaced: str | None, conflicts: list[Conflict]) -> Term:
        """Drop the aliases (or abbreviation/expansion) of a project term that another
        project term already answers to, so the first definition keeps the name."""
        taken = {name for name in term.names[1:]
                 if forms.get(normalise(name)) in added and forms.get(normalise(name)) not in (term.id, replaced)}
        for name in taken:
            other = terms[forms[normalise(name)]]
            conflicts.append(Conflict("duplicate", term, (
                f"{name!r} of AI term {term.name!r} in {term.source} is already a name of {other.name!r} "
                f"in {other.source}; it stays with the first")))
        if not taken:
            return term
        return replace(term, aliases=tuple(a for a in term.aliases if a not in taken),
                       abbreviation="" if term.abbreviation in taken else term.abbreviation,
                       expansion="" if term.expansion in taken else term.expansion)


def _add(index: dict[str, tuple[str, ...]], key: str, value: str) -> None:
    # Tuples of strings, not lists: the garbage collector stops tracking them, and a large
    # glossary has one per name form.
    values = index.get(key, ())
    if value not in values:
        index[key] = (*values, value)
