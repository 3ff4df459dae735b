"""Where entries stand: the records the domain keeps of glossaries and project terms, the
entry links point at, and what one build shows of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sphinx import addnodes
from sphinx.ext.ifconfig import ifconfig

from .builders import output_of
from .core import Term

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

#: ("only", tag expression) or ("ifconfig", config expression): a condition a directive
#: stands under, which decides whether a builder shows it.
Condition = tuple[str, str]


def conditions_of(node: Node) -> tuple[Condition, ...]:
    """The ``only`` and ``ifconfig`` directives a node stands under, outermost first (noted
    while the doctree still has them: Sphinx removes those a builder does not show)."""
    found: list[Condition] = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only):
            found.append(("only", parent["expr"]))
        elif isinstance(parent, ifconfig):
            found.append(("ifconfig", parent["expr"]))
        parent = parent.parent
    return tuple(reversed(found))


def anchor_of(term: Term) -> str:
    """The HTML id of a term's entry: the same on every page and in every build."""
    return f"aiterm-{term.id}"


class Placement(NamedTuple):
    """Where an ``aigloss:glossary`` directive stands and what it shows."""

    docname: str
    order: int  # position among the document's glossaries
    categories: tuple[str, ...] | None  # None: every category
    used_only: bool
    backlinks: bool
    lineno: int
    conditions: tuple[Condition, ...] = ()  # noted when the document has been read


class DefinedTerm(NamedTuple):
    """A project term defined by an ``aigloss:term`` directive."""

    term: Term
    docname: str
    lineno: int
    conditions: tuple[Condition, ...] = ()


class Target(NamedTuple):
    """The entry links to a term point at: its page, its HTML id, and which element holds
    it there (("term", line) for an ``aigloss:term``, ("glossary", order) for a glossary)."""

    docname: str
    anchor: str
    owner: tuple[str, int]


class Visibility:
    """What one build shows: the pages in its output, and the directives its ``only`` and
    ``ifconfig`` conditions let through. A glossary or term it does not show is no link
    target for it."""

    def __init__(self, env: BuildEnvironment, builder: Builder, tags: Tags | None) -> None:
        self.env = env
        self.builder = builder
        self.tags = tags
        self._single_page: set[str] | None = None

    def shown(self, docname: str, conditions: tuple[Condition, ...] = ()) -> bool:
        """Whether this build's output holds a directive of the document under these conditions."""
        return self.in_output(docname) and all(self._holds(kind, expr) for kind, expr in conditions)

    def in_output(self, docname: str) -> bool:
        """Whether the document is part of this build's output. Only singlehtml leaves pages
        out here (those outside the root's toctrees); LaTeX and Texinfo decide per output
        document, where making a link raises NoUri."""
        if not output_of(self.builder).single_page:
            return True
        if self._single_page is None:
            self._single_page = self._reachable(self.env.config.root_doc)
        return docname in self._single_page

    def _reachable(self, root: str) -> set[str]:
        seen = {root}
        todo = [root]
        while todo:
            for child in self.env.toctree_includes.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    def _holds(self, kind: str, expr: str) -> bool:
        # Evaluated as Sphinx evaluates the directives themselves (OnlyNodeTransform,
        # sphinx.ext.ifconfig), so a target is shown exactly when its directive is.
        try:
            if kind == "only":
                return self.tags is None or self.tags.eval_condition(expr)
            config = self.env.config
            namespace = {value.name: value.value for value in config}
            namespace.update(config.__dict__)
            namespace["builder"] = self.builder.name
            return bool(eval(expr, namespace))
        except Exception:  # Sphinx reports a bad expression itself
            return kind == "only"  # a broken only keeps its content; a broken ifconfig hides it
