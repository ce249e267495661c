"""Fan-out benchmark: how close a verification gets to the slowest source.

Run: ``.venv/bin/python -m tests.benchmarks.fanout [--latency-ms 100] [--samples 200]``
(from the repository root).  It starts, as separate processes, the mock
agencies with a fixed added latency L on every agency, and the service
(``verification serve``, SQLite, its own temporary directory); then measures

(a) one verification's wall time (median, p99) against L, sequentially;
(b) the floor: the same six agency calls made concurrently by a bare httpx
    script, and that script's call rate at 32 concurrent clients with L = 0;
(c) verifications per second at 1, 8, 32 and 128 concurrent clients (L = 0);
(d) the service process's peak resident memory (VmHWM).

and writes the figures to ``docs/benchmarks.md`` (section "Fan-out").  The
household is the single-member scenario ``single_disabled``: six calls.
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
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AGENCIES = ("hukou", "vehicle", "housing", "bank", "tax", "provident_fund")
PERSON = ("450102198808081818", "覃小军")  # scenario single_disabled
HEADERS = {"X-Authorization-Id": "bench", "X-Purpose": "dibao_application"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1).status_code < 500:
                return
        time.sleep(0.1)
    raise TimeoutError(url)


@contextlib.contextmanager
def mock_agencies(latency_ms: int, workdir: Path) -> Iterator[str]:
    port = free_port()
    faults = workdir / f"faults-{latency_ms}.json"
    faults.write_text(json.dumps({a: {"latency_ms": latency_ms} for a in AGENCIES}))
    process = subprocess.Popen(
        [
            str(BIN / "mock-sources"),
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--faults",
            str(faults),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/_scenarios", process)
        yield url
    finally:
        process.terminate()
        process.wait(30)


@dataclass
class Service:
    url: str
    pid: int
    token: str
    body: bytes


@contextlib.contextmanager
def service(mock_url: str, workdir: Path, database_url: str | None = None) -> Iterator[Service]:
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
    )
    process = subprocess.Popen(
        [str(BIN / "verification"), "serve"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/readyz", process)
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


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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
    done = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < stop:
            await call()
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return done / (time.perf_counter() - started)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def verify_call(client: httpx.AsyncClient, svc: Service) -> Callable[[], Awaitable[None]]:
    headers = {"Authorization": f"Bearer {svc.token}", "Content-Type": "application/json"}

    async def call() -> None:
        response = await client.post(
            f"{svc.url}/v1/verifications", content=svc.body, headers=headers
        )
        if response.status_code != 201:
            raise RuntimeError(f"verification failed: {response.status_code} {response.text[:200]}")

    return call


async def measure(latency_ms: int, samples: int, seconds: float) -> dict[str, object]:
    # idle connections are dropped before uvicorn's 5 s keep-alive timeout closes them
    # from its side (a request sent as the server closes fails with a ReadError)
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256, keepalive_expiry=2)
    results: dict[str, object] = {"latency_ms": latency_ms, "samples": samples}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with mock_agencies(latency_ms, workdir) as mock_url, service(mock_url, workdir) as svc:
            async with httpx.AsyncClient(timeout=60, limits=limits, headers=HEADERS) as client:
                floor = await timed(samples, lambda: six_calls(client, mock_url))
                single = await timed(samples, verify_call(client, svc))
        results["floor_ms"] = {"median": statistics.median(floor), "p99": p99(floor)}
        results["verification_ms"] = {"median": statistics.median(single), "p99": p99(single)}
        (workdir / "var").mkdir(exist_ok=True)
        with mock_agencies(0, workdir) as mock_url:
            async with httpx.AsyncClient(timeout=60, limits=limits, headers=HEADERS) as client:
                floor_rate = await rate(32, seconds, lambda: six_calls(client, mock_url))
        results["floor_calls_per_s_32"] = floor_rate * 6
        throughput: dict[int, float] = {}
        with (
            tempfile.TemporaryDirectory() as tmp2,
            mock_agencies(0, Path(tmp2)) as mock_url,
            service(mock_url, Path(tmp2)) as svc,
        ):
            async with httpx.AsyncClient(timeout=60, limits=limits) as client:
                for clients in (1, 8, 32, 128):
                    throughput[clients] = await rate(clients, seconds, verify_call(client, svc))
            results["peak_rss_mib"] = peak_rss_mib(svc.pid)
        results["verifications_per_s"] = throughput
    return results


def render(r: dict[str, object]) -> str:
    latency = r["latency_ms"]
    v = r["verification_ms"]
    f = r["floor_ms"]
    tp = r["verifications_per_s"]
    assert isinstance(latency, int) and isinstance(v, dict) and isinstance(f, dict)
    assert isinstance(tp, dict)
    floor_rate = float(r["floor_calls_per_s_32"])  # type: ignore[arg-type]
    target = 0.4 * floor_rate / 6
    ok_median = v["median"] <= 1.3 * latency
    ok_p99 = v["p99"] <= 2 * latency
    ok_tp = tp[32] >= target
    lines = [
        "## Fan-out (`tests/benchmarks/fanout.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on this machine "
        f"({os.cpu_count()} cores); mock agencies, service and load generator in three processes; "
        "SQLite (embedded default); household `single_disabled` (one member, six calls); "
        f"{r['samples']} sequential samples.",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
        f"| (a) one verification, L = {latency} ms: median | {v['median']:.1f} ms "
        f"| ≤ {1.3 * latency:.0f} ms (1.3 × L) | {'yes' if ok_median else 'NO'} |",
        f"| (a) one verification, L = {latency} ms: p99 | {v['p99']:.1f} ms "
        f"| ≤ {2 * latency} ms (2 × L) | {'yes' if ok_p99 else 'NO'} |",
        f"| (b) floor: six bare httpx calls, L = {latency} ms: median / p99 "
        f"| {f['median']:.1f} / {f['p99']:.1f} ms | | |",
        f"| (b) floor call rate, 32 clients, L = 0 | {floor_rate:.0f} calls/s | | |",
    ]
    for clients, value in tp.items():
        goal, met = ("", "")
        if clients == 32:
            goal, met = f"≥ {target:.1f}/s (40% of floor ÷ 6)", "yes" if ok_tp else "NO"
        lines.append(
            f"| (c) verifications/s, {clients} clients, L = 0 | {value:.1f} | {goal} | {met} |"
        )
    lines.append(f"| (d) service peak RSS | {r['peak_rss_mib']:.0f} MiB | | |")
    return "\n".join(lines) + "\n"


def write_section(markdown: str, path: Path, heading: str = "## Fan-out") -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    start = existing.find(heading)
    if start == -1:
        updated = existing.rstrip("\n") + "\n\n" + markdown
    else:
        end = existing.find("\n## ", start + 1)
        updated = existing[:start] + markdown + ("" if end == -1 else existing[end + 1 :])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput point")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    results = asyncio.run(measure(args.latency_ms, args.samples, args.seconds))
    markdown = render(results)
    print(markdown)
    print(json.dumps(results, indent=2, default=str), file=sys.stderr)
    write_section(markdown, args.out)


if __name__ == "__main__":
    main()
