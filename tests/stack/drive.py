"""The stack test's driver: run by scripts/stack-test against deploy/compose.yaml brought up
with the production images, from the host (``python -m tests.stack.drive``).

0. the README's operator steps 4 and 5 (section "Production: the image and the stack"), run
   from the README's own text: the first verification on the fresh stack;
1. a signed verification through each API replica (and read back through the other);
2. households enrolled from their own verifications, and one batch of all of them through
   the two workers, with the agencies slowed down so that the batch lasts: one worker's
   process killed mid-batch, then the database's, each brought back by its restart policy
   alone; every item done exactly once (one new completed verification per household, one
   ``batch_item_done`` event each), every service running again and serving;
3. the audit log exported from the running stack and verified offline against a checkpoint
   signed by the stack (``verification audit verify``: no database, no settings);
4. no ID number in plain text in any container's log.

Crashes are ``kill -9`` of the container's main process from the host, what the OOM killer
or a fault does: Docker applies no restart policy to a container stopped by ``docker kill``
(it counts as stopped by hand), so that would not show a process coming back by itself.

Environment: STACK_COMPOSE (the compose command with its -f and -p), API_1_URL, API_2_URL,
STACK_HOUSEHOLDS (default 240), STACK_AGENCY_LATENCY_MS (default 1500), DOCKER.
Exit status 0 when every check holds; a JSON summary with timings on stdout.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from mock_sources.app import AGENCIES
from tests.verification.helpers import fresh_id_number, scenario_body, scenario_members
from verification.authorization.signing import IssuerKeyPair
from verification.kit.id_number import is_valid

COMPOSE = shlex.split(os.environ["STACK_COMPOSE"])
DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")
APIS = (os.environ["API_1_URL"], os.environ["API_2_URL"])
HOUSEHOLDS = int(os.environ.get("STACK_HOUSEHOLDS", "240"))
LATENCY_MS = float(os.environ.get("STACK_AGENCY_LATENCY_MS", "1500"))
ISSUER = "450102002"
ID_SHAPED = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
VERIFICATION = Path(sys.executable).parent / "verification"
README = Path(__file__).resolve().parents[2] / "README.md"

timings: dict[str, float] = {}
facts: dict[str, Any] = {}


class StackError(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise StackError(message)


def say(message: str) -> None:
    print(f"[stack {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise StackError(f"{shlex.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def compose(*args: str) -> str:
    return run(*COMPOSE, *args)


def container(service: str) -> str:
    found = compose("ps", "-q", service).strip()
    check(found, f"no container for {service}")
    return found


def inspect(service: str, template: str) -> str:
    return run(DOCKER, "inspect", "-f", template, container(service)).strip()


def crash(service: str) -> None:
    """SIGKILL to the container's main process, from the host."""
    pid = inspect(service, "{{.State.Pid}}")
    check(pid not in ("", "0"), f"{service} is not running")
    run("kill", "-9", pid)
    say(f"killed {service} (pid {pid}) with SIGKILL")


def psql(sql: str) -> str:
    return compose(
        "exec", "-T", "db", "psql", "-h", "/tmp", "-U", "postgres", "-d", "verification",
        "-v", "ON_ERROR_STOP=1", "-Atc", sql,
    ).strip()  # fmt: skip


