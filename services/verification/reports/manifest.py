"""A report anyone can check: its manifest, the service's signature over it, and the
offline verification of a signed report (manifest, signature, receipt) — issue #22 item 4.

The manifest (``report-manifest/v2``) states what a report rests on and what it found: the
verification and its revision, the authorization, each source answer about a member
(``sources``: scope, member index) and about a support obligor outside the household
(``obligor_sources``: scope, obligor index — never as a member), each with the SHA-256 of
the stored answer's canonical JSON (never an ID number, never a name), the policy id and
version, the outcome and the figures (money as strings; the obligors' figures in
``figures.obligors``), and the report's ``report_created`` audit entry (its leaf index and
leaf hash).  Its bytes are canonical JSON (``kit.canonical_json``), so a verifier that
re-reads a pretty-printed file gets them back.

It is signed with the audit log's Ed25519 key (docs/decisions/0022-signed-reports.md): the
message is ``signature_context(format) ‖ canonical manifest``.  The context names the
manifest's format and holds a NUL byte, which no signed note (a checkpoint) may contain, so
a manifest signature can never pass for a checkpoint signature nor the reverse.  Reports
signed as ``report-manifest/v1`` (before the obligors' answers were listed) still verify:
the verifier takes either format, each with its own context.  The signed report carries
the report's receipt (a C2SP tlog-proof); ``verify_signed_report`` checks, with the log's
verifier key only: the signature, the receipt against its checkpoint, that the receipt's
leaf is the manifest's audit entry, and that the entry it carries is that verification's
``report_created`` of that revision and outcome.

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

MANIFEST_FORMAT: Final = "report-manifest/v2"
# v1: no obligor_sources, no figures.obligors (reports signed before v2; still verified)
MANIFEST_V1: Final = "report-manifest/v1"
MANIFEST_FORMATS: Final = (MANIFEST_V1, MANIFEST_FORMAT)
BUNDLE_FORMAT: Final = "signed-report/v1"
MAX_BUNDLE_BYTES: Final = 4 << 20


def signature_context(manifest_format: str) -> bytes:
    """What precedes a manifest of ``manifest_format`` in the signed message: the format's
    name and a NUL byte (v1's was ``verification report-manifest/v1\\0``)."""
    return b"verification " + manifest_format.encode("ascii") + b"\x00"


SIGNATURE_CONTEXT: Final = signature_context(MANIFEST_FORMAT)


class SignedReportError(ValueError):
    """A signed report that does not prove what it says.  ``code`` is a message catalogue
    code (``receipt.…``), ``params`` its parameters."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, Any] = params


@dataclass(frozen=True, slots=True)
class SourceAnswer:
    """A stored source answer about a member, as the manifest names it: no personal data,
    only a digest."""

    member_index: int
    scope: str
    status: str
    digest: str  # SHA-256 (hex) of the stored answer's canonical JSON


@dataclass(frozen=True, slots=True)
class ObligorAnswer:
    """A stored source answer about a support obligor (by the obligor's index in the
    request's ``obligors``, never a member's), as the manifest names it."""

    obligor_index: int
    scope: str
    status: str
    digest: str  # SHA-256 (hex) of the stored answer's canonical JSON


def answer_digest(
    *, member_index: int, scope: str, status: str, reason_code: str | None, evidence: Any
) -> str:
    """SHA-256 (hex) of a stored answer's canonical form: its pair, status, reason code and
    decrypted evidence, as canonical JSON."""
    return _digest({"member_index": member_index}, scope, status, reason_code, evidence)


def obligor_answer_digest(
    *, obligor_index: int, scope: str, status: str, reason_code: str | None, evidence: Any
) -> str:
    """``answer_digest`` of an answer about an obligor: the form names ``obligor_index``
    where a member's names ``member_index``, so the same evidence about an obligor and
    about a member never have the same digest."""
    return _digest({"obligor_index": obligor_index}, scope, status, reason_code, evidence)


def _digest(
    subject: Mapping[str, int], scope: str, status: str, reason_code: str | None, evidence: Any
) -> str:
    form = {
        **subject,
        "scope": scope,
        "status": status,
        "reason_code": reason_code,
        "evidence": evidence,
    }
    return hashlib.sha256(canonical_bytes(form)).hexdigest()


def build_manifest(
    report: Mapping[str, Any],
    answers: Sequence[SourceAnswer],
    *,
    obligor_answers: Sequence[ObligorAnswer] = (),
    seq: int,
    leaf_hash: str,
) -> dict[str, Any]:
    """The manifest of ``report`` (a report as JSON: ``model_dump(mode="json")``) whose
    ``report_created`` entry is ``seq`` (leaf ``seq - 1``) with ``leaf_hash``: ``answers``
    about its members and ``obligor_answers`` about its support obligors are those the
    report used (the latest of each pair up to its revision)."""
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
        "obligor_sources": [
            {
                "obligor_index": a.obligor_index,
                "scope": a.scope,
                "status": a.status,
                "sha256": a.digest,
            }
            for a in sorted(obligor_answers, key=lambda a: (a.obligor_index, a.scope))
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
            "obligors": _obligor_figures(report.get("obligors")),
        },
        "audit": {"index": seq - 1, "leaf_hash": leaf_hash},
    }


def _obligor_figures(section: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The obligors' figures that bear on the outcome: the support counted (part of the
    household's income) and the obligors' part of 三无 status, and each obligor's
    assessment (by index; no ID number, no name).  None: the request named no obligor."""
    if section is None:
        return None
    return {
        "support_monthly": _money(section["support_monthly"]),
        "support_status": str(section["support_status"]),
        "obligors": [
            {
                "index": int(o["index"]),
                "relation": str(o["relation"]),
                "status": str(o["status"]),
                "household_size": int(o["household_size"]),
                "assessed": bool(o["assessed"]),
                "income_monthly": _money(o["income_monthly"]),
                "line_monthly": _money(o["line_monthly"]),
                "excess_monthly": _money(o["excess_monthly"]),
                "capable": o["capable"],
                "support_monthly": _money(o["support_monthly"]),
            }
            for o in sorted(section["obligors"], key=lambda o: int(o["index"]))
        ],
    }


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def manifest_message(manifest: Mapping[str, Any]) -> bytes:
    """The bytes signed: the context of the manifest's format, then its canonical JSON."""
    form = manifest.get("format")
    context = signature_context(form) if form in MANIFEST_FORMATS else SIGNATURE_CONTEXT
    return context + canonical_bytes(manifest)


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

    @property
    def lists_obligors(self) -> bool:
        """The manifest's format lists the obligors' answers and figures (v2 on); a v1
        manifest's signature covers neither."""
        return self.manifest.get("format") != MANIFEST_V1


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
        or manifest.get("format") not in MANIFEST_FORMATS
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
