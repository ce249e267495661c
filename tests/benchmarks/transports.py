"""A/B of the agencies' HTTP transports, interleaved in one run.

Run: ``.venv/bin/python -m tests.benchmarks.transports [--rounds 5] [--seconds 6]``
(from the repository root; the ``httpx2`` row needs ``pip install httpx2`` in the venv
and is left out without it).  On a shared, loaded machine absolute figures drift
from minute to minute, so every variant is measured in every round, in a rotating
order, and the result is each variant's median over the rounds and its ratio to the
first variant's; a CPU reference (a fixed pure-Python loop) dates the machine's speed.

(1) **Six agency calls alone**: a child process per variant and round, on uvloop,
    runs 32 concurrent loops, each asking the six agencies for one person (the
    calls of a one-member verification) against the mock agencies (L = 0, their
    own process); the figure is the child's CPU (user + system) per call over
    the timed part.  Variants: ``AgencyClient`` (the connector SDK: retry,
    breaker, attempt log) on each transport ``connectors.sdk.transport`` builds,
    and bare clients (``httpx.AsyncClient``, httpx-aiohttp's client, ``httpx2``,
    and ``bare:aiohttp``: aiohttp's own session, no httpx objects) making the same
    calls with nothing around them.
(2) **CPU per verification**: one ``verification serve`` per transport (SQLite,
    each its own directory), all up at once against the same mock agencies; in
    each round each service gets 32 concurrent clients posting the scenario
    ``single_disabled`` for ``--seconds``; the figure is the service process's
    CPU per verification (``/proc/<pid>/stat``).

Prints a Markdown section; ``--out`` writes it into ``docs/benchmarks.md``
(section "Agency transports").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from connectors.sdk.http import QueryParams, context_headers
from connectors.sdk.testing import query_context
from connectors.sdk.transport import TransportKind, build_transport
from tests.benchmarks.fanout import (
    AGENCIES,
    HEADERS,
    PERSON,
    Service,
    mock_agencies,
    service,
    six_calls,
    verify_call,
    write_section,
)
from tests.benchmarks.harness import cpu_reference_seconds

CLIENTS = 32
ROOT = Path(__file__).resolve().parents[2]
SDK_VARIANTS = tuple(f"sdk:{kind}" for kind in TransportKind)
BARE_VARIANTS = ("bare:httpx", "bare:httpx-aiohttp", "bare:httpx2", "bare:aiohttp")
SIX = 6  # the calls of ``six_calls`` (the first six agencies: the comparison's since 2026-12-06)


def _httpx2_installed() -> bool:
    with contextlib.suppress(ImportError):
        import httpx2  # noqa: F401

        return True
    return False


# --- (1) the six calls, one child process per measurement ------------------------------

Call = Callable[[], Awaitable[None]]


def _sdk_six(base: str, kind: str) -> tuple[Call, Callable[[], Awaitable[None]]]:
    from connectors.sdk.http import AgencyClient
    from connectors.sdk.testing import fast_config, query_context

    roots = {
        "hukou": "hukou/api/v2",
        "vehicle": "vehicle",
        "housing": "housing/v1",
        "bank": "bank/gateway",
        "tax": "tax",
        "provident_fund": "provident-fund",
    }
    clients = {
        scope: AgencyClient(
            fast_config(
                f"{base}/{root}",
                transport=TransportKind(kind),
                max_concurrency=CLIENTS,
                timeout_seconds=30.0,
                max_attempts=1,  # a failure fails the run instead of costing a retry
            ),
            scope=scope,
        )
        for scope, root in roots.items()
    }
    id_number, name = PERSON

    async def six() -> None:
        context = query_context(deadline_in=30.0)
        s = {scope: client.session(context) for scope, client in clients.items()}
        await asyncio.gather(
            s["hukou"].post("person/verify", json={"sfzhm": id_number, "xm": name}),
            s["vehicle"].get("vehicles", params={"idNo": id_number, "page": 1, "size": 20}),
            s["housing"].get(f"owners/{id_number}/properties"),
            s["bank"].post(
                "deposit-query", json={"certType": "01", "certNo": id_number, "custName": name}
            ),
            s["tax"].get(
                "income-records", params={"nsrsbh": id_number, "from": "202511", "to": "202610"}
            ),
            s["provident_fund"].get(f"accounts/{id_number}"),
        )

    async def close() -> None:
        for client in clients.values():
            await client.aclose()

    return six, close


def sdk_headers(base_url: str) -> tuple[tuple[bytes, bytes], ...]:
    """The headers the SDK sends: its client's defaults, then the context's."""
    defaults = httpx.AsyncClient(
        base_url=base_url, headers={"Accept": "application/json"}, trust_env=False
    ).headers.raw
    context = query_context()
    return (
        *defaults,
        *((name.encode(), value.encode()) for name, value in context_headers(context).items()),
    )


def timeout_extension(seconds: float) -> dict[str, object]:
    """The extensions of a request with an attempt timeout of ``seconds``."""
    return {"timeout": httpx.Timeout(seconds).as_dict()}


def _request_six(base: str, kind: str) -> tuple[Call, Callable[[], Awaitable[None]]]:
    """The six calls of ``_sdk_six``, built as the SDK builds them (its headers, its timeout
    extension) and sent through the transport it would use, with none of its bookkeeping
    (``tests/benchmarks/sdk_calls.py``'s ``request``)."""
    transports = {
        root: build_transport(TransportKind(kind), max_connections=CLIENTS)
        for root in ("hukou", "vehicle", "housing", "bank", "tax", "provident_fund")
    }
    headers = sdk_headers(base)
    id_number, name = PERSON

    async def send(
        root: str, method: str, path: str, *, params: QueryParams | None = None, json: object = None
    ) -> None:
        request = httpx.Request(
            method,
            f"{base}/{path}",
            params=params,
            json=json,
            headers=headers,
            extensions=timeout_extension(30.0),
        )
        response = await transports[root].handle_async_request(request)
        await response.aread()
        if response.status_code >= 500:
            raise RuntimeError(f"agency answered {response.status_code}")

    async def six() -> None:
        await asyncio.gather(
            send(
                "hukou", "POST", "hukou/api/v2/person/verify", json={"sfzhm": id_number, "xm": name}
            ),
            send(
                "vehicle",
                "GET",
                "vehicle/vehicles",
                params={"idNo": id_number, "page": 1, "size": 20},
            ),
            send("housing", "GET", f"housing/v1/owners/{id_number}/properties"),
            send(
                "bank",
                "POST",
                "bank/gateway/deposit-query",
                json={"certType": "01", "certNo": id_number, "custName": name},
            ),
            send(
                "tax",
                "GET",
                "tax/income-records",
                params={"nsrsbh": id_number, "from": "202511", "to": "202610"},
            ),
            send("provident_fund", "GET", f"provident-fund/accounts/{id_number}"),
        )

    async def close() -> None:
        for transport in transports.values():
            await transport.aclose()

    return six, close


def _bare_six(base: str, library: str) -> tuple[Call, Callable[[], Awaitable[None]]]:
    limits_kw = {"max_connections": 6 * CLIENTS, "max_keepalive_connections": 6 * CLIENTS}
    client: object
    if library == "httpx2":
        import httpx2

        client = httpx2.AsyncClient(
            headers=HEADERS, timeout=30, limits=httpx2.Limits(**limits_kw), trust_env=False
        )
    elif library == "httpx-aiohttp":
        from httpx_aiohttp import HttpxAiohttpClient

        client = HttpxAiohttpClient(
            headers=HEADERS, timeout=30, limits=httpx.Limits(**limits_kw), trust_env=False
        )
    else:
        client = httpx.AsyncClient(
            headers=HEADERS, timeout=30, limits=httpx.Limits(**limits_kw), trust_env=False
        )
    c: httpx.AsyncClient = client  # type: ignore[assignment]  # httpx2's has the same surface

    async def six() -> None:
        await six_calls(c, base)

    return six, c.aclose


def _aiohttp_six(base: str) -> tuple[Call, Callable[[], Awaitable[None]]]:
    """The same six calls through aiohttp alone (its pool and C parser; no httpx objects)."""
    import aiohttp

    session: aiohttp.ClientSession | None = None
    id_number, name = PERSON

    async def send(method: str, url: str, **kwargs: Any) -> None:
        assert session is not None
        async with session.request(method, url, headers=HEADERS, **kwargs) as response:
            await response.read()
            if response.status >= 500:
                raise RuntimeError(f"agency answered {response.status}")

    async def six() -> None:
        nonlocal session
        if session is None:  # made inside the running loop
            session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        await asyncio.gather(
            send(
                "POST", f"{base}/hukou/api/v2/person/verify", json={"sfzhm": id_number, "xm": name}
            ),
            send(
                "GET", f"{base}/vehicle/vehicles", params={"idNo": id_number, "page": 1, "size": 20}
            ),
            send("GET", f"{base}/housing/v1/owners/{id_number}/properties"),
            send(
                "POST",
                f"{base}/bank/gateway/deposit-query",
                json={"certType": "01", "certNo": id_number, "custName": name},
            ),
            send(
                "GET",
                f"{base}/tax/income-records",
                params={"nsrsbh": id_number, "from": "202511", "to": "202610"},
            ),
            send("GET", f"{base}/provident-fund/accounts/{id_number}"),
        )

    async def close() -> None:
        if session is not None:
            await session.close()

    return six, close


async def _child(base: str, variant: str, seconds: float) -> dict[str, float]:
    family, name = variant.split(":", 1)
    if family == "sdk":
        six, close = _sdk_six(base, name)
    elif family == "request":
        six, close = _request_six(base, name)
    elif name == "aiohttp":
        six, close = _aiohttp_six(base)
    else:
        six, close = _bare_six(base, name)
    try:
        await _loops(six, 1.0)  # warm up: connections open, code paths hot
        cpu, started = time.process_time(), time.perf_counter()
        done = await _loops(six, seconds)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - started
    finally:
        await close()
    calls = done * SIX
    return {"us_cpu_per_call": cpu / calls * 1e6, "calls_per_s": calls / wall}


async def _loops(call: Call, seconds: float) -> int:
    done = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < stop:
            await call()
            done += 1

    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return done


def _run_child(base: str, variant: str, seconds: float) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.transports",
            "--child",
            variant,
            base,
            str(seconds),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- (2) CPU per verification, one service per transport -------------------------------


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def _transport_env(kind: str) -> Iterator[None]:
    names = [f"VERIFICATION_SOURCES__{scope.upper()}__TRANSPORT" for scope in AGENCIES]
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, kind))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def _verifications(svc: Service, seconds: float) -> dict[str, float]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64, keepalive_expiry=2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        call = verify_call(client, svc)
        await _loops(call, 1.0)
        cpu, started = _cpu_seconds(svc.pid), time.perf_counter()
        done = await _loops(call, seconds)
        cpu, wall = _cpu_seconds(svc.pid) - cpu, time.perf_counter() - started
    return {"ms_cpu_per_verification": cpu / done * 1000, "verifications_per_s": done / wall}


