"""The distributed engine: batch items as procrastinate jobs over PostgreSQL.

Any number of ``verification worker`` processes, on any machines, share the
database.  Each job is a handful of items of one batch (``batch_job_items``), run at
once by ``review_items``, which runs ``review_item`` (the task code the in-process runner
runs too) for each: one job fetch and one finish for several items.  A job whose items
did not all end is retried whole; the items that did end are left alone by the retry
(``review_item`` is exactly-once in effect).  Two periodic tasks keep the engine honest:

- ``verification.recover`` (every ``worker_recovery_seconds``): jobs left
  ``doing`` by a worker whose heartbeat stopped (killed, machine lost) go back
  to ``todo``; batches whose jobs were never all deferred (the creating process
  died in between) are dispatched again; batches whose last item's process died before
  recording the batch's end are completed and their ``batch.completed`` published
  (``review.complete_ended_batches``).  Both are safe to repeat: the task is
  idempotent.
- the periodic runs (``verification.schedules.periodic_runs``, each a cron; registered by
  ``_register_periodic``, the same runs the in-process engine's ``runner.cron_loop`` runs):
  ``verification.schedule_due`` (``review_schedule``): a batch of everything due, per
  client; ``verification.compare_cross_lists`` (``cross_list_schedule``): the month's
  comparison of every current cross list not compared yet this Beijing month
  (``cross_lists/schedule.py``; idempotent per list and month);
  ``verification.retention_purge`` (``retention_schedule``): the retention purge under
  each region's policy (``retention/purge.py``; idempotent, each verification claimed by
  one run).

A third collects the answers agencies promised: ``verification.poll_sources`` (every
``pending_poll_seconds``) runs ``periodic.poll`` (``verifications.awaiting.poll_due``, and the
appeals past their decision deadline: ``appeal.overdue``); the tickets are rows,
so a killed worker's poll is simply done by the next run, on any worker.

Each worker also runs the sender of the webhook outbox (``webhooks.sender.sending``, with
``webhook_poll_seconds`` > 0), as ``verification serve`` does: a batch's events are
delivered with no API process up.  Senders lease each delivery, so any number may run.

A worker outlives the database: procrastinate's worker stops when a query fails (its
heartbeat, a fetch, the notification listener), so ``run_worker`` runs it under a
supervisor that starts it again — a new registration, a new connection pool — after a
growing pause (up to ``database_reconnect_max_seconds``), for as long as the process is
not asked to stop.  Jobs of the stopped run are taken up again by ``verification.recover``
once their worker's heartbeat is ``worker_stalled_seconds`` old.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
import uuid
from collections.abc import Sequence
from typing import Final

import procrastinate
import psycopg_pool
import structlog
from procrastinate.types import JSONDict
from sqlalchemy.engine import make_url

from verification.batches import repository
from verification.batches.periodic import PeriodicRun, poll
from verification.batches.review import complete_ended_batches, review_item
from verification.batches.shares import SourceShares
from verification.db import database_unavailable, utcnow
from verification.runtime import Runtime
from verification.settings import Settings
from verification.telemetry import tracing_for
from verification.webhooks.sender import sending

log = structlog.get_logger(__name__)

REVIEW_TASK = "verification.review_items"
SINGLE_REVIEW_TASK = "verification.review_item"  # jobs deferred before items were grouped
RECOVER_TASK = "verification.recover"
# connections a worker uses beside its items': the audit integrator, the outbox sender, the
# shares' heartbeat, the integrity rounds and the items' own reads between transactions
POOL_HEADROOM: Final = 8
SCHEDULE_TASK = "verification.schedule_due"
POLL_SOURCES_TASK = "verification.poll_sources"
CROSS_LIST_TASK = "verification.compare_cross_lists"
RETENTION_TASK = "verification.retention_purge"
QUEUE = "batches"
DEFER_CHUNK = 1000
REDISPATCH_AFTER = dt.timedelta(seconds=60)
RESTART_FIRST_PAUSE_SECONDS = 0.5  # doubling up to database_reconnect_max_seconds
RESTART_RESET_SECONDS = 60.0  # a run that lasted this long starts the pauses afresh


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as a libpq connection string (what psycopg takes)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class _LazyPool(psycopg_pool.AsyncConnectionPool):
    """Opens without waiting for a first connection: the API starts while the database
    is down (``/readyz`` says so) instead of failing its startup."""

    async def open(self, wait: bool = False, timeout: float = 30.0) -> None:  # noqa: ASYNC109 - the overridden signature
        await super().open(wait=False, timeout=timeout)


def build_app(
    runtime: Runtime,
    *,
    pool_size: int = 4,
    lazy: bool = False,
    periodic: Sequence[PeriodicRun] = (),
) -> procrastinate.App:
    """A procrastinate app whose tasks run against ``runtime``, with a periodic task for
    each of ``periodic``'s runs that has a cron."""
    settings = runtime.settings
    # one run more than an item allows: that last run ends the item as `gave-up` (a job
    # procrastinate gave up on would leave its item running for ever); a job of several
    # items needs no more, as every run counts an attempt of each item it leaves unfinished
    retry = procrastinate.RetryStrategy(
        max_attempts=settings.batch_max_attempts + 1, exponential_wait=2
    )
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(
            conninfo=libpq_url(settings.database_url),
            min_size=1,
            max_size=pool_size,
            pool_factory=_LazyPool if lazy else psycopg_pool.AsyncConnectionPool,
        )
    )

    @app.task(
        name=REVIEW_TASK,
        queue=QUEUE,
        retry=retry,
    )
    async def review(batch_id: str, household_ids: list[str]) -> None:
        # nothing may be written while the audit log fails its integrity check: the job
        # waits (its items keep their attempts) until the process is restarted
        await runtime.integrity.wait_writable()
        await review_items(runtime, uuid.UUID(batch_id), [uuid.UUID(h) for h in household_ids])

    @app.task(
        name=SINGLE_REVIEW_TASK,
        queue=QUEUE,
        retry=retry,
    )
    async def review_one(batch_id: str, household_id: str) -> None:
        await runtime.integrity.wait_writable()
        await review_item(runtime, uuid.UUID(batch_id), uuid.UUID(household_id))

    @app.periodic(cron=f"* * * * * */{settings.worker_recovery_seconds}")
    @app.task(name=RECOVER_TASK, queue=QUEUE, queueing_lock=RECOVER_TASK)
    async def recover(timestamp: int) -> None:
        await recover_stalled(runtime, app)

    @app.periodic(cron=f"* * * * * */{settings.pending_poll_seconds}")
    @app.task(name=POLL_SOURCES_TASK, queue=QUEUE, queueing_lock=POLL_SOURCES_TASK)
    async def poll_sources(timestamp: int) -> None:
        await runtime.integrity.wait_writable()
        await poll(runtime)

    for run in periodic:
        if run.cron:
            _register_periodic(app, runtime, run)

    return app


