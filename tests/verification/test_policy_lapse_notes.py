"""The report flags a policy value that lapsed without a successor on its assessment date."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.verification.helpers import scenario_body
from verification.messages.locale import Locale
from verification.messages.render import render_message
from verification.policies.effective import lapse_notes, resolve
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir

NANNING = "450102"


@pytest.fixture(scope="module")
def layers() -> LayerSet:
    return LayerSet.from_dir(default_layers_dir())


def test_no_note_while_the_basic_pension_exclusion_is_in_force(layers: LayerSet) -> None:
    assert lapse_notes(resolve(layers, NANNING, dt.date(2025, 12, 31))) == []


def test_the_lapsed_basic_pension_exclusion_is_noted_with_its_citation(layers: LayerSet) -> None:
    (note,) = lapse_notes(resolve(layers, NANNING, dt.date(2026, 1, 1)))
    assert note.code == "policy.lapsed"
    assert note.params["parameter"] == "income.excluded.basic_pension"
    assert note.params["lapsed_on"] == "2025-12-31"
    assert "第十三条第二款第（三）项" in note.params["citation"]
    chinese = render_message(note, Locale.ZH_CN)
    assert "已于2025-12-31到期" in chinese and "最低生活保障审核确认办法" in chinese
    english = render_message(note, Locale.EN)
    assert "income.excluded.basic_pension" in english and "lapsed on 2025-12-31" in english


def test_only_parameters_the_engine_relies_on_are_noted(layers: LayerSet) -> None:
    effective = resolve(layers, NANNING, dt.date(2026, 12, 5))
    assert [n.params["parameter"] for n in lapse_notes(effective)] == [
        "income.excluded.basic_pension"
    ]
    assert lapse_notes(effective, relied_on=(p.STANDARD_RURAL, p.GRADUATION_MONTHS)) == []


async def test_the_report_carries_the_note_in_both_languages_and_the_figures_stay(api) -> None:
    assert api.runtime.today() > dt.date(2025, 12, 31)  # the suite's business date
    response = await api.http.post(
        "/v1/verifications",
        json=scenario_body(api.issuer_key, "eligible"),
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    report = response.json()
    # the engine still reads the flat policy file: the outcome is the scenario's
    assert report["outcome"] == "eligible" and report["policy"]["id"] == "gx-2016"
    (note,) = report["policy_notes"]
    assert note["code"] == "policy.lapsed"
    assert note["params"]["parameter"] == "income.excluded.basic_pension"
    assert note["params"]["lapsed_on"] == "2025-12-31"
    assert "已于2025-12-31到期" in note["text"]
    english = await api.http.get(
        f"/v1/verifications/{report['id']}", headers={**api.auth(), "Accept-Language": "en"}
    )
    (en_note,) = english.json()["policy_notes"]
    assert en_note["params"] == note["params"]
    assert en_note["text"].startswith("policy parameter income.excluded.basic_pension")
