"""Whether "pre-trained" and its verb and nouns are the glossary's Pre-training (a model that
went through pre-training, used as a starting point) or only "trained beforehand, handed out
ready to use", told by the words around a mention or by the page. Pure functions on text."""

from __future__ import annotations

import re

from .names import normalise
from .wordsenses import _words

#: The participle "pre-trained", "pretrained": it often means only "trained beforehand, ready
#: to use" (agents, adapters, a classifier handed to quantization), so it is the concept only
#: where the words say so. The nouns ("pre-training") and the verb keep linking.
PARTICIPLE = re.compile(r"pre[\s\-\u2010\u2011]?trained$", re.IGNORECASE)
#: Words that make it the concept: a large language, base or foundation model and their kinds,
#: their weights, corpus and tokens, self-supervision, the contrast with training "from scratch".
#: A bare "language model" (an "LM") is not among them: in speech recognition it is a decoding
#: component, so the page decides (``pretraining_page``); nor is a language named in the sentence
#: ("models in 14 languages": a speech toolkit's releases); "text-to-speech" is a task, not text.
PRETRAINED_OWN = _words(r"(?-i:(?:LL|PL|PT|VL)Ms?|OPT[\w\-]*|ViT\w*|CLIP|VAE|UNet\w*|T5)|foundation|base|"
                        r"backbones?|encoders?|decoders?|transformers?|BERT\w*|RoBERTa\w*|GPT\w*|Llama\w*|Mistral\w*|"
                        r"Qwen\w*|Gemma\w*|wav2vec\w*|Megatron\w*|diffusion|weights?|parameters?|"
                        r"embeddings?|representations?|knowledge|corpus|corpora|web|"
                        r"tokens?|tokenizers?|scratch|self-supervised|unsupervised|large-scale|downstream|multilingual|"
                        r"text(?![\s\-]+to\b)|denoising|autoencod\w*|masked|next[\s\-]token|objectives?|from_pretrained")
#: ... and, only in what the participle governs, the languages it was pre-trained on.
LANGUAGES = _words(r"languages?(?![\s\-]+models?\b)")
#: Vectors computed beforehand and applied as they are ("pre-trained steering vectors", "extract
#: the pre-trained vectors"): not a model. Word vectors are trained on a corpus (read as embeddings,
#: as "pre-trained embedding vectors" and "weight vectors" are before this is read).
VECTORS = _words(r"(?<!word\s)vectors?")
#: A model named by the precision it is handed to quantization in ("a pretrained FP32 model").
FLOATING = _words(r"FP32|float\w*|floating-point")
#: ... or the paradigm: a pre-trained model adapted by fine-tuning or transfer learning, or used to
#: initialise a model that is trained further, unless
#: the sentence hands the model to compression ("optimizes pre-trained models using
#: post-training and fine-tuning techniques that minimize quantization loss").
ADAPTED = _words(r"fine-?tun\w*|finetun\w*|transfer\s+learning|adapt(?:s|ed|ing|ation)?|initiali[sz]\w*|init_from\w*")
COMPRESSED = _words(r"prun\w*|quantiz\w*|compress\w*|sparsi\w*|FP32|floating-point")
#: A page about language or diffusion models, or about adapting them with few parameters
#: (LoRA, PEFT): its participles are the concept.
PRETRAINING_PAGE = _words(r"LLMs?|(?:large|masked|causal)\s+language\s+models?|foundation\s+models?|"
                          r"BERT|GPT[\w\-]*|Llama[\w\-]*|self-supervised|pre-?training\s+(?:corpus|data)|"
                          r"Stable[\s\-]+Diffusion|diffusion\s+(?:models?|pipelines?)|(?-i:Q?LoRA|PEFT)|parameter-efficient")
