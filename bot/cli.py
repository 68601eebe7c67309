"""Command line: `python -m bot.cli check | db-init | db-reset`."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.policy import PolicyError, load_policy
from bot.settings import SettingsError, get_settings


def check() -> int:
    """Validate the settings and the shop policy; print the bad field and fail if broken."""
    try:
        settings = get_settings()
        policy = load_policy(settings.policy_path)
    except (SettingsError, PolicyError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        print(f"Fix {get_settings().policy_path if isinstance(error, PolicyError) else 'the environment'} and start again.", file=sys.stderr)
        return 2
    print(f"shop policy OK: {policy.shop.name_zh} ({settings.policy_path.name})")
    return 0


def db_init(reset: bool = False) -> int:
    """Create (or recreate) the shop database and seed the demo shop if it is empty."""
    from bot.shop.db import ensure_database

    settings = get_settings()
    policy = load_policy(settings.policy_path)
    url = settings.database_url
    if reset and url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url[len("sqlite:///"):]).unlink(missing_ok=True)
    now = datetime.now(ZoneInfo(policy.shop.timezone)).replace(tzinfo=None)
    seeded = ensure_database(url, now=now)
    print(f"shop database {'created and seeded' if seeded else 'ready'}: {url}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m bot.cli", description=__doc__)
    parser.add_argument("command", choices=["check", "db-init", "db-reset"])
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    return db_init(reset=args.command == "db-reset")


if __name__ == "__main__":
    sys.exit(main())
