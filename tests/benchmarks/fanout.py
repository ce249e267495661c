"""Fan-out benchmark: issue #17's targets for verifications, as ratios measured in one run.

Run: ``.venv/bin/python -m tests.benchmarks.fanout`` (from the repository root; the local
PostgreSQL at 127.0.0.1:5432 with trust authentication, or ``BENCH_PG_SERVER``).  Options:
``--samples`` (sequential samples at L = 100 ms), ``--seconds`` (per throughput measurement),
``--rounds``, ``--floor-processes``, ``--baseline COMMIT`` (default 55058e7) or
``--no-baseline``, ``--database postgresql|sqlite``, ``--out``.

Every process is its own: the mock agencies (one process, shared by all that follows, latency
switched at run time through ``/_faults``); this checkout's service (``verification serve``)
on a fresh PostgreSQL database of its own (``bench_fanout_current_<hex>``), and a second API
process on that same database; the baseline commit's service, from its own cached checkout
and virtual environment (``tests/benchmarks/baseline.py``), on a fresh database of its own;
the floor's load generators; and this driver (aiohttp on uvloop).

(a) **The floor**: the mock agencies' own ceiling.  ``--floor-processes`` child processes of
    aiohttp clients (32 concurrent person-call loops in all; aiohttp's C parser and pool, so the
    client is not the bottleneck: the agencies' and the clients' CPU during the window are
    reported) give the agencies' calls/s at L = 0; and the calls of one person (one to each
    installed agency, ``AGENCIES``), made concurrently, one set at a time, at L = 100 ms give
    the floor's median and p99.
(b) **One verification at L = 100 ms**, one at a time: median and p99, the samples
    interleaved with the floor's calls (and the baseline's verification), so the three
    see the same moments of a shared machine.
(c) **32 concurrent clients at L = 0**, in rounds: in each round every variant once, in an
    order rotated by one each round — the floor; this code on one API process; the baseline
    on one; this code on two API processes on one database (16 clients each).  Verifications
    per second, and the service processes' CPU time (user + system, ``/proc/<pid>/stat``)
    per verification.  Medians over the rounds, per-round figures shown.
(d) Each service process's peak resident memory (VmHWM).

A CPU reference (a fixed pure-Python loop and a SHA-256 of 64 MiB) and the load average are
taken at the start and the end.  The figures go to ``docs/benchmarks.md`` (section "Fan-out").
Each household has one member, a synthetic person on whom every agency answers in one request:
one call to each of the ``CALLS`` installed agencies (the baseline, older, asks six of them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from tests.benchmarks import sign_requests
from tests.benchmarks.baseline import DEFAULT_BASELINE, Baseline, ensure_baseline
from tests.benchmarks.harness import (
    MachineState,
    cpu_seconds,
    machine_sentence,
    peak_rss_mib,
    pg_database,
    pg_server_version,
)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# every installed agency (the mock agencies serve each installed source's; a verification asks
# all of them): the built-in ones and the separately installed social-insurance source
AGENCIES = (
    "hukou",
    "vehicle",
    "housing",
    "bank",
    "tax",
    "provident_fund",
    "insurance",
    "market_regulation",
    "securities",
    "social_insurance",
)
CALLS = len(AGENCIES)  # the calls a verification of one benchmark person makes: one an agency
PERSON = ("450102198808081818", "覃小军")  # scenario single_disabled
HEADERS = {"X-Authorization-Id": "bench", "X-Purpose": "dibao_application"}
CLIENTS = 32
LATENCY_MS = 100
# the mock agencies are one process: at their ceiling it uses a whole core; below this share
# of one during the floor's window, something else (the machine's other load) bounded the floor
AGENCIES_SATURATED = 0.85

# issue #17's targets: ratios within one run
TARGET_SHARE_OF_FLOOR = 0.25  # verifications/s at 32 clients, L = 0 ÷ (floor calls/s ÷ CALLS)
TARGET_CPU_VS_BASELINE = 0.5  # CPU per verification, this code ÷ the baseline's
TARGET_MEDIAN_VS_FLOOR = 1.10  # one verification at L = 100 ms ÷ the floor's calls'
TARGET_P99_VS_FLOOR = 1.2
TARGET_TWO_PROCESSES = 1.25  # two API processes ÷ one, one database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1).status_code < 500:
                return
        time.sleep(0.1)
    raise TimeoutError(url)


# --- the processes ----------------------------------------------------------------------


@dataclass
class Agencies:
    url: str
    pid: int

    def set_latency(self, latency_ms: int) -> None:
        """Every agency answers after ``latency_ms``; 0 turns fault injection off entirely."""
        with httpx.Client(base_url=self.url, timeout=10) as client:
            if latency_ms == 0:
                client.delete("/_faults").raise_for_status()
                return
            for agency in AGENCIES:
                client.put(f"/_faults/{agency}", json={"latency_ms": latency_ms}).raise_for_status()


@contextlib.contextmanager
def agencies_process(workdir: Path, latency_ms: int | None = None) -> Iterator[Agencies]:
    """The mock agencies in their own process (fault injection off unless ``latency_ms``)."""
    port = free_port()
    command = [str(BIN / "mock-sources"), "--port", str(port), "--log-level", "warning"]
    if latency_ms is not None:
        faults = workdir / f"faults-{latency_ms}.json"
        faults.write_text(json.dumps({a: {"latency_ms": latency_ms} for a in AGENCIES}))
        command += ["--faults", str(faults)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/_scenarios", process)
        yield Agencies(url=url, pid=process.pid)
    finally:
        process.terminate()
        process.wait(30)


@contextlib.contextmanager
def mock_agencies(latency_ms: int, workdir: Path) -> Iterator[str]:
    """The mock agencies with a fixed added latency on every agency; their base URL."""
    with agencies_process(workdir, latency_ms) as agencies:
        yield agencies.url


def select_people(count: int) -> list[str]:
    """``count`` people the mock agencies answer in one request each, as they do for scenario
    ``single_disabled`` (whose figures this benchmark continues): synthetic people with no
    income on record (a person with income has 12 months of rows, two pages of the tax
    agency's six: a second round trip), no securities account, policy, market entity or
    social-insurance record.  Vehicles, houses, deposits and fund accounts vary
    from person to person as the agencies' generator makes them; the same people every run."""
    from mock_sources.scenarios import records_for
    from social_insurance_source.mock import insured_record

    chosen: list[str] = []
    i = 0
    while len(chosen) < count:
        candidate = sign_requests.id_number(i)
        records = records_for(candidate)
        if (
            records is not None
            and records.hukou is not None
            and not records.tax
            and records.securities is None  # no 一码通 account: one request to the register
            and not records.insurance  # no policy: no annuity payments asked
            and not records.market_entities  # no entity: no annual reports asked
            and insured_record(candidate) is None  # no social-insurance record
        ):
            chosen.append(candidate)
        i += 1
    return chosen


class People:
    """ID numbers handed out in turn, from the first again after the last."""

    def __init__(self, ids: list[str]) -> None:
        self._ids = ids
        self._next = 0

    def take(self) -> str:
        self._next += 1
        return self._ids[(self._next - 1) % len(self._ids)]


class Requests:
    """Signed request bodies, each a person and an authorization of its own, handed out in
    turn to every loop that shares this object (after the last, from the first again)."""

    def __init__(self, bodies: list[bytes]) -> None:
        self._bodies = bodies
        self._next = 0

    def take(self) -> bytes:
        body = self._bodies[self._next % len(self._bodies)]
        self._next += 1
        return body

    @property
    def used(self) -> int:
        return self._next

    @property
    def size(self) -> int:
        return len(self._bodies)


@dataclass
class Service:
    url: str
    pid: int
    token: str
    body: bytes  # the scenario single_disabled's request, as ``serve`` wrote it
    requests: Requests | None = None  # see ``sign_pool``


def sign_pool(
    workdir: Path, people: Path, bin_dir: Path = BIN, scopes: Sequence[str] = ()
) -> Requests:
    """A request for each person of ``people``, signed by the demo issuer key of the service
    in ``workdir``, with the Python of ``bin_dir`` (the code under test signs its own);
    ``scopes``: the agencies its authorization allows (default: every installed one)."""
    out = workdir / "requests.ndjson"
    subprocess.run(
        [
            str(bin_dir / "python"),
            str(Path(sign_requests.__file__)),
            str(workdir / "var" / "demo" / "issuer-key.json"),
            str(people),
            str(out),
            *([",".join(scopes)] if scopes else []),
        ],
        check=True,
        cwd=workdir,
    )
    return Requests(out.read_bytes().splitlines())


@contextlib.contextmanager
def service(
    mock_url: str,
    workdir: Path,
    database_url: str | None = None,
    *,
    bin_dir: Path = BIN,
    settings: dict[str, str] | None = None,
) -> Iterator[Service]:
    """``verification serve`` from ``bin_dir``, in ``workdir`` (its ``var/``: keys, demo token).

    Two services started one after the other with the same ``workdir`` and PostgreSQL
    ``database_url`` are two API processes of one deployment: the same keys, the same demo
    client (the second finds the first's state and reuses it).  ``settings``: more
    ``VERIFICATION_*`` variables of its environment."""
    port = free_port()
    database = {"VERIFICATION_DATABASE_URL": database_url} if database_url else {}
    env = (
        {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
        | database
        | {
            "VERIFICATION_PORT": str(port),
            "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
            "VERIFICATION_MOCK_SOURCES_PORT": mock_url.rsplit(":", 1)[1],
            "VERIFICATION_LOG_LEVEL": "WARNING",
            # one client at up to 128 requests at once: the throughput, not the rate limit
            "VERIFICATION_RATE_LIMIT_CLIENT_PER_SECOND": "0",
        }
        | (settings or {})
    )
    log = workdir / f"serve-{port}.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [str(bin_dir / "verification"), "serve"],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(f"{url}/readyz", process)
        except (RuntimeError, TimeoutError):
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        demo = workdir / "var" / "demo"
        yield Service(
            url=url,
            pid=process.pid,
            token=(demo / "client-token").read_text().strip(),
            body=(demo / "requests" / "single_disabled.json").read_bytes(),
        )
    finally:
        process.terminate()
        process.wait(30)


# --- the calls --------------------------------------------------------------------------


async def six_calls(client: httpx.AsyncClient, base: str) -> None:
    """What a verification asks the agencies for one person, with nothing else."""
    id_number, name = PERSON
    responses = await asyncio.gather(
        client.post(f"{base}/hukou/api/v2/person/verify", json={"sfzhm": id_number, "xm": name}),
        client.get(f"{base}/vehicle/vehicles", params={"idNo": id_number, "page": 1, "size": 20}),
        client.get(f"{base}/housing/v1/owners/{id_number}/properties"),
        client.post(
            f"{base}/bank/gateway/deposit-query",
            json={"certType": "01", "certNo": id_number, "custName": name},
        ),
        client.get(
            f"{base}/tax/income-records",
            params={"nsrsbh": id_number, "from": "202511", "to": "202610"},
        ),
        client.get(f"{base}/provident-fund/accounts/{id_number}"),
    )
    for response in responses:
        if response.status_code >= 500:
            raise RuntimeError(f"agency answered {response.status_code}")


async def _send(session: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> int:
    async with session.request(method, url, headers=HEADERS, **kwargs) as response:
        await response.read()
        return response.status


async def person_calls_aiohttp(
    session: aiohttp.ClientSession, base: str, id_number: str, name: str = sign_requests.NAME
) -> None:
    """The same calls through aiohttp (C parser, its own pool): the floor's client."""
    statuses = await asyncio.gather(
        _send(
            session,
            "POST",
            f"{base}/hukou/api/v2/person/verify",
            json={"sfzhm": id_number, "xm": name},
        ),
        _send(
            session,
            "GET",
            f"{base}/vehicle/vehicles",
            params={"idNo": id_number, "page": "1", "size": "20"},
        ),
        _send(session, "GET", f"{base}/housing/v1/owners/{id_number}/properties"),
        _send(
            session,
            "POST",
            f"{base}/bank/gateway/deposit-query",
            json={"certType": "01", "certNo": id_number, "custName": name},
        ),
        _send(
            session,
            "GET",
            f"{base}/tax/income-records",
            params={"nsrsbh": id_number, "from": "202511", "to": "202610"},
        ),
        _send(session, "GET", f"{base}/provident-fund/accounts/{id_number}"),
        _send(
            session,
            "GET",
            f"{base}/insurance/v2/policies",
            params={"zjhm": id_number, "gzrq": "20261031"},
        ),
        _send(
            session, "GET", f"{base}/market-regulation/api/v1/entities", params={"zjhm": id_number}
        ),
        _send(
            session,
            "GET",
            f"{base}/securities/csdc/v1/investor-accounts",
            params={"zjlb": "00", "zjhm": id_number},
        ),
        _send(
            session,
            "GET",
            f"{base}/social-insurance/v1/insured/{id_number}",
            params={"start": "202511", "end": "202610"},
        ),
    )
    if max(statuses) >= 500:
        raise RuntimeError(f"agency answered {max(statuses)}")


def verify_call(client: httpx.AsyncClient, svc: Service) -> Callable[[], Awaitable[None]]:
    headers = {"Authorization": f"Bearer {svc.token}", "Content-Type": "application/json"}

    async def call() -> None:
        response = await client.post(
            f"{svc.url}/v1/verifications", content=svc.body, headers=headers
        )
        if response.status_code != 201:
            raise RuntimeError(f"verification failed: {response.status_code} {response.text[:200]}")

    return call


def verify_call_aiohttp(
    session: aiohttp.ClientSession, svc: Service
) -> Callable[[], Awaitable[None]]:
    """A verification of the next person of ``svc.requests``."""
    headers = {"Authorization": f"Bearer {svc.token}", "Content-Type": "application/json"}
    url = f"{svc.url}/v1/verifications"
    assert svc.requests is not None

    async def call() -> None:
        assert svc.requests is not None
        body = svc.requests.take()
        async with session.post(url, data=body, headers=headers) as response:
            text = await response.read()
            if response.status != 201:
                raise RuntimeError(f"verification failed: {response.status} {text[:200]!r}")

    return call


def _session(keepalive_seconds: float = 2.0) -> aiohttp.ClientSession:
    # idle connections are dropped before uvicorn's 5 s keep-alive timeout closes them from
    # its side (a request sent as the server closes fails)
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=keepalive_seconds)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60))


