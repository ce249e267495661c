"""How a new batch reaches the engine that runs its items."""

from __future__ import annotations

import uuid
from typing import Protocol


class Dispatcher(Protocol):
    """Hands a committed batch's pending items to the engine; safe to call again."""

    async def dispatch(self, batch_id: uuid.UUID) -> None: ...


class NoDispatcher:
    """No engine in this process (a worker elsewhere, or recovery, picks the batch up)."""

    async def dispatch(self, batch_id: uuid.UUID) -> None:
        return None
