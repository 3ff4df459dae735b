"""Another sense of a term's words, told by the words around a mention or by the page:
"pruned clusters", "synthetic data" for a benchmark, a world model's "reward model", the
"distillation" a rewrite task makes. A table of the signs per canonical term, and the rules
that read them. Pure functions on text, no Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .names import normalise
from .pagescan import Words


class WordSense(NamedTuple):
    """The signs of a term's words' other sense, and of its own, in the words around it."""

    other: Words  # near a mention: the words mean something else
    own: Words  # near a mention: the term's sense, whatever else is said
    words: re.Pattern[str] | None = None  # the term's words, to read a whole page's uses of them
    verbs: re.Pattern[str] | None = None  # its verb's forms: the term only where its own sense is said
    firm: Words | None = None  # near a mention: another sense, whatever else is said ("records in a database")


#: What an ASCII letter matches ignoring case besides its two cases (``re.IGNORECASE``).
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _cases(letter: str) -> str:
    """The characters an ASCII letter matches ignoring case."""
    return letter.lower() + letter.upper() + _FOLDS.get(letter.lower(), "")


def _alternatives(pattern: str) -> list[str]:
    """A pattern's top-level alternatives (``a|b(?:c|d)|[|]`` -> ``a``, ``b(?:c|d)``, ``[|]``)."""
    parts, depth, start, escaped, in_class = [], 0, 0, False, False
    for at, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and not depth:
            parts.append(pattern[start:at])
            start = at + 1
    return [*parts, pattern[start:]]


