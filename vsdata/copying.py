"""Copy a whole store to another database (SQLite to PostgreSQL and back), in one transaction on the target."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, func, insert, inspect, select, text
from sqlmodel import SQLModel

from vsdata import db, migrations

CHUNK_ROWS = 10_000


@dataclass(frozen=True)
class TableCopied:
    table: str
    rows: int


def _rows_in(connection, table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def target_holds_data(engine: Engine) -> bool:
    """Whether the target has any table of the dashboard with rows in it."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return any(_rows_in(connection, table) for table in SQLModel.metadata.sorted_tables if table.name in present)


def _reset_id_sequences(connection) -> None:
    """After rows with their ids were written, let PostgreSQL's id sequences continue after the highest."""
    for table in SQLModel.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                )
            )


def copy_store(
    source: Engine,
    target: Engine,
    replace: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[TableCopied]:
    """Copy every table of ``source`` into ``target``; all or nothing, with the row counts checked after.

    The source must be at this code's schema revision. A target with data is
    refused unless ``replace``; then its tables are dropped and made anew inside
    the same transaction, so a failed copy leaves it as it was.
    """
    migrations.check(source, source.url.render_as_string(hide_password=True))
    if not replace and target_holds_data(target):
        raise db.StoreProblem(
            f"De doelopslag {target.url.render_as_string(hide_password=True)} bevat al gegevens; "
            "er is niets gekopieerd. Kies een lege database, of geef --force om de inhoud te vervangen."
        )
    copied = []
    with source.connect() as reading, target.begin() as writing:
        if replace:
            SQLModel.metadata.drop_all(writing)
            writing.execute(text(f"DROP TABLE IF EXISTS {migrations.VERSION_TABLE}"))
        db.create_schema_on(writing)
        writing.execute(SQLModel.metadata.tables["store_meta"].delete())
        for table in SQLModel.metadata.sorted_tables:
            total = _rows_in(reading, table)
            done = 0
            result = reading.execution_options(yield_per=CHUNK_ROWS).execute(select(table))
            for chunk in result.partitions():
                writing.execute(insert(table), [row._asdict() for row in chunk])
                done += len(chunk)
                if progress:
                    progress(table.name, done, total)
            if progress and total == 0:
                progress(table.name, 0, 0)
            written = _rows_in(writing, table)
            if written != total:
                raise db.StoreProblem(
                    f"Tabel {table.name}: {total} rijen gelezen maar {written} geschreven; er is niets gekopieerd."
                )
            copied.append(TableCopied(table.name, written))
        if writing.dialect.name == "postgresql":
            _reset_id_sequences(writing)
        writing.execute(text("ANALYZE"))
    return copied
