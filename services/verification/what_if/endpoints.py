"""POST /v1/policies/what-if: a draft policy replayed on the calling client's enrolled
households (ADR 0023)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from verification.clients.dependencies import CaseSystem
from verification.dependencies import RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.problems import PROBLEM_JSON
from verification.what_if import run
from verification.what_if.draft import MAX_DRAFT_CHARS
from verification.what_if.replay import HouseholdChange, Totals, WhatIf, WhatIfChange

# included by the policies router (``policies_api``), under its /v1/policies
router = APIRouter(tags=["policies"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}


class WhatIfRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    draft: str = Field(
        min_length=1,
        max_length=MAX_DRAFT_CHARS,
        description="a layer file (TOML, the format of docs/policy-model.md): it replaces the "
        "layer of the same id, or is added when no layer has its id",
    )
    region: str = Field(
        pattern=r"^[0-9]{2,6}$",
        description="region-code prefix: the client's active households whose region starts "
        "with it are replayed",
    )
    on: dt.date | None = Field(
        default=None,
        description="the date both policies are resolved on; default: today in the "
        "deployment's time zone",
    )


class WhatIfTotals(BaseModel):
    households: int
    unchanged: int
    becomes_eligible: int
    becomes_ineligible: int
    outcome_changed: int = Field(description="between ineligible and review_required")
    increase: int
    decrease: int
    allowance_before: Decimal = Field(description="monthly allowance of all, yuan")
    allowance_after: Decimal
    difference: Decimal

    @classmethod
    def of(cls, totals: Totals) -> WhatIfTotals:
        return cls.model_validate(totals, from_attributes=True)


class WhatIfHousehold(BaseModel):
    household_id: uuid.UUID
    region_code: str
    members_masked: list[str] = Field(description="the members' masked ID numbers")
    outcome_before: str
    outcome_after: str
    allowance_before: Decimal | None = Field(description="monthly, yuan; null: none applies")
    allowance_after: Decimal | None
    difference: Decimal = Field(description="after − before; a null allowance counts 0.00")
    change: WhatIfChange

    @classmethod
    def of(cls, row: HouseholdChange) -> WhatIfHousehold:
        return cls(
            household_id=row.household_id,
            region_code=row.region_code,
            members_masked=list(row.people_masked),
            outcome_before=row.outcome_before.value,
            outcome_after=row.outcome_after.value,
            allowance_before=row.allowance_before,
            allowance_after=row.allowance_after,
            difference=row.difference,
            change=row.change,
        )


class WhatIfResult(BaseModel):
    on: dt.date
    region: str
    draft_layer: str = Field(description="the id of the draft's layer")
    totals: WhatIfTotals
    households: list[WhatIfHousehold] = Field(
        description="every household replayed, changed or not, by id"
    )

    @classmethod
    def of(cls, result: WhatIf, region: str, draft_layer: str) -> WhatIfResult:
        return cls(
            on=result.on,
            region=region,
            draft_layer=draft_layer,
            totals=WhatIfTotals.of(result.totals),
            households=[WhatIfHousehold.of(row) for row in result.households],
        )


@router.post(
    "/what-if",
    operation_id="previewPolicyChange",
    response_model=WhatIfResult,
    responses={422: _PROBLEM},
    summary="What a draft policy would change for the calling client's enrolled households",
    description="Replays the stored evidence of each active household the client enrolled in "
    "`region` (its latest verification's answers; no agency is asked) under the policy in "
    "force and under the policy with `draft` in place, both resolved on `on`, and reports "
    f"who would change outcome or allowance and by how much. At most {run.MAX_HOUSEHOLDS} "
    "households (`what-if-too-large` above: ask for a narrower prefix). Nothing is stored "
    "but the audit event (`policy_what_if`, counts only). With an `Idempotency-Key` a "
    "repeated request returns the first answer instead of replaying again. Role: case "
    "system.",
)
async def preview_policy_change(
    body: WhatIfRequest,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        draft_layer, result = await run.what_if(
            runtime,
            client,
            draft_text=body.draft,
            region_prefix=body.region,
            on=body.on,
            request_id=request_id,
        )
        view = WhatIfResult.of(result, body.region, draft_layer)
        return IdempotentResult.json(view, audit={"region": body.region})

    return await idempotency.run(client, work)
