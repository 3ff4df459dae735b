"""A line-based scanner of reStructuredText and MyST files for ``aigloss check``: it finds the
blocks of prose (paragraphs, list items, titles, table cells, admonitions) and leaves out
code blocks, literal blocks, comments, directive options, front matter and other extensions'
code-like directives, without docutils: a hundred pages take some tens of milliseconds. Pure Python.

It reads markup the way the parsers do where it matters for terms and falls back to "prose"
elsewhere: another extension's directive is read as prose unless its name says code
(``markup.directive_kind``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import htmlblocks
from .markup import Includer, Line, Scan, directive, indent_of, is_blank, until_blank, until_closed
from .tables import SIMPLE_BORDER, csv_table, grid_table, list_table_rows, pipe_table, simple_table

_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1{2,}\s*$")
_RST_DIRECTIVE = re.compile(r"\.\.\s+(\|[^|]+\|\s+)?([A-Za-z0-9][\w.:+-]*)::(?:\s+(.*))?$")
_RST_OPTION = re.compile(r":[^:\s`][^:`]*:(?:\s|$)")
_RST_ITEM = re.compile(r"(\s*)(?:[-*+\u2022]|(?:\d+|#|[a-zA-Z]|[ivxlcdmIVXLCDM]+)\.|\(?(?:\d+|#|[a-zA-Z])\))(\s+|$)")
_RST_FIELD = re.compile(r":[^:\s`][^:`]*:(?:\s+|$)")

_FENCE = re.compile(r"(\s*)(`{3,}|~{3,}|:{3,})\s*(.*)$")
_MYST_DIRECTIVE = re.compile(r"\{([^}\s]+)\}\s*(.*)$")
_ATX = re.compile(r"#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_THEMATIC = re.compile(r"(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_MD_ITEM = re.compile(r"(\s*)(?:[-*+]|\d{1,9}[.)])(\s+|$)")
_SETEXT = re.compile(r"(?:=+|-+)\s*$")
_DELIMITER_ROW = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_SKIPPED_LINE = re.compile(r"%|\(\S+\)=\s*$|\+\+\+|\[[^\]^]+\]:\s")
_DEFINITION = re.compile(r"\s*:\s+")  # a MyST definition list's definition
_ALERT = re.compile(r"\s*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.IGNORECASE)


def _block_end(lines: list[Line], start: int, indent: int) -> int:
    """The index of the first non-blank line at or after ``start`` indented ``indent`` or less."""
    while start < len(lines) and (is_blank(lines[start]) or indent_of(lines[start][1]) > indent):
        start += 1
    return start


#: How deep includes may nest (Sphinx has no limit but loops; this is well beyond real use).
_MAX_INCLUDES = 8
#: How deep blocks may nest (lists in lists, quotes in quotes) before the rest is not read.
_MAX_DEPTH = 40


def _numbered(text: str, first: int = 1) -> list[Line]:
    return [(number, line.expandtabs(8).rstrip()) for number, line in enumerate(text.splitlines(), first)]


def scan_file(text: str, syntax: str, *, path: str = "", include: Includer | None = None) -> Scan:
    """The prose, references and defined terms of a file in ``syntax`` ("rst" or "myst");
    ``include`` reads the files it includes (none are read without it)."""
    scan = Scan(including=[path], include=include)
    lines = _numbered(text)
    if syntax == "rst":
        _rst(lines, scan)
    else:
        _myst(_without_front_matter(lines), scan)
    return scan


def _include(scan: Scan, argument: str, options: dict[str, str], syntax: str) -> None:
    """An included file, read in place as part of the page (a literal one is no prose)."""
    if scan.include is None or {"literal", "code", "parser"} & set(options) or len(scan.including) > _MAX_INCLUDES:
        return
    found = scan.include(scan.source, argument.strip())
    if found is None or found[0] in scan.including or (found[0], repr(options)) in scan.included:
        return
    label, text = found
    scan.included.add((label, repr(options)))
    first = 1
    if "start-line" in options or "end-line" in options:
        lines = text.splitlines(keepends=True)
        start, end = (int(v) if v.lstrip("-").isdigit() else None
                      for v in (options.get("start-line", ""), options.get("end-line", "")))
        first += len(lines) - len(lines[start:])
        text = "".join(lines[start:end])
    if (after := options.get("start-after")) and after in text:
        cut = text.index(after) + len(after)
        first += text.count("\n", 0, cut)
        text = text[cut:]
    if (before := options.get("end-before")) and before in text:
        text = text[:text.index(before)]
    outer, scan.source = scan.source, label
    scan.including.append(label)
    (_rst if syntax == "rst" else _myst)(_numbered(text, first), scan)
    scan.including.pop()
    scan.source = outer


# --------------------------------------------------------------------------------------
# reStructuredText
# --------------------------------------------------------------------------------------


def _nested(read: Callable[[list[Line], Scan, bool], None]) -> Callable[..., None]:
    """A reader of nested blocks that stops at a depth no document reaches (lists or quotes
    nested hundreds deep would cost time and Python's stack for nothing)."""
    def nested(lines: list[Line], scan: Scan, *, quotes: bool = False) -> None:
        if scan.depth < _MAX_DEPTH:
            scan.depth += 1
            read(lines, scan, quotes)
            scan.depth -= 1
    return nested


@_nested
def _rst(lines: list[Line], scan: Scan, quotes: bool) -> None:
    """The blocks of some lines; ``quotes``: a block quote among them is prose (it is in an
    admonition, where more indentation quotes nothing)."""
    base = min((indent_of(text) for _no, text in lines if text.strip()), default=0)
    i, count = 0, len(lines)
    while i < count:
        number, line = lines[i]
        text = line.strip()
        if not text:
            i += 1
            continue
        indent = indent_of(line)
        end = _block_end(lines, i + 1, indent)
        following = lines[i + 1][1].strip() if i + 1 < count else ""
        if indent > base:  # a block quote
            end = _block_end(lines, i, base)
            scan.aside += not quotes
            _rst(lines[i:end], scan)
            scan.aside -= not quotes
            i = end
        elif text == ".." or text.startswith(".. "):
            _rst_explicit(lines[i:end], scan)
            i = end
        elif _ADORNMENT.match(text) and i + 2 < count and lines[i + 2][1].strip() == text and following:
            scan.title([lines[i + 1]], "rst")  # a title with an overline
            i += 3
        elif _ADORNMENT.match(following) and indent_of(lines[i + 1][1]) == indent and not _ADORNMENT.match(text):
            scan.title([lines[i]], "rst")
            i += 2
        elif text.startswith(("+-", "+=")):
            i = grid_table(lines, i, scan)
        elif SIMPLE_BORDER.match(text) and " " in text.strip():
            i = simple_table(lines, i, scan)
        elif _ADORNMENT.match(text) or text.startswith(">>>"):  # a transition; a doctest block
            i = i + 1 if _ADORNMENT.match(text) else until_blank(lines, i)
        elif (item := _RST_ITEM.match(line)) or (item := _RST_FIELD.match(text)):
            # A list item or a field: its body is the rest of the line and the lines indented under it.
            column = item.end() + (indent if item.re is _RST_FIELD else 0)
            body = [indent_of(text) for _no, text in lines[i + 1:end] if text.strip()]
            first = (number, " " * min([column, *body]) + line[column:])
            _rst([first, *lines[i + 1:end]], scan)
            i = end
        elif text.startswith("| ") or text == "|":  # a line block
            stop = until_blank(lines, i)
            scan.text([(no, body.strip()[1:]) for no, body in lines[i:stop]], "rst")
            i = stop
        else:
            i = _paragraph(lines, i, indent, scan)


def _paragraph(lines: list[Line], start: int, indent: int, scan: Scan) -> int:
    """A paragraph (or a definition list's term and definition); a literal block after "::"."""
    stop = start + 1
    while stop < len(lines) and not is_blank(lines[stop]) and indent_of(lines[stop][1]) == indent:
        stop += 1
    block = lines[start:stop]
    if stop < len(lines) and not is_blank(lines[stop]) and indent_of(lines[stop][1]) > indent:
        scan.text(block, "rst", prose=False)  # a definition list's term; its definition follows
        end = _block_end(lines, stop, indent)
        _rst(lines[stop:end], scan)
        return end
    number, last = block[-1]
    if not last.endswith("::"):
        scan.text(block, "rst")
        return stop
    # "Text::" reads "Text:"; a lone or spaced "::" disappears; the indented block is literal.
    kept = last[:-1] if len(last.strip()) > 2 and not last[-3].isspace() else last[:-2]
    scan.text([*block[:-1], (number, kept)], "rst")
    after = stop
    while after < len(lines) and is_blank(lines[after]):
        after += 1
    if after < len(lines) and indent_of(lines[after][1]) > indent:
        return _block_end(lines, after, indent)
    return after


def _rst_explicit(block: list[Line], scan: Scan) -> None:
    """An explicit markup block: a directive; comments and targets are no prose."""
    number, first = block[0]
    found = _RST_DIRECTIVE.match(first.strip())
    if found is None or found.group(1):  # a comment, target, footnote, citation or substitution
        return
    body = block[1:]
    options: dict[str, str] = {}
    k = 0  # the argument may go on over the lines up to the options (or a blank line)
    while k < len(body) and not is_blank(body[k]) and not _RST_OPTION.match(body[k][1].strip()):
        k += 1
    argument = [(number, found.group(3) or ""), *body[:k]]
    while k < len(body) and not is_blank(body[k]) and _RST_OPTION.match(body[k][1].strip()):
        name, _, value = body[k][1].strip()[1:].partition(":")
        marker = indent_of(body[k][1])
        k += 1
        while k < len(body) and not is_blank(body[k]) and indent_of(body[k][1]) > marker:  # the value goes on
            value += " " + body[k][1].strip()
            k += 1
        options[name] = value.strip()
    if found.group(2).lower() == "include":
        _include(scan, found.group(3) or "", options, "rst")
    _content(scan, found.group(2), directive(scan, found.group(2), argument, options, body[k:], "rst"),
             options, body[k:], "rst")


def _content(scan: Scan, name: str, reading: str, options: dict[str, str], content: list[Line], syntax: str) -> None:
    """A directive's content, read as ``markup.directive`` says; tables by their rows."""
    read = _rst if syntax == "rst" else _myst
    if reading == "skip":
        return
    scan.aside += reading == "aside"
    headers = int(options["header-rows"]) if options.get("header-rows", "").isdigit() else 0
    if name.lower() == "csv-table":
        csv_table(content, options, syntax, scan)
    elif name.lower() == "list-table" and headers:
        rows = list_table_rows(content)
        scan.aside += 1  # a header row is no prose
        for row in rows[:headers]:
            read(row, scan)
        scan.aside -= 1
        for row in rows[headers:]:
            read(row, scan)
    else:
        read(content, scan, quotes=reading == "admonition")
    scan.aside -= reading == "aside"


# --------------------------------------------------------------------------------------
# MyST (CommonMark with MyST's directives, roles and comments)
# --------------------------------------------------------------------------------------


def _without_front_matter(lines: list[Line]) -> list[Line]:
    if lines and lines[0][1] == "---":
        for index in range(1, len(lines)):
            if lines[index][1] in ("---", "..."):
                return lines[index + 1:]
    return lines


def _starts_block(text: str) -> bool:
    """Whether a line ends a paragraph by starting another block."""
    return bool(_ATX.match(text) or _FENCE.match(text) or text.startswith((">", "$$")) or htmlblocks.interrupts(text)
                or _THEMATIC.match(text) or re.match(r"(?:[-*+]|1[.)])\s+\S", text))


@_nested
def _myst(lines: list[Line], scan: Scan, quotes: bool) -> None:
    """The blocks of some lines; ``quotes``: a block quote among them is prose (in an admonition)."""
    base = min((indent_of(text) for _no, text in lines if text.strip()), default=0)
    i, count = 0, len(lines)
    while i < count:
        number, line = lines[i]
        text = line.strip()
        if not text:
            i += 1
        elif indent_of(line) >= base + 4 and (i == 0 or is_blank(lines[i - 1])):  # an indented code block
            i = _block_end(lines, i, base + 3)
        elif fence := _FENCE.match(line):
            i = _fenced(lines, i, fence, scan)
        elif text.startswith("$$"):
            i = until_closed(lines, i, lambda t: t.endswith("$$"), text.endswith("$$") and len(text) > 3)
        elif (end := htmlblocks.block_end(lines, i)) is not None:  # raw HTML, as CommonMark ends it
            i = end
        elif _SKIPPED_LINE.match(text) or _THEMATIC.match(text):
            i += 1
        elif heading := _ATX.match(text):
            scan.title([(number, heading.group(1) or "")], "myst")
            i += 1
        elif text.startswith(">"):
            stop = i
            while stop < count and not is_blank(lines[stop]) and (stop == i or not _starts_block(lines[stop][1].strip())
                                                                 or lines[stop][1].strip().startswith(">")):
                stop += 1
            quoted = [(no, re.sub(r"^\s*>\s?", "", body)) for no, body in lines[i:stop]]
            alert = _ALERT.match(quoted[0][1])  # a GitHub-style alert is a note, not a quotation
            scan.aside += not (alert or quotes)
            _myst(quoted[1:] if alert else quoted, scan)
            scan.aside -= not (alert or quotes)
            i = stop
        elif text.startswith("|") and i + 1 < count and _DELIMITER_ROW.match(lines[i + 1][1].strip()):
            i = pipe_table(lines, i, scan)
        elif item := _MD_ITEM.match(line):
            i = _list_item(lines, i, item.end(), scan)
        else:
            i = _md_paragraph(lines, i, scan)


def _fenced(lines: list[Line], start: int, fence: re.Match[str], scan: Scan) -> int:
    """A code fence (skipped) or a MyST directive in backticks or colons."""
    mark = fence.group(2)
    closing = re.compile(rf"\s*{re.escape(mark[0])}{{{len(mark)},}}\s*$")
    stop = start + 1
    while stop < len(lines) and not closing.match(lines[stop][1]):
        stop += 1
    found = _MYST_DIRECTIVE.match(fence.group(3))
    if found is None and mark[0] == ":":  # a colon fence naming no directive: a div of MyST
        _myst(lines[start + 1:stop], scan)
    elif found is not None:
        body = lines[start + 1:stop]
        options: dict[str, str] = {}
        k = 0
        if body and body[0][1].strip() == "---":  # options as YAML
            k = next((j + 1 for j in range(1, len(body)) if body[j][1].strip() == "---"), len(body))
        while k < len(body) and re.match(r"\s*:[\w-]+:", body[k][1]):
            name, _, value = body[k][1].strip()[1:].partition(":")
            options[name] = value.strip()
            k += 1
        name = found.group(1)
        if name in ("eval-rst", "eval-rest"):
            _rst(body[k:], scan)
        else:
            if name == "include":
                _include(scan, found.group(2), options, "myst")
            reading = directive(scan, name, [(lines[start][0], found.group(2))], options, body[k:], "myst")
            _content(scan, name, reading, options, body[k:], "myst")
    return stop + 1


def _list_item(lines: list[Line], start: int, column: int, scan: Scan) -> int:
    """A list item: its first line and the lines indented to its content (or lazily continued)."""
    number, line = lines[start]
    item = [(number, " " * column + line[column:])]
    stop = start + 1
    while stop < len(lines):
        text = lines[stop][1]
        if not text.strip():
            ahead = stop
            while ahead < len(lines) and is_blank(lines[ahead]):
                ahead += 1
            if ahead < len(lines) and indent_of(lines[ahead][1]) >= column:
                item.extend(lines[stop:ahead])
                stop = ahead
                continue
            break
        if indent_of(text) < column and (is_blank(lines[stop - 1]) or _starts_block(text.strip())
                                        or _MD_ITEM.match(text)):
            break
        item.append(lines[stop])
        stop += 1
    _myst(item, scan)
    return stop


def _md_paragraph(lines: list[Line], start: int, scan: Scan) -> int:
    stop = start + 1
    while stop < len(lines) and not is_blank(lines[stop]):
        text = lines[stop][1].strip()
        if _SETEXT.match(text):  # the paragraph was a title
            scan.title(lines[start:stop], "myst")
            return stop + 1
        if _starts_block(text):
            break
        stop += 1
    if lines[start][1].lstrip().startswith("[^"):  # a footnote is no prose (as in the build)
        scan.text(lines[start:stop], "myst", prose=False)
        return stop
    ahead = stop
    while ahead < len(lines) and is_blank(lines[ahead]):
        ahead += 1
    _definition_list(lines[start:stop], ahead < len(lines) and bool(_DEFINITION.match(lines[ahead][1])), scan)
    return stop


def _definition_list(block: list[Line], defined_after: bool, scan: Scan) -> None:
    """A paragraph, or the terms (no prose, as in the build) and ": definitions" of a
    definition list (MyST's deflist); ``defined_after``: a definition follows the block."""
    groups: list[tuple[bool, list[Line]]] = []  # (prose, lines)
    for index, (number, text) in enumerate(block):
        if marker := _DEFINITION.match(text):
            groups.append((True, [(number, text[marker.end():])]))
            continue
        following = block[index + 1][1] if index + 1 < len(block) else None
        prose = not (_DEFINITION.match(following) if following is not None else defined_after)
        if groups and groups[-1][0] == prose:  # the paragraph (or definition) goes on
            groups[-1][1].append((number, text))
        else:
            groups.append((prose, [(number, text)]))
    for prose, group in groups:
        scan.text(group, "myst", prose=prose)

