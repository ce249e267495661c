from __future__ import annotations

import json
import logging

import structlog

from verification.logging import configure_logging


def test_log_lines_mask_id_numbers_and_carry_request_id(capsys) -> None:
    configure_logging("json", "INFO")
    structlog.contextvars.bind_contextvars(request_id="req-1")
    try:
        structlog.get_logger("t").info(
            "lookup", who="450102198003120111", nested={"id": "45010219770909052X"}
        )
    finally:
        structlog.contextvars.clear_contextvars()
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["who"] == "450102********0111"
    assert line["nested"] == {"id": "450102********052X"}
    assert line["request_id"] == "req-1" and line["event"] == "lookup"


def test_stdlib_records_are_masked_and_httpx_is_quiet() -> None:
    configure_logging("json", "INFO")
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    record = logging.LogRecord(
        "uvicorn", logging.INFO, __file__, 1, "GET /tax?nsrsbh=%s", ("450102198003120111",), None
    )
    for handler in logging.getLogger().handlers:
        for f in handler.filters:
            f.filter(record)
    assert "450102198003120111" not in record.getMessage()
