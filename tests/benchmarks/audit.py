"""Audit-log benchmark: appends, inclusion proofs at scale, offline verification of an export.

Run: ``.venv/bin/python -m tests.benchmarks.audit [--no-pg] [--seconds 5]`` (from the
repository root).  It measures

(a) entries recorded per second through ``runtime.audit.record`` (one writer, one
    transaction per call, 1 and 10 events per transaction: the pending inserts a request
    makes) on a fresh SQLite file and on a fresh PostgreSQL database (created on
    ``--pg-url``'s server and dropped afterwards), and how fast one process integrates
    what was recorded (``runtime.drain``);
(d) on PostgreSQL, the sequencer under load: ``--writers`` processes (4) of 8 coroutines
    each recording transactions of ``--writer-events`` events for ``--seconds`` while an
    integrator process (``verification audit integrate --follow``, the settings' defaults)
    integrates and signs checkpoints: events/s recorded and integrated, the backlog, and
    the checkpoint lag (an entry recorded → the first signed checkpoint covering it),
    median and p99;
(b) the time of one inclusion proof (``tree.inclusion_proof`` on a read session: the tree
    size and the O(log n) nodes, two queries), median and p99 over ``--proofs`` random
    indexes, on a SQLite log of 10^4, 10^5 and 10^6 events; the log is grown to each size by
    bulk-inserting synthetic events and their Merkle nodes directly (see ``grow``);
(c) at the largest size: signing a checkpoint, exporting the log through ``export_lines``
    to an NDJSON file, and verifying that file offline with ``verify_export``, with and
    without the full parse of every body;

and writes the figures to ``docs/benchmarks.md`` (section "Audit log").
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from asyncio.subprocess import PIPE
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import make_url, text

from tests.benchmarks.fanout import ROOT, p99, write_section
from verification.audit import merkle
from verification.audit.checkpoint import verifier_key
from verification.audit.log import GENESIS, HEAD_ID, chain_hash, pack_range
from verification.audit.models import AuditEvent, AuditHead, AuditNode
from verification.audit.offline import verify_export
from verification.audit.tree import inclusion_proof, issue_checkpoint, tree_root
from verification.audit_api.endpoints import export_lines
from verification.cli import migrate_database
from verification.db import create_engine, create_session_factory, utcnow
from verification.kit.canonical_json import canonical_bytes
from verification.runtime import Runtime
from verification.settings import Settings

HEADING = "## Audit log"
BUILD_BATCH = 20_000


def sample_event(n: int) -> dict[str, Any]:
    """An event shaped like the commonest one, ``source_query`` (≈ 600 bytes as stored)."""
    person = hashlib.sha256(f"person-{n % 5000}".encode()).hexdigest()
    return {
        "action": "source_query",
        "attempt": 1,
        "authorization_id": f"auth-{n // 18:012d}",
        "client_id": "0b6c1a52-3d1e-4f5b-9a43-2f6f0c0e1d7a",
        "duration_ms": 12 + n % 40,
        "http_status": 200,
        "outcome": "ok",
        "person": person,
        "person_masked": "450102********1818",
        "purpose": "dibao_application",
        "reason": None,
        "request_id": f"req-{n // 18:012d}",
        "revision": 1,
        "scope": ("hukou", "vehicle", "housing", "bank", "tax", "provident_fund")[n % 6],
        "status": "ok",
        "verification_id": str(uuid.UUID(int=n // 18)),
    }


# --- (a) appends ---------------------------------------------------------------------------


async def _append_rates(settings: Settings, seconds: float) -> dict[Any, float]:
    runtime = Runtime.build(settings)
    rates: dict[Any, float] = {}
    try:
        n = 0
        for batch in (1, 10):
            for _ in range(20):  # warm up connections and statement caches
                await runtime.audit.record([sample_event(n + k) for k in range(batch)])
            appended = 0
            started = time.perf_counter()
            while (elapsed := time.perf_counter() - started) < seconds:
                await runtime.audit.record([sample_event(n + k) for k in range(batch)])
                appended += batch
                n += batch
            rates[batch] = appended / elapsed
        started = time.perf_counter()  # everything recorded above, into the log
        integrated = await runtime.drain()
        rates["integrate"] = integrated / (time.perf_counter() - started)
    finally:
        await runtime.aclose()
    return rates


def append_rates(database_url: str, data_dir: Path, seconds: float) -> dict[Any, float]:
    settings = Settings(database_url=database_url, data_dir=data_dir)
    migrate_database(settings)
    return asyncio.run(_append_rates(settings, seconds))


async def _pg(server_url: str, statement: str) -> str:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(statement))
            return str(result.scalar()) if result.returns_rows else ""
    finally:
        await engine.dispose()


@contextmanager
def pg_database(server_url: str) -> Iterator[str]:
    """A fresh database on the PostgreSQL server, dropped on exit."""
    name = f"bench_audit_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg(server_url, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_pg(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- (d) the sequencer under load ------------------------------------------------------------

WRITER = """
import asyncio, json, sys, time
from tests.benchmarks.audit import sample_event
from verification.runtime import Runtime
from verification.settings import Settings

