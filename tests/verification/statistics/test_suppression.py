"""The small-cell rule, pure: what is shown, what is withheld, and that every registered
section has its texts in both languages."""

from __future__ import annotations

import pytest

from verification.messages.catalogue import LABELS, MESSAGES
from verification.messages.locale import Locale
from verification.statistics.model import Counts
from verification.statistics.publish import publish_group
from verification.statistics.repository import percentile
from verification.statistics.sections import (
    HOUSEHOLD_CATEGORIES,
    OUTCOMES,
    SECTIONS,
    SOURCE_STATUSES,
)
from verification.statistics.suppression import count_shown, measure_shown, total_shown


@pytest.mark.parametrize(
    ("count", "threshold", "shown"),
    [(0, 5, "0"), (1, 5, "<5"), (4, 5, "<5"), (5, 5, "5"), (9, 10, "<10"), (1, 2, "<2")],
)
def test_a_count_below_the_threshold_is_suppressed(count: int, threshold: int, shown: str) -> None:
    result = count_shown(count, threshold)
    assert result.shown == shown
    assert result.suppressed is (shown.startswith("<"))
    assert result.count == (None if result.suppressed else count)


def test_a_total_is_withheld_when_it_would_give_a_part_away() -> None:
    assert total_shown([120, 3, 0], 5).shown == "—"  # 123 − 120 = 3
    assert total_shown([120, 30, 0], 5).shown == "150"
    assert total_shown([2, 1], 5).shown == "<5"  # itself small
    assert total_shown([0, 0], 5).shown == "0"


def test_a_figure_is_withheld_when_it_rests_on_too_few_records() -> None:
    assert measure_shown(300, 5, 5).shown == "300"
    withheld = measure_shown(300, 4, 5)
    assert (withheld.count, withheld.shown, withheld.suppressed) == (None, "—", True)
    none = measure_shown(None, 0, 5)
    assert (none.count, none.suppressed) == (None, False)


def test_a_published_group_holds_no_suppressed_number() -> None:
    group = publish_group(
        Counts(
            "bank",
            (("ok", 40), ("not_found", 2)),
            parts=True,
            label_table="scope",
            measures=(("latency_median_ms", 120),),
            basis=42,
        ),
        5,
        Locale.ZH_CN,
    )
    dumped = group.model_dump_json()
    assert '"count":2' not in dumped and '"count":42' not in dumped
    assert group.total is not None and group.total.count is None
    assert group.measures[0].value == 120


def test_percentile_is_the_nearest_rank() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7], 0.95) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2
    assert percentile(list(range(1, 21)), 0.95) == 19
    assert percentile(list(range(1, 101)), 0.95) == 95


@pytest.mark.parametrize("section", [s.key for s in SECTIONS])
def test_every_section_has_its_texts(section: str) -> None:
    for part in ("title", "note"):
        assert f"stats.{section}.{part}" in MESSAGES


def test_every_cell_has_a_label() -> None:
    for key in (*OUTCOMES, *HOUSEHOLD_CATEGORIES, *SOURCE_STATUSES, "total", "ended"):
        assert key in LABELS["stats_cell"], key
    for key in ("application", "review", "enrolled", "movements", "reviews"):
        assert key in LABELS["stats_group"], key
