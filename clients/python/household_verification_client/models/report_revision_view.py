from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.report_revision_view_status_type_0 import ReportRevisionViewStatusType0

T = TypeVar("T", bound="ReportRevisionView")


@_attrs_define
class ReportRevisionView:
    """One revision of a verification's report, without its content.

    Attributes:
        completed_at (datetime.datetime | None): when it was written; for a revision not kept, when its audit entry was
            recorded
        current (bool):
        kept (bool): whether its report can be read (`?revision=` on the report, printable report, receipt and signed
            report); false for a revision replaced before the service kept replaced revisions: only its audit entry remains
        outcome (None | str): its outcome; for a revision not kept, as its `report_created` audit entry records it
        revision (int): 0 for the first report; each later revision adds 1
        status (None | ReportRevisionViewStatusType0): the revision's own status (a provisional report awaiting an
            agency's later answer, or a completed one); null for a revision not kept (its audit entry does not say)
        superseded_at (datetime.datetime | None): when the next revision replaced it; null for the current one
    """

    completed_at: datetime.datetime | None
    current: bool
    kept: bool
    outcome: None | str
    revision: int
    status: None | ReportRevisionViewStatusType0
    superseded_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        current = self.current

        kept = self.kept

        outcome: None | str
        outcome = self.outcome

        revision = self.revision

        status: None | str
        if isinstance(self.status, ReportRevisionViewStatusType0):
            status = self.status.value
        else:
            status = self.status

        superseded_at: None | str
        if isinstance(self.superseded_at, datetime.datetime):
            superseded_at = self.superseded_at.isoformat()
        else:
            superseded_at = self.superseded_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed_at": completed_at,
                "current": current,
                "kept": kept,
                "outcome": outcome,
                "revision": revision,
                "status": status,
                "superseded_at": superseded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        current = d.pop("current")

        kept = d.pop("kept")

        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        revision = d.pop("revision")

        def _parse_status(data: object) -> None | ReportRevisionViewStatusType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ReportRevisionViewStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReportRevisionViewStatusType0, data)

        status = _parse_status(d.pop("status"))

        def _parse_superseded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                superseded_at_type_0 = datetime.datetime.fromisoformat(data)

                return superseded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        superseded_at = _parse_superseded_at(d.pop("superseded_at"))

        report_revision_view = cls(
            completed_at=completed_at,
            current=current,
            kept=kept,
            outcome=outcome,
            revision=revision,
            status=status,
            superseded_at=superseded_at,
        )

        report_revision_view.additional_properties = d
        return report_revision_view

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
