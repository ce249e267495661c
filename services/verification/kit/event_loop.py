"""How the long-running commands run: on uvloop, with the garbage collector tuned.

``serve``, ``batch run`` and ``worker`` spend their time in socket I/O (agency
requests, database drivers) and task switches, which uvloop does in C; on the
batch benchmark it is worth about 5 % of the CPU per household.

They also allocate many short-lived objects (each agency request, statement
and audit event makes thousands) and few cycles.  CPython's default collector
runs a generation-0 pass every 700 net allocations and walks the long-lived
objects of startup (modules, the ORM's mappers, policies) on every full pass.
``gc.freeze()`` moves the objects of startup out of the collector's sight, and
a generation-0 threshold of 20,000 makes passes rarer; together about another
5 % on the batch benchmark, for a few MiB more peak memory (a constant, not
growing with the work).  Short commands keep ``asyncio.run`` and the defaults.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Coroutine
from typing import Any, TypeVar

import uvloop

T = TypeVar("T")

GC_THRESHOLDS = (20_000, 50, 100)


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` to completion on a new uvloop event loop, with the collector tuned."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)
