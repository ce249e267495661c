from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.signed_report_view_manifest import SignedReportViewManifest


T = TypeVar("T", bound="SignedReportView")


@_attrs_define
class SignedReportView:
    """A report anyone can check offline (`verification report verify`, or the page at
    `/verify-report`): the manifest of the current report, the service's Ed25519 signature
    over it, the key that signed it and the receipt of the report's audit entry.

        Attributes:
            format_ (Literal['signed-report/v1']):
            key (str): the signing key as a signed-note verifier key (the log's, as at `/.well-known/audit-log-key`); a
                verifier trusts its own copy, not this field
            manifest (SignedReportViewManifest): `report-manifest/v2`: verification id, revision, authorization id, each
                source answer's scope, member index and SHA-256 (`sources`), each answer about a support obligor by obligor
                index (`obligor_sources`, never among the members'), the policy id and version, the outcome, the figures (money
                as strings; `figures.obligors`: the support counted, the obligors' part of 三无 and each obligor's assessment,
                null when none was named) and the report's audit entry. Reports signed earlier carry `report-manifest/v1` (no
                obligors' answers or figures) and still verify
            receipt (str): the C2SP tlog-proof of the report's `report_created` entry
            signature (str): base64 Ed25519 signature over `verification ` + the manifest's format (`report-manifest/v2`) ‖
                NUL ‖ the manifest's canonical JSON, by the audit log's key
    """

    format_: Literal["signed-report/v1"]
    key: str
    manifest: SignedReportViewManifest
    receipt: str
    signature: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_

        key = self.key

        manifest = self.manifest.to_dict()

        receipt = self.receipt

        signature = self.signature

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "format": format_,
                "key": key,
                "manifest": manifest,
                "receipt": receipt,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.signed_report_view_manifest import SignedReportViewManifest  # noqa: PLC0415

        d = dict(src_dict)
        format_ = cast(Literal["signed-report/v1"], d.pop("format"))
        if format_ != "signed-report/v1":
            raise ValueError(f"format must match const 'signed-report/v1', got '{format_}'")

        key = d.pop("key")

        manifest = SignedReportViewManifest.from_dict(d.pop("manifest"))

        receipt = d.pop("receipt")

        signature = d.pop("signature")

        signed_report_view = cls(
            format_=format_,
            key=key,
            manifest=manifest,
            receipt=receipt,
            signature=signature,
        )

        signed_report_view.additional_properties = d
        return signed_report_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
