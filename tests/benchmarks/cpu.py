"""CPU per verification of one API process on PostgreSQL, and where it goes.

The fan-out benchmark's throughput is a wall-clock figure, noise on a shared machine.  The
service is CPU-bound (throughput ≈ 1 ÷ CPU per verification), and its CPU time per
verification — user + system, ``/proc/<pid>/stat``, over a window ÷ the verifications
completed in it — moves far less with the machine's other load.  This script measures it
the way the fan-out benchmark does (``fanout.service_rate``: ``--clients`` concurrent
clients, L = 0, one-member households, each request a person and an authorization of its
own), in ``--rounds`` windows, and prints each window's figure and their median.

``--against COMMIT`` runs that commit's service beside this code's (its own cached
checkout and environment, ``baseline.py``; its own database; the same mock agencies), the
two alternating window by window, so that an A/B of two commits sees the same moments of
the machine.  ``--profile FILE`` attaches ``py-spy`` (installed apart:
``.venv/bin/pip install py-spy``) to this code's process for one more window and writes its
raw (collapsed) stacks to ``FILE``; ``--by-layer`` then attributes them by layer
(``profile_layers.py``)::

    .venv/bin/python -m tests.benchmarks.cpu --rounds 5 --seconds 8
    .venv/bin/python -m tests.benchmarks.cpu --against HEAD~1 --rounds 6
    .venv/bin/python -m tests.benchmarks.cpu --rounds 0 --profile /tmp/stacks.txt

``--scopes`` limits the agencies this code's requests authorize, and so asks: with
``--against 55058e7 --scopes hukou,vehicle,housing,bank,tax,provident_fund`` both codes ask
the same six agencies (that commit knows no other), the like-for-like comparison of issue
#17's CPU target, which was set before issue #20 made a verification ask ten.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.baseline import ensure_baseline
from tests.benchmarks.fanout import (
    BIN,
    Service,
    _loops,
    _run,
    _session,
    agencies_process,
    select_people,
    service,
    sign_pool,
    verify_call_aiohttp,
)
from tests.benchmarks.harness import cpu_seconds, pg_database

RATE_GUESS = 120  # verifications/s at most, to size the pool of signed requests


def _settings(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


def _sessions(database_url: str) -> int:
    """Sessions ever established with the database (``pg_stat_database.sessions``), the
    warm-up's included: reported with a delay of up to half a second."""
    import asyncpg
    from sqlalchemy import make_url

    url = make_url(database_url)

    async def read() -> int:
        connection = await asyncpg.connect(
            host=url.host, port=url.port or 5432, user=url.username, database="postgres"
        )
        try:
            await connection.execute("SELECT pg_stat_clear_snapshot()")
            value = await connection.fetchval(
                "SELECT sessions FROM pg_stat_database WHERE datname = $1", url.database
            )
        finally:
            await connection.close()
        return int(value)

    return int(_run(read()))


async def _window(svc: Service, clients: int, seconds: float) -> tuple[int, float, float]:
    """(verifications, wall seconds, CPU seconds of the service) over one window."""
    async with _session() as session:
        calls = [verify_call_aiohttp(session, svc) for _ in range(clients)]
        await _loops(calls, 1.0)  # warm up: connections open, code paths hot
        cpu = cpu_seconds(svc.pid)
        done, wall = await _loops(calls, seconds)
        cpu = cpu_seconds(svc.pid) - cpu
    return done, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--against", help="a commit run beside this code, window by window")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a VERIFICATION_* setting of this code's service; with --setting-b, an A/B of "
        "this code under two settings instead of --against",
    )
    parser.add_argument("--setting-b", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument(
        "--scopes",
        default="",
        help="comma-separated: the agencies this code's requests authorize (default: all)",
    )
    parser.add_argument("--profile", type=Path, help="py-spy raw stacks of one more window")
    parser.add_argument("--profile-seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples a second")
    parser.add_argument(
        "--py-spy-option", action="append", default=[], help="passed on (e.g. --native)"
    )
    args = parser.parse_args()
    other = ensure_baseline(args.against) if args.against else None
    windows = args.rounds + (1 if args.profile else 0)
    requests = RATE_GUESS * int(windows * (args.seconds + 1) + args.profile_seconds + 30)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        agencies = stack.enter_context(agencies_process(workdir))
        people = workdir / "people.txt"
        people.write_text("\n".join(select_people(requests)) + "\n")
        scopes = [s for s in args.scopes.split(",") if s]
        variants = {"this code": (BIN, _settings(args.setting), scopes)}
        if other:
            variants[other.short] = (other.bin, {}, [])
        elif args.setting_b:
            variants["settings b"] = (BIN, _settings(args.setting_b), scopes)
        services = {}
        databases = {}
        for number, (name, (bin_dir, settings, allowed)) in enumerate(variants.items()):
            home = workdir / f"svc{number}"
            home.mkdir()
            databases[name] = stack.enter_context(pg_database(f"cpu{number}"))
            svc = stack.enter_context(
                service(agencies.url, home, databases[name], bin_dir=bin_dir, settings=settings)
            )
            svc.requests = sign_pool(home, people, bin_dir=bin_dir, scopes=allowed)
            services[name] = svc
        figures: dict[str, list[float]] = {name: [] for name in services}
        for number in range(args.rounds):
            order = list(services)
            if number % 2:
                order.reverse()
            for name in order:
                sessions = _sessions(databases[name])
                done, wall, cpu = _run(_window(services[name], args.clients, args.seconds))
                sessions = _sessions(databases[name]) - sessions
                figures[name].append(1000 * cpu / done)
                print(
                    f"round {number + 1} {name}: {done / wall:.1f}/s, "
                    f"{1000 * cpu / done:.2f} ms CPU a verification, "
                    f"{sessions / done:.3f} new database sessions a verification",
                    file=sys.stderr,
                )
        for name, values in figures.items():
            if values:
                shown = ", ".join(f"{v:.2f}" for v in values)
                print(f"{name}: median {statistics.median(values):.2f} ms ({shown})")
        if len(figures) == 2 and all(figures.values()):
            ours, theirs = figures.values()
            ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
            print(
                f"this code ÷ {other.short if other else ''}: median "
                f"{statistics.median(ratios):.3f} ({', '.join(f'{r:.3f}' for r in ratios)})"
            )
        if args.profile:
            svc = services["this code"]
            spy = subprocess.Popen(
                [
                    str(BIN / "py-spy"),
                    "record",
                    "--pid",
                    str(svc.pid),
                    "--rate",
                    str(args.rate),
                    "--format",
                    "raw",
                    *args.py_spy_option,
                    "--output",
                    str(args.profile),
                    "--duration",
                    str(int(args.profile_seconds)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
            done, wall, cpu = _run(_window(svc, args.clients, args.profile_seconds))
            spy.wait(60)
            print(
                f"profiled window: {done / wall:.1f}/s, {1000 * cpu / done:.2f} ms CPU a "
                f"verification (under py-spy); stacks in {args.profile}"
            )


if __name__ == "__main__":
    main()
