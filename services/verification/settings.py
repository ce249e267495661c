"""Service settings, read from ``VERIFICATION_*`` environment variables.

Nothing reads settings at import time: ``create_app`` and the CLI build a
``Settings`` and hand it on.  Per-source connector settings default to the
embedded mock agencies, so the embedded default needs no configuration.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from croniter import croniter
from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

import migrations
from verification.kit.business_date import DEFAULT_ZONE

# the source checkout (tests, `verification openapi`); nothing the service runs on reads from it
REPO_ROOT = Path(__file__).resolve().parents[2]
# the alembic environment and revisions, installed with the package (the `migrations` package)
MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent
_ENV_PREFIX = "VERIFICATION_"


class SettingsFileError(Exception):
    """A ``VERIFICATION_*_FILE`` setting names a file that cannot be read, or is set together
    with the setting itself."""


class _SecretFiles(PydanticBaseSettingsSource):
    """``VERIFICATION_<NAME>_FILE=/run/secrets/x``: setting NAME is the content of that file
    (one trailing newline or space stripped), the convention of container secrets.  Setting
    both ``VERIFICATION_<NAME>`` and ``VERIFICATION_<NAME>_FILE`` is an error."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads every field at once

    def __call__(self) -> dict[str, Any]:
        environ = {name.upper(): value for name, value in os.environ.items()}
        values: dict[str, Any] = {}
        for name in self.settings_cls.model_fields:
            variable = f"{_ENV_PREFIX}{name.upper()}"
            path = environ.get(f"{variable}_FILE")
            if path is None:
                continue
            if variable in environ:
                raise SettingsFileError(f"set {variable} or {variable}_FILE, not both")
            try:
                values[name] = Path(path).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise SettingsFileError(f"{variable}_FILE: cannot read {path}: {exc}") from None
        return values


def _with_password(url: str, password: str) -> str:
    """``postgresql+asyncpg://user@host/db`` with the password added (percent-encoded); a URL
    that has a password already keeps it; one without a user name cannot take one."""
    scheme, separator, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    user, at, host = authority.rpartition("@")
    if not separator or not at or not user:
        raise ValueError("VERIFICATION_DATABASE_PASSWORD needs a user name in the database URL")
    if ":" in user:
        return url
    return f"{scheme}://{user}:{quote(password, safe='')}@{host}{slash}{path}"


