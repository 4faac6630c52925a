"""The JSON API: export-contract records, pagination, errors and bounds."""

from __future__ import annotations

import json
import warnings

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsprism.export import ARTICLE_FIELDS, STORY_FIELDS, STORYLINE_FIELDS, article_records, story_records
from newsprism.store import Store
from newsprism.web import create_app
from tests.web.conftest import XSS_QUOTE, XSS_TITLE, Sample


@pytest.fixture(scope="module")
def client(sample: Sample) -> TestClient:
    return TestClient(create_app(str(sample.path)))


def test_stories_paginated_with_total(client: TestClient) -> None:
    first = client.get("/api/stories", params={"limit": 2, "offset": 0}).json()
    rest = client.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == rest["total"] == 3
    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    ids = [s["id"] for s in first["items"] + rest["items"]]
    assert len(set(ids)) == 3
    assert list(first["items"][0]) == STORY_FIELDS


def test_story_records_equal_the_export(client: TestClient, sample: Sample) -> None:
    with Store(sample.path, readonly=True) as store:
        exported = {r["id"]: r for r in story_records(store)}
    items = client.get("/api/stories", params={"limit": 200}).json()["items"]
    assert {s["id"]: s for s in items} == exported
    # newest first, as the export and the CLI list them
    assert [s["id"] for s in items] == list(exported)


def test_story_filters(client: TestClient, sample: Sample) -> None:
    by_outlet = client.get("/api/stories", params={"outlet": "Harbor Ledger"}).json()
    assert [s["id"] for s in by_outlet["items"]] == [sample.story]
    by_line = client.get("/api/stories", params={"storyline": sample.storyline}).json()
    assert {s["id"] for s in by_line["items"]} == {sample.story, sample.story2} and by_line["total"] == 2
    by_date = client.get("/api/stories", params={"date_from": "2025-04-01", "date_to": "2025-04-30"}).json()
    assert [s["id"] for s in by_date["items"]] == [sample.story2]
    assert client.get("/api/stories", params={"date_from": "2030-01-01"}).json()["total"] == 0


def test_single_story_has_contract_and_view(client: TestClient, sample: Sample) -> None:
    story = client.get(f"/api/stories/{sample.story}").json()
    assert set(STORY_FIELDS) <= story.keys()
    assert story["first_seen"] == "2025-03-03" and len(story["article_ids"]) == 3
    assert story["summary"][0]["article_ids"]
    # the read model on top: copy groups, quotes, comparison, evidence, storyline
    assert story["copy_groups"][0]["origin_id"] == sample.wire
    assert story["comparison"]["facts"] and story["evidence"] and story["storyline"]["id"] == sample.storyline
    # a merged-away id and a unique prefix resolve to the live story
    assert client.get("/api/stories/s_oldhostile").json()["id"] == sample.hostile_story
    assert client.get("/api/stories/s_bri").json()["id"] == sample.story


def test_articles_paginated_and_equal_the_export(client: TestClient, sample: Sample) -> None:
    with Store(sample.path, readonly=True) as store:
        exported = list(article_records(store))
    page1 = client.get("/api/articles", params={"limit": 3}).json()
    page2 = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert page1["total"] == 5 and len(page1["items"]) == 3 and len(page2["items"]) == 2
    assert page1["items"] + page2["items"] == exported
    assert list(page1["items"][0]) == ARTICLE_FIELDS
    only = client.get("/api/articles", params={"outlet": "Valley Courier"}).json()
    assert only["total"] == 2 and {a["outlet"] for a in only["items"]} == {"Valley Courier"}


def test_single_article(client: TestClient, sample: Sample) -> None:
    art = client.get(f"/api/articles/{sample.wire}").json()
    assert set(ARTICLE_FIELDS) <= art.keys()
    assert art["story_id"] == sample.story and art["copy_group"] == "c_bridge"
    assert art["published"] == "2025-03-03"  # the contract's date, not the stored timestamp
    assert [r["reason"] for r in art["removed"]] == ["boilerplate", "share"]
    assert art["copy_links"][0]["other_id"] == sample.copy
    q = art["quotes"][0]
    assert art["text"][q["start"] : q["end"]] == q["text"]


def test_storylines_and_search(client: TestClient, sample: Sample) -> None:
    lines = client.get("/api/storylines").json()
    assert lines["total"] == 1 and list(lines["items"][0]) == STORYLINE_FIELDS
    assert [t["story_id"] for t in lines["items"][0]["timeline"]] == [sample.story, sample.story2]
    line = client.get(f"/api/storylines/{sample.storyline}").json()
    assert line["shared_entities"] == ["Orlen", "Tessaly", "Pell Varga"]
    hits = client.get("/api/search", params={"q": "shopkeepers quay"}).json()
    assert [h["id"] for h in hits["items"]] == [sample.copy] and hits["items"][0]["story_id"] == sample.story
    # FTS syntax in user input is taken as words, never as a query expression
    assert client.get("/api/search", params={"q": 'bridge" OR NEAR(*'}).status_code == 200
    outlets = client.get("/api/outlets").json()
    assert {"name": "Valley Courier", "articles": 2} in outlets["items"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories/nope",
        "/api/articles/anonexistent",
        "/api/storylines/l_none",
    ],
)
def test_unknown_ids_are_404(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and "detail" in r.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories?limit=0",
        "/api/stories?limit=201",
        "/api/stories?offset=-1",
        "/api/stories?limit=abc",
        "/api/articles?limit=1000",
        "/api/storylines?offset=-5",
        "/api/stories?date_from=yesterday",
        "/api/stories?storyline=../../etc",
        "/api/stories/bad$id",
        "/api/stories/" + "a" * 65,
        "/api/articles/a%20b",
        "/api/search",
        "/api/search?q=",
        "/api/search?q=" + "x" * 501,
        "/api/stories?outlet=" + "o" * 201,
    ],
)
def test_bad_parameters_are_422(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 422, url
    assert r.json()["detail"]


def test_hostile_text_is_plain_json_strings(client: TestClient, sample: Sample) -> None:
    story = client.get(f"/api/stories/{sample.hostile_story}").json()
    assert story["title"] == XSS_TITLE
    assert story["quotes"][0]["text"] == XSS_QUOTE
    art = client.get(f"/api/articles/{sample.hostile}")
    assert art.headers["content-type"].startswith("application/json")
    assert art.json()["title"] == XSS_TITLE and art.json()["quotes"][0]["text"] == XSS_QUOTE
    # served as JSON with nosniff: a browser never renders it as HTML
    assert art.headers["x-content-type-options"] == "nosniff"
    assert json.loads(art.text)["title"] == XSS_TITLE


def test_openapi_and_offline_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/search"} <= set(schema["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/stories/{story_id}" in docs.text
    # nothing loaded from elsewhere: no absolute URLs in script or stylesheet tags
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text
    assert client.get("/redoc").status_code == 404


def test_missing_store_is_503(tmp_path: pytest.TempPathFactory) -> None:
    client = TestClient(create_app(str(tmp_path / "none.db")))  # type: ignore[operator]
    assert client.get("/api/stories").status_code == 503
    assert client.get("/").status_code == 503
