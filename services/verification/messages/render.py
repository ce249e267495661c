"""Messages in machine form, and their text in a locale.

A ``Message`` is what the pure parts of the service say: a catalogue code and
its named parameters, JSON values only (strings, integers, lists of them, and
lists of objects such as nested messages), so it is stored and served as it
is.  ``render`` writes it in a locale from ``catalogue.MESSAGES``; a member is
always a 0-based ``member_index`` in the data and "成员1" / "member 1" in the
text.  An unknown code is shown as the code (a report written by a newer
version); a missing parameter is a bug and raises ``KeyError``.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from verification.messages.catalogue import LABELS, MESSAGES
from verification.messages.locale import DEFAULT_LOCALE, Locale

_HTTP_OUTCOME: Final = "http_"


@dataclass(frozen=True, slots=True)
class Message:
    """A statement as data: a code of ``catalogue.MESSAGES`` and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def render(code: str, params: Mapping[str, Any], locale: Locale = DEFAULT_LOCALE) -> str:
    """The text of a message in ``locale``."""
    text = MESSAGES.get(code)
    if text is None:
        return code
    return _Formatter(locale).vformat(text.of(locale), (), params)


def render_message(message: Message, locale: Locale = DEFAULT_LOCALE) -> str:
    return render(message.code, message.params, locale)


def label(table: str, code: object, locale: Locale = DEFAULT_LOCALE) -> str:
    """The name of a code in ``locale`` (``LABELS[table]``), or the code itself."""
    text = LABELS[table].get(str(code))
    return str(code) if text is None else text.of(locale)


def join_statements(texts: Iterable[str], locale: Locale) -> str:
    """Statements in a row: "甲；乙" / "a; b"."""
    return ("；" if locale is Locale.ZH_CN else "; ").join(texts)


def member_ref(index: int, locale: Locale) -> str:
    """A member by the number the report's tables give it (index + 1)."""
    return f"成员{index + 1}" if locale is Locale.ZH_CN else f"member {index + 1}"


def _members(indexes: Sequence[int], locale: Locale) -> str:
    if locale is Locale.ZH_CN:
        return "、".join(member_ref(i, locale) for i in indexes)
    if len(indexes) == 1:
        return member_ref(indexes[0], locale)
    return "members " + ", ".join(str(i + 1) for i in indexes)


def _sources(items: Sequence[Mapping[str, Any]], locale: Locale) -> str:
    zh = locale is Locale.ZH_CN
    return join_statements(
        (
            f"{member_ref(item['member_index'], locale)} {label('scope', item['scope'], locale)}"
            + (
                f"（{label('source_status', item['status'], locale)}）"
                if zh
                else f" ({label('source_status', item['status'], locale)})"
            )
            for item in items
        ),
        locale,
    )


def _vehicles(items: Sequence[Mapping[str, Any]], locale: Locale) -> str:
    if locale is Locale.ZH_CN:
        return "、".join(
            f"{v['kind']}（{label('vehicle_use', v['use'], locale)}，"
            f"估值 {v['estimated_value']} 元）"
            for v in items
        )
    return ", ".join(
        f"{v['kind']} ({label('vehicle_use', v['use'], locale)}, "
        f"valued at {v['estimated_value']} yuan)"
        for v in items
    )


def _messages(items: Sequence[Mapping[str, Any]], locale: Locale) -> str:
    return join_statements((render(m["code"], m.get("params", {}), locale) for m in items), locale)


def _attempt_outcome(token: str, locale: Locale) -> str:
    if token.startswith(_HTTP_OUTCOME):
        status = token.removeprefix(_HTTP_OUTCOME)
        return f"状态码 {status}" if locale is Locale.ZH_CN else f"HTTP {status}"
    return label("attempt_outcome", token, locale)


def _single_person_categories(items: Sequence[str], locale: Locale) -> str:
    separator = "、" if locale is Locale.ZH_CN else " and "
    return separator.join(label("single_person_category", item, locale) for item in items)


KINDS: Final[Mapping[str, Callable[[Any, Locale], str]]] = {
    "single_person_categories": _single_person_categories,
    "member": member_ref,
    "members": _members,
    "sources": _sources,
    "vehicles": _vehicles,
    "messages": _messages,
    "attempt_outcome": _attempt_outcome,
}
"""Format specs other than a ``LABELS`` table name, and how each writes its value."""


class _Formatter(string.Formatter):
    def __init__(self, locale: Locale) -> None:
        self.locale = locale

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec:
            return str(value)
        kind = KINDS.get(format_spec)
        if kind is not None:
            return kind(value, self.locale)
        return label(format_spec, value, self.locale)
