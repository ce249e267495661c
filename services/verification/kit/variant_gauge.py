"""A gauge with a default series and labelled variants: the default's sample has no label,
each other variant's has one (``label="variant"``).

What an added dimension looks like when the existing series must not change: an alert or a
dashboard written for the unlabelled series reads the default's as before, and a rule
matching two such gauges (``a - b``) pairs each variant's series with the same variant's.
"""

from __future__ import annotations

from collections.abc import Iterable
from threading import Lock

from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector


class VariantGauge(Collector):
    """``set(value)`` sets the default's series; ``set(value, variant)`` another's."""

    def __init__(
        self,
        name: str,
        documentation: str,
        *,
        label: str,
        default: str,
        registry: CollectorRegistry | None = REGISTRY,
    ) -> None:
        self._name = name
        self._documentation = documentation
        self._label = label
        self._default = default
        self._values: dict[str, float] = {}
        self._lock = Lock()
        if registry is not None:
            registry.register(self)

    def set(self, value: float, variant: str | None = None) -> None:
        with self._lock:
            self._values[variant or self._default] = float(value)

    def get(self, variant: str | None = None) -> float | None:
        with self._lock:
            return self._values.get(variant or self._default)

    def describe(self) -> Iterable[Metric]:
        return [Metric(self._name, self._documentation, "gauge")]

    def collect(self) -> Iterable[Metric]:
        metric = Metric(self._name, self._documentation, "gauge")
        with self._lock:
            values = dict(self._values)
        for variant, value in values.items():
            labels = {} if variant == self._default else {self._label: variant}
            metric.add_sample(self._name, labels, value)
        return [metric]
