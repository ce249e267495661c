from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.decision import Decision

if TYPE_CHECKING:
    from ..models.message_view import MessageView


T = TypeVar("T", bound="AppealDecisionView")


@_attrs_define
class AppealDecisionView:
    """
    Attributes:
        decided_at (datetime.datetime):
        decided_on (datetime.date):
        decision (Decision):
        note (None | str):
        reasons (list[MessageView]):
        result_revision (int | None): the report revision the decision made (null: rejected, the report stands)
    """

    decided_at: datetime.datetime
    decided_on: datetime.date
    decision: Decision
    note: None | str
    reasons: list[MessageView]
    result_revision: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decided_at = self.decided_at.isoformat()

        decided_on = self.decided_on.isoformat()

        decision = self.decision.value

        note: None | str
        note = self.note

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        result_revision: int | None
        result_revision = self.result_revision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decided_at": decided_at,
                "decided_on": decided_on,
                "decision": decision,
                "note": note,
                "reasons": reasons,
                "result_revision": result_revision,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view import MessageView  # noqa: PLC0415

        d = dict(src_dict)
        decided_at = datetime.datetime.fromisoformat(d.pop("decided_at"))

        decided_on = datetime.date.fromisoformat(d.pop("decided_on"))

        decision = Decision(d.pop("decision"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = MessageView.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        def _parse_result_revision(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        result_revision = _parse_result_revision(d.pop("result_revision"))

        appeal_decision_view = cls(
            decided_at=decided_at,
            decided_on=decided_on,
            decision=decision,
            note=note,
            reasons=reasons,
            result_revision=result_revision,
        )

        appeal_decision_view.additional_properties = d
        return appeal_decision_view

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
