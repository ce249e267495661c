"""Fault injection: per-agency fault profiles, seeded decisions and the fault journal.

A ``FaultProfile`` says how one agency misbehaves.  ``FaultState`` (one per
app, on ``app.state.faults``) holds the profiles, decides what happens to each
request and journals it; ``mock_sources.fault_middleware`` applies the
decision on the wire and ``mock_sources.fault_routes`` is the admin API.

Decisions are reproducible: the draw for a request is a SHA-256 of
``(seed, agency, X-Request-Id, ID number, attempt)``, where ``attempt`` counts
how often this agency has seen that ``(X-Request-Id, ID number)`` pair (1 for
the first time).  Nothing depends on arrival order across different keys, so
concurrent clients get the same faults in any interleaving.  Only the rate
limit, a token bucket on the clock, is not seeded.

The journal never holds an ID number in clear, only its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

JOURNAL_LIMIT = 100_000
ATTEMPT_KEYS_LIMIT = 1_000_000
FAULTS_ENV_VAR = "MOCK_SOURCES_FAULTS"

Rate = Annotated[float, Field(ge=0.0, le=1.0)]
_RATE_FIELDS = ("error_rate", "throttle_rate", "hang_rate", "drop_rate", "malformed_rate")
_RATE_SUM_TOLERANCE = 1e-9


class FaultKind(StrEnum):
    """What happened to a request, as the journal writes it."""

    NONE = "none"
    ERROR = "error"
    THROTTLE = "throttle"
    HANG = "hang"
    DROP = "drop"
    MALFORMED = "malformed"
    RATE_LIMITED = "rate_limited"


class FaultProfile(BaseModel):
    """How one agency misbehaves.  Every default means "no fault".

    The five ``*_rate`` fields are probabilities of mutually exclusive
    outcomes, so together they may not exceed 1.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    latency_ms: Annotated[float, Field(ge=0.0)] = 0.0
    jitter_ms: Annotated[float, Field(ge=0.0)] = 0.0
    error_rate: Rate = 0.0
    error_status: Annotated[int, Field(ge=500, le=599)] = 503
    throttle_rate: Rate = 0.0
    retry_after_seconds: Annotated[int, Field(ge=0)] = 1
    hang_rate: Rate = 0.0
    hang_seconds: Annotated[float, Field(gt=0.0)] = 30.0
    drop_rate: Rate = 0.0
    malformed_rate: Rate = 0.0
    rate_limit_per_second: Annotated[float, Field(gt=0.0)] | None = None
    rate_limit_burst: Annotated[int, Field(ge=1)] | None = None
    seed: int = 0

    @model_validator(mode="after")
    def _rates_are_exclusive(self) -> Self:
        total = sum(getattr(self, name) for name in _RATE_FIELDS)
        if total > 1.0 + _RATE_SUM_TOLERANCE:
            raise ValueError(f"the fault rates ({', '.join(_RATE_FIELDS)}) sum to more than 1")
        return self

    def bucket_capacity(self) -> float:
        """The token bucket's size: ``rate_limit_burst``, else one second's worth (at least 1)."""
        if self.rate_limit_burst is not None:
            return float(self.rate_limit_burst)
        return max(1.0, float(self.rate_limit_per_second or 0.0))


def parse_fault_profiles(raw: str | bytes, agencies: Iterable[str]) -> dict[str, FaultProfile]:
    """Profiles from JSON ``{"<agency>": {<profile>} | null, ...}``.

    ``null`` leaves an agency without a profile.  Raises ``ValueError`` (naming
    the agency) for invalid JSON, an unknown agency or an invalid profile.
    """
    known = tuple(agencies)
    try:
        document = json.loads(raw)
    except ValueError as exc:
        raise ValueError(f"fault profiles are not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise ValueError("fault profiles must be a JSON object keyed by agency")  # noqa: TRY004
    profiles: dict[str, FaultProfile] = {}
    for agency, value in document.items():
        if agency not in known:
            raise ValueError(f"unknown agency {agency!r} (known: {', '.join(known)})")
        if value is None:
            continue
        try:
            profiles[agency] = FaultProfile.model_validate(value)
        except ValidationError as exc:
            raise ValueError(f"invalid fault profile for {agency!r}: {exc}") from exc
    return profiles


def person_hash(id_number: str) -> str:
    """SHA-256 hex of an ID number: how the journal names a person."""
    return hashlib.sha256(id_number.encode()).hexdigest()


def draws(
    seed: int, agency: str, request_id: str, id_number: str, attempt: int
) -> tuple[float, float]:
    """Two uniform numbers in [0, 1) for one attempt: the fault draw and the jitter draw."""
    key = json.dumps(
        [seed, agency, request_id, id_number, attempt], ensure_ascii=False, separators=(",", ":")
    )
    digest = hashlib.sha256(key.encode()).digest()
    scale = float(2**64)
    return int.from_bytes(digest[:8], "big") / scale, int.from_bytes(digest[8:16], "big") / scale


def choose_fault(profile: FaultProfile, draw: float) -> FaultKind:
    """The seeded fault for a draw: consecutive slices of [0, 1), one per rate."""
    threshold = 0.0
    for kind, rate in (
        (FaultKind.ERROR, profile.error_rate),
        (FaultKind.THROTTLE, profile.throttle_rate),
        (FaultKind.HANG, profile.hang_rate),
        (FaultKind.DROP, profile.drop_rate),
        (FaultKind.MALFORMED, profile.malformed_rate),
    ):
        threshold += rate
        if draw < threshold:
            return kind
    return FaultKind.NONE


@dataclass
class JournalEntry:
    """One request to a fault-enabled agency; ``status`` is filled in once answered."""

    agency: str
    request_id: str | None
    person_hash: str | None
    attempt: int
    fault: FaultKind
    status: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "request_id": self.request_id,
            "person_hash": self.person_hash,
            "attempt": self.attempt,
            "fault": self.fault.value,
            "status": self.status,
        }


