"""oauth authorization code: clients' redirect URIs and public flag, codes, sessions held by apps

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
    op.add_column('oauth_clients', sa.Column(
        'redirect_uris', postgresql.ARRAY(sa.String(length=500)), server_default=sa.text("'{}'::varchar[]"), nullable=False,
    ))
    op.add_column('oauth_clients', sa.Column('is_public', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('refresh_tokens', sa.Column('client_id', sa.String(length=64), nullable=True))
    op.add_column('refresh_tokens', sa.Column('scopes', postgresql.ARRAY(sa.String(length=64)), nullable=True))
    op.create_table(
        'oauth_authorization_codes',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.BigInteger(), nullable=False),
        sa.Column('redirect_uri', sa.String(length=500), nullable=False),
        sa.Column('scopes', postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column('code_challenge', sa.String(length=128), nullable=False),
        sa.Column('family_id', sa.String(length=36), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_oauth_authorization_codes_user_id_users'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_authorization_codes')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_oauth_authorization_codes_code_hash')),
    )
    op.create_index(op.f('ix_oauth_authorization_codes_user_id'), 'oauth_authorization_codes', ['user_id'], unique=False)
    op.create_index(op.f('ix_oauth_authorization_codes_expires_at'), 'oauth_authorization_codes', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_oauth_authorization_codes_expires_at'), table_name='oauth_authorization_codes')
    op.drop_index(op.f('ix_oauth_authorization_codes_user_id'), table_name='oauth_authorization_codes')
    op.drop_table('oauth_authorization_codes')
    op.drop_column('refresh_tokens', 'scopes')
    op.drop_column('refresh_tokens', 'client_id')
    op.drop_column('oauth_clients', 'is_public')
    op.drop_column('oauth_clients', 'redirect_uris')
