"""Names: how a name is folded for lookup, its plural and verb forms, slugs, the checks of
names, ids and categories, and the short form of a definition. Pure functions, no Sphinx."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from .text import CONTROL, control_problem

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"))
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.,'\u2019/]+")
_SLUG_SEPARATORS = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """The lookup form of a name: case, width, hyphens, spaces and dots folded away.

    "Pre-training", "pre training" and "Pretraining" all give "pretraining". Cached: loading
    and merging a large glossary folds every name several times.
    """
    if name.isascii():  # the common case, and a hot path for automatic linking
        return _SEPARATORS.sub("", name.lower())
    text = name
    for _ in range(4):  # removing separators can bring combining marks together: repeat to a fixed point
        folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold())
        if folded == text:
            break
        text = folded
    return text


def singulars(normalised: str) -> list[str]:
    """Candidate singular forms of a normalised name (simple English plurals only)."""
    word = normalised
    out: list[str] = []
    if len(word) > 4 and word.endswith("ies"):
        out.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        out.append(word[:-2])
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    return out


#: Symbols that tell names apart ("C++", "C#"), spelled out in slugs instead of dropped.
_SLUG_SYMBOLS = {"+": "-plus-", "#": "-sharp-", "&": "-and-", "@": "-at-", "*": "-star-", "%": "-percent-"}
_SLUG_SYMBOL_CHARS = re.compile("[" + re.escape("".join(_SLUG_SYMBOLS)) + "]")


_VOWELS = frozenset("aeiouy")


def _cluster(stem: str) -> bool:
    """Whether a stem ends in a doubled consonant or two consonants other than a consonant
    and "r" or "l": "distill", "adapt", "learn" are verbs as they stand; "calibr", "cur",
    "tun" need an ending."""
    a, b = stem[-2], stem[-1]
    if a in _VOWELS or b in _VOWELS:
        return False
    return a == b or b not in "rl"


def _forms(base: str, past: str = "") -> set[str]:
    """A verb's base, its "-s" and its "-ed" form (``past`` when the spelling is known)."""
    third = base + ("es" if base.endswith(("s", "x", "z", "ch", "sh")) else "s")
    return {base, third, past or base + ("d" if base.endswith("e") else "ed")}


def _gerunds(forms: set[str]) -> set[str]:
    """The "-ing" forms of an action noun's verbs ("distilling a model" is distillation)."""
    bases = {form for form in forms if {form + "s", form + "es", form[:-1] + "ies"} & forms}
    return {base[:-1] + "ing" if base.endswith("e") else base + "ing" for base in bases}


def inflections(normalised: str) -> set[str]:
    """The forms of the verb an action-noun name is made from (English rules): its base, "-s"
    and "-ed" forms, and its "-ing" form where the name is not one ("distilling" a model is
    distillation), never a form of another word.

    The name's last word is the action: "-ing" (fine-tuning: fine-tune, fine-tunes,
    fine-tuned; embedding: embed), "-ization"/"-isation" (quantization: quantize, quantise),
    "-ification" (classification: classify), "-ation" (distillation: distill, not distillate;
    curation: curate, not cure), and "-ion" (prediction: predict; diffusion: diffuse). Where
    spelling cannot tell the verb ("modeling": model; "tuning": tune) both candidates stay;
    the one that is no word ("modele", "tun") is harmless: nobody writes it. The name's other
    spelling answers too: "-isation" for "-ization" ("quantisation"), "-elling" for "-eling"
    ("modelling"), and the other way round.
    """
    word = normalised
    out: set[str] = set()
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        past = stem + "ed"  # trained, tuned, embedded: the same whichever the base
        if stem[-1] == stem[-2] and stem[-1] not in _VOWELS | set("ls"):
            out = _forms(stem[:-1], past)  # embedding: embed
        elif _cluster(stem) or (stem[-2] in _VOWELS and stem[-3] in _VOWELS):
            out = _forms(stem, past)  # learning: learn; training: train
        else:
            out = _forms(stem, past) | _forms(stem + "e", past)  # modeling: model; tuning: tune
    elif word.endswith(("ization", "isation")) and len(word) > 8:
        out = _forms(word[:-7] + "ize") | _forms(word[:-7] + "ise")
    elif word.endswith("ification") and len(word) > 10:
        out = _forms(word[:-9] + "ify", word[:-9] + "ified") | {word[:-9] + "ifies"}
        out.discard(word[:-9] + "ifys")
    elif word.endswith("ation") and len(word) > 7:
        stem = word[:-5]
        out = _forms(stem if _cluster(stem) else stem + "ate")  # distill; curate
    elif word.endswith("ion") and len(word) > 6:
        stem = word[:-3]
        out = _forms(stem if _cluster(stem) else stem + "e")  # predict; diffuse
    if not word.endswith("ing"):
        out |= _gerunds(out)
    out |= _other_spelling(word)
    out.discard(word)
    return out


