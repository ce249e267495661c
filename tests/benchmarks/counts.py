"""Load-independent counts of one verification on PostgreSQL: round trips and commits.

The fan-out benchmark's figures are wall-clock ratios, noisy on a shared machine.  This
script counts what does not depend on the machine's load, for one verification at a time
(L = 0, one-member households, each request a person and an authorization of its own, as
the fan-out benchmark sends them):

- **round trips to PostgreSQL**: the service process's ``sendto``/``write`` system calls on
  its sockets to the database's port, traced with ``strace`` (each asyncpg operation —
  a statement, BEGIN, COMMIT — is one send, its answer awaited);
- **commits**: ``pg_stat_database.xact_commit`` of the service's database over the
  verifications, less those of an idle interval as long (the integrator's own transactions
  go on either way; its idle polls are counted apart, per second);
- **CPU**: the service's user + system CPU (``/proc``) per verification, without ``strace``
  (indicative only: this is sequential and the machine shared).

Needs ``strace`` and permission to trace the service (root, or ``ptrace_scope`` 0)::

    .venv/bin/python -m tests.benchmarks.counts --verifications 50
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import make_url

from tests.benchmarks.fanout import (
    Service,
    _session,
    agencies_process,
    select_people,
    service,
    sign_pool,
    verify_call_aiohttp,
)
from tests.benchmarks.harness import cpu_seconds, pg_database

PG_PORT = 5432


def _commits(database_url: str) -> int:
    import asyncpg

    url = make_url(database_url)

    async def read() -> int:
        connection = await asyncpg.connect(
            host=url.host, port=url.port or PG_PORT, user=url.username, database="postgres"
        )
        try:
            await connection.execute("SELECT pg_stat_clear_snapshot()")
            value = await connection.fetchval(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = $1", url.database
            )
        finally:
            await connection.close()
        return int(value)

    return asyncio.run(read())


def _settled_commits(database_url: str) -> int:
    # the statistics collector reports with a delay of up to ~0.5 s
    time.sleep(1.0)
    return _commits(database_url)


async def _sequential(svc: Service, count: int) -> None:
    async with _session() as session:
        call = verify_call_aiohttp(session, svc)
        for _ in range(count):
            await call()


def _sends_to_database(trace: str) -> int:
    pattern = re.compile(
        r"^\d*\s*(?:sendto|write|sendmsg)\((\d+)<TCP(?:v6)?:\[[^\]]*->[^\]]*:(\d+)\]>"
    )
    count = 0
    for line in trace.splitlines():
        match = pattern.match(line.split("] ", 1)[-1] if line.startswith("[pid") else line)
        if match and int(match.group(2)) == PG_PORT:
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verifications", type=int, default=50)
    parser.add_argument("--idle-seconds", type=float, default=5.0)
    args = parser.parse_args()
    n = args.verifications
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        agencies = stack.enter_context(agencies_process(workdir))
        people = workdir / "people.txt"
        people.write_text("\n".join(select_people(3 * n + 20)) + "\n")
        database_url = stack.enter_context(pg_database("counts"))
        (workdir / "svc").mkdir()
        svc = stack.enter_context(service(agencies.url, workdir / "svc", database_url))
        svc.requests = sign_pool(workdir / "svc", people)
        asyncio.run(_sequential(svc, 20))  # warm up: connections, prepared statements

        # idle: the integrator's own commits
        before = _settled_commits(database_url)
        time.sleep(args.idle_seconds)
        idle_per_second = (_settled_commits(database_url) - before - 0) / (args.idle_seconds + 1.0)

        # CPU and commits, untraced
        cpu_before, before, started = cpu_seconds(svc.pid), _commits(database_url), time.time()
        asyncio.run(_sequential(svc, n))
        cpu = cpu_seconds(svc.pid) - cpu_before
        commits = _settled_commits(database_url) - before
        elapsed = time.time() - started
        commits_per = (commits - idle_per_second * elapsed) / n

        # round trips, traced
        trace_file = workdir / "strace.txt"
        tracer = subprocess.Popen(
            [
                "strace",
                "-f",
                "-yy",
                "-qq",
                "-e",
                "trace=sendto,write,sendmsg",
                "-o",
                str(trace_file),
                "-p",
                str(svc.pid),
            ],
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        traced_started = time.time()
        asyncio.run(_sequential(svc, n))
        traced_elapsed = time.time() - traced_started
        tracer.send_signal(signal.SIGINT)
        tracer.wait(30)
        sends = _sends_to_database(trace_file.read_text(errors="replace"))
        # the idle sends in as long (the integrator's polls), measured apart
        tracer = subprocess.Popen(
            [
                "strace",
                "-f",
                "-yy",
                "-qq",
                "-e",
                "trace=sendto,write,sendmsg",
                "-o",
                str(trace_file),
                "-p",
                str(svc.pid),
            ],
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0 + args.idle_seconds)
        tracer.send_signal(signal.SIGINT)
        tracer.wait(30)
        idle_sends = _sends_to_database(trace_file.read_text(errors="replace")) / (
            args.idle_seconds + 1.0
        )
        print(f"verifications: {n} sequential (L = 0), PostgreSQL")
        print(
            "round trips to PostgreSQL a verification: "
            f"{(sends - idle_sends * traced_elapsed) / n:.2f}"
            f" (raw {sends / n:.2f}; idle {idle_sends:.2f}/s)"
        )
        print(
            f"commits a verification: {commits_per:.2f} (raw {commits / n:.2f}; "
            f"idle {idle_per_second:.2f}/s)"
        )
        print(
            f"service CPU a verification (sequential, indicative): {1000 * cpu / n:.2f} ms"
            f" ({n / elapsed:.1f}/s)"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
