"""What ``aigloss check`` reads in a source file: text as the reader sees it, references to
terms, and the terms a page defines; and the inline markup of reStructuredText and MyST.

The block scanners (``scan``) cut a file into blocks of lines; the functions here turn one
block's lines into a Piece, the text with its markup removed, keeping where each character
came from. What the Sphinx reports do not read as the author's prose is left out: code,
literals, URLs, math, links and other extensions' roles. Pure Python, no docutils.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .names import normalise
from .text import OPAQUE_OPEN

#: One line of a source file: its number (from 1) and its text.
Line = tuple[int, str]
#: Reads an included file: (the file that includes it, "" for the page; the directive's
#: argument) -> (its path as shown, its text), or None when there is nothing to read.
Includer = Callable[[str, str], "tuple[str, str] | None"]

#: The roles that name a term, as written in either markup (rST role names fold case).
TERM_ROLES = frozenset({"aiterm", "aidef", "aigloss:term", "aigloss:def"})
#: Sections (and the text after a rubric) with these titles list works, not prose: their
#: spellings are the works' own (the titles automatic linking leaves alone).
REFERENCE_TITLES = frozenset(normalise(title) for title in (
    "References", "Bibliography", "Citations", "Works cited", "Further reading", "Literature", "Publications"))
#: Sphinx's explicit title: "text <target>".
_EXPLICIT = re.compile(r"^(.+?)\s*<([^<]*?)>$", re.DOTALL)

#: Inline markup, one alternative a line, each with the closers it needs further on (a "<!--"
#: whose "-->" comes nowhere after it is no comment).
_RST_ALTERNATIVES = [
    (r"``.+?``(?!`)", ("``",)),
    (r"``", ()),  # an inline literal never closed: docutils reads on after it
    (r":(?P<role>[A-Za-z][\w.:+-]{0,99}):`(?P<body>(?:\\.|[^`\\])+)`", ("`",)),
    (r"`(?P<sbody>(?:\\.|[^`\\])+)`:(?P<srole>[A-Za-z][\w.:+-]{0,99}):", ("`",)),
    (r"`[^`]+`(?:__?)?", ("`",)),
    (r"\|[^|\s](?:[^|]*[^|\s])?\|_{0,2}", ("|",)),
    (r"\[(?:\#[\w-]*|\*|\d+|[\w.-]+)\]_", ()),
    (r"(?:https?|ftp)://[^\s<>`]+", ()),
    (r"mailto:\S+", ()),
    (r"(?P<mark>\*{1,2})", ()),
    (r"\\(?P<escaped>.)?", ()),
]
_MYST_ALTERNATIVES = [
    (r"\{(?P<role>[A-Za-z][\w.:+-]{0,99})\}(?P<ticks>`+)(?P<body>.+?)(?P=ticks)(?!`)", ("`",)),
    (r"(?P<code>`+).+?(?P=code)(?!`)", ("`",)),
    (r"!\[[^\]]*\]\([^)]*\)", ("]", ")")),
    (r"\[\^[^\]]+\]", ("]",)),
    (r"\[(?:\\.|[^\[\]\\])*\](?:\([^)\s]*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])", ()),
    (r"<(?:https?|ftp|mailto):[^>\s]*>", ()),
    (r"(?i:<(?P<html>" + OPAQUE_OPEN + r")(?=[\s/>])[^>]*>(?:.*?</(?P=html)\s*>|.*))", (">",)),  # unclosed: to the end
    (r"<!--.*?-->", ("-->",)),  # inline HTML, as MyST reads it: no prose
    (r"<\?.*?\?>", ("?>",)),
    (r"<!\[CDATA\[.*?\]\]>", ("]]>",)),
    (r"<![A-Za-z][^>]*>", (">",)),
    (r"</?[A-Za-z][^>]*>", (">",)),
    (r"(?:https?|ftp)://[^\s<>`)\]]+", ()),
    (r"\$\$.+?\$\$", ("$$",)),
    (r"\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)", ()),
    (r"\{\{.*?\}\}", ("}}",)),
    (r"(?P<mark>\*{1,3}|~~)", ()),
    (r"\\(?P<escaped>[!-/:-@\[-`{-~])?", ()),
]
#: Where inline markup may start: its alternatives' first characters, and the URLs'.
_MARKUP_START = re.compile(r"[`:|\[*\\{!<$~]|(?:https?|ftp)://|mailto:")


@functools.cache
def _inline_pattern(syntax: str, absent: frozenset[str]) -> re.Pattern[str]:
    """The syntax's inline markup without the alternatives whose closer comes nowhere later."""
    alternatives = _RST_ALTERNATIVES if syntax == "rst" else _MYST_ALTERNATIVES
    return re.compile("|".join(alt for alt, closers in alternatives if absent.isdisjoint(closers)), re.DOTALL)


