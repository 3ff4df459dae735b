"""Property-based tests of the glossary model (Hypothesis)."""

from __future__ import annotations

import contextlib
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import Glossary, GlossaryError, load_glossary, normalise, parse_pack, singulars

GLOSSARY, _ = load_glossary()
NAMES = sorted({name for term in GLOSSARY for name in term.names})
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(st.text())
def test_normalise_is_total_and_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert isinstance(singulars(once), list)


def variants(name: str, rnd: random.Random) -> str:
    """The same name as an author might write it: other case, hyphens for spaces or none."""
    out = "".join(c.upper() if rnd.random() < 0.3 else c.lower() if rnd.random() < 0.3 else c for c in name)
    separator = rnd.choice([" ", "-", "", "  "])
    return separator.join(out.replace("-", " ").split())


@EXAMPLES
@given(st.sampled_from(NAMES), st.randoms(use_true_random=False))
def test_every_term_is_found_by_each_of_its_names_in_any_form(name: str, rnd: random.Random) -> None:
    expected = GLOSSARY.lookup(name).terms
    assert len(expected) == 1
    assert GLOSSARY.lookup(variants(name, rnd)).terms == expected
    assert GLOSSARY.lookup(variants(name, rnd) + "s").terms == expected or name.endswith("s")


@EXAMPLES
@given(st.text(max_size=60))
def test_suggestions_and_lookups_never_raise(text: str) -> None:
    suggestion = GLOSSARY.suggest(text)
    assert suggestion is None or suggestion in NAMES
    GLOSSARY.lookup(text)
    GLOSSARY.mentions(text)


toml_scalars = st.one_of(st.text(max_size=20), st.integers(-5, 3000), st.booleans(), st.floats(allow_nan=False))
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["name", "category", "definition", "aliases", "references", "title", "year", "url", "id", "related",
         "abbreviation", "expansion", "autolink", "override", "unreferenced", "authors", "x"]), inner, max_size=5)),
    max_leaves=12)


def to_toml(data: object) -> str:
    """Write nested data as TOML inline values (enough to feed arbitrary shapes to the loader)."""
    if isinstance(data, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {to_toml(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(to_toml(v) for v in data) + "]"
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, str):
        return json.dumps(data)
    return repr(data)


@EXAMPLES
@given(st.dictionaries(st.sampled_from(["format", "pack", "terms", "extra"]), toml_values, max_size=4))
def test_loading_arbitrary_toml_raises_only_the_documented_error(document: dict[str, object]) -> None:
    text = "\n".join(f"{key} = {to_toml(value)}" for key, value in document.items())
    problems = []
    try:
        pack = parse_pack(text, "random.toml")
    except GlossaryError as exc:
        problems = exc.problems
    else:
        Glossary(pack.terms)  # a valid pack always makes a glossary
        return
    assert problems
    assert all(str(problem).startswith("random.toml: ") for problem in problems)


@EXAMPLES
@given(st.text(max_size=200))
def test_loading_arbitrary_text_raises_only_the_documented_error(text: str) -> None:
    with contextlib.suppress(GlossaryError):
        parse_pack(text, "random.toml")
