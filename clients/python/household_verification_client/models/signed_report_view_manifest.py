from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SignedReportViewManifest")


@_attrs_define
class SignedReportViewManifest:
    """`report-manifest/v2`: verification id, revision, authorization id, each source answer's scope, member index and
    SHA-256 (`sources`), each answer about a support obligor by obligor index (`obligor_sources`, never among the
    members'), the policy id and version, the outcome, the figures (money as strings; `figures.obligors`: the support
    counted, the obligors' part of 三无 and each obligor's assessment, null when none was named) and the report's audit
    entry. Reports signed earlier carry `report-manifest/v1` (no obligors' answers or figures) and still verify

    """

    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signed_report_view_manifest = cls()

        signed_report_view_manifest.additional_properties = d
        return signed_report_view_manifest

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
