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
ID number and name as a last guard.  Each query is observed in the
``connector_query_duration_seconds`` histogram, and its attempts counted.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import traceback
from abc import ABC, abstractmethod
from typing import ClassVar, Final

import httpx
from pydantic import ValidationError

from connectors.sdk import metrics
from connectors.sdk.contract import ConnectorConfig, PersonQuery, QueryContext
from connectors.sdk.errors import (
    MalformedResponseError,
    SourceNotFoundError,
    SourceRejectedError,
    SourceUnavailableError,
)
from connectors.sdk.evidence import Evidence, SourceResult, SourceStatus
from connectors.sdk.http import AgencyClient, AgencySession, CircuitBreaker, Outcome, Sleep
from connectors.sdk.limits import ConcurrencyLimit

logger = logging.getLogger(__name__)

_ID_NUMBER_LIKE: Final = re.compile(r"(?<![0-9])\d{15}(?:\d{2}[0-9Xx])?(?![0-9])")
_MAX_VALIDATION_ERRORS: Final = 3


class HttpConnector(ABC):
    """Base class of the HTTP agency connectors; subclasses set ``scope`` and ``fetch``.

    Constructed as ``cls(config, transport=None)`` (the registry's convention);
    ``breaker`` replaces the one built from the config's breaker settings and
    ``sleep`` the backoff sleep (both for tests).  ``limit`` caps the requests in
    flight to the agency instead of a private ``ConcurrencyLimit(config.max_concurrency)``;
    either way it is ``self.limit``, and ``limit.resize(n)`` changes the cap live.
    """

    scope: ClassVar[str]

    def __init__(
        self,
        config: ConnectorConfig,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        breaker: CircuitBreaker | None = None,
        sleep: Sleep = asyncio.sleep,
        limit: ConcurrencyLimit | None = None,
    ) -> None:
        self.config = config
        self.client = AgencyClient(
            config,
            transport=transport,
            breaker=breaker,
            sleep=sleep,
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

    @abstractmethod
    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        """Ask the agency about ``person`` and translate its answer into evidence.

        Raise ``SourceNotFoundError`` / ``SourceRejectedError`` for the agency's own
        verdicts; transport failures arrive from ``client`` already classified.
        """

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        started = time.perf_counter()
        session = self.client.session(context)
        try:
            status, evidence, reason = await self._run(session, person, context)
        finally:
            attempt_log = session.finish()
        elapsed = time.perf_counter() - started
        metrics.observe_query(self.scope, status.value, elapsed)
        return SourceResult(
            scope=self.scope,
            status=status,
            evidence=evidence,
            reason=None if reason is None else _scrub(reason, person),
            attempts=len(attempt_log),
            duration_ms=round(elapsed * 1000),
            attempt_log=attempt_log,
        )

    async def _run(
        self, session: AgencySession, person: PersonQuery, context: QueryContext
    ) -> tuple[SourceStatus, Evidence, str | None]:
        """``fetch``, with every exception folded into a status and a reason.

        A verdict on an answer the connector was handed relabels that attempt;
        the transport's own failures were logged as they happened and are left alone.
        """
        try:
            evidence = await self.fetch(session, person, context)
        except Exception as exc:
            status, reason, verdict = _fold(exc)
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


def _fold(exc: Exception) -> tuple[SourceStatus, str, str | None]:
    """The status, the reason and (if ``fetch`` judged an answer) the attempt outcome."""
    status, verdict = SourceStatus.REJECTED, Outcome.MALFORMED
    if isinstance(exc, SourceNotFoundError):
        status, reason, verdict = SourceStatus.NOT_FOUND, exc.reason, Outcome.NOT_FOUND
    elif isinstance(exc, MalformedResponseError):
        reason = exc.reason
    elif isinstance(exc, SourceRejectedError):
        reason, verdict = exc.reason, Outcome.REJECTED
    elif isinstance(exc, SourceUnavailableError):
        return SourceStatus.UNAVAILABLE, exc.reason, None
    elif isinstance(exc, ValidationError):
        reason = _validation_reason(exc)
    elif isinstance(exc, KeyError):
        reason = f"malformed response: missing {exc.args[0] if exc.args else 'a field'!s}"
    elif isinstance(exc, ValueError | TypeError | ArithmeticError):
        reason = f"malformed response: {type(exc).__name__} while parsing"
    else:
        return SourceStatus.UNAVAILABLE, f"connector error: {type(exc).__name__}", None
    return status, reason, verdict


def _validation_reason(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    parts = [
        f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
        for error in errors[:_MAX_VALIDATION_ERRORS]
    ]
    more = len(errors) - _MAX_VALIDATION_ERRORS
    if more > 0:
        parts.append(f"and {more} more")
    return "malformed response: " + "; ".join(parts)


def _scrub(reason: str, person: PersonQuery) -> str:
    """Remove the person's identifiers, and anything shaped like an ID number."""
    for secret in (person.id_number, person.name):
        if secret:
            reason = reason.replace(secret, "***")
    return _ID_NUMBER_LIKE.sub("***", reason)
