"""Signed reports and support obligors (issue #22 item 4, ``report-manifest/v2``): the
manifest lists every source answer a report used — its members' and, in their own list
keyed by obligor index, its obligors' — with the obligors' figures that bear on the outcome
(the support counted, the obligors' part of 三无); an answer collected later and an answer
an upheld appeal queried again are in the revision's manifest, never a later revision's in
an earlier one's.  Tampering with an obligor's digest or figure fails the signature, in the
library, on the command line (a subprocess) and on the page (headless Chromium).  A report
signed as ``report-manifest/v1`` before this change still verifies (a fixture signed by the
service then, with the log key it was signed with)."""

from __future__ import annotations

import base64
import copy
import json
import re
import uuid
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import select

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import SourceResult
from tests.verification.helpers import supported, supported_body
from tests.verification.test_awaiting_sources import LATER
from tests.verification.test_obligor_pending import (  # noqa: F401 (a fixture)
    TaxLaterFor,
    daughter_tax_later,
)
from tests.verification.test_retry import Down
from tests.verification.test_signed_reports import _chromium, _cli, _signed, _vkey
from verification.db import utcnow
from verification.reports.manifest import (
    MANIFEST_FORMAT,
    SignedReportError,
    SourceAnswer,
    answer_digest,
    build_manifest,
    obligor_answer_digest,
    verify_signed_report,
)
from verification.verifications import repository
from verification.verifications.awaiting import poll_due
from verification.verifications.evidence_codec import evidence_to_json
from verification.verifications.models import ObligorSourceQuery, SourceQuery

FIXTURES = Path(__file__).parents[1] / "fixtures" / "signed_reports"
V1_REPORT = FIXTURES / "report-manifest-v1.signed.json"
# the log's verifier key (a public key, as at /.well-known/audit-log-key) the v1 fixture was
# signed under; its private key was the test's own and was never kept
V1_KEY = FIXTURES / "report-manifest-v1.vkey"


def _one_more(text: str) -> str:
    """``text`` with its last character changed."""
    return text[:-1] + ("1" if text[-1] != "1" else "2")


def _bad_signature(bundle: dict[str, Any], vkey: str) -> None:
    with pytest.raises(SignedReportError) as failed:
        verify_signed_report(json.dumps(bundle, ensure_ascii=False), vkey)
    assert failed.value.code == "receipt.report_bad_signature"


# -- pure ------------------------------------------------------------------------------------


def test_an_obligors_answer_never_has_a_members_digest() -> None:
    evidence = {"income": [{"amount": "3000.00"}]}
    common = {"scope": "tax", "status": "ok", "reason_code": None, "evidence": evidence}
    assert answer_digest(member_index=0, **common) != obligor_answer_digest(
        obligor_index=0, **common
    )


def test_a_report_without_obligors_has_an_empty_obligor_list() -> None:
    from tests.verification.test_signed_reports import REPORT

    answers = [SourceAnswer(member_index=0, scope="tax", status="ok", digest="a" * 64)]
    manifest = build_manifest(REPORT, answers, seq=3, leaf_hash="c" * 64)
    assert manifest["format"] == MANIFEST_FORMAT == "report-manifest/v2"
    assert manifest["obligor_sources"] == [] and manifest["figures"]["obligors"] is None


# -- through the API -------------------------------------------------------------------------


