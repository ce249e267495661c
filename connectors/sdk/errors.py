"""The outcomes of asking an agency, as exceptions a connector's ``fetch`` raises.

``HttpConnector.query`` turns each branch of this hierarchy into one
``SourceStatus``; a reason is text the connector wrote itself (at most
quoting an agency's status code), never an agency's free text or a person's
data::

    SourceError                         any outcome other than ok
    ├── SourceNotFoundError             → not_found    the agency holds no record
    ├── SourceRejectedError(reason)     → rejected     refused (4xx, error code) or bad data
    │   └── MalformedResponseError      → rejected     a field broke the wire format
    └── SourceUnavailableError(reason)  → unavailable  no usable answer
        ├── TransientFaultError         (retried)      timeout, connect error, 5xx, 429
        ├── CircuitOpenError            (not tried)    the source's breaker is open
        └── DeadlineExceededError       (not tried)    the query's deadline has passed
"""

from __future__ import annotations


class SourceError(Exception):
    """Base of every non-ok outcome; ``reason`` is safe to store and show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SourceNotFoundError(SourceError):
    """The agency answered, and holds no record of the person."""

    def __init__(self, reason: str = "the agency holds no record of this person") -> None:
        super().__init__(reason)


class SourceRejectedError(SourceError):
    """The agency refused the query, or answered with data that cannot be used."""


class MalformedResponseError(SourceRejectedError):
    """One field (or the body as a whole) does not follow the agency's wire format."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"malformed response: {field}: {problem}")
        self.field = field
        self.problem = problem


class SourceUnavailableError(SourceError):
    """No usable answer: the agency could not be reached or kept failing."""


class TransientFaultError(SourceUnavailableError):
    """One attempt failed in a way worth retrying; ``retry_after`` is the agency's hint."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class CircuitOpenError(SourceUnavailableError):
    """The source's circuit breaker is open, so no request was sent."""


class DeadlineExceededError(SourceUnavailableError):
    """The query's deadline passed before another attempt could start."""
