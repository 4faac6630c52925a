"""The registry the CLI and web app use: bundled + demo + $NEWSPRISM_REGISTRY + explicit files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.registry import REGISTRY_ENV, RegistryError, load_surface_registry


def _write(path: Path, ownership: str) -> Path:
    path.write_text(
        json.dumps({"outlets": [{"name": "Valley Courier", "ownership": ownership, "source": "my notes"}]}),
        encoding="utf-8",
    )
    return path


def test_env_files_then_explicit_files_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = _write(tmp_path / "env.json", "state-owned")
    monkeypatch.setenv(REGISTRY_ENV, str(env_file))
    reg = load_surface_registry()
    assert reg.lookup("Valley Courier").ownership == "state-owned"
    # the bundled real outlets and the fictional demo outlets are both there
    assert reg.lookup("bbc.co.uk").ownership == "public broadcaster"
    assert reg.lookup("Tarsova Voice").fictional
    later = _write(tmp_path / "mine.json", "private")
    assert load_surface_registry([later]).lookup("Valley Courier").ownership == "private"


def test_a_broken_env_file_is_a_named_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    monkeypatch.setenv(REGISTRY_ENV, str(bad))
    with pytest.raises(RegistryError, match="bad.json"):
        load_surface_registry()
