"""A report anyone can check: its manifest, the service's signature over it, and the
offline verification of a signed report (manifest, signature, receipt) — issue #22 item 4.

The manifest (``report-manifest/v1``) states what a report rests on and what it found: the
verification and its revision, the authorization, each source answer (scope, member index
and the SHA-256 of the stored answer's canonical JSON: never an ID number, never a name),
the policy id and version, the outcome and the figures (money as strings), and the report's
``report_created`` audit entry (its leaf index and leaf hash).  Its bytes are canonical JSON
(``kit.canonical_json``), so a verifier that re-reads a pretty-printed file gets them back.

It is signed with the audit log's Ed25519 key (docs/decisions/0022-signed-reports.md): the
message is ``SIGNATURE_CONTEXT ‖ canonical manifest``.  The context holds a NUL byte, which
no signed note (a checkpoint) may contain, so a manifest signature can never pass for a
checkpoint signature nor the reverse.  The signed report carries the report's receipt (a
C2SP tlog-proof); ``verify_signed_report`` checks, with the log's verifier key only: the
signature, the receipt against its checkpoint, that the receipt's leaf is the manifest's
audit entry, and that the entry it carries is that verification's ``report_created`` of
that revision and outcome.

Pure: the standard library, ``cryptography`` and the audit log's pure modules.  Every
failure is a ``SignedReportError`` with a message catalogue code (``receipt.report_…``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verification.audit.checkpoint import CheckpointError, parse_verifier_key
from verification.audit.receipts import ReceiptError, VerifiedReceipt, verify_receipt
from verification.kit.canonical_json import canonical_bytes

MANIFEST_FORMAT: Final = "report-manifest/v1"
BUNDLE_FORMAT: Final = "signed-report/v1"
SIGNATURE_CONTEXT: Final = b"verification report-manifest/v1\x00"
MAX_BUNDLE_BYTES: Final = 4 << 20


class SignedReportError(ValueError):
    """A signed report that does not prove what it says.  ``code`` is a message catalogue
    code (``receipt.…``), ``params`` its parameters."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, Any] = params


@dataclass(frozen=True, slots=True)
class SourceAnswer:
    """A stored source answer, as the manifest names it: no personal data, only a digest."""

    member_index: int
    scope: str
    status: str
    digest: str  # SHA-256 (hex) of the stored answer's canonical JSON


def answer_digest(
    *, member_index: int, scope: str, status: str, reason_code: str | None, evidence: Any
) -> str:
    """SHA-256 (hex) of a stored answer's canonical form: its pair, status, reason code and
    decrypted evidence, as canonical JSON."""
    form = {
        "member_index": member_index,
        "scope": scope,
        "status": status,
        "reason_code": reason_code,
        "evidence": evidence,
    }
    return hashlib.sha256(canonical_bytes(form)).hexdigest()


def build_manifest(
    report: Mapping[str, Any], answers: Sequence[SourceAnswer], *, seq: int, leaf_hash: str
) -> dict[str, Any]:
    """The manifest of ``report`` (a report as JSON: ``model_dump(mode="json")``) whose
    ``report_created`` entry is ``seq`` (leaf ``seq - 1``) with ``leaf_hash``."""
    income = report["income"]
    assets = report["assets"]
    return {
        "format": MANIFEST_FORMAT,
        "verification_id": str(report["id"]),
        "revision": int(report["revision"]),
        "authorization_id": str(report["authorization_id"]),
        "region_code": str(report["region_code"]),
        "as_of": str(report["as_of"]),
        "status": str(report["status"]),
        "sources": [
            {
                "member_index": a.member_index,
                "scope": a.scope,
                "status": a.status,
                "sha256": a.digest,
            }
            for a in sorted(answers, key=lambda a: (a.member_index, a.scope))
        ],
        "policy": {"id": str(report["policy"]["id"]), "version": str(report["policy"]["version"])},
        "outcome": str(report["outcome"]),
        "figures": {
            "household_size": int(report["household_size"]),
            "household_monthly": _money(income["household_monthly"]),
            "per_capita_monthly": _money(income["per_capita_monthly"]),
            "standard_monthly": _money(income["standard_monthly"]),
            "low_income_line_monthly": _money(income["low_income_line_monthly"]),
            "financial_total": _money(assets["financial_total"]),
            "financial_limit": _money(assets["financial_limit"]),
            "suggested_allowance_monthly": _money(report.get("suggested_allowance_monthly")),
            "rules": {
                str(rule["rule"]): {"result": str(rule["result"]), "figures": rule["figures"]}
                for rule in report["rules"]
            },
        },
        "audit": {"index": seq - 1, "leaf_hash": leaf_hash},
    }


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def manifest_message(manifest: Mapping[str, Any]) -> bytes:
    """The bytes signed: the context, then the manifest's canonical JSON."""
    return SIGNATURE_CONTEXT + canonical_bytes(manifest)


