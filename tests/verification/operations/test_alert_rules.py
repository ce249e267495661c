"""The alert rules: promtool's own checks and unit tests, and that every metric they name
is one the service exports (a renamed metric would leave an alert that never fires)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from prometheus_client.parser import text_string_to_metric_families

RULES_DIR = Path(__file__).resolve().parents[3] / "deploy" / "prometheus"
RULES = RULES_DIR / "alerts.yml"
PROMQL_WORDS = frozenset(
    {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right"}
    | {"bool", "offset", "inf", "nan"}
)


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: scripts/test installs it (Debian package prometheus)"
    return subprocess.run(
        [promtool, *args], cwd=RULES_DIR, capture_output=True, text=True, check=False
    )


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (not functions, keywords, labels)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)  # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set(re.findall(r"(?<![\w:.])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()", expr))
    return {name for name in names if name.lower() not in PROMQL_WORDS}


def exported_names(exposition: str) -> set[str]:
    """Every series name the exposition can hold, including families that have no
    labelled child yet (their HELP and TYPE lines are there)."""
    names: set[str] = set()
    for family in text_string_to_metric_families(exposition):
        names.update(sample.name for sample in family.samples)
        if family.type == "counter":
            names.add(f"{family.name}_total")
        elif family.type in {"histogram", "summary"}:
            names.update(f"{family.name}{suffix}" for suffix in ("_bucket", "_count", "_sum"))
        else:
            names.add(family.name)
    return names


def _rule_exprs() -> dict[str, str]:
    document = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return {rule["alert"]: rule["expr"] for group in document["groups"] for rule in group["rules"]}


def test_promtool_checks_the_rules() -> None:
    result = _promtool("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_unit_tests_pass() -> None:
    result = _promtool("test", "rules", "alerts.test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_the_metric_name_reader() -> None:
    expr = (
        'sum by (scope) (rate(connector_attempts_total{outcome=~"a|b"}[5m])) / '
        "sum without (state) (batch_items_open) > 0 and time() - x:recorded > 900"
    )
    assert metric_names(expr) == {"connector_attempts_total", "batch_items_open", "x:recorded"}


def test_every_alert_is_tested() -> None:
    tests = yaml.safe_load((RULES_DIR / "alerts.test.yml").read_text(encoding="utf-8"))
    tested = {
        case["alertname"]
        for test in tests["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert tested == set(_rule_exprs())


async def test_every_metric_in_the_rules_is_exported(api) -> None:
    response = await api.http.get("/metrics")
    assert response.status_code == 200
    exported = exported_names(response.text)
    referenced = {name for expr in _rule_exprs().values() for name in metric_names(expr)}
    assert len(referenced) >= 10
    assert referenced - exported == set()
    # and the check itself notices a name the service does not export
    assert "connector_requests_total" not in exported
