"""The problem watch (tests/problem_watch.py) judges a problem by its operation's declared
responses in the exported document; an answer to no operation is a routing one."""

from __future__ import annotations

import json

from tests.problem_watch import ProblemWatch
from verification.settings import REPO_ROOT


def _watch() -> ProblemWatch:
    document = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    return ProblemWatch(document, test="t")


def test_a_declared_problem_passes_and_an_undeclared_one_is_named() -> None:
    watch = _watch()
    watch.see("GET", "/v1/verifications/0b0e5a4e-0000-0000-0000-000000000000", 404, "not-found")
    assert watch.take_new() == []
    watch.see("GET", "/v1/verifications/x", 409, "household-ended")  # not getVerification's
    (violation,) = watch.take_new()
    assert violation.triple == ("getVerification", 409, "household-ended")
    assert violation.test == "t"
    assert ("getVerification", 404, "not-found") in watch.observed


def test_concrete_paths_first_and_routing_answers_belong_to_no_operation() -> None:
    watch = _watch()
    assert watch.operation("GET", "/v1/households/due") == "listDueHouseholds"
    assert watch.operation("GET", "/v1/households/abc") == "getHousehold"
    assert watch.operation("DELETE", "/v1/households/abc") is None
    watch.see("PATCH", "/v1/households/due", 405, "method-not-allowed")
    watch.see("GET", "/v1/nothing-here", 404, "not-found")
    assert watch.take_new() == [] and not watch.observed
    assert ("getVerification", 409, "household-ended") not in watch.never_observed(set())
    assert ("getVerification", 404, "not-found") in watch.never_observed(set())
