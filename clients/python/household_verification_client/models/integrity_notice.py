from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notice_channel import NoticeChannel

T = TypeVar("T", bound="IntegrityNotice")


@_attrs_define
class IntegrityNotice:
    """
    Attributes:
        channel (NoticeChannel): How the notice reached the household.
        notified_on (datetime.date):
        text (str): the notice (告知) in Chinese, from the message catalogue
        text_en (str): the same notice in English
    """

    channel: NoticeChannel
    notified_on: datetime.date
    text: str
    text_en: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        notified_on = self.notified_on.isoformat()

        text = self.text

        text_en = self.text_en

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel": channel,
                "notified_on": notified_on,
                "text": text,
                "text_en": text_en,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = NoticeChannel(d.pop("channel"))

        notified_on = datetime.date.fromisoformat(d.pop("notified_on"))

        text = d.pop("text")

        text_en = d.pop("text_en")

        integrity_notice = cls(
            channel=channel,
            notified_on=notified_on,
            text=text,
            text_en=text_en,
        )

        integrity_notice.additional_properties = d
        return integrity_notice

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
