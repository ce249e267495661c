"""The supervisor's view as one self-contained HTML page, with bar charts as inline SVG.

``render_statistics_html`` reads nothing but a ``StatisticsView`` (what the JSON serves),
so the page shows exactly what the API returned, suppressed counts included ("<5", and no
bar).  Every word comes from the view's labels or the message catalogue (``stats.page.*``),
in the view's language, Chinese by default.  No script, font, style sheet or image from
anywhere: the page is read on machines with no internet.  Pure.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import jinja2
from markupsafe import Markup, escape

from verification.messages.locale import Locale
from verification.messages.render import render
from verification.statistics.model import GroupView, StatisticsView

# a chart's geometry (px): one bar a cell
_LABEL_WIDTH = 150
_BAR_WIDTH = 220
_VALUE_WIDTH = 60
_ROW = 22
_BAR = 14


@dataclass(frozen=True, slots=True)
class _Bar:
    label: str
    shown: str
    width: float  # 0: none drawn (zero, or suppressed)
    suppressed: bool


def _bars(group: GroupView) -> list[_Bar]:
    largest = max((c.count or 0 for c in group.cells), default=0)
    return [
        _Bar(
            cell.label,
            cell.shown,
            0.0 if not cell.count or not largest else _BAR_WIDTH * cell.count / largest,
            cell.suppressed,
        )
        for cell in group.cells
    ]


def bar_chart(group: GroupView) -> Markup:
    """The group's cells as a horizontal bar chart (inline SVG); a suppressed cell has no
    bar, only its "<5"."""
    bars = _bars(group)
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    height = _ROW * len(bars) + 4
    title = escape(group.label)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{title}">'
    ]
    for row, bar in enumerate(bars):
        y = row * _ROW + 2
        middle = y + _ROW / 2
        parts.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" class="label">{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect x="{_LABEL_WIDTH}" y="{y + (_ROW - _BAR) / 2}" width="{_BAR_WIDTH}" '
            f'height="{_BAR}" class="track"/>'
        )
        if bar.width:
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y + (_ROW - _BAR) / 2}" width="{bar.width:.1f}" '
                f'height="{_BAR}" class="bar"/>'
            )
        kind = "value suppressed" if bar.suppressed else "value"
        parts.append(
            f'<text x="{_LABEL_WIDTH + _BAR_WIDTH + 6}" y="{middle}" '
            f'dominant-baseline="middle" class="{kind}">{escape(bar.shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it escaped above


@jinja2.pass_context
def _page_text(context: jinja2.runtime.Context, code: str, **params: object) -> str:
    return render(code, params, context["locale"])


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("verification.statistics", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(t=_page_text, bar_chart=bar_chart)
    return env


def render_statistics_html(view: StatisticsView) -> str:
    """The view as one HTML document, in the view's language."""
    locale = Locale(view.language)
    last_day = view.period.ends_before - dt.timedelta(days=1)
    return (
        _environment()
        .get_template("supervision.html")
        .render(view=view, locale=locale, last_day=last_day)
    )
