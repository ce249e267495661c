"""The message catalogue is complete: every code in both languages, with the same parameters.

The codes are found where they are used: string literals in the service and the
connectors that look like catalogue codes, the ``ReasonCode`` enum, and the
report template's ``t("page.…", name=…)`` calls.  Where a call spells out its
parameters (a dict literal, keyword arguments), their names must be the
template's fields.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.sdk.errors import ReasonCode
from verification.messages.catalogue import LABELS, MESSAGES
from verification.messages.locale import Locale
from verification.messages.render import KINDS, label, render

ROOT = Path(__file__).resolve().parents[3]
# the layered policy's parameter keys (``review.interval_months.stable``) look like codes
PARAMETER_KEYS = ROOT / "services" / "verification" / "policies" / "layered"
SOURCES = [
    *sorted(
        path
        for path in (ROOT / "services" / "verification").rglob("*.py")
        if not path.is_relative_to(PARAMETER_KEYS)
    ),
    *sorted((ROOT / "connectors").rglob("*.py")),
]
TEMPLATE = ROOT / "services" / "verification" / "reports" / "templates" / "report.html"
# the consent-use record's pages (consent/templates/): their texts are used there
CONSENT_TEMPLATES = sorted(
    (ROOT / "services" / "verification" / "consent" / "templates").glob("*.html")
)
CODE = re.compile(
    r"^(?:rule|finding|deduction|reason|source|review|page|policy|procedure|receipt|problem"
    r"|stats|integrity|spot_check)"
    r"\.[a-z_.]+$"
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def fields(template: str) -> set[tuple[str, str]]:
    return {
        (name, spec or "")
        for _text, name, spec, _conversion in string.Formatter().parse(template)
        if name is not None
    }


def names(template: str) -> set[str]:
    return {name for name, _spec in fields(template)}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_languages_with_the_same_parameters(code: str) -> None:
    text = MESSAGES[code]
    assert text.zh_cn.strip() and text.en.strip(), code
    assert fields(text.zh_cn) == fields(text.en), code
    for _name, spec in fields(text.zh_cn):
        assert not spec or spec in KINDS or spec in LABELS, (code, spec)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_chinese_texts_have_no_english_words(code: str) -> None:
    assert not LATIN_WORD.search(PLACEHOLDER.sub("", MESSAGES[code].zh_cn)), code


@pytest.mark.parametrize("table", sorted(LABELS))
def test_every_label_in_both_languages(table: str) -> None:
    for code, text in LABELS[table].items():
        assert text.zh_cn.strip() and text.en.strip(), (table, code)
        assert not LATIN_WORD.search(text.zh_cn), (table, code)


def _calls(path: Path) -> Iterator[tuple[str, ast.Call]]:
    """(code, call) for each call that names a catalogue code as a positional argument."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        for arg in node.args:
            if (
                isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and CODE.match(arg.value)
            ):
                yield arg.value, node
            elif (
                isinstance(arg, ast.Attribute)
                and isinstance(arg.value, ast.Name)
                and arg.value.id == "ReasonCode"
            ):
                yield ReasonCode[arg.attr].value, node


def _used_codes() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CODE.match(node.value)
            ):
                used.setdefault(node.value, []).append(str(path.relative_to(ROOT)))
    for code in ReasonCode:
        used.setdefault(code.value, []).append("connectors/sdk/errors.py")
    for template in (TEMPLATE, *CONSENT_TEMPLATES):
        for code, _params in _template_calls(template):
            used.setdefault(code, []).append(str(template.relative_to(ROOT)))
    return used


def _template_calls(template: Path = TEMPLATE) -> list[tuple[str, set[str]]]:
    text = template.read_text(encoding="utf-8")
    return [
        (match.group(1), set(re.findall(r"(\w+)=", match.group(2))))
        for match in re.finditer(r"""\bt\("([^"]+)"(.*?)\)\s*}}""", text)
    ]


def test_every_code_used_has_texts() -> None:
    missing = {code: where for code, where in _used_codes().items() if code not in MESSAGES}
    assert not missing


def test_every_text_is_used() -> None:
    used = _used_codes()
    unused = set(MESSAGES) - set(used) - {"verbatim"}
    assert not unused


def test_parameters_spelled_out_at_a_call_are_the_texts_fields() -> None:
    checked = 0
    for path in SOURCES:
        for code, call in _calls(path):
            given = [a for a in call.args if isinstance(a, ast.Dict)]
            if not given or any(key is None for key in given[0].keys):
                continue  # parameters built elsewhere (or spread): checked when rendered
            keys = {key.value for key in given[0].keys if isinstance(key, ast.Constant)}
            assert keys == names(MESSAGES[code].zh_cn), (path.name, call.lineno, code)
            checked += 1
    for code, keywords in [c for t in (TEMPLATE, *CONSENT_TEMPLATES) for c in _template_calls(t)]:
        if code == "page.footer_pages":
            continue  # given by page_counters() in reports/html.py
        assert keywords == names(MESSAGES[code].zh_cn), code
        checked += 1
    assert checked > 50


def test_a_member_counts_from_one() -> None:
    assert render("rule.identity.unknown", {"member_index": 0}, Locale.ZH_CN).startswith("成员1")
    assert render("rule.identity.unknown", {"member_index": 0}, Locale.EN).startswith("member 1")
    assert render("rule.wages.unexplained", {"member_indexes": [0, 2]}).startswith("成员1、成员3")
    assert render("rule.wages.unexplained", {"member_indexes": [0, 2]}, Locale.EN).startswith(
        "members 1, 3"
    )


def test_nested_and_listed_parameters() -> None:
    detail = {
        "code": "rule.evidence_missing",
        "params": {"sources": [{"member_index": 1, "scope": "bank", "status": "unavailable"}]},
    }
    params = {"rule": "sources_complete", "details": [detail]}
    assert render("reason.rule", params) == "数据来源完整：缺少数据：成员2 银行金融（暂不可用）"
    assert render("reason.rule", params, Locale.EN) == (
        "sources complete: evidence missing: member 2 banks (unavailable)"
    )
    cause = {"attempts": 3, "cause": "http_503"}
    assert render("source.gave_up", cause) == "尝试 3 次均未成功（最后一次：状态码 503）"
    assert (
        render("source.gave_up", cause, Locale.EN) == "gave up after 3 attempt(s) (last: HTTP 503)"
    )


def test_unknown_codes_show_as_they_are_and_missing_parameters_fail() -> None:
    assert render("rule.from_a_newer_version", {}) == "rule.from_a_newer_version"
    assert label("scope", "pension_office") == "pension_office"
    with pytest.raises(KeyError):
        render("rule.identity.unknown", {})


def test_every_attempt_outcome_of_the_sdk_is_named_in_both_languages():
    from connectors.sdk.http import Outcome

    tokens = {
        value for name, value in vars(Outcome).items() if name.isupper() and isinstance(value, str)
    }
    assert "tls_error" in tokens
    for token in tokens:
        assert token in LABELS["attempt_outcome"], token
        assert label("attempt_outcome", token) != token
        assert label("attempt_outcome", token, Locale.EN)
    assert render("source.gave_up", {"attempts": 3, "cause": "tls_error"}) == (
        "尝试 3 次均未成功（最后一次：安全连接建立失败）"
    )
