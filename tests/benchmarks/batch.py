"""Batch re-verification benchmark: issue #17's batch targets, as ratios measured in one run.

Run: ``.venv/bin/python -m tests.benchmarks.batch [--households 10000] [--memory-households
100000]`` (from the repository root; the local PostgreSQL at 127.0.0.1:5432 with trust
authentication, or ``BENCH_PG_SERVER``).  Options: ``--latency-ms`` (default 20),
``--workers`` (default 2), ``--concurrency`` (items at once per process, default 32),
``--rounds``, ``--baseline COMMIT`` (default 55058e7) or ``--no-baseline``, ``--engine
postgresql|sqlite|both`` (default postgresql), ``--rss-interval``, ``--out``.

It starts the mock agencies as their own process with a fixed added latency on every agency
(one process for every run below), and for each run seeds N enrolled households due today
(scenario ``single_disabled``: one member, a call to each installed agency per review —
ten here, six for the baseline; ``--scopes`` limits this code's to the ones named; each
code's own ``tests/verification/batches/seeding.py``) in a fresh PostgreSQL database of its
own, then runs ``--workers`` ``verification worker`` processes and creates a batch of
everything due:

- **this code** and **the baseline** (its own cached checkout and environment,
  ``tests/benchmarks/baseline.py``; driven by its own ``tests/benchmarks/batch.py``,
  ``run_postgresql``, in its own environment) at ``--households``, one after the other, in
  an order rotated each round (``--rounds``);
- **this code at ``--memory-households``** (when given), for memory: the workers' resident
  memory sampled every ``--rss-interval`` seconds, and their peak (VmHWM);
- with ``--engine sqlite|both``, this code on embedded SQLite too (``verification batch run``,
  the in-process runner), for information: the embedded default has no throughput target.

Households per second are counted from the batch's creation to its last finished item; the
benchmark checks that every review stored its six answers.  CPU per household is the user +
system CPU of the processes that ran the items.  A CPU reference (a fixed pure-Python loop and
a SHA-256 of 64 MiB) and the load average are taken at the start and at the end.  Each seeded
database is analyzed before its batch (``analyze``: this machine's PostgreSQL runs without
autovacuum, which production has).  Figures go to
``docs/benchmarks.md`` (section "Batches").
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from tests.benchmarks.baseline import DEFAULT_BASELINE, Baseline, ensure_baseline
from tests.benchmarks.fanout import AGENCIES, free_port, wait_until_up, write_section
from tests.benchmarks.harness import (
    MachineState,
    machine_sentence,
    peak_rss_mib,
    pg_database,
    pg_server_version,
    rss_mib,
)
from tests.verification.batches.seeding import seed_households
from verification.batches.create import create_batch
from verification.batches.jobs import ProcrastinateDispatcher, build_app
from verification.batches.models import Batch, BatchItem
from verification.batches.progress import batch_progress
from verification.batches.schemas import CreateBatch, DueSelection
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.db import create_engine
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings
from verification.verifications.models import SourceQuery

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONCURRENCY = 32
TARGET_VS_BASELINE = 1.5  # households/s with 2 workers, this code ÷ the baseline's (issue #17)
TARGET_MEMORY_GROWTH = 0.10  # "flat": the workers' peak RSS at 10^5 ≤ 1.10 × at 10^4
# what every review must store: one answer from each agency (the seeded households are
# people of their own, as the agencies' generator makes them: "ok" or "not_found")
ANSWERED = ("ok", "not_found")


@dataclass
class Result:
    engine: str
    households: int
    seconds: float
    peak_rss_mib: float
    processes: int
    cpu_seconds: float  # user + system CPU of the processes running the items, start to exit
    code: str = "current"  # "current", or the baseline's short hash
    # (seconds since the workers started, RSS MiB of each worker), every --rss-interval
    rss: list[tuple[float, list[float]]] = field(default_factory=list)

    @property
    def cpu_ms_per_household(self) -> float:
        return 1000 * self.cpu_seconds / self.households

    @property
    def rate(self) -> float:
        return self.households / self.seconds


@contextmanager
def mock_agencies(latency_ms: int, directory: Path) -> Iterator[int]:
    port = free_port()
    faults = directory / "faults.json"
    faults.write_text(json.dumps({a: {"latency_ms": latency_ms} for a in AGENCIES}))
    process = subprocess.Popen(
        [
            str(BIN / "mock-sources"),
            "--port",
            str(port),
            "--faults",
            str(faults),
            "--log-level",
            "warning",
        ],
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_scenarios", process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def children_cpu_seconds() -> float:
    """User + system CPU of this process's exited (and waited-for) children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def environment(settings: Settings) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")},
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_MOCK_SOURCES_PORT": str(settings.mock_sources_port),
        "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
        "VERIFICATION_BATCH_CONCURRENCY": str(settings.batch_concurrency),
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        "VERIFICATION_LOG_LEVEL": "WARNING",
    }


