"""Errors raised by newsprism.

Hierarchy::

    NewsprismError                 base of everything newsprism raises on purpose
    ├── FatalError                 the run cannot go on (bad config, broken store)
    │   ├── ConfigError
    │   ├── StoreError
    │   └── MissingDependencyError an optional extra is not installed
    ├── InputRejected              one input is refused; the run goes on and reports it
    │   ├── UnsupportedFormat
    │   ├── EmptyContent
    │   └── ParseFailure
    └── RetryableError             a transient fault (network, lock); retrying may succeed

Per-input problems are never silent: a stage turns an `InputRejected` into a
`Rejection` record with its reason, and the run's table counts it.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class of newsprism's errors."""


class FatalError(NewsprismError):
    """The run cannot continue."""


class ConfigError(FatalError):
    """A setting or option has an invalid value."""


class StoreError(FatalError):
    """The store cannot be opened, migrated or written."""


class MissingDependencyError(FatalError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is needed for this feature: pip install 'newsprism[{extra}]'")
        self.package = package
        self.extra = extra


class InputRejected(NewsprismError):
    """One input was refused. `reason` is a short stable code, `detail` says more."""

    reason = "rejected"

    def __init__(self, detail: str, *, reason: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if reason is not None:
            self.reason = reason


class UnsupportedFormat(InputRejected):
    reason = "unsupported-format"


class EmptyContent(InputRejected):
    reason = "empty"


class ParseFailure(InputRejected):
    reason = "parse-error"


class RetryableError(NewsprismError):
    """A transient fault: the same call may succeed later."""
