"""aggregate_versions: the newest version of each reservation notify reacted to, so a late, older
event (cancelled handled before created) does not bring a reminder back

Revision ID: 0003
Revises: 0002
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'aggregate_versions',
        sa.Column('aggregate', sa.String(length=40), nullable=False),
        sa.Column('aggregate_id', sa.BigInteger(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('aggregate', 'aggregate_id', name=op.f('pk_aggregate_versions')),
    )


def downgrade() -> None:
    op.drop_table('aggregate_versions')
