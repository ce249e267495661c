"""市场监管 (工商) market regulation, in the style of the national enterprise credit
information publicity system: XML, codes instead of names, amounts in 万元.

``GET /market-regulation/api/v1/entities?zjhm={id}`` answers ``application/xml``::

    <RESPONSE><HEAD><CODE>0000</CODE><MSG>成功</MSG></HEAD><BODY><ENTITY>…</ENTITY></BODY>
    </RESPONSE>

one ``ENTITY`` per role of the person in a market entity (a 个体工商户 they operate, a
company they represent or hold shares in): ``NBXH`` the agency's serial number, ``ZTLX``
the entity type code, ``RYLX`` the role code, ``DJZT`` the status code, ``ZCZB``
(注册资本 / 资金数额) and ``RJCZE`` (the person's subscribed share) in 万元 with up to six
places, ``NBND`` and ``YYSR`` the last annual report's year and declared turnover (营业收入,
万元).  An element the agency holds no value for is absent.  A person it holds nothing on,
or an invalid ID number, is HTTP 200 with ``CODE`` ``0001`` ``查无记录`` and no ``BODY``.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mock_sources.records import MarketEntity
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/market-regulation", tags=["market_regulation"])

_TEN_THOUSAND = Decimal(10000)
_SIX_PLACES = Decimal("0.000001")
XML = "application/xml; charset=utf-8"


def _wan(yuan: Decimal) -> str:
    return f"{(yuan / _TEN_THOUSAND).quantize(_SIX_PLACES).normalize():f}"


def _element(tag: str, value: str | None) -> str:
    return "" if value is None else f"<{tag}>{escape(value)}</{tag}>"


def _entity(entity: MarketEntity) -> str:
    parts = [
        _element("NBXH", entity.record_ref),
        _element("ZTLX", entity.entity_type.value),
        _element("RYLX", entity.role.value),
        _element("DJZT", entity.status.value),
        _element(
            "ZCZB",
            _wan(entity.registered_capital) if entity.registered_capital is not None else None,
        ),
        _element("RJCZE", _wan(entity.subscribed) if entity.subscribed is not None else None),
        _element("NBND", str(entity.report_year) if entity.report_year is not None else None),
        _element("YYSR", _wan(entity.turnover) if entity.turnover is not None else None),
    ]
    return f"<ENTITY>{''.join(parts)}</ENTITY>"


def render(entities: tuple[MarketEntity, ...]) -> str:
    """The agency's XML document for a person's entities (``查无记录`` when none)."""
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<RESPONSE>'
    if not entities:
        return f"{head}<HEAD><CODE>0001</CODE><MSG>查无记录</MSG></HEAD></RESPONSE>"
    body = "".join(_entity(e) for e in entities)
    return f"{head}<HEAD><CODE>0000</CODE><MSG>成功</MSG></HEAD><BODY>{body}</BODY></RESPONSE>"


@router.get("/api/v1/entities")
async def list_entities(id_number: Annotated[str, Query(alias="zjhm")]) -> Response:
    records = records_for(id_number)
    entities = records.market_entities if records is not None else ()
    return Response(render(entities), media_type=XML)
