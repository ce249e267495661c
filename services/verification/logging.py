"""structlog configuration: JSON lines in production, console in a terminal.

Every line carries the request id bound by the request middleware, and a
final processor masks ID numbers and account numbers in every string value,
so no code path can leak a person into the logs by accident.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

import structlog

from verification.kit.masking import mask_text


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, Mapping):
        return {key: _mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_value(item) for item in value]
    return value


def mask_personal_data(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key, value in event_dict.items():
        event_dict[key] = _mask_value(value)
    return event_dict


class MaskingFilter(logging.Filter):
    """Masks personal data in stdlib log records (uvicorn, alembic, libraries): the
    message, and the traceback and stack text (an exception's message may carry
    an ID number; the traceback is rendered here, masked, and the handler's
    formatter uses that text instead of rendering its own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


_TRACEBACKS = logging.Formatter()


def _stdlib_handlers() -> list[logging.Handler]:
    """The handlers of the root logger and of every named logger that has its own
    (uvicorn's ``default`` and ``access`` handlers do not propagate to the root)."""
    handlers = list(logging.getLogger().handlers)
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            handlers.extend(logger.handlers)
    return handlers


def _guard_stdlib_logging(level: int) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, stream=sys.stderr)
    for handler in _stdlib_handlers():
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
    # httpx logs every request URL at INFO, and agency URLs carry ID numbers
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def configure_logging(
    log_format: str = "json", level: str = "INFO", extra_processors: Sequence[Any] = ()
) -> None:
    """``extra_processors`` run after the masking (the tracing's ids: random hex, never
    personal data, but a run of digits in one would be masked)."""
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if log_format == "json"
        else structlog.dev.ConsoleRenderer()
    )
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        mask_personal_data,
        *extra_processors,
        renderer,
    ]
    numeric_level = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    _guard_stdlib_logging(numeric_level)
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=False,
    )
