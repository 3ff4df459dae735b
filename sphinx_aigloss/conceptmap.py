"""The concept map (``aigloss:map``): the terms as nodes, grouped and coloured by category, and
an edge for each ``related`` pair, laid out by Graphviz's ``dot`` with the settings of
``sphinx.ext.graphviz`` (``graphviz_dot``, ``graphviz_dot_args``).

dot runs when a page is prepared (a post-transform), so that a missing or failing ``dot`` is
one warning at the map's own line and the relations as a list, in every builder. HTML: an
inline SVG whose nodes link to the entries, coloured by the stylesheet so that it follows the
theme's light and dark colours, after a link that skips it, folded when large. EPUB: the SVG
as an image. LaTeX: a figure, scaled down to a page. Other builders: the relations as a list.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import time
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from . import render
from .builders import output_of
from .core import Glossary, Term, visible
from .core.l10n import is_english, is_english_category
from .domain import AiglossDomain, domain_of
from .messages import WARNING_TYPE, Subtype, _, __
from .nodes import map_placeholder
from .placements import conditions_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator


logger = logging.getLogger(__name__)

#: One hue per category, in the glossary's category order (repeating after the last); the
#: stylesheet (aigloss-glossary.css, ``.aigloss-map-c<N>``) holds the same list.
HUES = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#ca8a04", "#64748b")
FONT = "Helvetica,Arial,sans-serif"
#: Labels longer than this wrap onto two lines, which keeps the map narrow enough for a page.
WRAP = 14
#: The largest drawing on a PDF page, in inches (width, height): the text block of A4 and US
#: letter with Sphinx's default margins, less room for the caption.
PAGE = "6.2,8.4"
#: The class of a node or cluster whose label is left in English in a translated glossary; the
#: inline SVG has ``lang="en"`` on its group instead (dot's SVG has a flat group per node and
#: per cluster label, so the mark covers exactly that label).
ENGLISH = " aigloss-map-en"
_ENGLISH_GROUP = re.compile('(<g class="[^"]*)' + ENGLISH.replace("-", "(?:-|&#45;)") + '"')  # (dot writes &#45;)
#: Placeholder links in the dot code, replaced in the SVG by each page's own URIs (so one
#: rendering serves every page, and sphinx.ext.graphviz leaves links with a host alone).
LINK = "aigloss://term/"


class concept_map(nodes.General, nodes.Element):  # noqa: N801 -- docutils naming
    """HTML: a drawn map: ``svg`` (inline, with this page's links), ``number`` (its order on
    the page) and ``size`` (how many terms it shows)."""


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
    before = domain.last_maps
    domain.last_maps = digest
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
    """A dot string that dot draws as exactly ``text``: backslashes (label escapes such as
    ``\\N``) and quotes escaped, and ``&`` written ``&amp;``, since dot decodes character
    references (``&#27;``, ``&lt;``) in labels."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


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
             pairs: Sequence[tuple[Term, Term]], *, links: bool, page: bool = False) -> str:
    """The map in Graphviz's language: left to right, a cluster per category, the category's
    colour on its ``class`` (for the stylesheet) and in fill colours (for PDF and SVG without
    the stylesheet). Edges across categories do not rank the nodes, so each cluster is laid out
    on its own and the map stays compact. With ``page``, a map larger than a page (``PAGE``) is
    scaled down to fit one: TeX cannot place a figure taller than about 5.7 m."""
    size = f', size="{PAGE}"' if page else ""
    lines = [
        "graph aigloss_map {",
        f'  graph [rankdir=LR, newrank=true, nodesep=0.12, ranksep=0.35, pad=0.1, bgcolor="transparent", '
        f'fontname="{FONT}", fontsize=12{size}];',
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
        english = ENGLISH if is_english_category(glossary, category) else ""
        lines.append(f'    graph [label={_quoted(category)}, labeljust=l, style="rounded,filled", '
                     f'fillcolor="{_mix(hue, 0.07)}", color="{_mix(hue, 0.35)}", '
                     f'class="aigloss-map-c{colour}{english}"];')
        for term in terms:
            ids[term.id] = f"t{len(ids)}"
            url = f", URL={_quoted(LINK + term.id)}" if links else ""
            english = ENGLISH if is_english(term, term.name) else ""
            lines.append(f'    {ids[term.id]} [label={_label(term.name)}, fillcolor="{_mix(hue, 0.22)}", '
                         f'class="aigloss-map-c{colour}{english}"{url}];')
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


class MapError(Exception):
    """The map cannot be drawn: dot is missing, cannot run or fails (the message says which)."""


#: What dot drew lately: (dot, its arguments, format, code) -> output. One map often shows on
#: several pages, or in several builds of one process (tests, sphinx-autobuild).
_DRAWN: dict[tuple[str, tuple[str, ...], str, str], bytes] = {}


def run_dot(config: Config, code: str, fmt: str) -> bytes:
    """dot's drawing of ``code`` in format ``fmt`` (``graphviz_dot`` and ``graphviz_dot_args``
    apply); a MapError says why there is none. Run here rather than by ``sphinx.ext.graphviz``
    at write time, so a failure can still give the relations list, warned at the map's line."""
    dot: str | None = config.graphviz_dot
    if not dot or not shutil.which(dot):
        raise MapError(__("Graphviz's dot command (%r) was not found (see graphviz_dot)") % dot)
    key = (dot, tuple(config.graphviz_dot_args), fmt, code)
    if key not in _DRAWN:
        try:
            done = subprocess.run([dot, *key[1], f"-T{fmt}"], input=code.encode(), capture_output=True, check=True,
                                  env={**os.environ, "TZ": "UTC"})  # a PDF's date says its zone: one for all
        except OSError as error:
            raise MapError(__("dot (%r) cannot be run: %s") % (dot, error)) from None
        except subprocess.CalledProcessError as error:
            said = error.stderr.decode("utf-8", "replace").strip().splitlines()
            raise MapError(__("dot (%r) failed with exit status %d%s")
                           % (dot, error.returncode, f": {visible(said[0])}" if said else "")) from None
        if len(_DRAWN) >= 16:
            _DRAWN.clear()
        _DRAWN[key] = done.stdout
    return _reproducible(_DRAWN[key]) if fmt == "pdf" else _DRAWN[key]


#: The date Graphviz's PDF writer stamps on every drawing (cairo's: it ignores SOURCE_DATE_EPOCH).
_PDF_DATE = re.compile(rb"(/CreationDate \(D:)\d{14}")


def _reproducible(pdf: bytes) -> bytes:
    """A PDF dated SOURCE_DATE_EPOCH when it is set, as Sphinx dates its output: two builds of
    the same sources give the same bytes (the date keeps its length: the offsets stay right)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return pdf
    date = time.strftime("%Y%m%d%H%M%S", time.gmtime(int(epoch))).encode()
    return _PDF_DATE.sub(lambda found: found[1] + date, pdf) if len(date) == 14 else pdf


def image_file(builder: Builder, code: str, data: bytes, ext: str) -> str:
    """Write a drawing into the builder's image folder (once: named by its code); its path
    from the output folder."""
    name = f"aigloss-map-{hashlib.sha1(code.encode(), usedforsecurity=False).hexdigest()}.{ext}"
    path = Path(builder.outdir, builder.imagedir, name)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return posixpath.join(builder.imagedir, name)


class MapTransform(SphinxPostTransform):
    """Draw the concept maps of a page, for every builder."""

    default_priority = 6  # right after the glossaries are filled in (EntryTransform, 5)

    def run(self, **kwargs: Any) -> None:
        domain = domain_of(self.env)
        if self.env.docname not in domain.maps and output_of(domain.builder).own_tree:
            return  # most pages: no map, no need to search the tree
        for number, node in enumerate(list(self.document.findall(map_placeholder)), start=1):
            if not domain.visibility.shown(self.env.docname, conditions_of(node)):
                node.parent.remove(node)  # the builder does not show it: no drawing, no warning
                continue
            node.replace_self(self.concept_map(node, domain, number))

    def concept_map(self, node: map_placeholder, domain: AiglossDomain, number: int) -> list[nodes.Node]:
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
            # (a name left in English in a translated glossary: marked, as the entries mark it)
            name = nodes.inline(term.name, term.name, classes=render.name_classes(term)) \
                if is_english(term, term.name) else nodes.Text(term.name)
            return domain.link(builder, docname, term, name) or name

        kind = output_of(builder).map
        if kind == "list":
            return [relations_list(pairs, link)]
        label = map_label(groups)
        links = kind == "inline"
        code = dot_code(glossary, groups, pairs, links=links, page=kind == "figure")
        fmt = "pdf" if kind == "figure" else "svg"
        try:
            drawing = run_dot(self.config, code, fmt)
        except MapError as error:
            logger.warning(__("cannot draw the concept map: %s; the relations are listed instead"), error,
                           type=WARNING_TYPE, subtype=Subtype.map, location=node)
            return [relations_list(pairs, link)]
        self.document["aigloss_map"] = True
        if not links:
            if fmt == "svg":  # without dot's DOCTYPE, whose external DTD an EPUB may not name
                drawing = b'<?xml version="1.0" encoding="UTF-8"?>\n' + drawing[drawing.index(b"<svg"):]
            uri = image_file(builder, code, drawing, fmt)
            if kind == "image":  # from the page, which may be in a folder
                uri = relative_uri(builder.get_target_uri(docname), uri)
            image = nodes.image(uri=uri, candidates={"*": uri}, alt=label)
            if kind == "figure":
                return [nodes.figure("", image, nodes.caption(label, label), classes=["aigloss-map"])]
            return [nodes.container("", image, classes=["aigloss-map"])]
        uris = {term.id: (domain.uri(builder, docname, term) or "", term.display_name) for term in terms}
        svg = inline_svg(drawing.decode("utf-8"), label, uris)
        return [concept_map(svg=svg, number=number, size=len(terms))]


# -- HTML ------------------------------------------------------------------------------------------

_DROPPED = re.compile(r"<title>[^<]*</title>\n?|<!--.*?-->\n?", re.DOTALL)
_ID = re.compile(r'(<[a-z]+) id="[^"]*"')
_LINK = re.compile(r'<a xlink:href="' + re.escape(LINK) + r'([^"]*)" xlink:title="[^"]*">')
#: A map of more terms than this is folded behind a disclosure, closed: it is tall, and its
#: nodes are as many tab stops.
FOLD = 100


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
    svg = _ENGLISH_GROUP.sub(r'\1" lang="en"', svg)
    return svg.replace("<svg ", f'<svg class="aigloss-map-svg" role="group" aria-label="{escape(label)}" ', 1)


def visit_concept_map(translator: HTML5Translator, node: concept_map) -> None:
    """The map in the page: a link that skips it (to the element after it, in one step for a
    keyboard user), and a large map folded behind a disclosure."""
    end = f"aigloss-map-end-{node['number']}"
    body = [f'<div class="aigloss-map">\n<a class="aigloss-map-skip" href="#{end}">'
            f"{escape(_('Skip the concept map'))}</a>\n"]
    if node["size"] > FOLD:
        summary = _("Concept map of {count} terms").format(count=node["size"])
        body.append(f'<details class="aigloss-map-fold"><summary>{escape(summary)}</summary>\n')
    body.append(node["svg"])
    if node["size"] > FOLD:
        body.append("</details>\n")
    body.append(f'<span id="{end}" class="aigloss-map-end" tabindex="-1"></span>\n</div>\n')
    translator.body.extend(body)
    raise nodes.SkipNode
