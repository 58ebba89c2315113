"""role tables, lockout, MFA, OAuth2 clients

Moves roles from the users.roles varchar[] column into roles / role_permissions / user_roles,
keeping every user's roles (unknown names become custom roles without permissions).

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUILTIN = {
    'admin': 'Runs the system: every permission.',
    'manager': 'Approves reservations and manages resources.',
    'user': 'Books resources for themselves.',
}


def upgrade() -> None:
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_table('roles',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('description', sa.String(length=500), server_default='', nullable=False),
    sa.Column('is_builtin', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles'))
    )
    op.create_index('uq_roles_name_lower', 'roles', [sa.literal_column('lower(name)')], unique=True)
    op.create_table('role_permissions',
    sa.Column('role_id', sa.BigInteger(), nullable=False),
    sa.Column('permission', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_role_permissions_role_id_roles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_id', 'permission', name=op.f('pk_role_permissions'))
    )
    op.create_table('user_roles',
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('role_id', sa.BigInteger(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('assigned_by', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_user_roles_role_id_roles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role_id', name=op.f('pk_user_roles'))
    )
    op.create_index(op.f('ix_user_roles_role_id'), 'user_roles', ['role_id'], unique=False)
    op.create_table('login_failures',
    sa.Column('username_key', sa.String(length=254), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('username_key', name=op.f('pk_login_failures'))
    )
    op.create_table('mfa_backup_codes',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mfa_backup_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mfa_backup_codes')),
    sa.UniqueConstraint('user_id', 'code_hash', name=op.f('uq_mfa_backup_codes_user_id'))
    )
    op.create_table('oauth_clients',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.ARRAY(sa.String(length=64)), server_default=sa.text("'{}'::varchar[]"), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_clients')),
    sa.UniqueConstraint('client_id', name=op.f('uq_oauth_clients_client_id'))
    )
    op.add_column('users', sa.Column('mfa_secret', sa.String(length=64), nullable=True))
    op.add_column('users', sa.Column('mfa_last_step', sa.BigInteger(), nullable=True))
    op.create_index('ix_users_username_trgm', 'users', [sa.text('lower(username) gin_trgm_ops')], unique=False, postgresql_using='gin')
    op.create_index('ix_users_email_trgm', 'users', [sa.text('lower(email) gin_trgm_ops')], unique=False, postgresql_using='gin')

    # Data: built-in roles, then every other name found on users as a custom role, then links.
    roles = sa.table('roles', sa.column('name', sa.String), sa.column('description', sa.String), sa.column('is_builtin', sa.Boolean))
    op.bulk_insert(roles, [{'name': n, 'description': d, 'is_builtin': True} for n, d in BUILTIN.items()])
    op.execute("""
        INSERT INTO roles (name, description, is_builtin)
        SELECT DISTINCT lower(r), 'Carried over from the former roles column.', false
        FROM users, unnest(users.roles) AS r
        WHERE lower(r) NOT IN (SELECT name FROM roles)
    """)
    op.execute("""
        INSERT INTO user_roles (user_id, role_id)
        SELECT DISTINCT u.id, roles.id
        FROM users u, unnest(u.roles) AS r
        JOIN roles ON roles.name = lower(r)
    """)
    op.drop_column('users', 'roles')


def downgrade() -> None:
    op.add_column('users', sa.Column('roles', sa.ARRAY(sa.String(length=50)), server_default=sa.text("ARRAY['user']::varchar[]"), nullable=False))
    op.execute("""
        UPDATE users SET roles = agg.names
        FROM (SELECT ur.user_id, array_agg(r.name::varchar ORDER BY r.name) AS names
              FROM user_roles ur JOIN roles r ON r.id = ur.role_id GROUP BY ur.user_id) AS agg
        WHERE users.id = agg.user_id
    """)
    op.drop_index('ix_users_email_trgm', table_name='users', postgresql_using='gin')
    op.drop_index('ix_users_username_trgm', table_name='users', postgresql_using='gin')
    op.drop_column('users', 'mfa_last_step')
    op.drop_column('users', 'mfa_secret')
    op.drop_table('oauth_clients')
    op.drop_table('mfa_backup_codes')
    op.drop_table('login_failures')
    op.drop_index(op.f('ix_user_roles_role_id'), table_name='user_roles')
    op.drop_table('user_roles')
    op.drop_table('role_permissions')
    op.drop_index('uq_roles_name_lower', table_name='roles')
    op.drop_table('roles')