def sign_manifest(manifest: Mapping[str, Any], private_key: Ed25519PrivateKey) -> str:
    """The manifest's Ed25519 signature, base64."""
    return base64.b64encode(private_key.sign(manifest_message(manifest))).decode("ascii")


def signed_report(
    manifest: Mapping[str, Any], private_key: Ed25519PrivateKey, *, key: str, receipt: str
) -> dict[str, Any]:
    """The signed report as served and saved: manifest, signature, the signing key's
    verifier key string (the log's, as at ``/.well-known/audit-log-key``) and the receipt."""
    return {
        "format": BUNDLE_FORMAT,
        "manifest": dict(manifest),
        "signature": sign_manifest(manifest, private_key),
        "key": key,
        "receipt": receipt,
    }


@dataclass(frozen=True, slots=True)
class VerifiedReport:
    """What a signed report proved."""

    manifest: Mapping[str, Any]
    receipt: VerifiedReceipt


def verify_signed_report(data: bytes | str, log_key: str) -> VerifiedReport:
    """Check a signed report offline with the log's verifier key ``log_key`` (the trusted
    key: the file's own ``key`` is never trusted).  Raises ``SignedReportError`` naming the
    first check that fails."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise SignedReportError("receipt.report_malformed", "the file is too large")
    try:
        bundle = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise SignedReportError("receipt.report_malformed", "the file is not JSON") from None
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise SignedReportError("receipt.report_malformed", f"the file is not a {BUNDLE_FORMAT}")
    manifest, signature, receipt = (bundle.get(k) for k in ("manifest", "signature", "receipt"))
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != MANIFEST_FORMAT
        or not isinstance(signature, str)
        or not isinstance(receipt, str)
    ):
        raise SignedReportError("receipt.report_malformed", "no manifest, signature or receipt")
    try:
        name, public_key = parse_verifier_key(log_key.strip())
    except CheckpointError as error:
        raise SignedReportError("receipt.bad_key", f"verifier key: {error}") from None
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, manifest_message(manifest))
    except (binascii.Error, ValueError, InvalidSignature):
        raise SignedReportError(
            "receipt.report_bad_signature",
            f"the signature over the manifest does not verify with {name}",
            key=name,
        ) from None
    audit = manifest.get("audit")
    try:
        assert isinstance(audit, dict)
        leaf_hash = bytes.fromhex(str(audit["leaf_hash"]))
        index = int(audit["index"])
    except (AssertionError, KeyError, ValueError, TypeError):
        raise SignedReportError("receipt.report_malformed", "the manifest's audit entry") from None
    try:
        proven = verify_receipt(receipt, log_key.strip(), leaf_hash=leaf_hash)
    except ReceiptError as error:
        raise SignedReportError(error.code, str(error), **error.params) from None
    except ValueError:
        raise SignedReportError("receipt.report_malformed", "the manifest's leaf hash") from None
    if proven.index != index:
        raise SignedReportError(
            "receipt.report_other_entry",
            f"the receipt is for entry {proven.index}, the manifest's is {index}",
            index=proven.index,
            expected=index,
        )
    _check_entry(proven.entry, manifest)
    return VerifiedReport(manifest=manifest, receipt=proven)


def _check_entry(entry: bytes | None, manifest: Mapping[str, Any]) -> None:
    """The entry the receipt carries (proven by its leaf hash) is the ``report_created``
    of the manifest's verification, revision, outcome, authorization and policy."""
    if entry is None:
        raise SignedReportError("receipt.report_entry_mismatch", "the receipt carries no entry")
    try:
        body = json.loads(entry)
    except ValueError:
        raise SignedReportError("receipt.report_entry_mismatch", "the entry is not JSON") from None
    expected = {
        "action": "report_created",
        "verification_id": manifest.get("verification_id"),
        "revision": manifest.get("revision"),
        "outcome": manifest.get("outcome"),
        "authorization_id": manifest.get("authorization_id"),
    }
    policy = manifest.get("policy")
    if isinstance(policy, dict):
        expected["policy"] = f"{policy.get('id')}@{policy.get('version')}"
    if not isinstance(body, dict) or any(body.get(k) != v for k, v in expected.items()):
        raise SignedReportError(
            "receipt.report_entry_mismatch",
            "the audit entry is not this report's report_created",
        )
