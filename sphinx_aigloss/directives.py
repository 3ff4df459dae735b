"""The ``aigloss:glossary`` and ``aigloss:definition`` directives."""

from __future__ import annotations

import os
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import render
from .core import Term, name_problem, slugify
from .core.names import category_problem
from .core.text import control_problem
from .domaindata import data_of
from .messages import WARNING_TYPE, Subtype, _, __
from .nodes import definition_placeholder, glossary_placeholder, map_placeholder
from .placements import DefinedTerm, Placement, anchor_of

logger = logging.getLogger(__name__)


def _comma_list(argument: str | None) -> tuple[str, ...]:
    items = tuple(item.strip() for item in (argument or "").split(",") if item.strip())
    if not items:  # no value, or only separators (":categories: ,")
        raise ValueError("a comma-separated list is required")
    return items


def _sort_order(argument: str | None) -> str:
    """``:sort:``: "alphabetical" (by name in each category) or "source" (the data's order)."""
    return directives.choice(argument or "", ("alphabetical", "source"))


def _name_form(written: str | None, where: str) -> str:
    """A name form of a term, on one line ("" when not given); a ValueError says what is wrong."""
    if written is None:
        return ""
    text = written.replace("\n", " ")  # rST may wrap a name over lines: that is a space
    problem = name_problem(text)  # before split(), which would drop some control characters unseen
    if problem:
        raise ValueError(f"{problem} ({where})" if where else problem)
    return " ".join(text.split())


def _text(text: str, where: str, *, category: bool = False, prose_text: bool = False) -> str:
    """A text field of a term, checked by the data format's rules (``control_problem``, and
    ``category_problem`` for a category); a ValueError says what is wrong and where."""
    problem = control_problem(text, prose=prose_text) or (category_problem(text) if category else None)
    if problem:
        raise ValueError(f"{problem} ({where})")
    return " ".join(text.split())


#: What is not a term's definition, though the directive's content may hold it: code, comments,
#: raw output, system messages, footnotes and citations, and references to the latter.
NOT_PROSE = (nodes.system_message, nodes.footnote, nodes.citation, nodes.raw,
             nodes.footnote_reference, nodes.citation_reference)
#: Where a definition's text is: paragraphs (in lists, quotes, tables...) and line-block lines.
PROSE = (nodes.paragraph, nodes.line)


def prose(content: list[nodes.Node]) -> str:
    """The definition a term's content gives: the text of its :data:`PROSE` at any depth, inline
    markup included ("an *inline* ``word``"), less :data:`NOT_PROSE`.

    Literal, code, doctest and math blocks, comments, raw output, substitution definitions and
    targets are not paragraphs, so they are left out: they show on the term's own page only.
    """
    parts = []
    for node in content:
        if not isinstance(node, nodes.Element) or isinstance(node, NOT_PROSE):
            continue
        copy = node.deepcopy()
        for skipped in list(copy.findall(lambda n: isinstance(n, NOT_PROSE))):
            skipped.parent.remove(skipped)
        parts += [block.astext() for block in copy.findall(lambda n: isinstance(n, PROSE))]
    return " ".join(" ".join(parts).split())


class GlossaryDirective(SphinxDirective):
    """Render the glossary: every active term grouped by category.

    The entries are produced by a post-transform, once all documents are read, so that
    ``:used-only:`` and ``:backlinks:`` see the whole project.
    """

    has_content = False
    option_spec: ClassVar = {
        "categories": _comma_list,
        "used-only": directives.flag,
        "backlinks": directives.flag,
        "show-unreferenced": directives.flag,
        "sort": _sort_order,
    }

    def run(self) -> list[nodes.Node]:
        domain = data_of(self.env)
        categories = self.options.get("categories")
        order = len(domain.glossaries.get(self.env.docname, []))
        placement = Placement(self.env.docname, order, categories,
                              "used-only" in self.options, "backlinks" in self.options, self.get_source_info()[1])
        domain.note_glossary(placement)
        node = glossary_placeholder(docname=self.env.docname, order=order,
                                    show_unreferenced="show-unreferenced" in self.options,
                                    sort=self.options.get("sort", "alphabetical"))
        self.set_source_info(node)
        out: list[nodes.Node] = []
        if not placement.used_only:
            # Index entries must exist when the document is read; a used-only glossary cannot
            # know its entries yet, so only full glossaries add them.
            entries = [render.index_entry(term, anchor_of(term))
                       for _category, terms in domain.base.by_category(categories) for term in terms]
            out.append(addnodes.index(entries=entries))
        out.append(node)
        return out