#: A bare language model makes a page about pre-training, unless the page is about speech, where
#: an n-gram or neural LM is a decoding component of a recogniser (shallow fusion, rescoring).
LANGUAGE_MODEL = _words(r"(?-i:LMs?)|language[\s\-]+models?")
SPEECH = _words(r"(?-i:ASR|CTC|WER)|(?<!part-of-)(?<!part of )speech|acoustic|transducers?")  # (not a part of speech)
#: A sentence that downloads, uploads or links to the model, and does not adapt it, hands out a
#: release: what else it says ("download links for pretrained models if you don't want to train
#: a model from scratch", "embeddings") does not tell the sense, the page does.
RELEASED = _words(r"download\w*|upload\w*|hosted|links?")
#: A model used as is to search: it queries or reranks, or its vectors are compared ("load an
#: index and the pretrained model to query it", "pre-trained embeddings compared by dot product").
SEARCHED_WITH = _words(r"quer(?:y|ies|ying)|rerank\w*|dot[\s\-]+products?|cosine|index(?:es)?|indices")
#: A model used as is: handed out by its authors ("the pre-trained retriever provided by the
#: authors"; not "weights can be provided by: a file, a checkpoint"), or loaded (accessed) to
#: generate or to test ("load a pretrained GPT-2 and generate text", "load pre-trained weights
#: and test the agent"), with nothing in the sentence training, fine-tuning or adapting it.
#: Read before what the participle governs: a GPT-2 loaded to generate is a language model, but
#: one handed out ready to use.
PROVIDED = _words(r"(?:provided|released|shared)\s+by\s+(?:the\s+|its\s+|their\s+)?(?:original\s+)?authors?")
LOADED = _words(r"load\w*|access\s+to")
OUTPUT = _words(r"generat\w*|test")
#: ... or the verb "load" governing the participle itself ("load up a pre-trained ColBERT model",
#: "load pre-trained models designed for ..."): a model taken ready to use where nothing else in
#: the sentence tells the sense ("load the weights of the pre-trained model" governs weights).
#: Only for a model named ("a pre-trained ColBERT model") or made for a purpose ("models designed
#: for ..."): a bare "load the pretrained model" is left to the page (on a page about language
#: models, their pre-trained model).
LOADS_IT = re.compile(r"\bload(?:s|ed|ing)?(?:[ \t\n]+up)?[ \t\n]+(?:(?:a|an|the)[ \t\n]+)?$", re.IGNORECASE)
BARE_MODEL = re.compile(r"[ \t\n]+models?\b(?![ \t\n]+(?:\w+ly[ \t\n]+)?(?:designed|built|made)\b)", re.IGNORECASE)
#: ... unless it is a part loaded into a model ("loads a pretrained audio codec for speech
#: generation"): a starting point, as a frozen encoder under a trained part is.
COMPONENT = _words(r"codecs?|encoders?|decoders?|vocoders?|backbones?|tokenizers?")
#: Training in the sentence, other than the mention's own "-trained".
TRAINS = re.compile(r"(?<![\w\-])train(?:s|ed|ing)?\b", re.IGNORECASE)
#: Things ready to use that never went through pre-training ("pre-trained agents").
READY_MADE = _words(r"agents?|adapters?|polic(?:y|ies)|classifiers?|detectors?|QA|ASR|TTS|NMT|sentiment|translation|"
                    r"ControlNet\w*|tokenizers?")
#: A convolutional image classifier or detector ("a pretrained ResNet18 model from torchvision"):
#: trained on labelled images, ready to use, not pre-trained in the glossary's sense (a backbone
#: named as such still is: "an ImageNet-pre-trained Darknet-53 backbone").
IMAGE_MODELS = _words(r"ResNe[tX]\w*|AlexNet|VGG\w*|MobileNet\w*|EfficientNet\w*|Inception\w*|SqueezeNet\w*|"
                      r"DenseNet\w*|ShuffleNet\w*|RegNet\w*|ConvNeXt\w*|YOLO\w*|Darknet\w*")
#: A model named by the task it does ("a pre-trained model that detects frames", "pre-trained
#: models to tag entities", "the pre-trained model to extract features"): a tool handed out ready
#: to use (a language or foundation model governed as such is the concept before this is read).
TASK_CLAUSE = re.compile(r"(?:\s+[\w\-]+){0,2}?\s+(?:models?|checkpoints?|networks?)\s+(?:that|which|to)\s+"
                         r"(?:detect|tag|scor|solv|classif|predict|recogni[sz]|translat|segment|transcrib|label|extract)\w*",
                         re.IGNORECASE)
