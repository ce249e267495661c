"""Per-agency request statistics: requests in flight, their peak, and a count.

``AgencyStats`` (one per app, on ``app.state.stats``) holds three counters
per agency; ``InFlightCounter``, the outermost ASGI layer, keeps them for
every request whose path falls under an agency's prefix, from its arrival
until the app is done with it, so injected latency and hangs count as in
flight (a client that leaves ends it).  ``mock_sources.stats_routes`` serves
them under ``/_stats``.  With several clients (say, several worker processes)
sharing one mock server, ``peak_in_flight`` is what they had in flight
together: the figure to hold against an agency's global concurrency limit.

Everything is touched only from the app's event loop, and never across an
await, so plain integers do: no lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from starlette.types import ASGIApp, Receive, Scope, Send


@dataclass(slots=True)
class AgencyCounters:
    in_flight: int = 0  # requests arrived and not yet finished
    peak_in_flight: int = 0  # the most in flight at once since the last reset
    requests: int = 0  # requests arrived since the last reset


class AgencyStats:
    """The counters of one app's agencies."""

    def __init__(self, agencies: Iterable[str]) -> None:
        self._counters = {agency: AgencyCounters() for agency in agencies}

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(self._counters)

    def is_agency(self, agency: str) -> bool:
        return agency in self._counters

    def counters(self, agency: str) -> AgencyCounters:
        """A copy of ``agency``'s counters now."""
        return AgencyCounters(**asdict(self._counters[agency]))

    def started(self, agency: str) -> None:
        counters = self._counters[agency]
        counters.requests += 1
        counters.in_flight += 1
        counters.peak_in_flight = max(counters.peak_in_flight, counters.in_flight)

    def finished(self, agency: str) -> None:
        self._counters[agency].in_flight -= 1

    def snapshot(self) -> dict[str, dict[str, int]]:
        """Every agency's counters, as ``GET /_stats`` answers them under ``agencies``."""
        return {agency: asdict(counters) for agency, counters in self._counters.items()}

    def reset(self) -> None:
        """Forget counts and peaks; requests still in flight stay counted (and are the new peak)."""
        for counters in self._counters.values():
            counters.requests = 0
            counters.peak_in_flight = counters.in_flight


class InFlightCounter:
    """ASGI middleware counting each agency's requests in ``AgencyStats``.

    ``prefixes`` maps each agency to its path prefix (``/tax``); a request
    belongs to an agency when its path is the prefix or lies under it.
    """

    def __init__(self, app: ASGIApp, stats: AgencyStats, prefixes: Mapping[str, str]) -> None:
        self.app = app
        self.stats = stats
        self.prefixes = tuple(prefixes.items())

    def agency_of(self, path: str) -> str | None:
        for agency, prefix in self.prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                return agency
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        agency = self.agency_of(scope["path"]) if scope["type"] == "http" else None
        if agency is None:
            await self.app(scope, receive, send)
            return
        self.stats.started(agency)
        try:
            await self.app(scope, receive, send)
        finally:
            self.stats.finished(agency)
