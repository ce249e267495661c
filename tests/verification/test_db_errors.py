"""A failed statement's error names the statement, never the values bound to it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from verification.db import create_engine
from verification.settings import Settings

SECRET = "张三丰-450102198003120111"  # what a bound value could be: a name, an ID number


async def test_a_failed_statements_error_holds_no_bound_value(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("CREATE TEMPORARY TABLE probe (v TEXT PRIMARY KEY)"))
            await connection.execute(text("INSERT INTO probe VALUES (:v)"), {"v": SECRET})
            with pytest.raises(IntegrityError) as caught:
                await connection.execute(text("INSERT INTO probe VALUES (:v)"), {"v": SECRET})
    finally:
        await engine.dispose()
    error: DBAPIError = caught.value
    assert "INSERT INTO probe" in str(error)  # the statement is still named
    assert "hidden due to hide_parameters" in str(error)
    assert SECRET not in str(error) and "450102198003120111" not in str(error)
