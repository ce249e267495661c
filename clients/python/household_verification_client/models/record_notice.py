from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.notice_channel import NoticeChannel

T = TypeVar("T", bound="RecordNotice")


@_attrs_define
class RecordNotice:
    """
    Attributes:
        channel (NoticeChannel): How the notice reached the household.
        notified_on (datetime.date): the day the household was told (a Beijing date, not after today)
    """

    channel: NoticeChannel
    notified_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        notified_on = self.notified_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "notified_on": notified_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = NoticeChannel(d.pop("channel"))

        notified_on = datetime.date.fromisoformat(d.pop("notified_on"))

        record_notice = cls(
            channel=channel,
            notified_on=notified_on,
        )

        return record_notice