# --- the run ---------------------------------------------------------------------------


def _rotated(items: list[str], round_number: int) -> list[str]:
    shift = round_number % len(items)
    return items[shift:] + items[:shift]


def measure(rounds: int, seconds: float) -> dict[str, object]:
    bare = [v for v in BARE_VARIANTS if v != "bare:httpx2" or _httpx2_installed()]
    call_variants = [*SDK_VARIANTS, *bare]
    kinds = [str(kind) for kind in TransportKind]
    calls: dict[str, list[dict[str, float]]] = {v: [] for v in call_variants}
    verifications: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        mock_url = stack.enter_context(mock_agencies(0, workdir))
        services: dict[str, Service] = {}
        for kind in kinds:
            directory = workdir / kind
            directory.mkdir()
            with _transport_env(kind):
                services[kind] = stack.enter_context(service(mock_url, directory))
        for number in range(rounds):
            for variant in _rotated(call_variants, number):
                calls[variant].append(_run_child(mock_url, variant, seconds))
            for kind in _rotated(kinds, number):
                verifications[kind].append(asyncio.run(_verifications(services[kind], seconds)))
            print(f"round {number + 1}/{rounds} done", file=sys.stderr)
    return {
        "rounds": rounds,
        "seconds": seconds,
        "cpu_reference_ms": cpu_reference_seconds() * 1000,
        "calls": calls,
        "verifications": verifications,
    }


