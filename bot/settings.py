"""One typed settings object for every XIAOER_* value and path, read from the environment.

Nothing else in the code reads os.environ: runtime code asks get_settings(); a process start
(`python -m bot.cli check`, the launcher) calls `get_settings().check_secrets()` to stop with the
name of a missing or malformed value before serving anything.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_CHARS = 16


SECRETS = ("identity_secret", "agent_token", "api_token", "console_secret", "action_token")


class SettingsError(RuntimeError):
    """A required setting is missing or malformed."""


def _path(value) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _postgres(env: Mapping[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).rstrip("/")
    if not value.startswith(("postgresql://", "postgres://", "postgresql+psycopg2://")):
        raise SettingsError(f"{name} must be a postgresql:// URL, not {value!r}")
    return value


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = (env.get(name) or "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """Where the shop's data and policy live, the secrets and the limits; from XIAOER_* variables."""

    database_url: str
    policy_path: Path
    identity_secret: Optional[str] = None
    agent_token: Optional[str] = None
    api_token: Optional[str] = None
    console_secret: Optional[str] = None
    console_secure_cookie: bool = False
    action_token: Optional[str] = None
    demo_shop: bool = False
    max_message_chars: int = 1000
    trust_proxy: bool = False
    actions_host: str = "127.0.0.1"
    eval_dir: Path = PROJECT_ROOT.parent / "shared" / "eval"
    postgres_admin_url: str = "postgresql://postgres@127.0.0.1:5432"
    test_postgres_url: Optional[str] = None
    jobs_interval_seconds: int = 30

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        """Build settings from the environment, failing fast on malformed values."""
        env = dict(os.environ if env is None else env)
        database_url = env.get("XIAOER_DATABASE_URL") or _sqlite_url(PROJECT_ROOT / "var" / "shop.db")
        if "://" not in database_url:
            raise SettingsError(f"XIAOER_DATABASE_URL is not a database URL: {database_url!r}")
        policy_path = _path(env.get("XIAOER_POLICY") or PROJECT_ROOT / "shop_policy.yml")
        return cls(
            database_url=database_url,
            policy_path=policy_path,
            identity_secret=env.get("XIAOER_IDENTITY_SECRET") or None,
            agent_token=env.get("XIAOER_AGENT_TOKEN") or None,
            api_token=env.get("XIAOER_API_TOKEN") or None,
            console_secret=env.get("XIAOER_CONSOLE_SECRET") or None,
            console_secure_cookie=_flag(env, "XIAOER_CONSOLE_SECURE_COOKIE", False),
            action_token=env.get("XIAOER_ACTION_TOKEN") or None,
            demo_shop=_flag(env, "XIAOER_DEMO_SHOP", False),
            max_message_chars=_int(env, "XIAOER_MAX_MESSAGE_CHARS", 1000, 50, 3000),
            trust_proxy=_flag(env, "XIAOER_TRUST_PROXY", False),
            actions_host=env.get("XIAOER_ACTIONS_HOST") or "127.0.0.1",
            eval_dir=_path(env.get("XIAOER_EVAL_DIR") or PROJECT_ROOT.parent / "shared" / "eval"),
            postgres_admin_url=_postgres(env, "XIAOER_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432"),
            test_postgres_url=env.get("XIAOER_TEST_POSTGRES_URL") or None,
            jobs_interval_seconds=_int(env, "XIAOER_JOBS_INTERVAL_SECONDS", 30, 1, 3600),
        )

    def check_secrets(self, *names: str) -> None:
        """Fail fast (SettingsError naming the variable) unless each secret is set and long enough."""
        for name in names or SECRETS:
            self.require(name)

    def require(self, name: str) -> str:
        """A secret that must be set (16+ characters); SettingsError names the variable otherwise."""
        value = getattr(self, name)
        if not value or len(value) < MIN_SECRET_CHARS:
            raise SettingsError(f"XIAOER_{name.upper()} must be set ({MIN_SECRET_CHARS}+ characters)")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings.from_env()
