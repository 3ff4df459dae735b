"""Property-based tests of the glossary model (Hypothesis)."""

from __future__ import annotations

import contextlib
import difflib
import json
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import Glossary, GlossaryError, load_glossary, normalise, parse_pack, singulars
from sphinx_aigloss.core.mentions import Matcher

GLOSSARY, _ = load_glossary()
NAMES = sorted({name for term in GLOSSARY for name in term.names})
#: Each name form -> the term it names.
OWNER = {name: term for term in GLOSSARY for name in term.names}
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: The suggester's threshold (difflib's ratio of the folded names).
CLOSE = 0.7


def closeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@EXAMPLES
@given(st.text())
def test_normalise_is_total_and_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@EXAMPLES
@given(st.text())
def test_singulars_undo_simple_plurals_only(text: str) -> None:
    word = normalise(text)
    for singular in singulars(word):
        assert word in {singular + "s", singular + "es", singular[:-1] + "ies"}
    if len(word) >= 2 and not word.endswith("s"):
        assert word in singulars(word + "s")


def test_no_two_terms_share_a_folded_name() -> None:
    owners: dict[str, set[str]] = {}
    for name, term in OWNER.items():
        owners.setdefault(normalise(name), set()).add(term.id)
    assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}


def variants(name: str, rnd: random.Random) -> str:
    """The same name as an author might write it: other case, hyphens for spaces or none."""
    out = "".join(c.upper() if rnd.random() < 0.3 else c.lower() if rnd.random() < 0.3 else c for c in name)
    separator = rnd.choice([" ", "-", "", "  "])
    return separator.join(out.replace("-", " ").split())


@EXAMPLES
@given(st.sampled_from(NAMES), st.randoms(use_true_random=False))
def test_every_name_in_any_spelling_finds_exactly_its_term(name: str, rnd: random.Random) -> None:
    written = variants(name, rnd)
    assert GLOSSARY.lookup(written).terms == [OWNER[name]]
    if not normalise(name).endswith("s"):  # its simple plural too
        assert GLOSSARY.lookup(written + "s").terms == [OWNER[name]]


def test_two_swapped_letters_get_a_suggestion_at_least_as_close_as_the_name() -> None:
    """Every adjacent transposition ("RHLF") of every name of four letters or more."""
    checked = 0
    for name in NAMES:
        folded = normalise(name)
        for i in range(len(folded) - 1 if len(folded) >= 4 else 0):
            typo = folded[:i] + folded[i + 1] + folded[i] + folded[i + 2:]
            if typo == folded or GLOSSARY.lookup(typo).terms:
                continue
            suggestion = GLOSSARY.suggest(typo)
            assert suggestion in OWNER, typo
            assert closeness(typo, normalise(suggestion)) >= closeness(typo, folded) >= CLOSE, (typo, suggestion)
            checked += 1
    assert checked > 300


@EXAMPLES
@given(st.text(max_size=60))
def test_any_text_gets_a_close_known_name_or_no_suggestion(text: str) -> None:
    suggestion = GLOSSARY.suggest(text)
    assert suggestion is None or (suggestion in OWNER and closeness(normalise(text), normalise(suggestion)) >= CLOSE)


#: Running text made of names, words that are no names, inflected forms and junk.
WORDS = ["the", "models", "with", "fine-tuned", "pretrained", "quantizes", "-", "(", ")", "'s", "and"]
PROSE = st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS), st.text(max_size=6)), max_size=10).map(
    " ".join)


@EXAMPLES
@given(PROSE)
def test_mentions_are_ordered_spans_of_the_text_naming_their_term(text: str) -> None:
    end = 0
    for mention in GLOSSARY.mentions(text):
        assert end <= mention.start < mention.end <= len(text)
        assert GLOSSARY.lookup(text[mention.start:mention.end]).terms == [mention.term]
        end = mention.end


#: A word of running text as the scan means it: word characters, apostrophes inside.
WORD_SPAN = re.compile(r"\w+(?:[\u2019']\w+)*")
#: Prose with the joints the scan must cut right: apostrophes, identifiers, paths, punctuation.
JOINTS = ["don't", "model\u2019s", "'", "\u2019", "reward_model", "a.", ".b", "x/", "/", ",", "\n", "  ", "--"]
ROUGH_PROSE = st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS + JOINTS), st.text(max_size=4)),
                       max_size=12).map(lambda pieces: "".join(p + random.Random(len(p)).choice(["", " "])
                                                               for p in pieces))


@EXAMPLES
@given(ROUGH_PROSE)
def test_mentions_begin_and_end_on_words_and_do_not_depend_on_the_caches(text: str) -> None:
    words = list(WORD_SPAN.finditer(text))
    starts, ends = {word.start() for word in words}, {word.end() for word in words}
    mentions = GLOSSARY.mentions(text)
    assert all(m.start in starts and m.end in ends for m in mentions)
    assert Matcher(GLOSSARY).mentions(text) == mentions  # a cold matcher finds the same


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