# --- measuring --------------------------------------------------------------------------


async def timed(samples: int, call: Callable[[], Awaitable[None]]) -> list[float]:
    await call()  # warm up connections
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return times


async def rate(clients: int, seconds: float, call: Callable[[], Awaitable[None]]) -> float:
    """Calls per second with ``clients`` concurrent loops, after a warm-up second.

    The warm-up opens the connections first: a cold burst of hundreds of
    connects overflows the listen backlog and measures SYN retransmits instead.
    """
    await _loop_for(clients, 1.0, call)
    return await _loop_for(clients, seconds, call)


async def _loop_for(clients: int, seconds: float, call: Callable[[], Awaitable[None]]) -> float:
    done = await _loops([call] * clients, seconds)
    return done[0] / done[1]


async def _loops(calls: list[Callable[[], Awaitable[None]]], seconds: float) -> tuple[int, float]:
    """(calls done, wall seconds): one loop per call, each until ``seconds`` have passed."""
    done = 0
    stop = time.perf_counter() + seconds

    async def worker(call: Callable[[], Awaitable[None]]) -> None:
        nonlocal done
        while time.perf_counter() < stop:
            await call()
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(call) for call in calls))
    return done, time.perf_counter() - started


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


async def _floor_child(
    base: str, people: People, clients: int, start_at: float, seconds: float
) -> dict[str, Any]:
    """One load generator of the floor: ``clients`` person-call loops; sets done in the window."""
    stop_at = start_at + seconds
    done = 0
    cpu: dict[str, float] = {}
    late = time.time() > start_at - 0.5
    async with _session(keepalive_seconds=30) as session:

        async def loop() -> None:
            nonlocal done
            while time.time() < stop_at:
                await person_calls_aiohttp(session, base, people.take())
                if start_at <= time.time() <= stop_at:
                    done += 1

        async def clock() -> None:
            await asyncio.sleep(max(0.0, start_at - time.time()))
            cpu["start"] = time.process_time()
            await asyncio.sleep(max(0.0, stop_at - time.time()))
            cpu["end"] = time.process_time()

        await asyncio.gather(clock(), *(loop() for _ in range(clients)))
    return {"sets": done, "cpu_seconds": cpu["end"] - cpu["start"], "late": late}


