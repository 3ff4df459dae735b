"""Reference pages generated from the package itself, so the manual cannot drift from the code.

Three directives, each writing reStructuredText that Sphinx's own object types then render:

- ``aigloss-config``: every value of ``sphinx_aigloss.config.OPTIONS`` as a ``confval``;
- ``aigloss-warnings``: every subtype of ``sphinx_aigloss.messages.Subtype``, with the ``#:``
  comment written above it in the source, as an ``aigloss-warning`` object;
- ``aigloss-cli``: the ``aigloss`` argument parser, as ``program`` and ``option`` entries.

A value, subtype or command added to the package appears here at the next build.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from docutils.statemachine import StringList
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from sphinx_aigloss import cli, config, messages
from sphinx_aigloss.cli import build_parser
from sphinx_aigloss.config import OPTIONS
from sphinx_aigloss.messages import WARNING_TYPE, Subtype

if TYPE_CHECKING:
    from types import ModuleType

    from docutils import nodes
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Help strings and descriptions are plain text: these characters would start rST markup.
_MARKUP = re.compile(r"([\\`*|_\[\]<>])")
# Shown as code: what help quotes ('finetuning', '' for none) and options (--data), which
# smart quotes would otherwise turn into typographic quotes and dashes.
_CODE = re.compile(r"(?<!\w)'[^']*'(?!\w)|(?<![\w-])--?[a-z][\w-]*")

# What a change of the value costs, by its ``rebuild`` field.
_REBUILD = {"env": "Changing it reads every document again.",
            "html": "Changing it writes the HTML pages again; nothing is read again."}

# argparse wraps usage lines at the terminal's width: a fixed width keeps builds identical.
_USAGE_WIDTH = 78


def plain(text: str) -> str:
    """Plain text as reStructuredText that shows it unchanged, with quoted words and options as code."""
    text = " ".join(text.split())
    pieces, start = [], 0
    for match in _CODE.finditer(text):
        pieces += [_MARKUP.sub(r"\\\1", text[start:match.start()]), f"``{match.group()}``"]
        start = match.end()
    return "".join([*pieces, _MARKUP.sub(r"\\\1", text[start:])])


def _type_names(types: tuple[type, ...]) -> str:
    return " | ".join("None" if kind is type(None) else kind.__name__ for kind in types)


def config_rst() -> list[str]:
    lines: list[str] = []
    for option in OPTIONS:
        lines += [f".. confval:: {option.name}",
                  f"   :type: ``{_type_names(option.types)}``",
                  f"   :default: ``{option.default!r}``",
                  "",
                  f"   {plain(option.description)}",
                  "",
                  f"   Accepts {plain(option.expected)}. {_REBUILD[option.rebuild]}",
                  ""]
    return lines


def subtype_docs() -> dict[str, str]:
    """Each subtype's value and the ``#:`` comment above it in ``messages.py``."""
    found = ModuleAnalyzer.for_module(Subtype.__module__).find_attr_docs()
    docs = {}
    for name, value in vars(Subtype).items():
        if not name.startswith("_") and isinstance(value, str):
            docs[value] = " ".join(line.strip() for line in found.get(("Subtype", name), []) if line.strip())
    return docs


def warnings_rst() -> tuple[list[str], list[str]]:
    """The entries, and the subtypes that have no comment to show."""
    lines: list[str] = []
    undocumented = []
    for subtype, doc in subtype_docs().items():
        undocumented += [] if doc else [subtype]
        lines += [f".. aigloss-warning:: {WARNING_TYPE}.{subtype}", "", f"   {doc}", ""]
    return lines, undocumented


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _usage(parser: argparse.ArgumentParser) -> list[str]:
    formatter = argparse.HelpFormatter(parser.prog, width=_USAGE_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip().splitlines()


def _signature(action: argparse.Action) -> str:
    metavar = action.metavar if isinstance(action.metavar, str) else None
    if not action.option_strings:
        return metavar or str(action.dest)
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    value = metavar or (f"{{{','.join(map(str, action.choices))}}}" if action.choices else action.dest.upper())
    return ", ".join(f"{option} {value}" for option in action.option_strings)


def _options_rst(parser: argparse.ArgumentParser, skip: set[str]) -> list[str]:
    lines: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction) or not action.help:
            continue
        if skip & set(action.option_strings):
            continue
        help_text = action.help.replace("%(prog)s", parser.prog).replace("%%", "%")
        repeat = " (one or more)" if action.nargs == "+" else ""
        lines += [f".. option:: {_signature(action)}", "", f"   {plain(help_text)}{repeat}", ""]
    return lines


def cli_rst(title_char: str) -> list[str]:
    parser = build_parser()
    description, *_rest = (parser.description or "").split("\n\n", 1)
    glossary_options = {"--data", "--packs"}
    lines = [plain(description), "", ".. code-block:: text", ""]
    lines += [f"   {line}" for line in _usage(parser)]
    lines += ["", "Options of ``aigloss`` itself, before or after the command:", "",
              ".. program:: aigloss", "", *_options_rst(parser, set())]
    for name, sub in _commands(parser).items():
        heading = f"aigloss {name}"
        lines += [heading, title_char * len(heading), "", plain(sub.description or ""), "", ".. code-block:: text", ""]
        lines += [f"   {line}" for line in _usage(sub)]
        lines += ["", f".. program:: aigloss {name}", ""]
        options = _options_rst(sub, glossary_options)
        takes_glossary = any(glossary_options & set(a.option_strings) for a in sub._actions)
        if takes_glossary:
            lines += ["It also takes the glossary options, :option:`aigloss --data` and "
                      ":option:`aigloss --packs`, after the command.", ""]
        lines += options
    if parser.epilog:
        lines += ["Examples and exit status", title_char * 24, "", ".. code-block:: text", ""]
        lines += [f"   {line}" if line else "" for line in parser.epilog.splitlines()]
        lines += [""]
    return lines


class _Generated(SphinxDirective):
    has_content = False
    source_module: ModuleType  # the page is read again when this module's file changes

    def lines(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        from docutils import nodes

        if self.source_module.__file__:
            self.env.note_dependency(self.source_module.__file__)
        container = nodes.container()
        source = f"<generated by {self.name}>"
        nested_parse_with_titles(self.state, StringList(self.lines(), source=source), container)
        return list(container.children)


class ConfigReference(_Generated):
    """``.. aigloss-config::``: the configuration values."""

    source_module = config

    def lines(self) -> list[str]:
        return config_rst()


class WarningReference(_Generated):
    """``.. aigloss-warnings::``: the warning subtypes; one without a comment is a warning."""

    source_module = messages

    def lines(self) -> list[str]:
        lines, undocumented = warnings_rst()
        for subtype in undocumented:
            logger.warning("warning subtype %r has no '#:' comment in messages.py", subtype,
                           location=self.get_location())
        return lines


class CliReference(_Generated):
    """``.. aigloss-cli:: ~``: the command line; the argument is the underline of each command's title."""

    source_module = cli

    required_arguments = 1

    def lines(self) -> list[str]:
        return cli_rst(self.arguments[0])


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_object_type("aigloss-warning", "aigloss-warning", indextemplate="pair: %s; warning subtype")
    app.add_directive("aigloss-config", ConfigReference)
    app.add_directive("aigloss-warnings", WarningReference)
    app.add_directive("aigloss-cli", CliReference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
