"""catalog_projection: catalog's bookability snapshot of each resource, kept from its events so
a booking is judged without a call to catalog

Revision ID: 0006
Revises: 0005
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'catalog_projection',
        sa.Column('resource_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('snapshot', sa.LargeBinary(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('resource_id', name=op.f('pk_catalog_projection')),
    )


def downgrade() -> None:
    op.drop_table('catalog_projection')
