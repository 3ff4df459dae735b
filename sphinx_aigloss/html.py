"""HTML only: hover-card data per page, the script and stylesheet, the fallback glossary page."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import glossary_tools, render
from .builders import output_of
from .core import Glossary, Term
from .core.l10n import SOURCE_LANGUAGE, english_name, is_english, is_english_category
from .domain import FALLBACK_DOCNAME, AiglossDomain, domain_of
from .messages import _
from .nodes import card_data
from .placements import anchor_of
from .version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.writers.html5 import HTML5Translator

SCRIPT = "aigloss.js"
STYLESHEET = "aigloss.css"


def card_entry(glossary: Glossary, term: Term, uri_of: Callable[[str], str | None], *,
               full: bool, url: str) -> dict[str, Any]:
    """What the hover card of one term shows, JSON-ready: ``name``, ``category``, ``other``
    (the other form, abbreviation or expansion, when there is one), ``english`` (a translated
    term's English name), ``lang`` ("en": the definition is left in English), ``en`` (which of
    "name", "other" and "category" are left in English), ``url`` (its entry, the
    card's "Read more") and ``segments``, the definition: a string is text, a [text, url]
    pair text linking another term's entry. The script builds the card from this alone,
    with text nodes only (no HTML parsing).
    """
    segments: list[str | list[str]] = []
    for text, key in glossary.segments(term, short=not full):
        uri = uri_of(key) if key else None
        segments.append([text, uri] if uri else text)
    entry: dict[str, Any] = {"name": term.name, "category": term.category, "url": url, "segments": segments}
    if term.other_form:
        entry["other"] = term.other_form
    # Translations: the English name of a translated term; "lang": "en" for a definition left in English.
    if english := english_name(term):
        entry["english"] = english
    if term.lang == SOURCE_LANGUAGE:
        entry["lang"] = SOURCE_LANGUAGE
    parts = {"name": is_english(term, term.name), "other": bool(term.other_form) and is_english(term, term.other_form),
             "category": is_english_category(glossary, term.category)}
    if english_parts := [part for part, english in parts.items() if english]:
        entry["en"] = english_parts  # ("en": which of these are left in English)
    return entry


def page_uris(domain: AiglossDomain, docname: str) -> Callable[[str], str | None]:
    """Term key -> URI of its entry from one page, computed once per key."""
    cache: dict[str, str | None] = {}

    def uri_of(key: str) -> str | None:
        if key not in cache:
            cache[key] = domain.uri(domain.builder, docname, domain.glossary.terms[key])
        return cache[key]

    return uri_of


def dump_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``</script>`` or ``<!--`` can form."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _hidden(node: nodes.Node) -> bool:
    """Whether the node is inside one the HTML output leaves out (a substitution definition,
    whose content appears where the substitution is used, or a comment)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Invisible):
            return True
        parent = parent.parent
    return False


class CardDataTransform(SphinxPostTransform):
    """Attach the data of the terms a page links to, so its hover cards need no requests."""

    default_priority = 900  # after references are resolved
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not self.config.aigloss_tooltips:
            return
        domain = domain_of(self.env)
        if self.env.docname not in domain.linked_from and output_of(domain.builder).own_tree:
            return  # most pages of a project that uses few terms: no term link to look for
        uri_of = page_uris(domain, self.env.docname)
        full = self.config.aigloss_tooltip_length == "full"
        data: dict[str, Any] = {}
        for ref in self.document.findall(nodes.reference):
            key = ref.get("aigloss_key")
            if not key or key not in domain.glossary.terms:
                continue
            if key in data or _hidden(ref):
                # The title (the short definition without JavaScript) once per term and
                # page, on a link readers see.
                ref.attributes.pop("reftitle", None)
                continue
            url = uri_of(key) or ref.get("refuri", "")
            data[key] = card_entry(domain.glossary, domain.glossary.terms[key], uri_of, full=full, url=url)
        if data:
            if output_of(domain.builder).scripts:
                self.document += card_data(data=data, length=self.config.aigloss_tooltip_length)
            self.document["aigloss_cards"] = True


def visit_card_data(translator: HTML5Translator, node: card_data) -> None:
    # Settings only when they differ from the script's defaults ("short", "Read more"):
    # every page with a term carries this element.
    settings = "" if node["length"] == "short" else f' data-length="{node["length"]}"'
    read_more = _("Read more")
    if read_more != "Read more":
        settings += f' data-read-more="{escape(read_more, quote=True)}"'
    english = _("English")
    if english != "English":
        settings += f' data-english="{escape(english, quote=True)}"'
    translator.body.append(
        f'<script type="application/json" id="aigloss-data"{settings}>{dump_json(node["data"])}</script>\n')
    raise nodes.SkipNode


def copy_static_files(app: Sphinx) -> None:
    """Put the script and stylesheet into the HTML output's ``_static`` (HTML builders only),
    before pages are written (their links carry a checksum of the file). Not through
    ``html_static_path``: editing a config value makes every rebuild say it changed."""
    output = output_of(app.builder)
    if not output.html:
        return
    destination = Path(app.builder.outdir) / "_static"
    scripts = (SCRIPT, glossary_tools.SCRIPT) if output.scripts else ()
    for name in (*scripts, STYLESHEET, glossary_tools.STYLESHEET):
        install_asset(name, destination)


