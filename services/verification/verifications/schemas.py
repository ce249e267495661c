"""Request shapes of the verification API (the stable JSON contract) and the list's; the
report it returns is the report model, ``reports/model.py``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import IncomeCategory
from verification.assessment import model as assessment
from verification.assessment.composition import DeclaredRelation
from verification.authorization.jws import (
    AUTHORIZATION_EXTERNAL_DOCS,
    COMPACT_JWS_PATTERN,
    MAX_JWS_LENGTH,
)
from verification.kit.money import Money
from verification.kit.rfc3339 import Rfc3339Date
from verification.paging import Page
from verification.policies.layered.params import ExcludedPerson


def _installed_scopes() -> tuple[str, ...]:
    return installed_sources().scopes


def _one_of(scopes: Sequence[str]) -> str:
    quoted = [repr(scope) for scope in scopes]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _check_scope(value: str) -> str:
    scopes = _installed_scopes()
    if value not in scopes:
        raise PydanticCustomError(
            "literal_error", "Input should be {expected}", {"expected": _one_of(scopes)}
        )
    return value


def _check_scope_count(value: list[str]) -> list[str]:
    most = len(_installed_scopes())
    if len(value) > most:
        raise PydanticCustomError(
            "too_long",
            "List should have at most {max_length} items after validation, not {actual_length}",
            {"field_type": "List", "max_length": most, "actual_length": len(value)},
        )
    return value


class _InstalledScope:
    """A source's scope: one of the installed connectors' (``installed_sources``), read when
    a value is validated or the JSON schema is written, never at import: an installed
    plugin's scope is valid and documented, with no change here."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_check_scope, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"enum": list(_installed_scopes()), "type": "string"}


class _AtMostOnePerSource:
    """A list of scopes no longer than there are installed sources."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_check_scope_count, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "maxItems": len(_installed_scopes())}


Scope = Annotated[str, _InstalledScope()]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeclaredIncome(_Body):
    member_index: Annotated[int, Field(ge=0, lt=30)]
    category: IncomeCategory
    monthly_amount: Money


DisabilityKind = Literal[
    "physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"
]


class DeclaredMember(_Body):
    """What the household states about one member's circumstances."""

    member_index: Annotated[int, Field(ge=0, lt=30)]
    employed_via_poverty_project: bool = Field(
        default=False, description="employed through a poverty-alleviation project (就业成本扣减)"
    )
    severe_disability: bool = Field(default=False, description="重度残疾 (grade 1 or 2)")
    serious_illness: bool = Field(default=False, description="重病 / 重特大疾病")
    disability_grade: Annotated[int, Field(ge=1, le=4)] | None = Field(
        default=None,
        description="残疾等级 on the disability certificate (1 most severe … 4); grade 1–2, or "
        "grade 3 with an intellectual or mental disability, may make a member of a 边缘 "
        "household a single-person candidate (办法 第八条第一款)",
    )
    disability_kind: DisabilityKind | None = Field(
        default=None, description="残疾类别; requires `disability_grade`"
    )
    relation: DeclaredRelation | None = Field(
        default=None,
        description="relation to the applicant (办法 第七条第一款): `applicant`, `spouse`, "
        "`minor_child`, `dependent_adult_child`, `student_child`, `cohabiting_dependant` or "
        "`other`; one outside the region's `household.member_relations` is a finding",
    )
    excluded_as: ExcludedPerson | None = Field(
        default=None,
        description="the member is in a situation of 办法 第七条第二款 (`clergy_away_3_years`, "
        "`imprisoned`, `compulsory_rehabilitation`, `declared_missing`): a finding, the member "
        "is still counted as the authorization lists them",
    )
    exempt_support_monthly: Money | None = Field(
        default=None,
        description="供养费用 paid to this member by siblings or people aged 60 or over, a "
        "month: may be disregarded for a single-person applicant (2022 通知 一（一）); stated "
        "in the report, not deducted",
    )

    def inconsistencies(self) -> list[str]:
        """What no schema states: the disability fields agree with each other."""
        found = []
        if self.disability_kind is not None and self.disability_grade is None:
            found.append(f"member {self.member_index}: disability_kind needs disability_grade")
        if self.severe_disability and self.disability_grade not in (None, 1, 2):
            found.append(
                f"member {self.member_index}: severe_disability is grade 1 or 2, not "
                f"disability_grade {self.disability_grade}"
            )
        return found


