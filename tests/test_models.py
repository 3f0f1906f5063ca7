"""Store constraints, UTC moments, derived report columns, the data version and bulk inserts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import h3
import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, select

from tests.report_helpers import sql
from vsdata import db, models
from vsdata.models import (
    BudgetLine,
    Category,
    DataKind,
    Expense,
    ExpenseStatus,
    ImportBatch,
    LocationType,
    Programme,
    Report,
    School,
    SchoolSession,
    SchoolType,
    SessionStatus,
    TargetGroup,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STATION = (51.808, 4.668)


def as_stored_on_sqlite(value):
    """PostgreSQL's naive moments and dates in the text SQLite keeps them as; anything else as it is."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value


def fetch(engine, query: str, *params) -> list[tuple]:
    """Rows straight from the driver, moments and dates written the same way on either engine."""
    return [tuple(as_stored_on_sqlite(value) for value in row) for row in sql(engine, query, *params)]


def count_rows(engine, table: str) -> int:
    return fetch(engine, f'SELECT COUNT(*) FROM "{table}"')[0][0]


def report(external_id: str = "R-1", **overrides) -> Report:
    values = dict(
        external_id=external_id,
        received_at=datetime(2026, 5, 1, 12, 0, tzinfo=UTC),
        occurred_at=datetime(2026, 5, 1, 11, 0, tzinfo=UTC),
        latitude=STATION[0],
        longitude=STATION[1],
        wijk="Binnenstad",
        location_type=LocationType.STRAAT,
        category=Category.NASTAREN,
        target_group=TargetGroup.VROUW,
    )
    values.update(overrides)
    return Report(**values)


def expense(reference: str = "F-1", **overrides) -> Expense:
    values = dict(
        expense_date=date(2026, 3, 1),
        amount_cents=10_000,
        description="Posters",
        reference=reference,
        status=ExpenseStatus.BETAALD,
    )
    values.update(overrides)
    return Expense(**values)


def school(name: str = "Testschool", **overrides) -> School:
    values = dict(
        name=name,
        school_type=SchoolType.VMBO,
        address="Straat 1, Dordrecht",
        latitude=51.80,
        longitude=4.68,
    )
    values.update(overrides)
    return School(**values)


def batch(**overrides) -> ImportBatch:
    values = dict(kind=DataKind.MELDINGEN, file_name="test.csv", imported_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    values.update(overrides)
    return ImportBatch(**values)


def add_and_commit(engine, *rows) -> None:
    with Session(engine) as session:
        session.add_all(rows)
        session.commit()


RAW_REPORT_SQL = text(
    """
    INSERT INTO report (
        external_id, received_at, occurred_at, latitude, longitude, wijk, location_type, category,
        target_group, age_band, aftercare_asked, aftercare_given, source, is_demo,
        local_date, local_week, local_month, local_hour, local_weekday, h3_r7, h3_r8, h3_r9
    ) VALUES (
        :external_id, '2026-05-01 12:00:00.000000', '2026-05-01 11:00:00.000000', :latitude, 4.668,
        'Binnenstad', 'straat', :category, 'vrouw', 'onbekend', FALSE, FALSE, 'test', FALSE,
        '2026-05-01', '2026-04-27', '2026-05-01', 13, 4, 'a', 'b', 'c'
    )
    """
)


def raw_report(engine, external_id: str, *, category: str = "nastaren", latitude: float = 51.808) -> None:
    with engine.begin() as connection:
        connection.execute(RAW_REPORT_SQL, dict(external_id=external_id, category=category, latitude=latitude))


# ---------------------------------------------------------------- constraints


def test_report_external_id_is_unique(empty_engine):
    add_and_commit(empty_engine, report("R-1"))
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, report("R-1", wijk="Reeland"))
    assert count_rows(empty_engine, "report") == 1


def test_expense_reference_is_unique(empty_engine):
    add_and_commit(empty_engine, expense("F-1"))
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, expense("F-1", amount_cents=5))
    assert count_rows(empty_engine, "expense") == 1


@pytest.mark.parametrize("latitude", [90.5, -91.0])
def test_report_latitude_out_of_range_is_rejected(empty_engine, latitude):
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, report(latitude=latitude))
    assert count_rows(empty_engine, "report") == 0


