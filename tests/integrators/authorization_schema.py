"""The published JSON Schema of the 授权核对委托书 (openapi/authorization.schema.json), read
once, with a validator for each of its two parts (the JWS header, the payload)."""

from __future__ import annotations

import base64
import json
from typing import Any

import jsonschema_rs

from verification.settings import REPO_ROOT

SCHEMA_PATH = REPO_ROOT / "openapi" / "authorization.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
_REGISTRY = jsonschema_rs.Registry([(SCHEMA["$id"], SCHEMA)])


def _part(name: str) -> Any:
    return jsonschema_rs.validator_for(
        {"$ref": f"{SCHEMA['$id']}#/$defs/{name}"}, registry=_REGISTRY
    )


HEADER, PAYLOAD = _part("header"), _part("payload")


def _decoded(segment: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def schema_errors(jws: str) -> list[str]:
    """What the schema finds wrong with a compact JWS's header and payload ([] if valid)."""
    header, payload, _ = jws.split(".")
    return [
        f"{part}: {error.message}"
        for part, validator, segment in (("header", HEADER, header), ("payload", PAYLOAD, payload))
        for error in validator.iter_errors(_decoded(segment))
    ]
