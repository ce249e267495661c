"""The OpenAPI document is one integrators can generate clients from.

- every operation has an operationId chosen by hand (camelCase, unique), and the full list is
  pinned here, so renaming one (a change every generated client sees) is deliberate;
- every operation has a summary and a description, every tag a description, and the document
  names its servers;
- every problem code the service raises is in the catalogue (``problem_types.py``), every code
  of the catalogue is documented on the operations that answer it (a named example whose
  ``type`` is the real one), and each ``type`` resolves to a page saying what to do.
"""

from __future__ import annotations

import json
import re
import uuid

import httpx
import pytest
from pydantic import ValidationError

from verification.app import create_app
from verification.problem_types import GROUPS, PROBLEM_TYPES, ROUTING
from verification.problems import PROBLEM_JSON
from verification.settings import REPO_ROOT, Settings

OPERATION_ID = re.compile(r"^[a-z][a-zA-Z0-9]{2,40}$")

OPERATIONS = {
    ("GET", "/.well-known/audit-log-key"): "getAuditLogKey",
    ("GET", "/healthz"): "getLiveness",
    ("GET", "/metrics"): "getMetrics",
    ("GET", "/problems"): "listProblemTypes",
    ("GET", "/problems/{code}"): "getProblemType",
    ("GET", "/readyz"): "getReadiness",
    ("GET", "/schemas/authorization/v1.json"): "getAuthorizationSchema",
    ("GET", "/schemas/obligor-consent/v1.json"): "getObligorConsentSchema",
    ("GET", "/v1/audit/checkpoint"): "getAuditCheckpoint",
    ("POST", "/v1/audit/checkpoints"): "createAuditCheckpoint",
    ("GET", "/v1/audit/events"): "listAuditEvents",
    ("GET", "/v1/audit/export"): "exportAuditEvents",
    ("GET", "/v1/audit/proofs/consistency"): "getConsistencyProof",
    ("GET", "/v1/audit/proofs/inclusion"): "getInclusionProof",
    ("GET", "/v1/audit/receipts/{index}"): "getAuditReceipt",
    ("GET", "/v1/audit/tlog/checkpoint"): "getTlogCheckpoint",
    ("GET", "/v1/audit/tlog/tile/entries/{index}"): "getTlogEntryBundle",
    ("GET", "/v1/audit/tlog/tile/{level}/{index}"): "getTlogHashTile",
    ("GET", "/v1/audit/sandbox/tlog/checkpoint"): "getSandboxTlogCheckpoint",
    ("GET", "/v1/audit/sandbox/tlog/tile/entries/{index}"): "getSandboxTlogEntryBundle",
    ("GET", "/v1/audit/sandbox/tlog/tile/{level}/{index}"): "getSandboxTlogHashTile",
    ("GET", "/v1/batches"): "listBatches",
    ("POST", "/v1/cross-lists"): "uploadCrossList",
    ("GET", "/v1/cross-lists"): "listCrossLists",
    ("POST", "/v1/cross-lists/{list_id}/comparisons"): "compareCrossList",
    ("GET", "/v1/cross-lists/{list_id}/comparisons"): "listCrossListComparisons",
    ("GET", "/v1/cross-list-comparisons/{comparison_id}"): "getCrossListComparison",
    ("POST", "/v1/batches"): "createBatch",
    ("GET", "/v1/batches/{batch_id}"): "getBatch",
    ("POST", "/v1/batches/{batch_id}/cancel"): "cancelBatch",
    ("GET", "/v1/batches/{batch_id}/items"): "listBatchItems",
    ("GET", "/v1/clients"): "listClients",
    ("POST", "/v1/clients"): "createClient",
    ("GET", "/v1/clients/{client_id}"): "getClient",
    ("POST", "/v1/clients/{client_id}/revoke"): "revokeClient",
    ("POST", "/v1/clients/{client_id}/rotate"): "rotateClientToken",
    ("GET", "/v1/spot-checks"): "listSpotChecks",
    ("POST", "/v1/spot-checks"): "createSpotCheck",
    ("GET", "/v1/spot-checks/{spot_check_id}"): "getSpotCheck",
    ("GET", "/v1/spot-checks/{spot_check_id}/sample.csv"): "getSpotCheckCsv",
    ("POST", "/v1/spot-checks/{spot_check_id}/visits"): "recordSpotCheckVisit",
    ("GET", "/v1/spot-checks/{spot_check_id}/export"): "exportSpotCheck",
    ("GET", "/v1/households"): "listHouseholds",
    ("POST", "/v1/households"): "enrollHousehold",
    ("GET", "/v1/households/due"): "listDueHouseholds",
    ("GET", "/v1/households/{household_id}"): "getHousehold",
    ("PATCH", "/v1/households/{household_id}"): "updateHousehold",
    ("POST", "/v1/households/{household_id}/end"): "endHousehold",
    ("GET", "/v1/households/{household_id}/verifications"): "listHouseholdVerifications",
    ("GET", "/v1/integrity-entries"): "listIntegrityEntries",
    ("POST", "/v1/integrity-entries"): "proposeIntegrityEntry",
    ("GET", "/v1/integrity-entries/{entry_id}"): "getIntegrityEntry",
    ("POST", "/v1/integrity-entries/{entry_id}/notice"): "recordIntegrityNotice",
    ("POST", "/v1/integrity-entries/{entry_id}/explanation"): "recordIntegrityExplanation",
    ("POST", "/v1/integrity-entries/{entry_id}/confirm"): "confirmIntegrityEntry",
    ("POST", "/v1/integrity-entries/{entry_id}/dismiss"): "dismissIntegrityEntry",
    ("POST", "/v1/integrity-entries/{entry_id}/withdraw"): "withdrawIntegrityEntry",
    ("GET", "/v1/issuers"): "listIssuers",
    ("POST", "/v1/issuers/{code}/keys"): "registerIssuerKey",
    ("POST", "/v1/issuers/{code}/keys/{kid}/revoke"): "revokeIssuerKey",
    ("GET", "/v1/policies"): "listPolicies",
    ("GET", "/v1/policies/effective"): "getEffectivePolicy",
    ("GET", "/v1/statistics"): "getStatistics",
    ("GET", "/v1/statistics/page"): "getStatisticsPage",
    ("POST", "/v1/policies/what-if"): "previewPolicyChange",
    ("GET", "/v1/verifications"): "listVerifications",
    ("POST", "/agency/v1/callbacks/{scope}"): "receiveAgencyCallback",
    ("GET", "/v1/authorizations/{authorization_id}/uses"): "getConsentUses",
    ("POST", "/v1/authorizations/{authorization_id}/family-links"): "createFamilyLink",
    ("POST", "/v1/authorizations/{authorization_id}/revocation"): "revokeAuthorization",
    ("GET", "/family/v1/consent/{token}"): "openFamilyConsentRecord",
    ("POST", "/v1/verifications"): "createVerification",
    ("GET", "/v1/verifications/{verification_id}"): "getVerification",
    ("GET", "/v1/verifications/{verification_id}/public-notice"): "getPublicNotice",
    ("GET", "/v1/verifications/{verification_id}/receipt"): "getVerificationReceipt",
    ("GET", "/v1/verifications/{verification_id}/signed-report"): "getSignedReport",
    ("GET", "/v1/verifications/{verification_id}/revisions"): "listReportRevisions",
    ("GET", "/v1/verifications/{verification_id}/report.html"): "getPrintableReport",
    ("POST", "/v1/verifications/{verification_id}/retry"): "retryVerification",
    ("POST", "/v1/verifications/{verification_id}/appeals"): "fileAppeal",
    ("GET", "/v1/verifications/{verification_id}/appeals"): "listVerificationAppeals",
    ("GET", "/v1/appeals/{appeal_id}"): "getAppeal",
    ("POST", "/v1/appeals/{appeal_id}/decision"): "decideAppeal",
    ("GET", "/v1/webhooks/event-types"): "listWebhookEventTypes",
    ("GET", "/v1/webhooks/endpoints"): "listWebhookEndpoints",
    ("POST", "/v1/webhooks/endpoints"): "createWebhookEndpoint",
    ("GET", "/v1/webhooks/endpoints/{endpoint_id}"): "getWebhookEndpoint",
    ("PATCH", "/v1/webhooks/endpoints/{endpoint_id}"): "updateWebhookEndpoint",
    ("DELETE", "/v1/webhooks/endpoints/{endpoint_id}"): "deleteWebhookEndpoint",
    ("GET", "/v1/webhooks/endpoints/{endpoint_id}/deliveries"): "listWebhookDeliveries",
    (
        "POST",
        "/v1/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    ): "redeliverWebhook",
    ("POST", "/v1/webhooks/endpoints/{endpoint_id}/rotate-secret"): "rotateWebhookSecret",
}

# the base classes' default codes (problems.py): every raise of one names its own code
_BASE_DEFAULTS = {"bad-request", "forbidden", "conflict", "authorization-refused"}
_BASE_DEFAULTS |= {"service-unavailable"}
# chosen by an expression in problem_handlers.py (an HTTP error's status)
_ROUTING_CODES = {"method-not-allowed", "http-error"}
_RAISED = re.compile(r"""\bcode(?::\s*ClassVar\[str\])?\s*=\s*"([a-z0-9-]+)\"""")


def _document() -> dict:
    return json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))