def strip_comments(script: str) -> str:
    """Our own script without its comment lines and blank lines: whole lines that are ``//``
    comments, and ``/* … */`` blocks that start a line and end one. Nothing inside a line is
    touched (a ``//`` in a string or a regex stays), nor a block followed by code on its last
    line. Enough for scripts with no multi-line strings, such as ours."""
    lines = script.splitlines(keepends=True)
    kept: list[str] = []
    i = 0
    while i < len(lines):
        text = lines[i].strip()
        if text.startswith("/*"):
            end, at = i, lines[i].index("/*") + 2
            while "*/" not in lines[end][at:] and end + 1 < len(lines):
                end, at = end + 1, 0
            close = lines[end].find("*/", at)
            if close < 0 or lines[end][close + 2:].strip():  # unclosed, or code follows: keep it all
                kept.extend(lines[i:end + 1])
            i = end + 1
            continue
        if text and not text.startswith("//"):
            kept.append(lines[i])
        i += 1
    return "".join(kept)


def install_asset(name: str, destination: Path) -> None:
    """Copy one of the package's static files into ``destination``, a script without its comments
    (the package keeps them, and the JSDoc types tsc checks); written only when its content
    changed, so an incremental build leaves the file and its date alone."""
    source = resources.files("sphinx_aigloss") / "static" / name
    text = source.read_text(encoding="utf-8")
    if name.endswith(".js"):
        text = strip_comments(text)
    target = destination / name
    with contextlib.suppress(OSError):
        if target.read_text(encoding="utf-8") == text:
            return
    destination.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="")


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    """Link the stylesheet and script from the pages that need them, and only those."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    fallback = pagename == FALLBACK_DOCNAME and doctree is None
    cards = fallback or bool(doctree is not None and doctree.get("aigloss_cards"))
    styled = cards or bool(doctree is not None and doctree.get("aigloss_css"))
    if styled:
        builder.add_css_file(STYLESHEET)
    if cards and app.config.aigloss_tooltips:
        builder.add_js_file(SCRIPT, defer="defer")  # the builder's method takes HTML attributes
    # A glossary's filter and jump bar, a concept map: their own script and stylesheet.
    tools = fallback or bool(doctree is not None and doctree.get("aigloss_glossary"))
    if tools or bool(doctree is not None and doctree.get("aigloss_map")):
        builder.add_css_file(glossary_tools.STYLESHEET)
    if tools:
        builder.add_js_file(glossary_tools.SCRIPT, defer="defer")
    if "sphinx.ext.graphviz" not in app.config.extensions:
        # The extension sets graphviz up only to run dot for concept maps, which are inline
        # SVG styled by our stylesheet: its own stylesheet (for its images) is no page's.
        context["css_files"] = [css for css in context.get("css_files", [])
                                if not str(getattr(css, "filename", css)).endswith("/graphviz.css")]


def _fallback_digest(app: Sphinx, domain: AiglossDomain) -> str:
    """What the fallback page shows: every term, where links go, the settings and the
    builder's own configuration (Sphinx's hash of it); and where it is written."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    info = getattr(builder, "build_info", None)
    shown = (domain.last_terms, domain.last_layout,
             app.config.aigloss_tooltips, app.config.aigloss_tooltip_length, builder.name, str(builder.outdir),
             getattr(info, "config_hash", ""), getattr(info, "tags_hash", ""), __version__)
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def fallback_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The extension's own glossary page, for projects that place no glossary directive.

    It lists every term (thousands, with a large data file), so it is rendered only when
    what it shows changed since it was written, or it is missing.
    """
    domain = domain_of(app.env)
    if not domain.needs_fallback_page():
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    record = Path(app.doctreedir) / f"aigloss-fallback-{builder.name}.digest"
    digest = _fallback_digest(app, domain)
    output = Path(builder.get_outfilename(FALLBACK_DOCNAME))
    try:
        if output.is_file() and record.read_text(encoding="utf-8") == digest:
            return
    except OSError:
        pass  # never written: render it
    linker = domain.linker(builder, FALLBACK_DOCNAME)
    uri_of = page_uris(domain, FALLBACK_DOCNAME)
    full = app.config.aigloss_tooltip_length == "full"
    groups = []
    data = {}
    for category, terms in domain.glossary.by_category():
        entries = []
        for term in terms:
            entries.append((term, anchor_of(term), render.entry_body(term, domain.glossary, linker)))
            url = uri_of(term.id) or "#" + anchor_of(term)
            data[term.id] = card_entry(domain.glossary, term, uri_of, full=full, url=url)
        groups.append((category, entries))
    title = _("AI glossary")
    section = nodes.section("", nodes.title(title, title), ids=["aigloss-glossary"])
    section.extend(render.glossary_nodes(groups, domain.glossary))
    glossary_tools.enhance(section, domain.glossary)
    if app.config.aigloss_tooltips:
        section += card_data(data=data, length=app.config.aigloss_tooltip_length)
    # What the builder's write_doc() sets up before rendering a page; a rebuild that writes
    # no document has never set it.
    builder.secnumbers, builder.fignumbers = {}, {}
    builder.current_docname = FALLBACK_DOCNAME
    body = builder.render_partial(section)["fragment"]
    yield FALLBACK_DOCNAME, {"title": title, "body": body}, "page.html"
    with contextlib.suppress(OSError):  # only an optimisation: the page is rendered again next time
        record.write_text(digest, encoding="utf-8")


def fallback_page_singlehtml(app: Sphinx, exception: BaseException | None) -> None:
    """singlehtml collects no extra pages, so write the fallback page once the build is done."""
    if exception is None and output_of(app.builder).single_page:
        builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
        for pagename, context, template in fallback_page(app):
            builder.handle_page(pagename, context, template)