class WorkRefusal(_Body):
    """The caseworker's record of one member's refusals of suitable work (not the household's
    statement): 办法 第三十四条; 暂行办法 第四十五条."""

    member_index: Annotated[int, Field(ge=0, lt=30)]
    consecutive_unjustified: Annotated[int, Field(ge=0, le=99)] = Field(
        description="consecutive refusals of suitable work without good reason, as recorded "
        "by the caseworker"
    )


class RigidSpending(_Body):
    """刚性支出 over the 12 months before the application, in yuan (刚性支出困难家庭认定办法
    第四条第一款第（四）项, 第五条)."""

    living: Money = Field(default=Decimal("0.00"), description="生活支出")
    medical: Money = Field(default=Decimal("0.00"), description="医疗支出")
    education: Money = Field(default=Decimal("0.00"), description="教育支出")
    disability_rehabilitation: Money = Field(default=Decimal("0.00"), description="残疾康复支出")
    other_local: Money = Field(default=Decimal("0.00"), description="县级民政部门认定的其他支出")


class Declaration(_Body):
    """The household's own statement (家庭收入和财产状况声明).

    Income and asset figures are compared with what the sources say (findings);
    member circumstances drive deductions and the single-person rule.
    """

    incomes: Annotated[list[DeclaredIncome], Field(max_length=300)] | None = Field(
        default=None, description="monthly income per member and category; omit if not declared"
    )
    financial_assets_total: Money | None = None
    insurance_cash_value_total: Money | None = Field(
        default=None,
        description="the cash value (现金价值) of the household's insurance policies, part of "
        "`financial_assets_total`; compared with the insurance platform's; omit if not declared",
    )
    vehicles: Annotated[int, Field(ge=0, le=100)] | None = None
    residences: Annotated[int, Field(ge=0, le=100)] | None = None
    businesses: Annotated[int, Field(ge=0, le=100)] | None = Field(
        default=None,
        description="market entities in business (存续/在业: 个体工商户 or companies) the members "
        "operate, represent or hold shares in, each counted once; omit if not declared",
    )
    members: Annotated[list[DeclaredMember], Field(max_length=30)] = []
    rigid_expenses_monthly: Money | None = Field(
        default=None, description="刚性支出: monthly expenses for serious illness or disability"
    )
    single_person_member: Annotated[int, Field(ge=0, lt=30)] | None = Field(
        default=None,
        description="apply as a single-person household (单人户) for this adult, unemployed, "
        "severely disabled member",
    )
    work_refusals: Annotated[list[WorkRefusal], Field(max_length=30)] = Field(
        default=[],
        description="recorded by the caseworker: a member with at least "
        "`work_refusal.consecutive_refusals` (3) has only their own share of the allowance "
        "reduced or stopped (办法 第三十四条)",
    )
    rigid_spending_12_months: RigidSpending | None = Field(
        default=None,
        description="the household's rigid spending over the 12 months before the application, "
        "for the 刚性支出困难家庭 assessment; omit if not declared",
    )

    def inconsistencies(self) -> list[str]:
        """What no schema states (refused as ``declaration-invalid``): one work-refusal entry
        per member, disability fields that agree."""
        found = [problem for member in self.members for problem in member.inconsistencies()]
        indexes = [w.member_index for w in self.work_refusals]
        if len(indexes) != len(set(indexes)):
            found.append("work_refusals lists a member_index twice")
        return found

    def member_indexes(self) -> set[int]:
        """Every member index the declaration refers to."""
        return (
            {i.member_index for i in self.incomes or ()}
            | {m.member_index for m in self.members}
            | {w.member_index for w in self.work_refusals}
            | ({self.single_person_member} if self.single_person_member is not None else set())
        )

    def facts(self) -> assessment.Declared:
        """The declaration as the assessment reads it (amounts summed per member and category)."""
        incomes: dict[tuple[int, str], Decimal] | None = None
        if self.incomes is not None:
            incomes = {}
            for item in self.incomes:
                key = (item.member_index, item.category.value)
                incomes[key] = incomes.get(key, Decimal(0)) + item.monthly_amount
        return assessment.Declared(
            incomes=incomes,
            financial_assets_total=self.financial_assets_total,
            insurance_cash_value_total=self.insurance_cash_value_total,
            vehicles=self.vehicles,
            residences=self.residences,
            businesses=self.businesses,
            members={
                m.member_index: assessment.DeclaredMember(
                    employed_via_poverty_project=m.employed_via_poverty_project,
                    severe_disability=m.severe_disability,
                    serious_illness=m.serious_illness,
                    disability_grade=m.disability_grade,
                    disability_kind=m.disability_kind,
                    relation=m.relation.value if m.relation else None,
                    excluded_as=m.excluded_as.value if m.excluded_as else None,
                    exempt_support_monthly=m.exempt_support_monthly,
                )
                for m in self.members
            },
            rigid_expenses_monthly=self.rigid_expenses_monthly,
            single_person_member=self.single_person_member,
            work_refusals={w.member_index: w.consecutive_unjustified for w in self.work_refusals},
            rigid_spending_12_months=(
                self.rigid_spending_12_months.model_dump()
                if self.rigid_spending_12_months is not None
                else None
            ),
        )


