"""``aigloss check`` against hostile input, by class: odd bytes and line ends, files that are
no regular files, odd file names, markup the build reads in its own way, pathological text,
a closed or non-UTF-8 output. One Sphinx build (root ``check-hostile``) says what the
command must say; the rest runs the command in-process on trees written here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_aigloss.core.scan import scan_file
from tests.helpers import build_findings
from tests.util import Aigloss

ROOT = Path(__file__).resolve().parents[1]

#: What ``aigloss check .`` prints in the root: a byte order mark, CRLF and lone CR line ends,
#: tabs, front matter after a BOM, an unclosed inline literal, odd role targets, nested and
#: nameless colon fences, ``only`` and ``raw`` in ``eval-rst``.
HOSTILE_FINDINGS = [
    "bom.rst:4: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
    "endings.rst:4: unknown AI term 'SFTT' (did you mean 'SFT'?)",
    "endings.rst:8: unknown AI term 'DPOO' (did you mean 'DPO'?)",
    "endings.rst:10: 'Lora' is not a spelling of AI term 'LoRA': write 'LoRA'",
    "endings.rst:10: abbreviation 'Lora' is used before it is spelled out on this page"
    ": write Low-Rank Adaptation (LoRA)",
    "fences.md:4: unknown AI term 'DPOO' (did you mean 'DPO'?)",
    "fences.md:6: unknown AI term 'SFTT' (did you mean 'SFT'?)",
    "fences.md:11: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
    "fences.md:23: unknown AI term 'PEFTT' (did you mean 'PEFT'?)",
    "fences.md:31: 'Qlora' is not a spelling of AI term 'QLoRA': write 'QLoRA'",
    "fences.md:31: abbreviation 'Qlora' is used before it is spelled out on this page"
    ": write Quantized LoRA (QLoRA)",
    "front.md:6: unknown AI term 'LORRA' (did you mean 'LoRA'?)",
    "roles.rst:4: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
    "roles.rst:6: unknown AI term '<>'",
    "roles.rst:8: unknown AI term 'a`b'",
    "roles.rst:10: unknown AI term '|sub|'",
    "roles.rst:14: unknown AI term 'QLORAA' (did you mean 'QLoRA'?)",
    "tabs.rst:4: unknown AI term 'DPOO' (did you mean 'DPO'?)",
    "tabs.rst:8: unknown AI term 'SFTT' (did you mean 'SFT'?)",
]


@pytest.mark.sphinx("html", testroot="check-hostile")
def test_hostile_markup_as_the_build_reads_it(app: SphinxTestApp, aigloss: Aigloss,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app.build()
    assert sorted(line for line, _subtype in build_findings(app)) == sorted(HOSTILE_FINDINGS)
    monkeypatch.chdir(app.srcdir)  # after the build: its _build folder is not checked
    result = aigloss("check", ".")
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (1, HOSTILE_FINDINGS, "")


def test_files_that_are_no_regular_files(aigloss: Aigloss, tmp_path: Path) -> None:
    """A FIFO (reading it waits for ever), a dangling link and a link loop in a folder are
    passed over; includes of them, of a folder, of a device, of a missing file and of each
    other read nothing more; a FIFO named on the command line is a usage error."""
    (tmp_path / "docs" / "loop").mkdir(parents=True)
    os.mkfifo(tmp_path / "docs" / "fifo.rst")
    (tmp_path / "docs" / "dangling.rst").symlink_to("nowhere.rst")
    (tmp_path / "docs" / "loop" / "up").symlink_to("..")
    devnull = os.path.relpath("/dev/zero", tmp_path / "docs")  # endless, were it read
    (tmp_path / "docs" / "a.rst").write_text(
        f"A :aiterm:`RHLF`.\n\n.. include:: b.rst\n.. include:: fifo.rst\n.. include:: loop\n"
        f".. include:: {devnull}\n.. include:: missing.rst\n", encoding="utf-8")
    (tmp_path / "docs" / "b.rst").write_text("B :aiterm:`SFTT`.\n\n.. include:: a.rst\n", encoding="utf-8")
    result = aigloss("check", "docs")
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (1, [
        "docs/a.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
        "docs/b.rst:1: unknown AI term 'SFTT' (did you mean 'SFT'?)",  # once, though a.rst includes it
    ], "")
    result = aigloss("check", "docs/fifo.rst")
    assert (result.returncode, result.stdout, result.stderr) == (
        2, "", "aigloss check: not a file or folder: docs/fifo.rst\n")
    os.mkfifo(tmp_path / "terms.toml")  # a data file that is a FIFO: an error, not a wait
    result = aigloss("--data", "terms.toml", "check", "docs/a.rst")
    assert (result.returncode, result.stderr) == (2, "terms.toml: not a file (terms.toml)\n")
    (tmp_path / "bin.rst").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    assert aigloss("check", "bin.rst").stderr == "aigloss check: bin.rst: not UTF-8 (byte 0)\n"


def test_odd_file_names(aigloss: Aigloss, tmp_path: Path) -> None:
    """Control, bidi and line-break characters of a file name reach the terminal escaped, one
    finding a line; a file named twice, by two paths, or with its folder, is checked once."""
    for name in ("new\nline.rst", "esc\x1b[31m.rst", "bidi\u202e.rst", "sp ace.rst", "ünï.rst"):
        (tmp_path / name).write_text("Uses :aiterm:`RHLF`.\n", encoding="utf-8")
    (tmp_path / "text.rst").write_text("Uses :aiterm:`\x1b[2J\u2066x`.\n", encoding="utf-8")
    (tmp_path / "d").mkdir()
    result = aigloss("check", ".", "sp ace.rst", "./sp ace.rst", "d/../sp ace.rst")
    suggestion = "unknown AI term 'RHLF' (did you mean 'RLHF'?)"
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (1, [
        f"bidi\\u202e.rst:1: {suggestion}", f"esc\\x1b[31m.rst:1: {suggestion}", f"new\\nline.rst:1: {suggestion}",
        f"sp ace.rst:1: {suggestion}", "text.rst:1: unknown AI term '\\x1b[2J\\u2066x'", f"ünï.rst:1: {suggestion}",
    ], "")


def test_closed_and_ascii_output(tmp_path: Path) -> None:
    """``aigloss check . | head -1``: the first line, no traceback, the findings' status; an
    ASCII terminal gets escapes."""
    for index in range(2000):
        (tmp_path / f"ü{index:04}.rst").write_text("Uses :aiterm:`RHLF`.\n", encoding="utf-8")
    command = [sys.executable, "-c", "import sys, sphinx_aigloss.cli as c; sys.exit(c.main())", "check", "."]
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    with subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        status, errors = process.wait(timeout=60), process.stderr.read()
    assert (status, first, errors) == (1, b"\\xfc0000.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n", b"")


MB = 1_000_000
#: Text made to trip the scanner or the matcher (a quadratic pattern takes minutes on these):
#: ``benchmarks/check_speed.py --pathological`` times them; here, they are read without a crash.
PATHOLOGICAL = [
    ":a" * (MB // 8),  # each ":" may begin a role's name: unbounded, quadratic (minutes)
    "{a:" * (MB // 12),  # a MyST role's name, never closed by "}"
    "`" * (MB // 4), "``a " * (MB // 16), ":aiterm:`x " * (MB // 100), "\\" * (MB // 4),
    "a" * (MB // 4),  # one very long word
    " ".join(["RLHF Lora fine tuning Qlora PEFT DPO"] * (MB // 160)),  # many names in one paragraph
]


@pytest.mark.parametrize("source", PATHOLOGICAL)
@pytest.mark.parametrize("syntax", ["rst", "myst"])
def test_pathological_text_is_read(source: str, syntax: str, aigloss: Aigloss, tmp_path: Path) -> None:
    """A quarter of a megabyte of hostile text: findings or none, never an error (how long it
    takes is the benchmark's to say, not a test's)."""
    (tmp_path / f"page.{'rst' if syntax == 'rst' else 'md'}").write_text(source, encoding="utf-8")
    result = aigloss("check", ".")
    assert result.returncode in (0, 1)
    assert result.stderr == ""


def test_scanner_line_ends() -> None:
    """CRLF and lone CR end lines as LF does; a NUL byte is text."""
    for text in ("A.\n\nB :aiterm:`X`.\n", "A.\r\n\r\nB :aiterm:`X`.\r\n", "A.\r\rB :aiterm:`X`.\r"):
        assert [(ref.line, ref.target) for ref in scan_file(text, "rst").references] == [(3, "X")]
    assert [ref.target for ref in scan_file("\x00 :aiterm:`X\x00`", "rst").references] == ["X\x00"]


def test_include_fan_out(aigloss: Aigloss, tmp_path: Path) -> None:
    """Ten includes of a file that includes ten more, six deep: each file is read once a page
    (a million reads otherwise), and its findings said once."""
    for level in range(6):
        (tmp_path / f"f{level}.inc").write_text(f".. include:: f{level + 1}.inc\n\n" * 10, encoding="utf-8")
    (tmp_path / "f6.inc").write_text("Leaf :aiterm:`RHLF`.\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text(".. include:: f0.inc\n", encoding="utf-8")
    result = aigloss("check", "index.rst")
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "f6.inc:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)\n", "")


def test_hook_passes_odd_file_names(tmp_path: Path) -> None:
    """The shipped hook's file types and entry, run by pre-commit from this environment (a
    ``system`` hook: nothing to install): file names with spaces, line breaks and non-ASCII
    letters reach the command whole, and so does a name like an option after the project's args;
    ``.markdown`` files are checked, ``.txt`` ones not."""
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = f"entry: {sys.executable} -c 'import sys, sphinx_aigloss.cli as c; sys.exit(c.main())' check"
    local = hook.replace("entry: aigloss check", entry).replace("language: python", "language: system")
    assert local.count("system") == 1
    assert sys.executable in local
    local += "\n  args: [--no-variants]"  # a project's args: they come before the file names
    config = "repos:\n  - repo: local\n    hooks:\n" + "".join(f"      {line}\n" for line in local.splitlines())
    files = {"sp ace.rst": "Uses :aiterm:`RHLF`.\n", "new\nline.rst": "Uses :aiterm:`RHLF`.\n",
             "ünï.md": "Uses {aiterm}`SFTT`.\n", "x.markdown": "Uses {aiterm}`DPOO`.\n",
             "notes.txt": ":aiterm:`NOTCHECKED`\n", ".pre-commit-config.yaml": config,
             "-h.rst": "Fine tuning, :aiterm:`RHLF`.\n"}  # named like the help option: a file all the same
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".cache")}
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.split("\n\n")[1].splitlines() == [
        "-h.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)",  # and no variant: the args hold
        "new\\nline.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
        "sp ace.rst:1: unknown AI term 'RHLF' (did you mean 'RLHF'?)",
        "x.markdown:1: unknown AI term 'DPOO' (did you mean 'DPO'?)",
        "ünï.md:1: unknown AI term 'SFTT' (did you mean 'SFT'?)",
    ]


def test_a_folder_that_cannot_be_listed_is_an_error(tmp_path: Path) -> None:
    """Its pages would go unchecked and the check pass: nothing was checked there, status 2.
    (Root reads any folder: it runs the command without the capabilities that let it.)"""
    locked = tmp_path / "docs" / "locked"
    locked.mkdir(parents=True)
    (locked / "a.rst").write_text("Uses :aiterm:`RHLF`.\n", encoding="utf-8")
    (tmp_path / "docs" / "b.rst").write_text("Uses :aiterm:`RLHF`.\n", encoding="utf-8")
    root = os.geteuid() == 0
    without = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"] if root else []
    locked.chmod(0)
    try:
        for path in ("docs", "docs/locked"):
            result = subprocess.run([*without, sys.executable, "-m", "sphinx_aigloss", "check", path], cwd=tmp_path,
                                    capture_output=True, text=True, check=False)
            assert (result.returncode, result.stdout, result.stderr) == (
                2, "", "aigloss check: docs/locked: cannot read: Permission denied\n"), path
    finally:
        locked.chmod(0o755)
