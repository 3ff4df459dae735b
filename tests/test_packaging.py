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
