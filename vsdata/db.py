"""Engine, schema creation, sessions and the data version.

Every write goes through :func:`write_session`, which bumps the store's data
version in the same transaction, so caches keyed on it never show stale data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, Date, Engine, Integer, String, Table, event, insert, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, SQLModel, create_engine

from vsdata import models
from vsdata.settings import database_url

DATA_VERSION = "data_version"
DEMO_BUILT_FOR = "demo_built_for"
DEMO_SEED = "demo_seed"
BULK_CACHE_KIB = 256 * 1024


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # The driver would commit before every CREATE or DROP; SQLAlchemy's BEGIN (see _sqlite_begin) makes
    # schema changes part of the transaction too, so a failed copy or import leaves nothing behind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per store URL; SQLite gets foreign keys and WAL mode."""
    resolved = database_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(resolved, pool_pre_ping=True)
    return engine


class StoreProblem(Exception):
    """The store cannot be used as it is; the message (Dutch) says why and what to do."""


def shown_url(url: str | None = None) -> str:
    """The store's URL as it may be shown: without its password."""
    return make_url(database_url(url)).render_as_string(hide_password=True)


# How psycopg words a connection that the server ended or that broke while in use.
_CONNECTION_LOST = (
    "terminating connection",
    "server closed the connection",
    "consuming input failed",
    "connection is lost",
    "connection was closed",
)


def connection_problem(error: OperationalError, url: str | None = None) -> StoreProblem:
    """A Dutch explanation of why the database could not be reached, naming the URL without its password."""
    parsed = make_url(database_url(url))
    shown = shown_url(url)
    reason = str(error.orig or error).lower()
    if any(sign in reason for sign in _CONNECTION_LOST):
        text = (
            f"De verbinding met de database {shown} viel weg tijdens het werk; er is niets opgeslagen of half "
            "geschreven. Probeer het opnieuw zodra de server weer bereikbaar is."
        )
    elif "password authentication failed" in reason or "no password supplied" in reason:
        text = (
            f"Aanmelden bij de database {shown} is mislukt: de gebruikersnaam of het wachtwoord klopt niet. "
            "Controleer VSDATA_DATABASE_URL (of de secrets van de server)."
        )
    elif "does not exist" in reason and "database" in reason:
        text = (
            f"De database {parsed.database} bestaat niet op {parsed.host}. Maak hem aan (createdb {parsed.database}) "
            f"en maak de tabellen met: python -m vsdata migrate --db {shown}"
        )
    elif parsed.get_backend_name() == "sqlite":
        text = f"De opslag {shown} kan niet worden geopend ({reason}). Controleer het pad en de schrijfrechten."
    else:
        text = (
            f"De databaseserver van {shown} is niet bereikbaar. Controleer of PostgreSQL draait op "
            f"{parsed.host}:{parsed.port or 5432} en of de naam en de poort in VSDATA_DATABASE_URL kloppen."
        )
    return StoreProblem(text)


def is_file_store(url: str | None = None) -> bool:
    return make_url(database_url(url)).get_backend_name() == "sqlite"


def store_exists(url: str | None = None) -> bool:
    """Whether the store has been created (its meta table exists)."""
    parsed = make_url(database_url(url))
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:"
    if is_file and not Path(parsed.database).exists():
        return False
    return has_schema(get_engine(url))


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table(models.StoreMeta.__tablename__)


def create_tables(bind) -> None:
    """The tables and indexes of the models that the store lacks."""
    SQLModel.metadata.create_all(bind)
    for table in SQLModel.metadata.sorted_tables:
        for index in table.indexes:
            index.create(bind, checkfirst=True)


def create_schema_on(connection) -> None:
    """A new store's schema on an open connection, marked as the newest schema revision."""
    from vsdata import migrations

    create_tables(connection)
    meta = models.StoreMeta.__table__
    if connection.execute(select(meta.c.key).where(meta.c.key == DATA_VERSION)).first() is None:
        connection.execute(insert(meta).values(key=DATA_VERSION, value="1"))
    migrations.mark_newest(connection)


