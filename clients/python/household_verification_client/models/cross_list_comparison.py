from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cross_list_comparison_trigger import CrossListComparisonTrigger
from ..models.cross_list_kind import CrossListKind

if TYPE_CHECKING:
    from ..models.cross_list_counts import CrossListCounts
    from ..models.cross_list_crossing_entry import CrossListCrossingEntry
    from ..models.cross_list_enrolled_entry import CrossListEnrolledEntry
    from ..models.cross_list_listed_entry import CrossListListedEntry


T = TypeVar("T", bound="CrossListComparison")


@_attrs_define
class CrossListComparison:
    """
    Attributes:
        as_of (datetime.date): the Beijing date whose lines applied
        counts (CrossListCounts):
        created_at (datetime.datetime):
        crossing (list[CrossListCrossingEntry]):
        enrolled_not_listed (list[CrossListEnrolledEntry]):
        id (UUID):
        kind (CrossListKind):
        list_id (UUID):
        list_version (int):
        listed_not_enrolled (list[CrossListListedEntry]):
        region_prefix (str):
        scheduled_month (None | str): YYYY-MM of a scheduled comparison
        trigger (CrossListComparisonTrigger):
    """

    as_of: datetime.date
    counts: CrossListCounts
    created_at: datetime.datetime
    crossing: list[CrossListCrossingEntry]
    enrolled_not_listed: list[CrossListEnrolledEntry]
    id: UUID
    kind: CrossListKind
    list_id: UUID
    list_version: int
    listed_not_enrolled: list[CrossListListedEntry]
    region_prefix: str
    scheduled_month: None | str
    trigger: CrossListComparisonTrigger
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        counts = self.counts.to_dict()

        created_at = self.created_at.isoformat()

        crossing = []
        for crossing_item_data in self.crossing:
            crossing_item = crossing_item_data.to_dict()
            crossing.append(crossing_item)

        enrolled_not_listed = []
        for enrolled_not_listed_item_data in self.enrolled_not_listed:
            enrolled_not_listed_item = enrolled_not_listed_item_data.to_dict()
            enrolled_not_listed.append(enrolled_not_listed_item)

        id = str(self.id)

        kind = self.kind.value

        list_id = str(self.list_id)

        list_version = self.list_version

        listed_not_enrolled = []
        for listed_not_enrolled_item_data in self.listed_not_enrolled:
            listed_not_enrolled_item = listed_not_enrolled_item_data.to_dict()
            listed_not_enrolled.append(listed_not_enrolled_item)

        region_prefix = self.region_prefix

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
                "crossing": crossing,
                "enrolled_not_listed": enrolled_not_listed,
                "id": id,
                "kind": kind,
                "list_id": list_id,
                "list_version": list_version,
                "listed_not_enrolled": listed_not_enrolled,
                "region_prefix": region_prefix,
                "scheduled_month": scheduled_month,
                "trigger": trigger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cross_list_counts import CrossListCounts  # noqa: PLC0415
        from ..models.cross_list_crossing_entry import CrossListCrossingEntry  # noqa: PLC0415
        from ..models.cross_list_enrolled_entry import CrossListEnrolledEntry  # noqa: PLC0415
        from ..models.cross_list_listed_entry import CrossListListedEntry  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        counts = CrossListCounts.from_dict(d.pop("counts"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        crossing = []
        _crossing = d.pop("crossing")
        for crossing_item_data in _crossing:
            crossing_item = CrossListCrossingEntry.from_dict(crossing_item_data)

            crossing.append(crossing_item)

        enrolled_not_listed = []
        _enrolled_not_listed = d.pop("enrolled_not_listed")
        for enrolled_not_listed_item_data in _enrolled_not_listed:
            enrolled_not_listed_item = CrossListEnrolledEntry.from_dict(enrolled_not_listed_item_data)

            enrolled_not_listed.append(enrolled_not_listed_item)

        id = UUID(d.pop("id"))

        kind = CrossListKind(d.pop("kind"))

        list_id = UUID(d.pop("list_id"))

        list_version = d.pop("list_version")

        listed_not_enrolled = []
        _listed_not_enrolled = d.pop("listed_not_enrolled")
        for listed_not_enrolled_item_data in _listed_not_enrolled:
            listed_not_enrolled_item = CrossListListedEntry.from_dict(listed_not_enrolled_item_data)

            listed_not_enrolled.append(listed_not_enrolled_item)

        region_prefix = d.pop("region_prefix")

        def _parse_scheduled_month(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scheduled_month = _parse_scheduled_month(d.pop("scheduled_month"))

        trigger = CrossListComparisonTrigger(d.pop("trigger"))

        cross_list_comparison = cls(
            as_of=as_of,
            counts=counts,
            created_at=created_at,
            crossing=crossing,
            enrolled_not_listed=enrolled_not_listed,
            id=id,
            kind=kind,
            list_id=list_id,
            list_version=list_version,
            listed_not_enrolled=listed_not_enrolled,
            region_prefix=region_prefix,
            scheduled_month=scheduled_month,
            trigger=trigger,
        )

        cross_list_comparison.additional_properties = d
        return cross_list_comparison

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
