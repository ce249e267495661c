"""Choosing the language of a request from its ``Accept-Language`` header."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verification.messages.locale import Locale, negotiate


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, Locale.ZH_CN),
        ("", Locale.ZH_CN),
        ("en", Locale.EN),
        ("en-GB", Locale.EN),
        ("EN-us", Locale.EN),
        ("zh-CN,zh;q=0.9,en;q=0.8", Locale.ZH_CN),
        ("en-US,en;q=0.9,zh-CN;q=0.8", Locale.EN),
        ("zh-TW", Locale.ZH_CN),
        ("fr-FR, en;q=0.5", Locale.EN),
        ("fr-FR", Locale.ZH_CN),  # nothing we speak: the default
        ("en;q=0, zh;q=0.1", Locale.ZH_CN),  # q=0 excludes
        ("en;q=0", Locale.ZH_CN),
        ("zh;q=0.5, en;q=0.7", Locale.EN),  # the highest q wins
        ("zh, en", Locale.ZH_CN),  # the first among equals
        ("*", Locale.ZH_CN),
        ("en;q=abc", Locale.ZH_CN),  # a weight that does not parse: ignored
        ("en;q=2", Locale.ZH_CN),
        (";;;,,,", Locale.ZH_CN),
    ],
)
def test_negotiate(header: str | None, locale: Locale) -> None:
    assert negotiate(header) is locale


@given(st.text(max_size=200))
def test_any_header_gets_a_locale(header: str) -> None:
    assert negotiate(header) in Locale
