"""Schema revisions: new stores start at the newest, older ones are brought up by `migrate`, others refused."""

from __future__ import annotations

import sqlite3
from datetime import date

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel
from streamlit.testing.v1 import AppTest

from tests.report_helpers import sql
from vsdata import db, importing, migrations
from vsdata.__main__ import main
from vsdata.models import DataKind
from vsdata.settings import CityProfile


def _differences(engine) -> list:
    """What the store's tables lack or have beyond the models (empty when they agree)."""
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), SQLModel.metadata)


def _made_before_revisions(url: str) -> None:
    """Make the store look like one from before revisions began: the first revision's tables, no version, no tally."""
    with migrations.schema_transaction(db.get_engine(url)) as connection:
        command.downgrade(migrations._config(connection), migrations.FIRST)
    sql(url, "DROP TABLE alembic_version")
    sql(url, "DROP TABLE report_tally")


def _at_first_revision(url: str) -> None:
    with migrations.schema_transaction(db.get_engine(url)) as connection:
        command.upgrade(migrations._config(connection), migrations.FIRST)


def test_a_new_store_is_at_the_newest_revision(stores):
    engine = db.get_engine(stores.new(schema=True))
    assert migrations.current(engine) == migrations.head()
    migrations.check(engine, "opslag")


def test_migrate_on_an_empty_database_creates_the_models_schema(stores, capsys):
    url = stores.new()
    assert main(["migrate", "--db", url]) == 0
    engine = db.get_engine(url)
    assert migrations.current(engine) == migrations.head()
    assert _differences(engine) == []
    assert "bijgewerkt van schemaversie geen naar" in capsys.readouterr().out
    assert main(["migrate", "--db", url]) == 0
    assert "heeft al de nieuwste schemaversie" in capsys.readouterr().out


def test_a_store_from_before_revisions_is_refused_then_migrated_keeping_its_data(stores, demo_store, capsys):
    url = stores.copy(demo_store)
    (reports,) = sql(url, "SELECT COUNT(*) FROM report")[0]
    _made_before_revisions(url)
    engine = db.get_engine(url)
    with pytest.raises(migrations.SchemaMismatch, match=r"oudere versie.*python -m vsdata migrate"):
        migrations.check(engine, db.shown_url(url))
    assert main(["info", "--db", url]) == 1
    assert "python -m vsdata migrate" in capsys.readouterr().err

    assert main(["migrate", "--db", url]) == 0
    migrations.check(engine, db.shown_url(url))
    assert inspect(engine).has_table("report_tally")
    assert _differences(engine) == []
    assert sql(url, "SELECT COUNT(*) FROM report")[0][0] == reports


def test_a_store_of_the_first_revision_keeps_its_plan_and_then_takes_plan_imports(stores, demo_store):
    """The plan, funding and programmes of an older store stay; afterwards each of them can be imported and undone."""
    url = stores.copy(demo_store)
    _made_before_revisions(url)
    (lines, expenses_on_lines) = sql(url, "SELECT (SELECT COUNT(*) FROM budget_line), "
                                     "(SELECT COUNT(*) FROM expense WHERE budget_line_id IS NOT NULL)")[0]  # fmt: skip
    assert main(["migrate", "--db", url]) == 0
    engine = db.get_engine(url)
    assert _differences(engine) == []
    assert sql(url, "SELECT COUNT(*) FROM budget_line")[0][0] == lines
    assert sql(url, "SELECT COUNT(*) FROM expense WHERE budget_line_id IS NOT NULL")[0][0] == expenses_on_lines

    plan = b"onderwerp;actiepunt;jaar;bedrag\nNieuwe regel;Na de migratie;2026;1.000\n"
    with db.read_session(engine) as session:
        preview = importing.preview(session, DataKind.BEGROTING, plan, "plan.csv", date(2026, 11, 27), CityProfile())
    assert not preview.rejected and len(preview.new) == 1
    batch = importing.commit(engine, preview)
    assert sql(url, "SELECT planned_cents FROM budget_line WHERE topic = 'Nieuwe regel'") == [(100_000,)]
    assert importing.undo(engine, batch.id) == 1
    assert sql(url, "SELECT COUNT(*) FROM budget_line")[0][0] == lines


