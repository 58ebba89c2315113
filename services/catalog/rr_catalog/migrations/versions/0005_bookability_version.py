"""resources.bookability_version: grows with every change to what decides a resource's
bookability, so consumers of rr.catalog.resource.bookability_changed keep the newest snapshot

Revision ID: 0005
Revises: 0004
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('resources', sa.Column('bookability_version', sa.BigInteger(), server_default=sa.text('0'), nullable=False))


def downgrade() -> None:
    op.drop_column('resources', 'bookability_version')