def test_report_longitude_out_of_range_is_rejected(empty_engine):
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, report(longitude=181.0))


def test_school_latitude_out_of_range_is_rejected(empty_engine):
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, school(latitude=123.0))


def test_raw_report_latitude_out_of_range_is_rejected(empty_engine):
    raw_report(empty_engine, "RAW-1")
    with pytest.raises(IntegrityError):
        raw_report(empty_engine, "RAW-2", latitude=91.0)
    assert count_rows(empty_engine, "report") == 1


def test_negative_expense_amount_is_rejected(empty_engine):
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, expense(amount_cents=-1))
    add_and_commit(empty_engine, expense(amount_cents=0))
    assert count_rows(empty_engine, "expense") == 1


def test_database_rejects_an_unknown_category(empty_engine):
    raw_report(empty_engine, "RAW-1", category="nafluiten")
    with pytest.raises(IntegrityError):
        raw_report(empty_engine, "RAW-2", category="xyz")
    assert fetch(empty_engine, "SELECT external_id, category FROM report") == [("RAW-1", "nafluiten")]


def test_enum_column_stores_the_dutch_value(empty_engine):
    add_and_commit(empty_engine, report(location_type=LocationType.OV_HALTE, category=Category.BETASTEN))
    rows = fetch(empty_engine, "SELECT location_type, category, target_group, age_band FROM report")
    assert rows == [("OV/halte", "betasten/fysiek", "vrouw", "onbekend")]


def test_orm_rejects_an_unknown_enum_string(empty_engine):
    with pytest.raises(StatementError):
        add_and_commit(empty_engine, report(category="xyz"))
    assert count_rows(empty_engine, "report") == 0


def test_foreign_keys_are_enforced(empty_engine):
    programme = Programme(name="Queenbees")
    add_and_commit(empty_engine, programme)
    session_row = SchoolSession(
        school_id=999,
        programme_id=1,
        session_date=date(2026, 10, 1),
        school_year="2026/27",
        year_group=2,
        classes="2A",
        theme="weerbaarheid",
        status=SessionStatus.UITGEVOERD,
    )
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, session_row)
    assert count_rows(empty_engine, "school_session") == 0


def test_expense_with_unknown_budget_line_is_rejected(empty_engine):
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, expense(budget_line_id=42))


def test_aftercare_given_needs_aftercare_asked(empty_engine):
    with pytest.raises(IntegrityError):
        add_and_commit(empty_engine, report(aftercare_asked=False, aftercare_given=True))


# ---------------------------------------------------------------- moments


def test_naive_datetime_is_rejected_on_write(empty_engine):
    with pytest.raises((ValueError, StatementError), match="tijdzone"):
        add_and_commit(empty_engine, batch(imported_at=datetime(2026, 11, 1, 9, 0)))
    assert count_rows(empty_engine, "import_batch") == 0


def test_naive_occurred_at_is_rejected_on_write(empty_engine):
    with pytest.raises((ValueError, StatementError), match="tijdzone"):
        add_and_commit(empty_engine, report(occurred_at=datetime(2026, 5, 1, 11, 0)))
    assert count_rows(empty_engine, "report") == 0


def test_aware_datetimes_come_back_in_utc(empty_engine):
    local = datetime(2026, 3, 29, 3, 30, tzinfo=AMSTERDAM)
    add_and_commit(empty_engine, batch(imported_at=local, undone_at=datetime(2026, 11, 2, 23, 45, tzinfo=AMSTERDAM)))
    assert fetch(empty_engine, "SELECT imported_at, undone_at FROM import_batch") == [
        ("2026-03-29 01:30:00.000000", "2026-11-02 22:45:00.000000")
    ]
    with Session(empty_engine) as session:
        stored = session.exec(select(ImportBatch)).one()
    assert stored.imported_at.utcoffset() == timedelta(0)
    assert stored.imported_at == local
    assert stored.imported_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert stored.undone_at == datetime(2026, 11, 2, 22, 45, tzinfo=UTC)


# ---------------------------------------------------------------- derived report columns

