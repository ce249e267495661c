"""Querying every (member, scope) pair concurrently within one deadline.

Connectors never raise, but the fan-out does not rely on it: a task that
fails anyway, or is still running at the deadline, becomes an ``unavailable``
result for its pair, so one source can never lose the others' answers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import replace
from typing import Any

import structlog

from connectors.sdk.contract import AnswersLater, Connector, PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import Attempt, SourceResult, SourceStatus, Ticket
from connectors.sdk.http import attempts_of

log = structlog.get_logger(__name__)

Pair = tuple[int, str]
CANCEL_GRACE_SECONDS = 0.25
Ask = Callable[[Pair, QueryContext], Coroutine[Any, Any, SourceResult]]


def all_pairs(member_count: int, scopes: Sequence[str]) -> list[Pair]:
    return [(index, scope) for index in range(member_count) for scope in scopes]


async def query_sources(
    connectors: Mapping[str, Connector],
    persons: Sequence[PersonQuery],
    pairs: Sequence[Pair],
    context: QueryContext,
) -> dict[Pair, SourceResult]:
    """Query each (member index, scope) pair of ``pairs`` concurrently.  A pair whose source
    is not installed (any more: a retry of one whose plugin was removed) is ``unavailable``."""
    return await start_queries(connectors, persons, pairs, context).results()


def start_queries(
    connectors: Mapping[str, Connector],
    persons: Sequence[PersonQuery],
    pairs: Sequence[Pair],
    context: QueryContext,
) -> Queries:
    """``query_sources`` in two steps: the queries' tasks are created now, so they run at the
    event loop's next turn, before anything the caller schedules after this call (their
    requests go out first); ``Queries.results`` waits for them."""
    absent = {pair: _not_installed(pair[1]) for pair in pairs if pair[1] not in connectors}

    async def ask(pair: Pair, context: QueryContext) -> SourceResult:
        return await connectors[pair[1]].query(persons[pair[0]], context)

    present = [pair for pair in pairs if pair not in absent]
    return _start_all(present, context, ask, absent)


async def collect_sources(
    connectors: Mapping[str, Connector],
    persons: Sequence[PersonQuery],
    tickets: Mapping[Pair, Ticket],
    context: QueryContext,
) -> dict[Pair, SourceResult]:
    """Ask each pair's agency, concurrently, for the answer it promised under its ticket:
    the answer, or ``pending`` again.  A source no longer installed, or whose connector
    cannot collect, is ``unavailable``."""
    absent = {
        pair: _not_installed(pair[1])
        for pair in tickets
        if not isinstance(connectors.get(pair[1]), AnswersLater)
    }

    async def ask(pair: Pair, context: QueryContext) -> SourceResult:
        connector = connectors[pair[1]]
        assert isinstance(connector, AnswersLater)
        return await connector.collect(tickets[pair], persons[pair[0]], context)

    present = [pair for pair in tickets if pair not in absent]
    return await _start_all(present, context, ask, absent).results()


def _start_all(
    pairs: Sequence[Pair], context: QueryContext, ask: Ask, absent: dict[Pair, SourceResult]
) -> Queries:
    """``ask`` for every pair at once, within the context's deadline: the tasks are created
    now; ``absent`` are the pairs already answered without asking."""
    # each query records its requests as it sends them, so a cancelled one still has them
    logs: dict[Pair, list[Attempt]] = {pair: [] for pair in pairs}
    tasks: dict[Pair, asyncio.Task[SourceResult]] = {
        pair: asyncio.create_task(ask(pair, replace(context, attempt_log=logs[pair])))
        for pair in pairs
    }
    return Queries(absent, tasks, logs, context.deadline)


class Queries:
    """The running queries of one fan-out (``start_queries``)."""

    def __init__(
        self,
        absent: dict[Pair, SourceResult],
        tasks: dict[Pair, asyncio.Task[SourceResult]],
        logs: dict[Pair, list[Attempt]],
        deadline: float,
    ) -> None:
        self._absent = absent
        self._tasks = tasks
        self._logs = logs
        self._deadline = deadline

    async def results(self) -> dict[Pair, SourceResult]:
        """Every pair's result, once all are done or the deadline (and its grace) passed: a
        query still running then is cancelled and ``unavailable``."""
        tasks = self._tasks
        if not tasks:
            return self._absent
        # connectors stop on their own at the deadline and report every attempt they made;
        # the grace period lets them, and the hard stop after it is only a backstop
        remaining = max(0.0, self._deadline - time.monotonic()) + CANCEL_GRACE_SECONDS
        _done, pending = await asyncio.wait(tasks.values(), timeout=remaining)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        return {
            **self._absent,
            **{pair: _result_of(pair, task, self._logs[pair]) for pair, task in tasks.items()},
        }


def _not_installed(scope: str) -> SourceResult:
    return SourceResult(
        scope,
        SourceStatus.UNAVAILABLE,
        reason="no connector of this source is installed",
        attempts=0,
        requests=0,
        reason_code=ReasonCode.NOT_INSTALLED,
    )


def _result_of(pair: Pair, task: asyncio.Task[SourceResult], sent: list[Attempt]) -> SourceResult:
    scope = pair[1]
    if task.cancelled():
        # the requests it had sent (the interrupted one logged as cancelled), to be audited;
        # a connector that does not use the SDK's session logs none
        return SourceResult(
            scope,
            SourceStatus.UNAVAILABLE,
            reason="cancelled after the verification deadline",
            attempts=attempts_of(sent),
            attempt_log=tuple(sent),
            requests=len(sent),
            reason_code=ReasonCode.CANCELLED,
        )
    error = task.exception()
    if error is not None:
        log.error("connector_raised", scope=scope, error=type(error).__name__)
        return SourceResult(
            scope,
            SourceStatus.UNAVAILABLE,
            reason=f"connector failed: {type(error).__name__}",
            reason_code=ReasonCode.CONNECTOR_FAILED,
            reason_params={"error": type(error).__name__},
        )
    return task.result()
