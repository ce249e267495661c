"""What the benchmark scripts share: the machine's state, processes' CPU and memory, databases.

- ``cpu_reference_seconds``: a fixed pure-Python workload, timed at the start and the end of
  every run, so that runs on different days (this VM's speed drifts by 2× and more) can be
  compared through it;
- ``MachineState``: that figure with the load average, at the start and end of a run;
- ``cpu_seconds`` / ``rss_mib`` / ``peak_rss_mib``: a process's CPU (user + system) and
  memory from ``/proc`` (Linux), no extra package;
- ``pg_database``: a fresh PostgreSQL database of the benchmark's own (``bench_<purpose>_<hex>``)
  on the local server, dropped afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url, text

# the CI machine's PostgreSQL (trust authentication); the database named here is only the one
# the benchmarks connect to in order to create and drop their own
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres")


def cpu_reference_seconds() -> float:
    """Seconds for a fixed pure-Python loop (best of five): this machine's speed now.

    The VM's speed varies severalfold between days; figures are comparable across runs only
    together with this one.  (The same loop since 2026-11-30: 38–41 ms that day.)
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


def hash_reference_seconds() -> float:
    """Seconds to SHA-256 64 MiB in 1 MiB pieces (best of three): C code, not the interpreter."""
    block = b"\x5a" * (1 << 20)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        digest = hashlib.sha256()
        for _ in range(64):
            digest.update(block)
        digest.digest()
        best = min(best, time.perf_counter() - started)
    return best


@dataclass(frozen=True)
class MachineState:
    """The CPU reference figures and the 1-minute load average at one moment."""

    loop_ms: float
    sha256_ms: float
    load_1min: float

    @classmethod
    def now(cls) -> MachineState:
        return cls(
            loop_ms=cpu_reference_seconds() * 1000,
            sha256_ms=hash_reference_seconds() * 1000,
            load_1min=os.getloadavg()[0],
        )


def machine_sentence(start: MachineState, end: MachineState) -> str:
    """How fast and how busy the machine was, for a section's opening paragraph."""
    return (
        f"CPU reference (lower is faster; a fixed pure-Python loop, best of five / SHA-256 of "
        f"64 MiB, best of three): {start.loop_ms:.0f} / {start.sha256_ms:.0f} ms at the start, "
        f"{end.loop_ms:.0f} / {end.sha256_ms:.0f} ms at the end; 1-minute load average "
        f"{start.load_1min:.1f} at the start, {end.load_1min:.1f} at the end ({os.cpu_count()} "
        "cores)."
    )


def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (``/proc/<pid>/stat``)."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_kib(pid: int, key: str) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return float(line.split()[1])
    return float("nan")


def rss_mib(pid: int) -> float:
    return _status_kib(pid, "VmRSS:") / 1024


def peak_rss_mib(pid: int) -> float:
    return _status_kib(pid, "VmHWM:") / 1024


def admin_url(server: str = PG_SERVER) -> str:
    return make_url(server).set(drivername="postgresql+asyncpg").render_as_string(False)


async def _admin(statement: str, server: str) -> None:
    from verification.db import create_engine

    engine = create_engine(admin_url(server), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@contextlib.contextmanager
def pg_database(purpose: str, server: str = PG_SERVER) -> Iterator[str]:
    """A new empty database ``bench_<purpose>_<hex>`` on ``server``; its asyncpg URL."""
    name = f"bench_{purpose}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"', server))
    try:
        yield make_url(admin_url(server)).set(database=name).render_as_string(False)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', server))


def pg_server_version(server: str = PG_SERVER) -> str:
    """The server's version, e.g. ``15.20``."""

    async def version() -> str:
        from verification.db import create_engine

        engine = create_engine(admin_url(server))
        try:
            async with engine.connect() as connection:
                return str((await connection.execute(text("SHOW server_version"))).scalar_one())
        finally:
            await engine.dispose()

    return asyncio.run(version()).split()[0]
