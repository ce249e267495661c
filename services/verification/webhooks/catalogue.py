"""The event types a client may subscribe to: what each means and what its ``data`` holds
(served at ``GET /v1/webhooks/event-types``, documented in docs/integrators/webhooks.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from verification.messages.catalogue import Text
from verification.outbox import publish


@dataclass(frozen=True)
class EventType:
    type: str
    resource: str  # what its events are ordered by: one resource's events go out in order
    description: Text
    data: tuple[str, ...]  # the fields of ``data``: ids and statuses, no personal data


EVENT_TYPES: Final = (
    EventType(
        publish.VERIFICATION_COMPLETED,
        "verification",
        Text(
            "核对完成:核对的第一份报告(修订号 0)已生成。请用核对标识读取报告。",
            "A verification completed: its first report (revision 0) was written. Read the "
            "report by the verification's id.",
        ),
        ("verification_id", "status", "revision"),
    ),
    EventType(
        publish.VERIFICATION_REVISED,
        "verification",
        Text(
            "核对报告已修订:重试或迟到的部门答复生成了新的报告修订。请读取最新报告。",
            "A verification's report was revised: a retry or a source's later answer wrote "
            "the next revision. Read the report again.",
        ),
        ("verification_id", "status", "revision"),
    ),
    EventType(
        publish.VERIFICATION_OVERDUE,
        "verification",
        Text(
            "核对已逾期:未完成的核对超过了按工作日计算的决定期限。每个期限只通知一次。",
            "A verification is overdue: it is still open past its decision deadline (working "
            "days). Sent once per deadline.",
        ),
        ("verification_id", "status", "deadline"),
    ),
    EventType(
        publish.BATCH_COMPLETED,
        "batch",
        Text(
            "批量复核完成:批次的每一项都已结束(被取消的批次不发送)。请分页读取各项结果。",
            "A batch completed: every item ended (a cancelled batch sends none). Page through "
            "its items for the results.",
        ),
        ("batch_id", "status"),
    ),
    EventType(
        publish.CROSS_LIST_COMPARED,
        "cross_list",
        Text(
            "每月比对完成:按计划对名单做了本月的比对(按需比对不发送)。请用比对标识读取结果。",
            "A list's scheduled monthly comparison was made (one asked for on demand sends "
            "none). Read its result by the comparison's id.",
        ),
        ("comparison_id", "list_id", "scheduled_month"),
    ),
    EventType(
        publish.APPEAL_OVERDUE,
        "appeal",
        Text(
            "复议已逾期:复议超过了按工作日计算的决定期限仍未决定。每个期限只通知一次。",
            "An appeal is overdue: it is still undecided past its decision deadline (working "
            "days). Sent once per deadline.",
        ),
        ("appeal_id", "verification_id", "status", "deadline"),
    ),
)
