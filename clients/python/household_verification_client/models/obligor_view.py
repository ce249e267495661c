from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.obligor_view_relation import ObligorViewRelation
from ..models.obligor_view_status import ObligorViewStatus

if TYPE_CHECKING:
    from ..models.obligor_source_view import ObligorSourceView


T = TypeVar("T", bound="ObligorView")


@_attrs_define
class ObligorView:
    """A support obligor outside the household (赡养、抚养、扶养义务人): never a member.

    Attributes:
        assessed (bool): every source of income answered for the obligor
        capable (bool | None): able to support (null: not assessed)
        excess_monthly (None | str): income above the line (null: not assessed)
        household_size (int): the obligor's own household, as declared
        id_number_masked (str):
        income_monthly (None | str): counted income, a month over the window (null: not assessed)
        index (int): 0-based, in the order of the request's `obligors`
        line_monthly (str): the line above which the obligor is able to support:
            `obligors.capacity_multiple_of_standard` × the monthly standard × household_size
        name_masked (str):
        relation (ObligorViewRelation): to the applicant, as the obligor's consent states it
        sources (list[ObligorSourceView]):
        status (ObligorViewStatus):
        support_monthly (str): counted as the household's support income: excess × `obligors.support_share_of_excess` (0
            when not capable or not assessed)
    """

    assessed: bool
    capable: bool | None
    excess_monthly: None | str
    household_size: int
    id_number_masked: str
    income_monthly: None | str
    index: int
    line_monthly: str
    name_masked: str
    relation: ObligorViewRelation
    sources: list[ObligorSourceView]
    status: ObligorViewStatus
    support_monthly: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        assessed = self.assessed

        capable: bool | None
        capable = self.capable

        excess_monthly: None | str
        excess_monthly = self.excess_monthly

        household_size = self.household_size

        id_number_masked = self.id_number_masked

        income_monthly: None | str
        income_monthly = self.income_monthly

        index = self.index

        line_monthly = self.line_monthly

        name_masked = self.name_masked

        relation = self.relation.value

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)

        status = self.status.value

        support_monthly = self.support_monthly

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "assessed": assessed,
                "capable": capable,
                "excess_monthly": excess_monthly,
                "household_size": household_size,
                "id_number_masked": id_number_masked,
                "income_monthly": income_monthly,
                "index": index,
                "line_monthly": line_monthly,
                "name_masked": name_masked,
                "relation": relation,
                "sources": sources,
                "status": status,
                "support_monthly": support_monthly,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.obligor_source_view import ObligorSourceView  # noqa: PLC0415

        d = dict(src_dict)
        assessed = d.pop("assessed")

        def _parse_capable(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        capable = _parse_capable(d.pop("capable"))

        def _parse_excess_monthly(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        excess_monthly = _parse_excess_monthly(d.pop("excess_monthly"))

        household_size = d.pop("household_size")

        id_number_masked = d.pop("id_number_masked")

        def _parse_income_monthly(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        income_monthly = _parse_income_monthly(d.pop("income_monthly"))

        index = d.pop("index")

        line_monthly = d.pop("line_monthly")

        name_masked = d.pop("name_masked")

        relation = ObligorViewRelation(d.pop("relation"))

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = ObligorSourceView.from_dict(sources_item_data)

            sources.append(sources_item)

        status = ObligorViewStatus(d.pop("status"))

        support_monthly = d.pop("support_monthly")

        obligor_view = cls(
            assessed=assessed,
            capable=capable,
            excess_monthly=excess_monthly,
            household_size=household_size,
            id_number_masked=id_number_masked,
            income_monthly=income_monthly,
            index=index,
            line_monthly=line_monthly,
            name_masked=name_masked,
            relation=relation,
            sources=sources,
            status=status,
            support_monthly=support_monthly,
        )

        obligor_view.additional_properties = d
        return obligor_view

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
