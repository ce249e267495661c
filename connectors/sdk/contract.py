"""The connector protocol and the per-query inputs.

A connector is constructed once per process with its ``ConnectorConfig`` and
answers ``query`` for one person at a time.  ``query`` never raises: every
failure becomes a ``SourceResult`` with a status other than ``ok``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from connectors.sdk.evidence import SourceResult


@dataclass(frozen=True, slots=True)
class PersonQuery:
    id_number: str
    name: str


@dataclass(frozen=True, slots=True)
class QueryContext:
    """Why and for what period a source is asked; sent to agencies as headers."""

    authorization_id: str
    purpose: str
    period_start: dt.date  # first day of the look-back window
    period_end: dt.date  # last day of the look-back window
    deadline: float  # time.monotonic() value after which no new attempt starts
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class ConnectorConfig:
    base_url: str
    timeout_seconds: float = 3.0
    max_attempts: int = 3
    max_concurrency: int = 16
    backoff_initial_seconds: float = 0.05
    backoff_max_seconds: float = 1.0


@runtime_checkable
class Connector(Protocol):
    scope: ClassVar[str]

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult: ...

    async def aclose(self) -> None: ...
