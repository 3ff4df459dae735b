"""Configuration values: declared once here, checked on ``config-inited``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sphinx.util import logging

from .domain import domain_of
from .messages import WARNING_TYPE, Subtype, __

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def _optional_str_list(value: object) -> bool:
    return value is None or _is_str_list(value)


def _is_site_url(value: object) -> bool:
    """"" (unset), or an absolute http(s) URL without a fragment: links are made from it, so
    nothing else (``javascript:``, a relative path, blanks) may reach a page."""
    if value == "":
        return True
    if not isinstance(value, str) or "#" in value or any(c.isspace() or not c.isprintable() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _is_autolink(value: object) -> bool:
    # By type as well as value: 0 and 0.0 equal False, and Sphinx would warn about their type.
    return isinstance(value, bool) or (isinstance(value, str) and value in ("first", "all"))


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    rebuild: str  # "env": re-read every document on change; "html": rewrite HTML pages
    types: tuple[type, ...]
    expected: str  # said in the warning when the value is not valid
    description: str
    valid: Callable[[object], bool] | None = None  # a check beyond the types, if any

    def accepts(self, value: object) -> bool:
        return self.valid(value) if self.valid else isinstance(value, self.types)


OPTIONS = (
    Option("aigloss_packs", None, "env", (list, tuple, type(None)),
           "a list of pack ids, or None for all packs",
           "The glossary packs to activate, shipped or installed, by id (default: all).",
           valid=_optional_str_list),
    Option("aigloss_data_files", [], "env", (list, tuple),
           "a list of paths relative to the folder of conf.py",
           "Project data files (TOML, in the packs' format) that add terms, or replace canonical ones "
           "that say override = true. A file is read again only when its bytes change.",
           valid=_is_str_list),
    Option("aigloss_canonical_url", "", "env", (str,),
           "an absolute http(s) URL without a fragment",
           "Link terms that have no glossary entry in the project to this page (URL#aiterm-<id>) "
           "instead of the page the extension writes.",
           valid=_is_site_url),
    Option("aigloss_tooltips", True, "html", (bool,),
           "True or False",
           "Show the definition of a term when its link is hovered or focused; False leaves plain "
           "links, without card or title."),
    Option("aigloss_tooltip_length", "short", "html", (str,),
           "'short' or 'full'",
           "How much of the definition the hover card shows: its first sentence, or all of it.",
           valid=lambda v: v in ("short", "full")),
    Option("aigloss_autolink", False, "env", (bool, str),
           "False, 'first', 'all' or True (meaning 'first')",
           "Link mentions of terms in prose automatically: the first mention of each term on a page, "
           "or every mention.",
           valid=_is_autolink),
    Option("aigloss_autolink_ignore", [], "env", (list, tuple),
           "a list of phrases",
           "Phrases automatic linking leaves alone, e.g. a product named after a concept.",
           valid=_is_str_list),
    Option("aigloss_autolink_exclude", [], "env", (list, tuple),
           "a list of term names",
           "Terms (by any of their names) that automatic linking and the unlinked report leave "
           "to hand-written links, e.g. a library named after a concept; roles still link them.",
           valid=_is_str_list),
    Option("aigloss_report_unlinked", False, "env", (bool,),
           "True or False",
           "Warn at the first unlinked mention of each term on each page."),
    Option("aigloss_report_abbreviations", False, "env", (bool,),
           "True or False",
           "Warn where a page uses a term's abbreviation before spelling it out (\"Expansion (ABBR)\"), "
           "once per term and page; off while aigloss_expand_first spells abbreviations out."),
    Option("aigloss_report_variants", False, "env", (bool,),
           "True or False",
           "Warn where prose writes a term in a spelling none of its names or aliases has (\"Lora\", "
           "\"finetuning\"), once per term and page; an alias accepts a spelling."),
)


def register(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, option.rebuild,  # type: ignore[arg-type]
                             types=option.types, description=option.description)
    # Runs before Sphinx's own type check (priority 800), so a bad value gives one clear
    # warning from us and the default is used.
    app.connect("config-inited", check_config, priority=400)
    # Names and phrases are checked against the glossary, once it is loaded (priority 500).
    app.connect("builder-inited", check_autolink_lists, priority=900)


def check_config(app: Sphinx, config: Config) -> None:
    for option in OPTIONS:
        value = config[option.name]
        if not option.accepts(value):
            logger.warning(__("invalid value %r for %s: expected %s; using the default %r"),
                           value, option.name, option.expected, option.default,
                           type=WARNING_TYPE, subtype=Subtype.config)
            config[option.name] = option.default


def check_autolink_lists(app: Sphinx) -> None:
    """One warning per ignored phrase that can never match a mention (it names no term),
    and per excluded name that is no term's."""
    if not app.config.aigloss_autolink_ignore and not app.config.aigloss_autolink_exclude:
        return
    glossary = domain_of(app.env).base
    for phrase in app.config.aigloss_autolink_ignore:
        if not glossary.mentions(phrase):
            logger.warning(__("aigloss_autolink_ignore: %r names no term, so it can never match a mention"),
                           phrase, type=WARNING_TYPE, subtype=Subtype.config)
    for name in app.config.aigloss_autolink_exclude:
        if not glossary.lookup(name).terms:
            logger.warning(__("aigloss_autolink_exclude: %r is no term's name"), name,
                           type=WARNING_TYPE, subtype=Subtype.config)
