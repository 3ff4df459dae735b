"""The concept map (``aigloss:map``): the terms as nodes, grouped and coloured by category, and
an edge for each ``related`` pair, laid out by Graphviz's ``dot`` through ``sphinx.ext.graphviz``
(so ``graphviz_dot`` and ``graphviz_dot_args`` apply).

HTML: an inline SVG whose nodes link to the entries, coloured by the stylesheet so that it
follows the theme's light and dark colours. LaTeX: the same map as a figure (PDF via ``dot``).
Other builders, and any builder when ``dot`` is missing (one warning, subtype ``map``): the
relations as a list.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.ext.graphviz import GraphvizError, graphviz, render_dot
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .core import Glossary, Term
from .domain import AiglossDomain, domain_of
from .messages import WARNING_TYPE, Subtype, _, __
from .transforms import ONE_PAGE_PER_DOCUMENT

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

#: One hue per category, in the glossary's category order (repeating after the last); the
#: stylesheet (aigloss-glossary.css, ``.aigloss-map-c<N>``) holds the same list.
HUES = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#ca8a04", "#64748b")
FONT = "Helvetica,Arial,sans-serif"
#: Labels longer than this wrap onto two lines, which keeps the map narrow enough for a page.
WRAP = 14
#: Placeholder links in the dot code, replaced in the SVG by each page's own URIs (so one
#: rendering serves every page, and sphinx.ext.graphviz leaves links with a host alone).
LINK = "aigloss://term/"


class map_placeholder(nodes.General, nodes.Element):  # noqa: N801 -- docutils naming
    """Where an ``aigloss:map`` directive stands: ``categories`` (None: all), ``used_only``."""


class concept_map(nodes.General, nodes.Element):  # noqa: N801
    """HTML: the map to draw: ``code``, ``label``, ``links`` (term id -> (URI from this page,
    the term's name with its other form))."""


def note_map(env: BuildEnvironment, used_only: bool) -> None:
    maps = domain_of(env).maps
    maps[env.docname] = maps.get(env.docname, False) or used_only


def updated_maps(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the pages with maps when what they show changed: any term's data, where links
    to terms go, and, for ``:used-only:`` maps, which terms the project uses."""
    domain = domain_of(env)
    maps = domain.maps
    if not maps:
        return []
    shown: list[Any] = [domain.glossary.categories,
                        [(term.id, term.digest(), domain.target_of(term)) for term in domain.glossary]]
    if any(maps.values()):
        shown.append(sorted(domain.used_keys()))
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    before = domain.data.get("maps_shown")
    domain.data["maps_shown"] = digest
    if before is None or before == digest:
        return []
    return sorted(maps.keys() & env.all_docs.keys())


# -- what a map shows ----------------------------------------------------------------------------


def related_pairs(glossary: Glossary, terms: Sequence[Term]) -> list[tuple[Term, Term]]:
    """Each ``related`` pair between the terms, once (undirected), the earlier term first, in
    the data's order."""
    order = {term.id: i for i, term in enumerate(terms)}
    pairs: set[tuple[str, str]] = set()
    for term in terms:
        for name in term.related:
            other = glossary.resolve_related(term, name)
            if other is not None and other.id in order and other.id != term.id:
                first, second = sorted((term.id, other.id), key=order.__getitem__)
                pairs.add((first, second))
    by_id = {term.id: term for term in terms}
    return [(by_id[a], by_id[b]) for a, b in sorted(pairs, key=lambda pair: (order[pair[0]], order[pair[1]]))]


def _quoted(text: str) -> str:
    """A dot string: backslashes (label escapes such as ``\\N``) and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(name: str) -> str:
    """A node's label in dot: a long name on two lines of about equal length."""
    words = name.split(" ")
    if len(name) <= WRAP or len(words) < 2:
        return _quoted(name)
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(splits, key=lambda lines: max(len(lines[0]), len(lines[1])))
    if max(len(first), len(second)) > 0.7 * len(name):  # "Constitutional / AI": no better
        return _quoted(name)
    return _quoted(first)[:-1] + "\\n" + _quoted(second)[1:]


def _mix(hue: str, share: float, base: str = "#ffffff") -> str:
    """``share`` of a colour mixed into ``base`` (the light colours of the PDF)."""
    a, b = (tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) for colour in (hue, base))
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True))


