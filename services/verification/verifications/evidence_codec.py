"""Evidence to JSON and back, for storing each source's answer (encrypted) so a
retry can re-assess with the answers it does not ask for again."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from connectors.sdk.evidence import Evidence

_ADAPTER: TypeAdapter[Evidence] = TypeAdapter(Evidence)


def evidence_to_json(evidence: Evidence) -> Any:
    return _ADAPTER.dump_python(evidence, mode="json")


def evidence_from_json(data: Any) -> Evidence:
    return _ADAPTER.validate_python(data)
