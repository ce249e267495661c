"""``verification policy show``: the effective layered policy on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verification.cli import app

VERIFICATION = Path(sys.executable).parent / "verification"
NANNING = "450102"
runner = CliRunner()


def _params(body: dict[str, object]) -> dict[str, dict[str, object]]:
    return {p["key"]: p for p in body["parameters"]}  # type: ignore[attr-defined, index]


def test_the_table_shows_value_state_layer_period_and_citation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "240")
    result = runner.invoke(app, ["policy", "show", NANNING, "--on", "2026-12-05"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "南宁市（gx-nanning） → 广西壮族自治区（gx） → 全国（cn）" in out
    for column in ("parameter", "value", "state", "from layer", "valid", "citation"):
        assert column in out
    urban = next(line for line in out.splitlines() if "standard.urban" in line)
    assert "10200.00" in urban and "gx-nanning" in urban and "2025-01-01 – …" in urban
    rural = next(line for line in out.splitlines() if "standard.rural" in line)
    assert "2500.00" in rural and " gx " in rural
    pension = out.splitlines().index(
        next(line for line in out.splitlines() if "income.excluded.basic_pension" in line)
    )
    lapsed = "\n".join(out.splitlines()[pension : pension + 2])
    assert "已失效" in lapsed and "2025-12-31" in lapsed and "第十三条第二款第（三）项" in lapsed


async def test_json_is_the_apis(api) -> None:
    result = runner.invoke(app, ["policy", "show", NANNING, "--on", "2024-06-30", "--json"])
    assert result.exit_code == 0, result.output
    response = await api.http.get(
        "/v1/policies/effective",
        params={"region": NANNING, "on": "2024-06-30"},
        headers=api.auth(),
    )
    assert json.loads(result.stdout) == response.json()
    assert _params(json.loads(result.stdout))["income.excluded.basic_pension"]["value"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["4"], "region code"),
        (["45a102"], "region code"),
        ([NANNING, "--on", "2026-13-01"], "not a date"),
        ([NANNING, "--on", "20261205"], "not a date"),
    ],
)
def test_bad_region_or_date_is_refused(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["policy", "show", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_a_bad_layer_file_names_file_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cn.toml").write_text('[layer]\nid = "cn"\nlevel = "nation"\n', encoding="utf-8")
    monkeypatch.setenv("VERIFICATION_LAYERS_DIR", str(tmp_path))
    result = runner.invoke(app, ["policy", "show", NANNING])
    assert result.exit_code == 1
    assert "cn.toml: layer.level" in result.output


def test_the_installed_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    env["VERIFICATION_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [str(VERIFICATION), "policy", "show", "210902", "--on", "2026-12-05", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    body = json.loads(result.stdout)
    assert [layer["id"] for layer in body["layers"]] == ["ln-fuxin", "ln", "cn"]
    pension = _params(body)["income.excluded.basic_pension"]
    assert pension["status"] == "lapsed" and pension["lapsed_on"] == "2025-12-31"
    table = subprocess.run(
        [str(VERIFICATION), "policy", "show", "110101"],
        cwd=tmp_path,
        env={**env, "COLUMNS": "240"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "全国（cn）" in table.stdout and "standard.rural" in table.stdout
