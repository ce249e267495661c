"""Signed reports (issue #22 item 4): the manifest's canonical form and digests, the
signature over it (any figure changed by one character fails), each revision its own,
served by the API with the report's receipt, checked offline by the library and by the
command line as a subprocess on a downloaded file (valid, tampered figure, wrong key)."""

from __future__ import annotations

import asyncio
import base64
import copy
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.verification.helpers import bank_down_verification, fresh_body, integrated_report
from verification.audit.checkpoint import verifier_key
from verification.kit.canonical_json import canonical_bytes
from verification.messages.locale import Locale
from verification.messages.render import label
from verification.reports.manifest import (
    SIGNATURE_CONTEXT,
    SignedReportError,
    SourceAnswer,
    answer_digest,
    build_manifest,
    manifest_message,
    sign_manifest,
    verify_signed_report,
)
from verification.verifications import repository as verification_repository

# -- the manifest, pure ------------------------------------------------------------------

REPORT: dict[str, Any] = {
    "id": "7b0c9a52-3f1e-4a8e-9c55-2d3f1b6a0e11",
    "revision": 0,
    "authorization_id": "auth-1",
    "region_code": "450102",
    "as_of": "2026-12-01",
    "status": "completed",
    "policy": {"id": "gx-nanning", "version": "2026-12-01", "name": "南宁"},
    "outcome": "eligible",
    "household_size": 3,
    "income": {
        "household_monthly": "1200.00",
        "per_capita_monthly": "400.00",
        "standard_monthly": "950.00",
        "low_income_line_monthly": "1425.00",
    },
    "assets": {"financial_total": "3000.00", "financial_limit": "34200.00"},
    "suggested_allowance_monthly": "1650.00",
    "rules": [
        {"rule": "income", "result": "passed", "figures": {"per_capita_monthly": "400.00"}},
        {"rule": "financial_assets", "result": "passed", "figures": {"total": "3000.00"}},
    ],
}
ANSWERS = [
    SourceAnswer(member_index=1, scope="bank", status="ok", digest="b" * 64),
    SourceAnswer(member_index=0, scope="hukou", status="ok", digest="a" * 64),
]


def _manifest() -> dict[str, Any]:
    return build_manifest(REPORT, ANSWERS, seq=8, leaf_hash="c" * 64)


def test_the_manifest_is_canonical_and_names_no_person() -> None:
    manifest = _manifest()
    assert manifest["format"] == "report-manifest/v2"
    assert manifest["audit"] == {"index": 7, "leaf_hash": "c" * 64}
    assert [(s["member_index"], s["scope"]) for s in manifest["sources"]] == [
        (0, "hukou"),
        (1, "bank"),
    ]  # sorted, whatever order the answers came in
    assert manifest["policy"] == {"id": "gx-nanning", "version": "2026-12-01"}
    assert manifest["figures"]["suggested_allowance_monthly"] == "1650.00"
    # the same manifest however its keys are ordered or the file is indented
    reordered = json.loads(json.dumps(manifest, indent=2, sort_keys=False))
    reordered = dict(reversed(list(reordered.items())))
    assert manifest_message(reordered) == manifest_message(manifest)
    assert manifest_message(manifest).startswith(SIGNATURE_CONTEXT)
    assert b"\x00" in SIGNATURE_CONTEXT  # never a signed note's text (a checkpoint)
    # the same bytes whatever order the answers came in
    assert (
        hashlib.sha256(canonical_bytes(manifest)).hexdigest()
        == hashlib.sha256(
            canonical_bytes(
                build_manifest(REPORT, list(reversed(ANSWERS)), seq=8, leaf_hash="c" * 64)
            )
        ).hexdigest()
    )


def test_an_answer_s_digest_is_its_canonical_json_s() -> None:
    evidence = {"b": ["1.50", {"y": 1, "x": "二"}], "a": None}
    digest = answer_digest(
        member_index=2, scope="bank", status="ok", reason_code=None, evidence=evidence
    )
    expected = hashlib.sha256(
        '{"evidence":{"a":null,"b":["1.50",{"x":"二","y":1}]},"member_index":2,'
        '"reason_code":null,"scope":"bank","status":"ok"}'.encode()
    ).hexdigest()
    assert digest == expected
    changed = {"b": ["1.51", {"y": 1, "x": "二"}], "a": None}
    assert digest != answer_digest(
        member_index=2, scope="bank", status="ok", reason_code=None, evidence=changed
    )


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))]
    return [path]