class TermDirective(SphinxDirective):
    """Define a project term: it joins the domain like a canonical one, and links land here."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar = {
        "aliases": _comma_list,
        "abbreviation": directives.unchanged_required,
        "expansion": directives.unchanged_required,
        "category": directives.unchanged_required,
        "related": _comma_list,
        "override": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        try:
            name, abbreviation, expansion = (_name_form(self.arguments[0], ""),
                                             _name_form(self.options.get("abbreviation"), "option :abbreviation:"),
                                             _name_form(self.options.get("expansion"), "option :expansion:"))
            aliases = tuple(_name_form(alias, "option :aliases:") for alias in self.options.get("aliases", ()))
            category = _text(self.options.get("category", ""), "option :category:", category=True)
            related = tuple(_text(name, "option :related:") for name in self.options.get("related", ()))
            # All of the content, code and comments too: they show on the term's page.
            _text("\n".join(self.content), "content", prose_text=True)
            content = self.parse_content_to_nodes()
            definition = " ".join(prose(content).split())
        except ValueError as problem:
            logger.warning(__("AI term %r is not defined: %s"), " ".join(self.arguments[0].split()), problem,
                           type=WARNING_TYPE, subtype=Subtype.option, location=self.get_location())
            return []
        # The line in the file (``self.lineno`` counts the lines ``rst_prolog`` adds too).
        path, line = self.get_source_info()
        source = f"{os.path.relpath(path, self.env.srcdir) if path else self.env.docname}:{line}"
        if not definition:
            logger.warning(__("AI term %r has no definition (write it in prose as the directive's content)"), name,
                           type=WARNING_TYPE, subtype=Subtype.option, location=self.get_location())
            return []
        term = Term(id=slugify(name), name=name, category=category or _("Project terms"),
                    definition=definition, abbreviation=abbreviation, expansion=expansion, aliases=aliases,
                    related=related, override="override" in self.options, source=source)
        domain = data_of(self.env)
        domain.note_term(DefinedTerm(term, self.env.docname, line))

        meta = nodes.paragraph("", "", render.category_label(term), classes=["aigloss-meta"])
        item = render.glossary_item(term, anchor_of(term), [*content, meta])
        self.set_source_info(item[0])
        entry = nodes.definition_list("", item, classes=[*render.GLOSSARY_CLASSES, "aigloss-project-term"])
        # The index entry points at this definition, links or not (a duplicate, an entry hidden by
        # ``only``): a target of its own, as Sphinx's ``index`` directive makes.
        target_id = f"index-{self.env.new_serialno('index')}"
        index = addnodes.index(entries=[render.index_entry(term, target_id)])
        return [index, nodes.target("", "", ids=[target_id]), entry]


class DefinitionDirective(SphinxDirective):
    """Render one term's entry in place."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar = {
        "short": directives.flag,
        "no-references": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        node = definition_placeholder(reftarget=self.arguments[0].strip(), short="short" in self.options,
                                      references="no-references" not in self.options)
        self.set_source_info(node)
        domain = data_of(self.env)
        domain.note_reference(self.env.docname, node["reftarget"])
        domain.note_definition(self.env.docname)
        return [node]


class MapDirective(SphinxDirective):
    """Draw the terms and their relations (``aigloss:map``); drawn when the page is written,
    once every document is read (``conceptmap.MapTransform``)."""

    has_content = False
    option_spec: ClassVar = {
        "categories": _comma_list,
        "used-only": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        node = map_placeholder(categories=self.options.get("categories"), used_only="used-only" in self.options)
        self.set_source_info(node)
        data_of(self.env).note_map(self.env.docname, node["used_only"])
        return [node]
