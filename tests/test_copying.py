"""Copying a whole store between engines: every row arrives, all or nothing, and the copy works as a store."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlmodel import SQLModel

from tests.conftest import TODAY
from tests.report_helpers import local, report, sql
from vsdata import copying, db, overview, settings
from vsdata.__main__ import main
from vsdata.privacy import policy_for
from vsdata.roles import Role


@pytest.fixture
def other_engine_store(stores, request, tmp_path) -> str:
    """An empty database on the other engine than this run's: its URL."""
    if stores.server is None:
        return request.getfixturevalue("postgres_server").new_database()
    return f"sqlite:///{tmp_path / 'kopie.sqlite'}"


def _row_counts(url: str) -> dict[str, int]:
    return {
        table.name: sql(url, f'SELECT COUNT(*) FROM "{table.name}"')[0][0]
        for table in SQLModel.metadata.tables.values()
    }


def _overview(url: str) -> tuple:
    """The overview's figures: its tiles, this week's changes and the trend."""
    with db.read_session(db.get_engine(url)) as session:
        made = overview.build_overview(session, TODAY, policy_for(Role.PROGRAMMAMANAGER), settings.profile())
    return made.reports, made.sessions, made.spend, made.changes, made.trend.to_dict("records")


def test_a_store_copied_to_the_other_engine_has_every_row_and_the_same_figures(demo_store, other_engine_store, capsys):
    assert main(["copy", "--from", demo_store, "--to", other_engine_store]) == 0
    out = capsys.readouterr().out
    assert "het aantal rijen per tabel is nagekeken" in out and "report " in out
    assert _row_counts(other_engine_store) == _row_counts(demo_store)
    assert _overview(other_engine_store) == _overview(demo_store)

    # The copy takes new rows: its id sequences continue after the copied ids.
    engine = db.get_engine(other_engine_store)
    with db.write_session(engine) as session:
        session.add(report(local(2026, 11, 20)))
    highest = sql(demo_store, "SELECT MAX(id) FROM report")[0][0]
    assert sql(other_engine_store, "SELECT MAX(id) FROM report")[0][0] == highest + 1


def test_a_target_with_data_is_refused_unless_forced(demo_store, other_engine_store, stores, capsys):
    small = stores.new(schema=True)
    with db.write_session(db.get_engine(small)) as session:
        session.add(report(local(2026, 1, 5)))
    assert main(["copy", "--from", small, "--to", other_engine_store, "--quiet"]) == 0
    assert main(["copy", "--from", demo_store, "--to", other_engine_store, "--quiet"]) == 1
    assert "bevat al gegevens" in capsys.readouterr().err
    assert sql(other_engine_store, "SELECT COUNT(*) FROM report") == [(1,)]

    assert main(["copy", "--from", demo_store, "--to", other_engine_store, "--quiet", "--force"]) == 0
    assert _row_counts(other_engine_store) == _row_counts(demo_store)


def test_a_copy_that_fails_halfway_leaves_the_target_as_it_was(demo_store, other_engine_store):
    def fail_at_reports(table: str, done: int, total: int) -> None:
        if table == "report":
            raise RuntimeError("verbinding verbroken")

    with pytest.raises(RuntimeError):
        copying.copy_store(db.get_engine(demo_store), db.get_engine(other_engine_store), progress=fail_at_reports)
    assert not inspect(db.get_engine(other_engine_store)).get_table_names()
