"""What the running service is made of, built once by the lifespan or the CLI.

``Runtime`` holds the engine, session factory, key ring, audit log, policy
policies in force and connectors; routes reach it through a typed dependency and
nothing is built at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from connectors.sdk.contract import Connector, ConnectorConfig
from connectors.sdk.discovery import installed_sources
from connectors.sdk.limits import ConcurrencyLimit
from connectors.sdk.registry import build_connectors
from verification.audit.committer import OwnTransaction
from verification.audit.integrity import LogIntegrity
from verification.audit.log import RECORDED_SIGNAL, WRITE_GUARD, AuditLog
from verification.audit.models import SANDBOX, Stream
from verification.audit.sequencer import Integrator
from verification.db import (
    Transactions,
    create_engine,
    create_session_factory,
    database_unavailable,
    is_sqlite,
    utcnow,
)
from verification.kit.business_date import business_date
from verification.kit.crypto import (
    KeyRing,
    KeyRingError,
    load_or_create_keyring,
    load_or_create_signing_key,
)
from verification.kit.lookup_cache import LookupCache
from verification.policies.in_force import PoliciesInForce
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.problems import SandboxNotConfigured
from verification.procedure.calendar import WorkingDayCalendar
from verification.procedure.calendar import load as load_calendar
from verification.settings import Settings

if TYPE_CHECKING:  # the values the lookups keep; the runtime imports neither package
    from verification.authorization.jws import RegisteredKey
    from verification.clients.models import ApiClient

log = structlog.get_logger(__name__)


def _keyring(settings: Settings) -> KeyRing:
    path = settings.resolved_key_file()
    if settings.may_generate_keys():
        return load_or_create_keyring(path)
    if not path.exists():
        raise KeyRingError(
            f"key file {path} is missing (keys are generated only in demo mode with "
            "VERIFICATION_GENERATE_MISSING_KEYS=true)"
        )
    return KeyRing.from_json(path.read_text())


def _config(settings: Settings, scope: str, base_url: str) -> ConnectorConfig:
    """Source ``scope``'s connector settings, at ``base_url``."""
    return ConnectorConfig(
        base_url=base_url,
        **settings.source_settings(scope).model_dump(exclude={"base_url", "callback_secret"}),
    )


def _limits(configs: dict[str, ConnectorConfig]) -> dict[str, ConcurrencyLimit]:
    return {scope: ConcurrencyLimit(config.max_concurrency) for scope, config in configs.items()}


class Dispatcher(Protocol):
    """How a committed batch's pending items reach the batch engine; safe to call again.
    The batch engines implement it (``batches/runner.py``, ``batches/jobs.py``); the runtime
    only holds the one in use, so it needs nothing of ``batches``."""

    async def dispatch(self, batch_id: uuid.UUID) -> None: ...


class NoDispatcher:
    """No batch engine in this process (a worker elsewhere, or recovery, picks the batch
    up)."""

    async def dispatch(self, batch_id: uuid.UUID) -> None:
        return None


# a batch item's run (its batch's id, its household's id) as one trace: what the item's
# run does inside it is traced under it
ItemTrace = Callable[[uuid.UUID, uuid.UUID], AbstractContextManager[object]]


class _Wake:
    """The sessions' ``RECORDED_SIGNAL``: wakes the runtime's integrators (made after the
    sessions they integrate with)."""

    integrators: tuple[Integrator, ...] = ()

    def __call__(self) -> None:
        for integrator in self.integrators:
            integrator.wake()


