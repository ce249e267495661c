"""Each of the 28 national rules (docs/national-rules.md) is in the national baseline: as a
value with its article, or as ``left_to_local`` with the reason and the article that leaves it
local. One test per rule; each row names a parameter, the document and article it cites, and
what it says on a date (2026-06-01 unless the row gives one)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import EffectivePolicy, Status, resolve

LOCAL = object()  # the row expects left_to_local
ON = dt.date(2026, 6, 1)
BANFA = "banfa-2021"
NOTICE = "tongzhi-2022"
RIGID = "gangxing-2025"
Row = tuple[p.Param[Any], str, str, object] | tuple[p.Param[Any], str, str, object, dt.date]

RULES: dict[int, list[Row]] = {
    1: [
        (
            p.MEMBER_RELATIONS,
            BANFA,
            "第七条第一款",
            [
                "spouse",
                "minor_child",
                "dependent_adult_child",
                "student_child",
                "cohabiting_dependant",
            ],
        )
    ],
    2: [
        (
            p.EXCLUDED_PERSONS,
            BANFA,
            "第七条第二款第（一）（二）项",
            ["clergy_away_3_years", "imprisoned", "compulsory_rehabilitation", "declared_missing"],
        ),
        (p.PROVINCE_EXCLUDED_PERSONS, BANFA, "第七条第二款第（三）项", LOCAL),
    ],
    3: [
        (p.STANDARD_URBAN, "zanxing", "第十条第一款", LOCAL),
        (p.STANDARD_RURAL, "zanxing", "第十条第一款", LOCAL),
        (p.FINANCIAL_MULTIPLE, "zanxing", "第十条第二款", LOCAL),
        (p.MAX_RESIDENCES, "zanxing", "第十条第二款", LOCAL),
        (p.COMMERCIAL_PROPERTY_ALLOWED, "zanxing", "第十条第二款", LOCAL),
    ],
    4: [
        (p.EMPLOYMENT_COST_SCOPE, BANFA, "第十三条第一款第（一）项", "all_wage_earners"),
        (p.EMPLOYMENT_COST_MONTHLY, BANFA, "第十三条第三款", LOCAL),
        # 经营净收入 is income (第十三条); how a 个体工商户's is worked out is local
        (p.BUSINESS_PRESUMPTIVE_MARGIN, BANFA, "第十三条", LOCAL),
        (
            p.TRANSFER_NET_OF,
            BANFA,
            "第十三条第一款第（四）项",
            ["taxes", "social_security", "support_payments"],
        ),
        # pensions by type and unemployment benefit are 转移性收入: counted
        (p.EXCLUDED_EMPLOYEE_PENSION, BANFA, "第十三条第一款第（四）项", False),
        (p.EXCLUDED_PUBLIC_PENSION, BANFA, "第十三条第一款第（四）项", False),
        (p.EXCLUDED_UNEMPLOYMENT_BENEFIT, BANFA, "第十三条第一款第（四）项", False),
        (p.ANNUITY_COUNTED, BANFA, "第十三条第一款第（三）项", True),
        (p.ANNUITY_COUNTED, "zanxing", "第十条第二款", LOCAL, dt.date(2021, 6, 30)),
    ],
    5: [
        (p.EXCLUDED_SPECIAL_CARE, BANFA, "第十三条第二款第（一）项", True),
        (p.EXCLUDED_FAMILY_PLANNING, BANFA, "第十三条第二款第（一）项", True),
        (p.EXCLUDED_SCHOLARSHIP, BANFA, "第十三条第二款第（一）项", True),
        (p.EXCLUDED_REWARD, BANFA, "第十三条第二款第（一）项", True),
    ],
    6: [(p.EXCLUDED_SOCIAL_ASSISTANCE, BANFA, "第十三条第二款第（二）项", True)],
    7: [(p.EXCLUDED_BASIC_PENSION, BANFA, "第十三条第二款第（三）项", True, dt.date(2024, 6, 1))],
    8: [(p.EXCLUDED_LOCAL, BANFA, "第十三条第二款第（四）项", LOCAL)],
    9: [
        (p.RIGID_EXPENSE_DEDUCTIBLE, BANFA, "第十三条第三款", True),
        (p.RIGID_EXPENSE_CAP_MONTHLY, BANFA, "第十三条第三款", LOCAL),
        (p.EMPLOYMENT_COST_MONTHLY, BANFA, "第十三条第三款", LOCAL),
    ],
    10: [
        (
            p.PROPERTY_KINDS,
            BANFA,
            "第十四条",
            [
                "bank_deposits",
                "securities",
                "funds",
                "commercial_insurance",
                "claims",
                "internet_finance",
                "vehicles",
                "buildings",
                "trees_and_fixtures",
            ],
        ),
        (p.EXEMPT_VEHICLE_USES, BANFA, "第十四条", LOCAL),
        (p.FINANCIAL_MULTIPLE, "zanxing", "第十条第二款", LOCAL),
        (p.MAX_RESIDENCES, "zanxing", "第十条第二款", LOCAL),
        (p.COMMERCIAL_PROPERTY_ALLOWED, "zanxing", "第十条第二款", LOCAL),
        (p.COUNT_PROVIDENT_FUND, "zanxing", "第十条第二款", LOCAL),
        (p.COUNT_INSURANCE_CASH_VALUE, BANFA, "第十四条", True),
        (p.COUNT_INSURANCE_CASH_VALUE, "zanxing", "第十条第二款", LOCAL, dt.date(2021, 6, 30)),
        (p.OPERATING_COMPANY_DISQUALIFIES, "zanxing", "第十条第二款", LOCAL),
    ],
    11: [
        (p.EDGE_INCOME_MULTIPLE, BANFA, "第八条第二款", Decimal("1.5")),
        (p.EDGE_REQUIRES_PROPERTY, BANFA, "第八条第二款", True),
    ],
    12: [
        (
            p.SINGLE_PERSON_EDGE_CATEGORIES,
            BANFA,
            "第八条第一款第（一）（二）项",
            ["disability_grade_1_2", "disability_grade_3_intellectual_mental", "serious_illness"],
        )
    ],
    13: [
        (
            p.SINGLE_PERSON_ANY_CATEGORIES,
            NOTICE,
            "一（一）",
            ["clergy_in_religious_venue", "adult_unemployed_severe_disability"],
        ),
        (p.SINGLE_PERSON_MIN_AGE, NOTICE, "一（一）", 18),
        (p.SINGLE_PERSON_SUPPORT_EXEMPTABLE, NOTICE, "一（一）", True),
    ],
    14: [(p.REQUIRES_AUTHORIZATION, "zanxing", "第五十八条第二款", True)],
    15: [
        (
            p.VERIFICATION_SOURCES,
            NOTICE,
            "三（二）",
            [
                "hukou",
                "tax",
                "social_insurance",
                "real_estate",
                "business_registration",
                "provident_fund",
                "vehicles_vessels",
                "bank_deposits",
                "commercial_insurance",
                "securities",
                "internet_finance",
                "marriage",
                "funeral",
                "death",
                "pension",
            ],
        ),
        (p.VERIFICATION_START_DAYS, BANFA, "第十七条第一款", 3),
    ],
    16: [
        (p.ADVERSE_CHECK_NOTICE, BANFA, "第十八条第一款", True),
        (p.RECHECK_ON_OBJECTION, BANFA, "第十八条第二款", True),
    ],
    17: [
        (p.INVESTIGATION_START_DAYS, BANFA, "第十五条第一款", 3),
        (p.VERIFICATION_START_DAYS, BANFA, "第十七条第一款", 3),
        (p.COUNTY_DECISION_DAYS, BANFA, "第二十条第一款", 10),
        (p.REFUSAL_NOTICE_DAYS, BANFA, "第二十一条", 3),
        (p.TOTAL_DAYS, BANFA, "第二十二条", 30),
        (p.TOTAL_SPECIAL_DAYS, BANFA, "第二十二条", 45),
        (p.TOTAL_DELEGATED_DAYS, NOTICE, "四（一）", 20),
    ],
    18: [(p.PUBLICITY_DAYS, BANFA, "第十九条第一款", 7)],
    19: [
        (
            p.PUBLISHED_FIELDS,
            BANFA,
            "第二十四条",
            ["applicant_name", "household_size", "allowance_amount"],
        )
    ],
    20: [
        (p.ALLOWANCE_METHOD, "zanxing", "第十二条第一款", "difference"),
        (p.TIERED_PERMITTED, BANFA, "第二十三条", True),
        (p.ALLOWANCE_TIERS, BANFA, "第二十三条", LOCAL),
        (p.PAID_FROM, BANFA, "第二十一条", "month_after_approval"),
    ],
    21: [
        (p.REVIEW_THREE_NO, BANFA, "第三十一条第二款", 12),
        (p.REVIEW_ILLNESS_DISABILITY_STABLE, BANFA, "第三十一条第二款", 12),
        (p.REVIEW_STABLE, BANFA, "第三十一条第二款", 12),
        (p.REVIEW_VARIABLE_URBAN, BANFA, "第三十一条第二款", 6),
        (p.REVIEW_VARIABLE_RURAL, BANFA, "第三十一条第二款", 6),
    ],
    22: [(p.RECHECK_AFTER_DEATH_MONTHS, NOTICE, "一（三）", 3)],
    23: [(p.GRADUATION_MONTHS, NOTICE, "一（三）", 6)],
    24: [
        (p.CONSECUTIVE_REFUSALS, "zanxing", "第四十五条", 3),
        (p.REFUSAL_CUT, "zanxing", "第四十五条", "refuser_only"),
        (p.REFUSAL_CUT_FRACTION, "zanxing", "第四十五条", LOCAL),
    ],
    25: [
        (p.STAFF_RELATIVE_REGISTRATION, BANFA, "第十一条", True),
        (p.STAFF_RELATIVE_HOME_VISIT, BANFA, "第二十条第二款", True),
    ],
    26: [
        (p.HARDSHIP_NOT_DIBAO_OR_EDGE, RIGID, "第四条第一款第（一）项", True),
        (p.HARDSHIP_INCOME_LINE, RIGID, "第四条第一款第（二）项", "prior_year_disposable_income"),
        (p.HARDSHIP_DISPOSABLE_INCOME, RIGID, "第四条第一款第（二）项", LOCAL),
        (p.HARDSHIP_SPENDING_WINDOW, RIGID, "第四条第一款第（四）项", 12),
        (
            p.HARDSHIP_SPENDING_KINDS,
            RIGID,
            "第五条第一款",
            ["living", "medical", "education", "disability_rehabilitation", "other_local"],
        ),
        (p.HARDSHIP_SPENDING_RATIO, RIGID, "第四条第二款", LOCAL),
        (p.HARDSHIP_DECISION_DAYS, RIGID, "第八条", 30),
        (p.HARDSHIP_DECISION_SPECIAL_DAYS, RIGID, "第八条", 45),
        (p.HARDSHIP_VALIDITY_MONTHS, RIGID, "第十条第一款", 12),
    ],
    27: [(p.ANSWER_OTHER_PROVINCES, NOTICE, "三（二）", True)],
    28: [(p.CONFIDENTIALITY, "zanxing", "第六十一条", True)],
}


@pytest.fixture(scope="module")
def layers() -> LayerSet:
    return LayerSet.from_dir(default_layers_dir())


def national(layers: LayerSet, day: dt.date) -> EffectivePolicy:
    # 110101 (Beijing) has no layer of its own: what it gets is the national baseline
    return resolve(layers, "110101", day)


def test_the_table_covers_the_28_rules_and_every_tagged_parameter() -> None:
    assert sorted(RULES) == list(range(1, 29))
    for number, rows in RULES.items():
        tagged = {param.key for param in p.PARAMS.values() if number in param.rules}
        assert {row[0].key for row in rows} == tagged, f"rule {number}"


@pytest.mark.parametrize("rule", sorted(RULES), ids=lambda n: f"rule-{n:02d}")
def test_national_rule(layers: LayerSet, rule: int) -> None:
    for row in RULES[rule]:
        param, document, article, expected = row[:4]
        day = row[4] if len(row) == 5 else ON
        resolved = national(layers, day)[param]
        source = resolved.source
        assert source is not None, param.key
        assert source.layer_id == "cn", param.key
        assert source.entry.citation.document == document, param.key
        assert source.entry.citation.article == article, param.key
        assert source.document is not None and source.document.title, param.key
        assert not source.example, param.key
        if expected is LOCAL:
            assert resolved.status is Status.LEFT_TO_LOCAL, param.key
            assert source.entry.reason, param.key
        else:
            assert resolved.status is Status.IN_FORCE, param.key
            wanted = tuple(expected) if isinstance(expected, list) else expected
            assert resolved.value == wanted, param.key


def test_the_rules_document_lists_the_28_rules_and_names_real_parameters() -> None:
    text = (Path(__file__).parents[3] / "docs" / "national-rules.md").read_text(encoding="utf-8")
    assert [int(n) for n in re.findall(r"^\*\*(\d+)\. ", text, re.MULTILINE)] == list(range(1, 29))
    dotted = set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)(?:\.\*)?`", text))
    named = {key for key in dotted if key.rsplit(".", 1)[1] not in {"py", "toml", "md"}}
    assert named, "the document names the parameters"
    for key in named:
        assert any(k == key or k.startswith(f"{key}.") for k in p.PARAMS), key