DERIVED_CASES = [
    # occurred_at (UTC), local_date, local_week (Monday), local_month, local_hour, local_weekday
    ("2026-03-29 01:30", "2026-03-29", "2026-03-23", "2026-03-01", 3, 6),
    ("2026-03-29 00:30", "2026-03-29", "2026-03-23", "2026-03-01", 1, 6),
    ("2026-10-25 01:30", "2026-10-25", "2026-10-19", "2026-10-01", 2, 6),
    ("2026-11-27 23:30", "2026-11-28", "2026-11-23", "2026-11-01", 0, 5),
    ("2026-06-30 22:30", "2026-07-01", "2026-06-29", "2026-07-01", 0, 2),
    ("2026-12-31 23:15", "2027-01-01", "2026-12-28", "2027-01-01", 0, 4),
    ("2026-11-27 11:00", "2026-11-27", "2026-11-23", "2026-11-01", 12, 4),
]
DERIVED_IDS = ["dst-start", "before-dst-start", "dst-end", "late-evening-next-day", "next-month", "next-year", "midday"]


@pytest.mark.parametrize("case", DERIVED_CASES, ids=DERIVED_IDS)
def test_derived_columns_of_an_orm_report(empty_engine, case):
    occurred_utc, *expected = case
    occurred_at = datetime.fromisoformat(occurred_utc).replace(tzinfo=UTC)
    add_and_commit(empty_engine, report(occurred_at=occurred_at, received_at=occurred_at + timedelta(hours=1)))
    rows = fetch(empty_engine, "SELECT local_date, local_week, local_month, local_hour, local_weekday FROM report")
    assert rows == [tuple(expected)]


def test_h3_cells_are_nested(empty_engine):
    latitude, longitude = 51.81234, 4.66789
    add_and_commit(empty_engine, report(latitude=latitude, longitude=longitude))
    ((r7, r8, r9),) = fetch(empty_engine, "SELECT h3_r7, h3_r8, h3_r9 FROM report")
    assert r9 == h3.latlng_to_cell(latitude, longitude, 9)
    assert [h3.get_resolution(cell) for cell in (r7, r8, r9)] == [7, 8, 9]
    assert h3.cell_to_parent(r9, 8) == r8
    assert h3.cell_to_parent(r8, 7) == r7
    assert h3.cell_to_parent(r9, 7) == r7


def test_derived_columns_follow_an_update(empty_engine):
    add_and_commit(empty_engine, report())
    with Session(empty_engine) as session:
        stored = session.exec(select(Report)).one()
        stored.occurred_at = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
        stored.latitude, stored.longitude = 51.790, 4.672
        session.commit()
    ((local_date, hour, r9),) = fetch(empty_engine, "SELECT local_date, local_hour, h3_r9 FROM report")
    assert (local_date, hour) == ("2026-11-28", 0)
    assert r9 == h3.latlng_to_cell(51.790, 4.672, 9)


def test_derive_report_columns_needs_a_time_zone():
    with pytest.raises(ValueError):
        models.derive_report_columns([51.8], [4.6], [datetime(2026, 1, 1, 12, 0)])


# ---------------------------------------------------------------- data version


def test_write_session_bumps_the_data_version_once_per_transaction(empty_engine):
    start = db.data_version(empty_engine)
    assert start == 1
    with db.write_session(empty_engine) as session:
        session.add(batch(file_name="a.csv"))
        session.add(batch(file_name="b.csv"))
        session.add(expense("F-1"))
    assert db.data_version(empty_engine) == start + 1
    with db.write_session(empty_engine) as session:
        session.add(expense("F-2"))
    assert db.data_version(empty_engine) == start + 2
    assert fetch(empty_engine, "SELECT value FROM store_meta WHERE key = 'data_version'") == [(str(start + 2),)]


@pytest.mark.parametrize("flush_first", [False, True])
def test_failed_write_session_changes_nothing(empty_engine, flush_first):
    with db.write_session(empty_engine) as session:
        session.add(expense("F-1"))
    before = db.data_version(empty_engine)
    with pytest.raises(RuntimeError, match="stop"), db.write_session(empty_engine) as session:
        session.add(expense("F-2"))
        session.add(BudgetLine(year=2026, topic="Communicatie", planned_cents=100))
        if flush_first:
            session.flush()
        raise RuntimeError("stop")
    assert db.data_version(empty_engine) == before
    assert fetch(empty_engine, "SELECT reference FROM expense") == [("F-1",)]
    assert count_rows(empty_engine, "budget_line") == 0


