"""The languages the service speaks, and choosing one for a request.

Chinese (``zh-CN``) is the default: it is the language of the case file.  English
(``en``) is there for readers who ask for it, by ``Accept-Language`` or a ``lang``
query parameter (which wins).  Negotiation follows RFC 9110 §12.5.4 on the
primary language subtag only (``zh-TW`` or ``zh`` still get ``zh-CN``, ``en-GB``
gets ``en``): the highest ``q`` wins, the first listed among equals, ``q=0``
excludes, and a header that names nothing we speak (or does not parse) gets the
default.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Locale(StrEnum):
    ZH_CN = "zh-CN"
    EN = "en"


DEFAULT_LOCALE: Final = Locale.ZH_CN
_BY_PRIMARY_TAG: Final = {"zh": Locale.ZH_CN, "en": Locale.EN, "*": DEFAULT_LOCALE}
_MAX_RANGES: Final = 32  # a header longer than this is not worth reading to the end


def negotiate(accept_language: str | None) -> Locale:
    """The locale an ``Accept-Language`` header asks for (the default when none fits)."""
    best: tuple[float, int, Locale] | None = None
    for position, item in enumerate((accept_language or "").split(",")[:_MAX_RANGES]):
        tag, *parameters = (part.strip() for part in item.split(";"))
        locale = _BY_PRIMARY_TAG.get(tag.split("-")[0].lower())
        quality = _quality(parameters)
        if locale is None or quality is None or quality <= 0:
            continue
        if best is None or (quality, -position) > (best[0], -best[1]):
            best = (quality, position, locale)
    return best[2] if best is not None else DEFAULT_LOCALE


def _quality(parameters: list[str]) -> float | None:
    """The ``q`` weight (1 when absent); ``None`` when it does not parse."""
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return None
            return quality if 0 <= quality <= 1 else None
    return 1.0
