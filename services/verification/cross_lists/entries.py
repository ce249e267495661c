"""An uploaded list's entries, checked: each a valid ID number (GB 11643), or refused by
its position with the reason as a code — never the value, which may be someone's ID number
mistyped.  Pure."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from verification.kit.id_number import id_number_problem, normalize

MAX_ENTRIES: Final = 100_000
# id_number_problem's reasons as codes (a reason not listed is "invalid")
_PROBLEMS: Final = {
    "must be 17 digits followed by a digit or X": "shape",
    "birth date part is not a date": "birth_date",
    "check digit does not match (GB 11643)": "check_digit",
}


@dataclass(frozen=True, slots=True)
class InvalidEntry:
    entry: int  # position in the list, from 1
    problem: str  # shape | birth_date | check_digit | invalid


@dataclass(frozen=True, slots=True)
class CheckedEntries:
    valid: tuple[tuple[int, str], ...]  # (position, normalized ID number), first of duplicates
    invalid: tuple[InvalidEntry, ...]
    duplicates: int  # entries repeating an earlier one (kept once)


def check_entries(values: Sequence[str]) -> CheckedEntries:
    valid: list[tuple[int, str]] = []
    invalid: list[InvalidEntry] = []
    seen: set[str] = set()
    duplicates = 0
    for position, value in enumerate(values, start=1):
        problem = id_number_problem(value)
        if problem is not None:
            invalid.append(InvalidEntry(position, _PROBLEMS.get(problem, "invalid")))
            continue
        number = normalize(value)
        if number in seen:
            duplicates += 1
            continue
        seen.add(number)
        valid.append((position, number))
    return CheckedEntries(tuple(valid), tuple(invalid), duplicates)


@dataclass(frozen=True, slots=True)
class ListFile:
    """A list file read for upload: the values in order and, for each, its line in the
    file (so that a refusal by position is reported by line)."""

    values: tuple[str, ...]
    lines: tuple[int, ...]


def read_list_file(text: str, *, json_format: bool) -> ListFile:
    """A JSON array of strings, or CSV: the first cell of each non-blank line; a first line
    whose first cell holds no digit is a header and skipped."""
    if json_format:
        data = json.loads(text)
        if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
            raise ValueError("a JSON list file is an array of strings")
        return ListFile(tuple(data), tuple(range(1, len(data) + 1)))
    values: list[str] = []
    lines: list[int] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cell = row[0].strip() if row else ""
        if not cell:
            continue
        if not values and number == 1 and not any(c.isdigit() for c in cell):
            continue  # a header
        values.append(cell)
        lines.append(number)
    return ListFile(tuple(values), tuple(lines))
