"""Every transport the seam builds, on real sockets: each way an agency can fail is the
failure kind the SDK names (timeout, refused, dropped before or during the answer, reset,
TLS), connections are reused and capped, and a connection the agency closed is not used."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
import pytest
import uvloop
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from httpx_aiohttp import AiohttpTransport

from connectors.sdk.contract import ConnectorConfig
from connectors.sdk.errors import SourceUnavailableError
from connectors.sdk.http import AgencyClient, Outcome
from connectors.sdk.testing import fast_config, query_context
from connectors.sdk.transport import DEFAULT_TRANSPORT, TransportKind, build_transport

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
OK_BODY = b'{"ok": true}'
OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(
    OK_BODY
)


@pytest.fixture(params=list(TransportKind), ids=str)
def kind(request: pytest.FixtureRequest) -> TransportKind:
    return TransportKind(request.param)


@dataclass
class Agency:
    """A raw HTTP/1.1 server; ``answer`` decides what each request gets."""

    answer: Handler
    connections: int = 0
    open_now: int = 0
    peak_open: int = 0
    requests: list[int] = field(default_factory=list)  # the connection number of each request
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        self.open_now += 1
        self.peak_open = max(self.peak_open, self.open_now)
        self.writers.append(writer)
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                self.requests.append(number)
                await self.answer(reader, writer)
                if writer.is_closing():
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            self.open_now -= 1
            writer.close()


@asynccontextmanager
async def serving(agency: Agency, tls: ssl.SSLContext | None = None) -> AsyncIterator[str]:
    listener = await asyncio.start_server(agency.handle, "127.0.0.1", 0, ssl=tls)
    port = listener.sockets[0].getsockname()[1]
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}/agency"
    finally:
        for writer in agency.writers:
            writer.close()
        listener.close()


async def ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(OK + OK_BODY)
    await writer.drain()


async def ok_then_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answers, then closes the connection without saying so (no ``Connection: close``)."""
    await ok(reader, writer)
    writer.close()


async def close_without_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.close()


async def close_mid_body(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + OK_BODY[:5])
    await writer.drain()
    writer.close()


async def close_mid_headers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Len")
    await writer.drain()
    writer.close()


