"""The connector protocol and the per-query inputs.

A connector is constructed once per process with its ``ConnectorConfig`` and
answers ``query`` for one person at a time.  ``query`` never raises: every
failure becomes a ``SourceResult`` with a status other than ``ok``.

Constructor convention
----------------------
The registry (``connectors.sdk.registry.build_connectors``) builds every
connector class it discovers as::

    cls(config: ConnectorConfig, transport: httpx.AsyncBaseTransport | None = None)

``config`` is positional; ``transport`` is passed positionally, and only when
the caller has one (an ``httpx.ASGITransport`` for the demo, a respx/
``httpx.MockTransport`` in tests), so ``None`` must mean "real network".  Any
further constructor parameter must be keyword-only with a default (as
``HttpConnector``'s ``breaker=``, ``sleep=`` and ``limit=`` are).  Subclasses of
``HttpConnector`` inherit a conforming constructor.

When the caller of ``build_connectors`` gives a scope a
``connectors.sdk.limits.ConcurrencyLimit`` (its ``limits=`` argument), it is
passed as the keyword ``limit=``, and the connector must send no more
requests at once than that limit's current capacity.  ``HttpConnector``
does; it exposes the limit in use (given or its own) as ``.limit``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol, runtime_checkable

from connectors.sdk.evidence import Attempt, EvidenceKind, SourceResult, Ticket
from connectors.sdk.source import DisplayName
from connectors.sdk.transport import DEFAULT_TRANSPORT, TransportKind

Exchange = Literal["online", "batch_file"]


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
    deadline: float  # time.monotonic() value (the client's clock) after which no attempt starts
    request_id: str = ""
    # where the SDK records each request as it is sent (one list per query): the caller can
    # still read them if it has to cancel the query; never sent to agencies
    attempt_log: list[Attempt] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ConnectorConfig:
    """One source's settings; everything but ``base_url`` has a production default."""

    base_url: str  # the agency root; request paths are relative to it
    timeout_seconds: float = 3.0  # per attempt, cut to what is left of the deadline
    max_attempts: int = 3  # per logical request (each page), retries included
    max_concurrency: int = 16  # requests in flight to this agency at once (the ceiling)
    backoff_initial_seconds: float = 0.05  # first retry delay (plus jitter)
    backoff_max_seconds: float = 1.0  # cap of a retry delay (Retry-After may exceed it)
    breaker_failure_threshold: int = 5  # consecutive transient failures that open the breaker
    breaker_cooldown_seconds: float = 30.0  # open time before one probe is let through
    transport: TransportKind = DEFAULT_TRANSPORT  # the library that moves the bytes (transport.py)
    # how an agency that answers later delivers its answers: asked for per ticket ("online"),
    # or in result files of the batches it collected the queries in ("batch_file"; a
    # connector whose agency has no such mode ignores it)
    exchange: Exchange = "online"


@runtime_checkable
class Connector(Protocol):
    """What the service calls.  Classes are also constructed per the convention above:
    ``cls(config, transport=None)``, and declare their source (``connectors.sdk.source``):
    its name, the kinds of evidence it reports and the national registers it answers."""

    scope: ClassVar[str]
    display_name: ClassVar[DisplayName]
    evidence_kinds: ClassVar[frozenset[EvidenceKind]]
    registers: ClassVar[tuple[str, ...]]

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult: ...

    async def aclose(self) -> None: ...


@runtime_checkable
class AnswersLater(Protocol):
    """A connector that can collect an answer its agency promised (``HttpConnector`` can:
    its ``fetch_pending`` says how; by default the source never answers later)."""

    scope: ClassVar[str]

    async def collect(
        self, ticket: Ticket, person: PersonQuery, context: QueryContext
    ) -> SourceResult: ...
