"""Where a served process's CPU goes, by layer, from ``py-spy record --format raw`` stacks.

Each sample is given to one layer: that of its innermost frame in a package this table
names (``LAYERS``, first match); frames of the standard library, the interpreter and native
code are given to the named frame that called them (``json.dumps`` called by our code is our
code's).  Samples whose innermost native frame is a system call (``write``, ``read``,
``epoll_wait``, …: with ``py-spy --native``) or the garbage collector are also counted apart,
and the layers shown again without the system calls' samples: py-spy counts a thread that is
runnable as active, and on a loaded machine a ``write`` that wakes the peer (PostgreSQL, an
agency) is where the writer most often waits for a core, so those samples are wall time more
than CPU time.
A second table counts samples *inclusively* under our own use-case steps (``STEPS``)::

    .venv/bin/python -m tests.benchmarks.profile_layers /tmp/stacks.txt
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# (path prefix of a frame's file, layer): the first that matches, innermost frame first
LAYERS: tuple[tuple[str, str], ...] = (
    ("verification/cli/", ""),  # the process's root frames: never a layer
    ("verification/kit/event_loop.py", ""),
    ("uvicorn/", "uvicorn (HTTP server)"),
    ("starlette/", "starlette/fastapi (routing, middleware, DI)"),
    ("fastapi/", "starlette/fastapi (routing, middleware, DI)"),
    ("pydantic/", "pydantic (validation, serialization)"),
    ("pydantic_core/", "pydantic (validation, serialization)"),
    ("sqlalchemy/orm/", "SQLAlchemy ORM"),
    ("sqlalchemy/", "SQLAlchemy Core, engine, asyncpg dialect"),
    ("asyncpg/", "asyncpg"),
    ("httpx/", "httpx, httpx-aiohttp"),
    ("httpx_aiohttp/", "httpx, httpx-aiohttp"),
    ("aiohttp/", "aiohttp, yarl, multidict"),
    ("aiohappyeyeballs/", "aiohttp, yarl, multidict"),
    ("yarl/", "aiohttp, yarl, multidict"),
    ("multidict/", "aiohttp, yarl, multidict"),
    ("propcache/", "aiohttp, yarl, multidict"),
    ("jwt/", "JWS, crypto (PyJWT, cryptography, ours)"),
    ("cryptography/", "JWS, crypto (PyJWT, cryptography, ours)"),
    ("verification/kit/crypto.py", "JWS, crypto (PyJWT, cryptography, ours)"),
    ("verification/authorization/jws.py", "JWS, crypto (PyJWT, cryptography, ours)"),
    ("structlog/", "structlog, logging"),
    ("logging/", "structlog, logging"),
    ("prometheus_client/", "prometheus_client"),
    ("opentelemetry/", "opentelemetry"),
    ("connectors/", "ours: connector SDK and connectors"),
    ("social_insurance_source/", "ours: connector SDK and connectors"),
    ("verification/audit/", "ours: audit log (recording, integration)"),
    ("verification/reports/", "ours: report building, language, HTML"),
    ("verification/messages/", "ours: report building, language, HTML"),
    ("verification/kit/canonical_json.py", "ours: report building, language, HTML"),
    ("verification/assessment/", "ours: assessment, policy, procedure"),
    ("verification/policies/", "ours: assessment, policy, procedure"),
    ("verification/procedure/", "ours: assessment, policy, procedure"),
    ("chinese_calendar/", "ours: assessment, policy, procedure"),
    ("verification/", "ours: the rest (use cases, middleware, repository)"),
)
UNNAMED = "event loop, interpreter, standard library (no named frame)"
SYSCALLS = frozenset({
    "write", "writev", "read", "recv", "recvfrom", "send", "sendto", "sendmsg", "epoll_wait",
    "epoll_pwait", "epoll_ctl", "connect", "close", "accept4", "getpid", "socket",
})  # fmt: skip
# inclusive: a sample counts under each step one of whose functions is on its stack
_MIDDLEWARE = r"verification/(middleware|ratelimit|body_limit|nul_guard|method_not_allowed|deprec)"
STEPS: tuple[tuple[str, str], ...] = (
    ("our ASGI middleware (request id, rate limit, body size, NUL guard, …)", _MIDDLEWARE),
    (
        "the route: create_verification (endpoint)",
        r"create_verification \(verification/verifications/endpoints\.py",
    ),
    ("  FastAPI's dependencies and body validation", r"solve_dependencies"),
    ("  of which client authentication", r"verification/clients/dependencies\.py"),
    ("  accept_authorization (JWS, grant, policy)", r"accept_authorization \("),
    ("  the first write (record_start / portable)", r"_started_in_one_statement|record_start \("),
    ("  where else the members are (_elsewhere)", r"_elsewhere \("),
    ("  procedure basis", r"_procedure_basis_task"),
    ("  assessment and report building (assessed_round)", r"assessed_round \("),
    (
        "  the second write (report_round / write_round)",
        r"report_round \(verification/verifications/report_round\.py|write_round",
    ),
    ("  audit recording (append, entries)", r"verification/audit/log\.py"),
    ("  the response (model_dump_json)", r"_report \(verification/verifications/endpoints\.py"),
    (
        "the agencies, in tasks of their own (start_queries … results)",
        r"verification/verifications/fanout\.py|connectors/",
    ),
    ("the audit integrator (background)", r"verification/audit/sequencer\.py"),
    ("the webhook sender (background)", r"verification/webhooks/sender\.py"),
)
_FRAME = re.compile(r"^(?P<name>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def _layer(file: str) -> str | None:
    for prefix, layer in LAYERS:
        if prefix in file:
            return layer or None
    return None


def attribute(
    lines: list[str],
) -> tuple[int, Counter[str], Counter[str], Counter[str], Counter[str]]:
    total = 0
    layers: Counter[str] = Counter()
    user: Counter[str] = Counter()  # the samples whose innermost frame is no system call
    native: Counter[str] = Counter()
    steps: Counter[str] = Counter()
    patterns = [(name, re.compile(pattern)) for name, pattern in STEPS]
    for line in lines:
        if not line.strip():
            continue
        stack, _, count_text = line.rstrip().rpartition(" ")
        count = int(count_text)
        total += count
        frames = stack.split(";")
        parsed = [_FRAME.match(frame) for frame in frames]
        layer = UNNAMED
        for match in reversed(parsed):
            if match and (found := _layer(match["file"])):
                layer = found
                break
        layers[layer] += count
        leaf = parsed[-1] if parsed else None
        if leaf and leaf["file"].startswith("libc") and leaf["name"] in SYSCALLS:
            native[f"system call: {leaf['name']}"] += count
        else:
            user[layer] += count
        if leaf and leaf["name"].startswith("gc_collect"):
            native["garbage collector"] += count
        for name, pattern in patterns:
            if pattern.search(stack):
                steps[name] += count
    return total, layers, user, native, steps


def main() -> None:
    total, layers, user, native, steps = attribute(Path(sys.argv[1]).read_text().splitlines())
    users = sum(user.values())
    print(
        f"{total} samples\n\n| layer (self, innermost named frame) | share | without system "
        "calls |\n|---|---:|---:|"
    )
    for layer, count in layers.most_common():
        print(f"| {layer} | {100 * count / total:.1f} % | {100 * user[layer] / users:.1f} % |")
    print("\n| of all samples, the innermost native frame (with --native) | share |\n|---|---:|")
    for what, count in native.most_common():
        print(f"| {what} | {100 * count / total:.1f} % |")
    print("\n| step (inclusive) | share |\n|---|---:|")
    for name, _pattern in STEPS:
        print(f"| {name} | {100 * steps[name] / total:.1f} % |")


if __name__ == "__main__":
    main()
