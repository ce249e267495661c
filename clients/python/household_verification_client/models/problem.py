from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_errors_item import ProblemErrorsItem


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """RFC 9457 problem details; `code` is stable, `type` ends with it: `/problems/<code>` (absolute under the public base
    URL when one is configured), a page saying what the code means and what to do (HTML, or JSON with `Accept:
    application/json`). Invalid requests list the offending fields in `errors` (never the input). A 409 names the
    caller's existing resource it ran into (`household_id`, `batch_id`, `household_ids` with `batch_ids`, `kid`), so a
    retry after a lost response finds it.

        Attributes:
            code (str):
            detail (str):
            status (int):
            title (str):
            type_ (str):
            batch_id (UUID | Unset):
            batch_ids (list[UUID] | Unset):
            errors (list[ProblemErrorsItem] | Unset):
            household_id (UUID | Unset):
            household_ids (list[UUID] | Unset):
            index (int | Unset):
            instance (str | Unset):
            issuer (str | Unset):
            kid (str | Unset):
            request_id (str | Unset):
            retry_after (int | Unset):
    """

    code: str
    detail: str
    status: int
    title: str
    type_: str
    batch_id: UUID | Unset = UNSET
    batch_ids: list[UUID] | Unset = UNSET
    errors: list[ProblemErrorsItem] | Unset = UNSET
    household_id: UUID | Unset = UNSET
    household_ids: list[UUID] | Unset = UNSET
    index: int | Unset = UNSET
    instance: str | Unset = UNSET
    issuer: str | Unset = UNSET
    kid: str | Unset = UNSET
    request_id: str | Unset = UNSET
    retry_after: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        detail = self.detail

        status = self.status

        title = self.title

        type_ = self.type_

        batch_id: str | Unset = UNSET
        if not isinstance(self.batch_id, Unset):
            batch_id = str(self.batch_id)

        batch_ids: list[str] | Unset = UNSET
        if not isinstance(self.batch_ids, Unset):
            batch_ids = []
            for batch_ids_item_data in self.batch_ids:
                batch_ids_item = str(batch_ids_item_data)
                batch_ids.append(batch_ids_item)

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        household_id: str | Unset = UNSET
        if not isinstance(self.household_id, Unset):
            household_id = str(self.household_id)

        household_ids: list[str] | Unset = UNSET
        if not isinstance(self.household_ids, Unset):
            household_ids = []
            for household_ids_item_data in self.household_ids:
                household_ids_item = str(household_ids_item_data)
                household_ids.append(household_ids_item)

        index = self.index

        instance = self.instance

        issuer = self.issuer

        kid = self.kid

        request_id = self.request_id

        retry_after = self.retry_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "detail": detail,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if batch_ids is not UNSET:
            field_dict["batch_ids"] = batch_ids
        if errors is not UNSET:
            field_dict["errors"] = errors
        if household_id is not UNSET:
            field_dict["household_id"] = household_id
        if household_ids is not UNSET:
            field_dict["household_ids"] = household_ids
        if index is not UNSET:
            field_dict["index"] = index
        if instance is not UNSET:
            field_dict["instance"] = instance
        if issuer is not UNSET:
            field_dict["issuer"] = issuer
        if kid is not UNSET:
            field_dict["kid"] = kid
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if retry_after is not UNSET:
            field_dict["retry_after"] = retry_after

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem_errors_item import ProblemErrorsItem  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        detail = d.pop("detail")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        _batch_id = d.pop("batch_id", UNSET)
        batch_id: UUID | Unset
        if isinstance(_batch_id, Unset):
            batch_id = UNSET
        else:
            batch_id = UUID(_batch_id)

        _batch_ids = d.pop("batch_ids", UNSET)
        batch_ids: list[UUID] | Unset = UNSET
        if _batch_ids is not UNSET:
            batch_ids = []
            for batch_ids_item_data in _batch_ids:
                batch_ids_item = UUID(batch_ids_item_data)

                batch_ids.append(batch_ids_item)

        _errors = d.pop("errors", UNSET)
        errors: list[ProblemErrorsItem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ProblemErrorsItem.from_dict(errors_item_data)

                errors.append(errors_item)

        _household_id = d.pop("household_id", UNSET)
        household_id: UUID | Unset
        if isinstance(_household_id, Unset):
            household_id = UNSET
        else:
            household_id = UUID(_household_id)

        _household_ids = d.pop("household_ids", UNSET)
        household_ids: list[UUID] | Unset = UNSET
        if _household_ids is not UNSET:
            household_ids = []
            for household_ids_item_data in _household_ids:
                household_ids_item = UUID(household_ids_item_data)

                household_ids.append(household_ids_item)

        index = d.pop("index", UNSET)

        instance = d.pop("instance", UNSET)

        issuer = d.pop("issuer", UNSET)

        kid = d.pop("kid", UNSET)

        request_id = d.pop("request_id", UNSET)

        retry_after = d.pop("retry_after", UNSET)

        problem = cls(
            code=code,
            detail=detail,
            status=status,
            title=title,
            type_=type_,
            batch_id=batch_id,
            batch_ids=batch_ids,
            errors=errors,
            household_id=household_id,
            household_ids=household_ids,
            index=index,
            instance=instance,
            issuer=issuer,
            kid=kid,
            request_id=request_id,
            retry_after=retry_after,
        )

        problem.additional_properties = d
        return problem

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
