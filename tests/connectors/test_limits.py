"""``ConcurrencyLimit``, a resizable slot limiter, and connectors sharing one via the registry."""

import asyncio
import random

import httpx
import pytest

from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk.evidence import SourceStatus
from connectors.sdk.limits import ConcurrencyLimit
from connectors.sdk.registry import ConnectorPluginError, build_connectors, connector_limits
from connectors.sdk.testing import InFlightGauge, fast_config

ACCOUNT = {
    "ret": 0,
    "msg": "ok",
    "acct": {"grzh": "GJJ0001", "zt": "01", "jcjs": "4200.00", "yjce": "840.00", "ye": "23000.00"},
}


async def settle(rounds: int = 5) -> None:
    """Let every ready task run (a handed-over slot takes a loop turn to be picked up)."""
    for _ in range(rounds):
        await asyncio.sleep(0)


class Holders:
    """Tasks that take a slot, note it, and keep it until told to let go."""

    def __init__(self, limit: ConcurrencyLimit) -> None:
        self.limit = limit
        self.entered: list[str] = []
        self.holding: set[str] = set()
        self._go: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, name: str) -> asyncio.Task[None]:
        self._go[name] = asyncio.Event()
        task = asyncio.create_task(self._hold(name))
        self.tasks[name] = task
        return task

    async def _hold(self, name: str) -> None:
        async with self.limit:
            self.entered.append(name)
            self.holding.add(name)
            try:
                await self._go[name].wait()
            finally:
                self.holding.discard(name)

    async def let_go(self, name: str) -> None:
        self._go[name].set()
        await self.tasks[name]

    async def let_all_go(self) -> None:
        for name in self._go:
            self._go[name].set()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)


# -- the basics -------------------------------------------------------------------------


async def test_acquire_release_and_context_manager():
    limit = ConcurrencyLimit(2)
    assert (limit.capacity, limit.in_use, limit.waiting) == (2, 0, 0)

    await limit.acquire()
    async with limit:
        assert limit.in_use == 2
        assert limit.locked()
    assert limit.in_use == 1
    limit.release()
    assert limit.in_use == 0
    assert not limit.locked()


async def test_release_without_acquire_is_an_error():
    limit = ConcurrencyLimit(1)
    with pytest.raises(RuntimeError, match="released more often"):
        limit.release()


@pytest.mark.parametrize("capacity", [0, -1])
def test_capacity_must_be_positive(capacity):
    with pytest.raises(ValueError, match="at least 1"):
        ConcurrencyLimit(capacity)
    limit = ConcurrencyLimit(1)
    with pytest.raises(ValueError, match="at least 1"):
        limit.resize(capacity)
    assert limit.capacity == 1


@pytest.mark.parametrize("capacity", [1.5, True, "2"])
def test_capacity_must_be_an_int(capacity):
    with pytest.raises(TypeError):
        ConcurrencyLimit(capacity)


def test_can_be_built_and_resized_outside_an_event_loop():
    limit = ConcurrencyLimit(4)
    limit.resize(2)
    assert limit.capacity == 2
    assert "capacity=2" in repr(limit)


async def test_waiters_are_admitted_first_come_first_served():
    limit = ConcurrencyLimit(1)
    holders = Holders(limit)
    holders.start("first")
    await settle()
    for name in ("a", "b", "c", "d"):
        holders.start(name)
        await settle()
    assert limit.waiting == 4

    for name in ("first", "a", "b", "c"):
        await holders.let_go(name)
        await settle()
    assert holders.entered == ["first", "a", "b", "c", "d"]
    await holders.let_all_go()
    assert limit.in_use == 0


async def test_a_newcomer_does_not_overtake_a_waiter():
    limit = ConcurrencyLimit(1)
    await limit.acquire()
    holders = Holders(limit)
    holders.start("waiter")
    await settle()

    limit.release()  # the slot is handed to the waiter there and then
    assert limit.in_use == 1
    assert limit.locked()
    holders.start("newcomer")
    await settle()

    assert holders.entered == ["waiter"]
    await holders.let_all_go()
    assert holders.entered == ["waiter", "newcomer"]


