"""What a build's output holds: sizes per page and in total, term links, card data."""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .workload import Page, Spec

if TYPE_CHECKING:
    from .runner import Build
    from .variants import Variant

GZIP_LEVEL = 6  # zlib's default, and Apache mod_deflate's
CARD_DATA = re.compile(r'<script type="application/json" id="aigloss-data"[^>]*>.*?</script>\n?', re.S)
HEAD = re.compile(r"<head>.*?</head>", re.S)
TITLE_ATTRIBUTE = re.compile(r' title="([^"]*)"')


def term_link_pattern(link_class: str) -> re.Pattern[str]:
    """Links whose own or inner markup has the class: Sphinx puts "std-term" on the inner
    span, sphinx-aigloss "aigloss-term" on the link itself."""
    return re.compile(r'<a\b(?:(?!</a>).)*\b' + re.escape(link_class) + r"\b.*?</a>", re.S)


@dataclass
class Sizes:
    html_total: int = 0  # every .html file
    static_total: int = 0  # everything under _static
    output_total: int = 0  # everything but .doctrees
    page_html: list[int] = field(default_factory=list)  # per content page
    page_gzip: list[int] = field(default_factory=list)  # … gzipped, as a server sends it (GZIP_LEVEL)
    page_cards: list[int] = field(default_factory=list)  # card data element per content page
    page_links: list[int] = field(default_factory=list)  # term link markup per content page
    page_head: list[int] = field(default_factory=list)  # <head> per content page
    page_titles: list[int] = field(default_factory=list)  # title="…" attributes of the term links per page
    page_title_texts: list[int] = field(default_factory=list)  # … of which their values (definitions)
    links_per_page: list[int] = field(default_factory=list)


def measure_output(out: Path, variant: Variant, pages: Sequence[Page]) -> Sizes:
    sizes = Sizes()
    for path in out.rglob("*"):
        if not path.is_file() or ".doctrees" in path.relative_to(out).parts:
            continue
        size = path.stat().st_size
        sizes.output_total += size
        if path.suffix == ".html":
            sizes.html_total += size
        if path.relative_to(out).parts[0] == "_static":
            sizes.static_total += size
    links = term_link_pattern(variant.link_class)
    for page in pages:
        text = (out / f"{page.docname}.html").read_text(encoding="utf-8")
        sizes.page_html.append(len(text.encode()))
        sizes.page_gzip.append(len(gzip.compress(text.encode(), compresslevel=GZIP_LEVEL, mtime=0)))
        sizes.page_cards.append(sum(len(m.group().encode()) for m in CARD_DATA.finditer(text)))
        found = links.findall(text)
        sizes.links_per_page.append(len(found))
        sizes.page_links.append(sum(len(m.encode()) for m in found))
        titles = [t for m in found for t in TITLE_ATTRIBUTE.finditer(m)]
        sizes.page_titles.append(sum(len(t.group().encode()) for t in titles))
        sizes.page_title_texts.append(sum(len(t.group(1).encode()) for t in titles))
        head = HEAD.search(text)
        sizes.page_head.append(len(head.group().encode()) if head else 0)
    return sizes


def check_first_build(variant: Variant, build: Build, sizes: Sizes, spec: Spec) -> None:
    """Stop the run if a variant is not what it claims: warnings, or a reference left unlinked."""
    if build.problems and not variant.warns:
        listing = "\n".join(build.problems[:10])
        raise SystemExit(f"bench: variant {variant.name} builds with {len(build.problems)} warning(s):\n{listing}")
    wrong = [n for n in sizes.links_per_page if n != spec.refs] if variant.every_ref_linked else []
    if wrong:
        raise SystemExit(f"bench: variant {variant.name}: {len(wrong)} page(s) do not have {spec.refs} term links "
                         f"(e.g. {wrong[0]})")
