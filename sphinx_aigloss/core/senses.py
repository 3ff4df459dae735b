"""The words around a mention that give it another sense than the term's: a library named
after a concept ("supported by PEFT"), or a term inside a longer Title-Case name
("Reinforced Fine-Tuning", "Synthetic Data Kit"). Pure functions on text, no Sphinx.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from . import searchsenses
from .before import REACH as REACH
from .before import SENTENCE_CHARS, SOFTWARE_CHARS, WORDY, ends_with, last_word, search_before, titled_word_before
from .before import _search_before as _search_before
from .names import normalise
from .pagescan import hyphenated_names

if TYPE_CHECKING:
    from .mentions import NameIndex
    from .terms import Term

#: Machine-learning libraries that documentation lists side by side with a library named
#: after a concept ("transformers, PEFT and accelerate"): a neighbour in such a list makes
#: the abbreviation a library too.
LIBRARIES = frozenset(normalise(name) for name in (
    "transformers", "accelerate", "diffusers", "datasets", "tokenizers", "safetensors", "TRL", "Optimum",
    "DeepSpeed", "Megatron", "Megatron-LM", "Megatron-Core", "NeMo", "vLLM", "SGLang", "TensorRT", "TensorRT-LLM",
    "PyTorch", "torch", "torchao", "torchtune", "torchtitan", "JAX", "Flax", "Optax", "TensorFlow", "Keras",
    "bitsandbytes", "Unsloth", "Axolotl", "Liger Kernel", "FlashAttention", "xformers", "Triton", "ONNX",
    "llama.cpp", "timm", "LangChain", "LlamaIndex", "Ray", "FSDP", "Lightning",
))
#: A library's publisher, or a verb or phrase whose object is software, right before.
SOFTWARE_BEFORE = re.compile(
    "(?:\U0001f917|\\bHugging\\s?Face|"
    r"\b(?:provided|maintained|raised|emitted|patched)\s+by|"
    r"\b(?:forwarded|passed|handed)(?:\s+\w+)?\s+to|"
    r"\b(?:behaviou?r|APIs?|documentation|docs|version|codebase|repository|maintainers|warnings|errors)"
    r"\s+(?:of|from))\s*$", re.IGNORECASE)
#: Nouns that make a name right before them (or its possessive) a piece of software.
SOFTWARE_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:library|libraries|package|ecosystem|integration|APIs?|codebase|repository|repo|"
    r"maintainers|version|documentation|docs|format)\b|['\u2019]s\s+(?:defaults?|warnings|behaviou?r)\b")
#: Installing or importing a library: "install PEFT", "install PEFT with ...", not
#: "install SFT and ... dependencies".
INSTALL_BEFORE = re.compile(
    r"\b(?:install|installs|installed|installing|import|imports|upgrade|uninstall)(?:\s+the)?\s+$", re.IGNORECASE)
#: The last words of a match of each (white space aside): a text that ends otherwise is not searched.
SOFTWARE_LAST = re.compile("(?:\U0001f917|face|by|to|of|from)$", re.IGNORECASE)
INSTALL_LAST = re.compile(r"(?:install|installs|installed|installing|import|imports|upgrade|the)$", re.IGNORECASE)
INSTALL_AFTER = re.compile(r"\s*(?:$|[^\w\s]|\s+(?:with|from|via|using|on|in|for|by)\b)")
#: Nouns after which a library's name still means the concept: "PEFT methods".
CONCEPT_AFTER = re.compile(r"[\s\-]+(?:methods?|techniques?|approach(?:es)?|algorithms?|family|families|variants?)\b")
#: A neighbour in a list: the item before a mention, or the one after it (a word or two).
ITEM_BEFORE = re.compile(r"((?:[\w.\-]+\s)?[\w.\-]+)\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+|/|\+)\s*$")
#: A plain-version adjective between a list's separator and a name: "vLLM/vanilla PEFT".
PLAIN_VERSION = re.compile(r"(?<![\w\-])(?:vanilla|plain|upstream|stock)\s+$", re.IGNORECASE)
ITEM_AFTER = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+|/|\+)\s*([\w.\-]+(?:\s[\w.\-]+)?)")
#: Code that names a package: "import peft", "from peft import ...", "pip install peft".
PACKAGE = re.compile(r"\b(?:import|from|install)\s+(?:-\S+\s+)*([A-Za-z_][\w\-]*)")

#: "... Low-Rank Adaptation (GLoRA)": an abbreviation in parentheses right after a mention.
ABBREVIATION_AFTER = re.compile(r"\s*\(([A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*)\)")
#: "AdaLoRA (Adaptive ...": an abbreviation, then an opening parenthesis and capitalised words.
ABBREVIATION_BEFORE = re.compile(r"([A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*)\s*\((?=[^()]*$)")
#: The run of capitalised words right before a mention ("Generalized ", "Block-Diagonal ").
CAPITALISED_BEFORE = re.compile(r"(?:[A-Z][\w\-]*\s+)+$")
#: A word, then an opening parenthesis, right before a mention: "LoRAX (".
SPELLED_OUT = re.compile(r"(\w[\w\-]*)\s*\(\s*$")
#: The capitalised words right before a mention ("Reinforced ", "Orthogonal Subspace ").
TITLED_BEFORE = re.compile(r"(?:(?<![\w\-])[A-Z][\w\-]*\s+)+$")
#: A capitalised word right after a mention ("Kit" in "Synthetic Data Kit"), not a
#: model's name with digits ("Llama-2-7B").
TITLED_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+|API|SDK|CLI)\b(?![\-\d])")
SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+)$")
#: Words a Title-Case label leaves in lower case ("Fine-Tuning for Vision Models").
SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs",
                         "via", "with"})
#: The object of a verb that adjusts a setting: "how ...", or a setting ("the micro-batch size").
SETTING_AFTER = re.compile(
    r"\s+(?:(?:how|whether)\b|(?:the|your|its|their|these|this|our)\s+(?:\w+[\s\-]+){0,2}"
    r"(?:batch\s+sizes?|settings?|configurations?|hyperparameters?|knobs?|thresholds?|rates?|schedules?|trade-?offs?|"
    r"search\s+spaces?)\b)")
#: A pronoun as the verb's object, after a value is given: "the default is 16, but you can
#: fine-tune it".
PRONOUN_AFTER = re.compile(r"\s+(?:it|them)\b")
VALUE_BEFORE = re.compile(r"\b(?:is|are|of|to|=)\s+\d[\d.,]*(?:\s*%)?(?![\w.\-])")
#: A behaviour as the verb's object, a few words on: "fine-tuning Unicode repair behavior".
BEHAVIOUR_AFTER = re.compile(r"\s+((?:[\w\-\u2019']+\s+){0,3})behaviou?rs?\b", re.IGNORECASE)
TUNE = re.compile(r"tun", re.IGNORECASE)
#: A model's behaviour is what fine-tuning changes: "fine-tune the model's behavior".
MODEL = re.compile(r"\b(?:models?|LLMs?|networks?|assistants?|chatbots?|agents?|polic(?:y|ies))\b", re.IGNORECASE)
#: Comma-separated single words: tags, not a sentence.
TAGS = re.compile(r"\s*[^\s,]+(?:\s*,\s*[^\s,]+)+\s*")
SEPARATOR = re.compile(r"[\s\-\u2010\u2011]+")
#: Capitalised words that qualify a method without naming another one ("Efficient LoRA Fine-Tuning").
MODIFIERS = frozenset({"full", "efficient", "fast", "faster", "basic", "advanced", "custom", "simple", "standard",
                       "distributed", "single-device", "multi-device", "single-node", "multi-node", "large-scale",
                       "memory-efficient", "local", "offline", "online"})
WORDS = re.compile(r"[^\W\d_][\w\-\u2019']*")


#: "from stable_baselines3 import PPO": the package is the module, not the class imported.
FROM_IMPORT = re.compile(r"\bfrom\s+([A-Za-z_][\w\-]*)[\w.]*\s+import\b[^\n]*")


def packages(code: str) -> set[str]:
    """The normalised names of the packages a piece of code imports or installs (a class
    imported from a package is not one)."""
    names = FROM_IMPORT.findall(code) + PACKAGE.findall(FROM_IMPORT.sub(" ", code))
    return {normalise(name) for name in names}


def _item_before(content: str, start: int) -> re.Match[str] | None:
    """``ITEM_BEFORE``'s match before a mention: the text there ends as a list's separator does
    ("," "and" "or" "&" "/" "+")."""
    return _search_before(ITEM_BEFORE, content, start, ",/+&dr")


def _is_library(words: str) -> bool:
    return normalise(words) in LIBRARIES or normalise(words.split()[-1]) in LIBRARIES


def names_library(content: str, start: int, end: int, library_page: bool) -> bool:
    """Whether an abbreviation at ``content[start:end]`` names a library: after its publisher
    or a verb whose object is software ("install PEFT", "supported by PEFT"), before a
    noun that belongs to software ("the PEFT library", "PEFT's defaults"), in a list next to
    another library ("transformers, PEFT and accelerate"). On a ``library_page`` (the
    project's own name, or a page whose code imports the package) every bare use is the
    library; only "PEFT methods" and the like stay the concept."""
    if library_page:
        return not CONCEPT_AFTER.match(content, end)
    # (In each test the match after the mention first: it reads a few characters, the search before it many.)
    if SOFTWARE_AFTER.match(content, end) or (ends_with(SOFTWARE_LAST, content, start, 4) and search_before(
            SOFTWARE_BEFORE, SOFTWARE_CHARS, content, start)):
        return True
    if INSTALL_AFTER.match(content, end) and ends_with(INSTALL_LAST, content, start, 10) and search_before(
            INSTALL_BEFORE, WORDY, content, start):
        return True
    plain = PLAIN_VERSION.search(content, max(0, start - 12), start)
    before = _item_before(content, plain.start() if plain else start)
    if before and _is_library(before.group(1)):
        return True
    after = ITEM_AFTER.match(content, end)
    return bool(after and (_is_library(after.group(1)) or _is_library(after.group(1).split()[0])))


def _label(content: str) -> bool:
    """Whether a text is a Title-Case label ("Full Weights Fine-Tuning"): there capitals say
    nothing about names."""
    words = WORDS.findall(content)
    return bool(words) and all(word[0].isupper() or word in SMALL_WORDS for word in words)


def title_case(content: str) -> bool:
    """Whether a text is in Title Case (a label, a heading, a work's title)."""
    return _label(content)


@functools.lru_cache(maxsize=1 << 12)  # (prose writes a name the same few ways again and again)
def _plain(span: str) -> bool:
    """Whether a name is written as words ("Fine-Tuning", "Synthetic Data"), not as an
    abbreviation ("SFT", "LoRA"): no capital after the first letter of a word."""
    return not any(any(map(str.isupper, word[1:])) for word in SEPARATOR.split(span))  # (characters read in C)


def titled_run(content: str, start: int, *, whole: bool = False) -> list[str]:
    """The capitalised words right before a mention, but the first word of a sentence
    (capitalised by its place) and the words of a Title-Case label after it ("Full
    Weights Fine-Tuning") unless ``whole``."""
    run = search_before(TITLED_BEFORE, WORDY, content, start) if titled_word_before(content, start) else None
    if run is None:
        return []
    words = run.group().split()
    if whole or not search_before(SENTENCE_START, SENTENCE_CHARS, content, run.start()):
        return words
    return [] if _label(content) else words[1:]


def titled_before(content: str, start: int, end: int) -> bool:
    """Whether capitalised words before a Title-Case mention make it the end of another
    name ("Reinforced Fine-Tuning", "(Generalized Knowledge Distillation)")."""
    return content[start].isupper() and _plain(content[start:end]) and bool(titled_run(content, start))


def plus_name(content: str, end: int) -> bool:
    """Whether "+" right after a mention makes another method's name ("LoRA+", "LoRA++"),
    not a sum ("LoRA+QLoRA", "SFT + DPO")."""
    pos = end
    while pos < len(content) and content[pos] == "+":
        pos += 1
    return pos > end and (pos == len(content) or not content[pos].isalnum())


def _abbreviation(word: str) -> bool:
    """Whether a word is or holds an abbreviation ("GPU", "Multi-GPU", "INT4", "4-Bit")."""
    return any(c.isdigit() for c in word) or not _plain(word)


def compound(words: list[str], glossary: NameIndex) -> bool:
    """Whether the capitalised words before a mention are our own terms' names,
    abbreviations or ordinary modifiers ("LoRA Fine-Tuning", "Efficient QLoRA Fine-Tuning",
    "Multi-GPU Pre-Training"): a run of terms, not another method's name."""
    i = 0
    while i < len(words):
        # The longest run of words from here that names a term ("Low-Rank Adaptation").
        j = next((j for j in range(len(words), i, -1) if glossary.lookup(" ".join(words[i:j])).term), i)
        if j == i and not (_abbreviation(words[i]) or words[i].lower() in MODIFIERS):
            return False
        i = max(j, i + 1)
    return True


def titled_after(content: str, start: int, end: int) -> bool:
    """Whether a Title-Case name goes on with another capitalised word: the name of a
    product or a method, not the term ("Synthetic Data Kit", "the Distillation Trainer",
    "its Distillation API"). A one-word name counts only in the middle of a sentence."""
    if not content[start].isupper() or not _plain(content[start:end]) or not TITLED_AFTER.match(content, end):
        return False
    one_word = " " not in content[start:end].strip()
    return not (one_word and search_before(SENTENCE_START, SENTENCE_CHARS, content, start)) and not _label(content)


def everyday_verb(content: str, start: int, end: int) -> bool:
    """Whether a verb's object makes it the everyday verb: "fine-tuning how the hardware
    is used", "fine-tune the micro-batch size", "fine-tuning the parser's behaviour"
    adjust a setting or a behaviour, not a model."""
    if SETTING_AFTER.match(content, end):
        return True
    if PRONOUN_AFTER.match(content, end) and VALUE_BEFORE.search(content, max(0, start - 160), start):
        return True  # "the default is 16, but you can fine-tune it": the value
    if TUNE.search(content, start, end) and searchsenses.adjusts_setting(content, start, end):
        return True  # "fine-tune the range argument", "lower the learning rate to fine-tune"
    behaviour = BEHAVIOUR_AFTER.match(content, end)
    return bool(behaviour and TUNE.search(content, start, end) and not MODEL.search(behaviour.group(1)))


def tags(content: str, cell: bool) -> bool:
    """Whether a text is a list of lower-case tags or values ("pretrain, quality, zh"); in a
    table ``cell`` one such word is a value too ("pretrain")."""
    if content != content.lower():
        return False
    return bool(TAGS.fullmatch(content)) or (cell and len(content.split()) == 1)


def after_words(content: str, start: int, words: tuple[str, ...]) -> bool:
    """Whether a mention comes right after these words, in any case ("orthogonal ")."""
    pattern = r"(?<![\w\-])" + SEPARATOR.pattern.join(map(re.escape, words)) + r"\s+$"
    return re.search(pattern, content[max(0, start - 80):start], re.IGNORECASE) is not None


def in_other_name(content: str, start: int, end: int, term: Term, glossary: NameIndex) -> bool:
    """Whether a mention ends or is inside the name of another method, defined with its own
    abbreviation: "Generalized Low-Rank Adaptation (GLoRA)", "Block-Diagonal LoRA (BD-LoRA)",
    "AdaLoRA (Adaptive LoRA)". The abbreviation must not name the term, and its first letter
    must be the initial of one of the capitalised words written before the mention. Or it
    begins the spelled-out name of a longer word that holds it: "LoRAX (LoRA eXchange)"."""
    spelled = _search_before(SPELLED_OUT, content, start, "(")
    if spelled and content[start:end] in spelled.group(1) and glossary.lookup(spelled.group(1)).term is None:
        return True
    after = ABBREVIATION_AFTER.match(content, end)
    if after:
        abbreviation, words = after.group(1), search_before(CAPITALISED_BEFORE, WORDY, content, start)
    else:
        # (The parenthesis first: the search reads all the text before the mention.)
        if not content.startswith(")", end):
            return False
        before = ABBREVIATION_BEFORE.search(content, 0, start)
        if before is None:
            return False
        abbreviation, words = before.group(1), before
        words = CAPITALISED_BEFORE.search(content, before.end(), start)
    if words is None or glossary.lookup(abbreviation).term is term:
        return False
    return abbreviation[0] in {word[0] for word in words.group().split()}


#: Capitalised words joined by a title's small words, right before a mention: "Understanding
#: the Role of the Projector in ".
WORK_TITLE = re.compile(r"(?<![\w\-])[A-Z][\w\-]*(?:\s+(?:[A-Z][\w\-]*|" + "|".join(sorted(SMALL_WORDS)) + r"))*\s+$")


def work_title(content: str, start: int, end: int, glossary: NameIndex) -> bool:
    """Whether a Title-Case mention ends the title of a work written in the middle of a
    sentence: "a loss module for Understanding the Role of the Projector in Knowledge
    Distillation" (three capitalised words at least with a title's small words between them,
    not a run of our own terms)."""
    if not content[start].isupper() or not _plain(content[start:end]):
        return False
    last = last_word(content, start)  # (a match's last word: a capitalised or a small one)
    if not last or not ("A" <= last[0] <= "Z" or last in SMALL_WORDS):
        return False
    run = WORK_TITLE.search(content, max(0, start - 120), start)
    if run is None or search_before(SENTENCE_START, SENTENCE_CHARS, content, run.start()) or _label(content):
        return False
    words = run.group().split()
    while words and not words[-1][0].isupper():
        words.pop()  # "... Projector in": the small word before the mention joins any name
    capitalised = [word for word in words if word[0].isupper()]
    # A small word between capitalised ones: "the Role of the Projector", not "Face Trainer for".
    return len(capitalised) >= 3 and len(capitalised) < len(words) and not compound(capitalised, glossary)


#: A name of more than one humped word ("ExtractKnowledge", "DiverseQA"): an identifier.
CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+|[A-Z]{2,})+")


def identifier_list(content: str, start: int, end: int, glossary: NameIndex) -> bool:
    """Whether a one-word mention is an item of a list of identifiers: "DiverseQA, Distill,
    ExtractKnowledge": a plain word whose neighbours on both sides are CamelCase names that
    are not our terms ("LoRA, QLoRA, DoRA" is a list of methods)."""
    span = content[start:end]
    if not span.isalpha() or not _plain(span):
        return False
    after = ITEM_AFTER.match(content, end)  # (first: it reads from the mention on, not up to it)
    if after is None:
        return False
    before = _item_before(content, start)
    if before is None:
        return False
    neighbours = before.group(1).split()[-1], after.group(1).split()[0]
    return all(CAMEL.fullmatch(word) and glossary.lookup(word).term is None for word in neighbours)


#: A word of running prose right before a lower-cased name ("the weight of lora", not a value).
PROSE_BEFORE = re.compile(r"(?<![\w\-])(?:of|the|an?|with|using|via|by|each|this|that|your|its)\s+$", re.IGNORECASE)
#: A plain prefix that keeps a term's sense in a compound: "multi-LoRA serving", "self-distillation"
#: (in lower case: "Simple Self-Distillation" in capitals is another method's name).
KEEPING_PREFIX = re.compile(r"(?<![\w\-])(?:(?i:multi|single|dual)|self)$")


def lower_case_in_prose(content: str, start: int, span: str) -> bool:
    """Whether a name written all in lower case, or with a capital first letter only ("the
    Lora the authors trained"; "LoRa", the radio, keeps its inner capital), follows a word of
    running prose."""
    return (span.islower() or span.istitle()) and PROSE_BEFORE.search(content, max(0, start - 8), start) is not None


def keeping_prefix(content: str, hyphen: int) -> bool:
    """Whether the word before a hyphen is a prefix that keeps the term ("multi-", "dual-", "self-")."""
    return KEEPING_PREFIX.search(content, max(0, hyphen - 7), hyphen) is not None


#: A hyphenated name of capitalised parts ("Megatron-LM"): its capitals may be its short form.
#: (Not a CamelCase one: "ReaLHF" is named after RLHF, and its pages mean the concept.)
#: (Written ``[A-Z](?<!\w[A-Z])`` for ``\b[A-Z]``: a pattern that begins with a class lets the
#: search skip to the next capital, and a whole page is read. ``\w*+`` does not give back the
#: letters of a capitalised word to look for a hyphen among them: none is there.)
CAPITALS_NAME = re.compile(r"[A-Z](?<!\w[A-Z])\w*+(?:-[A-Z]\w*+)+\b")


@functools.lru_cache(maxsize=1)
def _names_by_capitals(page: str) -> dict[str, list[str]]:
    """The hyphenated names of capitalised parts on a page, by their capitals (the page read
    once for all its abbreviations: the cache holds the last page)."""
    names: dict[str, list[str]] = {}
    for name in hyphenated_names(CAPITALS_NAME, page):
        names.setdefault("".join(c for c in name if c.isupper()), []).append(name)
    return names


def initials_of_other_name(abbreviation: str, page: str, glossary: NameIndex) -> bool:
    """Whether an abbreviation spells the capitals of another name on the page: "MLM" on a
    page about "Megatron-LM" is that name's short form, not the term's."""
    return any(glossary.lookup(name).term is None for name in _names_by_capitals(page).get(abbreviation, ()))


#: Capitalised words after a mention, then an abbreviation in parentheses: "Quantization Aware
#: Training (QAT)".
NAMED_AFTER = re.compile(r"((?:[ \t\n]+[A-Z][\w\-]*)+)\s*\(([A-Z][A-Za-z0-9\-]*)\)")


def first_word_of_name(content: str, start: int, end: int, term: Term, glossary: NameIndex) -> bool:
    """Whether a mention is the first word of a longer name that its abbreviation spells:
    "Quantization Aware Training (QAT)", with or without its hyphen, is another method."""
    after = NAMED_AFTER.match(content, end)
    if after is None or not content[start].isupper():
        return False
    words = SEPARATOR.split(content[start:end] + after.group(1))
    initials = "".join(word[0] for word in words if word).upper()
    abbreviation = after.group(2).replace("-", "").upper()
    return abbreviation == initials and glossary.lookup(after.group(2)).term is not term
