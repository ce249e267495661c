"""市场监管 wire format: ``GET api/v1/entities?zjhm={id}`` answered in XML.

The document is parsed with ``defusedxml`` (a DTD, entity declarations and external
references are refused, so neither an entity-expansion bomb nor an external entity can reach
the service), then each ``ENTITY``'s child elements are validated as strings by a strict
wire model: codes are looked up in closed tables, amounts are 万元 decimal strings.  An
unknown code is a malformed answer: a code the service does not know cannot be assessed.
"""

from __future__ import annotations

from typing import Annotated, Final, TypeVar
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from pydantic import StringConstraints

from connectors.sdk.errors import MalformedResponseError
from connectors.sdk.evidence import (
    BusinessEntityType,
    BusinessInterest,
    BusinessRole,
    BusinessStatus,
    Evidence,
    RecordRef,
)
from connectors.sdk.wire import AmountText, Reference, WireModel, wan_yuan_to_yuan

SCOPE: Final = "market_regulation"
ENTITIES_PATH: Final = "api/v1/entities"
CODE_OK: Final = "0000"
CODE_NO_RECORD: Final = "0001"

# 市场主体类型 (ZTLX)
ENTITY_TYPES: Final = {
    "1130": BusinessEntityType.LIMITED_COMPANY,  # 有限责任公司（自然人投资或控股）
    "1151": BusinessEntityType.LIMITED_COMPANY,  # 一人有限责任公司（自然人独资）
    "1200": BusinessEntityType.JOINT_STOCK_COMPANY,  # 股份有限公司
    "4530": BusinessEntityType.PARTNERSHIP,  # 合伙企业
    "4540": BusinessEntityType.SOLE_PROPRIETORSHIP,  # 个人独资企业
    "9600": BusinessEntityType.INDIVIDUAL,  # 个体工商户
}
# 人员类型 (RYLX)
ROLES: Final = {
    "01": BusinessRole.LEGAL_REPRESENTATIVE,  # 法定代表人
    "02": BusinessRole.SHAREHOLDER,  # 股东（出资人）
    "03": BusinessRole.OPERATOR,  # 经营者
}
# 登记状态 (DJZT)
STATUSES: Final = {
    "01": BusinessStatus.ACTIVE,  # 在业
    "02": BusinessStatus.ACTIVE,  # 存续
    "03": BusinessStatus.REVOKED,  # 吊销
    "04": BusinessStatus.DEREGISTERED,  # 注销
    "09": BusinessStatus.OTHER,  # 迁出
}

_T = TypeVar("_T")

Code = Annotated[str, StringConstraints(pattern=r"^\d{2,4}$")]
Year = Annotated[str, StringConstraints(pattern=r"^(19|20)\d{2}$")]


class Entity(WireModel):
    NBXH: Reference
    ZTLX: Code
    RYLX: Code
    DJZT: Code
    ZCZB: AmountText | None = None  # 万元
    RJCZE: AmountText | None = None  # 万元
    NBND: Year | None = None
    YYSR: AmountText | None = None  # 万元


class Reply(WireModel):
    CODE: Code
    entities: tuple[Entity, ...] = ()


def parse(content: bytes) -> Reply:
    """The XML document as a ``Reply``; a document that is not well-formed, declares a DTD
    or entities, or has not the agency's shape is ``MalformedResponseError`` (the
    model's ``ValidationError`` for a field's value)."""
    try:
        root = fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise MalformedResponseError("body", "a DTD, entity or external reference") from None
    except ParseError:
        raise MalformedResponseError("body", "not well-formed XML") from None
    if root.tag != "RESPONSE":
        raise MalformedResponseError("body", "not a RESPONSE document")
    code = root.find("HEAD/CODE")
    if code is None or code.text is None:
        raise MalformedResponseError("HEAD.CODE", "missing")
    return Reply.model_validate(
        {"CODE": code.text, "entities": tuple(_fields(e) for e in root.findall("BODY/ENTITY"))}
    )


def _fields(element: Element) -> dict[str, str]:
    fields: dict[str, str] = {}
    for child in element:
        if len(child) or child.tag in fields:
            raise MalformedResponseError(f"ENTITY.{child.tag}", "nested or repeated")
        fields[child.tag] = child.text or ""
    return fields


def _coded(table: dict[str, _T], code: str, field: str) -> _T:
    value = table.get(code)
    if value is None:
        raise MalformedResponseError(field, "an unknown code")
    return value


def to_evidence(reply: Reply) -> Evidence:
    return Evidence(
        businesses=tuple(
            BusinessInterest(
                entity_type=_coded(ENTITY_TYPES, e.ZTLX, "ENTITY.ZTLX"),
                role=_coded(ROLES, e.RYLX, "ENTITY.RYLX"),
                status=_coded(STATUSES, e.DJZT, "ENTITY.DJZT"),
                registered_capital=wan_yuan_to_yuan(e.ZCZB) if e.ZCZB is not None else None,
                subscribed_share=wan_yuan_to_yuan(e.RJCZE) if e.RJCZE is not None else None,
                declared_turnover=wan_yuan_to_yuan(e.YYSR) if e.YYSR is not None else None,
                report_year=int(e.NBND) if e.NBND is not None else None,
                ref=RecordRef(SCOPE, e.NBXH),
            )
            for e in reply.entities
        )
    )
