"""add invites"""
from alembic import op
import sqlalchemy as sa

revision = "3f2a"
down_revision = "1b0c"


def upgrade():
    op.create_table("invites", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    pass
