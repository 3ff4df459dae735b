"""sphinx-aigloss: a canonical glossary of AI terms for Sphinx documentation.

``setup()`` only registers; each module does one thing (example_docs/architecture.rst says
which). Sphinx is imported inside ``setup()`` so that the command-line tool, which uses only
the pure-Python model, starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]

#: Bumped whenever the shape of the domain's stored data, or a node class that pickled
#: doctrees hold, changes (forces a fresh read). 9: a term's ``expand`` field, expand.Spelled,
#: Term.english and Term.lang (translations). 10: translated categories, Term.english on
#: every term of a translated glossary, :aiterm: targets normalised to the English name.
ENV_VERSION = 10


def setup(app: Sphinx) -> ExtensionMetadata:
    from importlib import resources

    from . import (
        abbreviation_list,
        conceptmap,
        config,
        events,
        expand,
        glossary_tools,
        html,
        jsonld,
        l10n,
        latex,
        noted,
        search,
    )
    from .domain import AiglossDomain, warn_missing_reference
    from .messages import MESSAGE_CATALOG
    from .nodes import card_data
    from .roles import TermRole
    from .transforms import EntryTransform

    config.register(app)
    app.setup_extension("sphinx.ext.graphviz")  # runs dot for the concept map (graphviz_dot)

    app.add_domain(AiglossDomain)
    app.add_role("aiterm", TermRole("term"))
    app.add_role("aidef", TermRole("def"))

    app.add_node(card_data, html=(html.visit_card_data, None))
    app.add_node(glossary_tools.glossary_tools,
                 html=(glossary_tools.visit_glossary_tools, glossary_tools.depart_glossary_tools))
    app.add_node(glossary_tools.jump_bar, html=(glossary_tools.visit_jump_bar, None))
    app.add_node(glossary_tools.category_heading,
                 html=(glossary_tools.visit_category_heading, glossary_tools.depart_category_heading))
    app.add_node(glossary_tools.filter_term, html=(glossary_tools.visit_filter_term, glossary_tools.depart_filter_term))
    app.add_node(conceptmap.concept_map, html=(conceptmap.visit_concept_map, None))
    app.add_post_transform(EntryTransform)
    app.add_post_transform(conceptmap.MapTransform)
    app.add_post_transform(glossary_tools.GlossaryToolsTransform)
    app.add_post_transform(html.CardDataTransform)
    app.add_post_transform(latex.TermFootnotes)
    app.add_post_transform(latex.IndexSortKeys)
    app.add_post_transform(abbreviation_list.AbbreviationsTransform)
    app.add_post_transform(expand.ExpandFirstUse)

    app.connect("builder-inited", l10n.init_labels)
    app.connect("builder-inited", events.load_glossary)
    app.connect("builder-inited", html.copy_static_files)
    app.connect("builder-inited", latex.add_package)
    app.connect("env-updated", latex.write_package)
    app.connect("doctree-read", events.note_entries)
    app.connect("doctree-read", events.link_mentions, priority=900)  # after metadata is collected
    app.connect("doctree-read", events.report_terminology, priority=850)  # before autolinks replace text
    app.connect("doctree-read", expand.note_uses, priority=950)  # after automatic linking
    noted.setup(app)  # the terminology reports' warnings, once per place under -j too
    app.connect("env-get-outdated", events.outdated_by_data)
    app.connect("env-get-updated", events.updated_by_others)
    app.connect("env-get-updated", conceptmap.updated_maps)
    app.connect("env-get-updated", abbreviation_list.updated_lists)
    app.connect("env-get-updated", expand.updated_book)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("html-page-context", search.add_search_card)  # (first: add_assets replaces the page's CSS list)
    app.connect("html-page-context", html.add_assets)
    app.connect("html-page-context", jsonld.add_json_ld)
    app.connect("html-collect-pages", html.fallback_page)
    app.connect("build-finished", html.fallback_page_singlehtml)
    app.connect("build-finished", l10n.write_templates)

    app.add_message_catalog(MESSAGE_CATALOG, str(resources.files(__name__) / "locale"))
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
