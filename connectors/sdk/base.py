"""``HttpConnector``: the template every agency connector fills in.

``query`` is the fixed algorithm: open an ``AgencySession`` for the query,
await the subclass's ``fetch`` (which speaks the agency's wire format and
returns ``Evidence``), then fold whatever happened into a ``SourceResult``
with the attempt log and the time taken.  Outcome exceptions map to their
statuses; parsing errors (pydantic validation, ``KeyError``, ``ValueError``,
``TypeError``, decimal errors) become ``rejected``; anything else becomes
``unavailable``.  When ``fetch`` judged the last answer it was handed (not
found, refused, malformed), that attempt's outcome says so.  Reasons are
built from field locations and our own text, then scrubbed of the person's
ID number and name as a last guard; each comes with its ``ReasonCode`` and
parameters (scrubbed alike).  ``attempts`` counts the tries of the most-tried
request (a further page is not a retry), ``requests`` every request sent.
Each query is observed in the ``connector_query_duration_seconds`` histogram,
and its attempts counted.

Agencies that answer later: ``fetch`` raises ``AnswerPendingError(ticket)`` when the
agency accepted the query and promised an answer (``pending``, the ticket on the result);
``collect(ticket, …)`` later runs the same template around the subclass's
``fetch_pending``, which asks for that answer and returns its evidence, or raises
``AnswerPendingError`` again while it is not ready.  The mechanism (statuses, attempt log,
scrubbing, metrics) is here once; a connector supplies only its wire.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import traceback
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import ClassVar, Final

import httpx
from pydantic import ValidationError

from connectors.sdk import metrics
from connectors.sdk.contract import ConnectorConfig, PersonQuery, QueryContext
from connectors.sdk.errors import (
    AnswerPendingError,
    MalformedResponseError,
    ReasonCode,
    ReasonParams,
    SourceNotFoundError,
    SourceRejectedError,
    SourceUnavailableError,
)
from connectors.sdk.evidence import Evidence, EvidenceKind, SourceResult, SourceStatus, Ticket
from connectors.sdk.http import (
    AgencyClient,
    AgencySession,
    CircuitBreaker,
    Clock,
    Outcome,
    Sleep,
    attempts_of,
)
from connectors.sdk.limits import ConcurrencyLimit
from connectors.sdk.source import DisplayName

logger = logging.getLogger(__name__)

_ID_NUMBER_LIKE: Final = re.compile(r"(?<![0-9])\d{15}(?:\d{2}[0-9Xx])?(?![0-9])")
_MAX_VALIDATION_ERRORS: Final = 3


class HttpConnector(ABC):
    """Base class of the HTTP agency connectors; subclasses set ``scope``, declare their
    source (``display_name``, ``evidence_kinds``, ``registers``) and implement ``fetch``.

    Constructed as ``cls(config, transport=None)`` (the registry's convention);
    ``breaker`` replaces the one built from the config's breaker settings, ``sleep`` the
    backoff sleep and ``clock`` the clock the query's deadline is read on (all for tests).
    ``limit`` caps the requests in flight to the agency instead of a private
    ``ConcurrencyLimit(config.max_concurrency)``; either way it is ``self.limit``, and
    ``limit.resize(n)`` changes the cap live.
    """

    scope: ClassVar[str]
    # what the source is (connectors.sdk.source): set by every subclass but registers
    display_name: ClassVar[DisplayName]
    evidence_kinds: ClassVar[frozenset[EvidenceKind]]
    registers: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        config: ConnectorConfig,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        breaker: CircuitBreaker | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        limit: ConcurrencyLimit | None = None,
    ) -> None:
        self.config = config
        self.client = AgencyClient(
            config,
            transport=transport,
            breaker=breaker,
            sleep=sleep,
            clock=clock,
            scope=self.scope,
            limit=limit,
        )

    @property
    def limit(self) -> ConcurrencyLimit:
        """The cap on this connector's requests in flight; ``resize`` it to change it."""
        return self.client.limit

    @property
    def breaker_state(self) -> str:
        """``closed``, ``open`` or ``half_open``, for readiness checks and metrics."""
        return self.client.breaker.state

    @property
    def breaker_half_open_in(self) -> float | None:
        """Seconds until the source's open breaker lets a probe through (when it is expected
        back); ``None`` when the breaker is not open."""
        return self.client.breaker.seconds_until_half_open()

    @abstractmethod
    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        """Ask the agency about ``person`` and translate its answer into evidence.

        Raise ``SourceNotFoundError`` / ``SourceRejectedError`` for the agency's own
        verdicts; transport failures arrive from ``client`` already classified.
        """

    async def fetch_pending(
        self, client: AgencySession, ticket: Ticket, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        """Ask the agency for the answer it promised under ``ticket`` and translate it into
        evidence; raise ``AnswerPendingError`` while it is not ready.  A connector whose
        agency answers later overrides it; by default the source answers at once only."""
        raise SourceRejectedError(
            "this source does not answer later", ReasonCode.CONNECTOR_FAILED, {"error": "collect"}
        )

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        return await self._answer(
            person, context, lambda session: self.fetch(session, person, context)
        )

    async def collect(
        self, ticket: Ticket, person: PersonQuery, context: QueryContext
    ) -> SourceResult:
        """The answer promised under ``ticket`` (a ``pending`` result's): the evidence, or
        ``pending`` again (with the agency's current ticket) while it is not ready."""
        return await self._answer(
            person, context, lambda session: self.fetch_pending(session, ticket, person, context)
        )

    async def _answer(
        self,
        person: PersonQuery,
        context: QueryContext,
        call: Callable[[AgencySession], Awaitable[Evidence]],
    ) -> SourceResult:
        started = time.perf_counter()
        session = self.client.session(context)
        try:
            status, evidence, why = await self._run(session, person, call)
        finally:
            attempt_log = session.finish()
        elapsed = time.perf_counter() - started
        metrics.observe_query(self.scope, status.value, elapsed)
        return SourceResult(
            scope=self.scope,
            status=status,
            evidence=evidence,
            reason=None if why is None else _scrub(why.reason, person),
            attempts=attempts_of(attempt_log),
            duration_ms=round(elapsed * 1000),
            attempt_log=attempt_log,
            requests=len(attempt_log),
            reason_code=None if why is None else why.code,
            reason_params={} if why is None else _scrub_params(why.params, person),
            ticket=None if why is None else why.ticket,
        )

    async def _run(
        self,
        session: AgencySession,
        person: PersonQuery,
        call: Callable[[AgencySession], Awaitable[Evidence]],
    ) -> tuple[SourceStatus, Evidence, _Reason | None]:
        """``call`` (``fetch`` or ``fetch_pending``), with every exception folded into a
        status and a reason.

        A verdict on an answer the connector was handed relabels that attempt;
        the transport's own failures were logged as they happened and are left alone.
        """
        try:
            evidence = await call(session)
        except Exception as exc:
            status, reason, verdict = _fold(exc)
            if reason.ticket is not None and _personal(reason.ticket.reference, person):
                # a ticket is stored and audited in clear: it may not name the person
                status, verdict = SourceStatus.REJECTED, Outcome.MALFORMED
                reason = _Reason(
                    "malformed response: ticket", ReasonCode.MALFORMED, {"field": "ticket"}
                )
            if verdict is not None:
                session.mark_last(verdict)
            if status is SourceStatus.UNAVAILABLE and not isinstance(exc, SourceUnavailableError):
                logger.error(  # noqa: TRY400 - the message may hold personal data; frames do not
                    "connector %s failed: %s\n%s",
                    self.scope,
                    type(exc).__name__,
                    "".join(traceback.format_tb(exc.__traceback__)),
                )
            return status, Evidence(), reason
        return SourceStatus.OK, evidence, None

    async def aclose(self) -> None:
        await self.client.aclose()


@dataclass(frozen=True, slots=True)
class _Reason:
    reason: str
    code: ReasonCode
    params: ReasonParams = field(default_factory=dict)
    ticket: Ticket | None = None  # a pending answer's


def _fold(exc: Exception) -> tuple[SourceStatus, _Reason, str | None]:
    """The status, the reason and (if ``fetch`` judged an answer) the attempt outcome."""
    status, verdict = SourceStatus.REJECTED, Outcome.MALFORMED
    if isinstance(exc, AnswerPendingError):
        return (
            SourceStatus.PENDING,
            _Reason(exc.reason, exc.code, exc.params, exc.ticket),
            None,
        )
    if isinstance(exc, SourceNotFoundError):
        status, verdict = SourceStatus.NOT_FOUND, Outcome.NOT_FOUND
        reason = _Reason(exc.reason, exc.code, exc.params)
    elif isinstance(exc, MalformedResponseError):
        reason = _Reason(exc.reason, exc.code, exc.params)
    elif isinstance(exc, SourceRejectedError):
        reason, verdict = _Reason(exc.reason, exc.code, exc.params), Outcome.REJECTED
    elif isinstance(exc, SourceUnavailableError):
        return SourceStatus.UNAVAILABLE, _Reason(exc.reason, exc.code, exc.params), None
    elif isinstance(exc, ValidationError):
        reason = _validation_reason(exc)
    elif isinstance(exc, KeyError):
        field_name = str(exc.args[0]) if exc.args else "a field"
        reason = _Reason(
            f"malformed response: missing {field_name}",
            ReasonCode.MALFORMED,
            {"field": field_name},
        )
    elif isinstance(exc, ValueError | TypeError | ArithmeticError):
        reason = _Reason(
            f"malformed response: {type(exc).__name__} while parsing", ReasonCode.UNPARSABLE
        )
    else:
        error = type(exc).__name__
        return (
            SourceStatus.UNAVAILABLE,
            _Reason(f"connector error: {error}", ReasonCode.CONNECTOR_FAILED, {"error": error}),
            None,
        )
    return status, reason, verdict


def _validation_reason(exc: ValidationError) -> _Reason:
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    parts = [
        f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
        for error in errors[:_MAX_VALIDATION_ERRORS]
    ]
    more = len(errors) - _MAX_VALIDATION_ERRORS
    if more > 0:
        parts.append(f"and {more} more")
    first = ".".join(str(part) for part in errors[0]["loc"]) if errors else ""
    return _Reason(
        "malformed response: " + "; ".join(parts),
        ReasonCode.MALFORMED,
        {"field": first or "body"},
    )


def _personal(text: str, person: PersonQuery) -> bool:
    """Whether ``text`` holds the person's identifiers, or anything like an ID number."""
    return _scrub(text, person) != text


def _scrub_params(params: ReasonParams, person: PersonQuery) -> dict[str, str | int]:
    return {k: _scrub(v, person) if isinstance(v, str) else v for k, v in params.items()}


def _scrub(reason: str, person: PersonQuery) -> str:
    """Remove the person's identifiers, and anything shaped like an ID number."""
    for secret in (person.id_number, person.name):
        if secret:
            reason = reason.replace(secret, "***")
    return _ID_NUMBER_LIKE.sub("***", reason)