async def prepare(settings: Settings, households: int, scopes: Sequence[str] = ()) -> None:
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    try:
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
            ).scalar_one()
        started = time.monotonic()
        await seed_households(
            runtime,
            client,
            demo.key_pair,
            households,
            scenario="single_disabled",
            chunk=2000,
            scopes=scopes,
        )
        print(f"  seeded {households} households in {time.monotonic() - started:.0f} s")
    finally:
        await runtime.aclose()
    await analyze(settings.database_url)


async def analyze(url: str) -> None:
    """ANALYZE the seeded database, as autovacuum would within a minute of the seeding in
    production. This machine's PostgreSQL runs with autovacuum off: without statistics the
    claim's query joined every enrolled household (200 ms a claim at 10^5, 6 households/s;
    docs/benchmarks.md History, 2026-12-07 02:35). The baseline's driver does the same."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE"))
            await connection.commit()
    finally:
        await engine.dispose()


async def batch_span(settings: Settings, scopes: Sequence[str] = ()) -> tuple[int, float]:
    """(items done, seconds from the batch's creation to its last finished item);
    ``scopes``: the agencies each review asked (by default every installed one)."""
    agencies = tuple(scopes) or AGENCIES
    runtime = Runtime.build(settings)
    try:
        async with runtime.read_session_factory() as session:
            batch = (await session.execute(select(Batch))).scalar_one()
            done, last = (
                await session.execute(
                    select(func.count(), func.max(BatchItem.finished_at)).where(
                        BatchItem.batch_id == batch.id, BatchItem.state == "done"
                    )
                )
            ).one()
            rows = await session.execute(
                select(SourceQuery.scope, SourceQuery.status, func.count())
                .join(BatchItem, BatchItem.verification_id == SourceQuery.verification_id)
                .where(BatchItem.batch_id == batch.id)
                .group_by(SourceQuery.scope, SourceQuery.status)
            )
            answers = {(scope, status): count for scope, status, count in rows}
        assert last is not None, "no item finished"
        # a fast run must be a complete one: every review asked its agencies, and got answers
        per_agency = {
            agency: sum(n for (scope, status), n in answers.items() if scope == agency)
            for agency in {scope for scope, _ in answers} | set(agencies)
        }
        answered = {status for _, status in answers}
        assert per_agency == dict.fromkeys(agencies, done) and answered <= set(ANSWERED), (
            f"agency answers of the batch: {answers}, for {done} reviews"
        )
        return int(done), (last - batch.created_at).total_seconds()
    finally:
        await runtime.aclose()


def run_sqlite(households: int, mock_port: int, directory: Path, concurrency: int) -> Result:
    print(f"SQLite, {households} households")
    settings = Settings(
        batch_concurrency=concurrency,
        database_url=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
        data_dir=directory / "var",
        mock_sources_port=mock_port,
        embedded_mock_sources=False,
    )
    migrate_database(settings)
    asyncio.run(prepare(settings, households))
    cpu_before = children_cpu_seconds()
    process = subprocess.Popen(
        [str(BIN / "verification"), "batch", "run"],
        env=environment(settings) | {"VERIFICATION_BATCH_ENGINE": "inprocess"},
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, peak_rss_mib(process.pid))
        time.sleep(0.5)
    cpu = children_cpu_seconds() - cpu_before
    done, seconds = asyncio.run(batch_span(settings))
    assert done == households, f"{done} of {households} done"
    return Result("SQLite, in-process runner", households, seconds, peak, 1, cpu)


class RssSampler:
    """Samples the resident memory of some processes every ``interval`` seconds, in a thread."""

    def __init__(self, pids: list[int], interval: float) -> None:
        self.samples: list[tuple[float, list[float]]] = []
        self._pids = pids
        self._interval = interval
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append(
                (time.monotonic() - self._started, [rss_mib(pid) for pid in self._pids])
            )
            if self._stop.wait(self._interval):
                return

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def run_postgresql(
    households: int,
    mock_port: int,
    directory: Path,
    workers: int,
    concurrency: int,
    *,
    rss_interval: float = 5.0,
    scopes: Sequence[str] = (),
) -> Result:
    print(f"PostgreSQL, {workers} workers, {households} households (this code)")
    with pg_database("batch_current") as url:
        settings = Settings(
            batch_concurrency=concurrency,
            database_url=url,
            data_dir=directory / "var",
            mock_sources_port=mock_port,
            embedded_mock_sources=False,
            batch_engine="procrastinate",
            review_schedule="",
            retention_schedule="",
        )
        migrate_database(settings)
        asyncio.run(prepare(settings, households, scopes))
        env = environment(settings) | {"VERIFICATION_BATCH_ENGINE": "procrastinate"}
        cpu_before = children_cpu_seconds()
        processes = [
            subprocess.Popen([str(BIN / "verification"), "worker"], env=env) for _ in range(workers)
        ]
        try:
            with RssSampler([p.pid for p in processes], rss_interval) as sampler:
                time.sleep(3 * settings.worker_share_refresh_seconds + 1)  # registered
                asyncio.run(_create_and_wait(settings))
                peak = max(peak_rss_mib(p.pid) for p in processes)
        finally:
            for p in processes:
                p.terminate()
            for p in processes:
                p.wait(timeout=30)
        cpu = children_cpu_seconds() - cpu_before
        done, seconds = asyncio.run(batch_span(settings, scopes))
        assert done == households, f"{done} of {households} done"
        return Result(
            f"PostgreSQL, {workers} workers (procrastinate)",
            households,
            seconds,
            peak,
            workers,
            cpu,
            rss=sampler.samples,
        )


# Run by the baseline's own Python in its checkout: its run_postgresql (seeding, workers,
# batch, checks) on the database made for it here, kept rather than dropped by it.
_BASELINE_DRIVER = """
import asyncio, dataclasses, json, sys
from pathlib import Path
import tests.benchmarks.batch as bench

url = sys.argv[1]


async def _create(_server):
    return url


async def _drop(_server, _url):
    return None


bench._create_pg_database = _create
bench._drop_pg_database = _drop
_seed = bench.prepare


async def _seed_and_analyze(settings, households, *more):
    # as this code's prepare (batch.analyze): statistics, as autovacuum would make them;
    # ``more``: what a later commit's prepare takes (its --scopes)
    await _seed(settings, households, *more)
    import asyncpg

    connection = await asyncpg.connect(settings.database_url.replace("+asyncpg", "", 1))
    try:
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


bench.prepare = _seed_and_analyze
households, port, directory, workers, concurrency = sys.argv[2:7]
result = bench.run_postgresql(
    int(households), int(port), Path(directory), int(workers), int(concurrency)
)
print("RESULT " + json.dumps(dataclasses.asdict(result)))
"""


def run_baseline_postgresql(
    baseline: Baseline,
    households: int,
    mock_port: int,
    directory: Path,
    *,
    workers: int,
    concurrency: int,
) -> Result:
    print(f"PostgreSQL, {workers} workers, {households} households (baseline {baseline.short})")
    directory.mkdir(parents=True, exist_ok=True)
    with pg_database("batch_baseline") as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
        completed = subprocess.run(
            [
                str(baseline.python),
                "-c",
                _BASELINE_DRIVER,
                url,
                str(households),
                str(mock_port),
                str(directory),
                str(workers),
                str(concurrency),
            ],
            cwd=baseline.src,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
    line = next(x for x in completed.stdout.splitlines() if x.startswith("RESULT "))
    fields = json.loads(line.removeprefix("RESULT "))
    known = {f.name for f in dataclasses.fields(Result)}
    result = Result(**{k: v for k, v in fields.items() if k in known})
    result.code = baseline.short
    return result


async def _create_and_wait(settings: Settings) -> None:
    runtime = Runtime.build(settings)
    try:
        app = build_app(runtime)
        async with app.open_async():
            runtime.dispatcher = ProcrastinateDispatcher(runtime, app)
            async with runtime.read_session_factory() as session:
                client = (
                    await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
                ).scalar_one()
            view = await create_batch(runtime, client, CreateBatch(due=DueSelection()), "bench")
            while view.status == "running":
                await asyncio.sleep(1)
                view = await batch_progress(runtime, client, view.id)
    finally:
        await runtime.aclose()


# --- the report -------------------------------------------------------------------------


@dataclass
class Run:
    households: int
    memory_households: int
    latency_ms: int
    workers: int
    concurrency: int
    baseline: str | None
    start: MachineState
    end: MachineState | None = None
    code: str = ""
    postgres: str = ""
    results: list[Result] = field(default_factory=list)
    scopes: tuple[str, ...] = ()  # the agencies this code's reviews ask (): every installed one


def _code_version() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--", "services", "connectors", "migrations")
    return git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" if dirty else "")


def _met(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def _rss_table(result: Result) -> list[str]:
    """The workers' RSS at the start, each quarter and the end of a run; growth in its
    second half."""
    samples = result.rss
    if len(samples) < 5:
        return []
    picks = [("start", 0), ("¼", len(samples) // 4), ("½", len(samples) // 2)]
    picks += [("¾", 3 * len(samples) // 4), ("end", len(samples) - 1)]
    workers = len(samples[0][1])
    lines = [
        f"The workers' RSS during the {result.households:,}-household run (MiB, sampled every "
        f"{samples[1][0] - samples[0][0]:.0f} s; time from the workers' start):",
        "",
        "| when | " + " | ".join(f"worker {i + 1}" for i in range(workers)) + " |",
        "|---|" + "---:|" * workers,
    ]
    for label, index in picks:
        at, values = samples[index]
        lines.append(f"| {label} ({at:.0f} s) | " + " | ".join(f"{v:.1f}" for v in values) + " |")
    half, last = samples[len(samples) // 2][1], samples[-1][1]
    growth = max(b - a for a, b in zip(half, last, strict=True))
    lines += [
        "",
        f"Growth over the run's second half (the most of any worker): {growth:+.1f} MiB.",
    ]
    return lines


def _calls(run: Run) -> str:
    """How many agencies a review of each code asks."""
    if run.scopes:
        return (
            f"this code's authorizations allow {len(run.scopes)} agencies "
            f"(`--scopes {','.join(run.scopes)}`), so its reviews ask {len(run.scopes)}; "
            "the baseline's ask the six it knows"
        )
    return f"{len(AGENCIES)} agency calls a review of this code, six of the baseline's"


def render(run: Run) -> str:
    assert run.end is not None
    current = [r for r in run.results if r.code == "current" and r.engine.startswith("PostgreSQL")]
    at_n = [r for r in current if r.households == run.households]
    base = [r for r in run.results if r.code != "current"]
    at_memory = [r for r in current if r.households == run.memory_households]
    baseline = f"`{run.baseline}`" if run.baseline else "none (`--no-baseline`)"
    engines = (
        f"PostgreSQL {run.postgres}, a fresh database for each run; {run.workers} "
        "`verification worker` processes; "
        if run.postgres
        else "embedded SQLite only (`--engine sqlite`); "
    )
    lines = [
        "## Batches (`tests/benchmarks/batch.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on this machine; code "
        f"`{run.code}`, baseline {baseline}; {engines}{run.concurrency} items at once per "
        f"process; every agency answers after {run.latency_ms} ms (the mock agencies in their "
        "own process, one for every run); one-member households seeded from scenario "
        f"`single_disabled` by each code's own seeding ({_calls(run)}): this code's "
        "gives every household a synthetic person of its own, with nothing on record at the "
        "bank; 55058e7's gave them all the scenario's person. Households per second from the "
        "batch's creation to its last item; CPU per household is the user + system CPU of the "
        "item processes; peak RSS is their VmHWM. "
        f"{machine_sentence(run.start, run.end)}",
        "",
    ]
    target_rows = []
    if at_n and base:
        ours = statistics.median(r.rate for r in at_n)
        theirs = statistics.median(r.rate for r in base)
        ratio = ours / theirs
        target_rows.append(
            f"| {run.workers} workers, {run.households:,} households: this code ÷ "
            f"{baseline} (households/s) | {ours:.1f}/s against {theirs:.1f}/s | {ratio:.2f} "
            f"| ≥ {TARGET_VS_BASELINE:.1f} | {_met(ratio >= TARGET_VS_BASELINE)} |"
        )
    if at_n and at_memory and run.memory_households != run.households:
        small = max(r.peak_rss_mib for r in at_n)
        large = max(r.peak_rss_mib for r in at_memory)
        growth = large / small - 1
        target_rows.append(
            f"| memory flat from {run.households:,} to {run.memory_households:,} households: "
            f"the workers' peak RSS (the larger worker) | {large:.0f} MiB against "
            f"{small:.0f} MiB | {100 * growth:+.1f} % | ≤ +{100 * TARGET_MEMORY_GROWTH:.0f} % "
            f"| {_met(growth <= TARGET_MEMORY_GROWTH)} |"
        )
    if target_rows:
        lines += [
            "Issue #17's targets (ratios within this run):",
            "",
            "| target | measured | ratio | target | met |",
            "|---|---|---:|---:|---|",
            *target_rows,
            "",
        ]
    lines += [
        "| code | engine | households | seconds | households/s | peak RSS (MiB, per process) "
        "| CPU ms per household |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in run.results:
        code = "this code" if r.code == "current" else f"`{r.code}`"
        lines.append(
            f"| {code} | {r.engine} | {r.households:,} | {r.seconds:.1f} | {r.rate:.1f} "
            f"| {r.peak_rss_mib:.0f} | {r.cpu_ms_per_household:.1f} |"
        )
    for r in [*at_memory, *at_n][:2] if run.memory_households else []:
        table = _rss_table(r)
        if table:
            lines += ["", *table]
    if at_memory:
        lines += [
            "",
            '"Flat" is measured as the larger worker\'s peak RSS (VmHWM) at '
            f"{run.memory_households:,} households against at {run.households:,} in this run "
            f"(at most +{100 * TARGET_MEMORY_GROWTH:.0f} %, as issue #7 set it), with the "
            "samples above showing whether memory still grows at the end.",
        ]
    return "\n".join(lines) + "\n"


def _rotated(items: list[str], number: int) -> list[str]:
    shift = number % len(items)
    return items[shift:] + items[:shift]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--engine", choices=["postgresql", "sqlite", "both"], default="postgresql")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--memory-households", type=int, default=0, help="also this code at this size (memory)"
    )
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY, help="items per process")
    parser.add_argument("--rounds", type=int, default=1, help="of this code and the baseline")
    parser.add_argument(
        "--baseline",
        default=DEFAULT_BASELINE,
        help="the commit run beside this code (cached under ~/.cache/verification-bench)",
    )
    parser.add_argument("--no-baseline", action="store_true", help="run this code alone")
    parser.add_argument(
        "--rss-interval", type=float, default=5.0, help="seconds between the workers' RSS samples"
    )
    parser.add_argument(
        "--scopes",
        default="",
        help="comma-separated: the agencies this code's households authorize, and its reviews "
        "ask (default: every installed one); hukou,vehicle,housing,bank,tax,provident_fund "
        "are the baseline's six",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    scopes = tuple(s for s in args.scopes.split(",") if s)
    postgresql = args.engine in {"postgresql", "both"}
    baseline = None if args.no_baseline or not postgresql else ensure_baseline(args.baseline)
    run = Run(
        households=args.households,
        memory_households=args.memory_households,
        latency_ms=args.latency_ms,
        workers=args.workers,
        concurrency=args.concurrency,
        baseline=baseline.short if baseline else None,
        start=MachineState.now(),
        code=_code_version(),
        postgres=pg_server_version() if postgresql else "",
        scopes=scopes,
    )
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        with mock_agencies(args.latency_ms, directory) as port:
            if postgresql:
                codes = ["current", *(["baseline"] if baseline else [])]
                for number in range(args.rounds):
                    for code in _rotated(codes, number):
                        if code == "current":
                            result = run_postgresql(
                                args.households,
                                port,
                                directory / f"current-{number}",
                                args.workers,
                                args.concurrency,
                                rss_interval=args.rss_interval,
                                scopes=scopes,
                            )
                        else:
                            assert baseline is not None
                            result = run_baseline_postgresql(
                                baseline,
                                args.households,
                                port,
                                directory / f"baseline-{number}",
                                workers=args.workers,
                                concurrency=args.concurrency,
                            )
                        run.results.append(result)
                        print(f"  {result.rate:.1f} households/s", file=sys.stderr)
                if args.memory_households:
                    run.results.append(
                        run_postgresql(
                            args.memory_households,
                            port,
                            directory / "current-memory",
                            args.workers,
                            args.concurrency,
                            rss_interval=args.rss_interval,
                            scopes=scopes,
                        )
                    )
            if args.engine in {"sqlite", "both"}:
                results = [run_sqlite(args.households, port, directory / "a", args.concurrency)]
                if args.memory_households:
                    results.append(
                        run_sqlite(args.memory_households, port, directory / "b", args.concurrency)
                    )
                run.results += results
    run.end = MachineState.now()
    markdown = render(run)
    print(markdown)
    write_section(markdown, args.out, heading="## Batches (")


if __name__ == "__main__":
    main()