async def test_try_acquire_takes_a_free_slot_and_never_overtakes_a_waiter():
    limit = ConcurrencyLimit(1)
    assert limit.try_acquire()
    assert limit.in_use == 1
    assert not limit.try_acquire()  # full: nothing taken
    assert limit.in_use == 1

    holders = Holders(limit)
    holders.start("waiter")
    await settle()
    limit.release()  # handed to the waiter, which has not resumed yet
    assert not limit.try_acquire()
    await settle()
    assert holders.entered == ["waiter"]
    await holders.let_all_go()
    assert limit.in_use == 0
    assert limit.try_acquire()
    limit.release()


# -- never more than capacity ----------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
async def test_never_more_holders_than_capacity_under_random_resizes(seed):
    rng = random.Random(seed)
    limit = ConcurrencyLimit(4)
    holders = 0
    peak = 0
    admitted = 0
    violations: list[str] = []

    async def worker() -> None:
        nonlocal holders, peak, admitted
        for _ in range(5):
            await asyncio.sleep(0)
            async with limit:
                holders += 1
                admitted += 1
                peak = max(peak, holders)
                if holders > limit.capacity:
                    violations.append(f"{holders} holders > capacity {limit.capacity}")
                if holders > limit.in_use:
                    violations.append(f"{holders} holders > in_use {limit.in_use}")
                for _ in range(rng.randrange(4)):
                    await asyncio.sleep(0)
                holders -= 1

    async def resizer(done: asyncio.Event) -> None:
        while not done.is_set():
            limit.resize(rng.randint(1, 8))
            for _ in range(rng.randrange(3)):
                await asyncio.sleep(0)

    done = asyncio.Event()
    resizing = asyncio.create_task(resizer(done))
    async with asyncio.timeout(10):
        await asyncio.gather(*(worker() for _ in range(60)))
    done.set()
    await resizing

    assert violations == []
    assert admitted == 300
    assert peak > 1  # it did run concurrently
    assert (limit.in_use, limit.waiting, holders) == (0, 0, 0)


async def test_the_cap_holds_with_real_sleeps_and_cancellations():
    rng = random.Random(7)
    limit = ConcurrencyLimit(3)
    holders = 0
    violations: list[int] = []

    async def worker() -> None:
        nonlocal holders
        async with limit:
            holders += 1
            if holders > limit.capacity:
                violations.append(holders)
            try:
                await asyncio.sleep(rng.uniform(0, 0.004))
            finally:
                holders -= 1

    tasks = [asyncio.create_task(worker()) for _ in range(150)]
    for _ in range(30):
        await asyncio.sleep(0.001)
        limit.resize(rng.randint(1, 6))
        rng.choice(tasks).cancel()  # waiting, holding or done: all must be safe
    await asyncio.gather(*tasks, return_exceptions=True)

    assert violations == []
    assert (limit.in_use, limit.waiting) == (0, 0)
    assert sum(task.cancelled() for task in tasks) >= 1


# -- shrinking and growing -------------------------------------------------------------


async def test_shrinking_lets_holders_finish_and_admits_no_one_until_below_capacity():
    limit = ConcurrencyLimit(3)
    holders = Holders(limit)
    for name in ("h1", "h2", "h3"):
        holders.start(name)
    await settle()
    holders.start("w1")
    holders.start("w2")
    await settle()
    assert holders.holding == {"h1", "h2", "h3"}

    limit.resize(1)
    await settle()
    assert holders.holding == {"h1", "h2", "h3"}  # nobody in flight is cancelled
    assert not any(holders.tasks[name].done() for name in ("h1", "h2", "h3"))

    await holders.let_go("h1")
    await settle()
    assert holders.holding == {"h2", "h3"}
    await holders.let_go("h2")
    await settle()
    assert holders.holding == {"h3"}  # in_use 1 is not below capacity 1
    assert limit.waiting == 2

    await holders.let_go("h3")
    await settle()
    assert holders.holding == {"w1"}
    await holders.let_go("w1")
    await settle()
    assert holders.holding == {"w2"}
    await holders.let_all_go()
    assert limit.in_use == 0


