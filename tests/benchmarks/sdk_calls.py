"""The connector SDK's own CPU a call: ``AgencyClient`` against the same requests sent bare.

Run: ``.venv/bin/python -m tests.benchmarks.sdk_calls [--rounds 5] [--seconds 5]
[--memory-calls 20000]`` (from the repository root).  Two measurements, each variant in
every round in a rotating order, medians over the rounds:

(1) **In memory** (one process, no sockets; ``event_loop.run`` as well): one agency
    call, the vehicle agency's GET with three query parameters, answered at once by a
    transport that returns a canned JSON body (no vehicles).  ``connector`` is
    ``VehicleConnector.query`` (the template of ``connectors.sdk.base``, its ``fetch``,
    parsing, the result); ``sdk`` is the same call's use of the client alone
    (``AgencyClient.session``, ``get``, ``finish``: breaker, request slot, deadline,
    attempt log, metrics); ``request`` builds the same ``httpx.Request`` (the SDK's
    headers and timeout extension) and sends it through the same transport, reading the
    body, with nothing around it.  ``sdk`` − ``request`` is the SDK's bookkeeping a call,
    free of the machine's network stack; CPU by ``time.process_time`` over
    ``--memory-calls`` calls.  (``valgrind --tool=callgrind`` over ``_memory`` gives
    instruction counts a call that do not move with the machine's load.)
(2) **Against the mock agencies** (their own process, no added latency): the six calls
    of ``tests/benchmarks/transports.py`` from 32 concurrent loops, a child process per
    variant and round, run as the service runs (``verification.kit.event_loop.run``:
    uvloop, and its collector settings, without which collections triggered by the
    calls in flight take a fifth of the CPU and blur the comparison); the child's CPU a
    call.  ``sdk`` is that script's ``sdk:aiohttp``; ``request`` its ``request:aiohttp``,
    the requests the SDK would build sent through the transport it would use
    (``connectors.sdk.transport.build_transport``), each body read; ``bare:aiohttp`` is
    aiohttp's own session with no httpx objects.  On a shared machine these move with
    the load far more than (1).

Prints a Markdown table; figures go into ``docs/benchmarks.md`` by hand (History).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from connectors.sdk.contract import PersonQuery
from connectors.sdk.evidence import SourceStatus
from connectors.sdk.http import AgencyClient, QueryParams
from connectors.sdk.testing import fast_config, query_context
from connectors.vehicle.connector import VehicleConnector
from tests.benchmarks import transports
from tests.benchmarks.fanout import PERSON, mock_agencies
from tests.benchmarks.harness import cpu_reference_seconds
from tests.benchmarks.transports import CLIENTS, sdk_headers, timeout_extension
from verification.kit import event_loop

BODY = b'{"total":0,"page":1,"size":20,"items":[]}'  # the vehicle agency's: no vehicles
PARAMS: QueryParams = {"idNo": PERSON[0], "page": 1, "size": 20}
Call = Callable[[], Awaitable[None]]
ROOT = Path(__file__).resolve().parents[2]


# --- (1) in memory ----------------------------------------------------------------------


class _Canned(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers=[(b"content-type", b"application/json"), (b"content-length", b"42")],
            stream=httpx.ByteStream(BODY),
        )


def _memory_call(variant: str) -> tuple[Call, Callable[[], Awaitable[None]]]:
    transport = _Canned()
    base = "http://agency.test/vehicle/"
    if variant == "connector":
        connector = VehicleConnector(
            fast_config(base, max_concurrency=CLIENTS, timeout_seconds=30.0), transport
        )
        person = PersonQuery(*PERSON)

        async def query() -> None:
            result = await connector.query(person, query_context(deadline_in=30.0))
            assert result.status is SourceStatus.OK

        return query, connector.aclose
    if variant == "sdk":
        client = AgencyClient(
            fast_config(base, max_concurrency=CLIENTS, timeout_seconds=30.0),
            transport=transport,
            scope="vehicle",
        )

        async def sdk() -> None:
            session = client.session(query_context(deadline_in=30.0))
            await session.get("vehicles", params=PARAMS)
            session.finish()

        return sdk, client.aclose
    headers = sdk_headers(base)

    async def request() -> None:
        sent = httpx.Request(
            "GET",
            base + "vehicles",
            params=PARAMS,
            headers=headers,
            extensions=timeout_extension(30.0),
        )
        response = await transport.handle_async_request(sent)
        await response.aread()

    return request, transport.aclose


async def _memory(variant: str, calls: int) -> float:
    call, close = _memory_call(variant)
    try:
        for _ in range(calls // 10):  # warm up
            await call()
        cpu = time.process_time()
        for _ in range(calls):
            await call()
        return (time.process_time() - cpu) / calls * 1e6
    finally:
        await close()


# --- (2) against the mock agencies ------------------------------------------------------


def _run(base: str, variant: str, seconds: float) -> float:
    """A child running ``transports.py``'s variant as the service runs (its CPU a call)."""
    command = [sys.executable, "-m", "tests.benchmarks.sdk_calls", "--child", variant, base]
    out = subprocess.run(
        [*command, str(seconds)], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def _child(variant: str, base: str, seconds: float) -> float:
    result = event_loop.run(transports._child(base, NETWORK_VARIANTS[variant], seconds))
    return result["us_cpu_per_call"]


# --- the run ------------------------------------------------------------------------------

MEMORY_VARIANTS = ("connector", "sdk", "request")
NETWORK_VARIANTS = {  # this script's name: the child variant of ``transports.py``
    "sdk": "sdk:aiohttp",
    "request": "request:aiohttp",
    "bare:aiohttp": "bare:aiohttp",
}


def _rotated(items: tuple[str, ...], number: int) -> tuple[str, ...]:
    shift = number % len(items)
    return items[shift:] + items[:shift]


def measure(rounds: int, seconds: float, memory_calls: int) -> dict[str, dict[str, list[float]]]:
    memory: dict[str, list[float]] = {v: [] for v in MEMORY_VARIANTS}
    network: dict[str, list[float]] = {v: [] for v in NETWORK_VARIANTS}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        url = stack.enter_context(mock_agencies(0, Path(tmp)))
        for number in range(rounds):
            for variant in _rotated(MEMORY_VARIANTS, number):
                memory[variant].append(event_loop.run(_memory(variant, memory_calls)))
            for variant in _rotated(tuple(NETWORK_VARIANTS), number):
                network[variant].append(_run(url, variant, seconds))
            print(f"round {number + 1}/{rounds} done", file=sys.stderr)
    return {"memory": memory, "network": network}


def render(results: dict[str, dict[str, list[float]]]) -> str:
    lines = [
        f"CPU reference (a fixed pure-Python loop): {cpu_reference_seconds() * 1000:.0f} ms.",
        "",
        "| measurement | variant | µs of CPU a call (median) | per round |",
        "|---|---|---:|---|",
    ]
    for measurement, variants in results.items():
        for variant, samples in variants.items():
            rounds = ", ".join(f"{s:.1f}" for s in samples)
            lines.append(
                f"| {measurement} | `{variant}` | {statistics.median(samples):.1f} | {rounds} |"
            )
    for measurement, variants in results.items():
        sdk, request = statistics.median(variants["sdk"]), statistics.median(variants["request"])
        lines.append(f"\n{measurement}: the SDK's own share {sdk - request:.1f} µs a call")
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _, _, variant, base, seconds = sys.argv
        print(_child(variant, base, float(seconds)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5.0, help="per network variant")
    parser.add_argument("--memory-calls", type=int, default=20000, help="per memory variant")
    args = parser.parse_args()
    results = measure(args.rounds, args.seconds, args.memory_calls)
    print(render(results))
    print(json.dumps(results), file=sys.stderr)


if __name__ == "__main__":
    main()
