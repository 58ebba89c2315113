"""groups, labels, business hours, blackouts, status schedule, search, imports

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text('deleted_at IS NULL')


def upgrade() -> None:
    # pg_trgm is a trusted extension: the database owner may create it.
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_table('resource_groups',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('parent_id', sa.BigInteger(), nullable=True),
    sa.Column('path', sa.String(length=400), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['resource_groups.id'], name=op.f('fk_resource_groups_parent_id_resource_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_groups'))
    )
    op.create_index('ix_resource_groups_parent_id', 'resource_groups', ['parent_id'], unique=False)
    op.create_index('ix_resource_groups_path', 'resource_groups', ['path'], unique=False, postgresql_ops={'path': 'text_pattern_ops'})
    op.create_index('uq_resource_groups_sibling_name', 'resource_groups', [sa.literal_column('coalesce(parent_id, 0)'), sa.literal_column('lower(name)')], unique=True)

    op.create_table('labels',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.Column('description', sa.String(length=500), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labels'))
    )
    op.create_index('uq_labels_name_lower', 'labels', [sa.literal_column('lower(name)')], unique=True)

    op.add_column('resources', sa.Column('group_id', sa.BigInteger(), nullable=True))
    op.add_column('resources', sa.Column('rules', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False))
    op.add_column('resources', sa.Column('attributes', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False))
    op.add_column('resources', sa.Column('status_reason', sa.String(length=500), server_default='', nullable=False))
    op.add_column('resources', sa.Column('status_until', sa.DateTime(timezone=True), nullable=True))
    op.add_column('resources', sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    op.add_column('resources', sa.Column('hours_key', sa.Text(), server_default='', nullable=False))
    op.create_foreign_key(op.f('fk_resources_group_id_resource_groups'), 'resources', 'resource_groups', ['group_id'], ['id'])
    op.execute("UPDATE resources SET search_text = lower(name || ' ' || description || ' ' || array_to_string(tags, ' ') || ' ' || location)")
    op.create_index('ix_resources_sort_name', 'resources', [sa.literal_column('lower(name)'), sa.literal_column('id')], unique=False, postgresql_where=LIVE)
    op.create_index('ix_resources_sort_capacity', 'resources', [sa.literal_column('coalesce(capacity, -1)'), sa.literal_column('id')], unique=False, postgresql_where=LIVE)
    op.create_index('ix_resources_sort_created', 'resources', ['created_at', 'id'], unique=False, postgresql_where=LIVE)
    op.create_index('ix_resources_name_prefix', 'resources', [sa.literal_column('lower(name) text_pattern_ops')], unique=False, postgresql_where=LIVE)
    op.create_index('ix_resources_search_trgm', 'resources', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.create_index('ix_resources_group', 'resources', ['group_id'], unique=False, postgresql_where=LIVE)
    op.create_index('ix_resources_status', 'resources', ['status'], unique=False, postgresql_where=LIVE)
    op.create_index('ix_resources_status_until', 'resources', ['status_until'], unique=False, postgresql_where=sa.text('status_until IS NOT NULL'))

    op.create_table('resource_labels',
    sa.Column('resource_id', sa.BigInteger(), nullable=False),
    sa.Column('label_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_resource_labels_label_id_labels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_resource_labels_resource_id_resources')),
    sa.PrimaryKeyConstraint('resource_id', 'label_id', name=op.f('pk_resource_labels'))
    )
    op.create_index('ix_resource_labels_label', 'resource_labels', ['label_id', 'resource_id'], unique=False)

    op.create_table('business_hours',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('resource_id', sa.BigInteger(), nullable=False),
    sa.Column('day_of_week', sa.SmallInteger(), nullable=False),
    sa.Column('open_minute', sa.SmallInteger(), nullable=False),
    sa.Column('close_minute', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('day_of_week BETWEEN 0 AND 6', name=op.f('ck_business_hours_day_known')),
    sa.CheckConstraint('open_minute >= 0 AND close_minute <= 1440 AND open_minute < close_minute', name=op.f('ck_business_hours_interval_ordered')),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_business_hours_resource_id_resources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_hours'))
    )
    op.create_index('ix_business_hours_resource', 'business_hours', ['resource_id', 'day_of_week', 'open_minute'], unique=False)

    op.create_table('blackout_dates',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('resource_id', sa.BigInteger(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=500), server_default='', nullable=False),
    sa.Column('yearly', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('start_date <= end_date', name=op.f('ck_blackout_dates_dates_ordered')),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], name=op.f('fk_blackout_dates_resource_id_resources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blackout_dates'))
    )
    op.create_index('ix_blackout_dates_resource', 'blackout_dates', ['resource_id', 'end_date'], unique=False)

    op.create_table('imports',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('columns', sa.ARRAY(sa.String(length=50)), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    op.create_index('ix_imports_created', 'imports', ['created_at'], unique=False)
    op.create_table('import_rows',
    sa.Column('import_id', sa.String(length=36), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('location', sa.String(length=200), server_default='', nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('tags', sa.ARRAY(sa.String(length=50)), server_default=sa.text("'{}'::varchar[]"), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='available', nullable=False),
    sa.Column('group_id', sa.BigInteger(), nullable=True),
    sa.Column('timezone', sa.String(length=64), server_default='UTC', nullable=False),
    sa.Column('search_text', sa.Text(), server_default='', nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['imports.id'], name=op.f('fk_import_rows_import_id_imports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('import_id', 'line', name=op.f('pk_import_rows'))
    )


def downgrade() -> None:
    op.drop_table('import_rows')
    op.drop_index('ix_imports_created', table_name='imports')
    op.drop_table('imports')
    op.drop_index('ix_blackout_dates_resource', table_name='blackout_dates')
    op.drop_table('blackout_dates')
    op.drop_index('ix_business_hours_resource', table_name='business_hours')
    op.drop_table('business_hours')
    op.drop_index('ix_resource_labels_label', table_name='resource_labels')
    op.drop_table('resource_labels')
    for name in ('ix_resources_status_until', 'ix_resources_status', 'ix_resources_group', 'ix_resources_search_trgm', 'ix_resources_name_prefix', 'ix_resources_sort_created',
                 'ix_resources_sort_capacity', 'ix_resources_sort_name'):
        op.drop_index(name, table_name='resources')
    op.drop_constraint(op.f('fk_resources_group_id_resource_groups'), 'resources', type_='foreignkey')
    for column in ('hours_key', 'search_text', 'status_until', 'status_reason', 'attributes', 'rules', 'group_id'):
        op.drop_column('resources', column)
    op.drop_index('uq_labels_name_lower', table_name='labels')
    op.drop_table('labels')
    op.drop_index('uq_resource_groups_sibling_name', table_name='resource_groups')
    op.drop_index('ix_resource_groups_path', table_name='resource_groups')
    op.drop_index('ix_resource_groups_parent_id', table_name='resource_groups')
    op.drop_table('resource_groups')