class ObligorEntry(_Body):
    """A support obligor outside the household (赡养、抚养、扶养义务人): their own signed
    consent, and what they declare of their own household."""

    authorization: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_JWS_LENGTH,
            description="the obligor's own consent (义务人授权核对同意书): a JWS like the "
            "household's authorization, whose payload has `kind` `obligor_consent`, the "
            "obligor (`id_number`, `name`, `relation`, `consented`), the `scopes` they allow "
            "and `supports_authorization_id`, the household's `authorization_id` "
            '(docs/integrators/signing-authorizations.md, "Support obligors")',
            json_schema_extra={"pattern": COMPACT_JWS_PATTERN},
        ),
    ]
    household_size: Annotated[int, Field(ge=1, le=30)] = Field(
        default=1,
        description="the obligor's own household (spouse and dependants included), as "
        "declared: the income line of their ability to support is multiplied by it",
    )


class CreateVerification(_Body):
    authorization: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_JWS_LENGTH,
            description="the signed 授权核对委托书: a JWS in compact serialization "
            "(header.payload.signature, base64url), EdDSA (Ed25519) with a `kid`; one of "
            "another shape is refused as `400 malformed-authorization`. Its header and payload: "
            "the JSON Schema in `externalDocs` (openapi/authorization.schema.json)",
            # stated here, enforced by the JWS check with its own refusal code
            json_schema_extra={
                "pattern": COMPACT_JWS_PATTERN,
                "externalDocs": AUTHORIZATION_EXTERNAL_DOCS,
            },
        ),
    ]
    scopes: Annotated[list[Scope], Field(min_length=1), _AtMostOnePerSource()] | None = Field(
        default=None, description="sources to query; default: every scope the authorization grants"
    )
    declaration: Declaration | None = None
    obligors: Annotated[list[ObligorEntry], Field(max_length=10)] = Field(
        default=[],
        description="support obligors outside the household (parents, adult children, a "
        "spouse living apart, …), each with their own consent: queried through the same "
        "sources; the support their ability counts for is the household's income, and the "
        "report shows them in `obligors`, never as members",
    )
    accepted_on: Rfc3339Date | None = Field(
        default=None,
        description="the day the township accepted (受理) the application, a Beijing date no "
        "later than the day this request is received (`422 accepted-on-in-future`); the "
        "report's deadlines run from it. Default: the business date the request is received",
    )


# ---- the list of a client's verifications (GET /v1/verifications) ------------------------