def inline_markup(source: str, syntax: str) -> Iterator[re.Match[str]]:
    """The inline markup of a block, as ``finditer`` over all the alternatives finds it, but
    in linear time: an opener whose closer comes nowhere after it ("<!--", "{{", a backtick)
    is not read on to the block's end, once for each such opener."""
    alternatives = _RST_ALTERNATIVES if syntax == "rst" else _MYST_ALTERNATIVES
    # Each closer's last place, in order: past it, its alternatives are left out (for good).
    last = sorted({(source.rfind(closer), closer) for _alt, closers in alternatives for closer in closers})
    absent: frozenset[str] = frozenset()
    pos = 0
    while (start := _MARKUP_START.search(source, pos)) is not None:
        at = start.start()
        while last and last[0][0] <= at:
            absent |= {last.pop(0)[1]}
        found = _inline_pattern(syntax, absent).match(source, at)
        if found is None:
            pos = at + 1
            continue
        yield found
        pos = found.end()


def indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def is_blank(line: Line) -> bool:
    return not line[1].strip()


def until_closed(lines: list[Line], start: int, closes: Callable[[str], bool], closed_here: bool) -> int:
    """The index after the line that closes a block begun at ``start``."""
    for index in range(start + 1, len(lines)) if not closed_here else ():
        if closes(lines[index][1].strip()):
            return index + 1
    return start + 1 if closed_here else len(lines)


def until_blank(lines: list[Line], start: int) -> int:
    """The index of the first blank line at or after ``start`` (or the end)."""
    while start < len(lines) and not is_blank(lines[start]):
        start += 1
    return start


@dataclass(frozen=True, slots=True)
class Reference:
    """A role (or ``aigloss:definition``) that names a term, at a line."""

    line: int
    role: str
    target: str  # as Sphinx resolves it: white space folded
    source: str = ""  # the included file it is in ("": the page itself)


@dataclass(frozen=True, slots=True)
class TermSource:
    """A project term a page defines with ``aigloss:term``."""

    line: int
    name: str
    options: dict[str, str]
    definition: str


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """Where a term role's text is in a Piece, and the role as written."""

    start: int
    end: int
    role: str
    target: str
    explicit: bool  # "text <target>"


