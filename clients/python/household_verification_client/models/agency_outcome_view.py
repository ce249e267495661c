from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.agency_outcome_view_outcome import AgencyOutcomeViewOutcome

T = TypeVar("T", bound="AgencyOutcomeView")


@_attrs_define
class AgencyOutcomeView:
    """
    Attributes:
        name (str): its name in the requested language
        outcome (AgencyOutcomeViewOutcome):
        outcome_text (str):
        scope (str): the agency (source scope) asked
    """

    name: str
    outcome: AgencyOutcomeViewOutcome
    outcome_text: str
    scope: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        outcome = self.outcome.value

        outcome_text = self.outcome_text

        scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "outcome": outcome,
                "outcome_text": outcome_text,
                "scope": scope,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        outcome = AgencyOutcomeViewOutcome(d.pop("outcome"))

        outcome_text = d.pop("outcome_text")

        scope = d.pop("scope")

        agency_outcome_view = cls(
            name=name,
            outcome=outcome,
            outcome_text=outcome_text,
            scope=scope,
        )

        agency_outcome_view.additional_properties = d
        return agency_outcome_view

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