class VerificationSummary(BaseModel):
    """One verification as a list shows it: what its report's head says, and nothing
    personal (no members, sources or figures: `href` is the report)."""

    id: uuid.UUID
    href: str = Field(description="the report: `GET` it (`getVerification`)")
    status: Literal["running", "awaiting_sources", "completed"] = Field(
        description="`running` until its first report is written (`getVerification` answers "
        "`409 verification-incomplete` until then); `awaiting_sources` while its report is "
        "provisional, an agency having promised to answer later"
    )
    outcome: Literal["eligible", "ineligible", "review_required"] | None = Field(
        description="the current report's outcome; null while running"
    )
    revision: int = Field(description="the current report's revision (each retry adds 1)")
    authorization_id: str
    purpose: str
    region_code: str
    area: str
    policy_id: str
    policy_version: str
    as_of: dt.date = Field(description="the assessment date")
    accepted_on: dt.date | None
    created_at: dt.datetime
    completed_at: dt.datetime | None = Field(
        description="when the current revision of the report was written (its last change); "
        "null while running"
    )


class VerificationPage(Page):
    items: list[VerificationSummary] = Field(description="oldest first, by (`created_at`, `id`)")


class CallbackAnswer(BaseModel):
    """What an agency's callback did: the verification its ticket belongs to, and its status
    once the service asked for the answer."""

    verification_id: uuid.UUID
    status: Literal["awaiting_sources", "completed"] = Field(
        description="completed: every awaited answer is in, the report has a new revision; "
        "awaiting_sources: another source (or this one) still has to answer"
    )
    revision: int | None = Field(
        description="the new report's revision when the verification completed, else null"
    )


class SignedReportView(BaseModel):
    """A report anyone can check offline (`verification report verify`, or the page at
    `/verify-report`): the manifest of the current report, the service's Ed25519 signature
    over it, the key that signed it and the receipt of the report's audit entry."""

    format: Literal["signed-report/v1"]
    manifest: dict[str, Any] = Field(
        description="`report-manifest/v2`: verification id, revision, authorization id, "
        "each source answer's scope, member index and SHA-256 (`sources`), each answer about "
        "a support obligor by obligor index (`obligor_sources`, never among the members'), "
        "the policy id and version, the outcome, the figures (money as strings; "
        "`figures.obligors`: the support counted, the obligors' part of 三无 and each "
        "obligor's assessment, null when none was named) and the report's audit entry. "
        "Reports signed earlier carry `report-manifest/v1` (no obligors' answers or figures) "
        "and still verify"
    )
    signature: str = Field(
        description="base64 Ed25519 signature over `verification ` + the manifest's format "
        "(`report-manifest/v2`) ‖ NUL ‖ the manifest's canonical JSON, by the audit log's key"
    )
    key: str = Field(
        description="the signing key as a signed-note verifier key (the log's, as at "
        "`/.well-known/audit-log-key`); a verifier trusts its own copy, not this field"
    )
    receipt: str = Field(description="the C2SP tlog-proof of the report's `report_created` entry")


class ReportRevisionView(BaseModel):
    """One revision of a verification's report, without its content."""

    revision: int = Field(description="0 for the first report; each later revision adds 1")
    status: Literal["completed", "awaiting_sources"] | None = Field(
        description="the revision's own status (a provisional report awaiting an agency's "
        "later answer, or a completed one); null for a revision not kept (its audit entry "
        "does not say)"
    )
    outcome: str | None = Field(
        description="its outcome; for a revision not kept, as its `report_created` audit "
        "entry records it"
    )
    completed_at: dt.datetime | None = Field(
        description="when it was written; for a revision not kept, when its audit entry was "
        "recorded"
    )
    superseded_at: dt.datetime | None = Field(
        description="when the next revision replaced it; null for the current one"
    )
    current: bool
    kept: bool = Field(
        description="whether its report can be read (`?revision=` on the report, printable "
        "report, receipt and signed report); false for a revision replaced before the "
        "service kept replaced revisions: only its audit entry remains"
    )


class ReportRevisionList(BaseModel):
    """Every revision of a verification's report, oldest first: the first report, then one
    per retry, per awaited agency answer that arrived and per upheld appeal."""

    verification_id: uuid.UUID
    current_revision: int
    revisions: list[ReportRevisionView]
