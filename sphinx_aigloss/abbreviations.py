"""``aigloss:abbreviations``, as reading meets it: the directive leaves a placeholder, filled in
when the page is written, once every page is read (``abbreviation_list.py``)."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .domaindata import data_of


class abbreviations_placeholder(nodes.General, nodes.Element):  # noqa: N801 -- docutils naming
    """Where an ``aigloss:abbreviations`` directive stands: ``used_only``."""


class AbbreviationsDirective(SphinxDirective):
    """List the terms' abbreviations with their expansions."""

    has_content = False
    option_spec: ClassVar = {"used-only": directives.flag}

    def run(self) -> list[nodes.Node]:
        node = abbreviations_placeholder(used_only="used-only" in self.options)
        self.set_source_info(node)
        lists = data_of(self.env).abbreviation_lists
        lists[self.env.docname] = lists.get(self.env.docname, False) or node["used_only"]
        return [node]