def _set(value: Any, path: tuple[Any, ...], new: Any) -> None:
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


def test_one_character_changed_in_any_figure_breaks_the_signature() -> None:
    key = Ed25519PrivateKey.generate()
    manifest = _manifest()
    signature = sign_manifest(manifest, key)
    key.public_key().verify(base64.b64decode(signature), manifest_message(manifest))
    figures = [p for p in _leaves(manifest) if p[0] in ("figures", "outcome", "sources")]
    assert len(figures) > 10
    for path in figures:
        tampered = copy.deepcopy(manifest)
        old = _get(manifest, path)
        new = (old[:-1] + ("1" if old[-1] != "1" else "2")) if isinstance(old, str) else 99
        _set(tampered, path, new)
        with pytest.raises(InvalidSignature):
            key.public_key().verify(base64.b64decode(signature), manifest_message(tampered))


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


# -- through the API ---------------------------------------------------------------------


async def _vkey(api) -> str:
    return (await api.http.get("/.well-known/audit-log-key")).text.strip()


async def _signed(api, verification_id: str) -> dict[str, Any]:
    """The signed report, asked for again while its receipt is pending."""
    path = f"/v1/verifications/{verification_id}/signed-report"
    deadline = time.monotonic() + 15
    while True:
        response = await api.http.get(path, headers=api.auth())
        if response.status_code != 409:
            break
        assert response.json()["code"] == "receipt-pending", response.text
        assert "retry-after" in response.headers
        assert time.monotonic() < deadline, "no checkpoint covered the report's entry"
        await asyncio.sleep(0.1)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert ".signed.json" in response.headers["content-disposition"]
    return response.json()


async def _verified(api) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    return await integrated_report(api, response.json())


async def test_a_signed_report_verifies_offline_and_binds_its_report(api) -> None:
    report = await _verified(api)
    bundle = await _signed(api, report["id"])
    vkey = await _vkey(api)
    assert bundle["key"] == vkey
    manifest = bundle["manifest"]
    assert manifest["verification_id"] == report["id"]
    assert manifest["authorization_id"] == report["authorization_id"]
    assert manifest["outcome"] == report["outcome"]
    assert manifest["policy"] == {
        "id": report["policy"]["id"],
        "version": report["policy"]["version"],
    }
    assert manifest["figures"]["per_capita_monthly"] == report["income"]["per_capita_monthly"]
    assert manifest["audit"] == {
        "index": report["audit"]["seq"] - 1,
        "leaf_hash": report["audit"]["leaf_hash"],
    }
    assert {(s["member_index"], s["scope"]) for s in manifest["sources"]} == {
        (s["member_index"], s["scope"]) for s in report["sources"]
    }
    text = json.dumps(bundle, ensure_ascii=False)
    assert "name" not in json.dumps(manifest)  # no person named: indexes and digests only
    assert not any("id_number" in key for path in _leaves(manifest) for key in map(str, path))

    proven = verify_signed_report(text, vkey)
    assert proven.receipt.index == report["audit"]["seq"] - 1

    tampered = copy.deepcopy(bundle)
    figure = tampered["manifest"]["figures"]["household_monthly"]
    tampered["manifest"]["figures"]["household_monthly"] = figure[:-1] + (
        "1" if figure[-1] != "1" else "2"
    )
    with pytest.raises(SignedReportError) as failed:
        verify_signed_report(json.dumps(tampered), vkey)
    assert failed.value.code == "receipt.report_bad_signature"

    other = Ed25519PrivateKey.generate()
    wrong = verifier_key(api.settings.audit_origin, other.public_key())
    with pytest.raises(SignedReportError) as failed:
        verify_signed_report(text, wrong)
    assert failed.value.code == "receipt.report_bad_signature"

    # a manifest re-signed by another key with the genuine receipt: the key decides
    forged = copy.deepcopy(tampered)
    forged["signature"] = sign_manifest(forged["manifest"], other)
    with pytest.raises(SignedReportError):
        verify_signed_report(json.dumps(forged), vkey)

    # another entry's leaf: the receipt does not prove it
    moved = copy.deepcopy(bundle)
    moved["manifest"]["audit"]["leaf_hash"] = "0" * 64
    with pytest.raises(SignedReportError):
        verify_signed_report(json.dumps(moved), vkey)

    await api.drain()
    reads = await api.http.get(
        "/v1/audit/events",
        params={"verification_id": report["id"], "action": "signed_report_read"},
        headers=api.auth(api.auditor_token),
    )
    [read] = [e["event"] for e in reads.json()["events"]]
    assert read["revision"] == 0 and read["index"] == report["audit"]["seq"] - 1
    assert read["format"] == "report-manifest/v2" and read["obligor_answers"] == 0


