"""openapi/openapi.json is exactly what the app serves."""

from __future__ import annotations

import json

from verification.app import openapi_document
from verification.settings import REPO_ROOT


def test_exported_spec_equals_the_app() -> None:
    exported = (REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")
    assert exported == openapi_document() + "\n", "run: verification openapi"


async def test_served_spec_equals_the_export(api) -> None:
    served = (await api.http.get("/openapi.json")).json()
    assert served == json.loads(
        (REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")
    )
