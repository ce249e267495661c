from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.allowance_view_method import AllowanceViewMethod

if TYPE_CHECKING:
    from ..models.message_view import MessageView
    from ..models.refusal_cut_view import RefusalCutView
    from ..models.tier_view import TierView


T = TypeVar("T", bound="AllowanceView")


@_attrs_define
class AllowanceView:
    """How the suggested allowance was computed (办法 第二十三条, 第三十四条).

    Attributes:
        amount_monthly (None | str): what is suggested; null when it cannot be computed (see messages)
        before_cuts_monthly (None | str):
        messages (list[MessageView]):
        method (AllowanceViewMethod): difference: 差额, (standard − per-capita) × persons; tiered: 分档
        tier (None | TierView): the tier applied (tiered only)
        work_refusal_cuts (list[RefusalCutView]): members whose own share is reduced or stopped; the others keep theirs
    """

    amount_monthly: None | str
    before_cuts_monthly: None | str
    messages: list[MessageView]
    method: AllowanceViewMethod
    tier: None | TierView
    work_refusal_cuts: list[RefusalCutView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.tier_view import TierView  # noqa: PLC0415

        amount_monthly: None | str
        amount_monthly = self.amount_monthly

        before_cuts_monthly: None | str
        before_cuts_monthly = self.before_cuts_monthly

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        method = self.method.value

        tier: dict[str, Any] | None
        if isinstance(self.tier, TierView):
            tier = self.tier.to_dict()
        else:
            tier = self.tier

        work_refusal_cuts = []
        for work_refusal_cuts_item_data in self.work_refusal_cuts:
            work_refusal_cuts_item = work_refusal_cuts_item_data.to_dict()
            work_refusal_cuts.append(work_refusal_cuts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_monthly": amount_monthly,
                "before_cuts_monthly": before_cuts_monthly,
                "messages": messages,
                "method": method,
                "tier": tier,
                "work_refusal_cuts": work_refusal_cuts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view import MessageView  # noqa: PLC0415
        from ..models.refusal_cut_view import RefusalCutView  # noqa: PLC0415
        from ..models.tier_view import TierView  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_amount_monthly(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount_monthly = _parse_amount_monthly(d.pop("amount_monthly"))

        def _parse_before_cuts_monthly(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        before_cuts_monthly = _parse_before_cuts_monthly(d.pop("before_cuts_monthly"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = MessageView.from_dict(messages_item_data)

            messages.append(messages_item)

        method = AllowanceViewMethod(d.pop("method"))

        def _parse_tier(data: object) -> None | TierView:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tier_type_0 = TierView.from_dict(data)

                return tier_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TierView, data)

        tier = _parse_tier(d.pop("tier"))

        work_refusal_cuts = []
        _work_refusal_cuts = d.pop("work_refusal_cuts")
        for work_refusal_cuts_item_data in _work_refusal_cuts:
            work_refusal_cuts_item = RefusalCutView.from_dict(work_refusal_cuts_item_data)

            work_refusal_cuts.append(work_refusal_cuts_item)

        allowance_view = cls(
            amount_monthly=amount_monthly,
            before_cuts_monthly=before_cuts_monthly,
            messages=messages,
            method=method,
            tier=tier,
            work_refusal_cuts=work_refusal_cuts,
        )

        allowance_view.additional_properties = d
        return allowance_view

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
