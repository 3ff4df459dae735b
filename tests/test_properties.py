"""Property-based tests of the glossary model (Hypothesis)."""

from __future__ import annotations

import contextlib
import difflib
import json
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_aigloss.core import Glossary, GlossaryError, Term, load_glossary, markup, normalise, parse_pack, singulars
from sphinx_aigloss.core.mentions import _SCAN_AFTER, Matcher, Mention, NameIndex, _code_like

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


#: The shipped glossary, with names outside ASCII, digits, an apostrophe and a term that is
#: not linked automatically: what the scan must not miss where it does not fold letters itself.
WIDE = GLOSSARY.merged([
    Term(id="straße", name="Straße Modell", category="C", definition="D."),
    Term(id="préentraînement", name="Préentraînement", category="C", definition="D."),
    Term(id="gpt-4", name="GPT-4 Turbo", category="C", definition="D.", abbreviation="G4T"),
    Term(id="o-reilly", name="O'Reilly Method", category="C", definition="D."),
    Term(id="quiet", name="Quiet Term", category="C", definition="D.", autolink=False),
    Term(id="ops", name="Ops", category="C", definition="D.", aliases=("Ax", "Ply")),  # short: "op", "axes", "plies"
])[0]
WIDE_NAMES = sorted({name for term in WIDE for name in term.names})
#: Spellings the scan reads as other letters: full width, a ligature, the Kelvin sign, a dotted
#: capital I, a long s, a combining accent, a non-breaking space and the hyphens prose uses.
UNICODE = ["\uff2c\uff4f\uff32\uff21", "\ufb01ne-tuning", "\u212aD", "\u0130nference", "\u017fft", "e\u0301",
           "\u00a0", "\u2010", "\u2011", "\u2014", "\u201cRLHF\u201d", "STRASSE", "Stra\u00dfe", "op", "axes",
           "plies", "\u00e9LoRA", "z\u00e9LoRA", "\u00e9\u00e9SFT", "x\u2019SFT", "l'DPO", "\u2019LoRA\u2019"]
WIDE_PIECE = st.one_of(st.sampled_from(WIDE_NAMES).map(lambda name: variants(name, random.Random(len(name)))),
                       st.sampled_from(WIDE_NAMES), st.sampled_from(WORDS + JOINTS + UNICODE),
                       st.text(alphabet="aAiInNsS-' \n\u00e9\u0130\u212a", max_size=5))
WIDE_PROSE = st.lists(st.tuples(WIDE_PIECE, st.sampled_from(["", " ", " ", "-", "\n", ", "])), max_size=14).map(
    lambda pieces: "".join(piece + glue for piece, glue in pieces))
_JOINING = re.compile(r"[ \t\n\-\u2010\u2011]|\s+")


def reference_mentions(index: NameIndex, text: str, autolink_only: bool) -> list[Mention]:
    """The mentions by their definition, the slow way: from each word not taken, the longest
    run of words (joined by one space or hyphen or a run of white space, none of them an
    identifier, each run but the last the beginning of a longer name form) that names a term."""
    spans = Matcher(index)  # (its span -> term rule: which spelling of a form names the term)
    forms = index.forms()
    words = [(word.start(), word.end()) for word in WORD_SPAN.finditer(text)]
    found: list[Mention] = []
    first = 0
    while first < len(words):
        best: tuple[int, Mention] | None = None
        joined = ""
        for last in range(first, len(words)):
            start, end = words[last]
            if last > first and not _JOINING.fullmatch(text, words[last - 1][1], start):
                break
            if _code_like(text, start, end):
                break
            joined += normalise(text[start:end])
            if index.is_form(joined):
                term = spans._term_of(text[words[first][0]:end])
                if term is not None and (term.autolink or not autolink_only):
                    best = last, Mention(words[first][0], end, term)
            if not any(form.startswith(joined) and form != joined for form in forms):
                break
        if best is None:
            first += 1
        else:
            first = best[0] + 1
            found.append(best[1])
    return found


@EXAMPLES
@given(WIDE_PROSE, st.booleans())
def test_mentions_are_those_of_a_reference_matcher(text: str, autolink_only: bool) -> None:
    """The scan finds words with a compiled pattern over the text in lower case, and cuts
    the text into words for a glossary of thousands of names: both find what the slow
    reference finds, in any case and spelling."""
    expected = reference_mentions(WIDE, text, autolink_only)
    scanning = Matcher(WIDE)
    scanning._read = _SCAN_AFTER  # (as if it had read that much: the next text is scanned)
    assert scanning.mentions(text + " ", autolink_only=autolink_only) == expected
    assert scanning._scan is not None
    assert Matcher(WIDE).mentions(text, autolink_only=autolink_only) == expected  # cut into words


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


# -- aigloss check's inline markup: the same tokens as one pattern of every alternative ----------

#: Markup characters and words, so that openers, closers and unclosed openers come often.
MARKUP_PIECES = st.sampled_from([
    "`", "``", "```", "{aiterm}", ":aiterm:", "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", "<!DOCTYPE", "<a ",
    'href="x"', "<a href=x>", "</a>", "<b>", ">", "<", "[", "]", "(", ")", "![", "[^", "|", "|_", "$", "$$", "{{",
    "}}", "*", "**", "~~", "\\", "https://x.org/a", "mailto:a@b", " ", "\n", "LoRA", "x", '"', "_",
])


@EXAMPLES
@given(st.lists(MARKUP_PIECES, max_size=40), st.sampled_from(["rst", "myst"]))
def test_inline_markup_finds_what_one_pattern_finds(pieces: list[str], syntax: str) -> None:
    """``inline_markup`` leaves out, at each place, the alternatives whose closer comes nowhere
    later (so an unclosed opener is not read to the end once per opener): it finds exactly
    the matches ``finditer`` over every alternative finds, groups included."""
    source = "".join(pieces)
    alternatives = markup._RST_ALTERNATIVES if syntax == "rst" else markup._MYST_ALTERNATIVES
    whole = re.compile("|".join(alt for alt, _closers in alternatives), re.DOTALL)

    def read(found: re.Match[str]) -> tuple[tuple[int, int], dict[str, str]]:
        return found.span(), {name: value for name, value in found.groupdict().items() if value is not None}

    assert list(map(read, markup.inline_markup(source, syntax))) == list(map(read, whole.finditer(source)))
