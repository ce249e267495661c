"""A worker's PostgreSQL pool holds a connection for each item it runs at once (and its own
loops), unless the operator sized the pool: a smaller pool opened and closed a connection for
every checkout beyond it, which under load became most of a batch's cost."""

from __future__ import annotations

import pytest

from verification.batches.jobs import POOL_HEADROOM, pool_for_items
from verification.settings import Settings

URL = "postgresql+asyncpg://verification@db/verification"


def test_the_pool_grows_to_the_items_at_once() -> None:
    settings = Settings(database_url=URL, batch_concurrency=32)
    assert pool_for_items(settings, 32).database_pool_size == 32 + POOL_HEADROOM
    assert pool_for_items(settings, 4).database_pool_size == settings.database_pool_size
    assert settings.database_pool_size == 20  # the given settings are not changed


def test_a_pool_size_the_operator_set_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFICATION_DATABASE_POOL_SIZE", "12")
    settings = Settings(database_url=URL)
    assert pool_for_items(settings, 64).database_pool_size == 12
