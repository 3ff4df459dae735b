"""The participle "pre-trained": the glossary's concept (a model pre-trained to be adapted
further) or only "trained beforehand, ready to use" (an image classifier's weights, a trained
pipeline). The words it governs say first, its sentence second, the page last. Pure functions on
text, no Sphinx.
"""

from __future__ import annotations

import re

from .names import normalise
from .wordsenses import word_pattern

#: The participle "pre-trained", "pretrained": it often means only "trained beforehand, ready
#: to use" (agents, adapters, a classifier handed to quantization), so it is the concept only
#: where the words say so. The nouns ("pre-training") and the verb keep linking.
PARTICIPLE = re.compile(r"pre[\s\-\u2010\u2011]?trained$", re.IGNORECASE)
#: Words that make it the concept: a language, base or foundation model and their kinds, their
#: corpus and tokens, self-supervision, the contrast with training "from scratch".
PRETRAINED_OWN = word_pattern(
    r"(?-i:(?:LL|L|PL|PT|VL)Ms?|OPT[\w\-]*|ViT\w*|CLIP|VAE|UNet\w*|T5)|language[\s\-]+model\w*|foundation|base|"
    r"backbones?|encoders?|decoders?|transformers?|BERT\w*|RoBERTa\w*|GPT\w*|Llama\w*|Mistral\w*|"
    r"Qwen\w*|Gemma\w*|wav2vec\w*|Megatron\w*|diffusion|multilingual|"
    r"embeddings?|representations?|knowledge|corpus|corpora|web|tokens?|tokenizers?|scratch|"
    r"self-supervised|unsupervised|large-scale|downstream|text|denoising|autoencod\w*|masked|"
    r"next[\s\-]token|objectives?|from_pretrained")
#: Handed out to be used as is: downloaded, run for inference or validation, a zoo's, a feature
#: extractor ("validate with the pretrained weights", "the pre-trained model will be
#: downloaded"), unless the sentence adapts it or names a language model. ("Weights" alone say
#: nothing: an image classifier's ImageNet weights are ready to use, a language model's are the
#: concept.)
READY_TO_USE = word_pattern(r"download\w*|(?:for|at|run\w*)\s+inference|validat\w*|zoo|"
                            r"extract(?:s|ed|ing)?\s+(?:\w+\s+)?features|feature\s+extract\w*")
#: A model named by the precision it is handed to quantization in ("a pretrained FP32 model").
FLOATING = word_pattern(r"FP32|float\w*|floating-point")
#: ... or the paradigm: a pre-trained model adapted by fine-tuning or transfer learning, unless
#: the sentence hands the model to compression ("optimizes pre-trained models using
#: post-training and fine-tuning techniques that minimize quantization loss").
ADAPTED = word_pattern(r"fine-?tun\w*|finetun\w*|transfer\s+learning|adapt(?:s|ed|ing|ation)?|init(?:iali[sz]\w*)?|"
                       r"further\s+train\w*|train\w*\s+further")
COMPRESSED = word_pattern(r"prun\w*|quantiz\w*|compress\w*|sparsi\w*|FP32|floating-point")
#: A page about language or diffusion models, or about adapting them with few parameters
#: (LoRA, PEFT): its participles are the concept.
PRETRAINING_PAGE = word_pattern(
    r"LLMs?|(?:large\s+|masked\s+|causal\s+)?language\s+models?|foundation\s+models?|"
    r"BERT|GPT[\w\-]*|Llama[\w\-]*|self-supervised|pre-?training\s+(?:corpus|data)|"
    r"Stable[\s\-]+Diffusion|diffusion\s+(?:models?|pipelines?)|(?-i:Q?LoRA|PEFT)|parameter-efficient")
#: Things ready to use that never went through pre-training ("pre-trained agents"), a trained
#: NLP pipeline or its components, a released retriever.
READY_MADE = word_pattern(r"agents?|adapters?|polic(?:y|ies)|classifiers?|detectors?|QA|ASR|TTS|NMT|sentiment|"
                          r"translation|ControlNet\w*|tokenizers?|pipelines?|components?|retrievers?")
#: A convolutional image classifier or detector ("a pretrained ResNet18 model from torchvision"):
#: trained on labelled images, ready to use, not pre-trained in the glossary's sense (a backbone
#: named as such still is: "an ImageNet-pre-trained Darknet-53 backbone").
IMAGE_MODELS = word_pattern(r"ResNe[tX]\w*|AlexNet|VGG\w*|MobileNet\w*|EfficientNet\w*|Inception\w*|SqueezeNet\w*|"
                      r"DenseNet\w*|ShuffleNet\w*|RegNet\w*|ConvNeXt\w*|YOLO\w*|Darknet\w*")
