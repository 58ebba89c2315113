"""resource approvers: a resource's approval settings name the users and the role who approve
its requests

Revision ID: 0005
Revises: 0004
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('resource_settings', sa.Column('approver_user_ids', postgresql.ARRAY(sa.BigInteger()), server_default='{}', nullable=False))
    op.add_column('resource_settings', sa.Column('approver_role', sa.String(length=64), server_default='', nullable=False))
    op.create_index('ix_resource_settings_approver_users', 'resource_settings', ['approver_user_ids'], unique=False, postgresql_using='gin')


def downgrade() -> None:
    op.drop_index('ix_resource_settings_approver_users', table_name='resource_settings', postgresql_using='gin')
    op.drop_column('resource_settings', 'approver_role')
    op.drop_column('resource_settings', 'approver_user_ids')
