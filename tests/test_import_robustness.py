"""Importing under stress: a process killed mid-import, huge garbage files, disguised files, hostile text."""

from __future__ import annotations

import csv
import io
import random
import string
import subprocess
import sys
import textwrap
import zipfile
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.conftest import PROJECT_ROOT, TODAY
from tests.export_rows import csv_bytes
from tests.report_helpers import sql
from vsdata import db, importing
from vsdata.importing import FileProblem
from vsdata.models import Category, DataKind, LocationType, TargetGroup
from vsdata.settings import CityProfile

CITY = CityProfile()
MB = 1024 * 1024


def report_export(count: int, seed: int = 11) -> bytes:
    """`count` valid reports in 2026, as the app exports them (semicolons, decimal commas)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1)
    rows = []
    for number in range(count):
        occurred = start + timedelta(minutes=rng.randrange(0, 320 * 24 * 60))
        received = occurred + timedelta(minutes=rng.randrange(1, 600))
        rows.append(
            [
                f"STRESS-{number:06d}",
                received.strftime("%d-%m-%Y %H:%M"),
                occurred.strftime("%d-%m-%Y %H:%M"),
                f"{rng.uniform(51.795, 51.812):.4f}".replace(".", ","),
                f"{rng.uniform(4.66, 4.70):.4f}".replace(".", ","),
                "Binnenstad",
                rng.choice(list(LocationType)).value,
                rng.choice(list(Category)).value,
                rng.choice(list(TargetGroup)).value,
                "",
                "nee",
                "nee",
            ]
        )
    return csv_bytes(rows)


# ---------------------------------------------------------------- a process killed mid-import

_DIE_INSIDE_COMMIT = textwrap.dedent(
    """
    import os, sys
    from datetime import date
    from pathlib import Path
    from vsdata import db, importing
    from vsdata.models import DataKind
    from vsdata.settings import CityProfile

    store, export = sys.argv[1], Path(sys.argv[2])
    engine = db.get_engine(store)
    with db.read_session(engine) as session:
        preview = importing.preview(
            session, DataKind.MELDINGEN, export.read_bytes(), export.name, date(2026, 11, 27), CityProfile()
        )
    print("new", len(preview.new), flush=True)
    original = db.bulk_insert

    def insert_then_die(session, table, frame):
        original(session, table, frame)
        inside = session.connection().exec_driver_sql("SELECT count(*) FROM report").scalar()
        print("inside", inside, flush=True)
        os._exit(9)

    db.bulk_insert = insert_then_die
    importing.commit(engine, preview, imported_by="test")
    print("committed", flush=True)
    """
)


def _store_state(store: str) -> tuple[int, int, int, list[str]]:
    engine = db.get_engine(store)
    if engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='report'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE tablename = 'report'"
    return (
        sql(engine, "SELECT count(*) FROM report")[0][0],
        sql(engine, "SELECT count(*) FROM import_batch")[0][0],
        db.data_version(engine),
        sorted(name for (name,) in sql(engine, query)),
    )


@pytest.mark.parametrize("start", ["demo", "leeg"])
def test_a_process_killed_inside_the_commit_leaves_the_store_as_before(start, stores, demo_store, tmp_path):
    store = stores.copy(demo_store) if start == "demo" else stores.new(schema=True)
    export = tmp_path / "groot.csv"
    export.write_bytes(report_export(2_000))
    before = _store_state(store)
    assert before[3], "the report table has indexes"

    result = subprocess.run(
        [sys.executable, "-c", _DIE_INSIDE_COMMIT, store, str(export)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 9, result.stderr
    lines = result.stdout.split()
    assert lines[:2] == ["new", "2000"], result.stdout
    assert lines[2:4] == ["inside", str(before[0] + 2_000)], "the rows were written inside the transaction"
    assert "committed" not in result.stdout
    assert _store_state(store) == before
    if stores.kind == "sqlite":
        assert sql(store, "PRAGMA integrity_check") == [("ok",)]


# ---------------------------------------------------------------- huge and garbage files

# Printable characters, none of which is a CSV delimiter or quote.
_GARBAGE = (string.ascii_letters + string.digits + " .-_!?()/+*#%&<>=@[]{}~^$").encode()


def garbage(size: int, with_newlines: bool) -> bytes:
    """`size` random printable bytes without delimiters; optionally with a line break now and then."""
    alphabet = _GARBAGE
    table = bytes(alphabet[value % len(alphabet)] for value in range(256))
    if with_newlines:
        table = table[:255] + b"\n"
    return random.Random(5).randbytes(size).translate(table)


@pytest.mark.parametrize("with_newlines", [False, True], ids=["een-regel", "regels"])
def test_fifty_megabytes_of_garbage_is_refused_in_dutch(with_newlines, tmp_path, empty_engine):
    path = tmp_path / "rommel.csv"
    path.write_bytes(garbage(50 * MB, with_newlines))

    with pytest.raises(FileProblem) as caught, db.read_session(empty_engine) as session:
        importing.preview(session, DataKind.MELDINGEN, path.read_bytes(), path.name, TODAY, CITY)

    message = str(caught.value)
    assert message.startswith("rommel.csv: "), message
    assert any(word in message for word in ("niet goed opgebouwd", "één kolom", "ontbreken")), message
    assert len(message) < 2_000, "the message does not echo the garbage"
    assert sql(empty_engine, "SELECT count(*) FROM report") == [(0,)]


def test_a_file_over_sixty_megabytes_is_refused_for_its_size(tmp_path, empty_engine):
    path = tmp_path / "groot.csv"
    path.write_bytes(garbage(61 * MB, with_newlines=True))
    refused = pytest.raises(FileProblem, match=r"^groot\.csv: het bestand is groter dan 60 MB\.$")
    with refused, db.read_session(empty_engine) as session:
        importing.preview(session, DataKind.SCHOLEN, path.read_bytes(), path.name, TODAY, CITY)


# ---------------------------------------------------------------- disguised and empty files


def _zip_of_a_csv() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("export.csv", csv_bytes())
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("export.xlsx", b"PK\x03\x04" + csv_bytes(), "beschadigd"),
        ("export.xlsx", _zip_of_a_csv(), "beschadigd"),
        ("export.xlsx", csv_bytes(delimiter="\t"), "één kolom"),
        ("puntkomma.csv", b";;;;\r\n;;;;\r\n;;;;\r\n", "leeg"),
        ("komma.csv", b",,,,\n,,,,\n", "leeg"),
        ("gemengd.csv", b",;,;\n,;,;\n", "ontbreken"),
    ],
    ids=["xlsx-met-csv-na-PK", "zip-met-csv", "xlsx-is-tab-tekst", "puntkomma", "komma", "gemengd"],
)
@pytest.mark.parametrize("kind", [DataKind.MELDINGEN, DataKind.SCHOLEN, DataKind.PARTNERS])
def test_disguised_or_delimiter_only_files_are_a_file_problem(name, data, message, kind, empty_engine):
    with pytest.raises(FileProblem) as caught, db.read_session(empty_engine) as session:
        importing.preview(session, kind, data, name, TODAY, CITY)
    assert str(caught.value).startswith(f"{name}: ")
    assert message in str(caught.value)


def test_a_csv_renamed_to_xlsx_is_read_by_its_content_as_the_same_csv(empty_engine):
    """The file's content decides, not its name: a renamed valid CSV is read exactly as the CSV."""
    with db.read_session(empty_engine) as session:
        as_csv = importing.preview(session, DataKind.MELDINGEN, csv_bytes(), "export.csv", TODAY, CITY)
        as_xlsx = importing.preview(session, DataKind.MELDINGEN, csv_bytes(), "export.xlsx", TODAY, CITY)
    assert as_xlsx.rows_read == as_csv.rows_read == 3
    assert as_xlsx.new.equals(as_csv.new)
    assert as_xlsx.rejected == []