async def test_growing_admits_waiters_at_once():
    limit = ConcurrencyLimit(1)
    holders = Holders(limit)
    holders.start("h")
    await settle()
    for name in ("w1", "w2", "w3"):
        holders.start(name)
    await settle()
    assert limit.waiting == 3

    limit.resize(3)
    assert (limit.in_use, limit.waiting) == (3, 1)  # granted within resize itself
    await settle()
    assert holders.holding == {"h", "w1", "w2"}

    limit.resize(10)
    await settle()
    assert holders.holding == {"h", "w1", "w2", "w3"}
    await holders.let_all_go()
    assert limit.in_use == 0


async def test_a_shrink_takes_back_slots_granted_but_not_yet_used_in_fifo_order():
    limit = ConcurrencyLimit(2)
    holders = Holders(limit)
    holders.start("h1")
    holders.start("h2")
    await settle()
    for name in ("a", "b"):
        holders.start(name)
        await settle()

    limit.resize(4)  # a and b are granted slots, but have not run yet
    assert limit.in_use == 4
    limit.resize(2)  # ... and lose them again before they do
    assert (limit.in_use, limit.waiting) == (2, 2)
    await settle()
    assert holders.holding == {"h1", "h2"}

    await holders.let_go("h1")
    await settle()
    assert holders.holding == {"h2", "a"}  # a, not b: first come first served
    await holders.let_all_go()
    assert holders.entered == ["h1", "h2", "a", "b"]
    assert limit.in_use == 0


# -- cancellation ----------------------------------------------------------------------


async def test_a_waiter_cancelled_in_the_queue_takes_no_slot():
    limit = ConcurrencyLimit(1)
    holders = Holders(limit)
    holders.start("h")
    await settle()
    holders.start("cancelled")
    holders.start("next")
    await settle()

    holders.tasks["cancelled"].cancel()
    await settle()
    assert limit.waiting == 1
    await holders.let_go("h")
    await settle()

    assert holders.holding == {"next"}
    assert limit.in_use == 1
    await holders.let_all_go()
    assert holders.tasks["cancelled"].cancelled()
    assert limit.in_use == 0


async def test_a_waiter_cancelled_after_its_grant_hands_the_slot_on():
    limit = ConcurrencyLimit(1)
    holders = Holders(limit)
    holders.start("h")
    await settle()
    holders.start("granted")
    holders.start("next")
    await settle()

    holders._go["h"].set()
    await settle(1)  # h releases: the slot is handed to "granted", which has not run yet
    assert limit.in_use == 1
    holders.tasks["granted"].cancel()
    await settle()

    assert holders.entered == ["h", "next"]  # the wakeup was not lost
    assert limit.in_use == 1
    await holders.let_all_go()
    assert holders.tasks["granted"].cancelled()
    assert limit.in_use == 0


async def test_a_waiter_whose_grant_was_taken_back_can_be_cancelled():
    limit = ConcurrencyLimit(1)
    holders = Holders(limit)
    holders.start("h")
    await settle()
    holders.start("w")
    await settle()

    limit.resize(2)
    limit.resize(1)  # w's grant taken back; its task still wakes up once
    holders.tasks["w"].cancel()
    await settle()

    assert holders.tasks["w"].cancelled()
    assert (limit.in_use, limit.waiting) == (1, 0)
    await holders.let_all_go()
    assert limit.in_use == 0


async def test_a_timed_out_wait_leaks_nothing():
    limit = ConcurrencyLimit(1)
    await limit.acquire()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.01):
            await limit.acquire()
    assert (limit.in_use, limit.waiting) == (1, 0)
    limit.release()
    async with asyncio.timeout(1):
        async with limit:
            assert limit.in_use == 1
    assert limit.in_use == 0


# -- connectors: the limit threaded through the registry -------------------------------


def _ok() -> httpx.Response:
    return httpx.Response(200, json=ACCOUNT)


def _configs(stub, max_concurrency: int = 8):
    return {"provident_fund": fast_config(stub.base_url, max_concurrency=max_concurrency)}