async def _stored_digests(api: Any, vid: str, revision: int) -> dict[str, dict[Any, str]]:
    """The digests of the answers stored for ``vid`` in exactly ``revision``, recomputed
    from the rows (evidence decrypted): {"members"|"obligors": {(index, scope): sha256}}."""
    keyring = api.runtime.keyring
    out: dict[str, dict[Any, str]] = {"members": {}, "obligors": {}}
    async with api.sessions() as session:
        members = await repository.latest_results(session, keyring, uuid.UUID(vid), upto=revision)
        obligors = await repository.latest_obligor_results(
            session, keyring, uuid.UUID(vid), upto=revision
        )
        revisions = {
            (r.obligor_index, r.scope): r.revision
            for r in (
                await session.execute(
                    select(ObligorSourceQuery).where(
                        ObligorSourceQuery.verification_id == uuid.UUID(vid),
                        ObligorSourceQuery.revision <= revision,
                    )
                )
            ).scalars()
        }
    assert revisions  # the obligor's answers are stored
    for (index, scope), r in members.items():
        form = _form(scope, r)
        out["members"][(index, scope)] = answer_digest(member_index=index, **form)
    for (index, scope), r in obligors.items():
        form = _form(scope, r)
        out["obligors"][(index, scope)] = obligor_answer_digest(obligor_index=index, **form)
    return out


def _form(scope: str, result: SourceResult) -> dict[str, Any]:
    return {
        "scope": scope,
        "status": result.status.value,
        "reason_code": result.reason_code,
        "evidence": evidence_to_json(result.evidence),
    }


def _listed(manifest: dict[str, Any]) -> dict[str, dict[Any, str]]:
    return {
        "members": {(s["member_index"], s["scope"]): s["sha256"] for s in manifest["sources"]},
        "obligors": {
            (s["obligor_index"], s["scope"]): s["sha256"] for s in manifest["obligor_sources"]
        },
    }


