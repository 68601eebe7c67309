"""Shared test set-up: a fresh, seeded SQLite shop per test session, at a fixed moment."""
from __future__ import annotations

import os
from datetime import datetime

import pytest

NOW = datetime(2026, 11, 18, 10, 30)  # a Wednesday morning, inside the day shift


@pytest.fixture(scope="session")
def shop_db(tmp_path_factory) -> str:
    """A migrated and seeded shop database (seeded relative to NOW)."""
    from bot.shop.db import ensure_database

    url = f"sqlite:///{tmp_path_factory.mktemp('shop') / 'shop.db'}"
    ensure_database(url, now=NOW)
    return url
