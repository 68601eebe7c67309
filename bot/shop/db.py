"""Engines, sessions and schema set-up for the shop database (SQLite by default, PostgreSQL too)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from bot.shop.models import Product

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def database_url() -> str:
    """The configured database URL (bot.settings: $XIAOER_DATABASE_URL, else var/shop.db)."""
    from bot.settings import get_settings

    return get_settings().database_url


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@lru_cache(maxsize=None)
def make_engine(url: str) -> Engine:
    """The engine for `url`, created once per URL (SQLite: folder created, foreign keys on)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, future=True, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in url
    if in_memory:
        engine = create_engine(
            url, future=True, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        if not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
    event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """One session per unit of work: commit on success, roll back on error, always close.

    Objects stay readable after the block (no expiry on commit), but lazy relationships
    must be loaded inside it.
    """
    session = Session(make_engine(url), future=True, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """session_scope on the configured shop database: the one way runtime code opens a session."""
    with session_scope(database_url()) as session:
        yield session


def create_schema(url: str) -> None:
    """Run the Alembic migrations of bot/shop/migrations up to head (works from any cwd)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    with make_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_database(url: str, now: Optional[datetime] = None) -> bool:
    """Create the schema and, if there are no products yet, seed the demo shop.

    Returns True if it seeded. `now` (naive, shop-local) defaults to the current time.
    """
    from bot.shop.demo import seed

    create_schema(url)
    with session_scope(url) as session:
        if session.scalar(select(func.count()).select_from(Product)):
            return False
        seed(session, (now or datetime.now()).replace(microsecond=0))
    return True
