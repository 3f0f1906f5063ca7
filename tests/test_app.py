"""The app as a whole under AppTest: every role, the tiles' values, the page guard."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from tests import report_helpers
from tests import store_builders as builders
from tests.app_helpers import ENTRY, chart_values, metric, run_app, sql
from tests.conftest import TODAY, page_dataframes
from vsdata import db, startup
from vsdata.formatting import format_euro, format_number
from vsdata.roles import Role


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_overview_without_errors(app_env, role):
    app = run_app(role)
    assert [title.value for title in app.title] == ["Overzicht"]
    labels = [metric.label for metric in app.metric]
    assert len(labels) == (3 if role is Role.VIOS else 4)
    assert any("subsidie" in label.lower() for label in labels) == (role is not Role.VIOS)
    assert any(warning.body.startswith("**Demodata**") for warning in app.warning)
    assert any(header.value == "Aandachtspunten" for header in app.subheader)
    assert any(header.value == "Komende 14 dagen" for header in app.subheader)
    assert len(page_dataframes(app)) == 1


def test_default_role_is_the_programme_manager(app_env):
    app = run_app()
    assert app.session_state["role"] == Role.PROGRAMMAMANAGER.value
    assert app.selectbox[0].value == Role.PROGRAMMAMANAGER.value


def test_programme_manager_tiles_show_the_store_figures(app_env):
    store = app_env
    last_7 = sql(
        store,
        "SELECT count(*) FROM report WHERE local_date BETWEEN ? AND ?",
        (TODAY - timedelta(days=6)).isoformat(),
        TODAY.isoformat(),
    )
    delivered = sql(
        store,
        "SELECT count(*) FROM school_session WHERE status='uitgevoerd' "
        "AND session_date BETWEEN '2026-08-01' AND '2027-07-31'",
    )
    target = sql(store, "SELECT sum(planned_sessions) FROM school_target WHERE school_year='2026/27'")
    soon = sql(
        store,
        "SELECT count(*) FROM school_session WHERE status='gepland' AND session_date BETWEEN ? AND ?",
        TODAY.isoformat(),
        (TODAY + timedelta(days=13)).isoformat(),
    )
    spent = sql(
        store, "SELECT sum(e.amount_cents) FROM expense e JOIN budget_line b ON b.id=e.budget_line_id WHERE b.year=2026"
    )

    app = run_app(Role.PROGRAMMAMANAGER)
    assert metric(app, "Meldingen laatste 7 dagen").value == format_number(last_7)
    assert metric(app, "Lesactiviteiten 2026/27").value == f"{delivered} van {target}"
    assert metric(app, "Gepland komende 14 dagen").value == format_number(soon)
    assert metric(app, "OCW-subsidie 2026").value == format_euro(spent, whole=True)
    assert metric(app, "Meldingen laatste 7 dagen").delta.endswith("t.o.v. gemiddelde week")


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_other_roles_see_no_report_count_below_k(app_env, role):
    app = run_app(role)
    tile = metric(app, "Meldingen laatste 7 dagen")
    assert tile.value == "<5" or int(tile.value.replace(".", "")) >= 5
    assert not tile.delta
    rows = chart_values(app)
    shown = [row[field] for row in rows for field in ("meldingen", "getoond") if row.get(field) == row.get(field)]
    shown = [value for value in shown if value is not None]
    assert shown, "the monthly trend should show some months"
    assert min(shown) >= 5
    hidden = [row for row in rows if row.get("onderdrukt")]
    assert all(row["label"] == "<5" for row in hidden)


@pytest.fixture(scope="module")
def quiet_week_store(stores) -> str:
    """Demo-marked reports: 3 in the last 7 days, 12 in the 4 weeks before."""
    url = stores.new(schema=True)
    days = [TODAY - timedelta(days=number) for number in (0, 2, 5)]
    days += [TODAY - timedelta(days=8 + 2 * number) for number in range(12)]
    with db.write_session(db.get_engine(url)) as session:
        builders.batches(session, builders.utc(2026, 11, 27, 7))
        session.add_all(
            report_helpers.report(report_helpers.local(day.year, day.month, day.day), is_demo=True) for day in days
        )
    return url


@pytest.fixture
def quiet_week_env(monkeypatch, quiet_week_store) -> str:
    monkeypatch.setenv("VSDATA_DATABASE_URL", quiet_week_store)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return quiet_week_store


def test_switching_role_in_the_sidebar_changes_the_tiles(quiet_week_env):
    app = run_app(Role.PROGRAMMAMANAGER)
    assert metric(app, "Meldingen laatste 7 dagen").value == "3"
    app.selectbox[0].set_value(Role.RAAD.value).run()
    assert not app.exception
    assert app.session_state["role"] == Role.RAAD.value
    assert metric(app, "Meldingen laatste 7 dagen").value == "<5"


def test_a_page_run_without_the_entry_script_goes_through_it(quiet_week_env):
    app = run_app(Role.RAAD)
    app.switch_page("pages/overzicht.py").run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Overzicht"]
    assert app.selectbox[0].label == "Bekijk als (demomodus)"
    assert metric(app, "Meldingen laatste 7 dagen").value == "<5"


def test_a_missing_store_is_created_with_demo_data(monkeypatch, tmp_path):
    # SQLite only (no engine fixture): only a missing store file is created; a PostgreSQL database is made by hand.
    store = tmp_path / "nieuw" / "store.sqlite"
    monkeypatch.setenv("VSDATA_DATABASE_URL", str(store))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    app = run_app()
    assert store.exists()
    assert sql(store, "SELECT count(*) FROM report") > 100
    assert any(warning.body.startswith("**Demodata**") for warning in app.warning)


def test_a_page_run_during_the_start_waits_for_the_demo_being_built(monkeypatch, tmp_path):
    # serve builds a missing demo store beside the starting server; a visitor arriving meanwhile waits for
    # that build instead of starting a second one (which would also say it made a store).
    store = tmp_path / "nieuw.sqlite"
    monkeypatch.setenv("VSDATA_DATABASE_URL", str(store))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    may_build = threading.Event()

    def build() -> None:
        may_build.wait()
        startup.ready_store(str(store))

    preparation = startup.prepare_in_background(build)
    app = AppTest.from_file(ENTRY, default_timeout=60)
    threading.Timer(0.2, may_build.set).start()
    app.run()
    preparation.join()
    assert not app.exception, [item.value for item in app.exception]
    assert [title.value for title in app.title] == ["Overzicht"]
    assert not app.toast, "the preparation built the store, not the page run"
    assert sql(store, "SELECT count(*) FROM report") > 100
