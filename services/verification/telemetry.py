"""Whether this process traces: the one switch the app and the batch worker share.

Tracing is off unless ``VERIFICATION_TRACING=otlp`` (or a test hands an exporter): then
``tracing_for`` gives the process's ``Tracing`` (``verification.tracing``), which the
process installs on its runtime and closes at exit.  Off, it gives None and
OpenTelemetry is not even imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verification.settings import Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter

    from verification.tracing import Tracing


def tracing_for(settings: Settings, exporter: SpanExporter | None = None) -> Tracing | None:
    """The process's tracing; None when off and no ``exporter`` is given (tests give one)."""
    if exporter is None and settings.tracing == "off":
        return None
    from verification.tracing import Tracing  # noqa: PLC0415 - loaded only when on

    return Tracing.from_settings(settings, exporter)
