from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.report_revision_view import ReportRevisionView


T = TypeVar("T", bound="ReportRevisionList")


@_attrs_define
class ReportRevisionList:
    """Every revision of a verification's report, oldest first: the first report, then one
    per retry, per awaited agency answer that arrived and per upheld appeal.

        Attributes:
            current_revision (int):
            revisions (list[ReportRevisionView]):
            verification_id (UUID):
    """

    current_revision: int
    revisions: list[ReportRevisionView]
    verification_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current_revision = self.current_revision

        revisions = []
        for revisions_item_data in self.revisions:
            revisions_item = revisions_item_data.to_dict()
            revisions.append(revisions_item)

        verification_id = str(self.verification_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current_revision": current_revision,
                "revisions": revisions,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.report_revision_view import ReportRevisionView  # noqa: PLC0415

        d = dict(src_dict)
        current_revision = d.pop("current_revision")

        revisions = []
        _revisions = d.pop("revisions")
        for revisions_item_data in _revisions:
            revisions_item = ReportRevisionView.from_dict(revisions_item_data)

            revisions.append(revisions_item)

        verification_id = UUID(d.pop("verification_id"))

        report_revision_list = cls(
            current_revision=current_revision,
            revisions=revisions,
            verification_id=verification_id,
        )

        report_revision_list.additional_properties = d
        return report_revision_list

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
