"""Property-based: whatever happens to a valid file, the import fails cleanly or imports whole rows only."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vsdata import db, demo, importing
from vsdata.models import DataKind
from vsdata.settings import CityProfile

TODAY = date(2026, 11, 27)
CITY = CityProfile()
VALID = importing.template_csv(DataKind.MELDINGEN).decode("utf-8-sig").splitlines()
ROWS = [VALID[0]] + [
    VALID[1].replace("SI-2026-000123", f"SI-{number}").replace("51,8121", f"51,81{number % 10}")
    for number in range(1, 6)
]
GOOD = ("\n".join(ROWS) + "\n").encode("utf-8-sig")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    engine = db.get_engine(str(tmp_path_factory.mktemp("prop") / "store.sqlite"))
    db.create_schema(engine)
    with db.write_session(engine) as session:
        demo.add_plan(session, CITY)
    return engine


def counts(engine) -> tuple[int, int]:
    path = engine.url.database
    with sqlite3.connect(path) as connection:
        return (
            connection.execute("SELECT count(*) FROM report").fetchone()[0],
            connection.execute("SELECT count(*) FROM import_batch").fetchone()[0],
        )


corruption = st.one_of(
    st.tuples(st.just("cut"), st.integers(min_value=0, max_value=len(GOOD))),
    st.tuples(st.just("flip"), st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), max_size=8)),
    st.tuples(st.just("insert"), st.tuples(st.integers(0, len(GOOD)), st.binary(max_size=40))),
    st.tuples(st.just("text"), st.text(max_size=300)),
)


def corrupt(kind_and_change) -> bytes:
    kind, change = kind_and_change
    data = bytearray(GOOD)
    if kind == "cut":
        return bytes(data[:change])
    if kind == "flip":
        for position, value in change:
            data[position] = value
        return bytes(data)
    if kind == "insert":
        position, extra = change
        return bytes(data[:position]) + extra + bytes(data[position:])
    return change.encode("utf-8", "surrogatepass") if isinstance(change, str) else bytes(change)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corruption)
def test_a_corrupted_file_fails_cleanly_or_imports_whole_rows(store, change):
    data = corrupt(change)
    before_reports, before_batches = counts(store)
    try:
        with db.read_session(store) as session:
            preview = importing.preview(session, DataKind.MELDINGEN, data, "export.csv", TODAY, CITY)
    except importing.FileProblem as problem:
        assert str(problem).startswith("export.csv")
        assert counts(store) == (before_reports, before_batches)
        return
    for error in preview.rejected:
        assert error.file == "export.csv" and error.row >= 2 and error.reason
    batch = importing.commit(store, preview)
    after_reports, after_batches = counts(store)
    assert after_batches == before_batches + 1
    assert after_reports == before_reports + len(preview.new) == before_reports + batch.rows_added
    importing.undo(store, batch.id)
    assert counts(store)[0] == before_reports
