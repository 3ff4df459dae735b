"""The unlinked-mention report: where a mention is (its file and line, also in docstrings
and table cells), and how to link it in that file's own markup."""

from __future__ import annotations

import csv
import os
import re
import string
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import FiletypeNotFoundError
from sphinx.util import get_filetype

from .messages import Subtype, __
from .noted import Note, note

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


CSV_TABLE = re.compile(r"(\s*)(?:\.\. csv-table::|(`{3,}|:{3,})\{csv-table\})")  # rST, or MyST's fence


#: Mentions reported in this build, by file and line: a file included by two pages is
#: noted once per process (parallel readers each keep their own; ``noted`` emits each once).
_REPORTED: weakref.WeakKeyDictionary[BuildEnvironment, set[tuple[str, str]]] = weakref.WeakKeyDictionary()
#: rST inline markup a role cannot be nested in, and its marks.
_MARKS: dict[type[nodes.Node], str] = {nodes.strong: "**", nodes.emphasis: "*"}


def report(app: Sphinx, name: str, text: nodes.Text, holder: nodes.Element | None, breaks: int,
           sources: SourceLines, mention: tuple[str, int, int] | None = None) -> None:
    """Warn at an unlinked mention: at its own file and line (``breaks`` line breaks into
    the text node), with the fix in that file's markup. ``mention`` is the text the mention
    is in (its run of text nodes), with the mention's start and end."""
    source = holder.source if holder is not None else None
    line = line_of(text, holder, sources) if holder is not None else None
    # A ready "path:line" string: Sphinx then formats it as it is (a node or a (docname, line)
    # pair would be looked up again for every warning).
    location = f"{sources.absolute(source)}:{line + breaks}" if source and line else app.env.docname
    seen = sources.reported
    if seen is None:  # once per document, not per warning: the weak mapping is not free
        seen = sources.reported = _REPORTED.setdefault(app.env, set())
    if (location, name) in seen:
        return
    seen.add((location, name))
    myst = sources.myst.get(source)
    if myst is None:  # once per file and document: finding a file's type is not free
        myst = sources.myst[source] = is_myst(app, source)
    messages = sources.messages
    if messages is None:  # translated once per document, not once per warning
        messages = sources.messages = (
            __("unlinked mention of AI term %r: write %s"),
            __("unlinked mention of AI term %r: write %s in place of %s (a role cannot be nested in %s)"))
    nested = None if myst else _rst_fix(name, text, mention)  # MyST nests roles in **bold**
    role = "{aiterm}`%s`" if myst else ":aiterm:`%s`"
    message = messages[1] % (name, *nested) if nested else messages[0] % (name, role % name)
    # Noted, and emitted once reading is over: under -j, two processes may read a file two pages include.
    note(app.env, app.env.docname, Note(location, Subtype.unlinked_mention, name, message))


def _rst_fix(name: str, text: nodes.Text, mention: tuple[str, int, int] | None) -> tuple[str, str, str] | None:
    """In rST, a role cannot be nested in ``**bold**`` or ``*emphasis*``: the fix then closes
    the markup around the role. Returns (the fix, what it replaces, the markup) or None
    when the mention is not inside such markup."""
    parent = text.parent
    mark = _MARKS.get(type(parent), "")  # by exact type: a subclass may not be markup
    if not mark or mention is None or parent is None:
        return None
    content, start, end = mention
    whole = parent.astext()
    if content != whole:
        return None
    parts = []
    before, after = content[:start], content[end:]
    if before.strip():
        glue = " " if before[-1].isspace() else "\\ "  # rST's escaped space joins without one
        parts.append(_marked(before.strip(), mark) + glue)
    parts.append(f":aiterm:`{name}`")
    rest = after.lstrip(string.punctuation)  # punctuation right after the role needs no markup
    parts.append(after[:len(after) - len(rest)])
    if rest.strip():
        glue = " " if rest[0].isspace() else "" if len(rest) < len(after) else "\\ "
        parts.append(glue + _marked(rest.strip(), mark))
    written = parent.rawsource or f"{mark}{whole}{mark}"
    return "".join(parts), written, f"{mark}...{mark}"


def _marked(words: str, mark: str) -> str:
    """Words in the markup again, unless they are only punctuation (which needs none)."""
    return f"{mark}{words}{mark}" if any(c.isalnum() for c in words) else words


def is_myst(app: Sphinx, source: str | None) -> bool:
    """Whether the file a mention is in is Markdown (MyST), by its suffix; docstrings are
    reStructuredText, and a file of unknown suffix (an include) is the page's markup."""
    if source and ":docstring of " in source:
        return False
    try:
        filetype = get_filetype(app.config.source_suffix, source or "")
    except FiletypeNotFoundError:
        try:  # (the page's own file found only now: that costs ten times the rest)
            filetype = get_filetype(app.config.source_suffix, app.env.doc2path(app.env.docname))
        except FiletypeNotFoundError:
            return False
    return filetype == "markdown" or "myst" in filetype


