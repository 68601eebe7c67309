"""Database set-up: migrations, seeding once, units of work and integrity rules."""
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.settings import get_settings
from bot.shop.db import create_schema, ensure_database, make_engine, session_scope
from bot.shop.models import Base, Buyer, Order, OrderItem, Sku

NOW = datetime(2026, 11, 22, 10, 30)


def test_schema_is_created_from_any_directory_and_matches_the_models(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path}/nested/folder/shop.db"
    create_schema(url)
    create_schema(url)
    assert (tmp_path / "nested" / "folder" / "shop.db").exists()
    with make_engine(url).connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == _head()


def _head() -> str:
    """The newest migration of bot/shop/migrations."""
    from alembic.script import ScriptDirectory

    from bot.shop.db import MIGRATIONS_DIR

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def test_ensure_database_seeds_only_an_empty_shop(tmp_path):
    url = f"sqlite:///{tmp_path}/shop.db"
    assert ensure_database(url, NOW) is True
    assert ensure_database(url, NOW) is False
    with session_scope(url) as s:
        assert s.scalar(select(func.count()).select_from(Order)) >= 220
        assert s.get(Order, "1001202611000002").paid_at == datetime(2026, 11, 22, 9, 30)


def test_in_memory_database_keeps_its_schema_and_data():
    url = "sqlite:///file:test_shop_db_memory?mode=memory&cache=shared&uri=true"
    assert ensure_database(url, NOW) is True
    with session_scope(url) as s:
        assert s.get(Order, "1001202611000001").state == "shipped"


def test_session_scope_commits_on_success_and_rolls_back_on_error(tmp_path):
    url = f"sqlite:///{tmp_path}/shop.db"
    create_schema(url)
    with session_scope(url) as s:
        s.add(Buyer(nick="tb_kept", name="张三", phone="13700000000", created_at=NOW))
    with pytest.raises(RuntimeError):
        with session_scope(url) as s:
            s.add(Buyer(nick="tb_lost", name="赵六", phone="13700000001", created_at=NOW))
            s.flush()
            raise RuntimeError("action failed")
    with session_scope(url) as s:
        assert set(s.scalars(select(Buyer.nick))) == {"tb_kept"}


def test_stock_cannot_go_negative_and_items_need_a_real_order(tmp_path):
    url = f"sqlite:///{tmp_path}/shop.db"
    ensure_database(url, NOW)
    with pytest.raises(IntegrityError):
        with session_scope(url) as s:
            s.scalars(select(Sku)).first().stock = -1
    with pytest.raises(IntegrityError):
        with session_scope(url) as s:
            sku = s.scalars(select(Sku)).first()
            s.add(OrderItem(order_id="0000000000000000", sku_id=sku.id, quantity=1, unit_price_fen=100))


def test_postgresql_gets_the_same_schema_and_demo_shop():
    """On the machine's PostgreSQL (XIAOER_TEST_POSTGRES_URL, else a fresh database on 127.0.0.1)."""
    from tools.bench.servers import fresh_postgres_database

    url = get_settings().test_postgres_url or fresh_postgres_database("xiaoer_test_schema")
    ensure_database(url, NOW)
    with make_engine(url).connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    with session_scope(url) as s:
        assert s.get(Order, "1001202611000008").buyer.nick == "other_buyer"
