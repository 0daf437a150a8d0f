"""One settings object for the whole process, read from ``DALAL_*`` environment variables.

The defaults are the embedded shape: SQLite under ``var/``, the memory bus and the
synthetic feed. ``DALAL_DATABASE_URL=postgresql+asyncpg://…`` and
``DALAL_REDIS_URL=redis://…`` give the production shape.
"""

from __future__ import annotations

import os
import secrets
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dalal.domain.market import Interval
from dalal.engine.matching import MatchingConfig

_REPO_ROOT = Path(__file__).resolve().parents[2]


def _default_frontend_dist() -> Path:
    source_checkout = _REPO_ROOT / "frontend" / "dist"
    return source_checkout if source_checkout.parent.exists() else Path("frontend/dist")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DALAL_", extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy async URL; empty means SQLite at var/dalal.db",
    )
    redis_url: str | None = Field(default=None, description="Redis URL; unset = memory bus")
    secret_key: SecretStr | None = Field(
        default=None, description="Signs access tokens; generated into var/ when unset"
    )
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = Field(default=False, description="JSON logs instead of console lines")
    var_dir: Path = Path("var")
    role: Literal["all", "api", "worker"] = "all"
    redis_prefix: str = Field(
        default="dalal", description="Namespace for channels and keys in Redis"
    )
    frontend_dist: Path = Field(default_factory=_default_frontend_dist)
    public_url: str | None = Field(
        default=None,
        description="The base URL senders reach this server at (e.g. https://dalal.example.com), "
        "for webhook URLs; unset: the base URL of each request",
    )

    sessions: Literal["nse", "always"] = Field(
        default="nse",
        description="nse: real NSE hours and holidays; always: a demo market that never closes",
    )
    holidays_file: Path | None = Field(
        default=None, description="JSON of exchange holidays by year; default: the packaged list"
    )
    feed: Literal["synthetic", "replay", "none"] = Field(
        default="synthetic",
        description="synthetic: the seeded demo market; replay: the stored bars; none: ingest only",
    )
    replay_speed: float = Field(
        default=60, gt=0, allow_inf_nan=False, description="Replay: simulated seconds per second"
    )
    replay_interval: Interval = Field(default=Interval.M1, description="Replay: which bars")
    replay_from: date | None = Field(default=None, description="Replay: first day (IST)")
    replay_to: date | None = Field(default=None, description="Replay: last day (IST), included")
    feed_seed: int = 42
    tick_interval_ms: int = Field(default=500, ge=50, description="Synthetic feed step")
    signal_workers: int = Field(default=2, ge=1, le=32, description="Signal executor tasks")
    strategies_dir: Path | None = Field(
        default=None, description="Folder of your own strategy files (*.py), loaded at start"
    )
    backtest_workers: int = Field(
        default=2, ge=1, le=32, description="Processes running background backtests"
    )
    sweep_workers: int = Field(
        default=2, ge=1, le=32, description="Processes running one parameter sweep"
    )
    signal_sweep_seconds: float = Field(
        default=5.0, gt=0, description="How often accepted signals left behind are re-queued"
    )
    signal_grace_seconds: float = Field(
        default=10.0, ge=0, description="Age at which an accepted signal counts as left behind"
    )
    slippage_bps: Decimal = Field(default=Decimal("0"), ge=0, description="Against the trader")
    participation: Decimal | None = Field(
        default=None,
        gt=0,
        le=1,
        description="Cap each fill at this share of the quote's traded volume (partial fills)",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Extra browser origins allowed to open websockets (e.g. a Vite dev server)",
    )
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_days: int = 30
    cookie_secure: bool = Field(
        default=False, description="Mark auth cookies Secure (set true behind HTTPS)"
    )
    login_limit_per_username: str = "5/minute"
    login_limit_per_ip: str = "20/minute"

    graphql_max_depth: int = 12
    graphql_max_cost: int = 20_000
    graphql_max_tokens: int = 4_000
    graphql_max_body_bytes: int = 256 * 1024

    @model_validator(mode="after")
    def _replay_days_in_order(self) -> Settings:
        if self.replay_from and self.replay_to and self.replay_from > self.replay_to:
            raise ValueError(
                f"DALAL_REPLAY_FROM ({self.replay_from}) is after DALAL_REPLAY_TO "
                f"({self.replay_to}); swap them."
            )
        return self

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_redis_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("public_url", mode="before")
    @classmethod
    def _public_url_without_slash(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().rstrip("/") or None
        return value

    def matching_config(self) -> MatchingConfig:
        return MatchingConfig(slippage_bps=self.slippage_bps, participation=self.participation)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.var_dir / 'dalal.db').resolve()}"

    @property
    def embedded(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    def signing_key(self) -> str:
        """The token signing key: given, or generated once and kept in ``var/`` (mode 0600)."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.var_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker process won the race
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
