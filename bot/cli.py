"""Command line: `python -m bot.cli check | db-init | db-reset | agent-add | agent-passwd | agent-deactivate`."""
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


def agent_add(username: str, name: str, role: str, password_stdin: bool) -> int:
    """Create a console account; the password is asked for (or read from stdin)."""
    import getpass

    from bot.clock import shop_now
    from bot.service.agents import add_agent
    from bot.shop.db import create_schema, session_scope

    password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("password: ")
    url = get_settings().database_url
    create_schema(url)
    try:
        with session_scope(url) as session:
            add_agent(session, username, name, role, password, shop_now())
    except ValueError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    print(f"agent {username} ({name}, {role}) created")
    return 0


def _change_agent(username: str, change) -> int:
    """Apply `change(session, agent, now)` (returns the number of sessions ended) to an agent."""
    from bot.clock import shop_now
    from bot.service.agents import find_agent
    from bot.shop.db import create_schema, session_scope

    url = get_settings().database_url
    create_schema(url)
    try:
        with session_scope(url) as session:
            agent = find_agent(session, username)
            if agent is None:
                raise ValueError(f"no agent {username!r}")
            ended = change(session, agent, shop_now())
    except ValueError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    print(f"agent {username}: {ended} console session(s) ended")
    return 0


def agent_passwd(username: str, password_stdin: bool) -> int:
    """Set a new console password (asked for, or read from stdin); every session of the agent ends."""
    import getpass

    from bot.service.agents import set_password

    password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("new password: ")
    return _change_agent(username, lambda session, agent, now: set_password(session, agent, password, now))


def agent_deactivate(username: str) -> int:
    """Take away an agent's console access; every session of the agent ends."""
    from bot.service.agents import deactivate

    return _change_agent(username, deactivate)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m bot.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the settings and shop_policy.yml")
    commands.add_parser("db-init", help="create and seed the shop database if needed")
    commands.add_parser("db-reset", help="recreate the shop database (SQLite)")
    agent = commands.add_parser("agent-add", help="create a console account")
    agent.add_argument("username")
    agent.add_argument("--name", required=True, help="the name buyers see, e.g. 小美")
    agent.add_argument("--role", choices=["agent", "trainer", "admin"], default="agent")
    agent.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    passwd = commands.add_parser("agent-passwd", help="set a console account's password (ends its sessions)")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    deactivated = commands.add_parser("agent-deactivate", help="take away a console account's access")
    deactivated.add_argument("username")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check()
    if args.command == "agent-add":
        return agent_add(args.username, args.name, args.role, args.password_stdin)
    if args.command == "agent-passwd":
        return agent_passwd(args.username, args.password_stdin)
    if args.command == "agent-deactivate":
        return agent_deactivate(args.username)
    return db_init(reset=args.command == "db-reset")


if __name__ == "__main__":
    sys.exit(main())
