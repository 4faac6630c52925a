"""Comparison by outlet facet and blindspots: the JSON API and the story page section."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsprism.registry import OutletRegistry, parse_registry
from newsprism.web import create_app
from tests.web.conftest import XSS_OUTLET, XSS_QUOTE, Sample


def sample_registry() -> OutletRegistry:
    rows = [
        ("Northwind Wire", "cooperative", "Ostmark", True),
        ("Harbor Ledger", "private", "Ostmark", False),
        ("Valley Courier", "state-owned", "Tessaly", False),
    ]
    return OutletRegistry.from_entries(
        parse_registry(
            {
                "outlets": [
                    {"name": n, "ownership": o, "country": c, "wire_agency": w, "source": "test"}
                    for n, o, c, w in rows
                ]
            }
        )
    )


@pytest.fixture(scope="module")
def client(sample: Sample) -> TestClient:
    return TestClient(create_app(str(sample.path), registry=sample_registry()))


def test_story_compare_by_ownership(client: TestClient, sample: Sample) -> None:
    data = client.get(f"/api/stories/{sample.story}/compare", params={"by": "ownership"}).json()
    assert data["facet"] == "ownership" and data["story_id"] == sample.story
    groups = {g["name"]: g for g in data["groups"]}
    assert set(groups) == {"cooperative", "private", "state-owned"}
    assert groups["state-owned"]["outlets"] == ["Valley Courier"]
    coverage = {f["id"]: f["coverage"] for f in data["facts"]}
    # f1 is carried by all three; the independent outlet attributes it
    assert coverage["f1"] == {"cooperative": "reports", "private": "reports", "state-owned": "attributes"}
    assert coverage["f2"]["state-owned"] == "omits"
    # f3 only the state-owned outlet carries, while two other known groups cover the story
    spots = {b["id"]: b for b in data["blindspots"]}
    assert spots["f3"]["group"] == "state-owned"
    assert sorted(spots["f3"]["missing_groups"]) == ["cooperative", "private"]
    # every outlet's registry facts come with their source
    assert data["registry"]["Valley Courier"]["facts"]["ownership"] == {
        "value": "state-owned",
        "source": "test",
    }


def test_story_compare_by_wire_copy_and_country(client: TestClient, sample: Sample) -> None:
    wire = client.get(f"/api/stories/{sample.story}/compare", params={"by": "wire"}).json()
    assert wire["facet"] == "copy"
    groups = {g["name"]: set(g["articles"]) for g in wire["groups"]}
    assert groups["wire copy"] == {sample.wire, sample.copy}
    assert groups["own reporting"] == {sample.independent}
    country = client.get(f"/api/stories/{sample.story}/compare", params={"by": "country"}).json()
    assert [g["name"] for g in country["groups"]] == ["Ostmark", "Tessaly"]


def test_compare_rejects_unknown_facets_and_stories(client: TestClient, sample: Sample) -> None:
    assert client.get(f"/api/stories/{sample.story}/compare", params={"by": "bias"}).status_code == 422
    assert client.get("/api/stories/s_nothing/compare").status_code == 404
    assert client.get("/api/blindspots", params={"by": "<script>"}).status_code == 422


def test_blindspots_api(client: TestClient, sample: Sample) -> None:
    data = client.get("/api/blindspots", params={"by": "ownership", "facts": "true"}).json()
    assert data["groups"] == {"cooperative": 1, "private": 1, "state-owned": 2}
    assert data["unknown_articles"] == 1  # the hostile outlet is in no registry
    stories = {b["id"]: b for b in data["stories"]}
    # the reopening is covered by the state-owned outlet alone; the hostile story is undetermined
    assert set(stories) == {sample.story2}
    assert stories[sample.story2]["group"] == "state-owned"
    assert {(b["story_id"], b["id"]) for b in data["facts"]} == {(sample.story, "f3")}
    assert data["total_stories"] == 1
    fewer = client.get("/api/blindspots", params={"min_outlets": 2}).json()
    assert fewer["stories"] == []


def test_story_page_shows_groups_and_blindspots(client: TestClient, sample: Sample) -> None:
    page = client.get(f"/story/{sample.story}", params={"by": "ownership"})
    assert page.status_code == 200
    html = page.text
    assert 'id="by-group"' in html
    assert "only state-owned" in html
    assert 'href="/story/s_bridge?by=country#by-group"' in html
    assert client.get(f"/story/{sample.story}", params={"by": "nope"}).status_code == 422


def test_story_page_group_section_is_escaped(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/story/{sample.hostile_story}").text
    assert XSS_OUTLET not in html and XSS_QUOTE not in html
    assert "Evil &#34;News&#34; &lt;i&gt;Daily&lt;/i&gt;" in html