def floor_rate(
    agencies: Agencies, people_file: Path, processes: int, seconds: float
) -> dict[str, float]:
    """The agencies' calls/s under ``CLIENTS`` person-call loops spread over child processes,
    all counting over the same wall-clock window (after a warm-up of a few seconds)."""
    start_at = time.time() + 3 + processes
    shares = [
        CLIENTS // processes + (1 if i < CLIENTS % processes else 0) for i in range(processes)
    ]
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.benchmarks.fanout",
                "--floor-child",
                agencies.url,
                str(people_file),
                str(share),
                repr(start_at),
                repr(seconds),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for share in shares
    ]
    time.sleep(max(0.0, start_at - time.time()))
    agencies_cpu = cpu_seconds(agencies.pid)
    time.sleep(max(0.0, start_at + seconds - time.time()))
    agencies_cpu = cpu_seconds(agencies.pid) - agencies_cpu
    outputs = []
    for child in children:
        out, _ = child.communicate(timeout=seconds + 120)
        if child.returncode != 0:
            raise RuntimeError(f"floor load generator exited with {child.returncode}")
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    if any(o["late"] for o in outputs):
        raise RuntimeError("a floor load generator started after the window opened")
    return {
        "calls_per_s": CALLS * sum(o["sets"] for o in outputs) / seconds,
        "agencies_cpu": agencies_cpu / seconds,  # cores
        "clients_cpu": sum(o["cpu_seconds"] for o in outputs) / seconds,
    }


