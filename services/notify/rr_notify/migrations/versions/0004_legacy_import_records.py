"""legacy_import_records: each row imported from the old system with the id it became

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
        'legacy_import_records',
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('old_id', sa.String(length=64), nullable=False),
        sa.Column('new_id', sa.BigInteger(), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'old_id', name=op.f('pk_legacy_import_records')),
    )


def downgrade() -> None:
    op.drop_table('legacy_import_records')
