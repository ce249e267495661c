from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_view_status import DeliveryViewStatus

if TYPE_CHECKING:
    from ..models.attempt_view import AttemptView


T = TypeVar("T", bound="DeliveryView")


@_attrs_define
class DeliveryView:
    """
    Attributes:
        attempt_log (list[AttemptView]):
        attempts (int):
        created_at (datetime.datetime):
        event_id (UUID): the `webhook-id` header: the same on every retry
        event_type (str):
        finished_at (datetime.datetime | None):
        id (int):
        next_attempt_at (datetime.datetime | None): null once it ended
        redelivery_of (int | None):
        resource (str): what the event is about (`verification:<id>`); in order
        status (DeliveryViewStatus):
    """

    attempt_log: list[AttemptView]
    attempts: int
    created_at: datetime.datetime
    event_id: UUID
    event_type: str
    finished_at: datetime.datetime | None
    id: int
    next_attempt_at: datetime.datetime | None
    redelivery_of: int | None
    resource: str
    status: DeliveryViewStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempt_log = []
        for attempt_log_item_data in self.attempt_log:
            attempt_log_item = attempt_log_item_data.to_dict()
            attempt_log.append(attempt_log_item)

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        event_id = str(self.event_id)

        event_type = self.event_type

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = self.id

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        redelivery_of: int | None
        redelivery_of = self.redelivery_of

        resource = self.resource

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt_log": attempt_log,
                "attempts": attempts,
                "created_at": created_at,
                "event_id": event_id,
                "event_type": event_type,
                "finished_at": finished_at,
                "id": id,
                "next_attempt_at": next_attempt_at,
                "redelivery_of": redelivery_of,
                "resource": resource,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt_view import AttemptView  # noqa: PLC0415

        d = dict(src_dict)
        attempt_log = []
        _attempt_log = d.pop("attempt_log")
        for attempt_log_item_data in _attempt_log:
            attempt_log_item = AttemptView.from_dict(attempt_log_item_data)

            attempt_log.append(attempt_log_item)

        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        event_id = UUID(d.pop("event_id"))

        event_type = d.pop("event_type")

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        id = d.pop("id")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_redelivery_of(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        redelivery_of = _parse_redelivery_of(d.pop("redelivery_of"))

        resource = d.pop("resource")

        status = DeliveryViewStatus(d.pop("status"))

        delivery_view = cls(
            attempt_log=attempt_log,
            attempts=attempts,
            created_at=created_at,
            event_id=event_id,
            event_type=event_type,
            finished_at=finished_at,
            id=id,
            next_attempt_at=next_attempt_at,
            redelivery_of=redelivery_of,
            resource=resource,
            status=status,
        )

        delivery_view.additional_properties = d
        return delivery_view

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
