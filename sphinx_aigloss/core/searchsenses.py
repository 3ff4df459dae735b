"""Senses of the everyday-word terms that recur across documentation sets: "fine-tune" said of a
setting (a range argument, criteria, a retrieval pipeline, a tool's detection, "to our problem"), pruning and
quantization in a hyper-parameter search (trials, search spaces, early stopping), the
quantization of a vector index (what is compressed is stored vectors to search, not a model),
and "distil" meaning extract or condense (information, a signal, lessons from the literature).
Pure functions on text, read only for a mention the other rules left linkable.
"""

from __future__ import annotations

import re

from .names import normalise
from .wordsenses import _words

#: What "fine-tune" governs, in the words right after it, when it adjusts a setting: a determiner
#: (or "of") first, so that a compound noun ("the fine-tuning arguments") is not read as an object.
SETTING_OBJECT = re.compile(
    r"[ \t\n]+(?:(?:of[ \t\n]+)?(?:the|your|its|their|these|this|our|my)[ \t\n]+|of[ \t\n]+)"
    r"(?:(?!(?:on|in|with|using|for|to|and|or|models?|LLMs?)\b)[\w\-]+[ \t\n]+){0,2}?"
    r"(?:arguments?|ranges?|prompts?|criteri(?:a|on)|pipelines?|learning[ \t\n]+rates?|thresholds?|"
    r"hyper-?parameters?|"
    # A tool's check ("the repetition detection"), not a detection model or head.
    r"detection(?![ \t\n\-]+(?:models?|heads?|networks?|backbones?|layers?)\b))\b"
    r"|[ \t\n]+to[ \t\n]+(?:our|your|the|their)[ \t\n]+(?:\w+[ \t\n]+)?problems?\b", re.IGNORECASE)
#: "reduce the learning rate to fine-tune the model": the rate is what is tuned in a training run.
RATE_BEFORE = re.compile(r"\b(?:lower|reduc|decreas|decay)\w*[ \t\n]+(?:the[ \t\n]+)?learning[ \t\n]+rates?"
                         r"[ \t\n]+to[ \t\n]+$", re.IGNORECASE)
#: A bare object right after the verb or its participle: "fine tune hyperparameters", "fine-tuned
#: customization" adjust finely. Not after a determiner ("the fine-tune hyperparameters" are the
#: concept's), nor for "fine-tuning", whose bare noun after it is a compound ("fine-tuning control").
BARE_VERB = re.compile(r"fine[ \t\n\-]?tuned?", re.IGNORECASE)
BARE_OBJECT = re.compile(r"[ \t\n]+(?:hyper-?parameters|customi[sz]ation|adjustments)\b", re.IGNORECASE)
DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|any|default|your|our|its|their|these|this|those)[ \t\n]+$",
                               re.IGNORECASE)
#: A hyper-parameter search's words: its trials are pruned and its values quantized.
_SEARCH = (r"trials?|HPO|hyper-?parameter[\s\-]+(?:optimi[sz]ation|search|tuning)|"
           r"early[\s\-]+stopping|successive[\s\-]+halving|hyperband|ASHA|reduction[\s\-]+factor|"
           r"q(?:log)?uniform|qrandint|prun\w*[\s\-]+(?:of[\s\-]+)?(?:experiments|trials)")
#: What a search prunes: its trials. A search space alone does not say so: an architecture search
#: prunes the network itself within one ("a search space of pruned subnets").
PRUNED_IN_SEARCH = _words(_SEARCH)
#: What is quantized in a search or for one, not a model: the values of a search's space ("each
#: setting in the search space is rounded"), or a vector index and the vectors it stores for
#: search (Faiss's flat, IVF and PQ indexes). One list, read once for a mention.
QUANTIZED_ELSEWHERE = _words(
    _SEARCH + r"|search[\s\-]+spaces?|"
    r"ind(?:ex|exes|ices)|faiss|IVF\w*|HNSW|PQ|(?:vectors?|embeddings?)[\s\-]+(?:are[\s\-]+)?stored|"
    r"vector[\s\-]+(?:stores?|databases?|search)|"
    # Scalar and product quantization compress stored vectors (int8 codes, PQ codebooks);
    # "at the storage level" is where an index keeps them. ("A scalar quantizer" of a codec
    # quantizes a model's outputs: not read.)
    r"scalar(?:[\s\-]+vector)?[\s\-]+quantization|product[\s\-]+quantization|storage[\s\-]+(?:level|layer)")

