"""Shared fixtures: a migrated database, the real mock agencies, a running app.

The database is SQLite in a temporary directory, or — when
``VERIFICATION_TEST_DATABASE_URL`` names a PostgreSQL server — a fresh
database created on that server for this run and dropped afterwards.  Either
way it is built by ``alembic upgrade head``, as in production.

The leak watch (``LeakWatch``, installed by ``pytest_configure``) reads every
structlog line, every stdlib log record (as a production root handler would
render it, masking filter included) and every response body the ``api``
client receives, for the whole session; a test during which an unmasked ID
number appeared fails, naming the source (see tests/verification/test_no_leaks.py).

The problem watch (``tests/problem_watch.py``) reads every problem the ``api`` client
receives: one its operation does not declare in the OpenAPI document fails the test, and
``--problem-coverage=FILE`` writes which declared problems the run answered and which never.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog
from hypothesis import settings as hypothesis_settings
from sqlalchemy import insert, make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from mock_sources.scenarios import HOUSEHOLDS
from mock_sources.server import serve_in_thread
from tests.alone import MARKER as SERIAL
from tests.alone import Room
from tests.problem_watch import ProblemWatch, Triple, write_coverage
from verification.app import create_app
from verification.audit.log import GENESIS, HEAD_ID
from verification.audit.models import AuditEvent, AuditHead, AuditNode, AuditPending
from verification.authorization.signing import IssuerKeyPair
from verification.cli import migrate_database
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import Base, create_engine, create_session_factory, table
from verification.demo import ensure_demo
from verification.kit.id_number import is_valid
from verification.kit.masking import mask_id_number
from verification.logging import MaskingFilter
from verification.runtime import Runtime
from verification.settings import REPO_ROOT, Settings

PG_ENV = "VERIFICATION_TEST_DATABASE_URL"
SCENARIO_ID_NUMBERS = frozenset(m.id_number for h in HOUSEHOLDS for m in h.members)

# ---------------------------------------------------------------------------- the leak watch

# anything shaped like an 18-character ID number; reported only if GB 11643 accepts it
_ID_SHAPED = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
# a hex digest (a leaf hash, a SHA-256): 32 or more hex characters, letters among them. One in
# about two thousand holds 18 digits in a row that GB 11643 accepts, and an audit export serves
# thousands, so the shape check skips them (a scenario person's number is still found there)
_HEX_DIGEST = re.compile(r"(?<![0-9A-Za-z])(?=[0-9]*[a-fA-F])[0-9a-fA-F]{32,}(?![0-9A-Za-z])")

# Speed is measured by the benchmark scripts, never by a test: Hypothesis's per-example
# deadline (200 ms) fails a correct property on a loaded machine, so it is off everywhere.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")


@dataclass(frozen=True)
class Leak:
    test: str
    source: str
    excerpt: str  # with the number itself masked, so the report does not leak it again


class LeakWatch:
    """Scans log lines and response bodies for unmasked ID numbers, remembering the test."""

    def __init__(self, known_id_numbers: Iterable[str]) -> None:
        self.test = "(outside any test)"
        self.leaks: list[Leak] = []
        self.scanned: Counter[str] = Counter()  # texts scanned, per kind of source
        self.reported = 0  # leaks before this index were reported against their test
        self._known = re.compile("|".join(map(re.escape, sorted(known_id_numbers))), re.I)

    def find(self, text: str) -> set[str]:
        """The unmasked ID numbers in ``text``: scenario people's, and any valid one."""
        found = {m.group(0).upper() for m in self._known.finditer(text)}
        shaped = _ID_SHAPED.findall(_HEX_DIGEST.sub(" ", text))
        return found | {m.upper() for m in shaped if is_valid(m.upper())}

    def scan(self, text: str, source: str) -> None:
        self.scanned[source.split(" ", 1)[0]] += 1
        for value in sorted(self.find(text)):
            at = text.upper().find(value)
            excerpt = re.sub(
                re.escape(value), mask_id_number(value), text[max(0, at - 80) : at + 98], flags=re.I
            )
            self.leaks.append(Leak(self.test, source, excerpt))

    def withdraw(self, since: int) -> list[Leak]:
        """Take back the leaks recorded from index ``since`` (for tests of the watch itself)."""
        taken = self.leaks[since:]
        del self.leaks[since:]
        self.reported = min(self.reported, since)
        return taken

    def take_new(self) -> list[Leak]:
        new, self.reported = self.leaks[self.reported :], len(self.leaks)
        return new

    async def on_response(self, response: httpx.Response) -> None:
        """httpx response hook: reads the body (cheap: the ASGI transport buffers it)."""
        await response.aread()
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        request = response.request
        self.scan(
            headers + "\n" + response.content.decode("utf-8", "replace"),
            f"response {request.method} {request.url.path} ({response.status_code})",
        )


