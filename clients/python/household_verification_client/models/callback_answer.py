from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.callback_answer_status import CallbackAnswerStatus

T = TypeVar("T", bound="CallbackAnswer")


@_attrs_define
class CallbackAnswer:
    """What an agency's callback did: the verification its ticket belongs to, and its status
    once the service asked for the answer.

        Attributes:
            revision (int | None): the new report's revision when the verification completed, else null
            status (CallbackAnswerStatus): completed: every awaited answer is in, the report has a new revision;
                awaiting_sources: another source (or this one) still has to answer
            verification_id (UUID):
    """

    revision: int | None
    status: CallbackAnswerStatus
    verification_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        revision: int | None
        revision = self.revision

        status = self.status.value

        verification_id = str(self.verification_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "revision": revision,
                "status": status,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_revision(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        revision = _parse_revision(d.pop("revision"))

        status = CallbackAnswerStatus(d.pop("status"))

        verification_id = UUID(d.pop("verification_id"))

        callback_answer = cls(
            revision=revision,
            status=status,
            verification_id=verification_id,
        )

        callback_answer.additional_properties = d
        return callback_answer

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
