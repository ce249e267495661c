from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rule_id import RuleId
from ..models.rule_view_result import RuleViewResult

if TYPE_CHECKING:
    from ..models.evidence_ref import EvidenceRef
    from ..models.message_view import MessageView
    from ..models.rule_view_figures import RuleViewFigures


T = TypeVar("T", bound="RuleView")


@_attrs_define
class RuleView:
    """
    Attributes:
        detail (str): the statements' texts in one line
        evidence (list[EvidenceRef]):
        figures (RuleViewFigures): the figures the rule compared (decimal strings): every figure of its rule is present,
            null when the rule could not state it (not assessable); rules without figures have none.
            `income_below_standard`: `per_capita_monthly`, `standard_monthly`; `financial_assets_within_limit`: `total`,
            `limit`; `no_non_exempt_vehicle`: `count`; `housing_within_limit`: `residences`, `max_residences`, `commercial`;
            `no_operating_company`: `count`; `obligor_support_assessed`: `support_monthly`
        messages (list[MessageView]): why, one statement each
        result (RuleViewResult):
        rule (RuleId): Every rule the engine evaluates: the one list of them (a report's ``rules[].rule``, the
            OpenAPI's ``RuleId`` enum, the catalogue's ``rule`` labels follow it).
    """

    detail: str
    evidence: list[EvidenceRef]
    figures: RuleViewFigures
    messages: list[MessageView]
    result: RuleViewResult
    rule: RuleId
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        figures = self.figures.to_dict()

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        result = self.result.value

        rule = self.rule.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
                "evidence": evidence,
                "figures": figures,
                "messages": messages,
                "result": result,
                "rule": rule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_ref import EvidenceRef  # noqa: PLC0415
        from ..models.message_view import MessageView  # noqa: PLC0415
        from ..models.rule_view_figures import RuleViewFigures  # noqa: PLC0415

        d = dict(src_dict)
        detail = d.pop("detail")

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = EvidenceRef.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        figures = RuleViewFigures.from_dict(d.pop("figures"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = MessageView.from_dict(messages_item_data)

            messages.append(messages_item)

        result = RuleViewResult(d.pop("result"))

        rule = RuleId(d.pop("rule"))

        rule_view = cls(
            detail=detail,
            evidence=evidence,
            figures=figures,
            messages=messages,
            result=result,
            rule=rule,
        )

        rule_view.additional_properties = d
        return rule_view

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