def dot_code(glossary: Glossary, groups: Sequence[tuple[str, Sequence[Term]]],
             pairs: Sequence[tuple[Term, Term]], *, links: bool) -> str:
    """The map in Graphviz's language: left to right, a cluster per category, the category's
    colour on its ``class`` (for the stylesheet) and in fill colours (for PDF and SVG without
    the stylesheet). Edges across categories do not rank the nodes, so each cluster is laid out
    on its own and the map stays compact."""
    lines = [
        "graph aigloss_map {",
        f'  graph [rankdir=LR, newrank=true, nodesep=0.12, ranksep=0.35, pad=0.1, bgcolor="transparent", '
        f'fontname="{FONT}", fontsize=12];',
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=11, height=0.3, '
        f'margin="0.1,0.04", penwidth=1.2, color="#3f4654", fontcolor="#111111"];',
        '  edge [color="#8a8f98", penwidth=1.1, class="aigloss-map-edge"];',
    ]
    number = {term.id: i for i, (_category, terms) in enumerate(groups) for term in terms}
    ids: dict[str, str] = {}
    for index, (category, terms) in enumerate(groups):
        colour = glossary.categories.index(category) % len(HUES)  # the same in every map of the project
        hue = HUES[colour]
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f'    graph [label={_quoted(category)}, labeljust=l, style="rounded,filled", '
                     f'fillcolor="{_mix(hue, 0.07)}", color="{_mix(hue, 0.35)}", class="aigloss-map-c{colour}"];')
        for term in terms:
            ids[term.id] = f"t{len(ids)}"
            url = f", URL={_quoted(LINK + term.id)}" if links else ""
            lines.append(f'    {ids[term.id]} [label={_label(term.name)}, fillcolor="{_mix(hue, 0.22)}", '
                         f'class="aigloss-map-c{colour}"{url}];')
        lines.append("  }")
    for first, second in pairs:
        cross = " [constraint=false]" if number[first.id] != number[second.id] else ""
        lines.append(f"  {ids[first.id]} -- {ids[second.id]}{cross};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def relations_list(pairs: Sequence[tuple[Term, Term]], link: Any) -> nodes.bullet_list:
    """The relations as a list: each term with the later terms it relates to (each pair once)."""
    partners: dict[str, tuple[Term, list[Term]]] = {}
    for first, second in pairs:
        partners.setdefault(first.id, (first, []))[1].append(second)
    out = nodes.bullet_list(classes=["aigloss-map-relations"])
    for term, others in partners.values():
        para = nodes.paragraph()
        para += link(term)
        para += nodes.Text(" \u2014 ")
        for i, other in enumerate(others):
            if i:
                para += nodes.Text(", ")
            para += link(other)
        out += nodes.list_item("", para)
    return out


def map_label(groups: Sequence[tuple[str, Sequence[Term]]]) -> str:
    """The map's accessible name (HTML) and caption (LaTeX)."""
    categories = ", ".join(category for category, _terms in groups)
    return _("Concept map of AI terms ({categories}); lines join related terms").format(categories=categories)


class MapTransform(SphinxPostTransform):
    """Draw the concept maps of a page, for every builder."""

    default_priority = 6  # right after the glossaries are filled in (EntryTransform, 5)

    def run(self, **kwargs: Any) -> None:
        domain = domain_of(self.env)
        if self.env.docname not in domain.maps and domain.builder.name in ONE_PAGE_PER_DOCUMENT:
            return  # most pages: no map, no need to search the tree
        for node in list(self.document.findall(map_placeholder)):
            node.replace_self(self.concept_map(node, domain))

    def concept_map(self, node: map_placeholder, domain: AiglossDomain) -> list[nodes.Node]:
        glossary = domain.glossary
        for category in node["categories"] or ():
            if not glossary.has_category(category) and not domain.data_failed:
                logger.warning(__("unknown category %r in aigloss:map (known: %s)"), category,
                               ", ".join(glossary.categories), type=WARNING_TYPE, subtype=Subtype.option,
                               location=node)
        keys = set(domain.used_keys()) if node["used_only"] else None
        groups = glossary.by_category(node["categories"], keys, sort="source")
        terms = [term for _category, members in groups for term in members]
        if not terms:
            return []
        builder, docname = domain.builder, self.env.docname
        pairs = related_pairs(glossary, terms)

        def link(term: Term) -> nodes.Node:
            return domain.link(builder, docname, term, nodes.Text(term.name)) or nodes.Text(term.name)

        if builder.format not in {"html", "latex"}:
            return [relations_list(pairs, link)]
        dot = self.config.graphviz_dot
        if not shutil.which(dot):
            logger.warning(__("cannot draw the concept map: Graphviz's dot command (%r) was not found "
                              "(see graphviz_dot); the relations are listed instead"), dot,
                           type=WARNING_TYPE, subtype=Subtype.map, location=node)
            return [relations_list(pairs, link)]
        label = map_label(groups)
        if builder.format == "latex":
            drawing = graphviz(code=dot_code(glossary, groups, pairs, links=False), options={})
            return [nodes.figure("", drawing, nodes.caption(label, label), classes=["aigloss-map"])]
        links = {term.id: (domain.uri(builder, docname, term) or "", term.display_name) for term in terms}
        out = concept_map(code=dot_code(glossary, groups, pairs, links=True), label=label, links=links)
        self.document["aigloss_map"] = True
        return [out]


# -- HTML ------------------------------------------------------------------------------------------

_DROPPED = re.compile(r"<title>[^<]*</title>\n?|<!--.*?-->\n?", re.DOTALL)
_ID = re.compile(r'(<[a-z]+) id="[^"]*"')
_LINK = re.compile(r'<a xlink:href="' + re.escape(LINK) + r'([^"]*)" xlink:title="[^"]*">')


def inline_svg(svg: str, label: str, links: dict[str, tuple[str, str]]) -> str:
    """dot's SVG made fit to stand in a page: no XML prolog, comments, ids (unique per page)
    or titles (tooltips of internal names); each page's own links, and an accessible name.

    The SVG is a ``group`` rather than an ``img``: an image's content is hidden from
    assistive technology, and the map's nodes are links. Links use ``href`` (Chromium exposes
    an ``xlink:href`` one as no link) and a ``<title>``: its name and tooltip (the term's
    name and other form; dot's own tooltips expand escapes such as ``\\N``).
    """
    svg = svg[svg.index("<svg"):]
    svg = _ID.sub(r"\1", _DROPPED.sub("", svg))
    def link(match: re.Match[str]) -> str:
        uri, title = links[match.group(1)]
        return f'<a href="{escape(uri)}"><title>{escape(title)}</title>'

    svg = _LINK.sub(link, svg)
    return svg.replace("<svg ", f'<svg class="aigloss-map-svg" role="group" aria-label="{escape(label)}" ', 1)


def visit_concept_map(translator: HTML5Translator, node: concept_map) -> None:
    """The SVG, rendered by sphinx.ext.graphviz (cached in ``_images`` by its code) and
    written into the page. dot was found when the page was prepared; if it fails now, a
    warning and no map."""
    try:
        _relative, output = render_dot(translator, node["code"], {}, "svg", prefix="aigloss-map")
    except GraphvizError as error:
        logger.warning(__("cannot draw the concept map: %s"), error,
                       type=WARNING_TYPE, subtype=Subtype.map, location=node)
        output = None
    if output is not None:
        svg = inline_svg(Path(output).read_text(encoding="utf-8"), node["label"], node["links"])
        translator.body.append(f'<div class="aigloss-map">\n{svg}</div>\n')
    raise nodes.SkipNode