class _EmulatedMasking(MaskingFilter):
    """Marks the watch handler as guarded, so ``configure_logging`` adds no filter that
    would rewrite records for the other handlers; the watch masks a copy instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return True


class _LogWatchHandler(logging.Handler):
    """Renders each stdlib record as a production root handler would (masking filter,
    message, traceback, stack) and hands the line to the watch."""

    def __init__(self, watch: LeakWatch) -> None:
        super().__init__(logging.NOTSET)
        self.watch = watch
        self.masking = MaskingFilter()
        self.addFilter(_EmulatedMasking())
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        copy = logging.makeLogRecord(record.__dict__)
        self.masking.filter(copy)
        self.watch.scan(self.format(copy), f"log {record.name}")


_PRINT_LOGGER_METHODS = (
    *("msg", "log", "debug", "info", "warn", "warning"),
    *("fatal", "failure", "err", "error", "critical", "exception"),
)


def _watch_structlog(watch: LeakWatch) -> Callable[[], None]:
    """Route every rendered structlog line (PrintLogger, as ``configure_logging``
    sets up) through the watch; returns the undo."""
    saved = {name: structlog.PrintLogger.__dict__[name] for name in _PRINT_LOGGER_METHODS}
    original = saved["msg"]

    def msg(self: structlog.PrintLogger, message: str) -> None:
        watch.scan(str(message), "structlog")
        original(self, message)

    def undo() -> None:
        for name, method in saved.items():
            setattr(structlog.PrintLogger, name, method)

    for name in _PRINT_LOGGER_METHODS:
        setattr(structlog.PrintLogger, name, msg)
    return undo


_LEAK_WATCH = pytest.StashKey[LeakWatch]()
_PROBLEM_WATCH = pytest.StashKey[ProblemWatch]()
_OBSERVED = pytest.StashKey[set[Triple]]()  # gathered from the xdist workers
_UNDO = pytest.StashKey[Callable[[], None]]()
_ROOM = pytest.StashKey[Room]()

# the pytest-xdist worker this process is ("gw0", "gw1", ...), "" when the run is not parallel
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--problem-coverage",
        metavar="FILE",
        help="write the (operation, status, code) problems the run answered, and the "
        "declared ones it never did, as JSON (tests/problem_watch.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    document = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    config.stash[_PROBLEM_WATCH] = ProblemWatch(document)
    config.stash[_OBSERVED] = set()
    if WORKER:
        # xdist gives each worker <the run's basetemp>/<worker>: the parent is the run's
        config.stash[_ROOM] = Room(Path(config.getoption("basetemp")).parent)
    watch = LeakWatch(SCENARIO_ID_NUMBERS)
    handler = _LogWatchHandler(watch)
    logging.getLogger().addHandler(handler)
    undo_structlog = _watch_structlog(watch)

    def undo() -> None:
        undo_structlog()
        logging.getLogger().removeHandler(handler)

    config.stash[_LEAK_WATCH] = watch
    config.stash[_UNDO] = undo


def pytest_unconfigure(config: pytest.Config) -> None:
    if _UNDO in config.stash:
        config.stash[_UNDO]()
    if _ROOM in config.stash:
        config.stash[_ROOM].close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    watch = item.config.stash[_LEAK_WATCH]
    watch.test = item.config.stash[_PROBLEM_WATCH].test = item.nodeid
    room = item.config.stash.get(_ROOM, None)
    if room is None:
        yield
    else:
        # setup, call and teardown (module and session fixtures' included) inside the room
        with room.alone() if item.get_closest_marker(SERIAL) else room.shared():
            yield
    watch.test = "(between tests)"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """A phase during which an unmasked ID number was logged or served fails, naming it;
    so does one answered with a problem its operation does not declare in the OpenAPI."""
    outcome = yield
    leaks = item.config.stash[_LEAK_WATCH].take_new()
    undeclared = item.config.stash[_PROBLEM_WATCH].take_new()
    if not leaks and not undeclared:
        return
    report = outcome.get_result()
    lines = []
    if leaks:
        lines += [f"{len(leaks)} unmasked ID number(s) leaked during {item.nodeid} ({call.when}):"]
        lines += [f"  {leak.source}: ...{leak.excerpt}..." for leak in leaks[:20]]
    if undeclared:
        lines += [
            f"{len(undeclared)} problem(s) answered that the OpenAPI document does not declare "
            f"on the operation, during {item.nodeid} ({call.when}): add the operationId to the "
            "code's `operations` in services/verification/problem_types.py, then run "
            "`verification openapi`"
        ]
        lines += [f"  {v.request}: {v.triple}" for v in undeclared[:20]]
    report.outcome = "failed"
    report.longrepr = "\n".join(lines)


def pytest_testnodedown(node: Any, error: object) -> None:
    """xdist controller: gather a finished worker's observed problems."""
    observed = getattr(node, "workeroutput", {}).get("problems_observed", [])
    node.config.stash[_OBSERVED].update(tuple(t) for t in observed)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Leaks outside any test phase (collection, session teardown) fail the run too."""
    config = session.config
    if _PROBLEM_WATCH in config.stash:
        watch = config.stash[_PROBLEM_WATCH]
        if hasattr(config, "workeroutput"):  # an xdist worker: the controller writes the file
            config.workeroutput["problems_observed"] = sorted(watch.observed)
        elif config.getoption("problem_coverage"):
            observed = watch.observed | config.stash[_OBSERVED]
            write_coverage(Path(config.getoption("problem_coverage")), watch, observed)
    if _LEAK_WATCH not in session.config.stash:
        return
    leaks = session.config.stash[_LEAK_WATCH].take_new()
    if not leaks:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"LEAK WATCH: {len(leaks)} unmasked ID number(s) outside the tests' phases:"]
    lines += [f"  after {leak.test} — {leak.source}: ...{leak.excerpt}..." for leak in leaks[:20]]
    if reporter is not None:
        reporter.write_line("\n".join(lines), red=True, bold=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def leak_watch(pytestconfig: pytest.Config) -> LeakWatch:
    return pytestconfig.stash[_LEAK_WATCH]


# ---------------------------------------------------------------------------- databases


def _pg_admin_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


async def _create_pg_database(server_url: str) -> str:
    # the server URL's database name, this worker's id and a run's own suffix (two runs or
    # two checkouts may share the server): test_gw0_1f2e3d4c5b
    base = make_url(server_url).database or "verification_test"
    name = "_".join(filter(None, (base[:40], WORKER, uuid.uuid4().hex[:10])))
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def _drop_pg_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await engine.dispose()


async def create_scratch_log(connection: AsyncConnection) -> None:
    """The audit log's tables alone, without the database guards, and its genesis head."""
    await connection.run_sync(
        Base.metadata.create_all,
        tables=[table(AuditEvent), table(AuditNode), table(AuditHead), table(AuditPending)],
    )
    await connection.execute(
        insert(AuditHead).values(id=HEAD_ID, size=0, chain_hash=GENESIS.hex(), compact_range=b"")
    )