#: "Distil" as a verb that extracts or condenses: what it governs, right after it (behind a
#: determiner and up to three modifiers), is information, a signal, insights, the main points;
#: or it draws "from" the literature, practice, experience. Knowledge distillation distils a
#: model, knowledge, data, features (the noun "distillation" is not read here).
DISTIL_VERB = re.compile(r"distil(?:l|ls|s|led|ling)?", re.IGNORECASE)
_GIST = (r"information|signals?|insights?|lessons?|essence|gist|wisdom|ideas?|takeaways?|functions|"
         r"points|principles|guidelines|advice|best[ \t\n]+practices")
GIST_OBJECT = re.compile(
    r"[ \t\n]+(?:(?:the|this|that|these|those|its|their|our|your|all|both)[ \t\n]+)?"
    r"(?:(?!(?:knowledge|from|into|to|of|and|or|with|on|in)\b)[\w\-]+[ \t\n]+){0,3}?(?:" + _GIST + r")\b"
    r"|[ \t\n]+from[ \t\n]+(?:\w+[ \t\n]+){0,2}?(?:literature|practice|experience|research|papers|"
    r"conversations|discussions|feedback|documentation|years)\b", re.IGNORECASE)
#: ... or it is coordinated with reading or summarising ("read and distil", "review and distil"):
#: it governs what is read.
GIST_BEFORE = re.compile(r"\b(?:read|review\w*|stud(?:y|ied|ying)|analy[sz]\w*|summari[sz]\w*|synthesi[sz]\w*)"
                         r"[ \t\n]+(?:and|&)[ \t\n]+$", re.IGNORECASE)
#: ... unless a teacher, a student or a model is in the sentence ("distil the information of a
#: teacher into a student").
MODELS = _words(r"teachers?|students?|models?|networks?|LLMs?|logits")

FINE_TUNING = normalise("Fine-tuning")
KNOWLEDGE_DISTILLATION = normalise("Knowledge Distillation")
PRUNING = normalise("Pruning")
QUANTIZATION = normalise("Quantization")


def adjusts_setting(content: str, start: int, end: int) -> bool:
    """Whether "fine-tune" here adjusts a setting: what it governs ("the range argument", "of
    criteria", "to our problem"), or the learning rate lowered for it, says so."""
    if BARE_OBJECT.match(content, end) and BARE_VERB.fullmatch(content, start, end):
        return DETERMINER_BEFORE.search(content, max(0, start - 12), start) is None
    return (SETTING_OBJECT.match(content, end) is not None
            or RATE_BEFORE.search(content, max(0, start - 60), start) is not None)


def cut_short(content: str, end: int) -> bool:
    """Whether a text run ends within three words of a mention: inline markup cut what it
    governs ("fine-tune the `--range` argument"), so the sentence must be read."""
    return len(content[end:].split(maxsplit=3)) < 4


def search_sense(key: str, around: str, span: str) -> bool:
    """Whether a mention (its text ``span``) of Pruning or Quantization (``key``, normalised) is
    another sense in its sentence ``around``: a search's trials pruned or values quantized, a
    vector index quantized; of Knowledge Distillation, the verb "distil" extracting information
    or lessons; or of Fine-tuning, whose run markup cut, the verb adjusting a setting."""
    if key == FINE_TUNING:
        at = around.find(span)
        return at >= 0 and SETTING_OBJECT.match(around, at + len(span)) is not None
    if key == PRUNING:
        return PRUNED_IN_SEARCH.search(around) is not None
    if key == QUANTIZATION:
        return QUANTIZED_ELSEWHERE.search(around) is not None
    if key == KNOWLEDGE_DISTILLATION and DISTIL_VERB.fullmatch(span):
        at = around.find(span)
        gist = at >= 0 and (GIST_OBJECT.match(around, at + len(span)) is not None
                            or GIST_BEFORE.search(around, max(0, at - 40), at) is not None)
        return gist and not MODELS.search(around)
    return False