#: "pre-train a model -> prune it", "pre-train on MNIST": a model trained on its task first.
OWN_TASK = _words(r"prun\w*|quantiz\w*|MNIST|CIFAR[\w\-]*|digits")
GOVERNED = re.compile(r"(?:[ \t\n]+(?!(?:and|or|with)\b)[\w\-]+){1,3}")
#: The words right before it: "a ControlNet model pretrained on poses", "an FP32 pre-trained
#: model", "each ControlNet model is pretrained on ...".
BEFORE = re.compile(r"(?:[\w\-]+[ \t\n]+){1,2}(?:(?:is|are|was|were|been|be)[ \t\n]+)?$")
MODEL_OBJECT = re.compile(r"\s+(?:and\s+\w+\s+|it\s+|them\s+)?(?:(?:a|the)\s+(?:\w+\s+)?models?\b|on\b)")


PRETRAINING = normalise("Pre-training")


def pretrained_sense(content: str, start: int, end: int, around: str) -> bool | None:
    """Whether "pre-trained" here is the concept (True), only "trained beforehand" (False), or
    neither is said (None: the page decides). The verb and the nouns are the concept unless a
    model is trained on its own task before it is compressed ("pre-train the model -> prune
    it"); the participle needs words that say so: what it governs ("pre-trained language
    model", "pre-trained weights"), its sentence (a base model, web text, "from scratch"), or
    fine-tuning it (not in a sentence about compressing it)."""
    if not PARTICIPLE.search(content, start, end):
        trained_for_task = MODEL_OBJECT.match(content, end) and OWN_TASK.search(around)
        return not trained_for_task or PRETRAINED_OWN.search(around) is not None
    governed = GOVERNED.match(content, end)
    words = governed.group() if governed else ""
    if not COMPONENT.search(words) and used_as_is(around):
        return False
    if READY_MADE.search(words) or FLOATING.search(words):
        return False
    if PRETRAINED_OWN.search(words) or LANGUAGES.search(words):  # "pre-trained on 100 languages"
        return True
    if VECTORS.search(words):
        return False
    if IMAGE_MODELS.search(words):
        return False
    if TASK_CLAUSE.match(_read_on(content, start, end, around)):
        return False
    before = BEFORE.search(content, max(0, start - 30), start)
    if before and (READY_MADE.search(before.group()) or FLOATING.search(before.group())):
        return False
    if SEARCHED_WITH.search(around) and not ADAPTED.search(around) and not LANGUAGE_MODEL.search(around):
        return False  # "load an index and its pretrained model to query it": a model used as is
    if RELEASED.search(around) and not ADAPTED.search(around):
        return None
    if PRETRAINED_OWN.search(around):
        return True
    if COMPRESSED.search(around):
        return False
    if ADAPTED.search(around):
        return True
    loaded = (LOADS_IT.search(content, max(0, start - 20), start) and not COMPONENT.search(words)
              and not BARE_MODEL.match(content, end))
    if loaded and not TRAINS.search(around):
        return False  # "load up a pre-trained ColBERT model"; not "loads a pretrained audio codec"
    return None


def used_as_is(around: str) -> bool:
    """Whether a sentence hands out a model or loads it to generate or test, and nothing in it
    trains or adapts the model ("load a pretrained GPT-2 and generate text")."""
    ready = PROVIDED.search(around) or (LOADED.search(around) and OUTPUT.search(around))
    return bool(ready) and not ADAPTED.search(around) and not TRAINS.search(around)


def _read_on(content: str, start: int, end: int, around: str) -> str:
    """The words after a mention, read on in its sentence when its text ends within a few
    words (inline markup cuts it: "our pre-trained *HunFlair2* models to tag")."""
    tail = content[end:]
    if len(tail.split()) >= 6:
        return tail
    key = content[max(0, start - 20):end]
    at = around.find(key)
    return around[at + len(key):] if at >= 0 else tail


def pretraining_page(page: str) -> bool:
    """Whether a page speaks of language models or of their pre-training: then a participle
    nothing else qualifies ("load the pre-trained model") is the concept."""
    if PRETRAINING_PAGE.search(page):
        return True
    return LANGUAGE_MODEL.search(page) is not None and SPEECH.search(page) is None