async def test_a_revision_has_its_own_signed_manifest(api) -> None:
    report = await integrated_report(api, await bank_down_verification(api))
    old = await _signed(api, report["id"])
    assert old["manifest"]["revision"] == 0
    assert {s["status"] for s in old["manifest"]["sources"] if s["scope"] == "bank"} == {
        "unavailable"
    }

    retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    current = await integrated_report(api, retried.json())
    new = await _signed(api, report["id"])
    vkey = await _vkey(api)
    assert new["manifest"]["revision"] == 1
    assert new["manifest"]["audit"]["index"] == current["audit"]["seq"] - 1
    assert new["manifest"]["audit"]["index"] != old["manifest"]["audit"]["index"]
    assert new["signature"] != old["signature"]
    bank = {s["sha256"] for s in new["manifest"]["sources"] if s["scope"] == "bank"}
    assert bank.isdisjoint(s["sha256"] for s in old["manifest"]["sources"])
    verify_signed_report(json.dumps(new), vkey)
    verify_signed_report(json.dumps(old), vkey)  # the old one still proves what it said

    # revision 0's manifest with revision 1's receipt: another entry
    mixed = copy.deepcopy(old)
    mixed["receipt"] = new["receipt"]
    with pytest.raises(SignedReportError) as failed:
        verify_signed_report(json.dumps(mixed), vkey)
    assert failed.value.code in {"receipt.extra_mismatch", "receipt.inclusion_failed"}


async def test_only_the_client_that_made_the_verification_gets_its_signed_report(api) -> None:
    report = await _verified(api)
    path = f"/v1/verifications/{report['id']}/signed-report"
    other = await api.http.get(path, headers=api.auth(api.other_token))
    assert other.status_code == 404 and report["audit"]["leaf_hash"] not in other.text
    assert (await api.http.get(path, headers=api.auth(api.auditor_token))).status_code == 403
    assert (await api.http.get(path)).status_code == 401


# -- the command line, as a subprocess on a downloaded file --------------------------------