def _median(samples: list[dict[str, float]], key: str) -> float:
    return statistics.median(sample[key] for sample in samples)


def render(r: dict[str, object]) -> str:
    calls: dict[str, list[dict[str, float]]] = r["calls"]  # type: ignore[assignment]
    verifications: dict[str, list[dict[str, float]]] = r["verifications"]  # type: ignore[assignment]
    first_call = next(iter(calls))
    first_kind = next(iter(verifications))
    base_call = _median(calls[first_call], "us_cpu_per_call")
    base_verification = _median(verifications[first_kind], "ms_cpu_per_verification")
    lines = [
        "## Agency transports (`tests/benchmarks/transports.py`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on this machine "
        f"({os.cpu_count()} cores, shared with other work); {r['rounds']} rounds of "
        f"{r['seconds']:.0f} s per variant, the variants interleaved in a rotating order; "
        f"{CLIENTS} concurrent clients; mock agencies with no added latency; medians over the "
        f"rounds. CPU reference (a fixed pure-Python loop, best of five; lower is faster): "
        f"{r['cpu_reference_ms']:.0f} ms.",
        "",
        "(1) The six agency calls of a one-member verification, CPU of the calling process:",
        "",
        f"| variant | µs of CPU a call | vs `{first_call}` | calls/s | per-round µs |",
        "|---|---:|---:|---:|---|",
    ]
    for variant, samples in calls.items():
        value = _median(samples, "us_cpu_per_call")
        per_round = ", ".join(f"{s['us_cpu_per_call']:.0f}" for s in samples)
        lines.append(
            f"| `{variant}` | {value:.0f} | {value / base_call:.2f} | "
            f"{_median(samples, 'calls_per_s'):.0f} | {per_round} |"
        )
    lines += [
        "",
        "(2) One verification (`single_disabled`), CPU of the service process:",
        "",
        f"| transport | ms of CPU a verification | vs `{first_kind}` | verifications/s "
        "| per-round ms |",
        "|---|---:|---:|---:|---|",
    ]
    for kind, samples in verifications.items():
        value = _median(samples, "ms_cpu_per_verification")
        per_round = ", ".join(f"{s['ms_cpu_per_verification']:.2f}" for s in samples)
        lines.append(
            f"| `{kind}` | {value:.2f} | {value / base_verification:.2f} | "
            f"{_median(samples, 'verifications_per_s'):.1f} | {per_round} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        import uvloop

        _, _, variant, base, seconds = sys.argv
        print(json.dumps(uvloop.run(_child(base, variant, float(seconds)))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=6.0, help="per variant and round")
    parser.add_argument("--out", type=Path, help="write the section into this Markdown file")
    args = parser.parse_args()
    results = measure(args.rounds, args.seconds)
    markdown = render(results)
    print(markdown)
    print(json.dumps(results, indent=2), file=sys.stderr)
    if args.out is not None:
        write_section(markdown, args.out, heading="## Agency transports")


if __name__ == "__main__":
    main()