async def service_rate(services: list[Service], seconds: float) -> dict[str, float]:
    """``CLIENTS`` concurrent clients spread over ``services``: verifications/s, CPU each."""
    async with _session() as session:
        calls = [verify_call_aiohttp(session, services[i % len(services)]) for i in range(CLIENTS)]
        # one request alone to each first: with --same-request, the service records the
        # authorization at its first use and refuses concurrent first uses of one (409)
        for call in calls[: len(services)]:
            await call()
        await _loops(calls, 1.0)  # warm up: connections open, code paths hot
        cpu = sum(cpu_seconds(s.pid) for s in services)
        done, wall = await _loops(calls, seconds)
        cpu = sum(cpu_seconds(s.pid) for s in services) - cpu
    return {"per_s": done / wall, "cpu_ms": 1000 * cpu / done}


async def latencies(
    agencies: Agencies, people: People, services: dict[str, Service], samples: int
) -> dict[str, list[float]]:
    """Milliseconds of the floor's calls and of one verification per service, interleaved."""
    async with _session() as session:
        calls: dict[str, Callable[[], Awaitable[None]]] = {
            "floor": lambda: person_calls_aiohttp(session, agencies.url, people.take())
        }
        calls |= {name: verify_call_aiohttp(session, svc) for name, svc in services.items()}
        for _ in range(3):  # warm up
            for call in calls.values():
                await call()
        times: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(samples):
            for name, call in calls.items():
                started = time.perf_counter()
                await call()
                times[name].append((time.perf_counter() - started) * 1000)
    return times


