from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.period_view import PeriodView
    from ..models.section_view import SectionView
    from ..models.suppression_view import SuppressionView


T = TypeVar("T", bound="StatisticsView")


@_attrs_define
class StatisticsView:
    """Counts for a region and a period; no personal data (no id, name or ID number).

    Attributes:
        language (str): the language of the labels: `zh-CN` or `en`
        period (PeriodView):
        region (str): the region-code prefix (2 to 6 digits)
        sections (list[SectionView]):
        suppression (SuppressionView):
        today (datetime.date): the business date the statistics were read on
    """

    language: str
    period: PeriodView
    region: str
    sections: list[SectionView]
    suppression: SuppressionView
    today: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        language = self.language

        period = self.period.to_dict()

        region = self.region

        sections = []
        for sections_item_data in self.sections:
            sections_item = sections_item_data.to_dict()
            sections.append(sections_item)

        suppression = self.suppression.to_dict()

        today = self.today.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "language": language,
                "period": period,
                "region": region,
                "sections": sections,
                "suppression": suppression,
                "today": today,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period_view import PeriodView  # noqa: PLC0415
        from ..models.section_view import SectionView  # noqa: PLC0415
        from ..models.suppression_view import SuppressionView  # noqa: PLC0415

        d = dict(src_dict)
        language = d.pop("language")

        period = PeriodView.from_dict(d.pop("period"))

        region = d.pop("region")

        sections = []
        _sections = d.pop("sections")
        for sections_item_data in _sections:
            sections_item = SectionView.from_dict(sections_item_data)

            sections.append(sections_item)

        suppression = SuppressionView.from_dict(d.pop("suppression"))

        today = datetime.date.fromisoformat(d.pop("today"))

        statistics_view = cls(
            language=language,
            period=period,
            region=region,
            sections=sections,
            suppression=suppression,
            today=today,
        )

        statistics_view.additional_properties = d
        return statistics_view

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