def _register_periodic(app: procrastinate.App, runtime: Runtime, run: PeriodicRun) -> None:
    """``run`` as a periodic task of its name: one job per cron time whichever worker defers
    it (procrastinate's periodic defers are unique per task and time; the queueing lock keeps
    one waiting), run with that time's business date once the audit log may be written."""

    async def periodic_task(timestamp: int) -> None:
        await runtime.integrity.wait_writable()
        at = dt.datetime.fromtimestamp(timestamp, dt.UTC)
        await run.run(runtime, runtime.business_date(at))

    task = app.task(name=run.name, queue=QUEUE, queueing_lock=run.name)(periodic_task)
    app.periodic(cron=run.cron)(task)


async def review_items(
    runtime: Runtime, batch_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> None:
    """Run one job's items at once; raise if any of them raised, so the job is retried."""
    outcomes = await asyncio.gather(
        *(review_item(runtime, batch_id, h) for h in household_ids), return_exceptions=True
    )
    cancelled = [
        o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, Exception)
    ]
    if cancelled:  # the worker is stopping
        raise cancelled[0]
    failed = [o for o in outcomes if isinstance(o, Exception)]
    if failed:
        raise ExceptionGroup(
            f"{len(failed)} of {len(household_ids)} items of the job failed", failed
        )


async def recover_stalled(runtime: Runtime, app: procrastinate.App) -> None:
    stalled = [
        job
        for task in (REVIEW_TASK, SINGLE_REVIEW_TASK)
        for job in await app.job_manager.get_stalled_jobs(
            task_name=task, seconds_since_heartbeat=runtime.settings.worker_stalled_seconds
        )
    ]
    for job in stalled:
        await app.job_manager.retry_job(job)
    if stalled:
        log.warning("stalled_jobs_retried", count=len(stalled))
    cutoff = utcnow() - REDISPATCH_AFTER
    async with runtime.read_session_factory() as session:
        lost = await repository.undispatched_batches(session, cutoff)
    dispatcher = ProcrastinateDispatcher(runtime, app)
    for batch_id in lost:
        log.warning("batch_redispatched", batch_id=str(batch_id))
        await dispatcher.dispatch(batch_id)
    await complete_ended_batches(runtime)


class ProcrastinateDispatcher:
    """Defers one job per ``batch_job_items`` pending items, then marks the batch dispatched."""

    def __init__(self, runtime: Runtime, app: procrastinate.App) -> None:
        self._rt = runtime
        self._app = app

    async def dispatch(self, batch_id: uuid.UUID) -> None:
        task = self._app.configure_task(REVIEW_TASK, queue=QUEUE)
        after = 0
        while True:
            async with self._rt.read_session_factory() as session:
                rows = await repository.pending_items_after(session, batch_id, after, DEFER_CHUNK)
            if not rows:
                break
            after = rows[-1].id
            size = self._rt.settings.batch_job_items
            jobs: list[JSONDict] = [
                {
                    "batch_id": str(batch_id),
                    "household_ids": [str(r.household_id) for r in rows[i : i + size]],
                }
                for i in range(0, len(rows), size)
            ]
            await task.batch_defer_async(*jobs)
        async with self._rt.transaction() as session:
            await repository.mark_dispatched(session, batch_id, utcnow())


