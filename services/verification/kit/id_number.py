"""Resident ID numbers (公民身份号码) per GB 11643-1999.

18 characters: 6-digit division code, 8-digit birth date, 3-digit sequence and
a check character from the ISO 7064 MOD 11-2 scheme.
"""

from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalize(id_number: str) -> str:
    return id_number.strip().upper()


def id_number_problem(id_number: str) -> str | None:
    """Why ``id_number`` is not a valid ID number, or None when it is."""
    value = normalize(id_number)
    if not _SHAPE.match(value):
        return "must be 17 digits followed by a digit or X"
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "birth date part is not a date"
    if check_character(value[:17]) != value[17]:
        return "check digit does not match (GB 11643)"
    return None


def birth_date(id_number: str) -> dt.date | None:
    """The birth date an ID number encodes, or None if it encodes none."""
    value = normalize(id_number)
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def is_valid(id_number: str) -> bool:
    return id_number_problem(id_number) is None


# every 18-character stretch that could be one (overlapping, so a longer digit run is searched
# at each offset); a random token or a long case number rarely holds a valid one
_CANDIDATE = re.compile(r"(?=([0-9]{17}[0-9Xx]))")


def contains_id_number(text: str) -> bool:
    """Whether ``text`` holds a valid ID number anywhere (an identifier that does must not
    be stored or audited: the audit log is kept for ever)."""
    return any(is_valid(candidate) for candidate in _CANDIDATE.findall(text))


def no_id_number(value: str) -> str:
    """A validator of an identifier a caller chooses (an authorization id, a filter by one):
    ``ValueError`` when it holds an ID number, which may be neither stored nor audited."""
    if contains_id_number(value):
        raise ValueError("must not hold an ID number")
    return value
