"""The authorization's JSON Schema (openapi/authorization.schema.json) matches the service.

- its constants are the service's (patterns, bounds, enums, fields), read from the code;
- what the demo signer (``verification authorization sign``) signs validates, for every
  scenario household, and the service accepts it;
- every authorization the service refuses as ``malformed-authorization`` for its structure
  (and the header's ``crit`` and a NUL character, refused with codes of their own) is
  rejected by the schema: a header and payload the schema accepts are never refused for
  their shape;
- the content rules no schema can state (an installed scope, a member twice, an ID number in
  an identifier, a number written with a fraction) are the service's alone, and where the
  schema is stricter than the service its ``$comment`` says so: both pinned here.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import datetime as dt
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import jsonschema_rs
import pytest

from connectors.sdk.discovery import installed_sources
from connectors.sdk.source import SCOPE_PATTERN
from mock_sources.scenarios import HOUSEHOLDS
from tests.integrators.authorization_schema import SCHEMA, schema_errors
from tests.verification.helpers import raw_jws
from verification.authorization.grant import (
    MAX_MEMBERS,
    Area,
    Grant,
    GrantMember,
    Purpose,
    parse_grant,
)
from verification.authorization.jws import (
    AUTHORIZATION_SCHEMA_ID,
    EARLIEST_TIME,
    KID_PATTERN,
    LATEST_TIME,
    RegisteredKey,
    verify_jws,
)
from verification.authorization.signing import IssuerKeyPair
from verification.clients.service import ISSUER_CODE_PATTERN
from verification.demo import scenario_request
from verification.problems import AuthorizationRefused
from verification.settings import REPO_ROOT

DEFS = SCHEMA["$defs"]
ISSUER = "450102001"
NOW = dt.datetime.now(dt.UTC)
KEY = IssuerKeyPair.generate(ISSUER, NOW)
REGISTERED = RegisteredKey(
    kid=KEY.kid, issuer_code=ISSUER, public_jwk=json.dumps(KEY.public_jwk), revoked=False
)
ID_NUMBER_X = "45010219770909052X"  # a valid one ending in X (the income_above scenario's)


async def _lookup(kid: str) -> RegisteredKey | None:
    return REGISTERED if kid == KEY.kid else None


def service_refusal(jws: str) -> str | None:
    """The refusal code of the service's checks of the header and payload (verify_jws,
    parse_grant), or None when it accepts them."""

    async def check() -> None:
        # checked at the moment it is signed (the payload's iat is the signing time, which
        # under pytest -n can be minutes after this module was imported and NOW was taken)
        _, claims = await verify_jws(jws, _lookup, dt.datetime.now(dt.UTC), accept_demo=False)
        parse_grant(claims, None)

    try:
        asyncio.run(check())
    except AuthorizationRefused as refusal:
        return refusal.instance_code
    return None


def _payload() -> dict[str, Any]:
    body = scenario_request(KEY, "eligible")
    return json.loads(base64.urlsafe_b64decode(body["authorization"].split(".")[1] + "=="))


def _header() -> dict[str, Any]:
    return {"alg": "EdDSA", "kid": KEY.kid}


# ---- the schema states the service's constants -----------------------------------------


def test_the_schema_is_draft_2020_12_versioned_and_named_by_the_service() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert jsonschema_rs.meta.is_valid(SCHEMA)
    assert SCHEMA["$id"] == AUTHORIZATION_SCHEMA_ID
    major = SCHEMA["version"].split(".")[0]
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", SCHEMA["version"])
    assert SCHEMA["$id"].endswith(f"/v{major}.json")
    # the OpenAPI document's authorization field points at it
    openapi = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    field = openapi["components"]["schemas"]["CreateVerification"]["properties"]["authorization"]
    assert field["externalDocs"]["url"] == SCHEMA["$id"]
    assert "openapi/authorization.schema.json" in field["externalDocs"]["description"]
    assert "docs/integrators/signing-authorizations.md" in field["externalDocs"]["description"]


def test_the_header_s_rules_are_the_jws_check_s() -> None:
    header = DEFS["header"]
    assert header["required"] == ["alg", "kid"]
    assert header["properties"]["alg"]["const"] == "EdDSA"
    assert header["properties"]["kid"]["pattern"] == KID_PATTERN
    assert header["not"] == {"required": ["crit"]}


def test_the_payload_s_fields_and_bounds_are_the_grant_s() -> None:
    payload, member = DEFS["payload"], DEFS["member"]
    grant = Grant.model_json_schema()
    assert set(payload["properties"]) == set(Grant.model_fields)
    assert set(payload["required"]) == set(grant["required"])
    assert payload["additionalProperties"] is False
    assert set(member["properties"]) == set(GrantMember.model_fields)
    assert set(member["required"]) == set(GrantMember.model_fields)
    assert member["additionalProperties"] is False
    stated = {
        **payload["properties"],
        **{f"member.{k}": v for k, v in member["properties"].items()},
    }
    enforced = {
        **grant["properties"],
        **{f"member.{k}": v for k, v in grant["$defs"]["GrantMember"]["properties"].items()},
    }
    for name in ("authorization_id", "member.name", "member.relation"):
        for bound in ("minLength", "maxLength"):
            assert stated[name][bound] == enforced[name][bound], (name, bound)
    assert stated["authorization_id"]["pattern"] == enforced["authorization_id"]["pattern"]
    assert stated["region_code"]["pattern"] == enforced["region_code"]["pattern"]
    assert stated["issuer"]["pattern"] == ISSUER_CODE_PATTERN
    assert stated["issuer"]["maxLength"] == enforced["issuer"]["maxLength"]
    assert stated["purpose"]["enum"] == list(get_args(Purpose))
    assert stated["area"]["enum"] == list(get_args(Area))
    assert payload["properties"]["members"]["maxItems"] == MAX_MEMBERS
    assert payload["properties"]["members"]["minItems"] == 1
    assert payload["properties"]["scopes"]["minItems"] == 1
    assert DEFS["numericDate"]["minimum"] == EARLIEST_TIME
    assert DEFS["numericDate"]["maximum"] == LATEST_TIME


def test_scopes_are_a_pattern_with_the_built_in_ones_as_examples() -> None:
    scope = DEFS["scope"]
    assert scope["pattern"] == f"^{SCOPE_PATTERN.pattern}$"
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    built_in = project["project"]["entry-points"]["verification.connectors"]
    assert scope["examples"] == list(built_in)
    assert set(built_in) <= set(installed_sources().scopes)


# ---- what is signed validates ------------------------------------------------------------


@pytest.mark.parametrize("household", [h.name for h in HOUSEHOLDS])
def test_what_the_demo_signer_signs_validates(household: str) -> None:
    jws = scenario_request(KEY, household)["authorization"]
    assert schema_errors(jws) == []
    assert service_refusal(jws) is None


def test_the_sign_command_s_authorizations_validate(tmp_path: Path) -> None:
    """``verification authorization sign``, as the README shows it, for a scenario and for a
    payload file."""
    key = tmp_path / "issuer-key.json"
    key.write_text(KEY.to_json())
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(_payload()))
    verification = Path(sys.executable).parent / "verification"
    for how in (["--scenario", "low_income_edge"], ["--payload", str(payload)]):
        printed = subprocess.run(
            [str(verification), "authorization", "sign", "--key", str(key), *how],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        jws = json.loads(printed)["authorization"]
        assert schema_errors(jws) == []
        assert service_refusal(jws) is None


Change = Callable[[dict[str, Any], dict[str, Any]], None]


def _set(part: str, path: str, value: Any) -> Change:
    """Set (or with ``...`` delete) ``path`` (dotted; list indexes as numbers) in the header
    or the payload."""

    def change(header: dict[str, Any], payload: dict[str, Any]) -> None:
        target: Any = header if part == "header" else payload
        *parents, last = path.split(".")
        for step in parents:
            target = target[int(step)] if isinstance(target, list) else target[step]
        key: Any = int(last) if isinstance(target, list) else last
        if value is ...:
            del target[key]
        else:
            target[key] = copy.deepcopy(value)

    return change


def _whole(part: str, value: Any) -> Change:
    """Replace the header or the payload as a whole (by a JSON array, say)."""

    def change(header: dict[str, Any], payload: dict[str, Any]) -> None:
        target = header if part == "header" else payload
        target.clear()
        target["__whole__"] = value

    return change


def _jws_of(changes: list[Change]) -> str:
    header, payload = _header(), _payload()
    for change in changes:
        change(header, payload)
    return raw_jws(KEY, header.get("__whole__", header), payload.get("__whole__", payload))


VALID = {
    "typ JWT and other header parameters": [
        _set("header", "typ", "JWT"),
        _set("header", "cty", "json"),
    ],
    "b64 true": [_set("header", "b64", True)],
    "a jti": [_set("payload", "jti", "4f1c2a")],
    "one member": [_set("payload", "members", [_payload()["members"][0]])],
    "one scope": [_set("payload", "scopes", ["tax"])],
    "nbf later than iat": [_set("payload", "nbf", int(NOW.timestamp()) - 5)],
    "ID number ending in X": [_set("payload", "members.1.id_number", ID_NUMBER_X)],
    "each purpose": [_set("payload", "purpose", "temporary_assistance")],
    "urban": [_set("payload", "area", "urban")],
}


@pytest.mark.parametrize("name", VALID)
def test_variants_both_accept(name: str) -> None:
    jws = _jws_of(VALID[name])
    assert schema_errors(jws) == []
    assert service_refusal(jws) is None


# ---- what the service refuses for its structure, the schema rejects ----------------------

_MEMBER = {
    "id_number": "450102198003120111",
    "name": "韦国强",
    "relation": "self",
    "consented": True,
}
_REQUIRED = ("authorization_id", "issuer", "purpose", "region_code", "area", "members", "scopes")

MALFORMED: dict[str, list[Change]] = {
    "a scope repeated": [_set("payload", "scopes", ["tax", "tax"])],
    "alg missing": [_set("header", "alg", ...)],
    "alg HS256": [_set("header", "alg", "HS256")],
    "alg none": [_set("header", "alg", "none")],
    "alg Ed25519": [_set("header", "alg", "Ed25519")],
    "kid missing": [_set("header", "kid", ...)],
    "kid a number": [_set("header", "kid", 5)],
    "kid empty": [_set("header", "kid", "")],
    "kid with a space": [_set("header", "kid", "my key")],
    "kid too long": [_set("header", "kid", "k" * 129)],
    "kid starting with a dash": [_set("header", "kid", "-key")],
    "b64 false": [_set("header", "b64", False)],
    **{f"{name} missing": [_set("payload", name, ...)] for name in _REQUIRED},
    **{f"{name} missing": [_set("payload", name, ...)] for name in ("iat", "nbf", "exp")},
    "an unknown claim": [_set("payload", "note", "x")],
    "aud": [_set("payload", "aud", "verification")],
    "sub": [_set("payload", "sub", "someone")],
    "authorization_id too short": [_set("payload", "authorization_id", "a-1234")],
    "authorization_id too long": [_set("payload", "authorization_id", "a" * 129)],
    "authorization_id with a space": [_set("payload", "authorization_id", "auth 12345")],
    "authorization_id a number": [_set("payload", "authorization_id", 123456789)],
    "issuer empty": [_set("payload", "issuer", "")],
    "issuer too long": [_set("payload", "issuer", "4" * 33)],
    "issuer a number": [_set("payload", "issuer", 450102001)],
    "purpose unknown": [_set("payload", "purpose", "dibao")],
    "region_code five digits": [_set("payload", "region_code", "45010")],
    "region_code seven digits": [_set("payload", "region_code", "4501020")],
    "region_code a number": [_set("payload", "region_code", 450102)],
    "region_code full-width digits": [_set("payload", "region_code", "４５０１０２")],
    "area unknown": [_set("payload", "area", "town")],
    "members empty": [_set("payload", "members", [])],
    "members not a list": [_set("payload", "members", _MEMBER)],
    "31 members": [_set("payload", "members", [_MEMBER] * (MAX_MEMBERS + 1))],
    "a member without consented": [_set("payload", "members.0.consented", ...)],
    "a member without name": [_set("payload", "members.0.name", ...)],
    "a member with another field": [_set("payload", "members.0.phone", "13800000000")],
    "a member's name empty": [_set("payload", "members.0.name", "")],
    "a member's name too long": [_set("payload", "members.0.name", "韦" * 65)],
    "a member's relation empty": [_set("payload", "members.0.relation", "")],
    "a member's relation too long": [_set("payload", "members.0.relation", "r" * 33)],
    "a member's ID number too long": [_set("payload", "members.0.id_number", "4" * 33)],
    "a member's ID number a number": [_set("payload", "members.0.id_number", 450102198003120111)],
    "a member's consented null": [_set("payload", "members.0.consented", None)],
    "scopes empty": [_set("payload", "scopes", [])],
    "scopes a string": [_set("payload", "scopes", "tax")],
    "a scope a number": [_set("payload", "scopes", [5])],
    "a scope in capitals": [_set("payload", "scopes", ["TAX"])],
    "a scope with a dash": [_set("payload", "scopes", ["provident-fund"])],
    "more scopes than sources": [
        _set("payload", "scopes", ["tax"] * (len(installed_sources().scopes) + 1))
    ],
    **{
        f"{name} {how}": [_set("payload", name, value)]
        for name in ("iat", "nbf", "exp")
        for how, value in (
            ("a string", str(int(NOW.timestamp()))),
            ("true", True),
            ("null", None),
            ("before 2000", EARLIEST_TIME - 1),
            ("after 2100", LATEST_TIME + 1),
        )
    },
    "jti null": [_set("payload", "jti", None)],
    "jti a number": [_set("payload", "jti", 5)],
}


MALFORMED |= {
    "the header an array": [_whole("header", ["EdDSA", KEY.kid])],
    "the payload an array": [_whole("payload", [1, 2, 3])],
    "the payload a string": [_whole("payload", "authorization")],
}

# refused with codes of their own, before the content is read
OTHER_STRUCTURAL: dict[str, tuple[str, list[Change]]] = {
    "crit": ("unsupported-critical-header", [_set("header", "crit", ["exp"])]),
    "crit empty": ("unsupported-critical-header", [_set("header", "crit", [])]),
    "NUL in a header parameter": ("nul-character", [_set("header", "typ", "J\0WT")]),
    "NUL in a header member name": ("nul-character", [_set("header", "x\0", "1")]),
    "NUL in a member's name": ("nul-character", [_set("payload", "members.0.name", "韦\0")]),
    "NUL in a relation": ("nul-character", [_set("payload", "members.0.relation", "self\0")]),
    "NUL in the jti": ("nul-character", [_set("payload", "jti", "\0\0")]),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_what_the_service_refuses_as_malformed_the_schema_rejects(name: str) -> None:
    jws = _jws_of(MALFORMED[name])
    assert service_refusal(jws) == "malformed-authorization"
    assert schema_errors(jws), f"the schema accepts {name!r}"


@pytest.mark.parametrize("name", OTHER_STRUCTURAL)
def test_crit_and_nul_refusals_the_schema_rejects_too(name: str) -> None:
    code, changes = OTHER_STRUCTURAL[name]
    jws = _jws_of(changes)
    assert service_refusal(jws) == code
    assert schema_errors(jws), f"the schema accepts {name!r}"


# ---- the boundary: content rules, and where the schema is stricter ------------------------

CONTENT_ONLY: dict[str, list[Change]] = {
    # a seventh source may be installed: the schema cannot know which scopes are
    "a well-formed scope no installed connector has": [_set("payload", "scopes", ["pension"])],
    "a member listed twice": [_set("payload", "members", [_MEMBER, _MEMBER])],
    "an ID number inside the authorization_id": [
        _set("payload", "authorization_id", "case-450102198003120111")
    ],
    "an ID number inside the kid": [_set("header", "kid", "k450102198003120111")],
    # JSON Schema's data model has one kind of number: 1764979200.0 is an integer there
    "a NumericDate written with a fraction": [_set("payload", "iat", float(int(NOW.timestamp())))],
}


@pytest.mark.parametrize("name", CONTENT_ONLY)
def test_content_rules_are_the_service_s_alone(name: str) -> None:
    """The schema's description lists these as what the service checks beyond it."""
    jws = _jws_of(CONTENT_ONLY[name])
    assert service_refusal(jws) == "malformed-authorization"
    assert schema_errors(jws) == []


STRICTER: dict[str, list[Change]] = {
    "an ID number's x in lower case": [_set("payload", "members.1.id_number", ID_NUMBER_X.lower())],
    "an ID number with surrounding white space": [
        _set("payload", "members.0.id_number", " 450102198003120111 ")
    ],
    "consented as a string": [_set("payload", "members.0.consented", "true")],
}


@pytest.mark.parametrize("name", STRICTER)
def test_where_the_schema_is_stricter_than_the_service(name: str) -> None:
    """What the schema's ``$comment`` says the service tolerates and a conforming issuer does
    not send."""
    jws = _jws_of(STRICTER[name])
    assert service_refusal(jws) is None
    assert schema_errors(jws)