def timed(name: str) -> Callable[[Callable[..., Awaitable[Any]]], Callable[..., Awaitable[Any]]]:
    def wrap(step: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def inner(*args: Any) -> Any:
            started = time.monotonic()
            say(f"-- {name}")
            try:
                return await step(*args)
            finally:
                timings[name] = round(time.monotonic() - started, 1)

        return inner

    return wrap


async def wait_until(
    what: str, probe: Callable[[], Awaitable[bool]], within: float, every: float = 1.0
) -> None:
    deadline = time.monotonic() + within
    while True:
        try:
            if await probe():
                return
        except (httpx.HTTPError, StackError):
            pass
        check(time.monotonic() < deadline, f"timed out after {within:.0f} s waiting for {what}")
        await asyncio.sleep(every)


async def ready(http: httpx.AsyncClient, base: str) -> bool:
    return (await http.get(f"{base}/readyz")).status_code == 200


@timed("stack ready")
async def stack_ready(http: httpx.AsyncClient) -> None:
    for base in APIS:
        await wait_until(f"{base}/readyz", lambda base=base: ready(http, base), within=300)
    for base in APIS:  # the operators' calendar directory is mounted and read (scripts/stack-test)
        calendar = (await http.get(f"{base}/readyz")).json()["checks"]["working_day_calendar"]
        facts["calendar_files"] = calendar["files"]
        check(calendar["files"] == ["2027.toml"], f"{base}: the calendar directory is not read")
        check(calendar["last_year"] == 2027, f"{base}: the calendar does not reach 2027")


def readme_steps() -> str:
    """The README's operator steps from step 4 on, as its shell block has them."""
    section = README.read_text(encoding="utf-8").split("## Production: the image and the stack")[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return block[block.index("# 4.") :]


@timed("the README's first verification")
async def readme_first_verification() -> None:
    steps = readme_steps().replace("http://127.0.0.1:8700", APIS[0])
    check("$C exec" in steps and "curl" in steps, "the README's steps 4 and 5 are not as expected")
    with tempfile.TemporaryDirectory() as scratch:
        script = f"set -euo pipefail\nC={shlex.quote(shlex.join(COMPOSE))}\ncd {scratch}\n{steps}"
        answer = run("bash", "-c", script)
    try:
        report = json.loads(answer)
    except ValueError:
        raise StackError(f"the README's curl did not answer a report: {answer[:300]}") from None
    check(report.get("outcome") == "eligible", f"the README's verification: {answer[:300]}")
    facts["readme_verification"] = report["id"]


@timed("clients and issuer key")
async def clients(http: httpx.AsyncClient, pair: IssuerKeyPair) -> dict[str, str]:
    # the first admin is made on the database, inside the stack, as an operator would
    out = compose(
        "exec", "-T", "api-1", "verification", "clients", "create", "--name", "stack admin",
        "--role", "admin",
    )  # fmt: skip
    admin = {"Authorization": f"Bearer {out.strip().splitlines()[-1]}"}
    registered = await http.post(
        f"{APIS[0]}/v1/issuers/{ISSUER}/keys",
        json={"kid": pair.kid, "jwk": pair.public_jwk, "issuer_name": "兴宁区某街道（栈测试）"},
        headers=admin,
    )
    check(registered.status_code == 201, f"issuer key: {registered.status_code} {registered.text}")
    created = await http.post(
        f"{APIS[1]}/v1/clients",
        json={
            "name": "stack case system",
            "role": "case_system",
            "issuers": ["*"],
            "region_prefixes": ["45"],
        },
        headers=admin,
    )
    check(created.status_code == 201, f"client: {created.status_code} {created.text}")
    return {"Authorization": f"Bearer {created.json()['token']}"}


async def verify(http: httpx.AsyncClient, base: str, auth: dict[str, str], body: Any) -> Any:
    response = await http.post(f"{base}/v1/verifications", json=body, headers=auth)
    check(
        response.status_code == 201,
        f"verification via {base}: {response.status_code} {response.text[:300]}",
    )
    return response.json()


@timed("a signed verification through each replica")
async def each_replica(http: httpx.AsyncClient, auth: dict[str, str], pair: IssuerKeyPair) -> None:
    for index, base in enumerate(APIS):
        report = await verify(http, base, auth, scenario_body(pair, "eligible"))
        check(report["outcome"] == "eligible", f"replica {index + 1}: {report['outcome']}")
        other = APIS[1 - index]
        again = await http.get(f"{other}/v1/verifications/{report['id']}", headers=auth)
        check(again.status_code == 200, f"read back through the other replica: {again.text}")
        facts[f"api_{index + 1}_verification"] = report["id"]


def one_person() -> list[dict[str, Any]]:
    return [
        {"id_number": fresh_id_number(), "name": "覃测甲", "relation": "self", "consented": True}
    ]


@timed("enrolment")
async def enrol(http: httpx.AsyncClient, auth: dict[str, str], pair: IssuerKeyPair) -> list[str]:
    members = [one_person() for _ in range(HOUSEHOLDS)]
    facts["id_numbers"] = [m[0]["id_number"] for m in members]
    gate = asyncio.Semaphore(8)

    async def one(index: int) -> str:
        base = APIS[index % 2]
        async with gate:
            body = scenario_body(pair, "eligible", members=members[index])
            report = await verify(http, base, auth, body)
            check(report["outcome"] == "eligible", f"household {index}: {report['outcome']}")
            enrolled = await http.post(
                f"{base}/v1/households",
                json={"verification_id": report["id"], "category": "stable"},
                headers=auth,
            )
            check(enrolled.status_code == 201, f"enrolment {index}: {enrolled.text}")
            return str(enrolled.json()["id"])

    return list(await asyncio.gather(*(one(i) for i in range(HOUSEHOLDS))))


def mock_sources_url() -> str:
    address = inspect("mock-sources", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}")
    return f"http://{address}:8701"


async def slow_agencies(http: httpx.AsyncClient, latency_ms: float) -> None:
    base = mock_sources_url()
    for agency in AGENCIES:
        if latency_ms:
            profile = {"latency_ms": latency_ms, "jitter_ms": latency_ms / 4}
            answer = await http.put(f"{base}/_faults/{agency}", json=profile)
        else:
            answer = await http.delete(f"{base}/_faults/{agency}")
        check(answer.status_code in (200, 204), f"faults {agency}: {answer.text}")


async def db_healthy() -> bool:
    return inspect("db", "{{.State.Health.Status}}") == "healthy"


def restarts(service: str) -> int:
    return int(inspect(service, "{{.RestartCount}}"))


@timed("batch with a worker and the database killed")
async def batch(http: httpx.AsyncClient, auth: dict[str, str], households: list[str]) -> str:
    await slow_agencies(http, LATENCY_MS)
    created = await http.post(
        f"{APIS[0]}/v1/batches", json={"household_ids": households}, headers=auth
    )
    check(created.status_code == 201, f"batch: {created.status_code} {created.text}")
    batch_id = str(created.json()["id"])
    started = time.monotonic()
    worker_killed = db_killed = False
    deadline = started + 900
    view: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            answer = await http.get(f"{APIS[1]}/v1/batches/{batch_id}", headers=auth)
        except httpx.HTTPError:
            answer = None
        if answer is not None and answer.status_code == 200:
            view = answer.json()
            counts = view["counts"]
            if view["status"] != "running":
                break
            if not worker_killed and counts["done"] >= 1 and counts["running"] >= 1:
                facts["worker_killed_at_done"] = counts["done"]
                crash("worker-1")
                worker_killed = True
            elif worker_killed and not db_killed and counts["done"] >= HOUSEHOLDS * 0.4:
                facts["db_killed_at_done"] = counts["done"]
                down = time.monotonic()
                crash("db")
                db_killed = True
                await wait_until("the database back", db_healthy, within=120, every=0.5)
                facts["db_down_seconds"] = round(time.monotonic() - down, 1)
        await asyncio.sleep(0.3)
    timings["batch run"] = round(time.monotonic() - started, 1)
    check(view.get("status") == "completed", f"batch not completed: {view}")
    check(worker_killed and db_killed, f"the batch ended before the kills: {facts}")
    counts = view["counts"]
    facts["batch_counts"] = counts
    check(counts["done"] == HOUSEHOLDS, f"done {counts['done']} of {HOUSEHOLDS}: {counts}")
    check(
        all(counts[state] == 0 for state in ("failed", "skipped", "cancelled", "pending")),
        f"counts {counts}",
    )
    await slow_agencies(http, 0)
    return batch_id


@timed("exactly once, and everything back")
async def exactly_once(
    http: httpx.AsyncClient, auth: dict[str, str], batch_id: str, pair: IssuerKeyPair
) -> None:
    rows = psql(
        "SELECT count(*), count(*) FILTER (WHERE state = 'done' AND recommendation IS NOT NULL),"
        f" max(attempts) FROM batch_items WHERE batch_id = '{batch_id}'"
    ).split("|")
    items, done, most_attempts = (int(x) for x in rows)
    check(items == done == HOUSEHOLDS, f"items {items}, done {done}")
    facts["most_attempts_of_an_item"] = most_attempts
    # one new completed verification per household: the one it points at
    wrong = psql(
        "SELECT count(*) FROM ("
        " SELECT h.id, count(v.id) AS reviews,"
        "  bool_and(v.status = 'completed' AND v.id = h.last_verification_id) AS pointed"
        " FROM batch_items i JOIN enrolled_households h ON h.id = i.household_id"
        " LEFT JOIN verifications v"
        "  ON v.authorization_id = h.authorization_id AND v.id <> h.verification_id"
        f" WHERE i.batch_id = '{batch_id}' GROUP BY h.id"
        ") per_household WHERE reviews <> 1 OR NOT pointed"
    )
    check(wrong == "0", f"{wrong} household(s) not reviewed exactly once")
    done_events = int(psql("SELECT count(*) FROM audit_events WHERE action = 'batch_item_done'"))
    check(done_events == HOUSEHOLDS, f"{done_events} batch_item_done events")
    facts["restarts"] = {s: restarts(s) for s in ("worker-1", "db")}
    check(all(n >= 1 for n in facts["restarts"].values()), f"restarts {facts['restarts']}")
    for service in ("db", "mock-sources", "api-1", "api-2", "worker-1", "worker-2"):
        check(inspect(service, "{{.State.Status}}") == "running", f"{service} is not running")
    for base in APIS:  # both replicas serve again after the outage
        await wait_until(f"{base}/readyz", lambda base=base: ready(http, base), within=120)
        fresh = await verify(http, base, auth, scenario_body(pair, "eligible"))
        check(fresh["outcome"] == "eligible", "a verification after the outage")

    async def two_workers() -> bool:  # the restarted one registered again beside the other
        checks = (await http.get(f"{APIS[0]}/readyz")).json()["checks"]
        facts["batch_workers_after"] = checks["batch_workers"]
        return int(checks["batch_workers"]) >= 2

    await wait_until("two live batch workers", two_workers, within=120)


@timed("audit log verified offline")
async def audit_offline() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        where = Path(scratch)
        note = compose("exec", "-T", "api-1", "verification", "audit", "checkpoint")
        size = int(note.splitlines()[1])
        (where / "checkpoint").write_text(note, encoding="utf-8")
        (where / "key").write_text(
            compose("exec", "-T", "api-2", "verification", "audit", "public-key"),
            encoding="utf-8",
        )
        export = compose(
            "exec", "-T", "api-2", "verification", "audit", "export", "--out", "/dev/stdout",
            "--size", str(size),
        )  # fmt: skip
        (where / "export.ndjson").write_text(export, encoding="utf-8")
        # exit status 0 only when every event matches the signed checkpoint
        run(
            str(VERIFICATION), "audit", "verify", str(where / "export.ndjson"),
            "--checkpoint", str(where / "checkpoint"), "--key", str(where / "key"),
        )  # fmt: skip
        facts["audit_events_verified"] = size


@timed("no ID number in the logs")
async def logs_clean() -> None:
    text = compose("logs", "--no-color")
    facts["log_bytes"] = len(text)
    known = set(facts["id_numbers"]) | {m["id_number"] for m in scenario_members("eligible")}
    leaked = {n for n in ID_SHAPED.findall(text) if is_valid(n.upper())} | {
        n for n in known if n in text
    }
    check(not leaked, f"{len(leaked)} ID number(s) in plain text in the containers' logs")


async def main() -> None:
    pair = IssuerKeyPair.generate(ISSUER, dt.datetime.now(dt.UTC))
    async with httpx.AsyncClient(timeout=30) as http:
        await stack_ready(http)
        await readme_first_verification()
        auth = await clients(http, pair)
        await each_replica(http, auth, pair)
        households = await enrol(http, auth, pair)
        batch_id = await batch(http, auth, households)
        await exactly_once(http, auth, batch_id, pair)
    await audit_offline()
    await logs_clean()
    facts.pop("id_numbers")
    print(json.dumps({"ok": True, "timings_seconds": timings, "facts": facts}, indent=2))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except StackError as failure:
        say(f"FAILED: {failure}")
        print(json.dumps({"ok": False, "failure": str(failure), "timings_seconds": timings}))
        sys.exit(1)
