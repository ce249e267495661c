from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_coverage_view_coverage import SourceCoverageViewCoverage

if TYPE_CHECKING:
    from ..models.message_view import MessageView


T = TypeVar("T", bound="SourceCoverageView")


@_attrs_define
class SourceCoverageView:
    """One source of the national 核对 list (`verification.sources`).

    Attributes:
        coverage (SourceCoverageViewCoverage): queried in this verification; not queried (the request's scopes); not
            supported: no agency of this service answers it, check it another way
        message (MessageView): A statement a person reads: its stable code, parameters and text.
        scope (None | str): the service's scope that answers it; null: none
        source (str): the national source (`hukou`, `social_insurance`, …)
    """

    coverage: SourceCoverageViewCoverage
    message: MessageView
    scope: None | str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coverage = self.coverage.value

        message = self.message.to_dict()

        scope: None | str
        scope = self.scope

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coverage": coverage,
                "message": message,
                "scope": scope,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view import MessageView  # noqa: PLC0415

        d = dict(src_dict)
        coverage = SourceCoverageViewCoverage(d.pop("coverage"))

        message = MessageView.from_dict(d.pop("message"))

        def _parse_scope(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scope = _parse_scope(d.pop("scope"))

        source = d.pop("source")

        source_coverage_view = cls(
            coverage=coverage,
            message=message,
            scope=scope,
            source=source,
        )

        source_coverage_view.additional_properties = d
        return source_coverage_view

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