def line_of(text: nodes.Text, holder: nodes.Element, sources: Callable[[str], list[str]]) -> int | None:
    """The source line a text node starts on: its block's line plus the line breaks of the
    text before it in that block."""
    if holder.line is None:
        return None
    if holder.children and holder.children[0] is text:  # the block's first text (most are): no walk
        return _cell_line(holder, sources) or holder.line
    breaks = 0
    for piece in holder.findall(nodes.Text):
        if piece is text:
            return (_cell_line(holder, sources) or holder.line) + breaks
        breaks += piece.astext().count("\n")
    return None


def _cell_line(paragraph: nodes.Element, sources: Callable[[str], list[str]]) -> int | None:
    """The line of a table cell's paragraph where the parser did not give it (None: it did).

    csv-table counts a cell's lines from the cell (in MyST: gives every cell the line of
    its first row), so its rows are read again from the source file. MyST gives a pipe
    table's cells the table's line (or their row's, off by one), and there each row is one
    line: the header, the delimiter row, then the body."""
    entry = paragraph.parent
    if not isinstance(entry, nodes.entry) or paragraph.line is None or not paragraph.source:
        return None
    row = entry.parent
    tgroup = row.parent.parent if row is not None and row.parent is not None else None
    table = tgroup.parent if tgroup is not None else None
    if not isinstance(row, nodes.row) or not isinstance(tgroup, nodes.tgroup) or table is None:
        return None
    rows = list(tgroup.findall(nodes.row))
    index = next(i for i, other in enumerate(rows) if other is row)
    if entry.line is not None and table.line is not None:  # only MyST's pipe tables give cells a line
        return table.line + index + (1 if index else 0)
    anchor = _line_before(table)
    firsts = {first.line for first in (r.next_node(nodes.paragraph) for r in rows) if first is not None}
    if anchor is None or (paragraph.line > anchor and (len(rows) < 2 or len(firsts) > 1)):
        return None  # a line in the file already (list-table, grid and simple tables)
    starts = _csv_rows(sources(paragraph.source), anchor)
    first = entry.next_node(nodes.paragraph)  # the cell's lines count from its first paragraph's
    below = paragraph.line - first.line if first is not None and first.line is not None else 0
    return starts[index] + below if index < len(starts) else anchor


def _line_before(table: nodes.Element) -> int | None:
    """The table's directive line (its caption's), or else the line of something before it."""
    if table.children and isinstance(table[0], nodes.title) and table[0].line:
        return table[0].line
    parent = table.parent
    if parent is None:
        return None
    index = next(i for i, child in enumerate(parent.children) if child is table)
    for sibling in reversed(parent.children[:index]):
        if isinstance(sibling, nodes.Element) and sibling.line and sibling.source == table.source:
            return sibling.line
    return parent.line


def _csv_rows(lines: list[str], after: int) -> list[int]:
    """The line each row starts on, in the first inline ``csv-table`` at or after line ``after``
    (written in reStructuredText, or in MyST with its rows up to the closing fence)."""
    for index in range(max(after - 1, 0), len(lines)):
        found = CSV_TABLE.match(lines[index])
        if found:
            break
    else:
        return []
    indent, fence = len(found.group(1)), found.group(2)

    def inside(line: str) -> bool:
        if fence:
            return line.strip() != fence
        return not line.strip() or len(line) - len(line.lstrip()) > indent

    body = index + 1
    delimiter = ","
    starts: list[int] = []  # header rows given in the :header: option come first
    while body < len(lines) and lines[body].strip().startswith(":") and inside(lines[body]):
        name, _, value = lines[body].strip()[1:].partition(":")
        if name in ("file", "url"):
            return []  # the rows are in another file
        if name == "delim":
            delimiter = {"tab": "\t", "space": " "}.get(value.strip(), value.strip()[:1] or ",")
        if name == "header":
            starts.append(body + 1)
        body += 1
    while body < len(lines) and not lines[body].strip():
        body += 1
    end = body
    while end < len(lines) and inside(lines[end]):
        end += 1
    content = lines[body:end]
    dedent = min((len(line) - len(line.lstrip()) for line in content if line.strip()), default=0)
    reader = csv.reader((line[dedent:] + "\n" for line in content), delimiter=delimiter, skipinitialspace=True)
    while True:
        start = body + 1 + reader.line_num
        try:
            next(reader)
        except (StopIteration, csv.Error):
            return starts
        starts.append(start)


class SourceLines:
    """A source file's lines, read once per document and only when a report needs them; and
    what the report looks up once per document (file types, paths, messages)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.files: dict[str, list[str]] = {}
        self.myst: dict[str | None, bool] = {}  # file -> whether it is Markdown (MyST)
        self.paths: dict[str, str] = {}  # file -> its absolute path, as warnings give it
        self.reported: set[tuple[str, str]] | None = None  # this build's (location, name) reported
        self.messages: tuple[str, str] | None = None  # the report's messages, translated

    def absolute(self, path: str) -> str:
        found = self.paths.get(path)
        if found is None:
            found = self.paths[path] = os.path.abspath(path)
        return found

    def __call__(self, path: str) -> list[str]:
        if path not in self.files:
            try:
                with open(path, encoding=self.encoding) as file:
                    self.files[path] = file.read().splitlines()
            except (OSError, UnicodeDecodeError):
                self.files[path] = []
        return self.files[path]