async def reset_mid_body(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Half an answer, then a TCP reset (SO_LINGER 0) instead of an orderly close."""
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + OK_BODY[:5])
    await writer.drain()
    await asyncio.sleep(0.05)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read()  # until the client gives up and closes


async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"this is not HTTP at all\r\n\r\n")
    await writer.drain()
    writer.close()


def agency_client(url: str, kind: TransportKind, **overrides: object) -> AgencyClient:
    settings: dict[str, object] = {"max_attempts": 1, "timeout_seconds": 2.0}
    return AgencyClient(fast_config(url, transport=kind, **(settings | overrides)))


async def one_failed_attempt(url: str, kind: TransportKind, **overrides: object) -> str:
    """The outcome token of a single attempt that must fail, and its ``unavailable`` verdict."""
    client = agency_client(url, kind, **overrides)
    session = client.session(query_context())
    try:
        with pytest.raises(SourceUnavailableError):
            await session.get("people/1")
    finally:
        await client.aclose()
    (attempt,) = session.attempt_log
    assert attempt.status_code is None
    return attempt.outcome


async def test_a_default_config_moves_its_bytes_through_aiohttp():
    """The A/B's winner (docs/benchmarks.md) is what a connector gets when it asks for
    nothing: its transport is httpx-aiohttp's, not httpx's own."""
    transport = build_transport(
        ConnectorConfig(base_url="http://agency.test").transport, max_connections=1
    )
    stock = build_transport(TransportKind.HTTPCORE, max_connections=1)
    try:
        assert isinstance(transport, AiohttpTransport)
        assert not isinstance(stock, AiohttpTransport)
    finally:
        await transport.aclose()
        await stock.aclose()


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="'curl'"):
        build_transport("curl", max_connections=1)


async def test_an_answer_arrives_whole(kind):
    agency = Agency(ok)
    async with serving(agency) as url:
        client = agency_client(url, kind)
        try:
            response = await client.session(query_context()).get("people/1", params={"a": 1})
        finally:
            await client.aclose()
    assert response.status_code == 200
    assert response.content == OK_BODY
    assert response.json() == {"ok": True}
    assert response.headers["content-type"] == "application/json"
    assert str(response.request.url).endswith("/agency/people/1?a=1")


async def test_a_refused_connection_is_a_connect_error(kind):
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = await one_failed_attempt(f"http://127.0.0.1:{port}/agency", kind)
    assert outcome == Outcome.CONNECT_ERROR


async def test_a_silent_agency_is_a_timeout(kind):
    async with serving(Agency(silent)) as url:
        outcome = await one_failed_attempt(url, kind, timeout_seconds=0.2)
    assert outcome == Outcome.TIMEOUT


@pytest.mark.parametrize(
    "answer",
    [close_without_answer, close_mid_headers, close_mid_body, reset_mid_body],
    ids=lambda answer: answer.__name__,
)
async def test_a_dropped_connection_is_a_protocol_error_not_a_timeout(kind, answer):
    started = asyncio.get_running_loop().time()
    agency = Agency(answer)
    async with serving(agency) as url:
        outcome = await one_failed_attempt(url, kind, timeout_seconds=5.0)
    assert outcome == Outcome.PROTOCOL_ERROR
    # one attempt, one request on the wire: no transport resends it unseen (aiohttp would)
    assert agency.requests == [1]
    # seen at once, not after waiting out the attempt's time
    assert asyncio.get_running_loop().time() - started < 2.0


async def test_an_answer_that_is_not_http_is_a_protocol_error(kind):
    async with serving(Agency(garbage)) as url:
        outcome = await one_failed_attempt(url, kind)
    assert outcome == Outcome.PROTOCOL_ERROR


async def test_an_unknown_certificate_is_a_tls_error(kind):
    agency = Agency(ok)
    async with serving(agency, tls=_self_signed_server_context()) as url:
        outcome = await one_failed_attempt(url, kind)
    assert outcome == Outcome.TLS_ERROR
    assert agency.requests == []  # the handshake failed: no request was read


async def test_a_dropped_connection_is_retried_on_a_new_one(kind):
    """The whole path: a drop is transient, the retry gets a fresh connection and answers."""
    answers = iter([close_without_answer, ok, ok])

    async def first_dropped(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await next(answers)(reader, writer)

    agency = Agency(first_dropped)
    async with serving(agency) as url:
        client = agency_client(url, kind, max_attempts=3, max_concurrency=1)
        session = client.session(query_context())
        try:
            response = await session.get("people/1")
            again = await session.get("people/2")
        finally:
            await client.aclose()
    assert response.json() == again.json() == {"ok": True}
    assert [a.outcome for a in session.attempt_log] == [Outcome.PROTOCOL_ERROR, "ok", "ok"]
    assert agency.requests == [1, 2, 2]  # the retry on a new connection, kept for the next


async def test_sequential_requests_reuse_one_connection(kind):
    agency = Agency(ok)
    async with serving(agency) as url:
        client = agency_client(url, kind)
        session = client.session(query_context())
        try:
            for n in range(5):
                await session.get(f"people/{n}")
        finally:
            await client.aclose()
    assert agency.requests == [1] * 5


async def test_a_connection_the_agency_closed_is_not_used_again(kind):
    agency = Agency(ok_then_close)
    async with serving(agency) as url:
        client = agency_client(url, kind)
        session = client.session(query_context())
        try:
            for n in range(3):
                await session.get(f"people/{n}")
                await asyncio.sleep(0.05)  # the close reaches the client before the next request
        finally:
            await client.aclose()
    assert [a.outcome for a in session.attempt_log] == ["ok"] * 3  # no failed attempt
    assert agency.requests == [1, 2, 3]


async def test_concurrent_requests_never_exceed_max_concurrency_connections(kind):
    async def slow_ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(0.02)
        await ok(reader, writer)

    agency = Agency(slow_ok)
    async with serving(agency) as url:
        client = agency_client(url, kind, max_concurrency=3)
        try:
            await asyncio.gather(
                *(client.session(query_context()).get(f"people/{n}") for n in range(12))
            )
        finally:
            await client.aclose()
    assert len(agency.requests) == 12
    assert agency.peak_open <= 3
    assert agency.connections == 3  # each reused


async def test_proxy_variables_are_ignored(kind, monkeypatch):
    with socket.socket() as probe:  # a proxy that is not there
        probe.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, dead_proxy)
    agency = Agency(ok)
    async with serving(agency) as url:
        client = agency_client(url, kind)
        try:
            response = await client.session(query_context()).get("people/1")
        finally:
            await client.aclose()
    assert response.status_code == 200
    assert agency.requests == [1]


@pytest.mark.parametrize(
    "answer, expected",
    [(close_without_answer, Outcome.PROTOCOL_ERROR), (ok, "ok")],
    ids=["dropped", "ok"],
)
def test_under_uvloop(kind, answer, expected):
    """The service, batch runner and worker run on uvloop: the same kinds there."""

    async def case() -> str:
        async with serving(Agency(answer)) as url:
            client = agency_client(url, kind)
            session = client.session(query_context())
            try:
                await session.get("people/1")
            except SourceUnavailableError:
                pass
            finally:
                await client.aclose()
        return session.attempt_log[0].outcome

    assert uvloop.run(case()) == expected


def _self_signed_server_context() -> ssl.SSLContext:
    """A server context with a certificate for 127.0.0.1 that no CA signed."""
    import tempfile
    from pathlib import Path

    from cryptography.hazmat.primitives import serialization

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "agency.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    with tempfile.TemporaryDirectory() as directory:
        cert_file, key_file = Path(directory) / "cert.pem", Path(directory) / "key.pem"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context.load_cert_chain(cert_file, key_file)
    return context


def test_the_service_setting_offers_exactly_the_seams_kinds():
    from typing import get_args

    from verification.settings import SourceSettings

    field = SourceSettings.model_fields["transport"]
    assert set(get_args(field.annotation)) == {str(kind) for kind in TransportKind}
    assert field.default == DEFAULT_TRANSPORT
    assert SourceSettings(transport="httpcore").transport == "httpcore"


@pytest.mark.parametrize("scope", ["tax", "hukou"])  # a GET agency and a POST agency
async def test_the_mock_agencies_dropping_every_request_are_seen_as_drops(kind, scope):
    """The real mock agencies (uvicorn) closing the connection with nothing written: each
    attempt is a protocol error, retried, and the agency's journal holds exactly the
    requests the attempt log holds."""
    from connectors.hukou.connector import HukouConnector
    from connectors.sdk.testing import TEST_PERSON
    from connectors.tax.connector import TaxConnector
    from mock_sources.faults import FaultProfile
    from mock_sources.server import serve_in_thread

    cls = {"tax": TaxConnector, "hukou": HukouConnector}[scope]
    root = {"tax": "tax", "hukou": "hukou/api/v2"}[scope]
    with serve_in_thread(faults={scope: FaultProfile(drop_rate=1.0)}) as url:
        connector = cls(fast_config(f"{url}/{root}", transport=kind, max_attempts=3))
        try:
            result = await connector.query(TEST_PERSON, query_context(request_id="drops"))
        finally:
            await connector.aclose()
        async with httpx.AsyncClient(base_url=url) as admin:
            entries = (await admin.get("/_faults/journal", params={"agency": scope})).json()
    assert result.status.value == "unavailable"
    assert [a.outcome for a in result.attempt_log] == [Outcome.PROTOCOL_ERROR] * 3
    assert [entry["fault"] for entry in entries["entries"]] == ["drop"] * 3