def test_an_empty_store_of_the_first_revision_refuses_unknown_kinds_after_migrating(stores):
    url = stores.new()
    _at_first_revision(url)
    migrations.upgrade(db.get_engine(url))
    insert = (
        "INSERT INTO import_batch (kind, file_name, checksum, imported_by, imported_at, rows_read, rows_added, "
        "rows_skipped, rows_rejected, is_demo) VALUES ('{}', 'a.csv', '', '', '2026-11-27', 0, 0, 0, 0, false)"
    )
    sql(url, insert.format("financiering"))
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.IntegrityError)):
        sql(url, insert.format("onbekend"))


def test_a_store_from_a_newer_version_is_refused_and_not_touched(stores, capsys):
    url = stores.new(schema=True)
    sql(url, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(migrations.SchemaMismatch, match=r"nieuwer.*Werk het dashboard bij"):
        migrations.check(db.get_engine(url), db.shown_url(url))
    assert main(["migrate", "--db", url]) == 1
    assert "schemaversie 9999, nieuwer" in capsys.readouterr().err
    assert sql(url, "SELECT version_num FROM alembic_version") == [("9999",)]


def test_the_app_on_an_older_store_says_which_command_fixes_it(stores, demo_store, monkeypatch):
    url = stores.copy(demo_store)
    _made_before_revisions(url)
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    app = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not app.exception
    assert any("python -m vsdata migrate" in item.value for item in app.error), [item.value for item in app.error]
    assert not app.title


def test_the_app_on_an_empty_postgresql_database_builds_nothing_and_says_what_to_do(stores, monkeypatch):
    if stores.server is None:
        pytest.skip("een ontbrekende SQLite-opslag wordt een demo-opslag (zie test_app)")
    url = stores.new()
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    app = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not app.exception
    assert any("nog geen tabellen" in item.value for item in app.error)
    assert not inspect(db.get_engine(url)).get_table_names()


def test_an_unreachable_server_gets_one_dutch_line_without_the_password(capsys):
    url = "postgresql://vsdata:geheim@127.0.0.1:9/nergens"
    assert main(["info", "--db", url]) == 1
    error = capsys.readouterr().err
    assert "niet bereikbaar" in error and "127.0.0.1:9" in error
    assert "geheim" not in error and "Traceback" not in error


def test_a_wrong_password_and_a_missing_database_each_get_one_dutch_line(postgres_server, capsys):
    with postgres_server.admin.connect() as admin:
        admin.execute(text("DROP ROLE IF EXISTS bewaakt"))
        admin.execute(text("CREATE ROLE bewaakt LOGIN PASSWORD 'Zz9-juist'"))
    rules = postgres_server.data / "pg_hba.conf"
    rules.write_text("host all bewaakt 127.0.0.1/32 scram-sha-256\n" + rules.read_text())
    with postgres_server.admin.connect() as admin:
        admin.execute(text("SELECT pg_reload_conf()"))
    place = f"127.0.0.1:{postgres_server.port}"

    assert main(["info", "--db", f"postgresql://bewaakt:Zz9-verkeerd@{place}/postgres"]) == 1
    error = capsys.readouterr().err
    assert "wachtwoord klopt niet" in error and place in error
    assert "Zz9-verkeerd" not in error and "Traceback" not in error

    assert main(["info", "--db", f"postgresql://bewaakt:Zz9-juist@{place}/bestaat_niet"]) == 1
    error = capsys.readouterr().err
    assert "De database bestaat_niet bestaat niet" in error and "migrate" in error
    assert "Zz9-juist" not in error and "Traceback" not in error