def _other_spelling(word: str) -> set[str]:
    """An action noun's British or American spelling ("quantisation", "modelled")."""
    if word.endswith(("ization", "isation")) and len(word) > 8:
        return {word[:-7] + "isation", word[:-7] + "ization"}
    if word.endswith("elling") and len(word) > 7:
        return {word[:-4] + "ing", word[:-4] + "ed", word[:-3] + "ed"}  # modelling: modeling, modeled, modelled
    if word.endswith("eling") and len(word) > 6:
        return {word[:-3] + "ling", word[:-3] + "led"}  # modeling: modelling, modelled
    return set()


#: Letters that do not decompose into ASCII ones, spelled out.
_SLUG_LETTERS = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"}


def ascii_spelling(name: str) -> str:
    """A name in ASCII letters, for what sorts bytes (makeindex): Greek letters spelled out,
    accents dropped ("β-VAE" -> "beta-VAE", "Élan" -> "Elan"); what has no spelling is left out."""
    return _in_ascii(unicodedata.normalize("NFKD", name), "").strip()


def _in_ascii(text: str, mark: str) -> str:
    """Decomposed text in ASCII: each letter with no ASCII decomposition spelled out between two
    ``mark``s ("β" -> "-beta-" for a slug), what is left beyond ASCII dropped (accents)."""
    if not text.isascii():
        text = "".join(char if char.isascii() else _spelled(char, mark) for char in text)
    return text.encode("ascii", "ignore").decode()


def _spelled(char: str, mark: str) -> str:
    """A letter with no ASCII decomposition spelled out ("β" -> "beta", between two marks), or the character."""
    if (spelled := _SLUG_LETTERS.get(char.lower())) is not None:
        return spelled
    name = unicodedata.name(char, "")
    return f"{mark}{name.rsplit(' ', 1)[-1].lower()}{mark}" if name.startswith("GREEK") and " LETTER " in name else char


def slugify(name: str) -> str:
    """A stable, readable identifier for a term: "Pre-training" -> "pre-training". A name
    with a symbol or a letter beyond ASCII is spelled out and gets a hash of the name, so ids
    never meet: "C++" -> "c-plus-plus-t…" ("C plus plus" keeps "c-plus-plus"), "β-VAE" ->
    "beta-vae-t…", "Naïve Bayes" -> "naive-bayes-t…", "LoRA 微调" -> "lora-t…" (a valid HTML
    id). Characters a reader cannot see are left out first."""
    name = "".join(char for char in name if not _ignorable(char))  # "Lo\u2063RA" is "LoRA" to a reader
    text = _SLUG_SYMBOL_CHARS.sub(lambda m: _SLUG_SYMBOLS[m.group()], name)
    text = unicodedata.normalize("NFKD", text)  # (the invisible characters are gone already)
    spelled = text != name or not text.isascii()
    text = _in_ascii(text, "-").lower()
    slug = _SLUG_SEPARATORS.sub("-", text).strip("-_")
    if not slug or spelled:
        slug = "-".join(filter(None, (slug, _name_hash(name))))
    return slug


def _ignorable(char: str) -> bool:
    """A character a reader cannot see: a format character (joiners, invisible operators, tags),
    a variation selector, the grapheme joiner, a Hangul filler."""
    return (unicodedata.category(char) == "Cf" or "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"
            or char in "\u034f\u115f\u1160\u3164\uffa0")


def _name_hash(name: str) -> str:
    return "t" + hashlib.sha256(name.encode()).hexdigest()[:10]


#: What an ``id`` may be: it becomes part of an HTML id and a URL fragment.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def category_problem(category: str) -> str | None:
    """Why a string cannot be a category's name: ``:categories:`` lists them separated by commas."""
    if "," in category:
        return f"category {category!r} holds a comma, which ':categories:' options use to separate names"
    return None


def name_problem(name: str) -> str | None:
    """Why a string cannot be a term's name (or other name form), or None when it can."""
    if CONTROL.search(name):
        return f"name {name!r} holds a control character"
    if problem := control_problem(name):
        return f"name {problem}"
    if not normalise(name):
        return f"name {name!r} has no letters or digits"
    return None


def id_problem(key: str) -> str | None:
    """Why a string cannot be a term's ``id``, or None when it can."""
    if not _ID.match(key):
        return (f"id {key!r} is not valid: use letters, digits, '-', '_' and '.', "
                "starting with a letter or digit")
    return None


_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "al.", "cf.", "approx.", "Fig.", "No.")
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?(?=\s+[\"\u201c(]?[A-Z0-9])")


@functools.lru_cache(maxsize=8192)
def first_sentence(text: str) -> str:
    """The first sentence of a definition: its short form."""
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.end()]
        if not head.endswith(_ABBREVIATIONS):
            return head
    return text


def is_all_caps(name: str) -> bool:
    """Abbreviations such as "RLHF" match case-sensitively in running text."""
    # isupper(): every cased character is upper case (cheap, and false for most names).
    return name.isupper() and sum(c.isalpha() for c in name) >= 2
