"""The outlet registry: who an outlet is (country, language, ownership, wire agency), with sources.

A registry file is JSON (or TOML, read with the standard `tomllib`)::

    {"fictional": false,
     "outlets": [
       {"name": "Associated Press", "aliases": ["AP"], "domains": ["apnews.com", "ap.org"],
        "country": "United States", "language": "en", "ownership": "cooperative",
        "wire_agency": true,
        "source": "Wikipedia: Associated Press"}]}

Every fact field (`country`, `language`, `ownership`, `wire_agency`, and the name itself)
carries a source: the entry's `source`, or its own when the field is written as
`{"value": ..., "source": ...}`. A field left out is unknown and stays unknown (`None`);
nothing is guessed.

`load_registry()` reads the bundled registry of real outlets (`outlets.json`, only
facts stated in public sources), then each user file in order. A later entry that
names the same outlet (same name or alias, or a shared domain) overrides the fields it
gives and keeps the others; `{"value": null}` makes a field unknown again. The demo
registry (`demo_outlets.json`, fictional outlets of `newsprism/demo/`) is loaded only
on request (`demo=True`).

Lookup is by domain or URL (subdomains fall back to their parent: `edition.cnn.com` →
`cnn.com`), or by name or alias, case-insensitively::

    registry = load_registry()
    registry.lookup("https://www.bbc.co.uk/news/x").ownership   # 'public broadcaster'
    registry.lookup("AP").wire_agency                            # True
    registry.for_article(article)                                # domain first, then outlet name
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsprism.errors import ConfigError
from newsprism.models import Article, Outlet

BUNDLED = Path(__file__).with_name("outlets.json")
DEMO = Path(__file__).with_name("demo_outlets.json")

# the fact fields of an entry; "name" is a fact too (its source says where it is from)
FIELDS: tuple[str, ...] = ("name", "country", "language", "ownership", "wire_agency")
OWNERSHIP_TYPES: tuple[str, ...] = (
    "state-owned",
    "state-funded",
    "public broadcaster",
    "private",
    "cooperative",
    "non-profit",
    "wire agency",  # used by the fictional demo registry, where the agencies have no other type
)


class RegistryError(ConfigError):
    """A registry file cannot be read or does not have the expected shape."""


@dataclass(slots=True, frozen=True)
class Sourced:
    """One registry fact and where it comes from."""

    value: Any
    source: str


@dataclass(slots=True)
class RegistryEntry:
    """One outlet: its identifiers and its sourced facts (absent field = unknown)."""

    name: str
    domains: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    facts: dict[str, Sourced] = field(default_factory=dict)
    fictional: bool = False
    origin: str = ""  # the registry file the entry (last) came from

    def get(self, name: str) -> Any:
        """The value of fact `name`, or None when unknown."""
        fact = self.facts.get(name)
        return fact.value if fact is not None else None

    def source(self, name: str) -> str | None:
        """Where fact `name` comes from, or None when unknown."""
        fact = self.facts.get(name)
        return fact.source if fact is not None else None

    @property
    def country(self) -> str | None:
        return self.get("country")

    @property
    def language(self) -> str | None:
        return self.get("language")

    @property
    def ownership(self) -> str | None:
        return self.get("ownership")

    @property
    def wire_agency(self) -> bool | None:
        return self.get("wire_agency")

    def to_outlet(self) -> Outlet:
        """The entry as the data model's `Outlet` (first domain; sources dropped)."""
        return Outlet(
            name=self.name,
            domain=self.domains[0] if self.domains else None,
            country=self.country,
            ownership=self.ownership,
            language=self.language,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, every fact with its source."""
        return {
            "name": self.name,
            "domains": list(self.domains),
            "aliases": list(self.aliases),
            "fictional": self.fictional,
            "facts": {k: {"value": v.value, "source": v.source} for k, v in self.facts.items()},
        }


def normalize_domain(value: str) -> str:
    """A bare lower-case host from a domain or URL: "https://WWW.Example.com:443/x" → "www.example.com"."""
    value = value.strip().lower()
    host = (urlsplit(value).hostname or "") if "://" in value else value.split("/", 1)[0].split(":", 1)[0]
    return host.strip(".")


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class OutletRegistry:
    """Outlets by domain and by name/alias. Build with `load_registry` or `from_entries`."""

    def __init__(self) -> None:
        self._entries: list[RegistryEntry] = []
        self._by_domain: dict[str, int] = {}
        self._by_name: dict[str, int] = {}

    @classmethod
    def from_entries(cls, entries: Iterable[RegistryEntry]) -> OutletRegistry:
        """A registry of `entries`; later entries override earlier ones for the same outlet."""
        reg = cls()
        for e in entries:
            reg.add(e)
        return reg

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[RegistryEntry]:
        return iter(self._entries)

    def add(self, entry: RegistryEntry) -> RegistryEntry:
        """Add `entry`, or merge it over the entry of the same outlet (same name/alias or domain).

        Fields the new entry gives replace the old ones (a `None` value makes the field
        unknown); domains and aliases are united.
        """
        k = self._match(entry)
        if k is None:
            merged = replace(entry, domains=list(entry.domains), aliases=list(entry.aliases))
            merged.facts = dict(entry.facts)
            self._entries.append(merged)
            k = len(self._entries) - 1
        else:
            old = self._entries[k]
            facts = dict(old.facts)
            for name, fact in entry.facts.items():
                if fact.value is None:
                    facts.pop(name, None)
                else:
                    facts[name] = fact
            names = [old.name] if _key(old.name) != _key(entry.name) else []
            merged = RegistryEntry(
                name=entry.name,
                domains=list(dict.fromkeys([*old.domains, *entry.domains])),
                aliases=[
                    a
                    for a in dict.fromkeys([*old.aliases, *names, *entry.aliases])
                    if _key(a) != _key(entry.name)
                ],
                facts=facts,
                fictional=entry.fictional,
                origin=entry.origin,
            )
            self._entries[k] = merged
        for d in merged.domains:
            self._by_domain[normalize_domain(d)] = k
        for n in (merged.name, *merged.aliases):
            self._by_name[_key(n)] = k
        return merged

    def _match(self, entry: RegistryEntry) -> int | None:
        for d in entry.domains:
            k = self._by_domain.get(normalize_domain(d))
            if k is not None:
                return k
        for n in (entry.name, *entry.aliases):
            k = self._by_name.get(_key(n))
            if k is not None:
                return k
        return None

    def by_domain(self, domain_or_url: str) -> RegistryEntry | None:
        """The outlet of a domain or URL; a subdomain falls back to its parents.

        "edition.cnn.com" → the entry of "cnn.com"; "www.bbc.co.uk" → "bbc.co.uk".
        """
        host = normalize_domain(domain_or_url)
        labels = host.split(".")
        # stop before the last label: a bare TLD ("com", "uk") never names an outlet
        for i in range(len(labels) - 1):
            k = self._by_domain.get(".".join(labels[i:]))
            if k is not None:
                return self._entries[k]
        return None

    def by_name(self, name: str) -> RegistryEntry | None:
        """The outlet with this name or alias (case- and space-insensitive)."""
        k = self._by_name.get(_key(name))
        return self._entries[k] if k is not None else None

    def lookup(self, key: str) -> RegistryEntry | None:
        """By name/alias first, then as a domain or URL when `key` looks like one."""
        found = self.by_name(key)
        if found is None and ("." in key or "/" in key):
            found = self.by_domain(key)
        return found

    def for_article(self, article: Article) -> RegistryEntry | None:
        """The outlet of `article`: by its domain, then its URL, then its outlet name."""
        for value in (article.domain, article.url):
            if value:
                found = self.by_domain(value)
                if found is not None:
                    return found
        if article.outlet:
            return self.lookup(article.outlet)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The whole registry in JSON-ready form."""
        return {"outlets": [e.to_dict() for e in self._entries]}


def parse_registry(data: dict[str, Any], origin: str = "") -> list[RegistryEntry]:
    """Entries of one registry document (already decoded from JSON or TOML).

    Raises `RegistryError` naming the entry when the shape is wrong.
    """
    if not isinstance(data, dict) or not isinstance(data.get("outlets"), list):
        raise RegistryError(f"{origin or 'registry'}: expected an object with an 'outlets' list")
    fictional = bool(data.get("fictional", False))
    out: list[RegistryEntry] = []
    for n, raw in enumerate(data["outlets"]):
        where = f"{origin or 'registry'}: outlet #{n}"
        if not isinstance(raw, dict):
            raise RegistryError(f"{where}: expected an object, found {type(raw).__name__}")
        name_field = raw.get("name")
        name = name_field.get("value") if isinstance(name_field, dict) else name_field
        if not isinstance(name, str) or not name.strip():
            raise RegistryError(f"{where}: expected a non-empty 'name'")
        default_source = raw.get("source")
        facts: dict[str, Sourced] = {}
        for fname in FIELDS:
            if fname not in raw:
                continue
            value: Any = raw[fname]
            source: Any = default_source
            if isinstance(value, dict):
                value, source = value.get("value"), value.get("source", default_source)
            if fname == "name" and not source:
                source = f"registry file {origin}" if origin else "registry"  # an identifier, not a claim
            if value is not None and not source:
                raise RegistryError(f"{where} ({name}): field '{fname}' has no source")
            if fname == "wire_agency" and value is not None and not isinstance(value, bool):
                raise RegistryError(f"{where} ({name}): 'wire_agency' must be true or false, found {value!r}")
            facts[fname] = Sourced(value, str(source or ""))
        domains = raw.get("domains", [])
        if isinstance(domains, str):
            domains = [domains]
        aliases = raw.get("aliases", [])
        if isinstance(aliases, str):
            aliases = [aliases]
        out.append(
            RegistryEntry(
                name=name.strip(),
                domains=[normalize_domain(d) for d in domains if isinstance(d, str) and d.strip()],
                aliases=[a.strip() for a in aliases if isinstance(a, str) and a.strip()],
                facts=facts,
                fictional=bool(raw.get("fictional", fictional)),
                origin=origin,
            )
        )
    return out


def read_registry_file(path: str | Path) -> list[RegistryEntry]:
    """Entries of one registry file (`.toml` read with tomllib, anything else as JSON)."""
    p = Path(path)
    try:
        if p.suffix.lower() == ".toml":
            with p.open("rb") as fh:
                data = tomllib.load(fh)
        else:
            data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"registry file not found: {p}") from exc
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(
            f"{p}: not valid {'TOML' if p.suffix.lower() == '.toml' else 'JSON'}: {exc}"
        ) from exc
    return parse_registry(data, str(p))


