"""The Gegevens page under AppTest: imports with a preview, the list of imports, quality, own data."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from tests.app_helpers import ENTRY, sql
from tests.conftest import TODAY
from tests.export_rows import csv_bytes
from vsdata import access, db, importing
from vsdata.info import TABLES
from vsdata.models import DataKind
from vsdata.roles import Role
from vsdata.settings import CityProfile
from vsdata.ui import import_sections

PAGE = "pages/gegevens.py"
PASSWORD = "een-lang-wachtwoord"


@functools.cache
def accounts() -> dict:
    """One password account per role, named after the role; imported data needs a signed-in user."""
    password_hash = access.hash_password(PASSWORD)
    return {
        "toegang": {
            "gebruikers": {
                role.value: {"naam": f"Test {role.label}", "rol": role.value, "wachtwoord_hash": password_hash}
                for role in Role
            }
        }
    }


def sign_in(app: AppTest, username: str) -> None:
    app.text_input(key="_vs_username").input(username)
    app.text_input(key="_vs_password").input(PASSWORD)
    [submit] = [item for item in app.button if item.label == "Aanmelden"]
    submit.click()
    app.run()


def open_gegevens(role: Role) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.secrets.update(accounts())
    app.run()
    sign_in(app, role.value)
    assert not app.exception, [item.value for item in app.exception]
    app.switch_page(PAGE).run()
    assert not app.exception, [item.value for item in app.exception]
    return app


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    return app


FIELD_NAMES = {
    label: field for field, label in [*import_sections.BATCH_HEADERS.items(), *import_sections.QUALITY_HEADERS.items()]
}


def frame_of(app: AppTest, first_column: str):
    """The one table whose first column is ``first_column`` (a field name), with its Dutch headers mapped back."""
    frames = [item.value.rename(columns=FIELD_NAMES) for item in app.dataframe]
    matches = [frame for frame in frames if list(frame.columns)[:1] == [first_column]]
    assert len(matches) == 1, [list(frame.columns) for frame in frames]
    return matches[0]


def has_demo_notice(app: AppTest) -> bool:
    return any(warning.body.startswith("**Demodata**") for warning in app.warning)


def test_programme_manager_sees_kinds_imports_quality_and_own_data(store_copy):
    app = open_gegevens(Role.PROGRAMMAMANAGER)

    assert [title.value for title in app.title] == ["Gegevens"]
    kinds = [box for box in app.selectbox if box.label == "Soort gegevens"]
    assert len(kinds) == 1
    assert kinds[0].options == [kind.label for kind in DataKind]
    assert len(kinds[0].options) == 12
    assert [uploader.label for uploader in app.file_uploader] == ["Bestand (CSV of XLSX)"]

    batches = frame_of(app, "id")
    assert len(batches) == len(DataKind) == sql(store_copy, "SELECT count(*) FROM import_batch")
    assert set(batches["bestand"]) == {"demodata"}
    assert not [box for box in app.selectbox if box.label == "Import ongedaan maken"], "demo imports cannot be undone"
    assert set(batches["ongedaan"]) == {""}

    quality = frame_of(app, "tabel")
    assert len(quality) == len(TABLES) == 13
    assert list(app.dataframe[0].value.columns)[:3] == ["Import", "Soort", "Bestand"]
    assert set(batches["soort"]) <= {kind.label for kind in DataKind}

    headers = [header.value for header in app.subheader]
    assert headers == ["Inlezen", "Importen", "Kwaliteit van de gegevens", "Start met eigen gegevens"]
    assert app.checkbox(key="own_data_sure").value is False
    button = [item for item in app.button if item.label == "Start met eigen gegevens"]
    assert len(button) == 1 and button[0].disabled
    assert has_demo_notice(app)


@pytest.mark.parametrize("role", [Role.VIOS, Role.RAAD])
def test_other_roles_get_no_access(store_copy, role):
    app = open_gegevens(role)
    assert any(error.value.startswith("Geen toegang") for error in app.error), [e.value for e in app.error]
    assert len(app.dataframe) == 0
    assert len(app.file_uploader) == 0
    assert not [title for title in app.title if title.value == "Gegevens"]


def store_folder(url: str) -> Path:
    """The folder of a SQLite store file."""
    return Path(make_url(url).database).parent


def test_upload_preview_and_commit_add_one_batch(store_copy, engine_kind, served_runs):
    reports_before = sql(store_copy, "SELECT count(*) FROM report")
    app = open_gegevens(Role.PROGRAMMAMANAGER)
    app.file_uploader[0].set_value(("export.csv", csv_bytes(), "text/csv"))
    run(app)

    values = {item.label: item.value for item in app.metric}
    assert values == {"Rijen gelezen": "3", "Nieuw": "3", "Al aanwezig": "0", "Afgekeurd": "0"}
    assert sql(store_copy, "SELECT count(*) FROM report") == reports_before, "a preview writes nothing"

    [confirm] = [item for item in app.button if item.label == "3 rijen inlezen"]
    confirm.click()
    run(app)

    assert sql(store_copy, "SELECT count(*) FROM report") == reports_before + 3
    assert sql(store_copy, "SELECT count(*) FROM import_batch") == len(DataKind) + 1
    batch_id = sql(store_copy, "SELECT max(id) FROM import_batch")
    assert sql(store_copy, "SELECT file_name FROM import_batch WHERE id=?", batch_id) == "export.csv"
    assert sql(store_copy, "SELECT imported_by FROM import_batch WHERE id=?", batch_id) == "programmamanager"
    assert [item.value for item in app.success] == [f"Ingelezen als import {batch_id}: 3 rijen toegevoegd."]
    assert len(app.metric) == 0, "the uploader is emptied after the import"
    batches = frame_of(app, "id")
    assert batches.iloc[0]["bestand"] == "export.csv"
    if engine_kind == "sqlite":
        assert (store_folder(store_copy) / "backups").is_dir(), "a SQLite store is backed up before the import"


def test_a_connection_lost_while_committing_says_so_and_stores_nothing(store_copy, served_runs, monkeypatch):
    reports_before = sql(store_copy, "SELECT count(*) FROM report")
    app = open_gegevens(Role.PROGRAMMAMANAGER)
    app.file_uploader[0].set_value(("export.csv", csv_bytes(), "text/csv"))
    run(app)

    def lose_the_connection(*_arguments, **_options):
        raise OperationalError("COMMIT", None, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(importing, "commit", lose_the_connection)
    [confirm] = [item for item in app.button if item.label == "3 rijen inlezen"]
    confirm.click()
    run(app)

    [error] = app.error
    assert "viel weg" in error.value and "niets opgeslagen" in error.value
    assert not app.success
    assert sql(store_copy, "SELECT count(*) FROM report") == reports_before


def test_start_with_own_data_keeps_only_the_plan(store_copy, engine_kind, served_runs, tmp_path, monkeypatch):
    # A PostgreSQL store's demo is kept as a SQLite file in the data folder; a SQLite store's beside it.
    monkeypatch.setattr(importing, "DATA_DIR", tmp_path)
    version_before = db.data_version(db.get_engine(store_copy))
    app = open_gegevens(Role.PROGRAMMAMANAGER)
    assert has_demo_notice(app)
    app.checkbox(key="own_data_sure").check()
    run(app)
    [button] = [item for item in app.button if item.label == "Start met eigen gegevens"]
    assert not button.disabled
    button.click()
    run(app)

    assert sql(store_copy, "SELECT count(*) FROM report") == 0
    assert sql(store_copy, "SELECT count(*) FROM school") == 0
    assert sql(store_copy, "SELECT count(*) FROM budget_line") == 15
    assert sql(store_copy, 'SELECT count(*) FROM "grant"') == 8
    assert sql(store_copy, "SELECT count(*) FROM programme") == 5
    if engine_kind == "sqlite":
        store = Path(make_url(store_copy).database)
        copies = list(store.parent.glob(f"{store.stem}-demo-*.sqlite"))
    else:
        copies = list(tmp_path.glob(f"{make_url(store_copy).database}-demo-*.sqlite"))
    assert len(copies) == 1
    assert sql(copies[0], "SELECT count(*) FROM report") > 100
    assert db.data_version(db.get_engine(store_copy)) > version_before, "other servers notice at their next rerun"
    assert any("De demodata staat bewaard in" in item.value for item in app.success)
    assert not has_demo_notice(app)
    assert "Start met eigen gegevens" not in [header.value for header in app.subheader]


def test_the_page_still_renders_after_an_undo(store_copy):
    engine = db.get_engine(str(store_copy))
    with db.read_session(engine) as session:
        result = importing.preview(session, DataKind.MELDINGEN, csv_bytes(), "export.csv", TODAY, CityProfile())
    batch = importing.commit(engine, result, imported_by="test")
    assert importing.undo(engine, batch.id) == 3

    app = open_gegevens(Role.PROGRAMMAMANAGER)
    batches = frame_of(app, "id")
    assert batches.iloc[0]["ongedaan"] != ""
    assert set(batches.iloc[1:]["ongedaan"]) == {""}


def test_undo_on_the_page_removes_the_batch(store_copy, served_runs):
    engine = db.get_engine(str(store_copy))
    reports_before = sql(store_copy, "SELECT count(*) FROM report")
    with db.read_session(engine) as session:
        result = importing.preview(session, DataKind.MELDINGEN, csv_bytes(), "export.csv", TODAY, CityProfile())
    batch = importing.commit(engine, result, imported_by="test")

    app = open_gegevens(Role.PROGRAMMAMANAGER)
    [choice] = [item for item in app.selectbox if item.label == "Import ongedaan maken"]
    assert choice.value == batch.id
    [button] = [item for item in app.button if item.label == "Ongedaan maken"]
    assert button.disabled
    app.checkbox(key="undo_sure").check()
    run(app)
    [button] = [item for item in app.button if item.label == "Ongedaan maken"]
    button.click()
    run(app)

    assert sql(store_copy, "SELECT count(*) FROM report") == reports_before
    assert sql(store_copy, "SELECT undone_at IS NOT NULL FROM import_batch WHERE id=?", batch.id) == 1
    assert [item.value for item in app.success] == [f"Import {batch.id} ongedaan gemaakt: 3 rijen verwijderd."]
    assert not app.exception


def test_without_sign_in_the_page_warns_that_own_data_needs_it(store_copy):
    """In demo mode the programme manager is told to set up sign-in before importing own data."""
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.session_state["role"] = Role.PROGRAMMAMANAGER.value
    app.run()
    app.switch_page(PAGE).run()
    assert any("geen aanmelding ingesteld" in warning.value for warning in app.warning)
    signed_in = open_gegevens(Role.PROGRAMMAMANAGER)
    assert not any("geen aanmelding ingesteld" in warning.value for warning in signed_in.warning)


def test_own_data_without_sign_in_shows_no_data(store_copy):
    """After real data enters a store in demo mode, the app stops showing data until sign-in is set up."""
    engine = db.get_engine(str(store_copy))
    with db.read_session(engine) as session:
        result = importing.preview(session, DataKind.MELDINGEN, csv_bytes(), "export.csv", TODAY, CityProfile())
    importing.commit(engine, result, imported_by="test")
    app = AppTest.from_file(ENTRY, default_timeout=60)
    app.session_state["role"] = Role.PROGRAMMAMANAGER.value
    app.run()
    assert any("geen aanmelding ingesteld" in error.value for error in app.error)
    assert len(app.metric) == len(app.dataframe) == len(app.selectbox) == 0