async def test_a_connector_built_with_a_limit_of_one_sends_one_request_at_a_time(
    agency, person, context
):
    stub = agency("provident_fund")
    gauge = InFlightGauge(_ok(), delay=0.01)
    stub.router.route().mock(side_effect=gauge)
    limits = {"provident_fund": ConcurrencyLimit(1)}
    built = build_connectors(_configs(stub), stub.transport, limits=limits)
    try:
        connector = built["provident_fund"]
        assert connector_limits(built) == limits
        assert connector.limit is limits["provident_fund"]

        results = await asyncio.gather(*(connector.query(person, context) for _ in range(6)))
        assert {result.status for result in results} == {SourceStatus.OK}
        assert (gauge.started, gauge.peak) == (6, 1)

        limits["provident_fund"].resize(3)
        gauge.peak = 0
        results = await asyncio.gather(*(connector.query(person, context) for _ in range(12)))
        assert {result.status for result in results} == {SourceStatus.OK}
        assert gauge.peak == 3
    finally:
        await built["provident_fund"].aclose()


async def test_resizing_while_queries_run_takes_effect_at_once(agency, person, context):
    stub = agency("provident_fund")
    gauge = InFlightGauge(_ok(), delay=0.02)
    stub.router.route().mock(side_effect=gauge)
    limit = ConcurrencyLimit(1)
    connector = stub.connector(ProvidentFundConnector, limit=limit, max_concurrency=8)

    running = asyncio.gather(*(connector.query(person, context) for _ in range(12)))
    await asyncio.sleep(0.03)
    assert gauge.peak == 1
    limit.resize(3)
    for _ in range(1000):  # up to a second for the two newly admitted to reach the agency
        if gauge.peak == 3:
            break
        await asyncio.sleep(0.001)
    assert gauge.peak == 3
    assert gauge.started < 12  # while the queries were still running
    results = await running

    assert {result.status for result in results} == {SourceStatus.OK}
    assert gauge.peak == 3
    assert limit.in_use == 0


async def test_one_limit_shared_by_two_connectors_caps_them_together(agency, person, context):
    stub = agency("provident_fund")
    gauge = InFlightGauge(_ok(), delay=0.01)
    stub.router.route().mock(side_effect=gauge)
    shared = ConcurrencyLimit(2)
    first = stub.connector(ProvidentFundConnector, limit=shared)
    second = stub.connector(ProvidentFundConnector, limit=shared)

    await asyncio.gather(
        *(connector.query(person, context) for connector in (first, second) for _ in range(5))
    )

    assert (gauge.started, gauge.peak) == (10, 2)


async def test_without_limits_each_connector_gets_its_own_at_max_concurrency(agency):
    stub = agency("provident_fund")
    built = build_connectors(_configs(stub, max_concurrency=5), stub.transport)
    try:
        limits = connector_limits(built)
        assert list(limits) == ["provident_fund"]
        assert limits["provident_fund"].capacity == 5
        assert limits["provident_fund"] is built["provident_fund"].client.limit
    finally:
        await built["provident_fund"].aclose()


async def test_limits_without_a_transport(agency):
    stub = agency("provident_fund")
    limit = ConcurrencyLimit(2)
    built = build_connectors(_configs(stub), limits={"provident_fund": limit})
    try:
        assert connector_limits(built) == {"provident_fund": limit}
    finally:
        await built["provident_fund"].aclose()


def test_a_limit_for_an_unconfigured_scope_is_an_error(agency):
    stub = agency("provident_fund")
    with pytest.raises(ValueError, match="unconfigured scopes: pension"):
        build_connectors(_configs(stub), limits={"pension": ConcurrencyLimit(1)})


class _NoLimitConnector:
    """A plugin that predates ``limit=``: it takes only the two positional arguments."""

    scope = "provident_fund"

    def __init__(self, config, transport=None):
        self.config = config

    async def query(self, person, context): ...

    async def aclose(self) -> None: ...


def test_a_plugin_that_takes_no_limit_fails_loudly_only_when_given_one(agency):
    stub = agency("provident_fund")
    classes = {"provident_fund": _NoLimitConnector}

    built = build_connectors(_configs(stub), classes=classes)
    assert connector_limits(built) == {}
    with pytest.raises(ConnectorPluginError, match="cannot be built: TypeError"):
        build_connectors(
            _configs(stub), classes=classes, limits={"provident_fund": ConcurrencyLimit(1)}
        )