def load_registry(
    paths: Iterable[str | Path] = (), *, bundled: bool = True, demo: bool = False
) -> OutletRegistry:
    """The bundled registry (unless `bundled=False`), the demo registry if `demo`, then `paths` in order.

    Later files override earlier ones outlet by outlet (see `OutletRegistry.add`).

    >>> reg = load_registry()
    >>> reg.lookup("edition.cnn.com").country, reg.lookup("reuters").wire_agency
    ('United States', True)
    """
    files: list[Path] = []
    if bundled:
        files.append(BUNDLED)
    if demo:
        files.append(DEMO)
    files.extend(Path(p) for p in paths)
    registry = OutletRegistry()
    for f in files:
        for entry in read_registry_file(f):
            registry.add(entry)
    return registry


REGISTRY_ENV = "NEWSPRISM_REGISTRY"


def load_surface_registry(paths: Iterable[str | Path] = ()) -> OutletRegistry:
    """The registry the CLI and the web app use: bundled, demo, `$NEWSPRISM_REGISTRY`, then `paths`.

    The fictional demo entries are included so the bundled demo groups by facet; they
    match only `.example` domains and invented names, never a real outlet.
    `$NEWSPRISM_REGISTRY` holds user files separated by the OS path separator (":" on
    POSIX); files named in `paths` come last and so win.
    """
    env = [p for p in os.environ.get(REGISTRY_ENV, "").split(os.pathsep) if p.strip()]
    return load_registry([*env, *paths], demo=True)