def _operations(document: dict) -> dict[tuple[str, str], dict]:
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def _documented_codes(operation: dict) -> dict[str, list[dict]]:
    """code -> its examples (resolved), over every error response of the operation."""
    document = _document()
    found = {}
    for status, response in operation["responses"].items():
        for name, example in (
            response.get("content", {}).get(PROBLEM_JSON, {}).get("examples", {}).items()
        ):
            ref = example["$ref"].removeprefix("#/components/examples/")
            value = document["components"]["examples"][ref]["value"]
            assert value["status"] == int(status), (name, status)
            found.setdefault(value["code"], []).append(value)
    return found


def test_every_operation_has_a_handpicked_unique_operation_id() -> None:
    operations = _operations(_document())
    ids = [operation.get("operationId", "") for operation in operations.values()]
    bad = [i for i in ids if not OPERATION_ID.fullmatch(i)]
    assert not bad, f"operationIds are camelCase words, not FastAPI's defaults: {bad}"
    assert len(ids) == len(set(ids)), "operationIds are unique"


def test_the_operation_ids_are_pinned() -> None:
    """A rename breaks every generated client: change this list, and CHANGELOG.md, on purpose."""
    operations = _operations(_document())
    assert {key: op["operationId"] for key, op in operations.items()} == OPERATIONS


