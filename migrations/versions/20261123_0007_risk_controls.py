"""Risk controls: scope rules and their state, panics, position guards, order brackets, events.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dalal.adapters.db.base import ExactDecimal, UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = sa.text("rearmed_at IS NULL")


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "panics",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=256), nullable=False),
        sa.Column("pressed_at", UTCDateTime(), nullable=False),
        sa.Column("pressed_by", sa.String(length=32), nullable=False),
        sa.Column("rearmed_at", UTCDateTime(), nullable=True),
        sa.Column("rearmed_by", sa.String(length=32), nullable=True),
        sa.Column("rearm_reason", sa.String(length=256), nullable=True),
        _user_fk("panics"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panics")),
    )
    op.create_index(
        "ix_panics_active_scope",
        "panics",
        ["user_id", "scope", "scope_id"],
        unique=True,
        postgresql_where=ACTIVE,
        sqlite_where=ACTIVE,
    )
    op.create_index("ix_panics_user_id_pressed_at", "panics", ["user_id", "pressed_at"])
    op.create_table(
        "risk_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_id", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=True),
        sa.Column("message", sa.String(length=512), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _user_fk("risk_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_events")),
    )
    op.create_index("ix_risk_events_user_id_id", "risk_events", ["user_id", "id"])
    op.create_table(
        "risk_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_id", sa.String(length=64), nullable=False),
        sa.Column("limits", sa.JSON(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _user_fk("risk_rules"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_rules")),
    )
    op.create_index(
        "ix_risk_rules_user_id_scope_scope_id",
        "risk_rules",
        ["user_id", "scope", "scope_id"],
        unique=True,
    )
    op.create_table(
        "position_guards",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("product", sa.String(length=4), nullable=False),
        sa.Column("direction", sa.Integer(), nullable=False),
        sa.Column("anchor", ExactDecimal(20, 4), nullable=False),
        sa.Column("stops", sa.JSON(), nullable=False),
        sa.Column("stop_price", ExactDecimal(20, 4), nullable=True),
        sa.Column("target_price", ExactDecimal(20, 4), nullable=True),
        sa.Column("best", ExactDecimal(20, 4), nullable=True),
        sa.Column("trail_stop", ExactDecimal(20, 4), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_position_guards_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["token"], ["instruments.token"], name=op.f("fk_position_guards_token_instruments")
        ),
        sa.PrimaryKeyConstraint("account_id", "token", "product", name=op.f("pk_position_guards")),
    )
    op.create_index("ix_position_guards_token", "position_guards", ["token"])
    op.create_table(
        "order_brackets",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("stops", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_order_brackets_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_brackets")),
    )
    op.create_index(op.f("ix_order_brackets_token"), "order_brackets", ["token"])


def downgrade() -> None:
    op.drop_index(op.f("ix_order_brackets_token"), table_name="order_brackets")
    op.drop_table("order_brackets")
    op.drop_index("ix_position_guards_token", table_name="position_guards")
    op.drop_table("position_guards")
    op.drop_index("ix_risk_rules_user_id_scope_scope_id", table_name="risk_rules")
    op.drop_table("risk_rules")
    op.drop_index("ix_risk_events_user_id_id", table_name="risk_events")
    op.drop_table("risk_events")
    op.drop_index("ix_panics_user_id_pressed_at", table_name="panics")
    op.drop_index("ix_panics_active_scope", table_name="panics")
    op.drop_table("panics")
