"""``HttpConnector``: the template every agency connector fills in.

``query`` is the fixed algorithm: open an ``AgencySession`` for the query,
await the subclass's ``fetch`` (which speaks the agency's wire format and
returns ``Evidence``), then fold whatever happened into a ``SourceResult``
with the attempts made and the time taken.  Outcome exceptions map to their
statuses; parsing errors (pydantic validation, ``KeyError``, ``ValueError``,
``TypeError``, decimal errors) become ``rejected``; anything else becomes
``unavailable``.  Reasons are built from field locations and our own text,
then scrubbed of the person's ID number and name as a last guard.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
from abc import ABC, abstractmethod
from typing import ClassVar, Final

import httpx
from pydantic import ValidationError

from connectors.sdk.contract import ConnectorConfig, PersonQuery, QueryContext
from connectors.sdk.errors import SourceNotFoundError, SourceRejectedError, SourceUnavailableError
from connectors.sdk.evidence import Evidence, SourceResult, SourceStatus
from connectors.sdk.http import AgencyClient, AgencySession, CircuitBreaker

logger = logging.getLogger(__name__)

_ID_NUMBER_LIKE: Final = re.compile(r"(?<![0-9])\d{15}(?:\d{2}[0-9Xx])?(?![0-9])")
_MAX_VALIDATION_ERRORS: Final = 3


class HttpConnector(ABC):
    """Base class of the HTTP agency connectors; subclasses set ``scope`` and ``fetch``."""

    scope: ClassVar[str]
    breaker_failure_threshold: ClassVar[int] = 5
    breaker_cooldown_seconds: ClassVar[float] = 30.0

    def __init__(
        self,
        config: ConnectorConfig,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.config = config
        self.client = AgencyClient(
            config,
            transport=transport,
            breaker=breaker
            if breaker is not None
            else CircuitBreaker(self.breaker_failure_threshold, self.breaker_cooldown_seconds),
        )

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
        status = SourceStatus.OK
        evidence = Evidence()
        reason: str | None = None
        try:
            evidence = await self.fetch(session, person, context)
        except SourceNotFoundError as exc:
            status, reason = SourceStatus.NOT_FOUND, exc.reason
        except SourceRejectedError as exc:
            status, reason = SourceStatus.REJECTED, exc.reason
        except SourceUnavailableError as exc:
            status, reason = SourceStatus.UNAVAILABLE, exc.reason
        except ValidationError as exc:
            status, reason = SourceStatus.REJECTED, _validation_reason(exc)
        except KeyError as exc:
            missing = exc.args[0] if exc.args else "a field"
            status, reason = SourceStatus.REJECTED, f"malformed response: missing {missing!s}"
        except (ValueError, TypeError, ArithmeticError) as exc:
            status = SourceStatus.REJECTED
            reason = f"malformed response: {type(exc).__name__} while parsing"
        except Exception as exc:
            status, reason = SourceStatus.UNAVAILABLE, f"connector error: {type(exc).__name__}"
            logger.error(  # noqa: TRY400 - the message may hold personal data; frames do not
                "connector %s failed: %s\n%s",
                self.scope,
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
        return SourceResult(
            scope=self.scope,
            status=status,
            evidence=evidence,
            reason=None if reason is None else _scrub(reason, person),
            attempts=session.attempts,
            duration_ms=round((time.perf_counter() - started) * 1000),
        )

    async def aclose(self) -> None:
        await self.client.aclose()


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