def test_every_operation_is_described_and_tagged_with_described_tags() -> None:
    document = _document()
    tags = {tag["name"]: tag.get("description") for tag in document["tags"]}
    assert all(tags.values()), "every tag has a description"
    for key, operation in _operations(document).items():
        assert operation.get("summary") and operation.get("description"), key
        assert operation.get("tags") and set(operation["tags"]) <= set(tags), key


def test_the_servers_are_the_relative_root_unless_a_public_base_url_is_set() -> None:
    assert _document()["servers"] == [
        {"url": "/", "description": "the host that served this document (相对地址)"}
    ]
    public = "https://hedui.example.gov.cn/api"
    document = create_app(Settings(public_base_url=public)).openapi()
    assert [server["url"] for server in document["servers"]] == [public, "/"]
    example = document["components"]["examples"]["invalid-token"]["value"]
    assert example["type"] == f"{public}/problems/invalid-token"


def test_every_code_raised_in_the_source_is_in_the_catalogue() -> None:
    raised = set()
    for path in (REPO_ROOT / "services" / "verification").rglob("*.py"):
        if path.name != "problem_types.py":
            raised |= set(_RAISED.findall(path.read_text(encoding="utf-8")))
    raised |= _ROUTING_CODES
    assert raised - _BASE_DEFAULTS - set(PROBLEM_TYPES) == set(), "add them to problem_types.py"
    assert set(PROBLEM_TYPES) - raised == set(), "a code nothing raises: remove it"


