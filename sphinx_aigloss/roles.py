"""The ``:aiterm:`` and ``:aidef:`` roles (also ``:aigloss:term:`` and ``:aigloss:def:``)."""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import system_message
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from .domaindata import data_of


class TermRole(XRefRole):
    """A cross-reference to a term, resolved by the ``aigloss`` domain.

    Registered twice: inside the domain (``aigloss:term``) and globally (``aiterm``); the
    global form is pinned to the domain so it never falls back to the standard domain.
    """

    innernodeclass = nodes.inline

    def __init__(self, reftype: str = "") -> None:
        # warn_dangling: an unknown term reaches Sphinx's warn-missing-reference hook (after
        # intersphinx had its chance), where the domain words the warning.
        super().__init__(warn_dangling=True)
        self.global_reftype = reftype

    def run(self) -> tuple[list[nodes.Node], list[system_message]]:
        self.refdomain = "aigloss"
        self.reftype = self.name.partition(":")[2] if ":" in self.name else self.global_reftype
        # Only "xref" on the inner node (Sphinx's usual three are "xref aigloss aigloss-term"):
        # the link itself gets the "aigloss-term" class, and a page may hold hundreds of
        # these links, every byte repeated on each.
        self.classes = ["xref"]
        return self.create_non_xref_node() if self.disabled else self.create_xref_node()

    def process_link(self, env: BuildEnvironment, refnode: nodes.Element, has_explicit_title: bool,
                     title: str, target: str) -> tuple[str, str]:
        """The target as written, normalised to the English name of the term it names (as
        Sphinx lowercases ``:term:`` targets): a translated page's ``:aiterm:`Feinabstimmung```
        then has the target of the original's ``:aiterm:`Tuning```, which Sphinx's i18n
        transform compares. A name that names no single term stays as written (warned later)."""
        written = " ".join(target.split())
        refnode["aigloss_written"] = written  # what the reader wrote: a changed glossary re-reads by it
        glossary = data_of(env).base
        term = glossary.get(written)
        canonical = (term.english or term.names)[0] if term is not None else written
        return title.strip(), canonical if glossary.get(canonical) is term else written

    def result_nodes(self, document: nodes.document, env: BuildEnvironment, node: nodes.Element,
                     is_ref: bool) -> tuple[list[nodes.Node], list[system_message]]:
        if is_ref:
            data_of(env).note_reference(env.docname, node.get("aigloss_written", node["reftarget"]))
        return [node], []