@dataclass(slots=True)
class Piece:
    """A block's text as a reader sees it. ``prose``: the author's own running text, which the
    terminology checks read (not a title, table header, definition list term or quotation)."""

    text: str
    prose: bool
    syntax: str  # "rst" or "myst": the markup a fix is written in
    source: str = ""  # the included file it is in ("": the page itself)
    roles: list[RoleSpan] = field(default_factory=list)
    # Where the text's parts come from: offsets into text, and the source line at each.
    _offsets: list[int] = field(default_factory=list)
    _lines: list[int] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset``."""
        return self._lines[max(bisect.bisect_right(self._offsets, offset) - 1, 0)]


@dataclass(slots=True)
class Scan:
    """What one file holds, in reading order. While ``aside`` is above 0 (in a quotation),
    and in a section of references, the text added is not prose."""

    pieces: list[Piece] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    terms: list[TermSource] = field(default_factory=list)
    aside: int = 0
    depth: int = 0  # of nested blocks being read
    works: bool = False  # in a section (or after a rubric) titled "References" or the like
    #: The included file being read ("": the page), and the files open (no include loops).
    source: str = ""
    including: list[str] = field(default_factory=list)
    #: (file, options) of the includes read: each once a page (ten includes of files including
    #: ten more, eight deep, would otherwise be read 10**8 times).
    included: set[tuple[str, str]] = field(default_factory=set)
    include: Includer | None = None

    def text(self, lines: list[Line], syntax: str, *, prose: bool = True) -> None:
        """Add a block of lines (block markers already removed) as one piece."""
        if lines:
            piece = _inline(lines, syntax, prose and not self.aside and not self.works, self)
            if piece.text.strip():
                self.pieces.append(piece)

    def title(self, lines: list[Line], syntax: str) -> None:
        """Add a section's title or a rubric (no prose): it may begin a list of works."""
        piece = _inline(lines, syntax, False, self)
        self.works = normalise(piece.text) in REFERENCE_TITLES
        if piece.text.strip():
            self.pieces.append(piece)


def _inline(lines: list[Line], syntax: str, prose: bool, scan: Scan) -> Piece:
    """The block's text with inline markup removed; references to terms noted."""
    source = "\n".join(text.strip() for _no, text in lines)
    starts = [0]  # the offset in source where each line begins
    for _no, text in lines[:-1]:
        starts.append(starts[-1] + len(text.strip()) + 1)
    numbers = [no for no, _text in lines]

    def line_of(offset: int) -> int:
        return numbers[bisect.bisect_right(starts, offset) - 1]

    piece = Piece("", prose, syntax, scan.source)
    out: list[str] = []
    length = 0

    def emit(at: int, text: str) -> None:
        # Each line break of the text starts a new line of the source.
        nonlocal length
        line = line_of(at)
        piece._offsets.append(length)
        piece._lines.append(line)
        index = text.find("\n")
        while index != -1:
            line += 1
            piece._offsets.append(length + index + 1)
            piece._lines.append(line)
            index = text.find("\n", index + 1)
        out.append(text)
        length += len(text)

    pos = 0
    for found in inline_markup(source, syntax):
        if found.start() > pos:
            emit(pos, source[pos:found.start()])
        pos = found.end()
        groups = found.groupdict()
        if groups.get("escaped"):
            emit(found.start("escaped"), groups["escaped"])
        role, body = groups.get("role"), groups.get("body")
        at = found.start("body") if body is not None else -1
        if groups.get("srole"):
            role, body, at = groups["srole"], groups["sbody"], found.start("sbody")
        if role and body and (role.lower() if syntax == "rst" else role) in TERM_ROLES:
            title, shown_at, target = _term_role(role, body, line_of(at), scan, syntax)
            start = length
            emit(at + shown_at, title)
            if target is not None:
                piece.roles.append(RoleSpan(start, length, role, target, title != body))
    if pos < len(source):
        emit(pos, source[pos:])
    piece.text = "".join(out)
    return piece


#: A backslash escape in reStructuredText: docutils drops the backslash (and an escaped space).
_RST_ESCAPE = re.compile(r"\\(?:\s|(.))", re.DOTALL)


def _term_role(role: str, body: str, line: int, scan: Scan, syntax: str) -> tuple[str, int, str | None]:
    """A term role: note what it names; return the text it shows, where that starts, and
    its target (None for a role that resolves nothing)."""
    disabled = body.startswith("!")  # Sphinx's "!": the text without a link, nothing resolved
    text = body[1:] if disabled else body
    explicit = _EXPLICIT.match(text)
    title, target = (explicit.group(1), explicit.group(2)) if explicit else (text, text)
    if disabled:
        return title, 1, None
    if syntax == "rst":  # MyST's role text is a code span: its backslashes are its own
        target = _RST_ESCAPE.sub(lambda escape: escape.group(1) or "", target)
    target = " ".join(target.split())
    scan.references.append(Reference(line, role, target, scan.source))
    return title, 0, target