def test_every_code_is_documented_on_the_operations_that_answer_it() -> None:
    document = _document()
    operations = _operations(document)
    by_id = {op["operationId"]: op for op in operations.values()}
    documented: set[str] = set()
    for operation in operations.values():
        for code, values in _documented_codes(operation).items():
            assert all(value["type"] == f"/problems/{code}" for value in values)
            assert sorted(v["status"] for v in values) == sorted(PROBLEM_TYPES[code].statuses)
            documented.add(code)
    for code, problem in PROBLEM_TYPES.items():
        for operation_id in set(problem.operations) - GROUPS:
            assert operation_id in by_id, f"{code} names an unknown operation {operation_id}"
            assert code in _documented_codes(by_id[operation_id]), (code, operation_id)
        if set(problem.operations) != {ROUTING}:
            assert code in documented, f"{code} is in the OpenAPI of no operation"


async def test_every_problem_type_resolves_to_its_page(api) -> None:
    """Unauthenticated, cacheable: HTML (Chinese, then English), or JSON when asked for."""
    for code, problem in PROBLEM_TYPES.items():
        page = await api.http.get(f"/problems/{code}", headers={"Accept": "text/html"})
        assert page.status_code == 200, code
        assert page.headers["content-type"].startswith("text/html")
        assert "public" in page.headers["cache-control"]
        assert problem.title.zh_cn in page.text and problem.title.en in page.text
        described = await api.http.get(f"/problems/{code}", headers={"Accept": PROBLEM_JSON})
        assert described.headers["content-type"] == "application/json"
        body = described.json()
        assert (body["type"], body["status"]) == (f"/problems/{code}", problem.status)
        assert body["action"]["zh-CN"] and body["action"]["en"]
    index = await api.http.get("/problems")
    assert all(f'href="problems/{code}"' in index.text for code in PROBLEM_TYPES)
    listed = await api.http.get("/problems", headers={"Accept": "application/json"})
    assert {p["code"] for p in listed.json()["problems"]} == set(PROBLEM_TYPES)
    unknown = await api.http.get("/problems/no-such-code")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not-found"


async def test_a_refusal_names_the_page_that_explains_it(api) -> None:
    refused = await api.http.get(f"/v1/verifications/{uuid.uuid4()}")
    problem = refused.json()
    assert problem["type"] == "/problems/authentication-required"
    page = await api.http.get(problem["type"], headers={"Accept": "application/json"})
    assert page.json()["code"] == problem["code"] == "authentication-required"


async def test_refusals_type_is_absolute_under_the_public_base_url(api, settings) -> None:
    public = "https://hedui.example.gov.cn"
    app = create_app(settings.model_copy(update={"public_base_url": public}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            refused = await http.get(f"/v1/households/{uuid.uuid4()}")
            described = await http.get("/problems/invalid-token", headers={"Accept": PROBLEM_JSON})
    assert refused.json()["type"] == f"{public}/problems/authentication-required"
    assert described.json()["type"] == f"{public}/problems/invalid-token"


@pytest.mark.parametrize("name", ["authorization", "obligor-consent"])
async def test_the_authorization_schema_is_served_at_its_id(api, leak_watch, name: str) -> None:
    exported = (REPO_ROOT / "openapi" / f"{name}.schema.json").read_bytes()
    packaged = REPO_ROOT / "services" / "verification" / "reference" / f"{name}.schema.json"
    assert packaged.read_bytes() == exported, f"copy openapi/{name}.schema.json there"
    path = "/" + json.loads(exported)["$id"].split("://", 1)[1].split("/", 1)[1]
    since = len(leak_watch.leaks)
    served = await api.http.get(path)
    # the schema's `examples` hold the signing guide's fictional ID number (public in the
    # repository, as in docs/integrators/): the one "leak" this response may have
    leaks = leak_watch.withdraw(since)
    assert all("450102" in leak.excerpt for leak in leaks)
    assert served.status_code == 200 and served.content == exported
    assert served.headers["content-type"] == "application/schema+json"
    assert "public" in served.headers["cache-control"]


@pytest.mark.parametrize(
    "url", ["hedui.example.gov.cn", "https://hedui.example.gov.cn/", "ftp://x"]
)
def test_a_public_base_url_is_an_http_url_without_a_trailing_slash(url: str) -> None:
    with pytest.raises(ValidationError):
        Settings(public_base_url=url)
