"""Prometheus metrics of the API's own HTTP requests, on the default registry.

``http_requests_total{route, method, status}``
    requests answered, by route template (``/v1/verifications/{verification_id}``,
    never the path with its ids), method and status code.
``http_request_duration_seconds{route, method}``
    time from the request's arrival to the end of its response.

The labels are bounded whatever callers send: a path no route matches is
``route="unmatched"``, a method outside HTTP's usual ones is ``method="OTHER"``.
``RequestContextMiddleware`` feeds them, since it already knows the route the
router chose, the status and the duration (a library such as
prometheus-fastapi-instrumentator would match every request against the routes
a second time to find the template).
"""

from __future__ import annotations

from typing import Final

from prometheus_client import Counter, Histogram

UNMATCHED: Final = "unmatched"
OTHER_METHOD: Final = "OTHER"
METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
DURATION_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS: Final = Counter(
    "http_requests",
    "HTTP requests answered, by route template, method and status code",
    ("route", "method", "status"),
)
DURATION: Final = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and method",
    ("route", "method"),
    buckets=DURATION_BUCKETS,
)


def route_label(template: str | None) -> str:
    return template if template else UNMATCHED


def method_label(method: str) -> str:
    return method if method in METHODS else OTHER_METHOD


def observe(template: str | None, method: str, status: int, seconds: float) -> None:
    route, verb = route_label(template), method_label(method)
    REQUESTS.labels(route, verb, str(status)).inc()
    DURATION.labels(route, verb).observe(seconds)
