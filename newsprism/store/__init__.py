"""The embedded SQLite store: articles, build results, runs and their accounting."""

from newsprism.store.sqlite import BuildOutput, InputRecord, Store, default_db_path

__all__ = ["BuildOutput", "InputRecord", "Store", "default_db_path"]