def _words(pattern: str) -> Words:
    """``\\b(?:pattern)\\b`` ignoring case, its alternatives gathered by first letter, each group
    beginning with the class of what that letter matches ignoring case (``[Mm](?i:odels?|erg\\w*)``):
    at each word boundary the engine passes over a group whose letter is not there without
    entering it (it enters every ignore-case alternative). The same matches: alternatives that
    begin with other letters never match at one place, and an alternative that does not begin
    with a letter keeps its place between the groups."""
    parts: list[str] = []
    groups: dict[str, list[str]] = {}  # first letter, lower case -> the rests, in order
    for alternative in [*_alternatives(pattern), ""]:
        first = alternative[:1]
        if first.isascii() and first.isalpha() and alternative[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(first.lower(), []).append(alternative[1:])
            continue
        parts += [f"[{_cases(letter)}](?i:{'|'.join(rests)})" for letter, rests in groups.items()]
        groups.clear()
        if alternative:
            parts.append(f"(?i:{alternative})")
    words = Words(r"\b(?:" + "|".join(parts) + r")\b", pattern, _alternatives(pattern))
    _SOURCES[words] = pattern
    return words


#: Each pattern ``_words`` built -> the list it was given (what the tests compare it with).
_SOURCES: dict[Words, str] = {}


def _uses(cases: str, rest: str) -> re.Pattern[str]:
    """A term's words anywhere in a page: ``_words(first letter + rest)``, written to begin with
    the class of the characters the first letter matches ignoring case (``cases``), so that a
    search skips to the next of them instead of trying ``\\b`` at every position of the page.
    (``(?<!\\w[...])`` right after that letter is the ``\\b`` before it.)"""
    whole = re.compile(rf"[{cases}](?<!\w[{cases}])(?i:{rest})\b")
    _BY_LETTER[whole] = tuple(re.compile(rf"{case}(?<!\w{case})(?i:{rest})\b") for case in cases)
    return whole


#: A term's words (``_uses``) -> the same pattern once per first letter, beginning with that
#: letter: a search skips to one given character several times faster than to one of a class.
_BY_LETTER: dict[re.Pattern[str], tuple[re.Pattern[str], ...]] = {}


def uses(words: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """``[use.span() for use in words.finditer(text)]``, read a letter at a time: the same spans
    (a term's words, beginning with one of their first letter's cases after no word character,
    cannot overlap)."""
    return sorted(use.span() for letter in _BY_LETTER[words] for use in letter.finditer(text))


#: Keyed by the normalised name of a canonical term.
WORD_SENSES: dict[str, WordSense] = {
    # Pruning data (clusters, clips, folders, caches, search trees, a tuner's trials, a dataset's
    # instances, "data pruning": dropping examples) or a transducer's lattice (the "pruned RNN-T"
    # loss), not a model's parameters. ("This directory" is a README's own folder, not what is pruned.)
    normalise("Pruning"): WordSense(
        other=_words(r"clusters?|domains?|director(?:y|ies)(?<!this\sdirectory)|folder(?<!this\sfolder)s?|files?|assets?|clips?|videos?|frames?|"
                     r"documents?|rows?|records?|caches?|trees?|branch(?:es)?|beams?|candidates?|checkpoints?|"
                     r"logs?|merg\w*|optuna|trials?|instances|data[\s\-]+prun\w*|RNN-?Ts?|lattices?"),
        own=_words(r"models?|weights?|layers?|heads?|parameters?|networks?|neurons?|experts?|structur\w*|"
                   r"unstructured|sparsit\w*|sparse|channels?|subnets?|student|teacher|width|depth|hidden|modules?|"
                   r"compress\w*|quantiz\w*|distill\w*|NAS|LLMs?|MoE|adapters?|ranks?|singular|subspaces?|"
                   r"matri(?:x|ces)|elements?|row[\s\-]+pruning"),
        words=_uses("Pp", r"run(?:e|es|ed|ing)")),
    # Generated stand-in inputs that take the data pipeline out of a benchmark or a test run.
    normalise("Synthetic Data"): WordSense(
        other=_words(r"benchmark\w*|smoke|mock\w*|dummy|random|step[\s_]time|throughput|bottlenecks?|"
                     r"run\w*\s+(?:\w+\s+){0,3}(?:with|using)|"
                     r"no\s+(?:files|data|datasets?)|real\s+(?:data|datasets?)|short\s+(?:run|job)|"
                     r"sanity|dataset_type|works?\s+correctly|is\s+working"),
        own=_words(r"generat\w*|LLMs?|teachers?|augment\w*|SDG|distill\w*|curat\w*|prompts?|privacy|"
                   r"fine-?tun\w*|pre-?train\w*|collapse"),
        words=_uses("Ss\u017f", r"ynthetic[\s\-]+data")),
    # A world model's predictor of the environment's reward (model-based RL), not of preferences.
    normalise("Reward Model"): WordSense(
        other=_words(r"(?:world|dynamics|transition|continuation|observation)\s+models?|latent|imagin\w*|"
                     r"model-based"),
        own=_words(r"humans?|preferen\w*|RLHF|chosen|rejected|LLMs?|language\s+models?|GRPO|PPO|DPO|completions?|"
                   r"responses?|align\w*"),
        words=_uses("Rr", r"eward[\s\-]+model\w*")),
    # Removing repeated messages, requests or identifiers in a system, not repeated training data.
    normalise("Deduplication"): WordSense(
        # Also a list's references, a metric's rows, a span's IDs, helper code, candidates or groups
        # of a tool's own making: what is deduplicated is named and is not a training set.
        other=_words(r"teachers?|workers?|nodes?|requests?|messages?|calls?|events?|transfers?|payloads?|"
                     r"producers?|\w+_ids?|ids|keys?|entries|replicas?|ranks?|buffers?|tensors?|weights?|"
                     r"references?|rows?|micro-?averag\w*|utils?|helpers?|candidates?|groups?"),
        own=_words(r"data\w*|documents?|examples?|samples?|corpus|corpora|text|web|images?|videos?|clips?|audio|"
                   r"exact|fuzzy|semantic|near-?duplicates?|minhash|lsh|hash\w*|curat\w*|filter\w*|training|"
                   r"duplicates?|pipelines?|stages?|workflows?"),
        # Records (entity resolution, databases, CSV files), a K/V cache, or examples kept apart across a
        # data loader's workers in distributed training: not a training set's copies, whatever else is said.
        # Results aligned across runs ("a hash of each logged document, for deduplication and
        # cross-run alignment") are an evaluation's records too.
        firm=_words(r"entity\s+resolution|record\s+linkage|records|databases?|spreadsheets?|CSV|K/?V|"
                    r"(?:cross|across)[\s\-]+runs?|"
                    r"find(?:ing)?\s+matches|dataloader|(?:distributed|multi-node)\s+(?:\w+\s+)?training"),
        words=_uses("Dd", r"e-?duplicat\w*")),
    # A GPU's waves left part-filled ("GEMM wave quantization"), a signal's levels (audio clips'
    # bit depth) or a grid's (anchors), not fewer bits for a model ("tile-wise quantization" is the
    # term: scales per tile); too common a term to judge a whole page by.
    normalise("Quantization"): WordSense(
        other=_words(r"waves?|clips?|audio|anchors?"),
        own=_words(r"weights?|activations?|bits?|bit-width|int\d+|fp\d+|nf4|precision|models?|calibrat\w*|"
                   r"scales?|LLMs?|QAT|PTQ")),
    # "Memorize" is everyday English ("CLI flags", "digits"): the verb needs training data, samples, a loss,
    # and is storage where a memory bank or a cache keeps history, whatever else the sentence says.
    normalise("Memorization"): WordSense(
        other=_words(r"memory[\s\-]+banks?|histor(?:y|ies)|caches?|buffers?"),
        verbs=re.compile(r"memori[sz](?:e|es|ed|ing)", re.IGNORECASE),
        # A recommender's wide model memorizes feature interactions (Wide & Deep's "memorization
        # and generalization"): co-occurrences learned on purpose, not training data recalled.
        firm=_words(r"feature\s+interactions?|cross-?product|crossed[\s\-]+(?:columns?|features?)|co-?occurrences?|"
                    r"wide[\s\-]+(?:and|&)[\s\-]+deep|recommender\s+systems?"),
        own=_words(r"(?:pre-?)?train\w*|data\w*|samples?|sequences?|corpus|corpora|tokens?|text|loss\w*|"
                   r"overfit\w*|generali[sz]\w*|verbatim|regurgitat\w*")),
    # Audio corrupted on purpose (noise, reverberation: augmentation), not benchmark data leaked
    # into training.
    normalise("Data Contamination"): WordSense(
        other=_words(r"augment\w*|nois\w*|reverb\w*|waveforms?|signals?|dropout"),
        own=_words(r"benchmarks?|test\w*|evaluat\w*|leak\w*|overlap\w*|memori\w*|scores?|held-?out"),
        words=_uses("Cc", r"ontaminat\w*")),
    # Condensing a text (a task that rewrites documents), not training a student on a teacher.
    normalise("Knowledge Distillation"): WordSense(
        other=_words(r"paraphras\w*|rewrit\w*|condens\w*|summar\w*"),
        own=_words(r"teachers?|students?|models?|logits?|soft|KL|loss\w*|compress\w*|LLMs?|networks?|train\w*|"
                   r"on-policy|off-policy|techniques?|methods?"),
        words=_uses("Dd", r"istill\w*")),
}
#: How far around a mention its sentence is read, at most, each way.
REACH = 200
#: ``[.!?;]\s|\n\s*\n``, written to begin with the class of its first characters, so that a
#: search skips to the next of them (a pattern that begins with an alternation is tried at
#: every position). The same matches.
SENTENCE_END = re.compile(r"[.!?;\n](?:(?<=[.!?;])\s|(?<=\n)\s*\n)")


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``text[start:end]`` (or what of it is near)."""
    left = max(0, start - REACH)
    ends = [m.end() for m in SENTENCE_END.finditer(text, left, start)]
    begin = ends[-1] if ends else left
    after = SENTENCE_END.search(text, end, min(len(text), end + REACH))
    return text[begin:after.start() if after else min(len(text), end + REACH)]


def word_sense(term_name: str, around: str, span: str = "") -> bool | None:
    """Which sense the words ``around`` a mention (its text ``span``) give it: True the term's
    own, False another one, None neither (the page may say)."""
    sense = WORD_SENSES.get(normalise(term_name))
    if sense is None:
        return None
    verb = sense.verbs is not None and sense.verbs.fullmatch(span) is not None
    if verb and sense.other.search(around):  # "a memory bank to memorize history (... in training)"
        return False
    if sense.firm is not None and sense.firm.search(around):  # "duplicate records in a database"
        return False
    if sense.own.search(around):
        return True
    return False if sense.other.search(around) or verb else None


def page_sense(term_name: str, page: Callable[[], str]) -> bool:
    """Whether a page uses a term's words only in another sense: some use near the signs
    of the other sense ("pruned clusters"), none near the term's own ("pruned layers").
    ``page`` gives the page's text, read only for a term whose words are looked for there."""
    sense = WORD_SENSES.get(normalise(term_name))
    if sense is None or sense.words is None:
        return False
    text = page()
    # Joined by a character no list reads or looks past: one search finds what one per sentence does.
    around = "\0".join([sentence(text, start, end) for start, end in uses(sense.words, text)])
    return sense.other.search(around) is not None and sense.own.search(around) is None  # (other first: rarer)


#: A last line of lower-case words with no punctuation after a finished sentence: a card's
#: tags ("ocr multimodal synthetic-data"), not the sentence going on.
TAG_LINE = re.compile(r"[.!?]\s*\n[ \t]*([a-z0-9][a-z0-9\- \t]*[a-z0-9])\s*$")


def tag_line(content: str, start: int) -> bool:
    """Whether a mention is in a paragraph's last line of tags ("... conversations.⏎ocr
    multimodal synthetic-data")."""
    if "\n" not in content:
        return False
    line = TAG_LINE.search(content)
    return line is not None and line.start(1) <= start and " " in line.group(1)


#: The last word of an action noun ("Distillation", "Pruning") and of its plural.
ACTION = re.compile(r"(?:tion|ing)$", re.IGNORECASE)
ACTIONS = re.compile(r"(?:tions|ings)$")


def plural_of_action(span: str, term_name: str) -> bool:
    """Whether a method named by an action noun is written in the plural: "condensed
    knowledge distillations", "its next-token predictions" are what the action made, not
    the method."""
    return bool(ACTIONS.search(span)) and bool(ACTION.search(term_name))


#: Title-Case words (a title's small words and commas between them), then "paper", or "proposed"
#: and the paper later in the sentence: the rest of a paper's title around a mention ("the Better
#: Fine-Tuning by Reducing Collapse paper", "Fine-Tuning via Fewer Steps proposed by ... in this paper").
_SMALL = r"(?:a|an|and|as|at|by|for|from|in|of|on|or|the|to|vs|via|with)"
SMALL_WORDS = frozenset(_SMALL[3:-1].split("|"))
PAPER_AFTER = re.compile(rf"((?:,?[ \t\n]+(?:[A-Z][\w\-]*|{_SMALL}))*)[ \t\n]+"
                         r"(?:(?:proposed|introduced|presented)\b[^.!?;]{0,120}?\b)?[Pp]apers?\b")
TITLE_BEFORE = re.compile(rf"(?<![\w\-])[A-Z][\w\-]*(?:,?[ \t\n]+(?:[A-Z][\w\-]*|{_SMALL}))*[ \t\n]+$")
CAPITALISED = re.compile(r"(?<![\w\-])[A-Z]")


def paper_title(content: str, start: int, end: int, block: Callable[[], str]) -> bool:
    """Whether a Title-Case mention is a word of a paper's title named as such: two more
    capitalised words at least in its run, and "paper" after it ("the Compressing Networks
    With Pruning, Quantization and Coding paper"; "the LoRA paper" is the method). Read in
    the whole ``block``: a title is often in italics ("the _Better Fine-Tuning by ..._ paper")."""
    if not content[start].isupper():
        return False
    after = PAPER_AFTER.match(content, end)
    if after is None:
        if len(content[end:].split(maxsplit=16)) > 16:
            return False  # no title goes on that long: the block need not be read
        whole = block()
        at = whole.find(content)
        if at < 0:
            return False
        if reference_entry(whole, at + start, at + end):
            return True
        content, start, end = whole, at + start, at + end
        after = PAPER_AFTER.match(content, end)
        if after is None:
            return False
    before = TITLE_BEFORE.search(content, max(0, start - 120), start)
    words = (before.group() if before else "") + after.group(1)
    return len(CAPITALISED.findall(words)) >= 2


#: A paper's title in a reference entry: after a "Title:" field label that opens the block
#: ("**Title:** Deep Nets for Ranking via Knowledge Distillation"), or closed by the paper's
#: arXiv, DOI, ACL Anthology or OpenReview address in parentheses ("NetJudge: Fine-tuned Nets are
#: Judges (https://arxiv.org/abs/...)"), with no sentence's end between: not the author's prose.
TITLE_FIELD = re.compile(r"\s*(?:Paper\s+)?Title\s*:[^.!?]*")
ENTRY_BEFORE = re.compile(r"\s*(?:[^\s.!?]+\s+){0,10}")
ADDRESS_AFTER = re.compile(r"[^\n.!?]{0,160}\(\s*(?:https?://)?(?:www\.)?(?:arxiv\.org|doi\.org|aclanthology\.org|"
                           r"openreview\.net)/[^()\s]*\s*\)\s*$")


def reference_entry(block: str, start: int, end: int) -> bool:
    """Whether a mention in a block's text is a word of a paper's title in a reference entry
    (closed by an address, two words in three at least capitalised: a title, not a sentence
    citing its paper, "we support LoRA (https://arxiv.org/...)")."""
    if TITLE_FIELD.fullmatch(block, 0, start):  # (bounds, not a copy of the block's start)
        return True
    after = ADDRESS_AFTER.match(block, end) if ENTRY_BEFORE.fullmatch(block, 0, start) else None
    if after is None:
        return False
    words: list[str] = TITLE_WORD.findall(block[:block.rfind("(", 0, after.end())])
    capitalised = sum(word[0].isupper() for word in words)
    return capitalised >= 3 and 3 * capitalised >= 2 * len(words)


#: A title's two parts ("Deep Nets: A Primer"), and what follows a work's title: its author, its
#: year, or its kind ("*Deep Nets* by ...", "*Deep Nets* (2016)", "the *Deep Nets* book").
TITLE_PARTS = re.compile(r"\w[^:]*:[ \t\n]+[A-Z\d]")
WORK_AFTER = re.compile(r"[ \t\n]*(?:by[ \t\n]+[A-Z]|\([^()]*\b(?:19|20)\d\d[a-z]?\)|"
                        r"(?:book|paper|article|blog[ \t\n]+post|report|thesis|survey)s?\b)")
TITLE_WORD = re.compile(r"[^\W\d_][\w\-\u2019']*")


def italic_title(title: str, after: str) -> list[str]:
    """The words of an emphasis's whole text if it reads as a work's title: Title
    Case, three capitalised words at least, and a title's two parts or its author, year or kind
    right ``after`` it ("*AI Glossary: Training, Fine-Tuning & Data*"); else none. An emphasised
    phrase alone ("*Static Quantization*: ...") is a label, not a title."""
    words = _title_words(title)
    return words if words and (TITLE_PARTS.search(title) or WORK_AFTER.match(after)) else []


def _title_words(text: str) -> list[str]:
    """The words of a text in Title Case with three capitalised words at least (a work's title,
    not a label), or none."""
    words = TITLE_WORD.findall(text)
    if sum(word[0].isupper() for word in words) < 3 or any(
            not word[0].isupper() and word not in SMALL_WORDS for word in words):
        return []
    return words


#: Square brackets around a mention, on one line: a reference link left unresolved.
BRACKETS = re.compile(r"\[([^\[\]\n]*)\]")


def bracketed_title(content: str, start: int, end: int) -> bool:
    """Whether a mention is a word of Title-Case words filling square brackets, three capitalised
    at least: a title whose reference link was left unresolved ("see [Fast Fine-Tuning on Your
    Images]"), not the author's sentence."""
    opening = content.rfind("[", max(0, start - 80), start)
    brackets = BRACKETS.match(content, opening) if opening >= 0 else None
    if brackets is None or brackets.end() <= end:
        return False
    return bool(_title_words(brackets.group(1)))


#: "generative pre-trained transformer": GPT's name spelled out, in any case; a name with a digit
#: before the bare verb: a released model's name ("R1-Distill", "OpenR1 Distill 7B").
GPT_NAME = re.compile(r"generative[\s\-]+$", re.IGNORECASE)
TRANSFORMER_AFTER = re.compile(r"[\s\-]+transformers?\b", re.IGNORECASE)
NAME_BEFORE = re.compile(r"(?<![\w\-])[\w\-]*[A-Z][\w\-]*\d[\w\-]*[ \t\-]$")


def model_name(content: str, start: int, end: int) -> bool:
    """Whether a mention is a word of a model's name, not the training phase or the method:
    GPT's spelled out ("generative pre-trained transformer"), a release's ("R1-Distill models")."""
    if content[start:end] in ("distill", "Distill"):
        return NAME_BEFORE.search(content, max(0, start - 40), start) is not None
    return bool(GPT_NAME.search(content, max(0, start - 20), start)) and bool(TRANSFORMER_AFTER.match(content, end))


#: The field of a low-rank adapter around a mixed-case name written in another case: "the
#: lora adapter", "LORA weights", "LoRa helps to finetune" (LoRa the radio has none of them).
OWN_FIELD_AFTER = re.compile(r"[\s\-]+(?:adapters?|weights|rank)\b", re.IGNORECASE)
OWN_FIELD_NEAR = re.compile(r"fine-?tun|finetun", re.IGNORECASE)


def own_field(content: str, start: int, end: int) -> bool:
    """Whether the words right after a mention, or its sentence, are the term's own field."""
    return OWN_FIELD_AFTER.match(content, end) is not None or OWN_FIELD_NEAR.search(
        sentence(content, start, end)) is not None

