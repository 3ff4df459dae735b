"""Warning subtypes and the translation helpers every module logs and renders through.

Every warning the extension emits has ``type="aigloss"`` and one of the subtypes below, so
that a project can silence one kind with ``suppress_warnings = ["aigloss.<subtype>"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.locale import get_translation
from sphinx.util import logging

if TYPE_CHECKING:
    from .core import Conflict

logger = logging.getLogger(__name__)

MESSAGE_CATALOG = "sphinx_aigloss"

#: Strings that land in the built documents ("Related terms", "References", ...).
_ = get_translation(MESSAGE_CATALOG)
#: Strings for the console (warnings and errors).
__ = get_translation(MESSAGE_CATALOG, "console")

WARNING_TYPE = "aigloss"


class Subtype:
    """The ``subtype`` of each warning the extension can emit (plain strings)."""

    #: A role or directive names a term that no active glossary defines; the text is rendered
    #: unlinked, with a suggestion in the message when a name is close.
    unknown_term = "unknown_term"
    #: A name is shared by two or more terms, so a reference to it cannot be resolved; the
    #: message names them all.
    ambiguous_term = "ambiguous_term"
    #: Two project sources (data files or ``aigloss:term`` directives) define one term; the
    #: first is kept and the message names both places.
    duplicate_term = "duplicate_term"
    #: A project term has a canonical term's name but does not say ``override``; the canonical
    #: one is kept.
    override = "override"
    #: A glossary data file (or pack) is missing or invalid: an error, the build exits 1.
    data = "data"
    #: A configuration value has the wrong type or an unknown value (its default is used), or
    #: lists a pack or data file twice (it is used once).
    config = "config"
    #: A directive option names something unknown (e.g. a category in ``:categories:``), or an
    #: ``aigloss:term`` has no definition or an invalid name.
    option = "option"
    #: ``aigloss_report_unlinked``: a known term is mentioned in prose without a link.
    unlinked_mention = "unlinked_mention"
    #: A concept map (``aigloss:map``) cannot be drawn (Graphviz's ``dot`` is missing or
    #: fails); its relations are listed instead.
    map = "map"
    #: An installed pack is left out: its entry point (group ``sphinx_aigloss.packs``)
    #: cannot be loaded, or a shipped pack or another installed one has its id; or its
    #: ``override`` of another pack's term is refused (the project did not select it by id).
    pack = "pack"
    #: A translation catalog of a pack (``<pack-id>.mo``) cannot be read, or one of its
    #: translations cannot be a name or definition; the English text is shown instead. Also
    #: once per catalog with plural entries (``msgid_plural``), which translate nothing.
    l10n = "l10n"
    #: ``aigloss_report_abbreviations``: a page uses a term's abbreviation before it spells it
    #: out ("Expansion (ABBR)"); the message gives the spelled-out form in the page's markup.
    abbreviation = "abbreviation"
    #: ``aigloss_report_variants``: prose writes a term in a spelling none of its names or
    #: aliases has ("Lora", "finetuning"); the message names the spelling to use.
    variant = "variant"
    #: A LaTeX build with pdflatex: glossary text holds characters pdflatex has no definition
    #: for (CJK, say); the PDF shows their code points instead.
    latex = "latex"


def warn_conflicts(conflicts: list[Conflict], locations: dict[int, tuple[str, int]] | None = None) -> None:
    """One warning per conflict; ``locations`` maps id(term) to where a directive defined it."""
    for conflict in conflicts:
        subtype = {"duplicate": Subtype.duplicate_term, "refused": Subtype.pack}.get(conflict.kind, Subtype.override)
        location = locations.get(id(conflict.term)) if locations else None
        logger.warning("%s", conflict.message, type=WARNING_TYPE, subtype=subtype, location=location)
