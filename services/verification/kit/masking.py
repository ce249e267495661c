"""Masking of personal identifiers for logs, errors, reports and audit events.

``mask_id_number`` keeps the division code and the last four characters
(``450102********123X``).  ``mask_text`` finds ID numbers and bank-card-like
digit runs inside free text, so it can guard every log line and error body.
"""

from __future__ import annotations

import re

_ID_IN_TEXT = re.compile(r"(?<![0-9])([1-9]\d{5})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_ACCOUNT_IN_TEXT = re.compile(r"(?<![0-9])(\d{4})\d{8,11}(\d{4})(?![0-9])")


def mask_id_number(id_number: str) -> str:
    if len(id_number) != 18:
        return "*" * len(id_number)
    return f"{id_number[:6]}********{id_number[-4:]}"


def mask_name(name: str) -> str:
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_text(text: str) -> str:
    masked = _ID_IN_TEXT.sub(lambda m: f"{m.group(1)}********{m.group(3)[-4:]}", text)
    return _ACCOUNT_IN_TEXT.sub(lambda m: f"{m.group(1)}****{m.group(2)}", masked)
