from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.published_field import PublishedField

if TYPE_CHECKING:
    from ..models.notice_period import NoticePeriod
    from ..models.published import Published


T = TypeVar("T", bound="PublicNotice")


@_attrs_define
class PublicNotice:
    """The 公示 of an eligible household: the published content, which fields the rule in
    force lists (and its article), and the notice period. No ID numbers, no incomes (unless
    an older rule lists them), no assets, no sources, no identifiers of the service.

        Attributes:
            fields (list[PublishedField]): `publication.fields` in force
            fields_basis (str): the article that lists them (Chinese)
            notice_period (None | NoticePeriod): null only if no notice period is in force on the date
            published (Published): What is published, and nothing else: exactly the fields of `publication.fields` in
                force (办法 第二十四条: the applicant's name, the number of members and the amount; "不得
                公开无关信息"). A field the rule does not list is absent.
    """

    fields: list[PublishedField]
    fields_basis: str
    notice_period: None | NoticePeriod
    published: Published
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.notice_period import NoticePeriod  # noqa: PLC0415

        fields = []
        for fields_item_data in self.fields:
            fields_item = fields_item_data.value
            fields.append(fields_item)

        fields_basis = self.fields_basis

        notice_period: dict[str, Any] | None
        if isinstance(self.notice_period, NoticePeriod):
            notice_period = self.notice_period.to_dict()
        else:
            notice_period = self.notice_period

        published = self.published.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fields": fields,
                "fields_basis": fields_basis,
                "notice_period": notice_period,
                "published": published,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notice_period import NoticePeriod  # noqa: PLC0415
        from ..models.published import Published  # noqa: PLC0415

        d = dict(src_dict)
        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = PublishedField(fields_item_data)

            fields.append(fields_item)

        fields_basis = d.pop("fields_basis")

        def _parse_notice_period(data: object) -> None | NoticePeriod:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                notice_period_type_0 = NoticePeriod.from_dict(data)

                return notice_period_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NoticePeriod, data)

        notice_period = _parse_notice_period(d.pop("notice_period"))

        published = Published.from_dict(d.pop("published"))

        public_notice = cls(
            fields=fields,
            fields_basis=fields_basis,
            notice_period=notice_period,
            published=published,
        )

        public_notice.additional_properties = d
        return public_notice

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
