"""The report's typed fields, held to the engine and to the served OpenAPI document.

- the document's ``RuleId``, ``Figure`` and ``HardshipFigure`` enums are exactly the engine's
  (``assessment/``), and so are the message catalogue's labels of them;
- every rule in a report carries every figure its rule states, null where it could not state
  it (a source down), never a missing key or a 0 made up; the hardship figures likewise;
- reports served (created, read, retried) validate against the served document's
  ``VerificationReport`` schema, and across the scenarios they hold every rule id.
"""

from __future__ import annotations

from typing import Any, ClassVar

import jsonschema_rs

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import SourceResult, SourceStatus
from mock_sources.scenarios import HOUSEHOLDS
from tests.verification.helpers import integrated_report, scenario_body, supported_body
from verification.assessment.hardship import HardshipFigure
from verification.assessment.model import RULE_FIGURES, Figure, RuleId
from verification.messages.catalogue import LABELS


def _validator(document: dict[str, Any], schema: str) -> Any:
    root = {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    return jsonschema_rs.Draft202012Validator(root)


def _errors(validator: Any, instance: Any) -> list[str]:
    return [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(instance)]


class Down:
    """A source that answers nothing (its agency unreachable)."""

    scope: ClassVar[str]

    def __init__(self, scope: str) -> None:
        self.scope = scope

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        return SourceResult(
            self.scope,
            SourceStatus.UNAVAILABLE,
            reason="HTTP 503; gave up",
            attempts=1,
            reason_code=ReasonCode.GAVE_UP,
            reason_params={"attempts": 1, "cause": "http_503"},
        )

    async def aclose(self) -> None:
        return None


async def test_the_served_enums_are_the_engines(api) -> None:
    schemas = (await api.http.get("/openapi.json")).json()["components"]["schemas"]
    assert schemas["RuleId"]["enum"] == [rule.value for rule in RuleId]
    assert schemas["Figure"]["enum"] == [figure.value for figure in Figure]
    assert schemas["HardshipFigure"]["enum"] == [figure.value for figure in HardshipFigure]
    rule_view = schemas["RuleView"]["properties"]
    assert rule_view["rule"]["$ref"] == "#/components/schemas/RuleId"
    assert rule_view["figures"]["propertyNames"] == {"$ref": "#/components/schemas/Figure"}
    assert rule_view["figures"]["additionalProperties"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}]
    }
    for rule, figures in RULE_FIGURES.items():  # each rule's figures are documented
        if figures:
            assert (
                f"`{rule}`: " + ", ".join(f"`{f}`" for f in figures)
                in (rule_view["figures"]["description"])
            )
    assert set(RULE_FIGURES) == set(RuleId)
    assert set(LABELS["rule"]) == set(RuleId) and set(LABELS["figure"]) == set(Figure)


async def test_reports_validate_and_hold_every_rule_id(api) -> None:
    document = (await api.http.get("/openapi.json")).json()
    validator = _validator(document, "VerificationReport")
    seen: set[str] = set()
    bodies = [scenario_body(api.issuer_key, h.name) for h in HOUSEHOLDS]
    single = scenario_body(api.issuer_key, "two_houses")
    single["declaration"] = {
        "members": [{"member_index": 1, "severe_disability": True}],
        "single_person_member": 1,
    }
    # the obligor_support_assessed rule: a household verified with its support obligors
    obligors = supported_body(api, "elderly_supported")
    for body in [*bodies, single, obligors]:
        created = await api.http.post("/v1/verifications", json=body, headers=api.auth())
        assert created.status_code == 201, created.text
        report = created.json()
        assert _errors(validator, report) == []
        read = await integrated_report(api, report)  # GET, once its audit entry is in the log
        assert _errors(validator, read) == []
        for rule in report["rules"]:
            seen.add(rule["rule"])
            stated = RULE_FIGURES[RuleId(rule["rule"])]
            assert list(rule["figures"]) == [f.value for f in stated], rule["rule"]
            if rule["result"] != "not_assessable":  # compared: every figure stated
                assert None not in rule["figures"].values(), rule
    assert seen == {rule.value for rule in RuleId}
    # the schema does refuse what the enums leave out
    unknown_rule = {**report["rules"][0], "rule": "no_such_rule"}
    assert _errors(validator, {**report, "rules": [unknown_rule]})
    unknown_figure = {**report["rules"][0], "figures": {"weird_figure": "7"}}
    assert _errors(validator, {**report, "rules": [unknown_figure]})


async def test_figures_not_stated_are_null(api) -> None:
    """Tax and bank down: the income and financial-asset rules cannot compare, so their
    figures are null (not absent, not 0), and the hardship rule states no per-capita income
    made of the answers that came; the report still validates, and so does its retry."""
    document = (await api.http.get("/openapi.json")).json()
    validator = _validator(document, "VerificationReport")
    real = dict(api.runtime.connectors)
    api.runtime.connectors.update({"tax": Down("tax"), "bank": Down("bank")})
    try:
        # a private car: ineligible whatever the income, so the hardship rule is assessed
        body = scenario_body(api.issuer_key, "private_car")
        created = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    finally:
        api.runtime.connectors.update(real)
    assert created.status_code == 201, created.text
    report = created.json()
    assert _errors(validator, report) == []
    rules = {rule["rule"]: rule for rule in report["rules"]}
    assert report["outcome"] == "ineligible"
    assert rules["income_below_standard"]["result"] == "not_assessable"
    assert rules["income_below_standard"]["figures"] == {
        "per_capita_monthly": None,
        "standard_monthly": None,
    }
    assert rules["financial_assets_within_limit"]["figures"] == {"total": None, "limit": None}
    assert rules["no_non_exempt_vehicle"]["figures"] == {"count": "1"}
    assert rules["sources_complete"]["figures"] == {}
    hardship = report["hardship"]
    assert hardship is not None and hardship["status"] == "not_met"  # property exceeds
    assert list(hardship["figures"]) == [f.value for f in HardshipFigure]
    assert hardship["figures"]["per_capita_annual"] is None
    assert hardship["figures"]["income_spending_window"] is None
    assert "rule.hardship.income_unknown" in {m["code"] for m in hardship["messages"]}

    retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    again = retried.json()
    assert _errors(validator, again) == []
    rules = {rule["rule"]: rule for rule in again["rules"]}
    assert rules["income_below_standard"]["figures"]["per_capita_monthly"] == "46.67"
    assert again["hardship"]["figures"]["per_capita_annual"] == "560.04"