def _cli(*args: str) -> tuple[int, str]:
    """Exit code and what the command printed (the console writes to standard error)."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "verification"), "report", "verify", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


async def test_the_command_line_checks_a_downloaded_report(api, tmp_path: Path) -> None:
    report = await _verified(api)
    bundle = await _signed(api, report["id"])
    downloaded = tmp_path / "report.signed.json"
    downloaded.write_text(json.dumps(bundle, ensure_ascii=False, indent=2), encoding="utf-8")
    key = tmp_path / "audit-log-key"
    key.write_text(await _vkey(api) + "\n", encoding="utf-8")

    code, output = _cli(str(downloaded), "--log-key", str(key))
    assert code == 0, output
    assert "核对报告有效" in output and report["id"] in output
    # the outcome as a person reads it, in the language asked for
    assert f"结论：{label('outcome', report['outcome'], Locale.ZH_CN)}" in output
    code, output = _cli(str(downloaded), "--log-key", key.read_text().strip(), "--lang", "en")
    assert code == 0 and "report valid" in output, output
    assert f"outcome {label('outcome', report['outcome'], Locale.EN)}" in output

    tampered = copy.deepcopy(bundle)
    figure = tampered["manifest"]["figures"]["per_capita_monthly"]
    tampered["manifest"]["figures"]["per_capita_monthly"] = figure[:-1] + (
        "1" if figure[-1] != "1" else "2"
    )  # one character
    bad = tmp_path / "tampered.signed.json"
    bad.write_text(json.dumps(tampered), encoding="utf-8")
    code, output = _cli(str(bad), "--log-key", str(key))
    assert code == 1 and "核对报告无效" in output and "签名无效" in output, output

    wrong = verifier_key(api.settings.audit_origin, Ed25519PrivateKey.generate().public_key())
    code, output = _cli(str(downloaded), "--log-key", wrong, "--lang", "en")
    assert code == 1 and "report invalid" in output, output


# -- the page, in headless Chromium --------------------------------------------------------


def _chromium(profile: Path, *args: str) -> str:
    binary = shutil.which("chromium")
    assert binary, "chromium is not on PATH; scripts/test installs it (apt-get install chromium)"
    done = subprocess.run(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--virtual-time-budget=10000",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


async def test_the_page_checks_a_report_in_the_browser(api, tmp_path: Path) -> None:
    report = await _verified(api)
    bundle = await _signed(api, report["id"])
    served = await api.http.get("/verify-report")
    assert served.status_code == 200 and "text/html" in served.headers["content-type"]
    vkey = await _vkey(api)
    assert f'value="{vkey}"' in served.text  # the log's key filled in
    assert "connect-src 'none'" in served.text  # the page may make no request
    page = tmp_path / "verify-report.html"
    page.write_text(served.text, encoding="utf-8")

    def url(value: dict[str, Any]) -> str:
        data = base64.urlsafe_b64encode(json.dumps(value, ensure_ascii=False).encode())
        return f"{page.as_uri()}#report={data.decode()}"

    def result(value: dict[str, Any], profile: str) -> tuple[str, str]:
        """The result box's class and content once the page has checked ``value``."""
        dom = _chromium(tmp_path / profile, "--dump-dom", url(value))
        found = re.search(r'<div id="result"([^>]*)>(.*?)</div>', dom, re.S)
        assert found, dom[-1500:]
        state = re.search(r'class="(\w*)"', found.group(1))
        return (state.group(1) if state else ""), found.group(2)

    state, shown = result(bundle, "p1")
    assert state == "ok" and "核对报告有效" in shown, shown
    assert report["id"] in shown and f"({report['outcome']})" in shown
    assert report["income"]["per_capita_monthly"] in shown

    tampered = copy.deepcopy(bundle)
    figure = tampered["manifest"]["figures"]["household_monthly"]
    tampered["manifest"]["figures"]["household_monthly"] = figure[:-1] + (
        "1" if figure[-1] != "1" else "2"
    )
    state, shown = result(tampered, "p2")
    assert state == "bad" and "核对报告无效" in shown and "签名无效" in shown, shown

    other = copy.deepcopy(bundle)  # a valid manifest, another entry's receipt
    other["manifest"]["audit"]["leaf_hash"] = "0" * 64
    other["signature"] = bundle["signature"]
    state, shown = result(other, "p3")
    assert state == "bad" and "核对报告无效" in shown, shown

    # the reader trusts another key: the genuine report does not verify with it
    wrong = verifier_key(api.settings.audit_origin, Ed25519PrivateKey.generate().public_key())
    page.write_text(served.text.replace(vkey, wrong), encoding="utf-8")
    state, shown = result(bundle, "p4")
    assert state == "bad" and "签名无效" in shown, shown
    page.write_text(served.text, encoding="utf-8")

    for name, value in (("valid", bundle), ("tampered", tampered)):
        shot = tmp_path / f"{name}.png"
        size = "--window-size=1000,900"
        _chromium(tmp_path / f"s-{name}", f"--screenshot={shot}", size, url(value))
        assert shot.stat().st_size > 20_000
        copy_to = Path("/tmp") / f"signedreport-{name}.png"
        copy_to.write_bytes(shot.read_bytes())


async def test_a_revision_committed_between_the_reads_is_read_again(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report read as one revision and its entry as another's: the self-check names the
    mismatch and the reads are made again; the answer is the consistent bundle."""
    report = await _verified(api)
    await _signed(api, report["id"])  # a checkpoint covers the entry
    real = verification_repository.stored_report
    calls: list[int] = []

    def stale_once(keyring, row):  # type: ignore[no-untyped-def]
        content = real(keyring, row)
        calls.append(content.revision)
        if len(calls) == 1:
            return content.model_copy(update={"revision": content.revision + 1})
        return content

    monkeypatch.setattr(verification_repository, "stored_report", stale_once)
    bundle = await _signed(api, report["id"])
    assert len(calls) == 2 and bundle["manifest"]["revision"] == 0
    verify_signed_report(json.dumps(bundle), await _vkey(api))
