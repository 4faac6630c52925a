"""The outlet registry: domain or name → country, language, ownership, wire agency, each with its source.

Public API::

    load_registry(paths=(), bundled=True, demo=False) -> OutletRegistry
    load_surface_registry(paths=()) -> OutletRegistry   # + demo + $NEWSPRISM_REGISTRY (CLI, web)
    OutletRegistry.lookup(name_or_domain) / .by_domain(domain_or_url) / .by_name(name)
    OutletRegistry.for_article(article) -> RegistryEntry | None
"""

from newsprism.registry.registry import (
    BUNDLED,
    DEMO,
    FIELDS,
    OWNERSHIP_TYPES,
    REGISTRY_ENV,
    OutletRegistry,
    RegistryEntry,
    RegistryError,
    Sourced,
    load_registry,
    load_surface_registry,
    normalize_domain,
    parse_registry,
    read_registry_file,
)

__all__ = [
    "BUNDLED",
    "DEMO",
    "FIELDS",
    "OWNERSHIP_TYPES",
    "OutletRegistry",
    "RegistryEntry",
    "RegistryError",
    "Sourced",
    "REGISTRY_ENV",
    "load_registry",
    "load_surface_registry",
    "normalize_domain",
    "parse_registry",
    "read_registry_file",
]