process, start, seconds, coroutines, events = (
    int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
)
rate = float(sys.argv[6])  # events/s this process offers (0: as fast as it can)


async def main() -> None:
    runtime = Runtime.build(Settings())
    recorded = 0
    try:
        await asyncio.sleep(max(0.0, start - time.time()))
        end = start + seconds

        async def writer(number: int) -> None:
            nonlocal recorded
            n = (process * 1000 + number) * 10_000_000
            every = events * coroutines / rate if rate else 0.0
            due = start + every * number / coroutines
            while time.time() < end:
                if every:
                    await asyncio.sleep(max(0.0, due - time.time()))
                    due += every
                await runtime.audit.record([sample_event(n + k) for k in range(events)])
                n += events
                recorded += events

        await asyncio.gather(*(writer(c) for c in range(coroutines)))
    finally:
        await runtime.aclose()
    print(json.dumps({"recorded": recorded}))


asyncio.run(main())
"""

_LAGS = text(
    "SELECT EXTRACT(EPOCH FROM (c.created_at - e.recorded_at)) FROM audit_events e "
    "JOIN LATERAL (SELECT created_at FROM audit_checkpoints c WHERE c.size >= e.seq "
    "ORDER BY c.size LIMIT 1) c ON true"
)


async def _log_state(runtime: Runtime) -> tuple[int, int, int]:
    """(log size, pending entries, the latest checkpoint's size)."""
    async with runtime.read_session_factory() as session:
        row = (
            await session.execute(
                text(
                    "SELECT (SELECT size FROM audit_head), (SELECT count(*) FROM audit_pending), "
                    "(SELECT coalesce(max(size), 0) FROM audit_checkpoints)"
                )
            )
        ).one()
    return int(row[0]), int(row[1]), int(row[2])


async def _sequencer_load(
    settings: Settings, writers: int, events: int, seconds: float, rate: float
) -> dict[str, Any]:
    runtime = Runtime.build(settings)  # makes the keys the processes read
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    verification = Path(sys.executable).parent / "verification"
    integrator = await asyncio.create_subprocess_exec(
        str(verification), "audit", "integrate", "--follow", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        start = time.time() + 6  # after every process has imported and connected
        processes = []
        for p in range(writers):
            arguments = (str(p), str(start), str(seconds), "8", str(events), str(rate / writers))
            writer = await asyncio.create_subprocess_exec(
                sys.executable, "-c", WRITER, *arguments, env=env, cwd=ROOT, stdout=PIPE
            )
            processes.append(writer)
        await asyncio.sleep(max(0.0, start - time.time()))
        first = await _log_state(runtime)
        backlog = [first[1]]
        while time.time() < start + seconds:
            await asyncio.sleep(0.5)
            backlog.append((await _log_state(runtime))[1])
        last = await _log_state(runtime)
        recorded = 0
        for process in processes:
            out, _ = await process.communicate()
            if process.returncode != 0:
                raise RuntimeError("a writer process failed")
            recorded += json.loads(out.decode().strip().splitlines()[-1])["recorded"]
        caught_up = time.perf_counter()
        while True:
            size, pending, signed = await _log_state(runtime)
            if pending == 0 and signed == size:
                break
            await asyncio.sleep(0.05)
        caught_up = time.perf_counter() - caught_up
        async with runtime.read_session_factory() as session:
            lags = [float(v) for v in (await session.execute(_LAGS)).scalars()]
    finally:
        integrator.kill()
        await integrator.wait()
        await runtime.aclose()
    return {
        "writers": writers,
        "events": events,
        "rate": rate,
        "recorded_per_s": recorded / seconds,
        "integrated_per_s": (last[0] - first[0]) / seconds,
        "backlog_max": max(backlog),
        "backlog_end": last[1],
        "caught_up_s": caught_up,
        "lag_median": statistics.median(lags),
        "lag_p99": p99(lags),
        "lag_max": max(lags),
        "entries": len(lags),
    }


def sequencer_load(
    database_url: str, data_dir: Path, writers: int, events: int, *, seconds: float, rate: float
) -> dict[str, Any]:
    settings = Settings(database_url=database_url, data_dir=data_dir)
    migrate_database(settings)
    return asyncio.run(_sequencer_load(settings, writers, events, seconds, rate))


# --- (b) a large log, built in bulk ----------------------------------------------------------


@dataclass
class Log:
    """A SQLite log being grown by bulk inserts, and what the next insert continues from."""

    path: Path
    size: int = 0
    chain: bytes = GENESIS
    frontier: dict[tuple[int, int], bytes] = field(default_factory=dict)  # compact range

    @property
    def url(self) -> str:
        return f"sqlite+aiosqlite:///{self.path}"


def grow(log: Log, size: int) -> float:
    """Append synthetic events ``log.size + 1 .. size`` in one transaction; seconds taken.

    Each event is made as ``append_events`` makes it (canonical JSON with ``seq`` and ``at``,
    leaf hash, chain hash, filter columns), and the Merkle nodes it completes come from
    ``merkle.completed_nodes`` fed with the tree's compact range kept in memory, so no node
    is read back; rows go in with Core ``insert`` in batches of 20,000 (executemany).  The
    file is in rollback-journal mode with ``synchronous=OFF`` while it is built.
    """
    engine = sa.create_engine(f"sqlite:///{log.path}")
    started = time.perf_counter()
    stamp_time = utcnow()
    stamp = stamp_time.isoformat(timespec="microseconds")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
        connection.exec_driver_sql("PRAGMA synchronous=OFF")
        connection.commit()  # the pragmas open no database transaction, only SQLAlchemy's
        with connection.begin():
            while log.size < size:
                count = min(BUILD_BATCH, size - log.size)
                rows, leaves = [], []
                for seq in range(log.size + 1, log.size + count + 1):
                    event = sample_event(seq)
                    body = canonical_bytes({**event, "seq": seq, "at": stamp})
                    leaf = merkle.leaf_hash(body)
                    log.chain = chain_hash(log.chain, leaf)
                    leaves.append(leaf)
                    rows.append(
                        {
                            "seq": seq,
                            "recorded_at": stamp_time,
                            "action": event["action"],
                            "client_id": event["client_id"],
                            "verification_id": event["verification_id"],
                            "authorization_id": event["authorization_id"],
                            "person_index": event["person"],
                            "body": body.decode(),
                            "leaf_hash": leaf.hex(),
                            "chain_hash": log.chain.hex(),
                        }
                    )
                created = merkle.completed_nodes(log.size, leaves, log.frontier)
                connection.execute(sa.insert(AuditEvent), rows)
                connection.execute(
                    sa.insert(AuditNode),
                    [{"level": n.level, "idx": n.index, "hash": n.hash} for n in created],
                )
                log.frontier.update(((n.level, n.index), n.hash) for n in created)
                log.size += count
                keep = set(merkle.root_nodes(log.size))
                log.frontier = {ref: h for ref, h in log.frontier.items() if ref in keep}
            connection.execute(  # the head, as the appends would have left it
                sa.update(AuditHead)
                .where(AuditHead.id == HEAD_ID)
                .values(
                    size=log.size,
                    chain_hash=log.chain.hex(),
                    compact_range=pack_range(log.size, log.frontier),
                )
            )
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.commit()
    engine.dispose()
    return time.perf_counter() - started


async def proof_times(log: Log, samples: int) -> list[float]:
    """Milliseconds per ``inclusion_proof`` call, each in a read session of its own."""
    engine = create_engine(log.url, writer=False)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as session:
            root = await tree_root(session, log.size)
        times = []
        rng = random.Random(log.size)
        for _ in range(samples + 10):
            index = rng.randrange(log.size)
            started = time.perf_counter()
            async with sessions() as session:
                proof = await inclusion_proof(session, index, log.size)
            times.append((time.perf_counter() - started) * 1000)
            if not merkle.verify_inclusion(proof.leaf_hash, index, log.size, proof.proof, root):
                raise AssertionError(f"inclusion proof of {index} does not verify")
        return times[10:]  # the first calls warm the connection and the page cache
    finally:
        await engine.dispose()


# --- (c) export and offline verification -----------------------------------------------------


async def _checkpoint_and_export(log: Log, data_dir: Path, out: Path) -> tuple[str, str, float]:
    settings = Settings(database_url=log.url, data_dir=data_dir)
    runtime = Runtime.build(settings)
    try:
        row = await issue_checkpoint(runtime.transaction, runtime.audit_key, settings.audit_origin)
        assert row is not None and row.size == log.size
        vkey = verifier_key(settings.audit_origin, runtime.audit_key.public_key())
        started = time.perf_counter()
        with out.open("wb") as handle:
            async for chunk in export_lines(runtime, log.size):
                handle.write(chunk)
        return row.note, vkey, time.perf_counter() - started
    finally:
        await runtime.aclose()


def verify_rate(out: Path, note: str, vkey: str, size: int, *, check_json: bool) -> float:
    started = time.perf_counter()
    with out.open("rb") as lines:
        result = verify_export(lines, note, vkey, check_json=check_json)
    elapsed = time.perf_counter() - started
    if not (result.ok and result.size_checked == size):
        raise AssertionError(f"the export did not verify: {result}")
    return size / elapsed


# --- the run --------------------------------------------------------------------------------


def measure(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    results: dict[str, Any] = {
        "seconds": args.seconds,
        "proofs": args.proofs,
        "load_seconds": args.load_seconds,
        "writer_events": args.writer_events,
    }
    results["load"] = [os.getloadavg()[0]]
    print("appends, SQLite …", flush=True)
    results["append_sqlite"] = append_rates(
        f"sqlite+aiosqlite:///{workdir / 'append.db'}", workdir / "var-append", args.seconds
    )
    if args.pg_url:
        print("appends, PostgreSQL …", flush=True)
        results["pg_version"] = asyncio.run(_pg(args.pg_url, "SHOW server_version")).split()[0]
        with pg_database(args.pg_url) as url:
            results["append_pg"] = append_rates(url, workdir / "var-pg", args.seconds)
        results["sequencer"] = []
        for rate in (args.rate, 0.0):  # the target offered, then as fast as the writers go
            print(f"sequencer, {args.writers} writer processes, rate {rate or 'max'} …")
            with pg_database(args.pg_url) as url:
                load = sequencer_load(
                    url, workdir / "var-seq", args.writers, args.writer_events,
                    seconds=args.load_seconds, rate=rate,
                )  # fmt: skip
            results["sequencer"].append(load)
            print(f"  {load}", flush=True)
    log = Log(workdir / "large.db")
    migrate_database(Settings(database_url=log.url, data_dir=workdir / "var-large"))
    results["proof_ms"] = {}
    results["build_s"] = {}
    for size in args.sizes:
        print(f"growing the log to {size} events …", flush=True)
        results["build_s"][size] = grow(log, size)
        times = asyncio.run(proof_times(log, args.proofs))
        results["proof_ms"][size] = {"median": statistics.median(times), "p99": p99(times)}
        print(f"  proofs: {results['proof_ms'][size]}", flush=True)
    results["db_mib"] = log.path.stat().st_size / 2**20
    out = workdir / "export.ndjson"
    print(f"checkpoint and export of {log.size} events …", flush=True)
    note, vkey, export_s = asyncio.run(_checkpoint_and_export(log, workdir / "var-large", out))
    results.update(size=log.size, export_s=export_s, export_mib=out.stat().st_size / 2**20)
    print("offline verification …", flush=True)
    results["verify_per_s"] = {
        mode: verify_rate(out, note, vkey, log.size, check_json=mode == "parse")
        for mode in ("parse", "fast")
    }
    results["load"].append(os.getloadavg()[0])
    return results


def render(r: dict[str, Any]) -> str:
    def rate(value: float) -> str:
        return f"{value:,.0f} events/s"

    lines = [
        f"{HEADING} (`tests/benchmarks/audit.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on this machine "
        f"({os.cpu_count()} cores, shared: 1-minute load average {r['load'][0]:.1f} at the "
        f"start, {r['load'][1]:.1f} at the end), one process.",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
    ]
    databases = [("SQLite file (WAL)", r["append_sqlite"])]
    if "append_pg" in r:
        databases.append((f"PostgreSQL {r['pg_version']}", r["append_pg"]))
    for name, rates in databases:
        for batch, value in rates.items():
            if batch == "integrate":
                lines.append(
                    f"| (a) integration of those entries by one process, {name} "
                    f"| {rate(value)} | | |"
                )
                continue
            lines.append(
                f"| (a) entries recorded, {name}, {batch} event{'s' if batch > 1 else ''} per "
                f"transaction | {rate(value)} ({value / batch:,.0f} transactions/s) | | |"
            )
    for q in r.get("sequencer", []):
        offered = f"{q['rate']:,.0f} events/s offered" if q["rate"] else "as fast as they go"
        who = f"{q['writers']} writer processes, {offered}"
        kept_up = q["backlog_end"] <= q["recorded_per_s"]  # at most a second's worth left
        lines += [
            f"| (d) recorded, {who} | {rate(q['recorded_per_s'])} "
            + (
                f"| ≥ 5,000 events/s, kept up "
                f"| {'yes' if q['recorded_per_s'] >= 5000 and kept_up else 'NO'} |"
                if q["rate"]
                else "| | |"
            ),
            f"| (d) integrated meanwhile ({who}) "
            f"| {rate(q['integrated_per_s'])} (backlog at most {q['backlog_max']:,}, "
            f"{q['backlog_end']:,} at the end, all integrated {q['caught_up_s']:.1f} s after the "
            "writers exited) "
            f"| keeps up | {'yes' if kept_up else 'NO'} |",
            f"| (d) checkpoint lag ({who}): median / p99 / max "
            f"| {q['lag_median']:.2f} / {q['lag_p99']:.2f} / {q['lag_max']:.2f} s "
            f"({q['entries']:,} entries) | p99 ≤ 2 s "
            f"| {'yes' if q['lag_p99'] <= 2 else 'NO'} |",
        ]
    largest = max(r["proof_ms"])
    for size, ms in r["proof_ms"].items():
        goal, met = (
            ("≤ 20 ms", "yes" if ms["median"] <= 20 else "NO") if size == largest else ("", "")
        )
        lines.append(
            f"| (b) inclusion proof at {size:,} events: median / p99 "
            f"| {ms['median']:.2f} / {ms['p99']:.2f} ms | {goal} | {met} |"
        )
    lines += [
        f"| (c) export of {r['size']:,} events to NDJSON (`export_lines`) "
        f"| {r['export_s']:.1f} s ({r['export_mib']:,.0f} MiB, "
        f"{r['size'] / r['export_s']:,.0f} events/s) | | |",
    ]
    for mode, label in (("parse", "every body parsed (default)"), ("fast", "`--no-check-json`")):
        value = r["verify_per_s"][mode]
        goal, met = ("≥ 100,000 events/s", "yes" if value >= 100_000 else "NO")
        lines.append(
            f"| (c) offline verification of that export, {label} | {rate(value)} | {goal} | {met} |"
        )
    builds = ", ".join(f"{size:,} in {s:.0f} s" for size, s in r["build_s"].items())
    lines += [
        "",
        f"(a) One writer records for {r['seconds']:.0f} s per row through "
        "`runtime.audit.record` (its own transaction each time: one INSERT into "
        "`audit_pending`, no lock), on a fresh migrated database; events are shaped like "
        "`source_query` (≈ 600 bytes as stored).  Then `runtime.drain` integrates them all "
        "(batches of 1,000: sequence numbers, events, Merkle nodes, head, one transaction "
        "each).",
        "",
        "(d) PostgreSQL: the writer processes (8 coroutines each, a runtime each, as API "
        "processes would record) start together and record transactions of "
        f"{r.get('writer_events', 10)} events for {r['load_seconds']:.0f} s, first paced to "
        'the target rate in all ("offered"), then as fast as they can; one '
        "`verification audit integrate --follow` process integrates (poll 50 ms) and signs a "
        "checkpoint at most once a second, the defaults.  Integrated/s is the log's growth "
        "over the same window; the lag of each entry is the signing time of the first "
        "checkpoint covering it less the time it was recorded (its `at`).",
        "",
        "(b) The log for the proof times is one SQLite file grown to each size in turn by bulk "
        "inserts, not by `append_events`: the synthetic events are made exactly as "
        "`append_events` makes them (canonical JSON with `seq` and `at`, leaf and chain "
        "hashes, filter columns), their Merkle nodes come from `merkle.completed_nodes` fed "
        "with the compact range kept in memory, and rows go in with Core `insert` in batches "
        "of 20,000 in one transaction per size (rollback journal, `synchronous=OFF` while "
        f"building; growth: {builds}; {r['db_mib']:,.0f} MiB at the end).  Each proof is "
        f"`tree.inclusion_proof` in a read session of its own — the tree size and one "
        f"batched read of the O(log n) nodes — at {r['proofs']} random indexes, each checked "
        "with `verify_inclusion` against the stored root.",
        "",
        "(c) A checkpoint is signed with `issue_checkpoint` over the whole log, the log is "
        "exported with `export_lines` (as `verification audit export` does), and the file "
        "is verified with `verify_export` (as `verification audit verify` does): reading, "
        "line checks, leaf hashes and the streamed root together, in pure Python.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per append measurement")
    parser.add_argument("--proofs", type=int, default=200)
    parser.add_argument("--writers", type=int, default=4, help="(d) writer processes")
    parser.add_argument("--writer-events", type=int, default=10, help="(d) per transaction")
    parser.add_argument("--load-seconds", type=float, default=20.0, help="(d) recording time")
    parser.add_argument("--rate", type=float, default=5000.0, help="(d) events/s offered")
    parser.add_argument(
        "--sizes", type=lambda v: [int(s) for s in v.split(",")], default=[10**4, 10**5, 10**6]
    )
    parser.add_argument("--pg-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-pg", dest="pg_url", action="store_const", const=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args, Path(tmp))
    markdown = render(results)
    print(markdown)
    print(json.dumps(results, indent=2, default=str))
    print(f"took {time.perf_counter() - started:.0f} s")
    write_section(markdown, args.out, heading=HEADING)


if __name__ == "__main__":
    main()
