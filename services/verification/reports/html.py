"""The printable 核对报告: the JSON report rendered as a self-contained HTML page.

``render_report_html`` reads nothing but a ``VerificationReport`` (the stable
JSON contract), so it prints exactly what the API returned: identifiers arrive
already masked and money is shown as the same decimal strings as in the JSON.
It is written in one language, Chinese by default: every explanation is
written again from its code (``reports.language``) and every word of the page
comes from the message catalogue (``t("page.…")``, and the ``label`` filter
for codes; unknown codes shown raw); ``templates/report.html`` holds the
layout (inline A4 print CSS, no external resources).  The Jinja environment is
built once, with autoescaping on and undefined names an error, and the
function is otherwise pure.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from connectors.sdk.evidence import IncomeCategory
from verification.kit.business_date import DEFAULT_ZONE
from verification.kit.money import format_yuan
from verification.messages.catalogue import LABELS
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.messages.render import label, member_ref, render
from verification.reports.language import localize
from verification.reports.model import VerificationReport

# income columns in the order of connectors.sdk.evidence.IncomeCategory
_CATEGORY_ORDER = tuple(LABELS["income_category"])
# the page counter of the print footer, spliced into a CSS string (see the template)
_CSS_PAGE_COUNTERS = {"page": '" counter(page) "', "pages": '" counter(pages) "'}


@dataclass(frozen=True, slots=True)
class _IncomeLine:
    category: str
    amount: Decimal
    counted: bool


@jinja2.pass_context
def _label(context: jinja2.runtime.Context, value: object, table: str) -> str:
    """The name of a code in the page's language, or the code itself when it has none."""
    return label(table, value, context["locale"])


@jinja2.pass_context
def _page_text(context: jinja2.runtime.Context, code: str, **params: object) -> str:
    """A text of the page (``page.…``) in its language."""
    return render(code, params, context["locale"])


@jinja2.pass_context
def _page_counters(context: jinja2.runtime.Context) -> Markup:
    """The print footer's page counter, for a CSS ``content`` string (``第 " counter(page)
    " 页 …``): our own text and CSS only, so it is marked safe (escaping would break it)."""
    return Markup(render("page.footer_pages", _CSS_PAGE_COUNTERS, context["locale"]))  # noqa: S704


def _money(value: Decimal) -> str:
    return format_yuan(value)


def _local_time(value: dt.datetime, zone: ZoneInfo) -> str:
    """An instant as the wall-clock time a reader of the deployment's time zone knows."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _category_key(category: str) -> tuple[int, str]:
    order = _CATEGORY_ORDER.index(category) if category in _CATEGORY_ORDER else len(_CATEGORY_ORDER)
    return order, category


def _income_lines(
    counted: Mapping[IncomeCategory, Decimal], excluded: Mapping[IncomeCategory, Decimal]
) -> list[_IncomeLine]:
    lines = [_IncomeLine(c, a, counted=True) for c, a in counted.items()]
    lines += [_IncomeLine(c, a, counted=False) for c, a in excluded.items()]
    return sorted(lines, key=lambda line: (*_category_key(line.category), not line.counted))


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("verification.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(label=_label, money=_money, local_time=_local_time)
    env.globals.update(t=_page_text, page_counters=_page_counters)
    return env


# the decision an appeal that made a revision had (a rejected one makes none)
_APPEAL_DECISIONS = {
    "upheld": "procedure.appeal_decision.upheld",
    "partly_upheld": "procedure.appeal_decision.partly_upheld",
}


def _appeal_line(report: VerificationReport, locale: Locale) -> str | None:
    """The sentence citing the appeal whose decision made this revision (None: none did)."""
    appeal = report.appeal
    if appeal is None:
        return None
    separator = "、" if locale is Locale.ZH_CN else ", "
    scopes = separator.join(label("scope", scope, locale) for scope in appeal.requeried_scopes)
    requeried = render("page.appeal_requeried", {"scopes": scopes}, locale) if scopes else ""
    evidence = (
        render("page.appeal_evidence", {"count": appeal.evidence_items}, locale)
        if appeal.evidence_items
        else ""
    )
    return render(
        "page.appeal",
        {
            "id": appeal.id,
            "decision": render(_APPEAL_DECISIONS[appeal.decision], {}, locale),
            "decided_on": appeal.decided_on.isoformat(),
            "appealed_revision": appeal.appealed_revision,
            "requeried": requeried,
            "evidence": evidence,
        },
        locale,
    )


def render_report_html(
    report: VerificationReport,
    locale: Locale = DEFAULT_LOCALE,
    zone: ZoneInfo | None = None,
    verify_url: str = "/verify-report",
) -> str:
    """The report as one printable, self-contained HTML document (A4) in ``locale``; its
    footer tells a reader of the paper how to check it (the signed file and ``verify_url``,
    the page that checks it offline)."""
    report = localize(report, locale)
    members = {m.index: m for m in report.members}

    def member(index: int | None) -> str:
        """A member as the tables name them: number (from 1) and masked name."""
        if index is None:
            return render("page.whole_household", {}, locale)
        known = members.get(index)
        return f"{index + 1} {known.name_masked}" if known else member_ref(index, locale)

    template = _environment().get_template("report.html")
    return template.render(
        report=report,
        zone=zone or ZoneInfo(DEFAULT_ZONE),
        locale=locale,
        verify_url=verify_url,
        member=member,
        appeal_line=_appeal_line(report, locale),
        income_lines={
            m.member_index: _income_lines(m.counted_by_category, m.excluded_by_category)
            for m in report.income.members
        },
    )
