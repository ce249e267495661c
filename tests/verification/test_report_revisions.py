"""Each revision of a report can be read and signed after a later one replaced it (issue #22
item 4, ADR 0022 amendment 2): the replaced report is kept, encrypted under its own place;
``?revision=`` reads it as JSON, printable, receipt and signed report, each verifying
offline; the list names every revision; a revision not kept is a clear 404; the purge
clears the kept ones too."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, select

from tests.verification.helpers import (
    bank_down_verification,
    business_today,
    integrated_report,
)
from tests.verification.retention.test_purge import SCHEDULE, _age, _events
from tests.verification.test_signed_reports import _signed, _vkey
from verification.audit.receipts import verify_receipt
from verification.data_keys.columns import REPORT_REVISION, VERIFICATION_REPORT
from verification.reports.manifest import verify_signed_report
from verification.retention.purge import purge
from verification.verifications.models import ReportRevision, Verification
from verification.verifications.revisions import replaced_report


async def _retried(api: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A verification whose bank did not answer (revision 0, review_required), retried with
    the bank back (revision 1): both reports as GET gives them, entries integrated."""
    old = await integrated_report(api, await bank_down_verification(api))
    retried = await api.http.post(f"/v1/verifications/{old['id']}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    new = await integrated_report(api, retried.json())
    assert (old["revision"], new["revision"]) == (0, 1)
    return old, new


async def _covered(api: Any, path: str, params: dict[str, Any]) -> httpx.Response:
    """A receipt or signed report, asked for again while no checkpoint covers its entry."""
    deadline = time.monotonic() + 15
    while True:
        response = await api.http.get(path, params=params, headers=api.auth())
        if response.status_code != 409:
            break
        assert response.json()["code"] == "receipt-pending", response.text
        assert time.monotonic() < deadline, "no checkpoint covered the entry"
        await asyncio.sleep(0.1)
    assert response.status_code == 200, response.text
    return response


async def test_a_replaced_revision_is_kept_and_reads_as_it_was(api) -> None:
    old, new = await _retried(api)
    vid = old["id"]
    path = f"/v1/verifications/{vid}"

    listed = await api.http.get(f"{path}/revisions", headers=api.auth())
    assert listed.status_code == 200, listed.text
    assert listed.headers["cache-control"] == "no-store"
    body = listed.json()
    assert body["verification_id"] == vid and body["current_revision"] == 1
    first, current = body["revisions"]
    assert first["revision"] == 0 and first["kept"] and not first["current"]
    assert first["outcome"] == old["outcome"] == "review_required"
    assert first["superseded_at"] is not None
    assert current["revision"] == 1 and current["current"] and current["superseded_at"] is None
    assert current["outcome"] == new["outcome"]

    # revision 0 as it was: its own sources, outcome and audit entry
    again = await api.http.get(path, params={"revision": 0}, headers=api.auth())
    assert again.status_code == 200, again.text
    replaced = again.json()
    assert replaced["revision"] == 0 and replaced["outcome"] == old["outcome"]
    assert replaced["audit"] == old["audit"] and replaced["audit"] != new["audit"]
    assert replaced["sources"] == old["sources"]
    assert replaced["income"] == old["income"]
    assert replaced["superseded"]["current_revision"] == 1
    assert replaced["superseded"]["at"] == first["superseded_at"]
    assert {**replaced, "superseded": None} == {**old, "superseded": None}  # nothing else
    # the current one is unchanged, asked for by its number or without
    for params in ({}, {"revision": 1}):
        now = await api.http.get(path, params=params, headers=api.auth())
        assert now.json()["revision"] == 1 and now.json()["audit"] == new["audit"]
        assert now.json()["superseded"] is None

    printable = await api.http.get(
        f"{path}/report.html", params={"revision": 0}, headers=api.auth()
    )
    assert printable.status_code == 200 and "text/html" in printable.headers["content-type"]
    # a printed replaced revision says so, in the reader's language
    assert "被第 1 版取代，不是现行报告；现行报告为第 1 版" in printable.text
    # the paper says how to check it: this revision's signed file, and the page that checks it
    assert f"签名文件（report-{vid}-r0.signed.json），在 /verify-report 页面离线打开" in (
        printable.text
    )
    english = await api.http.get(
        f"{path}/report.html", params={"revision": 0, "lang": "en"}, headers=api.auth()
    )
    assert "This revision was replaced by revision 1 on" in english.text
    assert f"signed file (report-{vid}-r0.signed.json)" in english.text
    current_page = await api.http.get(f"{path}/report.html", headers=api.auth())
    assert "取代" not in current_page.text

    receipt = await _covered(api, f"{path}/receipt", {"revision": 0})
    proven = verify_receipt(
        receipt.text, await _vkey(api), leaf_hash=bytes.fromhex(old["audit"]["leaf_hash"])
    )
    assert proven.index == old["audit"]["seq"] - 1

    # each read is audited with the revision it read
    reads = await _events(api, "report_read")
    assert {"verification_id": vid, "revision": 0} in [
        {"verification_id": e["verification_id"], "revision": e["revision"]} for e in reads
    ]
    assert any(e["verification_id"] == vid for e in await _events(api, "report_revisions_listed"))


async def test_a_replaced_revision_s_signed_report_verifies_offline(api) -> None:
    """Revision 0 was never asked for while it was current: it is signed now, from what was
    kept, and verifies against the log as its own report_created entry."""
    old, _new = await _retried(api)
    vid = old["id"]
    vkey = await _vkey(api)
    signed = await _covered(api, f"/v1/verifications/{vid}/signed-report", {"revision": 0})
    assert signed.headers["content-disposition"].endswith(f'report-{vid}-r0.signed.json"')
    bundle = signed.json()
    manifest = bundle["manifest"]
    assert manifest["revision"] == 0 and manifest["outcome"] == "review_required"
    assert manifest["audit"]["index"] == old["audit"]["seq"] - 1
    assert {s["status"] for s in manifest["sources"] if s["scope"] == "bank"} == {"unavailable"}
    verify_signed_report(json.dumps(bundle), vkey)

    current = await _signed(api, vid)
    assert current["manifest"]["revision"] == 1
    bank = {s["sha256"] for s in current["manifest"]["sources"] if s["scope"] == "bank"}
    assert bank.isdisjoint(s["sha256"] for s in manifest["sources"])
    # the answers both revisions used (not retried) are listed alike in both
    others = {(s["member_index"], s["scope"], s["sha256"]) for s in manifest["sources"]}
    assert {
        (s["member_index"], s["scope"], s["sha256"])
        for s in current["manifest"]["sources"]
        if s["scope"] != "bank"
    } <= others

    reads = [e for e in await _events(api, "signed_report_read") if e["verification_id"] == vid]
    assert sorted(e["revision"] for e in reads) == [0, 1]


async def test_a_revision_that_is_not_there_or_not_kept_is_a_clear_404(api) -> None:
    old, _new = await _retried(api)
    vid = old["id"]
    path = f"/v1/verifications/{vid}"
    for route in ("", "/report.html", "/receipt", "/signed-report"):
        missing = await api.http.get(f"{path}{route}", params={"revision": 2}, headers=api.auth())
        assert missing.status_code == 404, (route, missing.text)
        assert missing.headers["content-type"].startswith("application/problem+json")
        assert missing.json()["code"] == "report-revision-not-found"
        assert "current revision is 1" in missing.json()["detail"]
    negative = await api.http.get(path, params={"revision": -1}, headers=api.auth())
    assert negative.status_code == 422 and negative.json()["code"] == "invalid-request"
    other = await api.http.get(
        f"{path}/revisions", headers=api.auth(api.other_token)
    )  # another client's verification: not found, nothing said of it
    assert other.status_code == 404 and "review_required" not in other.text

    # a revision replaced before revisions were kept (a verification retried before the
    # migration): listed as not kept, its reads a 404 that says why
    async with api.runtime.transaction() as session:
        await session.execute(
            delete(ReportRevision).where(ReportRevision.verification_id == uuid.UUID(vid))
        )
    listed = (await api.http.get(f"{path}/revisions", headers=api.auth())).json()
    assert [(r["revision"], r["kept"]) for r in listed["revisions"]] == [(0, False), (1, True)]
    # what its audit entry records stands for it: the outcome and when; not its status
    gone_one = listed["revisions"][0]
    assert gone_one["outcome"] == old["outcome"] == "review_required"
    assert gone_one["status"] is None and gone_one["superseded_at"] is None
    assert gone_one["completed_at"] is not None
    gone = await api.http.get(path, params={"revision": 0}, headers=api.auth())
    assert gone.status_code == 404 and gone.json()["code"] == "report-revision-not-found"
    assert "replaced before" in gone.json()["detail"]
    refused = [
        e
        for e in await _events(api, "request_refused")
        if e.get("code") == "report-revision-not-found" and e.get("verification_id") == vid
    ]
    assert refused and {e["revision"] for e in refused} == {0, 2}


async def test_a_kept_revision_is_bound_to_its_place(api) -> None:
    """Kept under ``verifications:{id}:report:{revision}``: its ciphertext does not decrypt
    as the verification's current report, nor as another revision."""
    old, _new = await _retried(api)
    vid = uuid.UUID(old["id"])
    async with api.runtime.transaction() as session:
        kept = await session.get(ReportRevision, (vid, 0))
        assert kept is not None and kept.report_enc is not None
        assert json.loads(REPORT_REVISION.decrypt(api.runtime.keyring, kept))["revision"] == 0
        with pytest.raises(Exception):  # noqa: B017 - the AEAD's own error
            VERIFICATION_REPORT.decrypt(
                api.runtime.keyring, {"id": vid, "report_enc": kept.report_enc}
            )
        with pytest.raises(Exception):  # noqa: B017
            REPORT_REVISION.decrypt(
                api.runtime.keyring,
                {"verification_id": vid, "revision": 1, "report_enc": kept.report_enc},
            )
        row = await session.get(Verification, vid)
        assert row is not None
        report, superseded_at = await replaced_report(session, api.runtime.keyring, row, 0)
        assert report.revision == 0 and superseded_at == kept.superseded_at


async def test_the_purge_clears_the_kept_revisions(api) -> None:
    old, _new = await _retried(api)
    vid = uuid.UUID(old["id"])
    await _age(api, old["id"], years_ago=31)
    done = await purge(api.runtime, business_today(), SCHEDULE, "test:revisions")
    assert vid in {d.id for d in done.verifications}
    async with api.runtime.transaction() as session:
        left = (
            (
                await session.execute(
                    select(ReportRevision.report_enc).where(ReportRevision.verification_id == vid)
                )
            )
            .scalars()
            .all()
        )
    assert left == [None]  # the row stays (revision, outcome, dates), its report is gone
    gone = await api.http.get(
        f"/v1/verifications/{vid}", params={"revision": 0}, headers=api.auth()
    )
    assert gone.status_code == 410 and gone.json()["code"] == "purged"
    [event] = [e for e in await _events(api, "retention_purge") if str(vid) in json.dumps(e)]
    assert event["counts"]["replaced_reports"] >= 1
