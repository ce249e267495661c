from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cross_list_comparison_summary_trigger import CrossListComparisonSummaryTrigger

if TYPE_CHECKING:
    from ..models.cross_list_counts import CrossListCounts


T = TypeVar("T", bound="CrossListComparisonSummary")


@_attrs_define
class CrossListComparisonSummary:
    """
    Attributes:
        as_of (datetime.date): the Beijing date whose lines applied
        counts (CrossListCounts):
        created_at (datetime.datetime):
        id (UUID):
        list_id (UUID):
        scheduled_month (None | str): YYYY-MM of a scheduled comparison
        trigger (CrossListComparisonSummaryTrigger):
    """

    as_of: datetime.date
    counts: CrossListCounts
    created_at: datetime.datetime
    id: UUID
    list_id: UUID
    scheduled_month: None | str
    trigger: CrossListComparisonSummaryTrigger
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        counts = self.counts.to_dict()

        created_at = self.created_at.isoformat()

        id = str(self.id)

        list_id = str(self.list_id)

        scheduled_month: None | str
        scheduled_month = self.scheduled_month

        trigger = self.trigger.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "counts": counts,
                "created_at": created_at,
                "id": id,
                "list_id": list_id,
                "scheduled_month": scheduled_month,
                "trigger": trigger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cross_list_counts import CrossListCounts  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        counts = CrossListCounts.from_dict(d.pop("counts"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        list_id = UUID(d.pop("list_id"))

        def _parse_scheduled_month(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scheduled_month = _parse_scheduled_month(d.pop("scheduled_month"))

        trigger = CrossListComparisonSummaryTrigger(d.pop("trigger"))

        cross_list_comparison_summary = cls(
            as_of=as_of,
            counts=counts,
            created_at=created_at,
            id=id,
            list_id=list_id,
            scheduled_month=scheduled_month,
            trigger=trigger,
        )

        cross_list_comparison_summary.additional_properties = d
        return cross_list_comparison_summary

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
