"""The web UI and JSON API (`newsprism serve`); needs the ``web`` extra.

FastAPI, uvicorn and Jinja2 are imported only when the app is built, so importing
this package never fails; a missing extra raises `MissingDependencyError` naming it.

Example::

    from newsprism.web import serve
    serve("news.db", port=8000)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newsprism.errors import MissingDependencyError, StoreError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from newsprism.registry import OutletRegistry

__all__ = ["create_app", "serve"]


def create_app(db_path: str, *, registry: OutletRegistry | None = None) -> FastAPI:
    """The FastAPI app serving the store at `db_path` read-only (see `newsprism.web.app`).

    `registry` groups outlets by facet (default: bundled + demo + `$NEWSPRISM_REGISTRY`).
    """
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(exc.name or "fastapi", "web") from exc
    from newsprism.web.app import create_app as _create_app

    return _create_app(db_path, registry=registry)


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web UI and API for the store at `db_path` until interrupted."""
    if not Path(db_path).exists():
        raise StoreError(f"no store at {db_path}: run 'newsprism ingest' and 'newsprism build' first")
    app = create_app(db_path)
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingDependencyError("uvicorn", "web") from exc
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