# ---------------------------------------------------------------- formulas and HTML stay text

HOSTILE = ["=1+1", "<b>x</b>", '=HYPERLINK("http://x","klik")', "<script>alert(1)</script>", "+31 6 12", "@SUM(A1)"]


def _cell(row: dict[str, str], name: str) -> str:
    """The example's value; coordinates with a decimal point, so that a comma-separated file stays valid."""
    value = row.get(name, "")
    return value.replace(",", ".") if name in ("latitude", "longitude") else value


def _kind_csv(kind: DataKind, changes: list[dict[str, str]], delimiter: str) -> bytes:
    spec = importing.KINDS[kind]
    header = [column.name for column in spec.columns]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for change in changes:
        row = {**spec.example, **change}
        writer.writerow([_cell(row, name) for name in header])
    return out.getvalue().encode()


@pytest.mark.parametrize("delimiter", [";", ","])
def test_formula_and_html_text_stays_text_for_schools(delimiter, empty_engine):
    changes = [{"naam": value, "adres": value, "brin": f"{index:02d}AB"} for index, value in enumerate(HOSTILE)]
    with db.read_session(empty_engine) as session:
        result = importing.preview(
            session, DataKind.SCHOLEN, _kind_csv(DataKind.SCHOLEN, changes, delimiter), "s.csv", TODAY, CITY
        )
    assert result.rejected == [] and len(result.new) == len(HOSTILE)
    importing.commit(empty_engine, result)
    stored = sql(empty_engine, "SELECT name, address FROM school ORDER BY brin")
    assert stored == [(value, value) for value in HOSTILE]


