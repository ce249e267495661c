from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.audit_ref_view_status import AuditRefViewStatus

T = TypeVar("T", bound="AuditRefView")


@_attrs_define
class AuditRefView:
    """Where the report's ``report_created`` audit entry is.  It is recorded with the report
    and integrated into the log shortly after (typically within a second): until then
    ``status`` is ``pending`` and ``seq``/``leaf_hash`` are null; a GET of the report
    afterwards gives them.

        Attributes:
            entry (int | None): the entry's id while pending (`audit_events.pending_id` once integrated); null for entries
                logged before the audit sequencer
            leaf_hash (None | str): its RFC 6962 leaf hash (hex); null while pending
            seq (int | None): its index in the log + 1; null while pending
            status (AuditRefViewStatus): pending: recorded, not yet in the log; integrated: in the log at `seq`
    """

    entry: int | None
    leaf_hash: None | str
    seq: int | None
    status: AuditRefViewStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entry: int | None
        entry = self.entry

        leaf_hash: None | str
        leaf_hash = self.leaf_hash

        seq: int | None
        seq = self.seq

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entry": entry,
                "leaf_hash": leaf_hash,
                "seq": seq,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_entry(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        entry = _parse_entry(d.pop("entry"))

        def _parse_leaf_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        leaf_hash = _parse_leaf_hash(d.pop("leaf_hash"))

        def _parse_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        seq = _parse_seq(d.pop("seq"))

        status = AuditRefViewStatus(d.pop("status"))

        audit_ref_view = cls(
            entry=entry,
            leaf_hash=leaf_hash,
            seq=seq,
            status=status,
        )

        audit_ref_view.additional_properties = d
        return audit_ref_view

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
