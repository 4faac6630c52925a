"""`newsprism diff` and `newsprism copies` on a small store (invented text)."""

# ruff: noqa: E501

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store import Store

runner = CliRunner()

WIRE = """Flooding shuts Orrin valley railway

By Dalia Morrow, Associated Press

PELLIS (AP) — Flooding closed the Orrin valley railway on Tuesday, the operator Dalemark Rail said, after the river Tamm burst its banks overnight near the village of Crowe.

Engineers expect the line between Pellis and Crowe to reopen by Friday at the earliest, once the water has receded and the track bed has been inspected for damage.

About 4,000 passengers a day use the route, most of them commuters into Pellis, and replacement buses will run every twenty minutes from the station forecourt.

"We are doing everything we can to get people moving again," said Ilse Varga, the operator's regional director, who visited the flooded section on Tuesday morning.

The Tamm has flooded three times in the past decade, and local councils have asked the national government for money to raise the embankments near Crowe.
"""

COPY = """Valley railway closed by floods, buses replace trains

Commuters in Norhaven faced long queues on Tuesday as news of the closure spread through the town.

PELLIS (AP) — Flooding closed the Orrin valley railway on Tuesday, the operator Dalemark Rail said, after the river Tamm burst its banks overnight near the village of Crowe.

Engineers expect the line between Pellis and Crowe to reopen by Friday at the earliest, once the water has receded and the track bed has been checked for damage.

About 4,000 passengers a day use the route, most of them commuters into Pellis, and replacement buses will run every twenty minutes from the station forecourt.

"We are doing everything we can to get people moving again," said Ilse Varga, the operator's regional director, who visited the flooded section on Tuesday morning.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("copies")
    (root / "in").mkdir()
    (root / "in" / "wire.txt").write_text(WIRE)
    (root / "in" / "copy.txt").write_text(COPY)
    path = root / "n.db"
    res = runner.invoke(app, ["ingest", str(root / "in"), "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["build", "--db", str(path), "--json"])
    assert res.exit_code == 0, res.output
    return path


def _ids(db: Path) -> list[str]:
    with Store(db, readonly=True) as store:
        return [a.id for a in store.articles()]


def test_diff_json_uses_the_stored_link(db: Path) -> None:
    a, b = _ids(db)
    res = runner.invoke(app, ["diff", a, b, "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    view = json.loads(res.output)
    assert view["source"] == "stored copy link" and view["kind"] == "same_copy"
    kinds = [r["kind"] for r in view["rows"]]
    assert "identical" in kinds and "edited" in kinds
    edited = next(r for r in view["rows"] if r["kind"] == "edited")
    ops = {(d["op"], d["text"]) for d in edited["diff"]}
    assert ("delete", "inspected") in ops and ("insert", "checked") in ops
    only = {r["kind"] for r in view["rows"] if r["kind"].startswith("only")}
    assert only == {"only_a", "only_b"}  # the wire's last paragraph, the copy's local intro


def test_diff_terminal_escapes_and_colours(db: Path) -> None:
    a, b = _ids(db)
    res = runner.invoke(app, ["diff", a, b, "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "same_copy" in res.output and "identical" in res.output and "only_b" in res.output
    missing = runner.invoke(app, ["diff", a, "nope[red]", "--db", str(db)])
    assert missing.exit_code == 1


def test_copies_reports_group_origin_shares_and_additions(db: Path) -> None:
    res = runner.invoke(app, ["copies", "1", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    assert rep["articles"] == 2 and rep["independent_origins"] == 1
    [group] = rep["groups"]
    assert group["origin_agency"] == "AP" and group["origin_reason"]
    members = {m["id"]: m for m in group["members"]}
    origin = members[group["origin_id"]]
    other = next(m for m in members.values() if not m["origin"])
    assert origin["copied_share"] > 0.5 and other["copied_share"] > 0.5
    assert "Norhaven" in other["own_sample"]  # the copy's local intro is its own addition
    text = runner.invoke(app, ["copies", "1", "--db", str(db)])
    assert text.exit_code == 0 and "independent origin" in text.output
