"""The outlet registry: bundled entries, sources, lookups, user overrides, the fictional demo registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.models import Article
from newsprism.registry import (
    BUNDLED,
    DEMO,
    FIELDS,
    OWNERSHIP_TYPES,
    RegistryError,
    load_registry,
    normalize_domain,
)

DEMO_GOLD = Path(__file__).resolve().parents[2] / "newsprism" / "demo" / "gold.json"


def test_every_bundled_fact_has_a_source_and_a_known_vocabulary() -> None:
    reg = load_registry()
    assert len(reg) >= 30
    for entry in reg:
        assert not entry.fictional
        assert entry.domains, entry.name
        assert entry.source("name"), entry.name
        for name, fact in entry.facts.items():
            assert name in FIELDS
            assert fact.source.strip(), (entry.name, name)
        if entry.ownership is not None:
            assert entry.ownership in OWNERSHIP_TYPES, entry.name
        assert entry.language is None or len(entry.language) == 2


@pytest.mark.parametrize(
    ("key", "name", "country", "ownership", "wire"),
    [
        ("AP", "Associated Press", "United States", "cooperative", True),
        ("reuters", "Reuters", "United Kingdom", "private", True),
        ("Xinhua", "Xinhua News Agency", "China", "state-owned", True),
        ("tass", "TASS", "Russia", "state-owned", True),
        ("KCNA", "Korean Central News Agency", "North Korea", "state-owned", True),
        ("https://www.rt.com/news/123-denial/", "RT", "Russia", "state-funded", False),
        ("www.euronews.com", "Euronews", "France", "private", False),
        ("https://www.business-standard.com/world-news/x", "Business Standard", "India", "private", False),
        ("edition.cnn.com", "CNN", "United States", "private", False),
        ("news.bbc.co.uk", "BBC", "United Kingdom", "public broadcaster", False),
        ("Al Jazeera English", "Al Jazeera", "Qatar", "state-funded", False),
    ],
)
def test_lookup_by_name_alias_domain_and_subdomain(
    key: str, name: str, country: str, ownership: str, wire: bool
) -> None:
    entry = load_registry().lookup(key)
    assert entry is not None
    assert (entry.name, entry.country, entry.ownership, entry.wire_agency) == (name, country, ownership, wire)


def test_unknown_stays_unknown() -> None:
    reg = load_registry()
    assert reg.lookup("Unheard-of Daily") is None
    assert reg.by_domain("unheardofdaily.example") is None
    # a bare public suffix never matches an outlet
    assert reg.by_domain("co.uk") is None
    # AFP's ownership is not stated in the bundled file: it is unknown, not guessed
    afp = reg.lookup("AFP")
    assert afp is not None and afp.ownership is None and afp.source("ownership") is None
    assert afp.to_outlet().ownership is None


def test_for_article_prefers_domain_then_url_then_outlet_name() -> None:
    reg = load_registry()
    by_domain = Article(id="a", source="s", title="t", text="x", domain="apnews.com", outlet="Local Daily")
    assert reg.for_article(by_domain).name == "Associated Press"  # type: ignore[union-attr]
    by_url = Article(id="b", source="s", title="t", text="x", url="https://www.npr.org/2025/x")
    assert reg.for_article(by_url).name == "NPR"  # type: ignore[union-attr]
    by_name = Article(id="c", source="s", title="t", text="x", outlet="the guardian")
    assert reg.for_article(by_name).name == "The Guardian"  # type: ignore[union-attr]
    assert reg.for_article(Article(id="d", source="s", title="t", text="x")) is None


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "mine.json"
    user.write_text(
        json.dumps(
            {
                "outlets": [
                    # a new outlet
                    {
                        "name": "Harbor Herald",
                        "domains": ["harborherald.example"],
                        "country": "Norvania",
                        "ownership": "private",
                        "source": "my newsroom notes",
                    },
                    # an override found through a domain: one field changed, one made unknown
                    {
                        "name": "Cable News Network",
                        "domains": ["cnn.com"],
                        "language": {"value": "es", "source": "test override"},
                        "ownership": {"value": None},
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    reg = load_registry(paths=[user])
    herald = reg.lookup("harbor herald")
    assert (
        herald is not None
        and herald.country == "Norvania"
        and herald.source("country") == "my newsroom notes"
    )
    cnn = reg.lookup("https://edition.cnn.com/")
    assert cnn is not None
    assert cnn.language == "es" and cnn.source("language") == "test override"
    assert cnn.ownership is None
    assert cnn.country == "United States"  # kept from the bundled entry
    assert reg.lookup("CNN") is cnn  # the old name stays an alias
    assert len(reg) == len(load_registry()) + 1


def test_toml_user_file_and_no_bundled(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text(
        '[[outlets]]\nname = "Quay Gazette"\naliases = ["QG"]\ndomains = ["quaygazette.example"]\n'
        'wire_agency = false\nsource = "test"\n',
        encoding="utf-8",
    )
    reg = load_registry(paths=[user], bundled=False)
    assert len(reg) == 1
    assert reg.lookup("qg").wire_agency is False  # type: ignore[union-attr]
    assert reg.lookup("AP") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"outlets": {}}', "'outlets' list"),
        ('{"outlets": [{"domains": ["x.example"]}]}', "non-empty 'name'"),
        ('{"outlets": [{"name": "X", "country": "Y"}]}', "has no source"),
        ('{"outlets": [{"name": "X", "wire_agency": "yes", "source": "s"}]}', "true or false"),
    ],
)
def test_bad_files_raise_named_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry(paths=[path])
    with pytest.raises(RegistryError, match="not found"):
        load_registry(paths=[tmp_path / "missing.json"])


def test_demo_registry_is_fictional_and_matches_the_demo_gold() -> None:
    assert json.loads(DEMO.read_text(encoding="utf-8"))["fictional"] is True
    assert json.loads(BUNDLED.read_text(encoding="utf-8"))["fictional"] is False
    assert load_registry().lookup("Tarsova Voice") is None  # never loaded unless asked
    reg = load_registry(demo=True)
    gold = json.loads(DEMO_GOLD.read_text(encoding="utf-8"))["outlets"]
    for name, facts in gold.items():
        entry = reg.by_domain(facts["domain"])
        assert entry is not None and entry.fictional and entry.name == name
        assert (entry.country, entry.ownership, entry.language) == (
            facts["country"],
            facts["ownership"],
            facts["language"],
        )
        assert entry.wire_agency is (facts["ownership"] == "wire agency")
    assert reg.lookup("MPA").name == "Meridian Press Agency"  # type: ignore[union-attr]


def test_normalize_domain() -> None:
    assert normalize_domain("HTTPS://WWW.Example.com:8443/a?b") == "www.example.com"
    assert normalize_domain("example.com/path") == "example.com"
    assert normalize_domain(" example.com. ") == "example.com"