def test_write_session_that_violates_a_constraint_changes_nothing(empty_engine):
    before = db.data_version(empty_engine)
    with pytest.raises(IntegrityError), db.write_session(empty_engine) as session:
        session.add(expense("F-1"))
        session.add(expense("F-2", amount_cents=-5))
    assert db.data_version(empty_engine) == before
    assert count_rows(empty_engine, "expense") == 0


# ---------------------------------------------------------------- bulk insert

BULK_ROWS = [
    dict(
        external_id="B-1",
        received_at=datetime(2026, 3, 29, 2, 0, tzinfo=UTC),
        occurred_at=datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        latitude=51.808123,
        longitude=4.668456,
        wijk="Binnenstad",
        location_type=LocationType.OV_HALTE.value,
        category=Category.NASTAREN.value,
        target_group=TargetGroup.VROUW.value,
        age_band="18-24",
        aftercare_asked=True,
        aftercare_given=True,
        source="Stop Intimidatie app",
        is_demo=False,
    ),
    dict(
        external_id="B-2",
        received_at=datetime(2026, 11, 28, 8, 15, 30, 250_000, tzinfo=AMSTERDAM),
        occurred_at=datetime(2026, 11, 28, 0, 30, tzinfo=AMSTERDAM),
        latitude=51.790,
        longitude=4.672,
        wijk="Zuidhoven",
        location_type=LocationType.STRAAT.value,
        category=Category.IN_HET_NAUW_DRIJVEN.value,
        target_group=TargetGroup.LHBTI.value,
        age_band="onbekend",
        aftercare_asked=True,
        aftercare_given=False,
        source="import",
        is_demo=True,
    ),
    dict(
        external_id="B-3",
        received_at=datetime(2024, 7, 1, 10, 0, tzinfo=UTC),
        occurred_at=datetime(2024, 6, 30, 22, 5, tzinfo=UTC),
        latitude=51.786,
        longitude=4.692,
        wijk="Sterrenburg",
        location_type=LocationType.WINKELGEBIED.value,
        category=Category.ANDERS.value,
        target_group=TargetGroup.MEISJE.value,
        age_band="<18",
        aftercare_asked=False,
        aftercare_given=False,
        source="Stop Intimidatie app",
        is_demo=False,
    ),
]


def report_rows_without_id(engine) -> list[tuple]:
    """Every report's stored values as the driver returns them, and the type each value is stored as."""
    columns = [column.name for column in Report.__table__.columns if column.name != "id"]
    names = ", ".join(f'"{name}"' for name in columns)
    type_of = "typeof({})" if engine.dialect.name == "sqlite" else "pg_typeof({})::text"
    typed = ", ".join(type_of.format(f'"{name}"') for name in columns)
    return sql(engine, f"SELECT {names}, {typed} FROM report ORDER BY external_id")


def report_index_names(engine) -> set[str]:
    if engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'report'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE tablename = 'report'"
    return {name for (name,) in sql(engine, query)}


@pytest.fixture
def second_empty_engine(stores):
    url = stores.new(schema=True)
    yield db.get_engine(url)
    if stores.server is not None:
        stores.server.drop(url)


def test_bulk_insert_stores_what_the_orm_stores(empty_engine, second_empty_engine):
    frame = pd.DataFrame([dict(row) for row in BULK_ROWS])
    for name in ("received_at", "occurred_at"):
        frame[name] = pd.to_datetime(frame[name], utc=True)
    derived = models.derive_report_columns(frame["latitude"], frame["longitude"], frame["occurred_at"])
    for name, values in derived.items():
        frame[name] = values
    indexes_before = report_index_names(empty_engine)
    with db.write_session(empty_engine) as session:
        db.bulk_insert(session, Report.__table__, frame)
    add_and_commit(second_empty_engine, *(Report(**row) for row in BULK_ROWS))

    bulk_rows = report_rows_without_id(empty_engine)
    assert len(bulk_rows) == len(BULK_ROWS)
    assert bulk_rows == report_rows_without_id(second_empty_engine)
    assert report_index_names(empty_engine) == indexes_before == report_index_names(second_empty_engine)

    with Session(empty_engine) as session:
        stored = {row.external_id: row for row in session.exec(select(Report))}
    for row in BULK_ROWS:
        assert stored[row["external_id"]].occurred_at == row["occurred_at"]
        assert stored[row["external_id"]].received_at == row["received_at"]
    assert stored["B-2"].local_date == date(2026, 11, 28)
    assert stored["B-3"].local_month == date(2024, 7, 1)


