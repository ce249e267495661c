"""/docs (Swagger UI) and /redoc work on a closed network: every asset comes from this
server (the files of the fastapi-offline package), none from a CDN.

In-process: the pages reference only same-origin URLs, each served with its content type.
From the outside: headless Chromium, whose every host name lookup fails (no network but
this machine's loopback), loads the pages from `verification serve` and renders the
operations; its network log shows what it asked for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_ENV
from tests.verification.served_process import Served, served

CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
# ReDoc's sidebar credit shows Redocly's logo from Redocly's CDN and hides it when that
# fails: the one address off this machine a page asks for (README, "/docs offline")
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def _references(html: str) -> list[str]:
    """Every URL the page loads: script and link targets, and the spec Swagger UI fetches."""
    found = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    found += re.findall(r"""\burl:\s*["']([^"']+)["']""", html)  # SwaggerUIBundle({url: …})
    found += re.findall(r"""spec-url\s*=\s*["']([^"']+)["']""", html)  # <redoc spec-url=…>
    return found


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_pages_load_only_same_origin_assets(api, page: str) -> None:
    response = await api.http.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert not re.search(r"https?://|//[a-z]", html, re.IGNORECASE), "an absolute URL"
    references = _references(html)
    assert "/openapi.json" in references
    assets = [ref for ref in references if ref != "/openapi.json"]
    assert {Path(ref).suffix for ref in assets} >= ({".js", ".css"} if page == "/docs" else {".js"})
    for ref in assets:
        assert ref.startswith("/") and not ref.startswith("//"), ref
        asset = await api.http.get(ref)
        assert asset.status_code == 200, ref
        assert asset.headers["content-type"].startswith(CONTENT_TYPES[Path(ref).suffix]), ref
        assert len(asset.content) > 1000, ref


# ---------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if os.environ.get(PG_ENV):
        pytest.skip("`verification serve` is the embedded default (SQLite)")
    with served(tmp_path_factory.mktemp("docs")) as server:
        yield server


def _offline_chromium(profile: Path, net_log: Path, url: str) -> str:
    """The page's DOM after its scripts ran, in a Chromium that resolves no host name
    (IP literals only: this machine's loopback), with its network log in ``net_log``."""
    binary = shutil.which("chromium")
    assert binary, "chromium is not on PATH; scripts/test installs it (apt-get install chromium)"
    return subprocess.run(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--disable-features=AutofillServerCommunication",  # the browser's own queries
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--log-net-log={net_log}",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=30000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout


def _requested(net_log: Path, site: str) -> set[str]:
    """The URLs a page of ``site`` requested, from a Chromium network log (the browser's
    own background requests belong to other sites)."""
    log = json.loads(net_log.read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return {
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start
        and event.get("params", {}).get("network_isolation_key", "").split(" ")[0] == site
    }


@pytest.mark.parametrize(
    ("page", "rendered", "remote"),
    [
        # Swagger UI draws one block per operation, with its method and path
        ("/docs", ['class="opblock opblock-post', "/v1/households/{household_id}/end"], set()),
        # ReDoc: the operations in its menu, and the operation's own section
        (
            "/redoc",
            ['data-section-id="tag/households/operation/', "operation/enrollHousehold"],
            {REDOC_LOGO},
        ),
    ],
)
def test_chromium_without_network_renders_the_docs(
    server: Served, tmp_path: Path, page: str, rendered: list[str], remote: set[str]
) -> None:
    net_log = tmp_path / "net-log.json"
    dom = _offline_chromium(tmp_path / "profile", net_log, server.base_url + page)
    for text in rendered:
        assert text in dom, f"{text!r} not rendered:\n{dom[:2000]}"
    requested = _requested(net_log, "http://127.0.0.1")
    ours = {url for url in requested if url.startswith(server.base_url + "/")}
    assert {server.base_url + page, server.base_url + "/openapi.json"} <= ours
    assert requested - ours <= remote, "asked the network for " + ", ".join(requested - ours)
