"""The event loop the long-running commands run on: uvloop.

``serve``, ``batch run`` and ``worker`` spend their time in socket I/O (agency
requests, database drivers) and task switches, which uvloop does in C; on the
batch benchmark it is worth about 5 % of the CPU per household.  Short
commands keep ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import uvloop

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` to completion on a new uvloop event loop."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)
