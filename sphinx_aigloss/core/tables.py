"""Tables for ``aigloss check``'s scanner: each cell is a piece of its own, and a header row's
cells are no prose (as in the Sphinx reports, which skip table headers). Grid, simple and
CSV tables of reStructuredText, MyST's pipe tables, and the header rows of list tables.
Pure Python."""

from __future__ import annotations

import csv
import re

from .markup import Line, Scan, indent_of, is_blank, until_blank

SIMPLE_BORDER = re.compile(r"=+( +=+)+\s*$|=+\s*$")
_ROW_ITEM = re.compile(r"\s*[-*+]\s")


def _columns(border: str) -> list[tuple[int, int]]:
    """The column spans a table border marks (runs of "=" or of "-" between "+")."""
    return [(m.start(), m.end()) for m in re.finditer(r"[=-]+", border)]


def _cells(scan: Scan, rows: list[list[Line]], spans: list[tuple[int, int]], heading: bool, last_open: bool) -> None:
    """Each cell of some rows, a piece (a header's not prose)."""
    for column, (left, right) in enumerate(spans):
        if last_open and column == len(spans) - 1:
            right = 10**9  # a simple table's last column runs to the end of the line
        for row in rows:
            scan.text([(no, text[left:right]) for no, text in row], "rst", prose=not heading)


def grid_table(lines: list[Line], start: int, scan: Scan) -> int:
    """A grid table from ``start``: each cell a piece; returns where it ends."""
    stop = until_blank(lines, start)
    table = lines[start:stop]
    base = indent_of(table[0][1])
    spans = [(left + base, right + base) for left, right in _columns(table[0][1].strip())]
    has_head = any(text.strip().startswith("+=") for _no, text in table)
    heading, row = has_head, list[Line]()
    for number, text in table[1:]:
        if text.strip().startswith("+"):
            _cells(scan, [row], spans, heading, False)
            heading = heading and not text.strip().startswith("+=")
            row = []
        else:
            row.append((number, text.replace("|", " ")))
    return stop


def simple_table(lines: list[Line], start: int, scan: Scan) -> int:
    """A simple table from ``start``: each cell of each line a piece; returns where it ends."""
    border = lines[start][1]
    spans = _columns(border)
    end, borders = start + 1, [start]
    while end < len(lines):
        text = lines[end][1].strip()
        if SIMPLE_BORDER.match(text):
            borders.append(end)
            if end + 1 >= len(lines) or is_blank(lines[end + 1]):
                end += 1
                break
        end += 1
    head = borders[1] if len(borders) > 2 else start
    for index in range(start + 1, end):
        if index not in borders and not is_blank(lines[index]):
            _cells(scan, [[lines[index]]], spans, index < head, True)
    return end


def pipe_table(lines: list[Line], start: int, scan: Scan) -> int:
    """A MyST (GitHub) pipe table from ``start``: each cell a piece; returns where it ends."""
    stop = start
    while stop < len(lines) and "|" in lines[stop][1] and not is_blank(lines[stop]):
        stop += 1
    for index in range(start, stop):
        if index == start + 1:
            continue  # the delimiter row
        number, text = lines[index]
        for cell in re.split(r"(?<!\\)\|", text.strip().strip("|")):
            scan.text([(number, cell)], "myst", prose=index != start)
    return stop


def csv_table(content: list[Line], options: dict[str, str], syntax: str, scan: Scan) -> None:
    """A ``csv-table``'s rows (not one from ``:file:`` or ``:url:``; the ``:header:`` option's
    cells and the first ``:header-rows:`` are headers)."""
    rows = [(no, text.strip()) for no, text in content if text.strip()]
    if "file" in options or "url" in options or not rows:
        return
    delimiter = {"tab": "\t", "space": " "}.get(options.get("delim", ""), options.get("delim", ",")[:1] or ",")
    header_rows = int(options["header-rows"]) if options.get("header-rows", "").isdigit() else 0
    reader = csv.reader((text + "\n" for _no, text in rows), delimiter=delimiter, skipinitialspace=True)
    start = 0
    for index, cells in enumerate(reader):
        first = rows[start][0]
        start = reader.line_num
        for cell in cells:
            lines = [(first + offset, part) for offset, part in enumerate(cell.split("\n"))]
            scan.text(lines, syntax, prose=index >= header_rows)


def list_table_rows(content: list[Line]) -> list[list[Line]]:
    """A ``list-table``'s rows: the items of its outer bulleted list."""
    base = min((indent_of(text) for _no, text in content if text.strip()), default=0)
    rows: list[list[Line]] = []
    for line in content:
        if indent_of(line[1]) == base and _ROW_ITEM.match(line[1]):
            rows.append([])
        if rows:  # (blank lines before the first row belong to none)
            rows[-1].append(line)
    return rows
