"""`python -m bot.shop.demo --url URL [--now ISO] [--seed N]`: create the schema and seed the demo shop."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import List, Optional

from sqlalchemy import func, select

from bot.shop.db import create_schema, database_url, session_scope
from bot.shop.demo import __doc__ as DEMO_DOC, seed
from bot.shop.models import Product


def main(argv: Optional[List[str]] = None) -> int:
    """Command line: create the schema and seed the demo shop into an empty database."""
    parser = argparse.ArgumentParser(description=DEMO_DOC.splitlines()[0])
    parser.add_argument("--url", default=database_url(), help="SQLAlchemy URL (default: %(default)s)")
    parser.add_argument("--now", type=datetime.fromisoformat, default=None,
                        help="shop-local time the demo data is relative to (default: now)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    create_schema(args.url)
    with session_scope(args.url) as s:
        if s.scalar(select(func.count()).select_from(Product)):
            print(f"{args.url} already has products; not seeding", file=sys.stderr)
            return 1
        seed(s, args.now or datetime.now(), args.seed)
    print(f"seeded the demo shop into {args.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
