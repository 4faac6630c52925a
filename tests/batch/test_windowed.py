"""The windowed story mode: windows clustered apart, joined across borders.

Agreement floors were measured (window 3 days, so that borders are many) and are
set a little below the measured figures; see docs/cluster.md for the larger runs.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from newsprism.batch.stories import assign_stories, cluster_windowed, window_parts
from newsprism.cluster import ClusterConfig
from newsprism.cluster.evaluate import score_partition
from newsprism.cluster.features import DocumentFrequencies, extract_features
from newsprism.cluster.synthetic import SyntheticConfig, generate_stream
from newsprism.models import Article


def _labels(stories: list) -> dict[str, str]:
    return {a: s.id for s in stories for a in s.article_ids}


def _windowed(arts: list[Article], window_days: float, cfg: ClusterConfig | None = None):
    cfg = cfg or ClusterConfig()
    feats = [extract_features(a, cfg.features) for a in arts]
    tdf, edf = DocumentFrequencies(), DocumentFrequencies()
    for f in feats:
        tdf.add(f.terms)
        edf.add(f.entities)
    stubs = {a.id: dataclasses.replace(a, text="", removed=[]) for a in arts}
    return cluster_windowed(feats, stubs, tdf, edf, [], cfg, window_days)


def _flood(k: int, day: date | None, town: str = "Marsk", river: str = "Velder") -> Article:
    return Article(
        id=f"{town.lower()}-{k}",
        source=f"{town.lower()}-{k}.txt",
        title=f"{river} river floods {town}, day {k}",
        text=(
            f"The {river} river burst its banks in {town} again, and mayor Ilsa Brandvik said "
            f"{100 + k} homes in {town} were under water. Rescue teams from Norvane reached "
            f"{town} by boat, and the {river} river was still rising on the third bridge."
        ),
        published=day.isoformat() if day else None,
        outlet=f"Outlet {k % 3}",
    )


def _rates(k: int, day: date) -> Article:
    return Article(
        id=f"rates-{k}",
        source=f"rates-{k}.txt",
        title=f"Bank of Veloria raises interest rates, report {k}",
        text=(
            "The Bank of Veloria raised its main interest rate by a quarter point, governor "
            "Tomas Kellqvist said, citing inflation in Veloria and weak exports of timber."
        ),
        published=day.isoformat(),
        outlet=f"Outlet {k % 3}",
    )


def test_single_window_equals_exact_mode() -> None:
    stream = generate_stream(SyntheticConfig(n_articles=250, seed=7, start=date(2025, 3, 1)))
    arts = [
        dataclasses.replace(a, published=None) if k % 19 == 0 else a for k, a in enumerate(stream.articles)
    ]
    exact = assign_stories(arts, [], ClusterConfig())
    res = _windowed(arts, 10_000)
    assert sorted(map(tuple, (s.article_ids for s in res.stories))) == sorted(
        map(tuple, (s.article_ids for s in exact.stories))
    )
    assert {s.id for s in res.stories} == {s.id for s in exact.stories}
    assert sorted(e.article_id for e in res.evidence) == sorted(a.id for a in arts)


def test_story_across_a_border_stays_one_story() -> None:
    start = date(2025, 5, 1)
    # one flood reported every day for 8 days; windows of 3 days put 2 borders in it
    arts = [_flood(k, start + timedelta(days=k)) for k in range(8)]
    arts += [_rates(k, start + timedelta(days=2 * k)) for k in range(3)]
    plan = window_parts({a.id: extract_features(a).day for a in arts}, 3, ClusterConfig().window_days)
    assert len(plan.starts) == 3
    res = _windowed(arts, 3)
    labels = _labels(res.stories)
    assert len({labels[a.id] for a in arts if a.id.startswith("marsk")}) == 1
    assert len({labels[a.id] for a in arts if a.id.startswith("rates")}) == 1
    assert labels["marsk-0"] != labels["rates-0"]
    # the joined story keeps the id of its earliest part, and all its articles in date order
    flood = next(s for s in res.stories if "marsk-0" in s.article_ids)
    assert flood.article_ids == [f"marsk-{k}" for k in range(8)]
    assert flood.first_seen == "2025-05-01" and flood.last_seen == "2025-05-08"
    assert _labels(assign_stories(arts, [], ClusterConfig()).stories) == labels


def test_undated_article_joins_a_story_of_an_early_window() -> None:
    start = date(2025, 5, 1)
    arts = [_flood(k, start + timedelta(days=k)) for k in range(3)]
    arts += [_rates(k, start + timedelta(days=40 + k)) for k in range(3)]
    arts.append(_flood(9, None))
    res = _windowed(arts, 7)
    labels = _labels(res.stories)
    assert labels["marsk-9"] == labels["marsk-0"]
    assert sum(len(s.article_ids) for s in res.stories) == len(arts)  # each article once
    ev = {e.article_id: e for e in res.evidence}
    assert set(ev) == {a.id for a in arts}
    assert ev["marsk-9"].story_id == labels["marsk-9"]


def test_only_undated_articles() -> None:
    arts = [_flood(k, None) for k in range(3)] + [_flood(k, None, "Tolbey", "Arn") for k in range(3, 5)]
    res = _windowed(arts, 7)
    exact = assign_stories(arts, [], ClusterConfig())
    assert _labels(res.stories) == _labels(exact.stories)


@pytest.mark.parametrize(("seed", "floor"), [(31, 0.99), (32, 0.99)])
def test_agreement_with_exact_mode_on_synthetic_streams(seed: int, floor: float) -> None:
    stream = generate_stream(SyntheticConfig(n_articles=400, seed=seed, start=date(2025, 1, 5)))
    exact = _labels(assign_stories(stream.articles, [], ClusterConfig()).stories)
    res = _windowed(stream.articles, 3)
    windowed = _labels(res.stories)
    assert set(windowed) == set(exact)
    vs_exact = score_partition(exact, windowed)
    assert vs_exact["bcubed_f1"] >= floor
    assert vs_exact["ari"] >= floor - 0.02
    # and against the gold stories, no worse than the exact mode by more than the floor's margin
    gold_exact = score_partition(stream.story, exact)["bcubed_f1"]
    assert score_partition(stream.story, windowed)["bcubed_f1"] >= gold_exact - (1 - floor) - 0.01


def test_cli_refuses_an_unknown_story_mode(tmp_path) -> None:
    from typer.testing import CliRunner

    from newsprism.cli import app

    result = CliRunner().invoke(
        app, ["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--stories", "near"]
    )
    assert result.exit_code == 2
    assert "--stories must be" in result.output
    assert not (tmp_path / "out").exists()  # refused before any work
