"""The workload: synthetic pages of term references, and data files of made-up terms.

The same prose serves every variant; only the markup of a reference differs (see
``variants``). Everything is seeded, so a run can be repeated exactly.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx_aigloss.core import Glossary, Term


def model() -> ModuleType:
    """sphinx_aigloss.core, imported when first needed: from the measured copy of the package,
    which the command line puts first on sys.path before anything calls this."""
    import sphinx_aigloss.core

    return sphinx_aigloss.core


def normalise(name: str) -> str:
    result: str = model().normalise(name)
    return result


def singulars(normalised: str) -> list[str]:
    result: list[str] = model().singulars(normalised)
    return result


def load_glossary(*args: Any, **kwargs: Any) -> tuple[Glossary, list[Any]]:
    result: tuple[Glossary, list[Any]] = model().load_glossary(*args, **kwargs)
    return result


def canonical_glossary() -> Glossary:
    glossary, _conflicts = load_glossary()
    return glossary


# ---------------------------------------------------------------------------------------
# Terms and the ways prose names them
# ---------------------------------------------------------------------------------------

COUNTABLE = {"model", "budget"}  # last words of names that read well in the plural
PLURAL_ABBREVIATIONS = {"LoRA"}


@dataclass(frozen=True)
class Ref:
    """One reference in the prose: the text readers see and the term it links to."""

    text: str
    term: Term


def is_abbreviation(name: str) -> bool:
    return sum(c.isupper() for c in name) >= 2 and " " not in name


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

    @property
    def distinct_terms(self) -> int:
        return len({ref.term.id for section in self.sections for paragraph in section
                    for _template, ref in paragraph if ref})


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
    """The canonical glossary with a generated data file merged in (which must not conflict)."""
    glossary, conflicts = load_glossary(files=[(path, path.name)])
    if conflicts:
        raise SystemExit(f"bench: the generated data file has conflicts: {conflicts[0].message}")
    return glossary