@dataclass(frozen=True)
class FaultDecision:
    """What to do with one request: wait ``delay_seconds``, then act out ``fault``."""

    fault: FaultKind
    delay_seconds: float
    profile: FaultProfile
    entry: JournalEntry
    retry_after_seconds: int | None = None


class _TokenBucket:
    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = now

    def take(self, now: float) -> float | None:
        """Take a token; None if one was there, else the seconds until one is."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return None
        return (1.0 - self.tokens) / self.rate


class FaultState:
    """Fault profiles, attempt counters, rate-limit buckets and the journal of one app.

    All of it is touched only from the app's event loop, between awaits, so
    no lock is needed.
    """

    def __init__(
        self,
        agencies: Iterable[str],
        *,
        journal_limit: int = JOURNAL_LIMIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.agencies: tuple[str, ...] = tuple(agencies)
        self._clock = clock
        self._profiles: dict[str, FaultProfile] = {}
        self._attempts: OrderedDict[tuple[str, str, str], int] = OrderedDict()
        self._buckets: dict[str, _TokenBucket] = {}
        self._journal: deque[JournalEntry] = deque(maxlen=journal_limit)

    def is_agency(self, agency: str) -> bool:
        return agency in self.agencies

    def profile(self, agency: str) -> FaultProfile | None:
        """The agency's profile; None when fault injection is off for it."""
        return self._profiles.get(agency)

    def profiles(self) -> dict[str, FaultProfile | None]:
        return {agency: self._profiles.get(agency) for agency in self.agencies}

    def set_profile(self, agency: str, profile: FaultProfile) -> None:
        """Turn fault injection on for ``agency`` (attempt counters are kept)."""
        self._require_agency(agency)
        self._profiles[agency] = profile
        self._buckets.pop(agency, None)

    def set_profiles(self, profiles: Mapping[str, FaultProfile]) -> None:
        for agency, profile in profiles.items():
            self.set_profile(agency, profile)

    def clear_profile(self, agency: str) -> None:
        """Turn fault injection off for ``agency``; the journal is kept."""
        self._require_agency(agency)
        self._profiles.pop(agency, None)
        self._buckets.pop(agency, None)
        for key in [key for key in self._attempts if key[0] == agency]:
            del self._attempts[key]

    def reset(self) -> None:
        """Forget every profile, attempt counter, bucket and journal entry."""
        self._profiles.clear()
        self._attempts.clear()
        self._buckets.clear()
        self._journal.clear()

    def journal(
        self,
        *,
        agency: str | None = None,
        request_id: str | None = None,
        fault: str | None = None,
    ) -> list[dict[str, Any]]:
        """Journal entries, oldest first, optionally filtered."""
        return [
            entry.as_json()
            for entry in self._journal
            if (agency is None or entry.agency == agency)
            and (request_id is None or entry.request_id == request_id)
            and (fault is None or entry.fault.value == fault)
        ]

    def decide(
        self, agency: str, request_id: str | None, id_number: str | None
    ) -> FaultDecision | None:
        """Count the attempt, draw its fault and journal it; None if the agency has no profile."""
        profile = self._profiles.get(agency)
        if profile is None:
            return None
        hashed = person_hash(id_number) if id_number is not None else None
        attempt = self._next_attempt(agency, request_id or "", hashed or "")
        fault_draw, jitter_draw = draws(
            profile.seed, agency, request_id or "", id_number or "", attempt
        )
        fault = choose_fault(profile, fault_draw)
        delay = (profile.latency_ms + jitter_draw * profile.jitter_ms) / 1000.0
        retry_after: int | None = None
        wait = self._take_token(agency, profile)
        if wait is not None:
            fault, retry_after = FaultKind.RATE_LIMITED, max(1, math.ceil(wait))
        elif fault is FaultKind.THROTTLE:
            retry_after = profile.retry_after_seconds
        elif fault is FaultKind.HANG:
            delay += profile.hang_seconds
        entry = JournalEntry(agency, request_id, hashed, attempt, fault)
        self._journal.append(entry)
        return FaultDecision(fault, delay, profile, entry, retry_after)

    def _next_attempt(self, agency: str, request_id: str, hashed_person: str) -> int:
        key = (agency, request_id, hashed_person)
        attempt = self._attempts.pop(key, 0) + 1
        self._attempts[key] = attempt
        if len(self._attempts) > ATTEMPT_KEYS_LIMIT:
            self._attempts.popitem(last=False)
        return attempt

    def _take_token(self, agency: str, profile: FaultProfile) -> float | None:
        if profile.rate_limit_per_second is None:
            return None
        now = self._clock()
        bucket = self._buckets.get(agency)
        if bucket is None:
            bucket = _TokenBucket(profile.rate_limit_per_second, profile.bucket_capacity(), now)
            self._buckets[agency] = bucket
        return bucket.take(now)

    def _require_agency(self, agency: str) -> None:
        if agency not in self.agencies:
            raise ValueError(f"unknown agency {agency!r} (known: {', '.join(self.agencies)})")
