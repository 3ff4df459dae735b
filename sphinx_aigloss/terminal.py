"""Text for a terminal: nothing the data holds reaches it as a control character, any
output encoding works, and a closed or full output is one line, never a traceback."""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING

from .core import Glossary, Term
from .core import text as safe

if TYPE_CHECKING:
    from typing import TextIO


def visible(text: str) -> str:
    """``text`` safe for a terminal: every hidden character as a Python escape (``\\x1b``,
    ``\\u202e``); newlines and tabs are kept, as the layout's own."""
    return safe.visible(text, keep="\n\t")


_LAYOUT_SPACE = re.compile(r"[ \t\n]+")


def flat(value: str) -> str:
    """A data value for a line of text: its line breaks and tabs (a multi-line TOML string)
    become single spaces, so only the CLI decides where lines end."""
    return _LAYOUT_SPACE.sub(" ", value)


def speaks_utf8(stream: TextIO) -> bool:
    return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"


def discard(stream: TextIO) -> None:
    """Point ``stream`` at the null device: what is still to be written, and the flush at exit,
    go nowhere quietly instead of failing again (Python's "Exception ignored ...")."""
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):  # not a file (a test's capture): nothing to do
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def write(text: str, stream: TextIO | None) -> None:
    """Write to standard output or error. A reader that stops reading (``aigloss export | head``)
    is no error: the rest is discarded, and the command ends with its own status."""
    if stream is None:  # the process was started with it closed
        return
    try:
        stream.write(text)
    except BrokenPipeError:
        discard(stream)


def out(text: str = "", *, err: bool = False) -> None:
    """Print a line of text on standard output (or error): the one way text reaches a terminal."""
    write(visible(text) + "\n", sys.stderr if err else sys.stdout)


def error(message: str) -> None:
    out(message, err=True)


def print_json(data: object) -> None:
    """JSON on standard output, in UTF-8, or in ASCII when standard output is not UTF-8."""
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=not speaks_utf8(sys.stdout))
    # json.dumps escapes C0 controls only; hidden characters occur only inside strings,
    # where an escape means the same.
    write(safe.escape_hidden(text, lambda char: json.dumps(char)[1:-1], keep="\n") + "\n", sys.stdout)


def terminal_width() -> int:
    return max(40, shutil.get_terminal_size().columns - 1)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def term_line(term: Term, width: int) -> str:
    # Escaped before clipping, so that the width counts the escapes and none is cut in two.
    return _clip(visible(f"  {flat(term.display_name)} — {flat(term.short_definition)}"), width)


def print_groups(groups: list[tuple[str, list[Term]]]) -> None:
    width = terminal_width()
    for index, (category, terms) in enumerate(groups):
        if index:
            out()
        out(flat(category))
        for term in terms:
            out(term_line(term, width))


def show_text(glossary: Glossary, term: Term) -> str:
    width = terminal_width()

    def label(name: str, value: str) -> str:
        return f"{name:<12}{flat(value)}"

    lines = [flat(term.name)]
    if term.other_form:
        lines.append(label("Other form:", term.other_form))
    aliases = [a for a in term.aliases if a not in (term.name, term.other_form)]
    if aliases:
        lines.append(label("Also:", ", ".join(aliases)))
    lines += [label("Category:", term.category), "", textwrap.fill(visible(term.definition), width), ""]
    if term.unreferenced:
        lines.append(label("References:", "unreferenced (noted for tracking)"))
    else:
        lines.append("References:")
        for ref in term.references:
            lines.append(textwrap.fill(visible(ref.citation()), width, initial_indent="  - ",
                                       subsequent_indent="    "))
            if ref.url:
                lines.append(f"    {flat(ref.url)}")
    related = glossary.related(term)
    if related:
        lines.append(label("Related:", ", ".join(t.name for t in related)))
    return "\n".join(lines)


