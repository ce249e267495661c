"""The social-insurance (人社) connector: one request per person for the look-back window."""

from __future__ import annotations

from urllib.parse import quote

from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode, SourceNotFoundError, SourceRejectedError
from connectors.sdk.evidence import Evidence, EvidenceKind
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName
from connectors.sdk.wire import compact_month
from social_insurance_source import wire


class SocialInsuranceConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("就业和社会保险", "employment and social insurance")
    # pensions and unemployment benefit are income; the contribution base implies a wage
    evidence_kinds = frozenset({EvidenceKind.OTHER_INCOME, EvidenceKind.WAGE_INDICATORS})
    registers = ("social_insurance", "pension")

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        response = await client.get(
            wire.insured_path(quote(person.id_number, safe="")),
            params={
                "start": compact_month(context.period_start),
                "end": compact_month(context.period_end),
            },
        )
        answer = wire.parse(response.content)
        code = answer.header.code
        if code == wire.CODE_NO_RECORD:
            raise SourceNotFoundError("the social-insurance agency has no record (code 04)")
        if code != wire.CODE_OK:
            raise SourceRejectedError(
                f"the social-insurance agency refused the query (code {code})",
                ReasonCode.REFUSED_WITH_CODE,
                {"agency_code": code},
            )
        return wire.to_evidence(answer)
