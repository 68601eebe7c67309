"""Data integrity - invoices, after-sale case words and kinds, address fields (issue 9).

After-sale cases get `problem` (what went wrong, for kind "problem") and at most one open case
per order and kind (a partial unique index; SQLite and PostgreSQL both have them). Existing rows
are brought in line first: cases the bot opened kept a code in `reason` (damaged, request_refund)
and the buyer's words in `detail`: the code moves to `problem` and the words to `reason`; extra
open cases of the same order and kind are closed, the oldest stays open.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PROBLEMS = ("damaged", "missing", "wrong_item", "color_difference", "other")
INTENT_REASONS = ("request_refund", "request_return", "request_exchange", "report_problem",
                  "refund", "return", "exchange")
INDEX = "uq_after_sale_cases_open_order_kind"

cases = sa.table(
    "after_sale_cases",
    sa.column("id", sa.Integer),
    sa.column("order_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("reason", sa.String),
    sa.column("detail", sa.Text),
    sa.column("problem", sa.String),
    sa.column("state", sa.String),
)


def _words(detail, fallback: str) -> str:
    words = " ".join((detail or "").split())
    return (words or fallback)[:200]


def _backfill(connection) -> None:
    """Codes out of `reason`; the buyer's words into it."""
    rows = connection.execute(
        sa.select(cases.c.id, cases.c.kind, cases.c.reason, cases.c.detail)
        .where(cases.c.reason.in_(PROBLEMS + INTENT_REASONS))
    ).all()
    for row in rows:
        values = {"reason": _words(row.detail, row.reason)}
        if row.kind == "problem" and row.reason in PROBLEMS:
            values["problem"] = row.reason
        connection.execute(sa.update(cases).where(cases.c.id == row.id).values(**values))


def _close_duplicates(connection) -> None:
    """Leave only the oldest open case of each order and kind open."""
    oldest = (
        sa.select(sa.func.min(cases.c.id))
        .where(cases.c.state == "open")
        .group_by(cases.c.order_id, cases.c.kind)
        .scalar_subquery()
    )
    connection.execute(
        sa.update(cases).where(cases.c.state == "open", cases.c.id.not_in(oldest)).values(state="closed")
    )


def upgrade() -> None:
    with op.batch_alter_table("after_sale_cases") as batch:
        batch.add_column(sa.Column("problem", sa.String(24), nullable=True))
        batch.create_check_constraint(
            op.f("ck_after_sale_cases_problem"),
            "problem IS NULL OR problem IN ('damaged', 'missing', 'wrong_item', 'color_difference', 'other')",
        )
    connection = op.get_bind()
    _backfill(connection)
    _close_duplicates(connection)
    op.create_index(
        INDEX, "after_sale_cases", ["order_id", "kind"], unique=True,
        sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="after_sale_cases")
    with op.batch_alter_table("after_sale_cases") as batch:
        batch.drop_constraint(op.f("ck_after_sale_cases_problem"), type_="check")
        batch.drop_column("problem")
