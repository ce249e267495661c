"""金融 banks (a clearing gateway): ``respCode/respMsg`` with cents and yuan strings.

Account balances and 12-month interest are integer cents; investments carry
a yuan string.  A person who is no bank's customer (or whose ``certType`` is
not ``01``, the resident ID card) is HTTP 404 ``respCode`` ``404001``.  The
customer name is not matched.  A body that is not a JSON object with string
``certType``, ``certNo`` and ``custName`` is HTTP 400 ``{"error": "invalid request"}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mock_sources.records import in_cents, two_places
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/bank", tags=["bank"])

RESIDENT_ID_CARD = "01"
_CUSTOMER_NOT_FOUND = {"respCode": "404001", "respMsg": "customer not found"}


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
    records = records_for(query.cert_no) if query.cert_type == RESIDENT_ID_CARD else None
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