def _run(coroutine: Awaitable[Any]) -> Any:
    import uvloop

    return uvloop.run(coroutine)  # type: ignore[arg-type]


@dataclass
class Run:
    database: str
    baseline: str | None
    samples: int
    seconds: float
    rounds: int
    floor_processes: int
    start: MachineState
    end: MachineState | None = None
    code: str = ""
    postgres: str = ""
    latency: dict[str, list[float]] = field(default_factory=dict)
    rates: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    peak_rss: dict[str, float] = field(default_factory=dict)
    requests: dict[str, tuple[int, int]] = field(default_factory=dict)  # (sent, distinct)
    same_request: bool = False


def _code_version() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--", "services", "connectors", "migrations")
    return git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" if dirty else "")


def _rotated(items: list[str], number: int) -> list[str]:
    shift = number % len(items)
    return items[shift:] + items[:shift]


def measure(
    *,
    samples: int,
    seconds: float,
    rounds: int,
    floor_processes: int,
    baseline: Baseline | None,
    database: str,
    requests: int,
    same_request: bool = False,
) -> Run:
    run = Run(
        database=database,
        baseline=baseline.short if baseline else None,
        samples=samples,
        seconds=seconds,
        rounds=rounds,
        floor_processes=floor_processes,
        start=MachineState.now(),
        code=_code_version(),
        same_request=same_request,
    )
    postgresql = database == "postgresql"
    if postgresql:
        run.postgres = pg_server_version()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        agencies = stack.enter_context(agencies_process(workdir))
        people = workdir / "people.txt"
        people.write_text("\n".join(select_people(requests)) + "\n")

        def database_for(purpose: str) -> str | None:
            return stack.enter_context(pg_database(f"fanout_{purpose}")) if postgresql else None

        services: dict[str, Service] = {}
        (workdir / "current").mkdir()
        print("starting this code's service", file=sys.stderr)
        current_db = database_for("current")
        services["current"] = stack.enter_context(
            service(agencies.url, workdir / "current", current_db)
        )
        services["current"].requests = (
            Requests([services["current"].body])
            if same_request
            else sign_pool(workdir / "current", people)
        )
        if baseline is not None:
            print(f"starting the baseline's service ({baseline.short})", file=sys.stderr)
            (workdir / "baseline").mkdir()
            services["baseline"] = stack.enter_context(
                service(
                    agencies.url,
                    workdir / "baseline",
                    database_for("baseline"),
                    bin_dir=baseline.bin,
                )
            )
            services["baseline"].requests = (
                Requests([services["baseline"].body])
                if same_request
                else sign_pool(workdir / "baseline", people, bin_dir=baseline.bin)
            )
        if postgresql:
            print("starting this code's second API process", file=sys.stderr)
            services["current-2"] = stack.enter_context(
                service(agencies.url, workdir / "current", current_db)
            )
            # one pool for both processes: no request is sent twice while any is new
            services["current-2"].requests = services["current"].requests

        print(f"L = {LATENCY_MS} ms: {samples} samples of each", file=sys.stderr)
        agencies.set_latency(LATENCY_MS)
        one_each = {name: svc for name, svc in services.items() if name != "current-2"}
        run.latency = _run(
            latencies(agencies, People(people.read_text().split()), one_each, samples)
        )
        agencies.set_latency(0)

        variants = ["floor", *one_each]
        if postgresql:
            variants.append("current×2")
        run.rates = {variant: [] for variant in variants}
        for number in range(rounds):
            for variant in _rotated(variants, number):
                if variant == "floor":
                    run.rates[variant].append(
                        floor_rate(agencies, people, floor_processes, seconds)
                    )
                elif variant == "current×2":
                    pair = [services["current"], services["current-2"]]
                    run.rates[variant].append(_run(service_rate(pair, seconds)))
                else:
                    run.rates[variant].append(_run(service_rate([services[variant]], seconds)))
            print(f"round {number + 1}/{rounds} done", file=sys.stderr)
        run.peak_rss = {name: peak_rss_mib(svc.pid) for name, svc in services.items()}
        run.requests = {
            name: (svc.requests.used, svc.requests.size)
            for name, svc in services.items()
            if svc.requests is not None and name != "current-2"
        }
    run.end = MachineState.now()
    return run


