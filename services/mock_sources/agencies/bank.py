"""金融 banks (a clearing gateway): ``respCode/respMsg`` with cents and yuan strings.

Account balances and 12-month interest are integer cents; investments carry
a yuan string.  A person who is no bank's customer (or whose ``certType`` is
not ``01``, the resident ID card) is HTTP 404 ``respCode`` ``404001``.  The
customer name is not matched.  A body that is not a JSON object with string
``certType``, ``certNo`` and ``custName`` is HTTP 400 ``{"error": "invalid request"}``.

In the delayed mode (``mock_sources.deferred``) a query is HTTP 202 ``respCode`` ``202000``
with a ``ticket`` and ``expectedBy``; ``GET gateway/deposit-query/{ticket}`` answers 202
again until the answer is ready, then what the query would have been answered at once; an
unknown ticket is 404 ``404002``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mock_sources.deferred import deferred_state
from mock_sources.records import in_cents, two_places
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/bank", tags=["bank"])

RESIDENT_ID_CARD = "01"
_CUSTOMER_NOT_FOUND = {"respCode": "404001", "respMsg": "customer not found"}
_UNKNOWN_TICKET = {"respCode": "404002", "respMsg": "unknown ticket"}


class _DepositQuery(BaseModel):
    model_config = ConfigDict(strict=True)

    cert_type: str = Field(alias="certType")
    cert_no: str = Field(alias="certNo")
    cust_name: str = Field(alias="custName")


@router.post("/gateway/deposit-query", response_model=None)
async def deposit_query(request: Request) -> dict[str, Any] | JSONResponse:
    try:
        query = _DepositQuery.model_validate_json(await request.body())
    except ValidationError:
        return JSONResponse({"error": "invalid request"}, status_code=400)
    deferred = deferred_state(request)
    if deferred.mode is not None:
        ticket, expected = deferred.accept(query.cert_type, query.cert_no)
        return _accepted(ticket, expected.isoformat().replace("+00:00", "Z"))
    return _answer(query.cert_type, query.cert_no)


@router.get("/gateway/deposit-query/{ticket}", response_model=None)
async def deposit_answer(ticket: str, request: Request) -> dict[str, Any] | JSONResponse:
    """The answer promised under ``ticket``: 202 while it is not ready."""
    deferred = deferred_state(request)
    held = deferred.held(ticket)
    if held is None:
        return JSONResponse(_UNKNOWN_TICKET, status_code=404)
    if not deferred.ready(held):
        return _accepted(ticket, None)
    return _answer(held.cert_type, held.cert_no)


def _accepted(ticket: str, expected_by: str | None) -> JSONResponse:
    body: dict[str, Any] = {"respCode": "202000", "respMsg": "accepted", "ticket": ticket}
    if expected_by is not None:
        body["expectedBy"] = expected_by
    return JSONResponse(body, status_code=202)


def _answer(cert_type: str, cert_no: str) -> dict[str, Any] | JSONResponse:
    records = records_for(cert_no) if cert_type == RESIDENT_ID_CARD else None
    customer = records.bank if records is not None else None
    if customer is None:
        return JSONResponse(_CUSTOMER_NOT_FOUND, status_code=404)
    return {
        "respCode": "000000",
        "respMsg": "success",
        "accounts": [
            {
                "acctNoMasked": account.masked_number,
                "acctType": account.account_type.value,
                "balanceCents": in_cents(account.balance),
                "interest12mCents": in_cents(account.interest_12m),
            }
            for account in customer.accounts
        ],
        "investments": [
            {
                "productCode": investment.product_code,
                "kind": investment.kind.value,
                "marketValue": two_places(investment.market_value),
            }
            for investment in customer.investments
        ],
    }