class SourceSettings(BaseModel):
    """Per-source connector settings (``VERIFICATION_SOURCES__TAX__TIMEOUT_SECONDS=2``)."""

    base_url: str | None = None  # None: the embedded mock agency
    timeout_seconds: float = Field(default=3.0, gt=0)
    max_attempts: int = Field(default=3, ge=1, le=10)
    max_concurrency: int = Field(default=32, ge=1)
    backoff_initial_seconds: float = Field(default=0.05, ge=0)
    backoff_max_seconds: float = Field(default=1.0, ge=0)
    breaker_failure_threshold: int = Field(default=5, ge=1)
    breaker_cooldown_seconds: float = Field(default=30.0, ge=0)
    # the library that moves the agency's bytes (connectors.sdk.transport.TransportKind, not
    # imported: settings stay free of HTTP libraries): "aiohttp" (httpx-aiohttp, the
    # default) or "httpcore" (httpx's own transport)
    transport: Literal["aiohttp", "httpcore"] = "aiohttp"
    # how the agency delivers answers it gives later (connectors.sdk.contract.Exchange):
    # "online" (asked for per ticket) or "batch_file" (in result files; the bank gateway)
    exchange: Literal["online", "batch_file"] = "online"
    # the agency's secret for its "answer ready" callbacks (HMAC-SHA256; None: the source's
    # callbacks are refused).  Not a connector setting: the service checks it
    callback_secret: SecretStr | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="VERIFICATION_", env_nested_delimiter="__", extra="ignore"
    )

    # demo (the embedded default): `serve` and `demo init` make a demo issuer key, client
    # token and signed scenario requests, marked as demo in the database, and they are
    # accepted; missing key files are generated.  production, only when set explicitly:
    # nothing is generated or made of the demo, demo-marked keys and clients are refused,
    # and `serve` and `worker` check everything they need before they write anything
    mode: Literal["demo", "production"] = "demo"
    database_url: str = "sqlite+aiosqlite:///./var/verification.db"
    # put into database_url when it has no password of its own (VERIFICATION_DATABASE_PASSWORD
    # or, as a container secret, VERIFICATION_DATABASE_PASSWORD_FILE)
    database_password: SecretStr | None = None
    data_dir: Path = Path("var")
    key_file: Path | None = None  # default: <data_dir>/keys.json
    # demo mode creates missing key files at first run; production never does (whatever
    # this says): it must be given the data-key file and the audit signing key
    generate_missing_keys: bool = True
    audit_key_file: Path | None = None  # default: <data_dir>/audit-log-key.pem (Ed25519)
    # the audit sequencer (audit/sequencer.py): the integrator signs a checkpoint when the
    # log grew, at most once per checkpoint_interval_seconds; it looks for entries other
    # processes recorded every audit_integrate_poll_seconds (its own process's wake it at
    # once); a candidate tries to take over every audit_integrator_retry_seconds; each
    # integration transaction moves at most audit_integrate_batch entries
    checkpoint_interval_seconds: float = Field(default=1.0, gt=0)
    audit_integrate_poll_seconds: float = Field(default=0.05, gt=0)
    # an idle integrator (its last look found nothing) looks half as often each time, up to
    # every audit_integrate_idle_poll_seconds (a wake, or entries found, start it over)
    audit_integrate_idle_poll_seconds: float = Field(default=0.5, gt=0)
    audit_integrator_retry_seconds: float = Field(default=0.5, gt=0)
    audit_integrate_batch: int = Field(default=1000, ge=1)  # entries per integration
    # woken by a commit of its own process, the integrator waits this long first, so that
    # one transaction integrates the entries of every request that commits meanwhile
    audit_integrate_gather_seconds: float = Field(default=0.05, ge=0)
    # how often the log is compared with its latest signed checkpoint (also at start)
    audit_integrity_check_seconds: float = Field(default=60.0, gt=0)
    # the database unreachable (or the audit log broken): 503 with this Retry-After
    database_retry_after_seconds: int = Field(default=5, ge=1)
    # batch engines: the longest pause between attempts to reach a database that went away
    database_reconnect_max_seconds: float = Field(default=5.0, gt=0)
    # PostgreSQL: connections each process keeps open (and half as many more at a peak,
    # closed when returned).  Too few for the requests in flight and every request beyond
    # them opens and closes a connection of its own (and prepares its statements anew):
    # at 32 verifications in flight, 20 opened 0.2–0.35 connections a verification, about
    # 2.7 ms of CPU each (docs/benchmarks.md, History, 2026-12-06 16:30) — size it to the
    # requests a process serves at once where PostgreSQL's max_connections allows; 32 by
    # default ran the suite's PostgreSQL run out of connections (max_connections 100)
    database_pool_size: int = Field(default=20, ge=1)
    # how long a process keeps an API client's token or an issuer key it looked up: a client
    # or key revoked by another process (or the CLI) is refused within this time, one
    # revoked through this process at once (kit/lookup_cache.py); 0 looks up every time
    credential_cache_seconds: float = Field(default=5.0, ge=0)
    # SQLite: how long a statement waits for another process's lock before it fails
    sqlite_busy_timeout_seconds: float = Field(default=30.0, gt=0)
    migrations_dir: Path = MIGRATIONS_DIR
    # the layered policy every verification applies; default: the shipped layers
    layers_dir: Path | None = None
    # the working-day calendar's years that operators add from the State Council's notice
    # before the chinesecalendar package has them (one <year>.toml each, ADR 0028); default
    # <data_dir>/calendar; a directory that does not exist holds no years
    calendar_dir: Path | None = None

    # business dates (assessment, 公示, enrolment, reviews, due lists) are days in this IANA
    # time zone; instants stay UTC.  An unknown name fails start-up (zoneinfo, tzdata)
    timezone: ZoneInfo = Field(default_factory=lambda: ZoneInfo(DEFAULT_ZONE))

    host: str = "127.0.0.1"
    port: int = 8700
    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"
    # OpenTelemetry traces (request, agency calls, database), off by default: nothing is
    # instrumented then.  "otlp" exports over OTLP/HTTP to otlp_endpoint, or, when that is
    # empty, to what the standard OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT variables name
    # (default http://localhost:4318/v1/traces); OTEL_SERVICE_NAME names the service
    tracing: Literal["off", "otlp"] = "off"
    otlp_endpoint: str | None = None
    # how often the operations gauges (database_up, open batch items, audit checkpoint age)
    # are read from the database for /metrics
    monitor_interval_seconds: float = Field(default=15.0, gt=0)

    embedded_mock_sources: bool = True
    mock_sources_host: str = "127.0.0.1"
    mock_sources_port: int = 8701
    sources: dict[str, SourceSettings] = Field(default_factory=dict)
    # the sandbox agencies (docs/integrators/sandbox.md): the root of a mock agency server
    # (services/mock_sources, scope `s` under `/s`, `_` as `-`), where a sandbox client's
    # verifications go; each source keeps its other settings (timeouts, retries…) but has a
    # connector, a breaker and a concurrency limit of its own there.  Unset: the embedded
    # mock agencies in demo mode, none in production (sandbox clients are refused,
    # 503 sandbox-not-configured)
    sandbox_sources_url: str | None = Field(default=None, pattern=r"^https?://[^\s?#]+[^/\s?#]$")

    # the whole request's budget; the fan-out gets what is left of it minus the reserve
    verification_deadline_seconds: float = Field(default=10.0, gt=0)
    deadline_reserve_fraction: float = Field(default=0.2, ge=0, lt=1)
    audit_origin: str = "verification.local/audit"
    # the sandbox's audit log (docs/decisions/0013-sandbox.md): its checkpoints' origin, by
    # default the production log's with "/sandbox" (signed with the same audit log key)
    sandbox_audit_origin: str | None = None
    # where integrators reach the API (https://核对.example.gov.cn, a path prefix allowed):
    # the OpenAPI's first server, and the base of every problem's `type` (/problems/<code>);
    # unset, both are relative to the host the request reached
    public_base_url: str | None = Field(default=None, pattern=r"^https?://[^\s?#]+[^/\s?#]$")
    # request bodies above this are refused with 413 before they are read in full
    max_body_bytes: int = Field(default=256 * 1024, ge=1)
    # the longest an authorization may be valid (exp − min(iat, nbf)); no policy text sets one
    max_authorization_days: int = Field(default=366, ge=1, le=3660)
    # the supervisor's view (GET /v1/statistics): a count from 1 to this − 1 is shown as
    # "<N" (small-cell suppression, ADR 0019); 5 is an example value, set it by local rule
    statistics_min_count: int = Field(default=5, ge=2, le=1000)
    # a family's link to its consent-use record (ADR 0021): valid this many hours after it
    # is made; its first opening starts a window of this many minutes (reloads), then spent
    consent_link_hours: int = Field(default=24, ge=1, le=24 * 14)
    consent_link_window_minutes: int = Field(default=30, ge=1, le=24 * 60)
    # inbound rate limits (token buckets in each instance's memory; a rate of 0 turns one
    # off): per authenticated client, and per address for anonymous requests
    rate_limit_client_per_second: float = Field(default=100.0, ge=0)
    rate_limit_client_burst: int = Field(default=200, ge=1)
    rate_limit_address_per_second: float = Field(default=5.0, ge=0)
    rate_limit_address_burst: int = Field(default=50, ge=1)

    # batches (re-verification): which engine runs items, and how
    batch_engine: Literal["auto", "inprocess", "procrastinate"] = "auto"  # auto: by database
    batch_concurrency: int = Field(default=16, ge=1)  # items at once, per process
    batch_max_attempts: int = Field(default=3, ge=1)  # runs of an item before it fails
    # procrastinate: items per job (one job fetch and finish for this many items); a
    # worker runs batch_concurrency // batch_job_items jobs at once (at least one)
    batch_job_items: int = Field(default=8, ge=1)
    batch_lease_seconds: float = Field(default=30.0, gt=0)  # in-process runner's item lease
    batch_poll_seconds: float = Field(default=1.0, gt=0)
    # webhooks (webhooks/sender.py): how often a process looks for due deliveries (0: this
    # process sends none), how long one request may take, how many go out at once, and how
    # long a rotated-out signing secret keeps signing beside the new one
    webhook_poll_seconds: float = Field(default=1.0, ge=0)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_concurrency: int = Field(default=8, ge=1)
    webhook_secret_grace_seconds: float = Field(default=86400.0, ge=0)
    # days a finished delivery (succeeded or given up) is kept with its attempts, and its
    # event once no delivery of it is left; the senders prune the older ones (0: keep all)
    webhook_retention_days: int = Field(default=30, ge=0)
    # the periodic batch of everything due, per client (cron; empty: off)
    review_schedule: str = "0 2 * * *"
    # the monthly cross-list comparison (cron, UTC; empty: off): each run compares every
    # current list that has no scheduled comparison in the Beijing month yet, so the first
    # run on or after the 1st makes the month's (cross_lists/schedule.py)
    cross_list_schedule: str = "5 * * * *"
    # the retention purge under each region's policy (cron, UTC; empty: off): daily at 03:30
    # Beijing time, when no caseworker is at work; idempotent (README, Retention; ADR 0024)
    retention_schedule: str = "30 19 * * *"
    # procrastinate workers: stalled-job recovery and the agencies' shared limits; both
    # engines: the sweep of batches whose end no item's check recorded
    worker_recovery_seconds: int = Field(default=15, ge=1)
    worker_stalled_seconds: float = Field(default=30.0, gt=0)
    worker_share_refresh_seconds: float = Field(default=2.0, gt=0)

    # agencies that answer later (verifications/awaiting.py): every open ticket is asked for
    # its answer this often (whole seconds: a procrastinate cron), up to this many
    # verifications a round; a callback's timestamp may be this far from now
    pending_poll_seconds: int = Field(default=60, ge=1)
    pending_poll_batch: int = Field(default=100, ge=1)
    callback_tolerance_seconds: int = Field(default=300, ge=1)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _SecretFiles(settings_cls), dotenv_settings)

    @field_validator("review_schedule", "cross_list_schedule", "retention_schedule")
    @classmethod
    def _cron_or_empty(cls, value: str) -> str:
        """A schedule is a cron expression or empty (off): a typo refuses to start rather
        than stopping the periodic run at its first turn."""
        value = value.strip()
        if value and not croniter.is_valid(value):
            raise ValueError(f"not a cron expression (five fields, UTC; empty: off): {value!r}")
        return value

    @model_validator(mode="after")
    def _password_into_url(self) -> Settings:
        if self.database_password is not None:
            password = self.database_password.get_secret_value()
            self.database_url = _with_password(self.database_url, password)
            self.database_password = None
        return self

    def demo_mode(self) -> bool:
        return self.mode == "demo"

    def may_generate_keys(self) -> bool:
        """Missing key files are created only in demo mode, and only when allowed."""
        return self.demo_mode() and self.generate_missing_keys

    def uses_procrastinate(self) -> bool:
        if self.batch_engine == "auto":
            return not self.database_url.startswith("sqlite")
        return self.batch_engine == "procrastinate"

    def resolved_key_file(self) -> Path:
        return self.key_file or self.data_dir / "keys.json"

    def resolved_calendar_dir(self) -> Path:
        return self.calendar_dir or self.data_dir / "calendar"

    def resolved_audit_key_file(self) -> Path:
        return self.audit_key_file or self.data_dir / "audit-log-key.pem"

    def mock_sources_url(self) -> str:
        return f"http://{self.mock_sources_host}:{self.mock_sources_port}"

    def source_settings(self, scope: str) -> SourceSettings:
        return self.sources.get(scope, SourceSettings())

    def sandbox_origin(self) -> str:
        """The sandbox audit log's origin: as configured, else the production log's with
        ``/sandbox``."""
        return self.sandbox_audit_origin or f"{self.audit_origin}/sandbox"

    def sandbox_sources_root(self) -> str | None:
        """Where the sandbox agencies are: as configured, else the embedded mock agencies in
        demo mode; None when this deployment has no sandbox."""
        if self.sandbox_sources_url:
            return self.sandbox_sources_url
        if self.demo_mode() and self.embedded_mock_sources:
            return self.mock_sources_url()
        return None

    def sandbox_source_base_url(self, scope: str) -> str | None:
        """The sandbox agency of ``scope``, laid out as the mock agency server serves it."""
        root = self.sandbox_sources_root()
        return None if root is None else _mock_agency(root, scope)

    def source_base_url(self, scope: str) -> str:
        """The agency's root: as configured, else the embedded mock agency's, which serves
        scope ``s`` under ``/s`` with underscores as hyphens (``/provident-fund``)."""
        configured = self.source_settings(scope).base_url
        if configured:
            return configured
        return _mock_agency(self.mock_sources_url(), scope)


def _mock_agency(root: str, scope: str) -> str:
    """Where a mock agency server at ``root`` serves scope ``s``: ``/s``, ``_`` as ``-``."""
    return f"{root}/{scope.replace('_', '-')}"
