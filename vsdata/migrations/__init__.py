"""Schema versions of the store, kept with Alembic: the revisions live in ``versions/``.

A new store is created from the models and marked with the newest revision; a
store made by an older version is brought up with ``python -m vsdata migrate``.
The app and the command line refuse a store whose schema is older or newer
than the code (:func:`check`), with a message naming the command that fixes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from vsdata.db import StoreProblem

FIRST = "0001"
"""The schema as it was when revisions began; stores made before that are marked with it."""
VERSION_TABLE = "alembic_version"


class SchemaMismatch(StoreProblem):
    """The store's schema is not the one this code works with; the message says what to do."""


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision, the one this code expects."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def known() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current(engine: Engine) -> str | None:
    """The store's revision; None when it has none (new, or made before revisions began)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def mark_newest(connection) -> None:
    """Mark a store just created from the models as being at the newest revision."""
    command.stamp(_config(connection), head())


@contextmanager
def schema_transaction(engine: Engine) -> Iterator:
    """One transaction for a schema change; on SQLite with foreign keys off while tables are rebuilt.

    SQLite changes a table by copying it and dropping the old one, which the foreign keys of the
    rows that point at it would refuse; the keys are checked again before the transaction commits.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where SQLite honours it
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreProblem(
                        "De schemawijziging zou verwijzingen tussen tabellen breken; er is niets gewijzigd."
                    )
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the store to the newest revision, in one transaction; returns the revisions before and after.

    An empty database gets the whole schema. A store made before revisions began
    holds the tables of :data:`FIRST` except those added last (the report tally
    and its indexes): they are added from the models and the store is marked
    :data:`FIRST`, after which the later revisions run as for any store. A newer store is refused.
    """
    from vsdata import db  # db imports this module when it creates a schema

    before = current(engine)
    if before is not None and before not in known():
        check(engine, engine.url.render_as_string(hide_password=True))  # newer than this code: refuse
    with schema_transaction(engine) as connection:
        if before is None and not inspect(connection).has_table("store_meta"):
            db.create_schema_on(connection)
        elif before is None:
            db.create_tables(connection)
            command.stamp(_config(connection), FIRST)
        command.upgrade(_config(connection), "head")
    return before, head()


def check(engine: Engine, url_shown: str) -> None:
    """Raise :class:`SchemaMismatch` when the store's schema is older or newer than this code."""
    found = current(engine)
    if found == head():
        return
    if found is None and not inspect(engine).has_table("store_meta"):
        raise SchemaMismatch(
            f"De database {url_shown} heeft nog geen tabellen van dit dashboard. "
            "Maak ze aan met: python -m vsdata migrate (of bouw een demo met: python -m vsdata demo)."
        )
    if found is not None and found not in known():
        raise SchemaMismatch(
            f"De opslag {url_shown} heeft schemaversie {found}, nieuwer dan deze versie van het dashboard "
            f"({head()}) kent. Werk het dashboard bij (git pull, daarna python3 tasks.py install) en start opnieuw."
        )
    was = "is gemaakt door een oudere versie van het dashboard" if found is None else f"heeft schemaversie {found}"
    raise SchemaMismatch(
        f"De opslag {url_shown} {was}; deze versie werkt met schemaversie {head()}. Werk de opslag bij met: "
        "python -m vsdata migrate (met --db en de URL als de opslag niet in VSDATA_DATABASE_URL staat). "
        "Maak eerst een reservekopie als de gegevens nergens anders staan."
    )