async def _created(api: Any, name: str = "elderly_supported") -> dict[str, Any]:
    response = await api.http.post(
        "/v1/verifications", json=supported_body(api, name), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_manifest_lists_the_obligors_answers_and_figures(api) -> None:
    report = await _created(api)
    assert report["outcome"] == "ineligible"
    bundle = await _signed(api, report["id"])
    vkey = await _vkey(api)
    manifest = bundle["manifest"]
    assert manifest["format"] == "report-manifest/v2"
    installed = set(installed_sources().scopes)

    # the members' answers and, in their own list, the obligor's: never one as the other
    listed = _listed(manifest)
    assert {scope for (_, scope) in listed["members"]} == installed
    assert {index for (index, _) in listed["members"]} == {0}  # the one member
    assert set(listed["obligors"]) == {(0, scope) for scope in installed}
    assert listed == await _stored_digests(api, report["id"], 0)
    (daughter,) = report["obligors"]["obligors"]
    assert {(s["scope"], s["status"]) for s in daughter["sources"]} == {
        (s["scope"], s["status"]) for s in manifest["obligor_sources"]
    }

    # the obligors' figures that bear on the outcome, as the report states them
    assert manifest["figures"]["obligors"] == {
        "support_monthly": "525.01",
        "support_status": "capable",
        "obligors": [
            {
                "index": 0,
                "relation": "adult_child",
                "status": "active",
                "household_size": 3,
                "assessed": True,
                "income_monthly": "3000.00",
                "line_monthly": "1249.98",
                "excess_monthly": "1750.02",
                "capable": True,
                "support_monthly": "525.01",
            }
        ],
    }
    person = supported("elderly_supported").obligors[0].person
    text = json.dumps(bundle, ensure_ascii=False)
    assert person.id_number not in text and person.name not in text
    assert daughter["id_number_masked"] not in text and daughter["name_masked"] not in text

    proven = verify_signed_report(text, vkey)
    assert proven.lists_obligors

    # any obligor digest, figure or status changed: the signature fails
    for path in (
        ("obligor_sources", 0, "sha256"),
        ("obligor_sources", 1, "status"),
        ("figures", "obligors", "support_monthly"),
        ("figures", "obligors", "obligors", 0, "income_monthly"),
        ("figures", "obligors", "obligors", 0, "line_monthly"),
    ):
        tampered = copy.deepcopy(bundle)
        at: Any = tampered["manifest"]
        for key in path[:-1]:
            at = at[key]
        at[path[-1]] = _one_more(at[path[-1]])
        _bad_signature(tampered, vkey)
    for change in (
        lambda m: m["figures"]["obligors"].update(support_status="none_capable"),
        lambda m: m["figures"]["obligors"]["obligors"][0].update(capable=False),
        lambda m: m["obligor_sources"].pop(),  # an answer left out
        # an obligor's answer passed off as a member's
        lambda m: m["sources"].append(
            {
                "member_index": 1,
                **{k: v for k, v in m["obligor_sources"][0].items() if k != "obligor_index"},
            }
        ),
    ):
        tampered = copy.deepcopy(bundle)
        change(tampered["manifest"])
        _bad_signature(tampered, vkey)

    # the read is audited with the manifest's format and the count of obligors' answers
    await api.drain()
    reads = await api.http.get(
        "/v1/audit/events",
        params={"verification_id": report["id"], "action": "signed_report_read"},
        headers=api.auth(api.auditor_token),
    )
    [read] = [e["event"] for e in reads.json()["events"]]
    assert read["format"] == "report-manifest/v2"
    assert read["obligor_answers"] == len(installed)


async def test_a_report_with_no_capable_obligor_states_it(api) -> None:
    report = await _created(api, "elderly_no_capable_obligor")
    assert report["outcome"] == "eligible"
    bundle = await _signed(api, report["id"])
    figures = bundle["manifest"]["figures"]["obligors"]
    assert figures["support_status"] == "none_capable" and figures["support_monthly"] == "0.00"
    assert figures["obligors"][0]["capable"] is False
    verify_signed_report(json.dumps(bundle), await _vkey(api))


async def test_an_obligors_answer_collected_later_is_in_the_revisions_manifest(
    api,
    daughter_tax_later: TaxLaterFor,  # noqa: F811 (the fixture imported above)
) -> None:
    later = daughter_tax_later
    report = await _created(api)
    vid = report["id"]
    assert report["status"] == "awaiting_sources"
    later.ready = True
    assert await poll_due(api.runtime, utcnow() + 2 * LATER) == 1
    bundle = await _signed(api, vid)
    manifest = bundle["manifest"]
    assert manifest["revision"] == 1 and manifest["outcome"] == "ineligible"
    tax = next(s for s in manifest["obligor_sources"] if s["scope"] == "tax")
    assert tax["status"] == "ok"
    # the collected answer (revision 1) and the others carried over from revision 0
    listed = _listed(manifest)
    assert listed == await _stored_digests(api, vid, 1)
    before = await _stored_digests(api, vid, 0)
    assert before["obligors"][(0, "tax")] != tax["sha256"]  # revision 0's was pending
    assert {k: v for k, v in before["obligors"].items() if k != (0, "tax")} == {
        k: v for k, v in listed["obligors"].items() if k != (0, "tax")
    }
    assert manifest["figures"]["obligors"]["support_monthly"] == "525.01"
    verify_signed_report(json.dumps(bundle), await _vkey(api))

    # the answers of revision 0 are what a manifest of revision 0 lists: not revision 1's
    async with api.sessions() as session:
        members, obligors = await repository.answer_digests(
            session, api.runtime.keyring, uuid.UUID(vid), 0
        )
    assert {(a.obligor_index, a.scope): a.status for a in obligors}[(0, "tax")] == "pending"
    assert {(a.obligor_index, a.scope): a.digest for a in obligors} == before["obligors"]
    assert {(a.member_index, a.scope): a.digest for a in members} == before["members"]


class BankDownFor(Down):
    """The bank down for one person only (the others answered by the real bank)."""

    scope: ClassVar[str] = "bank"

    def __init__(self, real: Any, id_number: str) -> None:
        super().__init__()
        self.real, self.id_number = real, id_number

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        if person.id_number != self.id_number:
            return await self.real.query(person, context)
        return await super().query(person, context)


async def test_an_upheld_appeals_revision_lists_the_answers_it_queried_again(api) -> None:
    mother = supported("elderly_supported").household.members[0]
    real = api.runtime.connectors["bank"]
    api.runtime.connectors["bank"] = BankDownFor(real, mother.id_number)
    try:
        report = await _created(api)
    finally:
        api.runtime.connectors["bank"] = real
    vid = report["id"]
    assert report["revision"] == 0
    old = await _signed(api, vid)
    assert {(s["scope"], s["status"]) for s in old["manifest"]["sources"]} >= {
        ("bank", "unavailable")
    }
    filed = await api.http.post(
        f"/v1/verifications/{vid}/appeals",
        json={"disputed": {"scopes": ["bank"]}, "requery_scopes": ["bank"]},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert filed.status_code == 201, filed.text
    decided = await api.http.post(
        f"/v1/appeals/{filed.json()['id']}/decision",
        json={"decision": "upheld", "reason_codes": ["requery_changed_answer"]},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert decided.status_code == 200, decided.text
    new = await _signed(api, vid)
    manifest = new["manifest"]
    assert manifest["revision"] == 1
    listed = _listed(manifest)
    assert listed == await _stored_digests(api, vid, 1)
    # the re-queried bank answer (revision 1), not the unavailable one
    bank = next(s for s in manifest["sources"] if s["scope"] == "bank")
    assert bank["status"] != "unavailable"
    async with api.sessions() as session:
        rows = (
            await session.execute(
                select(SourceQuery.revision).where(
                    SourceQuery.verification_id == uuid.UUID(vid), SourceQuery.scope == "bank"
                )
            )
        ).scalars()
        assert sorted(rows) == [0, 1]
    assert bank["sha256"] != _listed(old["manifest"])["members"][(0, "bank")]
    # the obligor's answers the revision used: carried over from revision 0
    assert listed["obligors"] == _listed(old["manifest"])["obligors"]
    assert manifest["figures"]["obligors"] == old["manifest"]["figures"]["obligors"]
    vkey = await _vkey(api)
    verify_signed_report(json.dumps(new), vkey)
    verify_signed_report(json.dumps(old), vkey)


# -- a report signed the old way (report-manifest/v1) ----------------------------------------


def test_a_report_signed_as_v1_still_verifies() -> None:
    vkey = V1_KEY.read_text(encoding="utf-8").strip()
    text = V1_REPORT.read_text(encoding="utf-8")
    proven = verify_signed_report(text, vkey)
    assert proven.manifest["format"] == "report-manifest/v1"
    assert "obligor_sources" not in proven.manifest and not proven.lists_obligors
    bundle = json.loads(text)
    tampered = copy.deepcopy(bundle)
    figure = tampered["manifest"]["figures"]["household_monthly"]
    tampered["manifest"]["figures"]["household_monthly"] = _one_more(figure)
    _bad_signature(tampered, vkey)
    # relabelled as v2 (or given an obligor list): the signature does not carry over
    relabelled = copy.deepcopy(bundle)
    relabelled["manifest"]["format"] = "report-manifest/v2"
    _bad_signature(relabelled, vkey)
    added = copy.deepcopy(bundle)
    added["manifest"]["obligor_sources"] = []
    _bad_signature(added, vkey)


# -- the command line (a subprocess) and the page (headless Chromium) ------------------------


async def test_the_command_line_and_the_page_check_the_obligors_part(api, tmp_path: Path) -> None:
    report = await _created(api)
    bundle = await _signed(api, report["id"])
    vkey = await _vkey(api)
    key = tmp_path / "audit-log-key"
    key.write_text(vkey + "\n", encoding="utf-8")
    good = tmp_path / "report.signed.json"
    good.write_text(json.dumps(bundle, ensure_ascii=False, indent=2), encoding="utf-8")
    tampered = copy.deepcopy(bundle)
    tampered["manifest"]["obligor_sources"][0]["sha256"] = _one_more(
        tampered["manifest"]["obligor_sources"][0]["sha256"]
    )
    bad = tmp_path / "tampered.signed.json"
    bad.write_text(json.dumps(tampered), encoding="utf-8")
    figure = copy.deepcopy(bundle)
    figure["manifest"]["figures"]["obligors"]["support_monthly"] = "0.00"
    bad_figure = tmp_path / "figure.signed.json"
    bad_figure.write_text(json.dumps(figure), encoding="utf-8")
    answers = len(bundle["manifest"]["obligor_sources"])

    code, output = _cli(str(good), "--log-key", str(key))
    assert code == 0 and "核对报告有效" in output, output
    assert f"义务人 1 名：清单列出其数据来源答复 {answers} 项" in output
    assert "计入的赡养收入每月 525.01 元" in output and "有义务人具有赡养能力" in output
    code, output = _cli(str(good), "--log-key", str(key), "--lang", "en")
    assert code == 0 and f"1 support obligor(s): the manifest lists {answers}" in output
    for path in (bad, bad_figure):
        code, output = _cli(str(path), "--log-key", str(key))
        assert code == 1 and "核对报告无效" in output and "签名无效" in output, output
    code, output = _cli(str(V1_REPORT), "--log-key", str(V1_KEY))
    assert code == 0 and "核对报告有效" in output, output
    assert "旧格式（report-manifest/v1）" in output and "不涵盖赡养义务人" in output

    served = await api.http.get("/verify-report")
    assert served.status_code == 200
    assert "</script>" not in served.text.split("const SCOPES = ")[1].split(";")[0]
    page = tmp_path / "verify-report.html"
    page.write_text(served.text, encoding="utf-8")

    def result(value: str, profile: str) -> tuple[str, str]:
        data = base64.urlsafe_b64encode(value.encode()).decode()
        dom = _chromium(tmp_path / profile, "--dump-dom", f"{page.as_uri()}#report={data}")
        found = re.search(r'<div id="result"([^>]*)>(.*?)</div>\s*<script', dom, re.S)
        assert found, dom[-1500:]
        state = re.search(r'class="(\w*)"', found.group(1))
        return (state.group(1) if state else ""), found.group(2)

    state, shown = result(good.read_text(encoding="utf-8"), "p1")
    assert state == "ok" and "核对报告有效" in shown, shown
    assert "赡养（抚养、扶养）义务人" in shown and "support obligors" in shown
    assert "义务人的数据来源答复" in shown and "the obligors' source answers" in shown
    assert "成年子女" in shown and "525.01" in shown and "1249.98" in shown
    assert "有义务人具有赡养能力" in shown and "an obligor is able to support" in shown
    assert "税务" in shown  # the sources by their Chinese names
    for source in bundle["manifest"]["obligor_sources"]:
        assert source["sha256"] in shown
    state, shown = result(bad.read_text(encoding="utf-8"), "p2")
    assert state == "bad" and "签名无效" in shown, shown
    state, shown = result(bad_figure.read_text(encoding="utf-8"), "p3")
    assert state == "bad" and "签名无效" in shown, shown

    # the v1 fixture, with the key it was signed with
    page.write_text(served.text.replace(vkey, V1_KEY.read_text().strip()), encoding="utf-8")
    state, shown = result(V1_REPORT.read_text(encoding="utf-8"), "p4")
    assert state == "ok" and "核对报告有效" in shown, shown
    assert "旧格式" in shown and "old format" in shown

    page.write_text(served.text, encoding="utf-8")
    shot = tmp_path / "obligors.png"
    data = base64.urlsafe_b64encode(good.read_bytes()).decode()
    _chromium(
        tmp_path / "s",
        f"--screenshot={shot}",
        "--window-size=1100,1600",
        f"{page.as_uri()}#report={data}",
    )
    assert shot.stat().st_size > 20_000
    (Path("/tmp") / "signedreport-obligors.png").write_bytes(shot.read_bytes())
