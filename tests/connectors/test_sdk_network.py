"""``AsyncioBackend`` on real sockets: reads, writes, timeouts, a server's close, refused
connections, and TLS (a certificate made for the test), alone and under httpcore's pool."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpcore
import pytest
import uvloop
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from connectors.sdk.network import AsyncioBackend
from connectors.sdk.pool import LinearConnectionPool

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def serving(
    handler: Handler, tls: ssl.SSLContext | None = None
) -> AsyncIterator[tuple[str, int]]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0, ssl=tls)
    try:
        yield "127.0.0.1", server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(1024):
            writer.write(data.upper())
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def hello_then_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"hello")
    await writer.drain()
    writer.close()


async def http_ok(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while await reader.readuntil(b"\r\n\r\n"):
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
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
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def client_tls(certificate: tuple[Path, Path] | None) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if certificate is not None:
        context.load_verify_locations(certificate[0])
    return context


async def test_a_write_and_its_answer():
    async with serving(echo) as (host, port):
        stream = await AsyncioBackend().connect_tcp(host, port, timeout=2)
        try:
            await stream.write(b"ping", timeout=2)
            assert await stream.read(1024, timeout=2) == b"PING"
            assert stream.get_extra_info("server_addr") == (host, port)
            assert stream.get_extra_info("ssl_object") is None
            sock = stream.get_extra_info("socket")
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        finally:
            await stream.aclose()


async def test_a_unix_socket(tmp_path):
    path = str(tmp_path / "agency.sock")
    server = await asyncio.start_unix_server(echo, path)
    try:
        stream = await AsyncioBackend().connect_unix_socket(path, timeout=2)
        try:
            await stream.write(b"ping", timeout=2)
            assert await stream.read(1024, timeout=2) == b"PING"
        finally:
            await stream.aclose()
        with pytest.raises(httpcore.ConnectError):
            await AsyncioBackend().connect_unix_socket(str(tmp_path / "nobody.sock"), timeout=2)
    finally:
        server.close()


async def test_a_silent_server_is_a_read_timeout():
    async with serving(echo) as (host, port):
        stream = await AsyncioBackend().connect_tcp(host, port, timeout=2)
        try:
            with pytest.raises(httpcore.ReadTimeout):
                await stream.read(1024, timeout=0.05)
        finally:
            await stream.aclose()


async def test_a_refused_connection_is_a_connect_error():
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(httpcore.ConnectError):
        await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=2)


async def test_a_server_side_close_makes_an_idle_connection_readable():
    async with serving(echo) as (host, port):
        stream = await AsyncioBackend().connect_tcp(host, port, timeout=2)
        try:
            assert stream.get_extra_info("is_readable") is False
        finally:
            await stream.aclose()
    async with serving(hello_then_close) as (host, port):
        stream = await AsyncioBackend().connect_tcp(host, port, timeout=2)
        try:
            assert await stream.read(1024, timeout=2) == b"hello"
            assert await stream.read(1024, timeout=2) == b""  # the end of the stream
            assert stream.get_extra_info("is_readable") is True
        finally:
            await stream.aclose()


async def test_tls_with_a_trusted_certificate(certificate):
    async with serving(echo, tls=server_tls(certificate)) as (host, port):
        plain = await AsyncioBackend().connect_tcp(host, port, timeout=2)
        stream = await plain.start_tls(client_tls(certificate), server_hostname=host, timeout=2)
        try:
            await stream.write(b"secret", timeout=2)
            assert await stream.read(1024, timeout=2) == b"SECRET"
            assert isinstance(stream.get_extra_info("ssl_object"), ssl.SSLObject)
        finally:
            await stream.aclose()


async def test_tls_with_an_unknown_certificate_is_a_connect_error(certificate):
    async with serving(echo, tls=server_tls(certificate)) as (host, port):
        plain = await AsyncioBackend().connect_tcp(host, port, timeout=2)
        with pytest.raises(httpcore.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await plain.start_tls(client_tls(None), server_hostname=host, timeout=2)


async def test_httpcore_requests_over_tls_reuse_their_connection(certificate):
    connections = 0

    async def counting(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await http_ok(reader, writer)

    pool = LinearConnectionPool(
        network_backend=AsyncioBackend(), ssl_context=client_tls(certificate)
    )
    async with serving(counting, tls=server_tls(certificate)) as (host, port), pool:
        for _ in range(3):
            response = await pool.request("GET", f"https://{host}:{port}/")
            assert (response.status, response.content) == (200, b"ok")
    assert connections == 1


async def test_a_closed_stream_refuses_writes_and_its_peer_sees_the_end(certificate):
    ended: list[bool] = []

    async def watch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            ended.append(await reader.read(1024) == b"")
        except ConnectionError:
            ended.append(True)
        finally:
            writer.close()

    for tls in (None, certificate):
        ended.clear()
        async with serving(watch, tls=None if tls is None else server_tls(tls)) as (host, port):
            stream = await AsyncioBackend().connect_tcp(host, port, timeout=2)
            if tls is not None:
                stream = await stream.start_tls(client_tls(tls), server_hostname=host, timeout=2)
            await asyncio.wait_for(stream.aclose(), 1)
            with pytest.raises(httpcore.WriteError):
                await stream.write(b"too late", timeout=1)
            for _ in range(100):
                if ended:
                    break
                await asyncio.sleep(0.01)
        assert ended == [True], f"tls={tls is not None}"


UNDER_BOTH_LOOPS = [
    test_a_write_and_its_answer,
    test_a_silent_server_is_a_read_timeout,
    test_a_server_side_close_makes_an_idle_connection_readable,
    test_tls_with_a_trusted_certificate,
    test_tls_with_an_unknown_certificate_is_a_connect_error,
    test_httpcore_requests_over_tls_reuse_their_connection,
    test_a_closed_stream_refuses_writes_and_its_peer_sees_the_end,
]


@pytest.mark.parametrize("case", UNDER_BOTH_LOOPS, ids=lambda case: case.__name__)
def test_under_uvloop(case: Callable[..., Awaitable[None]], certificate) -> None:
    """The service's long-running commands run on uvloop, whose transports and TLS are
    its own: the same cases there."""
    wants_certificate = "certificate" in case.__code__.co_varnames[: case.__code__.co_argcount]
    uvloop.run(case(certificate) if wants_certificate else case())