@contextmanager
def fresh_database(directory: Path) -> Iterator[str]:
    """A new empty database: SQLite under ``directory``, or one on the PostgreSQL server."""
    server = os.environ.get(PG_ENV)
    if not server:
        yield f"sqlite+aiosqlite:///{directory / 'verification.db'}"
        return
    admin = _pg_admin_url(server)
    url = asyncio.run(_create_pg_database(admin))
    try:
        yield url
    finally:
        asyncio.run(_drop_pg_database(admin, url))


# the CI machine's PostgreSQL, for the tests that need a real server in every suite (roles,
# workers): VERIFICATION_TEST_DATABASE_URL's server when it is set
CI_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def real_postgres_database() -> Iterator[str]:
    """A new empty database on the real PostgreSQL server, whichever suite runs."""
    admin = _pg_admin_url(os.environ.get(PG_ENV) or CI_POSTGRES)
    url = asyncio.run(_create_pg_database(admin))
    try:
        yield url
    finally:
        asyncio.run(_drop_pg_database(admin, url))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def mock_sources_url() -> Iterator[str]:
    with serve_in_thread() as url:
        yield url


@pytest.fixture(scope="session")
def settings(
    database_url: str, mock_sources_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    port = int(mock_sources_url.rsplit(":", 1)[1])
    settings = Settings(
        database_url=database_url,
        data_dir=tmp_path_factory.mktemp("data"),
        mock_sources_port=port,
        log_format="json",
        verification_deadline_seconds=10,
        # the suite runs batches in-process on both databases; the procrastinate workers
        # have tests of their own (tests/verification/batches/test_workers.py)
        batch_engine="inprocess",
        batch_poll_seconds=0.2,
        review_schedule="",
        retention_schedule="",
        # the monthly cross-list comparison is driven by its tests with a date of their own
        # (tests/verification/cross_lists/)
        cross_list_schedule="",
        # one app serves the whole session: its rate limits have tests of their own
        # (tests/verification/test_rate_limits.py)
        rate_limit_client_per_second=0,
        rate_limit_address_per_second=0,
        # the webhook tests drive the sender themselves, with a clock of their own
        # (tests/verification/webhooks/)
        webhook_poll_seconds=0,
    )
    migrate_database(settings)
    return settings


@dataclass
class Api:
    http: httpx.AsyncClient
    runtime: Runtime
    settings: Settings
    issuer_key: IssuerKeyPair
    token: str  # the demo case system
    other_token: str  # a second case system, same issuer
    auditor_token: str

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self.runtime.session_factory

    async def drain(self) -> int:
        """Integrate every audit entry pending now (the app's integrator would, within
        ``audit_integrate_poll_seconds``): what a test does before it reads the log."""
        return await self.runtime.drain()


@pytest.fixture(scope="session")
async def api(
    settings: Settings, leak_watch: LeakWatch, pytestconfig: pytest.Config
) -> AsyncIterator[Api]:
    problem_watch = pytestconfig.stash[_PROBLEM_WATCH]
    demo = await ensure_demo(settings)
    engine = create_engine(settings.database_url)
    async with create_session_factory(engine)() as session, session.begin():
        _, other = await create_client(
            session,
            name="other case system",
            role=Role.CASE_SYSTEM,
            issuers=[demo.key_pair.issuer],
            region_prefixes=["45"],
            actor="test",
        )
        _, auditor = await create_client(
            session, name="auditor", role=Role.AUDITOR, issuers=[], region_prefixes=[], actor="test"
        )
    await engine.dispose()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://testserver",
            event_hooks={"response": [leak_watch.on_response, problem_watch.on_response]},
        ) as http:
            yield Api(
                http=http,
                runtime=app.state.runtime,
                settings=settings,
                issuer_key=demo.key_pair,
                token=demo.token,
                other_token=other,
                auditor_token=auditor,
            )
