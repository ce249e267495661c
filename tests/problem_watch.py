"""Every problem the app answers a test with is one the OpenAPI document declares there.

The suite's app (the ``api`` fixture's client) hands each response to ``ProblemWatch``: a
problem (``application/problem+json``) answered by an operation of the document whose
``(status, code)`` is not among that operation's documented problems (its error responses'
named examples, ``openapi_problems.py``) is a violation, and the test phase that caused it
fails naming it (``tests/conftest.py``), as an unmasked ID number does. Answers to a path or
method the API does not have (``@routing`` in ``problem_types.py``) belong to no operation.

The other direction — is every declared code ever answered? — needs the whole suite:
``pytest --problem-coverage=FILE`` writes the (operation, status, code) triples the run
observed and the declared ones it never saw (xdist workers' observations are gathered).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

PROBLEM_JSON = "application/problem+json"
EXAMPLES = "#/components/examples/"
Triple = tuple[str, int, str]  # operationId, status, code


@dataclass(frozen=True)
class Violation:
    test: str
    request: str
    triple: Triple


def declared_problems(document: dict[str, Any]) -> dict[str, set[tuple[int, str]]]:
    """operationId → the (status, code) pairs its error responses document."""
    examples = document["components"].get("examples", {})
    declared: dict[str, set[tuple[int, str]]] = {}
    for item in document["paths"].values():
        for operation in item.values():
            pairs = declared.setdefault(operation["operationId"], set())
            for status, response in operation["responses"].items():
                named = response.get("content", {}).get(PROBLEM_JSON, {}).get("examples", {})
                for example in named.values():
                    value = examples[example["$ref"].removeprefix(EXAMPLES)]["value"]
                    pairs.add((int(status), value["code"]))
    return declared


def _template(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


@dataclass
class ProblemWatch:
    document: dict[str, Any]
    test: str = "(outside any test)"
    observed: set[Triple] = field(default_factory=set)
    violations: list[Violation] = field(default_factory=list)
    reported: int = 0

    def __post_init__(self) -> None:
        self.declared = declared_problems(self.document)
        # a path without parameters is matched before templated ones, as the app routes
        paths = sorted(self.document["paths"], key=lambda p: ("{" in p, p))
        self._routes = [(_template(p), self.document["paths"][p]) for p in paths]

    def operation(self, method: str, path: str) -> str | None:
        for pattern, item in self._routes:
            if pattern.match(path):
                operation = item.get(method.lower())
                return None if operation is None else str(operation["operationId"])
        return None

    def see(self, method: str, path: str, status: int, code: str) -> None:
        operation = self.operation(method, path)
        if operation is None:
            return  # no operation: a routing answer (404, 405)
        triple = (operation, status, code)
        self.observed.add(triple)
        if (status, code) not in self.declared[operation]:
            self.violations.append(Violation(self.test, f"{method} {path}", triple))

    async def on_response(self, response: httpx.Response) -> None:
        """httpx response hook (the body is buffered by the ASGI transport)."""
        if not response.headers.get("content-type", "").startswith(PROBLEM_JSON):
            return
        await response.aread()
        try:
            code = response.json().get("code")
        except ValueError:
            return
        if isinstance(code, str):
            request = response.request
            self.see(request.method, request.url.path, response.status_code, code)

    def take_new(self) -> list[Violation]:
        new, self.reported = self.violations[self.reported :], len(self.violations)
        return new

    def never_observed(self, observed: set[Triple]) -> list[Triple]:
        return sorted(
            (operation, status, code)
            for operation, pairs in self.declared.items()
            for status, code in pairs
            if (operation, status, code) not in observed
        )


def write_coverage(path: Path, watch: ProblemWatch, observed: set[Triple]) -> None:
    path.write_text(
        json.dumps(
            {
                "observed": sorted(observed),
                "declared_never_observed": watch.never_observed(observed),
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
