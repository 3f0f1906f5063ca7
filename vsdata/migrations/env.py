"""Alembic's environment: runs the revisions on the connection :mod:`vsdata.migrations` hands it."""

from alembic import context
from sqlmodel import SQLModel

from vsdata import models  # noqa: F401  (the tables are declared on import)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
