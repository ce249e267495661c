"""A computed section as it is served: small counts suppressed, every label in the reader's
language (the message catalogue: ``stats.*`` texts, ``stats_*`` label tables, the sources'
own names).  Pure."""

from __future__ import annotations

from verification.messages.locale import Locale
from verification.messages.render import label, render
from verification.statistics.model import (
    CellView,
    Counts,
    GroupView,
    MeasureView,
    RawSection,
    SectionView,
    SuppressionView,
)
from verification.statistics.suppression import (
    Shown,
    count_shown,
    measure_shown,
    total_shown,
)


def _cell(key: str, shown: Shown, locale: Locale) -> CellView:
    return CellView(
        key=key,
        label=label("stats_cell", key, locale),
        count=shown.count,
        shown=shown.shown,
        suppressed=shown.suppressed,
    )


def publish_group(group: Counts, threshold: int, locale: Locale) -> GroupView:
    counts = [count for _key, count in group.cells]
    return GroupView(
        key=group.key,
        label=label(group.label_table, group.key, locale),
        cells=[_cell(key, count_shown(count, threshold), locale) for key, count in group.cells],
        total=_cell("total", total_shown(counts, threshold), locale) if group.parts else None,
        measures=[
            MeasureView(
                key=key,
                label=label("stats_measure", key, locale),
                value=shown.count,
                shown=shown.shown,
                suppressed=shown.suppressed,
            )
            for key, value in group.measures
            for shown in [measure_shown(value, group.basis, threshold)]
        ],
    )


def publish(section: RawSection, threshold: int, locale: Locale) -> SectionView:
    return SectionView(
        key=section.key,
        title=render(f"stats.{section.key}.title", {}, locale),
        note=render(f"stats.{section.key}.note", {}, locale),
        as_of=section.as_of,
        groups=[publish_group(group, threshold, locale) for group in section.groups],
    )


def suppression(threshold: int, locale: Locale) -> SuppressionView:
    return SuppressionView(
        threshold=threshold,
        rule=render(
            "stats.suppression", {"threshold": threshold, "largest": threshold - 1}, locale
        ),
    )
