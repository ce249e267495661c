"""No unmasked ID number in any log line or API response of the whole test session.

The check itself lives in tests/conftest.py: ``LeakWatch`` reads every rendered
structlog line (``PrintLogger``), every stdlib record as a production root
handler renders it (masking filter, message, traceback) and every response
body and header the ``api`` client receives; ``pytest_runtest_makereport``
fails the phase of the test during which a scenario person's ID number — or
any string GB 11643 accepts as an ID number — appeared, naming the test and
the source, and ``pytest_sessionfinish`` fails the run for leaks outside the
tests.  The tests here check that the watch is wired in and finds what it
should, and put adversarial requests through the API.
"""

from __future__ import annotations

import io
import logging
import types
import uuid

import pytest
import structlog

from tests.conftest import SCENARIO_ID_NUMBERS, LeakWatch, pytest_runtest_makereport
from tests.verification.helpers import scenario_body
from verification.kit.id_number import check_character
from verification.logging import configure_logging

SCENARIO_ID = "450102198003120111"  # 韦国强, household "eligible"
# a valid ID number of nobody in the scenarios (the check character is computed)
STRANGER_ID = "11010119900307123" + check_character("11010119900307123")


def test_the_watch_finds_unmasked_id_numbers_only() -> None:
    watch = LeakWatch(SCENARIO_ID_NUMBERS)
    assert watch.find(f'{{"who": "{SCENARIO_ID}"}}') == {SCENARIO_ID}
    assert watch.find("id=45010219770909052x&x=1") == {"45010219770909052X"}
    assert watch.find(f"GET /tax?nsrsbh={STRANGER_ID} 200") == {STRANGER_ID}
    assert watch.find(f"account 6222{SCENARIO_ID}") == {SCENARIO_ID}  # inside a longer run
    assert watch.find("450102********0111 and 450102********052X") == set()
    wrong_check = STRANGER_ID[:17] + str((int(STRANGER_ID[17]) + 1) % 10)
    assert watch.find(f"order {wrong_check} shipped") == set()
    assert watch.find("6f3a" + "0" * 60) == set()  # a hex digest is no ID number
    assert watch.find(uuid.uuid4().hex * 4) == set()
    # a leaf hash whose digits happen to spell a valid number (CI met one in an audit export)
    digest = "7732f4b540382a29f53a1e5d128327acf5" + STRANGER_ID + "f"
    assert watch.find(f'{{"leaf_hash":"{digest}"}}') == set()
    assert watch.find(f'{{"leaf_hash":"{digest}","who":"{STRANGER_ID}"}}') == {STRANGER_ID}
    assert watch.find(f"abc{SCENARIO_ID}def" * 2) == {SCENARIO_ID}  # a known one, anywhere


def test_the_watch_reads_structlog_stdlib_and_responses_during_a_request(api, leak_watch) -> None:
    seen = leak_watch.scanned.copy()
    configure_logging("json", "INFO")
    structlog.get_logger("probe").info("probe")
    logging.getLogger("verification.probe").warning("probe")
    assert leak_watch.scanned["structlog"] > seen["structlog"]
    assert leak_watch.scanned["log"] > seen["log"]
    assert leak_watch.on_response in api.http.event_hooks["response"]


def test_a_leak_is_recorded_against_the_test_and_fails_it(request, leak_watch) -> None:
    mark = len(leak_watch.leaks)
    # as if a log line had been written without the masking processor
    structlog.PrintLogger(io.StringIO()).info(f'{{"event": "lookup", "who": "{SCENARIO_ID}"}}')
    recorded = list(leak_watch.leaks[mark:])
    assert [(leak.test, leak.source) for leak in recorded] == [(request.node.nodeid, "structlog")]
    assert "450102********0111" in recorded[0].excerpt
    assert SCENARIO_ID not in recorded[0].excerpt  # the report does not leak it again

    report = types.SimpleNamespace(outcome="passed", longrepr=None)
    hook = pytest_runtest_makereport(request.node, types.SimpleNamespace(when="call"))
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(types.SimpleNamespace(get_result=lambda: report))
    assert report.outcome == "failed"
    assert request.node.nodeid in report.longrepr and "structlog" in report.longrepr
    assert SCENARIO_ID not in report.longrepr
    leak_watch.withdraw(mark)  # the leak was planted: this test passes


def test_stdlib_tracebacks_are_masked(leak_watch) -> None:
    configure_logging("json", "INFO")
    mark = len(leak_watch.leaks)
    error = ValueError(f"no record for {SCENARIO_ID}")
    logging.getLogger("verification.probe").error(
        "lookup failed for %s", STRANGER_ID, exc_info=error, stack_info=True
    )
    assert leak_watch.withdraw(mark) == []


async def test_scenario_requests_leak_nothing(api, leak_watch) -> None:
    mark = len(leak_watch.leaks)
    created = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
    )
    assert created.status_code == 201
    report_id = created.json()["id"]
    for path in (f"/v1/verifications/{report_id}", f"/v1/verifications/{report_id}/report.html"):
        assert (await api.http.get(path, headers=api.auth())).status_code == 200
    refused = await api.http.post(
        "/v1/verifications",
        json=scenario_body(
            api.issuer_key,
            "eligible",
            members=[
                {"id_number": STRANGER_ID, "name": "甲", "relation": "self", "consented": False}
            ],
        ),
        headers=api.auth(),
    )
    assert refused.status_code == 422
    assert leak_watch.leaks[mark:] == []


async def test_adversarial_requests_do_not_echo_id_numbers(api, leak_watch) -> None:
    mark = len(leak_watch.leaks)
    for method, path, body in [
        ("GET", f"/v1/verifications/{STRANGER_ID}", None),
        ("GET", f"/v1/{STRANGER_ID}", None),
        ("POST", "/v1/verifications", {"authorization": "x", STRANGER_ID: 1}),
        ("POST", "/v1/verifications", {"authorization": STRANGER_ID}),
        ("POST", "/v1/verifications", {"authorization": "x", "scopes": [STRANGER_ID]}),
    ]:
        response = await api.http.request(method, path, json=body, headers=api.auth())
        assert response.status_code >= 400
    leaked = leak_watch.withdraw(mark)  # reported by this assertion, not by the session hook
    assert leaked == []
