"""The outcomes of asking an agency, as exceptions a connector's ``fetch`` raises.

``HttpConnector.query`` turns each branch of this hierarchy into one
``SourceStatus``; a reason is text the connector wrote itself (at most
quoting an agency's status code), never an agency's free text or a person's
data.  Each also carries a ``ReasonCode`` with its parameters (no personal
data either), from which the service writes the reason in the reader's
language::

    SourceError                         any outcome other than ok
    ├── AnswerPendingError(ticket)      → pending      accepted; the answer comes later
    ├── SourceNotFoundError             → not_found    the agency holds no record
    ├── SourceRejectedError(reason)     → rejected     refused (4xx, error code) or bad data
    │   └── MalformedResponseError      → rejected     a field broke the wire format
    └── SourceUnavailableError(reason)  → unavailable  no usable answer
        ├── TransientFaultError         (retried)      timeout, connect error, 5xx, 429
        ├── CircuitOpenError            (not tried)    the source's breaker is open
        └── DeadlineExceededError       (not tried)    the query's deadline has passed
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import ClassVar

from connectors.sdk.evidence import Ticket

ReasonParams = Mapping[str, str | int]


class ReasonCode(StrEnum):
    """Why a query did not end ``ok``, as a stable code; its parameters in brackets.

    The service's message catalogue has a text in each language for every one
    (``verification/messages/catalogue.py``; a test holds the two together).
    """

    NO_RECORD = "source.no_record"
    REFUSED = "source.refused"
    REFUSED_WITH_CODE = "source.refused_with_code"  # agency_code: the agency's own code
    REJECTED_ANSWER = "source.rejected_answer"  # cause: the attempt's outcome token
    MALFORMED = "source.malformed"  # field: where the wire format broke
    UNPARSABLE = "source.unparsable"
    UNAVAILABLE = "source.unavailable"
    GAVE_UP = "source.gave_up"  # attempts, cause: the last attempt's outcome token
    DEADLINE = "source.deadline"
    DEADLINE_AFTER_FAULT = "source.deadline_after_fault"  # cause
    CIRCUIT_OPEN = "source.circuit_open"
    CANCELLED = "source.cancelled"
    CONNECTOR_FAILED = "source.connector_failed"  # error: the exception's type name
    NOT_INSTALLED = "source.not_installed"  # no connector of this scope is installed (now)
    PENDING = "source.pending"  # reference: the agency's ticket; the answer comes later
    # the service's, never a connector's: the answer an agency still owed was not collected,
    # the authorization it was asked under having been withdrawn (撤回授权)
    WITHDRAWN = "source.authorization_withdrawn"


class SourceError(Exception):
    """Base of every non-ok outcome; ``reason`` is safe to store and show, and
    ``code`` with ``params`` say the same as data."""

    default_code: ClassVar[ReasonCode] = ReasonCode.UNAVAILABLE

    def __init__(
        self, reason: str, code: ReasonCode | None = None, params: ReasonParams | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code if code is not None else self.default_code
        self.params: ReasonParams = dict(params or {})


class AnswerPendingError(SourceError):
    """The agency accepted the query and will answer later, under ``ticket``: raised by a
    connector's ``fetch`` (or ``fetch_pending``, while the answer is not ready yet)."""

    default_code = ReasonCode.PENDING

    def __init__(self, ticket: Ticket) -> None:
        super().__init__(
            "the agency accepted the query and will answer later",
            params={"reference": ticket.reference},
        )
        self.ticket = ticket


class SourceNotFoundError(SourceError):
    """The agency answered, and holds no record of the person."""

    default_code = ReasonCode.NO_RECORD

    def __init__(self, reason: str = "the agency holds no record of this person") -> None:
        super().__init__(reason)


class SourceRejectedError(SourceError):
    """The agency refused the query, or answered with data that cannot be used."""

    default_code = ReasonCode.REFUSED


class MalformedResponseError(SourceRejectedError):
    """One field (or the body as a whole) does not follow the agency's wire format."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(
            f"malformed response: {field}: {problem}", ReasonCode.MALFORMED, {"field": field}
        )
        self.field = field
        self.problem = problem


class SourceUnavailableError(SourceError):
    """No usable answer: the agency could not be reached or kept failing."""


class TransientFaultError(SourceUnavailableError):
    """One attempt failed in a way worth retrying; ``retry_after`` is the agency's hint,
    ``outcome`` the attempt's outcome token (``http_503``, ``timeout``, …)."""

    def __init__(
        self, reason: str, retry_after: float | None = None, outcome: str = "error"
    ) -> None:
        super().__init__(reason, ReasonCode.GAVE_UP, {"attempts": 1, "cause": outcome})
        self.retry_after = retry_after
        self.outcome = outcome


class CircuitOpenError(SourceUnavailableError):
    """The source's circuit breaker is open, so no request was sent."""

    default_code = ReasonCode.CIRCUIT_OPEN


class DeadlineExceededError(SourceUnavailableError):
    """The query's deadline passed before another attempt could start."""

    default_code = ReasonCode.DEADLINE
