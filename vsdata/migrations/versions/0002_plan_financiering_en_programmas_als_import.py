"""The plan, the funding and the programmes as import kinds: each row may belong to an import batch

Revision ID: 0002
Revises: 0001

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("budget_line", "grant", "programme")
KINDS_BEFORE = (
    "meldingen",
    "scholen",
    "lesactiviteiten",
    "doelen",
    "uitgaven",
    "indicatoren",
    "enquêteresultaten",
    "campagne",
    "partners",
)
KINDS_AFTER = (*KINDS_BEFORE, "begroting", "financiering", "interventies")


def _kinds(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="datakind_value", native_enum=False, create_constraint=True, length=40)


def _set_kinds(before: tuple[str, ...], after: tuple[str, ...]) -> None:
    """Widen or narrow the check on import_batch.kind: SQLite rebuilds the table, PostgreSQL swaps the check."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("import_batch", recreate="always") as batch_op:
            batch_op.alter_column("kind", existing_type=_kinds(before), type_=_kinds(after), existing_nullable=False)
        return
    op.drop_constraint("datakind_value", "import_batch", type_="check")
    listed = ", ".join("'" + value + "'" for value in after)
    op.create_check_constraint("datakind_value", "import_batch", f"kind IN ({listed})")


def upgrade() -> None:
    """Upgrade schema."""
    _set_kinds(KINDS_BEFORE, KINDS_AFTER)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("import_batch_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(f"{table}_import_batch_id_fkey", "import_batch", ["import_batch_id"], ["id"])


def downgrade() -> None:
    """Downgrade schema: the rows stay, without their import; imports of the new kinds are forgotten."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if not sqlite:  # SQLite's rebuilt table leaves the key out with its column, named or not
                batch_op.drop_constraint(f"{table}_import_batch_id_fkey", type_="foreignkey")
            batch_op.drop_column("import_batch_id")
    listed = ", ".join("'" + value + "'" for value in KINDS_AFTER if value not in KINDS_BEFORE)
    op.execute(f"DELETE FROM import_batch WHERE kind IN ({listed})")
    _set_kinds(KINDS_AFTER, KINDS_BEFORE)
