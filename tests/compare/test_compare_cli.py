"""`newsprism compare` and `newsprism blindspots` over a small hand-built store and a user registry file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from tests.web.conftest import Sample, build_sample_store

runner = CliRunner()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample_store(tmp_path_factory.mktemp("cli") / "sample.db")


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reg") / "mine.json"
    rows = [
        ("Northwind Wire", "cooperative"),
        ("Harbor Ledger", "private"),
        ("Valley Courier", "state-owned"),
    ]
    path.write_text(
        json.dumps({"outlets": [{"name": n, "ownership": o, "source": "my notes"} for n, o in rows]}),
        encoding="utf-8",
    )
    return path


def test_compare_json_groups_by_the_user_registry(sample: Sample, registry_file: Path) -> None:
    res = runner.invoke(
        app,
        [
            "compare",
            sample.story,
            "--by",
            "ownership",
            "--registry",
            str(registry_file),
            "--db",
            str(sample.path),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [g["name"] for g in data["groups"]] == ["cooperative", "private", "state-owned"]
    assert [b["id"] for b in data["blindspots"]] == ["f3"]


def test_compare_table_and_env_registry(
    sample: Sample, registry_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSPRISM_REGISTRY", str(registry_file))
    res = runner.invoke(app, ["compare", sample.story, "--db", str(sample.path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "state-owned only (Valley Courier)" in res.output
    assert "Residents said the bridge had been shaking for months." in res.output


def test_compare_errors(sample: Sample, tmp_path: Path) -> None:
    db = ["--db", str(sample.path)]
    assert runner.invoke(app, ["compare", sample.story, "--by", "bias", *db]).exit_code == 2
    assert runner.invoke(app, ["compare", "s_nothing", *db]).exit_code == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    res = runner.invoke(app, ["compare", sample.story, "--registry", str(bad), *db])
    assert res.exit_code == 2 and "registry" in res.output


def test_blindspots_lists_single_group_stories_and_facts(sample: Sample, registry_file: Path) -> None:
    args = ["blindspots", "--registry", str(registry_file), "--db", str(sample.path)]
    data = json.loads(runner.invoke(app, [*args, "--facts", "--json"]).output)
    assert [(b["id"], b["group"]) for b in data["stories"]] == [(sample.story2, "state-owned")]
    assert [(b["story_id"], b["id"]) for b in data["facts"]] == [(sample.story, "f3")]
    table = runner.invoke(app, [*args, "--facts"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert sample.story2 in table.output and "1 article(s) of outlets" in table.output
