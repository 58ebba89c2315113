"""site_calendar: site-wide business hours; blackout_dates without a resource are site-wide

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'site_calendar',
        sa.Column('id', sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column('hours_key', sa.Text(), server_default='', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_site_calendar_single_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site_calendar')),
    )
    # The one row exists from the start: changes lock it, reads need no fallback.
    op.execute("INSERT INTO site_calendar (id) VALUES (1)")
    op.alter_column('blackout_dates', 'resource_id', existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM blackout_dates WHERE resource_id IS NULL")
    op.alter_column('blackout_dates', 'resource_id', existing_type=sa.BigInteger(), nullable=False)
    op.drop_table('site_calendar')