@pytest.mark.parametrize("delimiter", [";", ","])
def test_formula_and_html_text_stays_text_for_partner_meetings(delimiter, empty_engine):
    changes = [
        {"partner": value, "onderwerp": f"{index} {value}", "vervolg": value} for index, value in enumerate(HOSTILE)
    ]
    with db.read_session(empty_engine) as session:
        result = importing.preview(
            session, DataKind.PARTNERS, _kind_csv(DataKind.PARTNERS, changes, delimiter), "p.csv", TODAY, CITY
        )
    assert result.rejected == [] and len(result.new) == len(HOSTILE)
    importing.commit(empty_engine, result)
    stored = sql(empty_engine, "SELECT partner, topic, follow_up FROM partner_meeting ORDER BY id")
    assert stored == [(value, f"{index} {value}", value) for index, value in enumerate(HOSTILE)]


def test_two_columns_with_the_same_name_are_a_file_problem_naming_both():
    """'Wijk' and 'wijk ' normalise to one name: which one would be read is not for the importer to guess."""
    from tests.export_rows import HEADER, ROWS

    header = [*HEADER, "WIJK "]
    rows = [[*row, "Centrum"] for row in ROWS]
    with pytest.raises(FileProblem) as caught:
        importing.read_table(csv_bytes(rows, header), "dubbel.csv")
    assert str(caught.value) == (
        "dubbel.csv: de kolommen 'WIJK ', 'Wijk' hebben dezelfde naam; geef elke kolom een eigen naam."
    )


def test_columns_without_a_name_each_keep_their_own_place():
    """Excel's empty columns at the right have no name; two of them neither clash nor take a real column's place."""
    from tests.export_rows import HEADER, ROWS

    frame = importing.read_table(csv_bytes([[*row, "", ""] for row in ROWS], [*HEADER, "", ""]), "leeg.csv")
    assert len(frame.columns) == len(HEADER) + 2 == len(set(frame.columns))
    assert frame.attrs["headers"][frame.columns[-1]] == ""


def test_a_connection_the_server_drops_inside_the_commit_leaves_the_store_as_before(
    stores, demo_store, tmp_path, monkeypatch
):
    if stores.server is None:
        pytest.skip("een SQLite-opslag heeft geen server die de verbinding kan verbreken")
    store = stores.copy(demo_store)
    engine = db.get_engine(store)
    before = _store_state(store)
    with db.read_session(engine) as session:
        preview = importing.preview(session, DataKind.MELDINGEN, report_export(500), "weg.csv", TODAY, CITY)
    original = db.bulk_insert

    def insert_then_lose_the_connection(session, table, frame):
        original(session, table, frame)
        backend = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with stores.server.admin.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})

    monkeypatch.setattr(db, "bulk_insert", insert_then_lose_the_connection)
    with pytest.raises(OperationalError) as raised:
        importing.commit(engine, preview, imported_by="test")

    message = str(db.connection_problem(raised.value, store))
    assert "verbinding" in message and "niets opgeslagen" in message
    monkeypatch.undo()
    assert _store_state(store) == before
    assert importing.commit(engine, preview, imported_by="test").rows_added == 500
