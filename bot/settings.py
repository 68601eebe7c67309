"""One typed settings object, read from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(RuntimeError):
    """A required setting is missing or malformed."""


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Settings:
    """Where the shop's data and policy live; every field comes from an XIAOER_* variable."""

    database_url: str
    policy_path: Path

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        """Build settings from the environment, failing fast on malformed values."""
        env = dict(os.environ if env is None else env)
        database_url = env.get("XIAOER_DATABASE_URL") or _sqlite_url(PROJECT_ROOT / "var" / "shop.db")
        if "://" not in database_url:
            raise SettingsError(f"XIAOER_DATABASE_URL is not a database URL: {database_url!r}")
        policy_path = Path(env.get("XIAOER_POLICY") or PROJECT_ROOT / "shop_policy.yml")
        if not policy_path.is_absolute():
            policy_path = PROJECT_ROOT / policy_path
        return cls(database_url=database_url, policy_path=policy_path)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings.from_env()
