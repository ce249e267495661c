"""``GET /v1/statistics`` (the supervisor's view as JSON, or the page with ``Accept:
text/html``) and ``GET /v1/statistics/page`` (the page).  Role: ``supervisor``, for the
regions within its prefixes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import HTMLResponse

from verification.clients.dependencies import Supervisor
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.kit.rfc3339 import Rfc3339Date
from verification.messages.locale import Locale
from verification.problems import PROBLEM_JSON
from verification.statistics.html import render_statistics_html
from verification.statistics.model import StatisticsView
from verification.statistics.read import read_statistics

router = APIRouter(prefix="/v1/statistics", tags=["statistics"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_ERRORS: dict[int | str, dict[str, Any]] = {401: _PROBLEM, 403: _PROBLEM, 422: _PROBLEM}
_DESCRIPTION = (
    "For a region prefix and a period (Beijing dates, `from` included, `to` excluded), "
    "the supervisor's view (监督统计) in sections: verifications and their outcomes "
    "(applications and reviews apart), households enrolled and ended, reviews due and "
    "overdue, and each agency's answers (answered, no record, unavailable, rejected, "
    "pending) with their median and 95th-percentile time. Counts only, no personal data; "
    "a count from 1 to `suppression.threshold` − 1 is `null` and shown as `<5`, and the "
    "total of its group withheld (ADR 0019). `403 region-not-supervised` for a region "
    "outside the client's prefixes, `422 invalid-period` for an empty period. Audited as "
    "`statistics_read` (the region, the period). Labels in Chinese unless `lang=en` or "
    "`Accept-Language: en`. Role: supervisor."
)


def _headers(locale: Locale) -> dict[str, str]:
    return {
        "Cache-Control": "no-store",
        "Content-Language": locale.value,
        "Vary": "Accept, Accept-Language",
    }


def _wants_html(accept: str | None) -> bool:
    """Browsers (text/html before any JSON) get the page; API clients get JSON."""
    if not accept or "text/html" not in accept:
        return False
    json_at = accept.find("application/json")
    return json_at == -1 or accept.find("text/html") < json_at


Region = Annotated[
    str,
    Query(pattern=r"^[0-9]{2,6}$", description="a region-code prefix (2–6 digits) of the client's"),
]
From = Annotated[
    Rfc3339Date, Query(alias="from", description="the period's first day (Beijing date), included")
]
To = Annotated[
    Rfc3339Date,
    Query(alias="to", description="the day after the period's last (Beijing date), excluded"),
]


@router.get(
    "",
    operation_id="getStatistics",
    response_model=StatisticsView,
    responses={**_ERRORS, 200: {"content": {"text/html": {}}, "description": "the view"}},
    summary="The supervisor's view of a region and a period: counts, no personal data",
    description=_DESCRIPTION + " JSON by default; the page with `Accept: text/html`.",
)
async def get_statistics(
    *,
    client: Supervisor,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    region: Region,
    starts_on: From,
    ends_before: To,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    view = await read_statistics(
        runtime,
        client,
        region,
        starts_on=starts_on,
        ends_before=ends_before,
        locale=locale,
        request_id=request_id,
    )
    if _wants_html(accept):
        return HTMLResponse(render_statistics_html(view), headers=_headers(locale))
    return Response(view.model_dump_json(), media_type="application/json", headers=_headers(locale))


@router.get(
    "/page",
    operation_id="getStatisticsPage",
    response_class=HTMLResponse,
    responses=_ERRORS,
    summary="The supervisor's view as a page with bar charts (HTML)",
    description=_DESCRIPTION + " A self-contained page: bar charts as inline SVG, no script.",
)
async def get_statistics_page(
    *,
    client: Supervisor,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    region: Region,
    starts_on: From,
    ends_before: To,
) -> HTMLResponse:
    view = await read_statistics(
        runtime,
        client,
        region,
        starts_on=starts_on,
        ends_before=ends_before,
        locale=locale,
        request_id=request_id,
    )
    return HTMLResponse(render_statistics_html(view), headers=_headers(locale))
