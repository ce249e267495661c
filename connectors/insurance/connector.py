"""The insurance connector: the policies held, then, for a holder of an annuity or endowment
policy, the look-back window's annuity payments range by range.

The platform answers a range of at most 92 days and, when the range holds more payments than
an answer carries, only up to ``jzrq``: the connector asks again from the day after.  An
answer that covers no day, goes past the range asked, or lists a payment outside the days it
covers is a broken agency (``malformed``), and so is a window still unfinished after
``MAX_PAYMENT_REQUESTS`` requests.  ``code`` 1001 (no policy) is ``not_found``.
"""

from __future__ import annotations

import datetime as dt

from connectors.insurance import wire
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import (
    MalformedResponseError,
    ReasonCode,
    SourceNotFoundError,
    SourceRejectedError,
)
from connectors.sdk.evidence import Evidence, EvidenceKind
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName


def _refused(code: str) -> SourceRejectedError:
    return SourceRejectedError(
        f"the insurance platform refused the query (code {code})",
        ReasonCode.REFUSED_WITH_CODE,
        {"agency_code": code},
    )


class InsuranceConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("商业保险", "commercial insurance")
    evidence_kinds = frozenset({EvidenceKind.INSURANCE_CASH_VALUE, EvidenceKind.OTHER_INCOME})
    registers = ("commercial_insurance",)

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        response = await client.get(
            wire.POLICIES_PATH,
            params={"zjhm": person.id_number, "gzrq": wire.compact_date(context.period_end)},
        )
        reply = wire.PoliciesReply.model_validate_json(response.content)
        if reply.code == wire.CODE_NO_POLICY:
            raise SourceNotFoundError("the insurance platform holds no policy (code 1001)")
        if reply.code != wire.CODE_OK:
            raise _refused(reply.code)
        if reply.data is None:
            raise MalformedResponseError("data", "missing from a successful answer")
        policies = reply.data.bdxx
        payments: list[wire.Payment] = []
        if wire.pays_annuities(policies):
            payments = await self._payments(client, person, context)
        return Evidence(
            incomes=wire.to_incomes(payments), financial_assets=wire.to_assets(policies)
        )

    async def _payments(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> list[wire.Payment]:
        found: dict[str, wire.Payment] = {}
        start, last = context.period_start, context.period_end
        for _ in range(wire.MAX_PAYMENT_REQUESTS):
            end = wire.range_end(start, last)
            response = await client.get(
                wire.PAYMENTS_PATH,
                params={
                    "zjhm": person.id_number,
                    "qsrq": wire.compact_date(start),
                    "zzrq": wire.compact_date(end),
                },
            )
            reply = wire.PaymentsReply.model_validate_json(response.content)
            if reply.code == wire.CODE_NO_POLICY:
                raise MalformedResponseError("code", "no policy, after listing policies")
            if reply.code != wire.CODE_OK:
                raise _refused(reply.code)
            if reply.data is None:
                raise MalformedResponseError("data", "missing from a successful answer")
            covered = reply.data.jzrq
            if reply.data.qsrq != start or not start <= covered <= end:
                raise MalformedResponseError("jzrq", "outside the range asked")
            if any(not start <= p.gfrq <= covered for p in reply.data.jfjl):
                raise MalformedResponseError("jfjl.gfrq", "outside the days answered")
            for payment in reply.data.jfjl:
                found[payment.lsh] = payment
            if covered == last:
                return sorted(found.values(), key=lambda p: (p.gfrq, p.lsh))
            start = covered + dt.timedelta(days=1)
        raise MalformedResponseError(
            "jzrq", f"the window is unfinished after {wire.MAX_PAYMENT_REQUESTS} requests"
        )