#: A model named by the task it does ("a pre-trained model that detects frames", "pre-trained
#: models to tag entities"): a tool handed out ready to use.
TASK_CLAUSE = re.compile(r"(?:\s+[\w\-]+){0,2}?\s+(?:models?|checkpoints?|networks?)\s+(?:that|which|to)\s+"
                         r"(?:detect|tag|scor|solv|classif|predict|recogni[sz]|translat|segment|transcrib|label)\w*",
                         re.IGNORECASE)
#: "pre-train a model -> prune it", "pre-train on MNIST": a model trained on its task first.
OWN_TASK = word_pattern(r"prun\w*|quantiz\w*|MNIST|CIFAR[\w\-]*|digits")
GOVERNED = re.compile(r"(?:[ \t\n]+(?!(?:and|or|with)\b)[\w\-]+){1,3}")
#: The words right before it: "a ControlNet model pretrained on poses", "an FP32 pre-trained
#: model", "each ControlNet model is pretrained on ...".
BEFORE = re.compile(r"(?:[\w\-]+[ \t\n]+){1,2}(?:(?:is|are|was|were|been|be)[ \t\n]+)?$")
#: A starting point said right before it: "trained ... starting from the same pre-trained
#: weights", "start from a pre-trained model" (even when the training compresses it).
STARTING_FROM = re.compile(r"\b(?:start\w*|initiali[sz]\w*)[ \t\n]+(?:from|with)[ \t\n]+"
                           r"(?:(?:a|an|the|same|its|our|their)[ \t\n]+)*$", re.IGNORECASE)
MODEL_OBJECT = re.compile(r"\s+(?:and\s+\w+\s+|it\s+|them\s+)?(?:(?:a|the)\s+(?:\w+\s+)?models?\b|on\b)")


PRETRAINING = normalise("Pre-training")


def pretrained_sense(content: str, start: int, end: int, around: str) -> bool | None:
    """Whether "pre-trained" here is the concept (True), only "trained beforehand" (False), or
    neither is said (None: the page decides). The verb and the nouns are the concept unless a
    model is trained on its own task before it is compressed ("pre-train the model -> prune
    it"); the participle needs words that say so: what it governs ("pre-trained language
    model"), a starting point right before it ("starting from the pre-trained weights"), its
    sentence adapting the model (not only compressing it) or naming a base model, web text,
    "from scratch". A sentence that downloads it, runs it for inference or validation or
    extracts features with it hands it out ready to use."""
    if not PARTICIPLE.search(content, start, end):
        trained_for_task = MODEL_OBJECT.match(content, end) and OWN_TASK.search(around)
        return not trained_for_task or PRETRAINED_OWN.search(around) is not None
    after = _read_on(content, start, end, around)  # "pretrained **transformer model**"
    governed = GOVERNED.match(after)
    words = governed.group() if governed else ""
    if READY_MADE.search(words) or FLOATING.search(words):
        return False
    if PRETRAINED_OWN.search(words):
        return True
    if IMAGE_MODELS.search(words):
        return False
    if TASK_CLAUSE.match(after):
        return False
    before = BEFORE.search(content, max(0, start - 30), start)
    if before and (READY_MADE.search(before.group()) or FLOATING.search(before.group())):
        return False
    if STARTING_FROM.search(content, max(0, start - 40), start):
        return True
    compressed = COMPRESSED.search(around) is not None
    if ADAPTED.search(around) and not compressed:
        return True
    if PRETRAINED_OWN.search(around):
        return True
    return False if compressed or READY_TO_USE.search(around) else None


def _read_on(content: str, start: int, end: int, around: str) -> str:
    """The words after a mention, read on in its sentence when its text ends within a few
    words (inline markup cuts it: "our pre-trained *HunFlair2* models to tag")."""
    tail = content[end:]
    if len(tail.split()) >= 6:
        return tail
    key = content[max(0, start - 20):end]
    at = around.find(key)
    return around[at + len(key):] if at >= 0 else tail


#: The participle anywhere in a page, and fine-tuning's words (a page about adapting a model).
PARTICIPLES = re.compile(r"\bpre[\s\-\u2010\u2011]?trained\b", re.IGNORECASE)
FINE_TUNING = re.compile(r"\bfine[\s\-\u2010\u2011]?tun\w*|\bfinetun\w*", re.IGNORECASE)


def pretraining_page(page: str) -> bool:
    """Whether a page speaks of language models or of their pre-training, or of fine-tuning
    twice as often as it names pre-trained models (a guide to adapting a model, not a list of
    ready-made ones): then a participle nothing else qualifies ("load the pre-trained model")
    is the concept."""
    if PRETRAINING_PAGE.search(page):
        return True
    return len(FINE_TUNING.findall(page)) >= 2 * len(PARTICIPLES.findall(page)) > 0
