"""The report flags a policy value that lapsed without a successor on its assessment date."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.verification.helpers import scenario_body
from verification.messages.locale import Locale
from verification.messages.render import render_message
from verification.policies.effective import resolve
from verification.policies.in_force import lapse_notes
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir

NANNING = "450102"


@pytest.fixture(scope="module")
def layers() -> LayerSet:
    return LayerSet.from_dir(default_layers_dir())


def test_no_note_while_the_basic_pension_exclusion_is_in_force(layers: LayerSet) -> None:
    assert lapse_notes(resolve(layers, NANNING, dt.date(2025, 12, 31))) == []


def test_the_lapsed_basic_pension_exclusion_is_noted_with_its_citation(layers: LayerSet) -> None:
    note, counted = lapse_notes(resolve(layers, NANNING, dt.date(2026, 1, 1)))
    assert counted.code == "policy.exclusion_lapsed_counted"
    assert counted.params == {"category": "basic_pension"}
    assert "基础养老金已计入家庭收入" in render_message(counted, Locale.ZH_CN)
    assert note.code == "policy.lapsed"
    assert note.params["parameter"] == "income.excluded.basic_pension"
    assert note.params["lapsed_on"] == "2025-12-31"
    assert "第十三条第二款第（三）项" in note.params["citation"]
    chinese = render_message(note, Locale.ZH_CN)
    assert "已于2025-12-31到期" in chinese and "最低生活保障审核确认办法" in chinese
    assert "未适用该规定" in chinese
    english = render_message(note, Locale.EN)
    assert "income.excluded.basic_pension" in english and "lapsed on 2025-12-31" in english


def test_only_parameters_the_engine_relies_on_are_noted(layers: LayerSet) -> None:
    effective = resolve(layers, NANNING, dt.date(2026, 12, 5))
    assert [(n.code, n.params.get("parameter")) for n in lapse_notes(effective)] == [
        ("policy.lapsed", "income.excluded.basic_pension"),
        ("policy.exclusion_lapsed_counted", None),
    ]
    assert lapse_notes(effective, relied_on=(p.STANDARD_RURAL, p.GRADUATION_MONTHS)) == []


async def test_the_report_flags_the_lapse_and_counts_the_pension(api) -> None:
    """From 2026-01-01 the basic pension counts as income (the exclusion lapsed with no
    successor): the report says so, in both languages, and the pension is in the figures."""
    assert api.runtime.today() > dt.date(2025, 12, 31)  # the suite's business date
    body = scenario_body(api.issuer_key, "eligible")
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["outcome"] == "eligible" and report["policy"]["id"] == "gx-nanning"
    note, counted = report["policy_notes"]
    assert note["code"] == "policy.lapsed"
    assert note["params"]["parameter"] == "income.excluded.basic_pension"
    assert note["params"]["lapsed_on"] == "2025-12-31"
    assert "已于2025-12-31到期" in note["text"]
    assert counted["code"] == "policy.exclusion_lapsed_counted"
    assert "基础养老金已计入家庭收入" in counted["text"]
    (used,) = [v for v in report["policy"]["values"] if v["key"] == "income.excluded.basic_pension"]
    assert used["status"] == "lapsed" and used["value"] is None
    assert used["layer"] == "cn" and used["valid_until"] == "2025-12-31"
    assert "第十三条第二款第（三）项" in used["citation"]
    english = await api.http.get(
        f"/v1/verifications/{report['id']}", headers={**api.auth(), "Accept-Language": "en"}
    )
    en_note, en_counted = english.json()["policy_notes"]
    assert en_note["params"] == note["params"]
    assert en_note["text"].startswith("policy parameter income.excluded.basic_pension")
    assert "was counted as household income" in en_counted["text"]
