"""The extension's own doctree nodes.

The placeholders are written while reading and replaced by standard docutils nodes in a
post-transform (``transforms.py``), when every document's references are known, so no
builder ever meets them. ``card_data`` only exists in HTML output.
"""

from __future__ import annotations

from docutils import nodes


class glossary_placeholder(nodes.General, nodes.Element):  # noqa: N801 -- docutils naming
    """Where an ``aigloss:glossary`` directive stands; attributes hold its options."""


class definition_placeholder(nodes.General, nodes.Element):  # noqa: N801
    """Where an ``aigloss:definition`` directive stands; ``reftarget`` names the term."""


class map_placeholder(nodes.General, nodes.Element):  # noqa: N801
    """Where an ``aigloss:map`` directive stands: ``categories`` (None: all), ``used_only``;
    drawn by ``conceptmap.MapTransform``."""


class card_data(nodes.General, nodes.Element):  # noqa: N801
    """The hover-card data of one HTML page (JSON, written by ``html.visit_card_data``)."""
