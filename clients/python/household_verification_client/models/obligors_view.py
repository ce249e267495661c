from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.obligors_view_support_status import ObligorsViewSupportStatus

if TYPE_CHECKING:
    from ..models.message_view import MessageView
    from ..models.obligor_view import ObligorView


T = TypeVar("T", bound="ObligorsView")


@_attrs_define
class ObligorsView:
    """The household's support obligors, in their own section.

    Attributes:
        obligors (list[ObligorView]):
        statement (MessageView): A statement a person reads: its stable code, parameters and text.
        support_monthly (str): the support counted, a month: included in `income.household_before_deductions`
        support_status (ObligorsViewSupportStatus): the obligors' part of 三无 status: `none_capable` when every named
            obligor was found unable to support; the verification cannot tell that a household has no obligor at all
            (`none_named`: the request named none)
    """

    obligors: list[ObligorView]
    statement: MessageView
    support_monthly: str
    support_status: ObligorsViewSupportStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        obligors = []
        for obligors_item_data in self.obligors:
            obligors_item = obligors_item_data.to_dict()
            obligors.append(obligors_item)

        statement = self.statement.to_dict()

        support_monthly = self.support_monthly

        support_status = self.support_status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "obligors": obligors,
                "statement": statement,
                "support_monthly": support_monthly,
                "support_status": support_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view import MessageView  # noqa: PLC0415
        from ..models.obligor_view import ObligorView  # noqa: PLC0415

        d = dict(src_dict)
        obligors = []
        _obligors = d.pop("obligors")
        for obligors_item_data in _obligors:
            obligors_item = ObligorView.from_dict(obligors_item_data)

            obligors.append(obligors_item)

        statement = MessageView.from_dict(d.pop("statement"))

        support_monthly = d.pop("support_monthly")

        support_status = ObligorsViewSupportStatus(d.pop("support_status"))

        obligors_view = cls(
            obligors=obligors,
            statement=statement,
            support_monthly=support_monthly,
            support_status=support_status,
        )

        obligors_view.additional_properties = d
        return obligors_view

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