def test_bulk_insert_bumps_the_version_once_and_skips_an_empty_frame(empty_engine):
    before = db.data_version(empty_engine)
    with db.write_session(empty_engine) as session:
        db.bulk_insert(session, Report.__table__, pd.DataFrame())
    assert db.data_version(empty_engine) == before + 1
    assert count_rows(empty_engine, "report") == 0


def test_derive_report_columns_accepts_moments_with_different_offsets():
    moments = [datetime.fromisoformat("2026-01-15T23:30:00+01:00"), datetime.fromisoformat("2026-07-15T23:30:00+02:00")]
    columns = models.derive_report_columns([51.8, 51.8], [4.67, 4.67], moments)
    assert columns["local_date"].tolist() == [date(2026, 1, 15), date(2026, 7, 15)]
    assert columns["local_hour"].tolist() == [23, 23]


def bulk_frame(moments: list[datetime]) -> pd.DataFrame:
    """Report rows for bulk_insert whose moment columns hold ``moments`` exactly as given."""
    rows = [dict(BULK_ROWS[index % len(BULK_ROWS)], external_id=f"M-{index}") for index in range(len(moments))]
    frame = pd.DataFrame(rows)
    frame["occurred_at"] = pd.Series(moments, dtype=object)
    frame["received_at"] = pd.Series(moments, dtype=object)
    derived = models.derive_report_columns(
        frame["latitude"], frame["longitude"], pd.to_datetime([m.isoformat() for m in moments], utc=True)
    )
    for name, values in derived.items():
        frame[name] = values
    return frame


def test_bulk_insert_keeps_the_time_of_aware_moments_with_mixed_offsets(empty_engine):
    moments = [
        datetime(2026, 1, 15, 23, 30, tzinfo=AMSTERDAM),
        datetime(2026, 7, 15, 12, 5, tzinfo=UTC),
    ]
    with db.write_session(empty_engine) as session:
        db.bulk_insert(session, Report.__table__, bulk_frame(moments))
    assert fetch(empty_engine, "SELECT occurred_at FROM report ORDER BY external_id") == [
        ("2026-01-15 22:30:00.000000",),
        ("2026-07-15 12:05:00.000000",),
    ]


def test_bulk_insert_rejects_naive_moments(empty_engine):
    frame = bulk_frame([datetime(2026, 5, 1, 11, 0, tzinfo=UTC)])
    frame["occurred_at"] = pd.Series([pd.Timestamp("2026-05-01 11:00")])
    frame["received_at"] = pd.Series([pd.Timestamp("2026-05-01 12:00")])
    with pytest.raises((ValueError, TypeError, StatementError)), db.write_session(empty_engine) as session:
        db.bulk_insert(session, Report.__table__, frame)
    assert count_rows(empty_engine, "report") == 0


def test_bulk_insert_stores_missing_moments_as_null(empty_engine):
    frame = pd.DataFrame(
        {
            "kind": ["meldingen", "meldingen"],
            "file_name": ["a.csv", "b.csv"],
            "checksum": ["", ""],
            "imported_by": ["", ""],
            "imported_at": pd.to_datetime(["2026-11-01 09:00", "2026-11-02 09:00"]).tz_localize(UTC),
            "rows_read": [1, 2],
            "rows_added": [1, 2],
            "rows_skipped": [0, 0],
            "rows_rejected": [0, 0],
            "is_demo": [False, False],
            "undone_at": pd.to_datetime(["2026-11-03 10:00", None]).tz_localize(UTC),
        }
    )
    with db.write_session(empty_engine) as session:
        db.bulk_insert(session, ImportBatch.__table__, frame)
    assert fetch(empty_engine, "SELECT file_name, undone_at FROM import_batch ORDER BY file_name") == [
        ("a.csv", "2026-11-03 10:00:00.000000"),
        ("b.csv", None),
    ]