def pool_for_items(settings: Settings, items: int) -> Settings:
    """``settings`` with a PostgreSQL pool that holds a connection for each of ``items`` run
    at once and for the process's own loops (``POOL_HEADROOM``), unless the operator set
    the pool's size (``VERIFICATION_DATABASE_POOL_SIZE``).  A smaller pool opens and closes
    a connection for every checkout beyond it — a new server process, its statements
    prepared again — and under load that churn grows until it is most of a batch's cost
    (docs/benchmarks.md History, 2026-12-07 02:00)."""
    wanted = items + POOL_HEADROOM
    if "database_pool_size" in settings.model_fields_set or wanted <= settings.database_pool_size:
        return settings
    return settings.model_copy(update={"database_pool_size": wanted})


async def run_worker(
    settings: Settings, concurrency: int | None = None, periodic: Sequence[PeriodicRun] = ()
) -> None:
    """One worker process: procrastinate's worker under a supervisor that starts it again
    whenever it stops or fails (the database went away), until SIGTERM or SIGINT.  With
    tracing on, each item's run is a trace of its own (``review_item``)."""
    runtime = Runtime.build(pool_for_items(settings, concurrency or settings.batch_concurrency))
    tracing = tracing_for(settings)
    if tracing:
        tracing.install(runtime)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    current: list[asyncio.Task[None]] = []  # the run of the worker going on

    def stop() -> None:  # graceful: procrastinate lets the running jobs finish
        stopping.set()
        for run in current:
            run.cancel()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)
    watch = asyncio.create_task(runtime.watch_logs(settings.audit_integrity_check_seconds))
    # a candidate for integrating the audit log's pending entries (one process leads)
    integrator = asyncio.create_task(runtime.run_integrators(), name="audit-integrator")
    pause = RESTART_FIRST_PAUSE_SECONDS
    try:
        # the sender of the webhook outbox runs here too: deliveries need no API process
        # up (webhooks/sender.py; none with webhook_poll_seconds 0)
        async with sending(runtime):
            while not stopping.is_set():
                started = loop.time()
                current[:] = [asyncio.create_task(_work(runtime, concurrency, periodic))]
                await _outcome(current[0], stopping)
                if stopping.is_set():
                    break
                if loop.time() - started > RESTART_RESET_SECONDS:  # it had been running well
                    pause = RESTART_FIRST_PAUSE_SECONDS
                log.info("worker_restarting", after_seconds=round(pause, 2))
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(pause):
                        await stopping.wait()
                pause = min(pause * 2, settings.database_reconnect_max_seconds)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        watch.cancel()
        integrator.cancel()
        await asyncio.gather(watch, integrator, return_exceptions=True)
        await runtime.aclose()
        if tracing:
            tracing.close()  # the spans still buffered are sent


async def _outcome(run: asyncio.Task[None], stopping: asyncio.Event) -> None:
    """Wait for one run of the worker to end, and log why it did."""
    try:
        await run
    except asyncio.CancelledError:
        if not stopping.is_set():
            raise  # this process is being cancelled, not stopped by a signal
    except Exception as error:
        if database_unavailable(error):
            log.warning("worker_lost_database", error=type(error).__name__)
        else:
            log.exception("worker_failed")
    else:
        if not stopping.is_set():
            log.warning("worker_stopped_by_itself")


async def _work(runtime: Runtime, concurrency: int | None, periodic: Sequence[PeriodicRun]) -> None:
    """One run of procrastinate's worker with its share of the agencies' limits; it
    returns when the worker stops, and raises when the database fails it."""
    settings = runtime.settings
    concurrency = concurrency or settings.batch_concurrency
    jobs_at_once = max(1, concurrency // settings.batch_job_items)
    # a new pool for every run
    app = build_app(runtime, pool_size=4, lazy=True, periodic=periodic)
    async with app.open_async(), SourceShares(runtime).held() as shares:
        runtime.dispatcher = ProcrastinateDispatcher(runtime, app)
        log.info(
            "worker_started",
            worker=str(shares.worker_id),
            items_at_once=concurrency,
            jobs_at_once=jobs_at_once,
        )
        await app.run_worker_async(
            queues=[QUEUE],
            name=f"verification-{shares.worker_id.hex[:8]}",
            concurrency=jobs_at_once,
            delete_jobs="successful",
            update_heartbeat_interval=max(1.0, settings.worker_stalled_seconds / 3),
            stalled_worker_timeout=settings.worker_stalled_seconds,
            install_signal_handlers=False,  # the supervisor's own handlers stop it
        )
