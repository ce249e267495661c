"""The long-running commands' runner: uvloop, and the collector tuned."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from verification.kit import event_loop


@pytest.fixture
def restored_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def test_runs_the_coroutine_on_uvloop_with_the_collector_tuned(restored_gc: None) -> None:
    async def main() -> tuple[str, tuple[int, int, int]]:
        await asyncio.sleep(0)
        return type(asyncio.get_running_loop()).__module__, gc.get_threshold()

    module, thresholds = event_loop.run(main())
    assert module.startswith("uvloop")
    assert thresholds == event_loop.GC_THRESHOLDS
    assert gc.get_freeze_count() > 0  # the objects of startup are out of the collector's sight
