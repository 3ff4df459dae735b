"""The package's shape, read from its source: imports run one way, and only the domain's
own module touches the domain's stored data (everyone else goes through its typed accessors).

Every import counts: at module level, under ``TYPE_CHECKING`` and inside functions. Importing
a module does not count as importing its parent package (Python runs the package's
``__init__`` first, but that is no dependency the code chose).
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

import sphinx_aigloss

PACKAGE = Path(sphinx_aigloss.__file__).parent
#: The one module that reads and writes the ``aigloss`` domain's data (``domain.data``).
DATA_OWNER = "sphinx_aigloss.domaindata"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
#: Each module's syntax tree, parsed once for all the tests.
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def imported(name: str, tree: ast.Module) -> set[str]:
    """The package's modules that a module imports, anywhere in its code."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package, one level up per extra dot
                parent = package
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                base = f"{parent}.{base}" if base else parent
            # ``from . import names`` imports a module; ``from .core import Term`` a name of one.
            out.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                       for alias in node.names)
    return {module for module in out if module in MODULES}


def import_graph() -> dict[str, set[str]]:
    return {name: imported(name, tree) - {name} for name, tree in TREES.items()}


def test_graph_sees_every_kind_of_import() -> None:
    """The parser itself: relative, absolute, function-level and TYPE_CHECKING imports."""
    graph = import_graph()
    assert "sphinx_aigloss.core.names" in graph["sphinx_aigloss.core.glossary"]  # from .names import ...
    assert "sphinx_aigloss.core" in graph["sphinx_aigloss.html"]  # from .core import Glossary
    assert "sphinx_aigloss.cli" in graph["sphinx_aigloss.__main__"]  # from sphinx_aigloss.cli import main
    assert "sphinx_aigloss.domain" in graph["sphinx_aigloss"]  # inside setup()
    assert "sphinx_aigloss.core.terms" in graph["sphinx_aigloss.core.mentions"]  # under TYPE_CHECKING


def test_no_import_cycle() -> None:
    try:
        graphlib.TopologicalSorter(import_graph()).prepare()
    except graphlib.CycleError as error:
        pytest.fail("import cycle: " + " -> ".join(error.args[1]))


def test_core_imports_no_sphinx() -> None:
    """The command-line tool runs on ``core`` alone."""
    for name, tree in TREES.items():
        if name.startswith("sphinx_aigloss.core"):
            roots = {alias.name.partition(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names}
            roots |= {(node.module or "").partition(".")[0] for node in ast.walk(tree)
                      if isinstance(node, ast.ImportFrom) and not node.level}
            assert not roots & {"sphinx", "docutils", "sphinx_aigloss"}, name


def data_reads(tree: ast.Module) -> list[int]:
    """Lines that reach into a domain's stored data: ``x.data[...]``, ``x.data.get(...)`` (any
    attribute of it), ``x.data = ...``, and ``env.domaindata``."""
    reached = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Subscript | ast.Attribute)}
    reached |= {id(target) for node in ast.walk(tree) if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])}
    return sorted(node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                  and (node.attr == "domaindata" or (node.attr == "data" and id(node) in reached)))


def test_only_the_domain_touches_its_data() -> None:
    found = {f"{name}:{line}" for name, tree in TREES.items() if name != DATA_OWNER for line in data_reads(tree)}
    assert found == set()


def test_data_reads_are_seen() -> None:
    code = ('domain.data["words"] = {}\nbefore = domain.data.get("dot")\nenv.domaindata\ndomain.data = {}\n'
            "row = source.data()\nlog(subtype=Subtype.data)\n")
    assert data_reads(ast.parse(code)) == [1, 2, 3, 4]


def builder_checks(tree: ast.Module) -> list[int]:
    """Lines that compare a builder's name or format (``builder.name == "singlehtml"``,
    ``self.builder.format in {...}``)."""
    def of_builder(node: ast.expr) -> bool:
        if not isinstance(node, ast.Attribute) or node.attr not in {"name", "format"}:
            return False
        owner = node.value
        return (isinstance(owner, ast.Name) and owner.id == "builder") or (
            isinstance(owner, ast.Attribute) and owner.attr == "builder")

    return sorted(node.lineno for node in ast.walk(tree) if isinstance(node, ast.Compare)
                  and any(of_builder(side) for side in [node.left, *node.comparators]))


def test_builder_knowledge_is_one_table() -> None:
    """What the extension knows about builders is ``builders.BUILDERS``: nothing else asks a
    builder's name or format (naming it in a digest or a file name is no check)."""
    found = {f"{name}:{line}" for name, tree in TREES.items() if name != "sphinx_aigloss.builders"
             for line in builder_checks(tree)}
    assert found == set()


def test_builder_checks_are_seen() -> None:
    code = ('if builder.name == "singlehtml": pass\nok = self.domain.builder.format in {"html"}\n'
            'record = f"x-{builder.name}"\nnamespace["builder"] = self.builder.name\n')
    assert builder_checks(ast.parse(code)) == [1, 2]
