"""A support obligor's consent has its own JSON Schema (openapi/obligor-consent.schema.json,
served at its ``$id``): the integrators' guide's examples validate against it, what the
signing helper and the CLI sign validates and the service accepts, its fields and
vocabulary are the service's, and consents the service refuses for their shape it rejects."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import jsonschema_rs
import pytest

from verification.assessment.obligors import ObligorRelation
from verification.authorization.grant import Grant
from verification.authorization.obligor_consent import (
    ConsentingObligor,
    ObligorConsent,
    parse_obligor_consent,
)
from verification.authorization.signing import obligor_consent_payload
from verification.problems import AuthorizationRefused
from verification.settings import REPO_ROOT

SCHEMA = json.loads((REPO_ROOT / "openapi" / "obligor-consent.schema.json").read_text("utf-8"))
AUTHORIZATION = json.loads((REPO_ROOT / "openapi" / "authorization.schema.json").read_text("utf-8"))
_REGISTRY = jsonschema_rs.Registry([(SCHEMA["$id"], SCHEMA)])
PAYLOAD = jsonschema_rs.validator_for(
    {"$ref": f"{SCHEMA['$id']}#/$defs/payload"}, registry=_REGISTRY
)
GUIDE = REPO_ROOT / "docs" / "integrators" / "signing-authorizations.md"
SCOPES = ["hukou", "tax", "bank", "vehicle", "housing", "provident_fund"]
DAUGHTER = {"id_number": "450102197508150311", "name": "韦小红", "relation": "adult_child"}


def _guide_examples() -> list[dict[str, Any]]:
    """Every JSON block of the guide whose ``kind`` is ``obligor_consent``."""
    blocks = re.findall(r"```json\n(.*?)```", GUIDE.read_text("utf-8"), flags=re.DOTALL)
    found = [json.loads(b) for b in blocks if '"obligor_consent"' in b]
    return [b for b in found if b.get("kind") == "obligor_consent"]


def _household(authorization_id: str = "AUTH-450102-2026-000731") -> Grant:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    return Grant(
        authorization_id=authorization_id,
        issuer="450102001",
        purpose="dibao_application",
        region_code="450102",
        area="rural",
        members=[
            {
                "id_number": "450102194501010014",
                "name": "韦大娘",
                "relation": "self",
                "consented": True,
            }
        ],
        scopes=SCOPES,
        iat=now,
        nbf=now,
        exp=now + 86_400,
    )


def _accepted(payload: dict[str, Any]) -> bool:
    try:
        parse_obligor_consent(0, payload, _household(), SCOPES, 366)
    except AuthorizationRefused:
        return False
    return True


def test_a_separate_versioned_document_leaving_the_authorization_schema_v1_unchanged() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == "https://verification.example.cn/schemas/obligor-consent/v1.json"
    assert SCHEMA["version"] == "1.0.0"
    assert AUTHORIZATION["$id"].endswith("/schemas/authorization/v1.json")
    assert "kind" not in AUTHORIZATION["$defs"]["payload"]["properties"]
    # the same JWS header rules as the household's authorization
    assert SCHEMA["$defs"]["header"] == AUTHORIZATION["$defs"]["header"]


def test_the_guide_s_examples_validate() -> None:
    examples = _guide_examples()
    assert examples, "the guide shows an obligor consent's payload"
    for example in examples:
        assert list(PAYLOAD.iter_errors(example)) == [], example


def test_its_fields_and_vocabulary_are_the_service_s() -> None:
    payload = SCHEMA["$defs"]["payload"]
    assert set(payload["properties"]) == set(ObligorConsent.model_fields)
    assert set(payload["required"]) == {
        n for n, f in ObligorConsent.model_fields.items() if f.is_required()
    }
    obligor = SCHEMA["$defs"]["obligor"]
    assert set(obligor["properties"]) == set(ConsentingObligor.model_fields)
    assert obligor["properties"]["relation"]["enum"] == [r.value for r in ObligorRelation]


def test_what_the_signing_helper_builds_validates_and_is_accepted() -> None:
    payload = obligor_consent_payload(
        issuer="450102001",
        supports_authorization_id="AUTH-450102-2026-000731",
        obligor={**DAUGHTER, "consented": True},
        now=dt.datetime.now(dt.UTC),
        scopes=SCOPES,
    )
    assert list(PAYLOAD.iter_errors(payload)) == []
    assert _accepted(payload)


def _valid() -> dict[str, Any]:
    return obligor_consent_payload(
        issuer="450102001",
        supports_authorization_id="AUTH-450102-2026-000731",
        obligor={**DAUGHTER, "consented": True},
        now=dt.datetime.now(dt.UTC),
        scopes=SCOPES,
    )


def _without(field: str) -> dict[str, Any]:
    payload = _valid()
    del payload[field]
    return payload


def _changed(path: str, value: Any) -> dict[str, Any]:
    payload = copy.deepcopy(_valid())
    *parents, last = path.split(".")
    target = payload
    for part in parents:
        target = target[part]
    target[last] = value
    return payload


MALFORMED = {
    "no kind": lambda: _without("kind"),
    "a household authorization's kind": lambda: _changed("kind", "authorization"),
    "no supports_authorization_id": lambda: _without("supports_authorization_id"),
    "no obligor": lambda: _without("obligor"),
    "an extra field": lambda: _changed("purpose", "dibao_application"),
    "a relation outside the vocabulary": lambda: _changed("obligor.relation", "neighbour"),
    "an extra obligor field": lambda: _changed("obligor.phone", "13800000000"),
    "no scopes": lambda: _changed("scopes", []),
    "a short authorization_id": lambda: _changed("authorization_id", "short"),
    "not consented": lambda: _changed("obligor.consented", False),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_what_the_service_refuses_for_its_shape_the_schema_rejects(name: str) -> None:
    payload = MALFORMED[name]()
    assert not _accepted(payload)
    assert list(PAYLOAD.iter_errors(payload)) != []
