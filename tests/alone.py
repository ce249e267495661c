"""Tests that run alone under pytest-xdist (``@pytest.mark.serial``).

The suite runs in parallel (``pytest -n``): each worker is a process with a database, an app
and mock agencies of its own, so tests do not share state. A few measure something that
another worker's load would spoil (a process's latency, a lock's wait, a crash-recovery
deadline) or load the whole machine themselves; those are marked ``serial`` and hold
:class:`Room` exclusively: no other worker is inside a test meanwhile (its fixtures'
setup and teardown included), and none enters until it is done.

A readers-writer lock on two files shared by the workers of one run (``flock``, released by
the kernel if a worker dies): every other test holds the room shared. The turnstile stops
a steady stream of shared holders from starving a waiting ``serial`` test: the waiting test
holds it, so no new test enters until the room is empty and its own.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = "serial"


class Room:
    """The lock over one run's tests; ``directory`` is shared by the run's workers."""

    def __init__(self, directory: Path) -> None:
        # opened once per worker; flock is per open file, so the workers exclude each other
        self._turnstile = (directory / "serial-tests.turnstile").open("a")
        self._room = (directory / "serial-tests.room").open("a")

    @contextmanager
    def shared(self) -> Iterator[None]:
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)  # wait behind a serial test that waits
        fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        fcntl.flock(self._room, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(self._room, fcntl.LOCK_UN)

    @contextmanager
    def alone(self) -> Iterator[None]:
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._room, fcntl.LOCK_EX)
        finally:
            fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(self._room, fcntl.LOCK_UN)

    def close(self) -> None:
        self._turnstile.close()
        self._room.close()
