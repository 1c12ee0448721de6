"""One settings object for the whole package, read from ``EURASEC_*`` environment variables.

Usage docs: ``docs/reference/settings.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "normalise_database_url", "redact_url"]


def normalise_database_url(value: str) -> str:
    """Turn a path or a loose URL into a SQLAlchemy URL with an explicit driver.

    ``eurasec.db`` and ``./x/y.db`` become ``sqlite:///...``; ``postgres://`` and
    ``postgresql://`` become ``postgresql+psycopg://`` (psycopg 3, the ``[postgres]`` extra).
    """
    value = value.strip()
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    scheme, rest = value.split("://", 1)
    if scheme in {"postgres", "postgresql"}:
        return f"postgresql+psycopg://{rest}"
    return value


_PASSWORD = re.compile(r"(?P<head>://[^/?#@:]*:)(?P<password>[^/?#@]*)@")


def redact_url(value: str) -> str:
    """``value`` with the password of a ``scheme://user:password@host`` URL replaced by ``***``.

    Any other text comes back unchanged. Use it wherever a database URL could reach a log line
    or an error message.
    """
    return _PASSWORD.sub(lambda m: f"{m.group('head')}***@", value)


class Settings(BaseSettings):
    """Runtime settings. Every field can be set as ``EURASEC_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="EURASEC_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///eurasec.db",
        description="SQLAlchemy URL or a file path; SQLite by default, PostgreSQL by URL.",
    )
    host: str = Field(default="127.0.0.1", description="Address `eurasec serve` binds to.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `eurasec serve` binds to.")
    sqlite_synchronous: str = Field(
        default="FULL",
        description="SQLite `PRAGMA synchronous`; FULL: acknowledged commits survive power loss.",
    )
    record_key_file: str | None = Field(
        default=None,
        description="PEM or OpenSSH Ed25519 private key the server signs record checkpoints with.",
    )
    record_witness_key_file: str | None = Field(
        default=None,
        description="Ed25519 private key with which this server co-signs other logs' checkpoints.",
    )
    record_witness_name: str = Field(
        default="eurasec-witness", description="Key name on this server's cosignatures."
    )
    record_witness_logs: str = Field(
        default="",
        description="Verifier keys (vkeys) of the logs this witness follows, comma-separated.",
    )
    record_clock: str | None = Field(
        default=None,
        description="Pin the log's clock to this RFC 3339 UTC time (sandboxes, demos, tests); "
        "unset, the log reads the system clock.",
    )
    sandbox: bool = Field(
        default=False,
        description="Sandbox mode: the server may sign with generated sandbox keys; pages say so.",
    )
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1,
        description="Largest request body the web app reads (bytes); larger gets 413.",
    )
    max_url_bytes: int = Field(
        default=8_192,
        ge=64,
        description="Longest request path plus query string (bytes); longer gets 414.",
    )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """Like pydantic's, but the database password never reaches a log or a traceback."""
        for name, value in super().__repr_args__():
            secret = name == "database_url" and isinstance(value, str)
            yield name, redact_url(value) if secret else value

    response_cache: int = Field(
        default=4096,
        ge=0,
        description="Responses kept by the web cache for reads of immutable registry data; 0: off.",
    )

    opentelemetry: bool = Field(
        default=False,
        description="FastAPI's native OpenTelemetry spans, metrics and logs for every request "
        "(through the globally configured providers); off: no per-request telemetry work.",
    )

    db_pool_size: int = Field(
        default=5, ge=1, le=1000, description="Connections each process keeps open (PostgreSQL)."
    )
    db_max_overflow: int = Field(
        default=10,
        ge=0,
        le=1000,
        description="Connections a process may open beyond the pool under load (PostgreSQL).",
    )
    db_pool_timeout: float = Field(
        default=30.0, gt=0, description="Seconds a request waits for a pooled connection."
    )
    db_lock_timeout: float = Field(
        default=15.0,
        ge=0,
        description="Seconds a PostgreSQL statement waits for a lock before giving up; 0: forever.",
    )
    db_statement_timeout: float = Field(
        default=30.0,
        ge=0,
        description="Seconds one PostgreSQL statement may run; 0: no limit.",
    )
    db_idle_in_transaction_timeout: float = Field(
        default=5.0,
        ge=0,
        description="Seconds PostgreSQL lets a connection sit idle inside a transaction before "
        "ending its session (and freeing its locks); 0: forever.",
    )
    db_keepalive_idle: int = Field(
        default=10,
        ge=1,
        description="Seconds of silence before TCP keepalive probes on a PostgreSQL connection.",
    )
    db_application_name: str = Field(
        default="eurasec",
        max_length=63,
        description="Name this process's PostgreSQL sessions show (pg_stat_activity).",
    )
    db_connect_timeout: int = Field(
        default=10, ge=1, description="Seconds to wait for a PostgreSQL connection to open."
    )
    checkpoint_interval: float = Field(
        default=10.0,
        ge=0,
        description="Seconds between checkpoints a server holding the log key publishes on its "
        "own; 0: only on demand.",
    )
    log_size_ttl: float = Field(
        default=0.25,
        ge=0,
        description="Seconds a process reuses the log size it read for its caches of answers "
        "that depend on the record (the staleness bound across processes).",
    )
    migrate_on_start: bool = Field(
        default=False,
        description="Servers upgrade the schema (under the database lock) before serving; "
        "otherwise they refuse an unmigrated or newer schema.",
    )

    @field_validator("record_clock")
    @classmethod
    def _clock(cls, value: str | None) -> str | None:
        if value:
            from eurasec.errors import InputError
            from eurasec.record.clock import parse_time

            try:
                parse_time(value)
            except InputError as exc:
                raise ValueError(exc.message) from None
        return value or None

    @field_validator("database_url", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> object:
        return normalise_database_url(value) if isinstance(value, str) else value


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with keyword overrides (``None`` values ignored)."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)  # type: ignore[arg-type]