# --------------------------------------------------------------------------------------
# Directives: which to read as prose
# --------------------------------------------------------------------------------------

#: Directives whose content is no prose (code, data, figures' files, tables of contents).
_SKIPPED = frozenset({
    "code", "code-block", "sourcecode", "literalinclude", "highlight", "math", "raw", "parsed-literal",
    "include", "image", "toctree", "index", "meta", "contents", "sectnum", "section-numbering", "header",
    "footer", "default-role", "role", "title", "productionlist", "graphviz", "graph", "digraph",
    "inheritance-diagram", "doctest", "testcode", "testoutput", "testsetup", "testcleanup", "autosummary",
    "tabularcolumns", "bibliography", "mermaid", "plot", "code-cell", "glue", "aigloss:glossary",
    "aigloss:map", "aigloss:abbreviations", "footnote", "epigraph", "pull-quote", "highlights",
})
#: Words that mark another extension's directive as code-like (``jupyter-execute``,
#: ``program-output``, ``automodule``, ``plantuml``): its content is skipped too.
_CODE_WORDS = ("code", "literal", "math", "raw", "exec", "output", "console", "shell", "prompt", "uml", "graph",
               "diagram", "plot", "test", "ipython", "jupyter", "auto", "include", "tikz", "latex", "svg", "json",
               "yaml", "toml", "html", "sql", "bibtex")
#: Directives without arguments: the text after "::" is the first line of their content.
_ADMONITIONS = frozenset({"note", "warning", "tip", "hint", "important", "caution", "danger", "error", "attention",
                          "seealso", "todo"})
#: Directives whose argument is a title the reader sees.
_TITLED = frozenset({"admonition", "topic", "sidebar", "rubric", "table", "list-table", "csv-table", "dropdown", "card",
                     "tab", "tab-item", "margin"})


def directive_kind(name: str) -> str:
    """How a directive is read: "term" (``aigloss:term``), "definition" (``aigloss:definition``,
    whose argument names a term), "skip", "admonition" (no argument: its text is prose),
    "titled" (its argument is a title) or "prose"."""
    name = name.lower()
    if name in ("aigloss:term", "aigloss:definition"):
        return name.partition(":")[2]
    if name in _ADMONITIONS:
        return "admonition"
    if name in _SKIPPED or any(word in name for word in _CODE_WORDS):
        return "skip"
    return "titled" if name in _TITLED else "prose"


#: Classes that keep a block out of the Sphinx reports (automatic linking's too): its text is
#: no prose; roles in it are still references.
_QUIET_CLASSES = frozenset({"aigloss-no-autolink", "glossary", "aigloss-glossary", "aigloss-definition"})


def directive(scan: Scan, name: str, argument: list[Line], options: dict[str, str], content: list[Line],
              syntax: str) -> str:
    """Note what a directive says (``argument``: the lines of the text after "::"); return how
    its content is read: "skip", "aside" (for references only: a glossary, a project term's
    definition, a block of class ``aigloss-no-autolink``), "admonition" or "prose"."""
    kind = directive_kind(name)
    line, text = argument[0][0], " ".join(words for _no, words in argument)
    if kind == "definition":
        scan.references.append(Reference(line, name, " ".join(text.split()), scan.source))
    elif kind == "term":
        definition = " ".join(" ".join(body for _no, body in content).split())
        scan.terms.append(TermSource(line, " ".join(text.split()), options, definition))
    elif name.lower() == "rubric":
        scan.title(argument, syntax)
    elif kind in ("titled", "admonition") and text.strip():
        scan.text(argument, syntax, prose=kind == "admonition")
    if kind in ("skip", "definition"):
        return "skip"
    classes = options.get("class", "").split()
    if name.lower() in ("class", "rst-class", "container"):
        classes += text.split()
    if kind == "term" or name.lower() == "glossary" or _QUIET_CLASSES.intersection(classes):
        return "aside"
    return "admonition" if kind == "admonition" else "prose"
