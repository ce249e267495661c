"""The consent-use record as a printable, self-contained HTML page (the case system's print,
and the family's page), and the plain page of a link that is not valid.  Every word comes
from the message catalogue, in the requested language; autoescaped; no link, script or
external resource: nothing else is reachable from it."""

from __future__ import annotations

import functools

import jinja2

from verification.consent.schemas import ConsentUseRecord
from verification.messages.locale import Locale
from verification.messages.render import render


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("verification.consent", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_record_html(record: ConsentUseRecord, locale: Locale) -> str:
    def t(code: str, **params: object) -> str:
        return render(code, params, locale)

    return _environment().get_template("consent.html").render(record=record, t=t, lang=locale.value)


def render_invalid_link_html(locale: Locale) -> str:
    def t(code: str, **params: object) -> str:
        return render(code, params, locale)

    return _environment().get_template("invalid_link.html").render(t=t, lang=locale.value)
