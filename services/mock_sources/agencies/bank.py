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

In the batch-file exchange mode (``mock_sources.batchfile``, which takes precedence over the
delayed mode) a query is HTTP 202 ``respCode`` ``202000`` with a ``ticket`` ``<file>:<line>``,
``batchFile``, ``line`` and ``expectedBy``; ``GET gateway/batch-files/{file_id}/result`` is 202
until the file's result is ready, then the result file (JSON Lines, one record per line of the
submission, each what the query would have been answered at once); an unknown file is 404
``404003``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mock_sources.batchfile import RESULT_MEDIA_TYPE, batch_file_state, result_file
from mock_sources.deferred import deferred_state
from mock_sources.records import in_cents, two_places
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/bank", tags=["bank"])

RESIDENT_ID_CARD = "01"
_CUSTOMER_NOT_FOUND = {"respCode": "404001", "respMsg": "customer not found"}
_UNKNOWN_TICKET = {"respCode": "404002", "respMsg": "unknown ticket"}
_UNKNOWN_FILE = {"respCode": "404003", "respMsg": "unknown batch file"}


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
    batches = batch_file_state(request)
    if batches.mode is not None:
        batch, line, expected = batches.submit(query.cert_type, query.cert_no)
        body = _accepted_body(f"{batch.file_id}:{line}", _rfc3339(expected))
        return JSONResponse({**body, "batchFile": batch.file_id, "line": line}, status_code=202)
    deferred = deferred_state(request)
    if deferred.mode is not None:
        ticket, expected = deferred.accept(query.cert_type, query.cert_no)
        return _accepted(ticket, _rfc3339(expected))
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


@router.get("/gateway/batch-files/{file_id}/result", response_model=None)
async def batch_result(file_id: str, request: Request) -> Response:
    """The result file of submission file ``file_id``: 202 while it is not ready."""
    batches = batch_file_state(request)
    batch = batches.files.get(file_id)
    if batch is None:
        return JSONResponse(_UNKNOWN_FILE, status_code=404)
    if not batches.ready(batch):
        return JSONResponse(_accepted_body(file_id, None), status_code=202)
    records = [
        {"line": line, **_record(query.cert_type, query.cert_no)}
        for line, query in enumerate(batch.queries, start=1)
    ]
    batch.downloads += 1
    return Response(result_file(file_id, records), media_type=RESULT_MEDIA_TYPE)


def _rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _accepted_body(ticket: str, expected_by: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"respCode": "202000", "respMsg": "accepted", "ticket": ticket}
    if expected_by is not None:
        body["expectedBy"] = expected_by
    return body


def _accepted(ticket: str, expected_by: str | None) -> JSONResponse:
    return JSONResponse(_accepted_body(ticket, expected_by), status_code=202)


def _answer(cert_type: str, cert_no: str) -> dict[str, Any] | JSONResponse:
    record = _record(cert_type, cert_no)
    if record is _CUSTOMER_NOT_FOUND:
        return JSONResponse(record, status_code=404)
    return record


def _record(cert_type: str, cert_no: str) -> dict[str, Any]:
    """The answer's body: the customer's deposits, or ``_CUSTOMER_NOT_FOUND``."""
    records = records_for(cert_no) if cert_type == RESIDENT_ID_CARD else None
    customer = records.bank if records is not None else None
    if customer is None:
        return _CUSTOMER_NOT_FOUND
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
