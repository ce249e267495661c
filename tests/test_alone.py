"""The room that ``@pytest.mark.serial`` tests take alone under pytest -n (tests/alone.py)."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.alone import Room


def test_a_serial_test_waits_for_the_room_to_empty_and_then_keeps_others_out(
    tmp_path: Path,
) -> None:
    worker, serial, late = Room(tmp_path), Room(tmp_path), Room(tmp_path)  # three workers
    order: list[str] = []
    inside_alone, let_go = threading.Event(), threading.Event()

    def alone() -> None:
        with serial.alone():
            order.append("serial in")
            inside_alone.set()
            let_go.wait(10)
            order.append("serial out")

    def enter_late() -> None:
        with late.shared():
            order.append("late in")

    try:
        with worker.shared():
            order.append("worker in")
            waiting = threading.Thread(target=alone)
            waiting.start()
            assert not inside_alone.wait(0.3)  # the room is not empty: the serial test waits
            order.append("worker out")
        assert inside_alone.wait(10)
        entering = threading.Thread(target=enter_late)
        entering.start()
        entering.join(0.3)
        assert entering.is_alive()  # nobody enters while the serial test is inside
        let_go.set()
        waiting.join(10)
        entering.join(10)
        assert order == ["worker in", "worker out", "serial in", "serial out", "late in"]
    finally:
        let_go.set()
        for room in (worker, serial, late):
            room.close()
