"""What the built distributions carry: the licence, in the wheel and the sdist."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_wheel_and_sdist_carry_the_license(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flit_core import buildapi  # the package's own build backend, in-process: about a second

    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License\n\nCopyright (c) 2026 The sphinx-aigloss developers\n")
    monkeypatch.chdir(ROOT)  # flit reads pyproject.toml from the working directory

    with zipfile.ZipFile(tmp_path / buildapi.build_wheel(str(tmp_path))) as wheel:
        names = wheel.namelist()
        licenses = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
        assert len(licenses) == 1, names
        assert wheel.read(licenses[0]).decode("utf-8") == license_text
        metadata = wheel.read(licenses[0].replace("licenses/LICENSE", "METADATA")).decode("utf-8")
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()

    with tarfile.open(tmp_path / buildapi.build_sdist(str(tmp_path))) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        member = sdist.extractfile(f"{top}/LICENSE")
        assert member is not None
        assert member.read().decode("utf-8") == license_text


def test_the_sdist_leaves_out_what_git_ignores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What git ignores (build output, caches, the benchmarks' working copies) is not source: a
    developer who has built the docs or run a benchmark gets the same sdist as a fresh clone (it
    was 17,000 files)."""
    from flit_core import buildapi

    for name in ("pyproject.toml", "LICENSE", "README.md"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "sphinx_aigloss").mkdir()
    (tmp_path / "sphinx_aigloss" / "__init__.py").write_bytes((ROOT / "sphinx_aigloss" / "__init__.py").read_bytes())
    (tmp_path / "sphinx_aigloss" / "version.py").write_bytes((ROOT / "sphinx_aigloss" / "version.py").read_bytes())
    kept = ["tests/test_x.py", "example_docs/index.rst", "benchmarks/bench.py"]
    # A file for every line of .gitignore, in each folder the sdist takes (or where the line says).
    ignored = []
    for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines():
        name = line.strip().replace("*", "x")
        if name and not name.startswith("#"):
            places = [""] if "/" in name.rstrip("/") else ["tests/", "example_docs/", "benchmarks/", "sphinx_aigloss/"]
            ignored += [f"{place}{name}{'f.py' if name.endswith('/') else ''}" for place in places]
    assert len(ignored) > 40
    for name in kept + ignored:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "dist"
    out.mkdir()
    with tarfile.open(out / buildapi.build_sdist(str(out))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert set(kept) <= names
    assert not names & set(ignored), sorted(names & set(ignored))