def untraced(_batch_id: uuid.UUID, _household_id: uuid.UUID) -> AbstractContextManager[object]:
    return contextlib.nullcontext()


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    transaction: Transactions  # every write goes through here
    read_engine: AsyncEngine
    read_session_factory: async_sessionmaker[AsyncSession]  # lookups that never write
    keyring: KeyRing
    audit: AuditLog  # records audit entries (pending until integrated)
    # a write that records its audit entries, in a transaction of its own
    own_writes: OwnTransaction
    audit_key: Ed25519PrivateKey  # signs checkpoints
    # the log against its latest checkpoint; refuses every audit entry once it fails
    integrity: LogIntegrity
    # the sandbox's log against its own latest checkpoint: once it fails, the sandbox's log
    # is no longer integrated or signed (its entries stay pending); production's goes on
    sandbox_integrity: LogIntegrity
    # this process's candidate for integrating the pending entries (the lifespan and the
    # worker run it) and signing checkpoints, of both logs: production's and the sandbox's
    # (its own tables, origin and checkpoints: docs/decisions/0013-sandbox.md)
    integrator: Integrator
    layers: LayerSet  # the layered national policy (VERIFICATION_LAYERS_DIR)
    # China's working days: the chinesecalendar package's years and the operators' year
    # files (VERIFICATION_CALENDAR_DIR, ADR 0028)
    calendar: WorkingDayCalendar
    # what a verification applies: the layers resolved for its region on its date (cached)
    policies: PoliciesInForce
    connectors: dict[str, Connector]  # one per installed source (connectors.sdk.discovery)
    # each source's in-flight limit; batch workers shrink them to their share
    limits: dict[str, ConcurrencyLimit]
    # the same sources at the sandbox agencies (settings.sandbox_sources_root), with limits
    # and breakers of their own; None: this deployment has no sandbox
    sandbox_connectors: dict[str, Connector] | None
    # what the bearer-token and signing-key lookups found, kept
    # settings.credential_cache_seconds (clients.service.ClientsByToken,
    # authorization.issuer_keys.CachedKeys read through them)
    token_cache: LookupCache[str, ApiClient]
    key_cache: LookupCache[str, RegisteredKey]
    # how new batches reach the engine; the lifespan or the worker sets it
    dispatcher: Dispatcher = field(default_factory=NoDispatcher)
    # untraced unless tracing is on (``Tracing.instrument_runtime`` sets it)
    trace_item: ItemTrace = untraced

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        patience = settings.sqlite_busy_timeout_seconds
        engine = create_engine(
            settings.database_url,
            sqlite_busy_timeout=patience,
            pool_size=settings.database_pool_size,
        )
        # reads: on SQLite, an engine of deferred transactions (not queued behind the writer);
        # on PostgreSQL, the same pool in autocommit (SQLAlchemy's documented
        # ``isolation_level="AUTOCOMMIT"``): a lookup is one round trip instead of BEGIN,
        # SELECT, ROLLBACK, and under READ COMMITTED each statement saw its own snapshot anyway
        read_engine = (
            create_engine(settings.database_url, writer=False, sqlite_busy_timeout=patience)
            if is_sqlite(settings.database_url)
            else engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        read_session_factory = create_session_factory(read_engine)
        keyring = _keyring(settings)
        audit_key = load_or_create_signing_key(
            settings.resolved_audit_key_file(), create=settings.may_generate_keys()
        )
        integrity = LogIntegrity(
            read_session_factory,
            public_key=audit_key.public_key(),
            origin=settings.audit_origin,
            retry_after=settings.database_retry_after_seconds,
        )
        sandbox_integrity = LogIntegrity(
            read_session_factory,
            public_key=audit_key.public_key(),
            origin=settings.sandbox_origin(),
            retry_after=settings.database_retry_after_seconds,
            stream=SANDBOX,
        )
        # every write session asks the integrity verdict before it records an audit entry,
        # and wakes the integrator when it commits entries
        wake = _Wake()
        session_factory = create_session_factory(
            engine, info={WRITE_GUARD: integrity, RECORDED_SIGNAL: wake}
        )
        scopes = installed_sources().scopes  # every installed connector, in scope order
        configs = {
            scope: _config(settings, scope, settings.source_base_url(scope)) for scope in scopes
        }
        limits = _limits(configs)
        sandbox_urls = {scope: settings.sandbox_source_base_url(scope) for scope in scopes}
        sandbox_configs = {
            scope: _config(settings, scope, url)
            for scope, url in sandbox_urls.items()
            if url is not None
        }
        transaction = Transactions(session_factory, serialize=is_sqlite(settings.database_url))
        layers = LayerSet.from_dir(settings.layers_dir or default_layers_dir())
        calendar = load_calendar(settings.resolved_calendar_dir())
        integrator = Integrator(
            database_url=settings.database_url,
            transaction=transaction,
            # the sandbox's log stops too when the production log fails its check
            integrity=integrity,
            key=audit_key,
            origin=settings.audit_origin,
            sandbox_origin=settings.sandbox_origin(),
            sandbox_integrity=sandbox_integrity,
            poll_seconds=settings.audit_integrate_poll_seconds,
            idle_poll_seconds=settings.audit_integrate_idle_poll_seconds,
            checkpoint_interval_seconds=settings.checkpoint_interval_seconds,
            retry_seconds=settings.audit_integrator_retry_seconds,
            batch=settings.audit_integrate_batch,
            # an idle poll reads: SQLite, through the reader engine, not the write lock;
            # PostgreSQL, in autocommit (one round trip, no transaction)
            probe=read_session_factory,
            gather_seconds=settings.audit_integrate_gather_seconds,
        )
        wake.integrators = (integrator,)
        return cls(
            settings=settings,
            engine=engine,
            session_factory=session_factory,
            transaction=transaction,
            read_engine=read_engine,
            read_session_factory=read_session_factory,
            keyring=keyring,
            audit=AuditLog(transaction),
            own_writes=OwnTransaction(transaction),
            audit_key=audit_key,
            integrity=integrity,
            sandbox_integrity=sandbox_integrity,
            integrator=integrator,
            layers=layers,
            calendar=calendar,
            policies=PoliciesInForce(layers),
            connectors=build_connectors(configs, limits=limits),
            limits=limits,
            sandbox_connectors=(
                build_connectors(sandbox_configs, limits=_limits(sandbox_configs))
                if settings.sandbox_sources_root() is not None
                else None
            ),
            token_cache=LookupCache(settings.credential_cache_seconds),
            key_cache=LookupCache(settings.credential_cache_seconds),
        )

    def audit_origin(self, stream: Stream) -> str:
        """The origin ``stream``'s checkpoints name (the sandbox's log has its own)."""
        return self.integrator.origin(stream)

    def sources(self, *, sandbox: bool) -> dict[str, Connector]:
        """The connectors a client's verification asks, by its environment: the one place
        a sandbox client's work is routed to the sandbox agencies (docs/integrators/
        sandbox.md).  ``SandboxNotConfigured`` for a sandbox client when the deployment has
        none."""
        if not sandbox:
            return self.connectors
        if self.sandbox_connectors is None:
            raise SandboxNotConfigured(
                "this deployment has no sandbox agencies configured "
                "(VERIFICATION_SANDBOX_SOURCES_URL); a sandbox client cannot verify here"
            )
        return self.sandbox_connectors

    async def drain(self, *, checkpoint: bool = False) -> int:
        """Integrate every audit entry pending now, in both logs (and with ``checkpoint``
        sign a checkpoint of each): what a test does before it reads the log; the entries
        integrated."""
        return await self.integrator.drain(checkpoint=checkpoint)

    async def run_integrators(self) -> None:
        """Be this process's candidate for integrating both logs (one candidate, one lock),
        until cancelled."""
        await self.integrator.run()

    async def watch_logs(self, interval: float) -> None:
        """A full integrity round of each log (``LogIntegrity.watch``) now and every
        ``interval`` seconds, until cancelled."""
        await asyncio.gather(self.integrity.watch(interval), self.sandbox_integrity.watch(interval))

    async def prepare_log(self) -> None:
        """At start: compare the log with its latest checkpoint (the quick round of
        ``LogIntegrity``), then, if it matches, integrate the entries pending (recorded while
        no integrator ran) and, if no checkpoint covers the whole log, sign one, so the
        checkpoint an auditor fetches is current from the first request.  An empty log gets
        none (there is nothing to commit to).  With the database unreachable this is left to
        the integrator (the service starts all the same; ``/readyz`` says why it is not
        ready)."""
        try:
            if await self.integrity.check(full=False) == "broken":
                return
            # a sandbox log that fails is left as it is (not integrated nor signed)
            await self.sandbox_integrity.check(full=False)
            await self.drain(checkpoint=True)
        except Exception as error:
            if not database_unavailable(error):
                raise
            log.warning("audit_log_start_check_postponed", error=type(error).__name__)

    def business_date(self, instant: dt.datetime) -> dt.date:
        """The day ``instant`` falls on in the deployment's time zone (``settings.timezone``):
        what every business date — assessment, 公示, enrolment, review, due list — is."""
        return business_date(instant, self.settings.timezone)

    def today(self) -> dt.date:
        """Today's business date, in the deployment's time zone."""
        return self.business_date(utcnow())

    async def aclose(self) -> None:
        # the credentials' background refreshes first: they use the engines
        await self.token_cache.settled()
        await self.key_cache.settled()
        for connector in [*self.connectors.values(), *(self.sandbox_connectors or {}).values()]:
            await connector.aclose()
        for engine in self.pooled_engines():
            await engine.dispose()

    def pooled_engines(self) -> list[AsyncEngine]:
        """The engines with a pool of their own: the writers', and on SQLite the readers'
        (on PostgreSQL the read engine is the writers' pool in autocommit)."""
        if self.read_engine.sync_engine.pool is self.engine.sync_engine.pool:
            return [self.engine]
        return [self.engine, self.read_engine]
