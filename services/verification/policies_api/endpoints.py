"""GET /v1/policies (the policy layers on record) and GET /v1/policies/effective (the
layered policy in force for a region on a date, value by value)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from verification.clients.dependencies import require_role
from verification.clients.models import Role
from verification.dependencies import RuntimeDep
from verification.kit.rfc3339 import Rfc3339Date
from verification.policies.effective import REGION_PATTERN, EffectivePolicyView, effective_policy
from verification.policies.layered.model import Layer
from verification.what_if import endpoints as what_if

router = APIRouter(prefix="/v1/policies", tags=["policies"])


class DocumentView(BaseModel):
    id: str
    title: str
    number: str | None = Field(description="文号, when the text has one")
    issuer: str | None
    issued: dt.date | None
    in_force: dt.date | None
    seed: str | None = Field(description="the seed text the document was read from")
    note: str | None


class LayerSummary(BaseModel):
    id: str = Field(description="`cn` (national), `gx`, `gx-nanning`, …")
    level: str = Field(description="national | province | city | county")
    name: str
    region_prefix: str = Field(description="the region-code prefix it covers; empty: national")
    extends: str | None = Field(description="the layer of the enclosing region")
    file: str
    parameters: list[str] = Field(description="the parameters this layer states")
    documents: list[DocumentView] = Field(description="the texts its entries cite")

    @classmethod
    def of(cls, layer: Layer) -> LayerSummary:
        return cls(
            id=layer.id,
            level=layer.level.value,
            name=layer.name,
            region_prefix=layer.region_prefix,
            extends=layer.extends,
            file=layer.file,
            parameters=sorted(layer.params),
            documents=[
                DocumentView(
                    id=d.id,
                    title=d.title,
                    number=d.number,
                    issuer=d.issuer,
                    issued=d.issued,
                    in_force=d.in_force,
                    seed=d.seed,
                    note=d.note,
                )
                for _key, d in sorted(layer.documents.items())
            ],
        )


class PolicyList(BaseModel):
    layers: list[LayerSummary] = Field(description="national first, then by region prefix")


@router.get(
    "",
    operation_id="listPolicies",
    response_model=PolicyList,
    summary="The policy layers on record: national, provinces, cities",
    description="Each layer of the layered policy with the parameters it states and the texts "
    "it cites. What applies to a region on a date: `GET /v1/policies/effective`.",
    dependencies=[
        Depends(require_role(Role.CASE_SYSTEM, Role.AUDITOR, Role.ADMIN, Role.SUPERVISOR))
    ],
)
async def list_policies(runtime: RuntimeDep) -> PolicyList:
    layers = sorted(runtime.layers.layers.values(), key=lambda layer: layer.region_prefix)
    return PolicyList(layers=[LayerSummary.of(layer) for layer in layers])


@router.get(
    "/effective",
    operation_id="getEffectivePolicy",
    response_model=EffectivePolicyView,
    summary="The layered national policy in force for a region on a date, value by value",
    description="Every registered parameter's state (`in_force`, `left_to_local`, `lapsed`, "
    "`unset`) for the region on `on`, with the layer and dated entry that set it and its "
    "citation, from the layered policy files (national → province → city). A region with no "
    "layer of its own gets the national baseline. A verification applies exactly these values "
    "(its report lists those it used).",
    dependencies=[
        Depends(require_role(Role.CASE_SYSTEM, Role.AUDITOR, Role.ADMIN, Role.SUPERVISOR))
    ],
)
async def effective(
    runtime: RuntimeDep,
    region: Annotated[
        str, Query(pattern=REGION_PATTERN, description="a region code of 2 to 12 digits")
    ],
    on: Annotated[
        Rfc3339Date | None, Query(description="default: today in the deployment's time zone")
    ] = None,
) -> EffectivePolicyView:
    return effective_policy(runtime.layers, region, on or runtime.today())


# POST /v1/policies/what-if: a draft policy replayed on enrolled households (ADR 0023)
router.include_router(what_if.router)