def create_schema(engine: Engine) -> None:
    """Create a new store (or one whose tables were all just dropped): every table, at the newest revision."""
    with engine.begin() as connection:
        create_schema_on(connection)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def _bump_version(session: Session) -> None:
    meta = models.StoreMeta.__table__
    result = session.execute(
        update(meta).where(meta.c.key == DATA_VERSION).values(value=(meta.c.value.cast(Integer()) + 1).cast(String()))
    )
    if result.rowcount == 0:
        session.add(models.StoreMeta(key=DATA_VERSION, value="1"))


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A transaction that commits all or nothing and bumps the data version."""
    with Session(engine) as session:
        try:
            yield session
            session.flush()
            _bump_version(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise


def data_version(engine: Engine) -> int:
    with Session(engine) as session:
        value = session.scalar(select(models.StoreMeta.value).where(models.StoreMeta.key == DATA_VERSION))
    return int(value or 0)


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(models.StoreMeta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(models.StoreMeta, key)
    if row is None:
        session.add(models.StoreMeta(key=key, value=value))
    else:
        row.value = value


def refresh_statistics(session: Session) -> None:
    """Let the query planner see the new data distribution (after a large write)."""
    session.execute(text("ANALYZE"))


def holds_demo_data(session: Session) -> bool:
    """Whether any demo rows are in the store (then every page says "Demodata")."""
    return (
        session.scalar(
            select(models.ImportBatch.id)
            .where(models.ImportBatch.is_demo, models.ImportBatch.undone_at.is_(None))
            .limit(1)
        )
        is not None
    )


def _storage_column(values: pd.Series, sql_type) -> list:
    """A column in the form the drivers take it (UTC text, ISO dates, 0/1, NULL): SQLite's, and COPY's text."""
    missing = values.isna()
    if isinstance(sql_type, models.UTCDateTime):
        utc = models.aware_utc(values).dt.tz_localize(None).to_numpy().astype("datetime64[us]")
        text = np.char.replace(utc.astype(str), "T", " ")
    elif isinstance(sql_type, Date):
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            text = values.to_numpy().astype("datetime64[D]").astype(str)
        else:
            text = np.array([None if gap else day.isoformat() for day, gap in zip(values, missing, strict=True)])
    elif isinstance(sql_type, Boolean):
        return (
            values.astype(int).tolist()
            if not missing.any()
            else [None if gap else int(value) for value, gap in zip(values, missing, strict=True)]
        )
    else:
        text = values
    listed = text.tolist()
    if not missing.any():
        return listed
    return [None if gap else value for value, gap in zip(listed, missing, strict=True)]


def bulk_insert(session: Session, table: Table, frame: pd.DataFrame) -> None:
    """Insert many rows at once, inside the session's transaction.

    The rows go straight to the driver: on SQLite as one executemany (with the
    table's indexes rebuilt afterwards when it was empty), on PostgreSQL through
    COPY. 1,000,000 reports take seconds instead of minutes.
    """
    if frame.empty:
        return
    connection = session.connection()
    names = ", ".join(f'"{name}"' for name in frame.columns)
    columns = [_storage_column(frame[name], table.c[name].type) for name in frame.columns]
    if connection.dialect.name == "postgresql":
        statement = f'COPY "{table.name}" ({names}) FROM STDIN'
        try:
            with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
                for row in zip(*columns, strict=True):
                    copy.write_row(row)
        except connection.dialect.dbapi.IntegrityError as error:
            # The raw cursor bypasses SQLAlchemy: raise what its executemany would, as on SQLite.
            raise IntegrityError(statement, None, error) from error
        return
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), frame.to_dict("records"))
        return
    was_empty = connection.execute(select(table.c[frame.columns[0]]).limit(1)).first() is None
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    if was_empty:
        for index in table.indexes:
            index.drop(connection)
    marks = ", ".join("?" for _ in frame.columns)
    connection.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', list(zip(*columns, strict=True))
    )
    if was_empty:
        for index in table.indexes:
            index.create(connection)
    connection.exec_driver_sql("PRAGMA cache_size = -2000")


def holds_real_data(session: Session) -> bool:
    """Whether any imported (non-demo) batch is in the store, which a demo build must not overwrite."""
    real_batch = select(models.ImportBatch.id).where(models.ImportBatch.is_demo.is_(False)).limit(1)
    is_real = text("is_demo = 0") if session.connection().dialect.name == "sqlite" else text("NOT is_demo")
    real_report = select(models.Report.id).where(is_real).limit(1)
    return session.scalar(real_batch) is not None or session.scalar(real_report) is not None
