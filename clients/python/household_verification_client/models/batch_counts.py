from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchCounts")


@_attrs_define
class BatchCounts:
    """
    Attributes:
        cancelled (int | Unset):  Default: 0.
        done (int | Unset):  Default: 0.
        failed (int | Unset):  Default: 0.
        pending (int | Unset):  Default: 0.
        running (int | Unset):  Default: 0.
        skipped (int | Unset):  Default: 0.
    """

    cancelled: int | Unset = 0
    done: int | Unset = 0
    failed: int | Unset = 0
    pending: int | Unset = 0
    running: int | Unset = 0
    skipped: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancelled = self.cancelled

        done = self.done

        failed = self.failed

        pending = self.pending

        running = self.running

        skipped = self.skipped

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cancelled is not UNSET:
            field_dict["cancelled"] = cancelled
        if done is not UNSET:
            field_dict["done"] = done
        if failed is not UNSET:
            field_dict["failed"] = failed
        if pending is not UNSET:
            field_dict["pending"] = pending
        if running is not UNSET:
            field_dict["running"] = running
        if skipped is not UNSET:
            field_dict["skipped"] = skipped

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancelled = d.pop("cancelled", UNSET)

        done = d.pop("done", UNSET)

        failed = d.pop("failed", UNSET)

        pending = d.pop("pending", UNSET)

        running = d.pop("running", UNSET)

        skipped = d.pop("skipped", UNSET)

        batch_counts = cls(
            cancelled=cancelled,
            done=done,
            failed=failed,
            pending=pending,
            running=running,
            skipped=skipped,
        )

        batch_counts.additional_properties = d
        return batch_counts

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
