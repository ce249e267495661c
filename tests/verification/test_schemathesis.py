"""Property-based API testing with schemathesis — every check it has — against the real server.

``verification serve`` runs in a subprocess on a database of its own (SQLite, or
PostgreSQL when the suite runs there); schemathesis's own command line reads the
server's OpenAPI document and sends requests over HTTP as any client would,
with a token of a role each operation admits (``schemathesis.toml`` below).
Its phases: the documented examples, *coverage* (boundary values of every
parameter and body member, each constraint broken on purpose, missing required
headers, methods the path does not have) and *fuzzing* (drawn data, valid and
invalid).  Its checks: all of them (``--checks all``) —

- not a 5xx; the status code, content type, headers and body schema documented
  for the operation (conformance);
- invalid data refused with a 4xx, valid data not refused by validation;
- a method the path lacks: ``405`` with an ``Allow`` header naming exactly the
  documented methods (also for ``OPTIONS``);
- a missing ``Authorization`` header, or a made-up token, refused with 401;

plus this service's own (``schemathesis_checks.py``): every 4xx is an RFC 9457
problem, and a request the document calls valid is never refused as
``invalid-request``.  The service refuses some schema-valid requests for what no
schema can state — a JWS whose signature does not verify (400/422), a cursor it
did not issue or a proof beyond the log (422) — so ``positive_data_acceptance``
is told 400 and 422 besides its defaults, and no longer accepts a 5xx.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.verification.served import BIN, Served, serve
from verification.settings import REPO_ROOT

MAX_EXAMPLES = 5  # per operation and fuzzing mode; the coverage phase adds its own cases
TIME_LIMIT_SECONDS = 240  # a hung run is stopped; speed itself is never asserted here
CHECKS = ("--checks", "all", "--request-timeout", "30", "--no-color")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("schemathesis")) as running:
        yield running


def _config(served: Served) -> str:
    """schemathesis.toml: the token each operation's role needs; the known verification
    half of the time a path names one; which statuses mean what."""
    case_system, auditor, admin = (served.tokens[r] for r in ("case_system", "auditor", "admin"))
    return f"""
[generation]
max-examples = {MAX_EXAMPLES}
deterministic = true
allow-x00 = false  # a NUL anywhere is refused (422 nul-character): tests/verification/test_nul.py

[phases]
examples.enabled = true
coverage.enabled = true
fuzzing.enabled = true
stateful.enabled = false

[checks]
positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409", "422"]
negative_data_rejection.expected-statuses = ["400", "401", "403", "404", "405", "409", "413", "422"]

[dictionaries.verifications]
values = ["{served.verification_id}"]

[parameters]
"path.verification_id" = {{ dictionary = "verifications", probability = 0.5 }}

# the admin may rotate or revoke one client's token, never those this run uses (ids it
# reads from GET /v1/clients would otherwise be tried), nor revoke the demo issuer key
[[operations]]
include-path-regex = '^/v1/clients/[^/]+/(rotate|revoke)$'
headers = {{ Authorization = "Bearer {admin}" }}
parameters = {{ "path.client_id" = "{served.victim}" }}

[[operations]]
include-path = "/v1/issuers/{{code}}/keys/{{kid}}/revoke"
headers = {{ Authorization = "Bearer {admin}" }}
parameters = {{ "path.kid" = "no-such-key" }}

[[operations]]
include-tag = "verifications"
headers = {{ Authorization = "Bearer {case_system}" }}

[[operations]]
include-tag = "households"
headers = {{ Authorization = "Bearer {case_system}" }}

[[operations]]
include-tag = "batches"
headers = {{ Authorization = "Bearer {case_system}" }}

[[operations]]
include-tag = "cross-lists"
headers = {{ Authorization = "Bearer {case_system}" }}

[[operations]]
include-operation-id = "exportSpotCheck"
headers = {{ Authorization = "Bearer {auditor}" }}

[[operations]]
include-tag = "spot-checks"
exclude-operation-id = "exportSpotCheck"
headers = {{ Authorization = "Bearer {case_system}" }}

[[operations]]
include-tag = "policies"
headers = {{ Authorization = "Bearer {case_system}" }}

[[operations]]
include-tag = "audit"
headers = {{ Authorization = "Bearer {auditor}" }}

[[operations]]
include-tag = "clients"
headers = {{ Authorization = "Bearer {admin}" }}

[[operations]]
include-tag = "issuers"
headers = {{ Authorization = "Bearer {admin}" }}
"""


def test_every_operation_passes_every_schemathesis_check(served: Served, tmp_path: Path) -> None:
    document = httpx.get(f"{served.url}/openapi.json").json()
    operations = sum(len(methods) for methods in document["paths"].values())
    assert operations >= 30
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config(served))
    env = served.env | {
        "SCHEMATHESIS_HOOKS": "tests.verification.schemathesis_checks",
        "PYTHONPATH": str(REPO_ROOT),
    }
    openapi = f"{served.url}/openapi.json"
    result = subprocess.run(
        [BIN / "schemathesis", "--config-file", config, "run", *CHECKS, openapi],
        cwd=tmp_path,  # its cache (.schemathesis/) stays out of the checkout
        env=env,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_SECONDS + 60,
        check=False,
    )
    output = result.stdout + result.stderr
    (tmp_path / "schemathesis.out").write_text(output)
    assert result.returncode == 0, output[-30000:]
    assert f"Tested: {operations}" in output, output[-5000:]