# --- the report -------------------------------------------------------------------------


def _median(samples: list[dict[str, float]], key: str) -> float:
    return statistics.median(sample[key] for sample in samples)


def _met(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def render(run: Run) -> str:
    assert run.end is not None
    floor = run.rates["floor"]
    current = run.rates["current"]
    base = run.rates.get("baseline")
    pair = run.rates.get("current×2")
    rounds = range(run.rounds)
    # each ratio per round (both sides measured minutes apart at most), then the median
    share = statistics.median(
        current[i]["per_s"] / (floor[i]["calls_per_s"] / CALLS) for i in rounds
    )
    lat = run.latency
    median_ratio = statistics.median(lat["current"]) / statistics.median(lat["floor"])
    p99_ratio = p99(lat["current"]) / p99(lat["floor"])
    database = (
        f"PostgreSQL {run.postgres} (a fresh database for each code)"
        if run.database == "postgresql"
        else "SQLite (the embedded default; one process, so no two-process row)"
    )
    baseline = f"`{run.baseline}`" if run.baseline else "none (`--no-baseline`)"
    households = (
        "one request, scenario `single_disabled`'s, sent again and again (`--same-request`; "
        "the floor asks about synthetic people with no income on record)"
        if run.same_request
        else "one-member households, each request a person and an authorization of its own "
        "(synthetic people with no income, securities account or insurance policy on record: "
        f"one request to each of the {CALLS} agencies; the baseline asks six of them, "
        "as for scenario `single_disabled`)"
    )
    lines = [
        "## Fan-out (`tests/benchmarks/fanout.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on this machine; code "
        f"`{run.code}`, baseline {baseline}; {database}; {households}; "
        f"{run.samples} sequential samples at L = {LATENCY_MS} ms; {run.rounds} "
        f"round{'s' if run.rounds != 1 else ''} of {run.seconds:.0f} s per variant at L = 0, "
        f"{CLIENTS} concurrent clients, the variants in an order rotated each round; floor load "
        f"from "
        f"{run.floor_processes} aiohttp processes. {machine_sentence(run.start, run.end)}",
        "",
        "Issue #17's targets (ratios within this run; per-round ratios, then their median):",
        "",
        "| target | measured | ratio | target | met |",
        "|---|---|---:|---:|---|",
        f"| {CLIENTS} clients, L = 0: verifications/s ÷ (floor calls/s ÷ {CALLS}) "
        f"| {_median(current, 'per_s'):.1f}/s against {_median(floor, 'calls_per_s'):,.0f} "
        f"calls/s ÷ {CALLS} | {100 * share:.1f} % | ≥ {100 * TARGET_SHARE_OF_FLOOR:.0f} % "
        f"| {_met(share >= TARGET_SHARE_OF_FLOOR)} |",
    ]
    if base is not None:
        cpu_ratio = statistics.median(current[i]["cpu_ms"] / base[i]["cpu_ms"] for i in rounds)
        lines.append(
            f"| CPU per verification ({CLIENTS} clients, L = 0), this code ÷ `{run.baseline}` "
            f"| {_median(current, 'cpu_ms'):.2f} ms against {_median(base, 'cpu_ms'):.2f} ms "
            f"| {cpu_ratio:.2f} | ≤ {TARGET_CPU_VS_BASELINE:.2f} "
            f"| {_met(cpu_ratio <= TARGET_CPU_VS_BASELINE)} |"
        )
    lines += [
        f"| one verification, L = {LATENCY_MS} ms: median ÷ the floor's {CALLS}-call median "
        f"| {statistics.median(lat['current']):.1f} ms against "
        f"{statistics.median(lat['floor']):.1f} ms | {median_ratio:.3f} "
        f"| ≤ {TARGET_MEDIAN_VS_FLOOR:.2f} | {_met(median_ratio <= TARGET_MEDIAN_VS_FLOOR)} |",
        f"| one verification, L = {LATENCY_MS} ms: p99 ÷ the floor's {CALLS}-call p99 "
        f"| {p99(lat['current']):.1f} ms against {p99(lat['floor']):.1f} ms "
        f"| {p99_ratio:.3f} | ≤ {TARGET_P99_VS_FLOOR:.2f} "
        f"| {_met(p99_ratio <= TARGET_P99_VS_FLOOR)} |",
    ]
    if pair is not None:
        two = statistics.median(pair[i]["per_s"] / current[i]["per_s"] for i in rounds)
        lines.append(
            f"| two API processes ÷ one, one database ({CLIENTS} clients, L = 0) "
            f"| {_median(pair, 'per_s'):.1f}/s against {_median(current, 'per_s'):.1f}/s "
            f"| {two:.2f} | ≥ {TARGET_TWO_PROCESSES:.2f} | {_met(two >= TARGET_TWO_PROCESSES)} |"
        )
    lines += [
        "",
        f"Per round, L = 0, {CLIENTS} clients (verifications/s, ms of service CPU a "
        "verification; the floor's calls/s with the agencies' and its clients' CPU in cores "
        "during the window):",
        "",
        "| round | floor | this code, 1 process |"
        + (f" `{run.baseline}`, 1 process |" if base is not None else "")
        + (" this code, 2 processes |" if pair is not None else ""),
        "|---|---|---|"
        + ("---|" if base is not None else "")
        + ("---|" if pair is not None else ""),
    ]
    for i in rounds:
        f = floor[i]
        row = (
            f"| {i + 1} | {f['calls_per_s']:,.0f} calls/s (agencies {f['agencies_cpu']:.2f}, "
            f"clients {f['clients_cpu']:.2f}) | {current[i]['per_s']:.1f}/s, "
            f"{current[i]['cpu_ms']:.2f} ms |"
        )
        if base is not None:
            row += f" {base[i]['per_s']:.1f}/s, {base[i]['cpu_ms']:.2f} ms |"
        if pair is not None:
            row += f" {pair[i]['per_s']:.1f}/s, {pair[i]['cpu_ms']:.2f} ms |"
        lines.append(row)
    lines += [
        "",
        f"One at a time at L = {LATENCY_MS} ms, {run.samples} samples each, interleaved "
        "(milliseconds):",
        "",
        "| what | median | p99 | peak RSS of the service |",
        "|---|---:|---:|---:|",
        f"| floor: the {CALLS} agency calls, concurrently (aiohttp) "
        f"| {statistics.median(lat['floor']):.1f} | {p99(lat['floor']):.1f} | |",
    ]
    names = {
        "current": "one verification, this code",
        "baseline": f"one verification, `{run.baseline}`",
    }
    for name, label in names.items():
        if name in lat:
            rss = run.peak_rss[name]
            if name == "current" and "current-2" in run.peak_rss:
                rss_text = f"{rss:.0f} MiB (second process {run.peak_rss['current-2']:.0f} MiB)"
            else:
                rss_text = f"{rss:.0f} MiB"
            lines.append(
                f"| {label} | {statistics.median(lat[name]):.1f} | {p99(lat[name]):.1f} "
                f"| {rss_text} |"
            )
    busiest = max(f["agencies_cpu"] for f in floor)
    if busiest < AGENCIES_SATURATED:
        lines += [
            "",
            f"**The floor was not the agencies' ceiling in this run**: their process used at most "
            f"{busiest:.2f} of a core during a floor window (a saturated one uses about 1.00; "
            f"the load generators {max(f['clients_cpu'] for f in floor):.2f}), so the machine's "
            "other load, not the agencies, bounded it, and the first ratio above is "
            "overstated by as much. Re-run on a quieter machine.",
        ]
    sent = ", ".join(
        f"{label} {used:,} ({'each request once' if used <= size else f'{size:,} distinct'})"
        for name, (used, size) in run.requests.items()
        for label in [names.get(name, name).removeprefix("one verification, ")]
    )
    lines += ["", f"Verifications sent: {sent}."]
    return "\n".join(lines) + "\n"


def write_section(markdown: str, path: Path, heading: str = "## Fan-out") -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    start = existing.find(heading)
    if start == -1:
        updated = existing.rstrip("\n") + "\n\n" + markdown
    else:
        end = existing.find("\n## ", start + 1)
        rest = "" if end == -1 else "\n" + existing[end + 1 :]  # a blank line before it
        updated = existing[:start] + markdown.rstrip("\n") + "\n" + rest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def main() -> None:
    if len(sys.argv) == 7 and sys.argv[1] == "--floor-child":
        _, _, base, people, clients, start_at, seconds = sys.argv
        result = _run(
            _floor_child(
                base,
                People(Path(people).read_text().split()),
                int(clients),
                float(start_at),
                float(seconds),
            )
        )
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=200, help=f"at L = {LATENCY_MS} ms")
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput measurement")
    parser.add_argument("--rounds", type=int, default=3, help="of the throughput variants")
    parser.add_argument(
        "--floor-processes", type=int, default=2, help="load generator processes of the floor"
    )
    parser.add_argument(
        "--baseline",
        default=DEFAULT_BASELINE,
        help="the commit run beside this code (cached under ~/.cache/verification-bench)",
    )
    parser.add_argument("--no-baseline", action="store_true", help="run this code alone")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument(
        "--requests",
        type=int,
        default=20_000,
        help="distinct signed requests (people) per code; beyond them, they are sent again",
    )
    parser.add_argument(
        "--same-request",
        action="store_true",
        help="send every service scenario single_disabled's one request again and again, as "
        "this benchmark did until 2026-12-06 (the floor still asks about the chosen people)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    baseline = None if args.no_baseline else ensure_baseline(args.baseline)
    run = measure(
        samples=args.samples,
        seconds=args.seconds,
        rounds=args.rounds,
        floor_processes=args.floor_processes,
        baseline=baseline,
        database=args.database,
        requests=args.requests,
        same_request=args.same_request,
    )
    markdown = render(run)
    print(markdown)
    print(json.dumps(run, default=lambda o: o.__dict__, indent=2), file=sys.stderr)
    write_section(markdown, args.out)


if __name__ == "__main__":
    main()
