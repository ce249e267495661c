from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.created_endpoint_disabled_reason_type_0 import CreatedEndpointDisabledReasonType0
from ..models.created_endpoint_status import CreatedEndpointStatus

if TYPE_CHECKING:
    from ..models.secret_view import SecretView


T = TypeVar("T", bound="CreatedEndpoint")


@_attrs_define
class CreatedEndpoint:
    """
    Attributes:
        created_at (datetime.datetime):
        description (None | str):
        disabled_at (datetime.datetime | None):
        disabled_reason (CreatedEndpointDisabledReasonType0 | None): `deliveries-failing`: the service gave up a
            delivery after its retry schedule and disabled the endpoint; `client`: disabled by the client
        event_types (list[str]):
        id (UUID):
        secret (str): the signing secret (`whsec_…`), shown this once: store it now
        secrets (list[SecretView]): the secrets deliveries are signed with
        status (CreatedEndpointStatus):
        updated_at (datetime.datetime):
        url (str):
    """

    created_at: datetime.datetime
    description: None | str
    disabled_at: datetime.datetime | None
    disabled_reason: CreatedEndpointDisabledReasonType0 | None
    event_types: list[str]
    id: UUID
    secret: str
    secrets: list[SecretView]
    status: CreatedEndpointStatus
    updated_at: datetime.datetime
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        description: None | str
        description = self.description

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        disabled_reason: None | str
        if isinstance(self.disabled_reason, CreatedEndpointDisabledReasonType0):
            disabled_reason = self.disabled_reason.value
        else:
            disabled_reason = self.disabled_reason

        event_types = self.event_types

        id = str(self.id)

        secret = self.secret

        secrets = []
        for secrets_item_data in self.secrets:
            secrets_item = secrets_item_data.to_dict()
            secrets.append(secrets_item)

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "description": description,
                "disabled_at": disabled_at,
                "disabled_reason": disabled_reason,
                "event_types": event_types,
                "id": id,
                "secret": secret,
                "secrets": secrets,
                "status": status,
                "updated_at": updated_at,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.secret_view import SecretView  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)

                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at"))

        def _parse_disabled_reason(data: object) -> CreatedEndpointDisabledReasonType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_reason_type_0 = CreatedEndpointDisabledReasonType0(data)

                return disabled_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreatedEndpointDisabledReasonType0 | None, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason"))

        event_types = cast(list[str], d.pop("event_types"))

        id = UUID(d.pop("id"))

        secret = d.pop("secret")

        secrets = []
        _secrets = d.pop("secrets")
        for secrets_item_data in _secrets:
            secrets_item = SecretView.from_dict(secrets_item_data)

            secrets.append(secrets_item)

        status = CreatedEndpointStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        url = d.pop("url")

        created_endpoint = cls(
            created_at=created_at,
            description=description,
            disabled_at=disabled_at,
            disabled_reason=disabled_reason,
            event_types=event_types,
            id=id,
            secret=secret,
            secrets=secrets,
            status=status,
            updated_at=updated_at,
            url=url,
        )

        created_endpoint.additional_properties = d
        return created_endpoint

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
