"""Importing exports: formats, dates, row validation, bad files, the store, backups and the command line."""

from __future__ import annotations

import io
import random
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import h3
import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.conftest import TODAY
from tests.export_rows import COLUMN, HEADER, ROWS, csv_bytes
from tests.report_helpers import sql
from vsdata import db, import_kinds, importing
from vsdata.__main__ import main
from vsdata.importing import FileProblem, RowError
from vsdata.models import DataKind, ImportBatch, Report
from vsdata.settings import CityProfile

CITY = CityProfile()


def with_values(base, **changes):
    """A copy of a row with some cells changed, by header name (spaces as underscores)."""
    row = list(base)
    for name, value in changes.items():
        row[COLUMN[name.replace("_", " ")]] = value
    return row


def xlsx_bytes(rows=ROWS, sheet_title="Meldingen", first_sheet: str | None = None) -> bytes:
    """An XLSX with real number and date cells; optionally a different first sheet."""
    workbook = Workbook()
    if first_sheet:
        workbook.active.title = first_sheet
        workbook.active.append(["Toelichting", "Deze tab is geen export"])
        sheet = workbook.create_sheet(sheet_title)
    else:
        sheet = workbook.active
        sheet.title = sheet_title
    sheet.append(HEADER)
    for row in rows:
        cells: list[object] = list(row)
        for name in ("Ontvangen op", "Datum Voorval"):
            cells[COLUMN[name]] = datetime.strptime(row[COLUMN[name]], "%d-%m-%Y %H:%M")
        for name in ("Breedtegraad", "Lengtegraad"):
            cells[COLUMN[name]] = float(row[COLUMN[name]].replace(",", "."))
        sheet.append([None if cell == "" else cell for cell in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def preview(engine, data: bytes, name: str = "export.csv", sheet: str | None = None):
    with db.read_session(engine) as session:
        return importing.preview_reports(session, data, name, TODAY, CITY, sheet)


def count(engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def stored_reports(engine) -> list[Report]:
    with db.read_session(engine) as session:
        return list(session.scalars(select(Report).order_by(Report.external_id)))


def reasons(result) -> dict[int, RowError]:
    return {error.row: error for error in result.rejected}


# ---------------------------------------------------------------- formats


def test_every_format_gives_the_same_preview(empty_engine):
    reference = preview(empty_engine, csv_bytes(), "puntkomma.csv")
    assert reference.rows_read == 3 and reference.existing == 0 and reference.rejected == []
    assert list(reference.new["external_id"]) == ["M-1001", "M-1002", "M-1003"]
    assert list(reference.new["latitude"]) == [51.8121, 51.8, 51.795]
    assert list(reference.new["wijk"]) == ["Binnenstad", "Crabbehof", "Dubbeldam-Café"]
    assert list(reference.new["aftercare_asked"]) == [True, False, False]
    assert list(reference.new["age_band"]) == ["18-24", "<18", "onbekend"]

    variants = {
        "komma.csv": csv_bytes(delimiter=",", decimal="."),
        "komma-decimaalkomma.csv": csv_bytes(delimiter=","),  # quoted '51,8121' in a comma file
        "bom.csv": b"\xef\xbb\xbf" + csv_bytes(),
        "windows.csv": csv_bytes(encoding="cp1252"),
        "eerste-blad.xlsx": xlsx_bytes(),
        "genoemd-blad.xlsx": xlsx_bytes(sheet_title="Export", first_sheet="Uitleg"),
    }
    for name, data in variants.items():
        sheet = "Export" if name == "genoemd-blad.xlsx" else None
        result = preview(empty_engine, data, name, sheet)
        assert result.rejected == [], name
        pd.testing.assert_frame_equal(result.new, reference.new, obj=name)


def test_header_names_match_case_accent_and_alias_insensitively(empty_engine):
    assert importing.normalise("Datum Voorval") == "datum_voorval"
    assert importing.normalise("  CATÉGORIE ") == "categorie"
    assert importing.normalise("Soort-plek") == "soort_plek"
    plain = ["id", "ONTVANGEN", "voorval", "LAT", "Lon", "Wijknaam", "Locatie type", "Categorie", "Wie"]
    data = csv_bytes([row[:9] for row in ROWS], header=plain)
    result = preview(empty_engine, data)
    assert result.rejected == []
    assert list(result.new["category"]) == ["nafluiten", "nastaren", "achtervolgen"]
    assert list(result.new["aftercare_given"]) == [False, False, False]


def test_parse_number_reads_dutch_and_plain_numbers():
    assert import_kinds.parse_number("51,8121") == 51.8121
    assert import_kinds.parse_number("51.8121") == 51.8121
    assert import_kinds.parse_number("1.234,56") == 1234.56
    assert import_kinds.parse_number(" 1\u00a0234,5 ") == 1234.5
    for bad in ("", "abc", "51,8,1"):
        with pytest.raises(importing.ValueProblem):
            import_kinds.parse_number(bad)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("27-11-2026 21:15", datetime(2026, 11, 27, 20, 15, tzinfo=UTC)),  # winter: UTC+1
        ("15-07-2026 21:15", datetime(2026, 7, 15, 19, 15, tzinfo=UTC)),  # summer: UTC+2
        ("2026-11-27T21:15:00", datetime(2026, 11, 27, 20, 15, tzinfo=UTC)),
        ("2026-11-27 21:15", datetime(2026, 11, 27, 20, 15, tzinfo=UTC)),
        ("2026-11-27T21:15:00Z", datetime(2026, 11, 27, 21, 15, tzinfo=UTC)),
        ("2026-11-27T21:15:00+01:00", datetime(2026, 11, 27, 20, 15, tzinfo=UTC)),
        ("27-11-2026", datetime(2026, 11, 26, 23, 0, tzinfo=UTC)),
        ("2026-11-27", datetime(2026, 11, 26, 23, 0, tzinfo=UTC)),
    ],
)
def test_parse_moment_reads_amsterdam_time_and_iso(value, expected):
    moment = importing.parse_moment(value, TODAY)
    assert moment == expected and moment.tzinfo == UTC


def test_future_and_impossible_dates_are_rejected_with_file_row_column_and_value(empty_engine):
    rows = [
        ROWS[0],
        with_values(ROWS[1], Datum_Voorval="28-11-2026 10:00", Ontvangen_op="28-11-2026 11:00"),
        with_values(ROWS[2], Datum_Voorval="31-02-2026"),
    ]
    result = preview(empty_engine, csv_bytes(rows), "export.csv")
    assert list(result.new["external_id"]) == ["M-1001"]
    assert result.rejected_rows == 2
    future = [error for error in result.rejected if error.row == 3]
    assert RowError("export.csv", 3, "Datum Voorval", "28-11-2026 10:00", "datum ligt in de toekomst") in future
    assert RowError("export.csv", 3, "Ontvangen op", "28-11-2026 11:00", "datum ligt in de toekomst") in future
    [impossible] = [error for error in result.rejected if error.row == 4]
    assert (impossible.file, impossible.column, impossible.value) == ("export.csv", "Datum Voorval", "31-02-2026")
    assert impossible.reason.startswith("geen geldige datum")

    frame = result.rejected_frame()
    assert list(frame.columns) == ["bestand", "rij", "kolom", "waarde", "reden"]
    assert set(frame["rij"]) == {3, 4}


def test_a_late_evening_today_is_not_in_the_future_but_tomorrow_is():
    assert importing.parse_moment("27-11-2026 23:59", TODAY) == datetime(2026, 11, 27, 22, 59, tzinfo=UTC)
    with pytest.raises(importing.ValueProblem, match="toekomst"):
        importing.parse_moment("2026-11-27T23:30:00-02:00", TODAY)  # 28 nov 02:30 in Amsterdam


# ---------------------------------------------------------------- validation


def test_each_bad_row_is_rejected_with_its_own_reason_and_valid_rows_remain(empty_engine):
    rows = [
        ROWS[0],
        with_values(ROWS[1], Breedtegraad="veertig"),
        with_values(ROWS[1], Breedtegraad="52,0", Lengtegraad="3,5"),
        with_values(ROWS[1], Catégorie="schelden"),
        with_values(ROWS[1], Datum_Voorval="26-11-2026 09:00"),
        with_values(ROWS[1], Nazorg="nee", Nazorg_gegeven="ja"),
        with_values(ROWS[2], Meldingsnummer="M-1001"),
        ROWS[1],
    ]
    result = preview(empty_engine, csv_bytes(rows), "export.csv")
    assert list(result.new["external_id"]) == ["M-1001", "M-1002"]
    assert result.rows_read == 8 and result.rejected_rows == 6
    by_row: dict[int, list[RowError]] = {}
    for error in result.rejected:
        by_row.setdefault(error.row, []).append(error)

    assert [(e.column, e.value, e.reason) for e in by_row[3]] == [("Breedtegraad", "veertig", "geen getal")]
    sea = {e.column: e for e in by_row[4]}
    assert sea["Breedtegraad"].value == "52,0" and "buiten Dordrecht" in sea["Breedtegraad"].reason
    assert sea["Lengtegraad"].value == "3,5" and "buiten Dordrecht" in sea["Lengtegraad"].reason
    [category] = by_row[5]
    assert (category.column, category.value) == ("Catégorie", "schelden")
    assert category.reason.startswith("onbekende waarde") and "nafluiten" in category.reason
    assert [(e.column, e.reason) for e in by_row[6]] == [("Datum Voorval", "incident ligt na het moment van melden")]
    assert [(e.column, e.reason) for e in by_row[7]] == [
        ("Nazorg gegeven", "nazorg gegeven zonder dat die gevraagd is")
    ]
    assert [(e.column, e.value, e.reason) for e in by_row[8]] == [
        ("Meldingsnummer", "M-1001", "kenmerk staat al in rij 2 van dit bestand")
    ]
    assert all(e.file == "export.csv" for e in result.rejected)


def test_empty_required_cell_and_bad_yes_no_are_rejected(empty_engine):
    rows = [with_values(ROWS[0], Wijk=""), with_values(ROWS[1], Nazorg="misschien")]
    result = preview(empty_engine, csv_bytes(rows))
    assert len(result.new) == 0
    assert {(e.row, e.column, e.reason) for e in result.rejected} == {
        (2, "Wijk", "leeg"),
        (3, "Nazorg", "gebruik ja of nee"),
    }


# ---------------------------------------------------------------- bad files


def _bad_files() -> dict[str, tuple[bytes, str | None, str]]:
    noise = random.Random(7).randbytes(3000)
    binary = b"\x89PNG\r\n\x1a\n\x00\x00\x00" + noise
    xlsx = xlsx_bytes()
    return {
        "leeg": (b"", None, "leeg"),
        "alleen-spaties": (b"  \r\n ", None, "leeg"),
        "alleen-kop": (csv_bytes([]), None, "geen rijen"),
        "binair": (binary, None, "geen tekstbestand"),
        "afgebroken-xlsx": (xlsx[: len(xlsx) // 2], None, "beschadigd"),
        "tab": (csv_bytes(delimiter="\t"), None, "één kolom"),
        "kolom-mist": (
            csv_bytes([row[:3] + row[4:] for row in ROWS], header=HEADER[:3] + HEADER[4:]),
            None,
            "latitude ontbreken",
        ),
        "blad-mist": (xlsx, "Nergens", "werkblad 'Nergens' bestaat niet"),
    }


@pytest.mark.parametrize("case", list(_bad_files()))
def test_an_unusable_file_raises_a_dutch_file_problem_naming_the_file(case, empty_engine):
    data, sheet, message = _bad_files()[case]
    name = f"{case}.csv"
    with pytest.raises(FileProblem) as caught:
        preview(empty_engine, data, name, sheet)
    assert str(caught.value).startswith(f"{name}: ")
    assert message in str(caught.value)
    assert count(empty_engine, "report") == 0


def test_a_csv_of_only_delimiters_is_an_empty_file(empty_engine):
    with pytest.raises(FileProblem, match="leeg"):
        preview(empty_engine, b";;;\r\n;;;\r\n", "leeg.csv")


# ---------------------------------------------------------------- the store


def test_preview_writes_nothing(empty_engine):
    version = db.data_version(empty_engine)
    result = preview(empty_engine, csv_bytes())
    assert len(result.new) == 3
    assert count(empty_engine, "report") == 0
    assert count(empty_engine, "import_batch") == 0
    assert db.data_version(empty_engine) == version


def test_commit_writes_rows_and_one_batch_and_a_second_import_adds_nothing(empty_engine):
    version = db.data_version(empty_engine)
    rows = [*ROWS, with_values(ROWS[0], Meldingsnummer="M-9", Catégorie="schelden")]
    data = csv_bytes(rows)
    batch = importing.commit(empty_engine, preview(empty_engine, data, "export.csv"), imported_by="Anna")
    assert db.data_version(empty_engine) == version + 1
    assert count(empty_engine, "report") == 3
    with db.read_session(empty_engine) as session:
        [stored] = session.scalars(select(ImportBatch)).all()
    assert stored.id == batch.id
    assert (stored.kind, stored.file_name, stored.imported_by) == (DataKind.MELDINGEN, "export.csv", "Anna")
    assert (stored.rows_read, stored.rows_added, stored.rows_skipped, stored.rows_rejected) == (4, 3, 0, 1)
    assert stored.checksum == importing.checksum(data) and stored.undone_at is None and not stored.is_demo

    reports = stored_reports(empty_engine)
    assert {report.import_batch_id for report in reports} == {batch.id}
    first = reports[0]
    assert first.received_at == datetime(2026, 11, 27, 20, 15, tzinfo=UTC)
    assert first.occurred_at == datetime(2026, 11, 27, 20, 5, tzinfo=UTC)
    assert (first.latitude, first.longitude) == (51.8121, 4.6901)
    assert (first.aftercare_asked, first.aftercare_given, first.is_demo) == (True, True, False)
    for report in reports:
        assert report.h3_r8 == h3.latlng_to_cell(report.latitude, report.longitude, 8)
        assert report.h3_r7 == h3.latlng_to_cell(report.latitude, report.longitude, 7)
        assert report.h3_r9 == h3.latlng_to_cell(report.latitude, report.longitude, 9)
    # 00:30 in Amsterdam is still the previous day in UTC; the local date follows Amsterdam.
    second = reports[1]
    assert second.occurred_at == datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert (second.local_date, second.local_hour, second.local_weekday) == (date(2026, 11, 26), 0, 3)
    assert second.local_week == date(2026, 11, 23) and second.local_month == date(2026, 11, 1)

    again = preview(empty_engine, data, "export.csv")
    assert (len(again.new), again.existing, again.rejected_rows) == (0, 3, 1)
    importing.commit(empty_engine, again)
    assert count(empty_engine, "report") == 3
    assert count(empty_engine, "import_batch") == 2


def test_undo_removes_exactly_the_batch_rows_and_only_once(empty_engine):
    first = importing.commit(empty_engine, preview(empty_engine, csv_bytes(ROWS[:2]), "a.csv"))
    second = importing.commit(empty_engine, preview(empty_engine, csv_bytes(ROWS[2:]), "b.csv"))
    version = db.data_version(empty_engine)

    assert importing.undo(empty_engine, first.id) == 2
    assert [report.external_id for report in stored_reports(empty_engine)] == ["M-1003"]
    assert db.data_version(empty_engine) == version + 1
    with db.read_session(empty_engine) as session:
        assert session.get(ImportBatch, first.id).undone_at is not None
        assert session.get(ImportBatch, second.id).undone_at is None

    with pytest.raises(FileProblem, match="al ongedaan"):
        importing.undo(empty_engine, first.id)
    with pytest.raises(FileProblem, match="bestaat niet"):
        importing.undo(empty_engine, 999)
    assert count(empty_engine, "report") == 1

    # After an undo the same file can be imported again.
    assert len(preview(empty_engine, csv_bytes(ROWS[:2]), "a.csv").new) == 2


def test_a_failure_inside_commit_leaves_the_store_as_before(empty_engine, monkeypatch):
    version = db.data_version(empty_engine)
    result = preview(empty_engine, csv_bytes())

    def broken(*_args, **_kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(db, "bulk_insert", broken)
    with pytest.raises(RuntimeError, match="schijf vol"):
        importing.commit(empty_engine, result)
    assert count(empty_engine, "import_batch") == 0
    assert count(empty_engine, "report") == 0
    assert db.data_version(empty_engine) == version


def test_committing_a_stale_preview_twice_fails_without_a_second_batch(empty_engine):
    result = preview(empty_engine, csv_bytes())
    importing.commit(empty_engine, result)
    with pytest.raises(IntegrityError):
        importing.commit(empty_engine, result)
    assert count(empty_engine, "import_batch") == 1
    assert count(empty_engine, "report") == 3
    # the indexes survive the failed insert
    if empty_engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    assert "ix_report_h3_r8_date" in {name for (name,) in sql(empty_engine, query)}


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x","klik")', "<script>alert(1)</script>", "+31 6 12", "@SUM(A1)", 'a;b,"c"\'d'],
)
def test_formula_or_html_text_is_stored_as_plain_text_exactly(value, empty_engine):
    for delimiter in (";", ","):
        data = csv_bytes([with_values(ROWS[0], Wijk=value)], delimiter=delimiter, decimal=".")
        result = preview(empty_engine, data)
        assert list(result.new["wijk"]) == [value]
    importing.commit(empty_engine, result)
    [report] = stored_reports(empty_engine)
    assert report.wijk == value


# ---------------------------------------------------------------- backup


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_backup_makes_a_readable_copy_and_keeps_at_most_ten(tmp_path):
    """Backups are copies of a SQLite file, so this store is one."""
    engine = db.get_engine(str(tmp_path / "opslag.sqlite"))
    db.create_schema(engine)
    importing.commit(engine, preview(engine, csv_bytes()))
    directory = tmp_path / "kopieen"
    made = [importing.backup(_url(engine), directory) for _ in range(12)]
    assert all(path is not None and path.parent == directory for path in made)
    kept = sorted(directory.glob("*.sqlite"))
    assert len(kept) == importing.BACKUPS_KEPT
    assert kept == sorted(made)[-10:]
    with sqlite3.connect(made[-1]) as connection:
        assert connection.execute("SELECT count(*) FROM report").fetchone()[0] == 3


def test_backup_skips_what_is_not_a_sqlite_file(tmp_path):
    assert importing.backup(f"sqlite:///{tmp_path / 'nergens.sqlite'}", tmp_path) is None
    assert importing.backup("sqlite://", tmp_path) is None
    assert importing.backup("postgresql://gebruiker@server/vsdata", tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_backup_pruning_does_not_touch_another_stores_backups(tmp_path):
    directory = tmp_path / "kopieen"
    urls = {}
    for name in ("meldingen", "meldingen-oud"):
        engine = db.get_engine(str(tmp_path / f"{name}.sqlite"))
        db.create_schema(engine)
        urls[name] = _url(engine)
    for _ in range(10):
        importing.backup(urls["meldingen-oud"], directory)
    made = importing.backup(urls["meldingen"], directory)
    assert made is not None and made.exists()
    assert len(list(directory.glob("meldingen-oud-*.sqlite"))) == 10


# ---------------------------------------------------------------- command line


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    monkeypatch.delenv("VSDATA_PROFILE", raising=False)
    return tmp_path


@pytest.fixture
def cli_store(cli_env, stores):
    """The store the command line imports into: a new SQLite file beside the export, or a new PostgreSQL database."""
    if stores.server is None:
        yield cli_env / "opslag.sqlite"
        return
    url = stores.new()
    yield url
    stores.server.drop(url)


def stored_count(store, table: str) -> int:
    return sql(store, f"SELECT count(*) FROM {table}")[0][0]


def run_import(file, store, *flags) -> int:
    return main(["import", "meldingen", str(file), "--db", str(store), *flags])


def test_cli_import_of_a_valid_file_exits_0_and_twice_adds_nothing(cli_env, cli_store, capsys):
    file = cli_env / "export.csv"
    file.write_bytes(csv_bytes())
    store = cli_store
    assert run_import(file, store) == 0
    out = capsys.readouterr().out
    assert "3 rijen gelezen, 3 nieuw, 0 al aanwezig, 0 afgekeurd" in out
    assert "3 rijen toegevoegd" in out
    assert stored_count(store, "report") == 3
    assert not (cli_env / "export-afgekeurd.csv").exists()
    backups = list((cli_env / "backups").glob("opslag-*.sqlite"))
    assert len(backups) == (1 if db.is_file_store(str(store)) else 0), "a SQLite file is copied first"

    assert run_import(file, store) == 0
    assert "0 nieuw, 3 al aanwezig" in capsys.readouterr().out
    assert stored_count(store, "report") == 3


def test_cli_import_with_rejected_rows_exits_2_imports_the_valid_ones_and_writes_them_beside(
    cli_env, cli_store, capsys
):
    file = cli_env / "export.csv"
    file.write_bytes(csv_bytes([*ROWS, with_values(ROWS[0], Meldingsnummer="M-5", Breedtegraad="52,0")]))
    store = cli_store
    assert run_import(file, store) == 2
    assert "1 afgekeurd" in capsys.readouterr().out
    assert stored_count(store, "report") == 3
    rejected = pd.read_csv(cli_env / "export-afgekeurd.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert list(rejected.columns) == ["bestand", "rij", "kolom", "waarde", "reden"]
    first = rejected.iloc[0]
    assert first[["bestand", "rij", "kolom", "waarde"]].tolist() == ["export.csv", "5", "Breedtegraad", "52,0"]
    assert "buiten Dordrecht" in first["reden"]


def test_cli_strict_and_dry_run_import_nothing(cli_env, cli_store, capsys):
    store = cli_store
    bad = cli_env / "fout.csv"
    bad.write_bytes(csv_bytes([*ROWS, with_values(ROWS[0], Meldingsnummer="M-5", Catégorie="?")]))
    assert run_import(bad, store, "--strict") == 2
    assert "--strict" in capsys.readouterr().out
    assert (cli_env / "fout-afgekeurd.csv").exists()
    assert stored_count(store, "report") == 0
    assert stored_count(store, "import_batch") == 0

    good = cli_env / "goed.csv"
    good.write_bytes(csv_bytes())
    assert run_import(good, store, "--dry-run") == 0
    assert "--dry-run" in capsys.readouterr().out
    assert stored_count(store, "report") == 0
    assert stored_count(store, "import_batch") == 0
    assert not (cli_env / "backups").exists()


def test_cli_dry_run_on_a_missing_store_creates_no_file_and_counts_in_dutch(cli_env, capsys):
    file = cli_env / "een.csv"
    file.write_bytes(csv_bytes(ROWS[:1]))
    store = cli_env / "nog-niet.sqlite"
    assert run_import(file, store, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "1 rij gelezen, 1 nieuw" in out and "Niets ingelezen (--dry-run)" in out
    assert list(cli_env.iterdir()) == [file], "a dry run leaves no store, backup or rejects file behind"


@pytest.mark.parametrize("content", [b"", b"a\tb\n1\t2\n", None])
def test_cli_import_of_an_unusable_file_exits_1(content, cli_env, cli_store, capsys):
    file = cli_env / "export.csv"
    if content is not None:
        file.write_bytes(content)
    store = cli_store
    assert run_import(file, store) == 1
    assert "Fout:" in capsys.readouterr().err
    assert stored_count(store, "report") == 0
    assert stored_count(store, "import_batch") == 0


def test_xlsx_number_and_true_false_cells_are_read_as_text_values(empty_engine):
    workbook = Workbook()
    workbook.active.append(HEADER)
    moment, earlier = datetime(2026, 11, 27, 21, 15), datetime(2026, 11, 27, 21, 0)
    workbook.active.append([1001, moment, earlier, 51.8, 4.7, "West", "straat", "nafluiten", "vrouw", None, True, True])
    workbook.active.append([1002.0, moment, earlier, 51.8, 4.7, "West", "park", "nastaren", "vrouw", None, 0, None])
    out = io.BytesIO()
    workbook.save(out)
    result = preview(empty_engine, out.getvalue(), "export.xlsx")
    assert result.rejected == []
    assert list(result.new["external_id"]) == ["1001", "1002"]
    assert list(result.new["aftercare_given"]) == [True, False]


@pytest.mark.parametrize("kind", list(DataKind))
def test_the_templates_under_data_are_the_ones_the_page_offers(kind):
    """data/templates/ holds each kind's template as the Gegevens page offers it for download."""
    path = Path(__file__).resolve().parent.parent / "data" / "templates" / f"{kind.value}.csv"
    assert path.read_bytes() == importing.template_csv(kind)


def test_a_report_in_the_repeated_autumn_hour_is_read_as_its_second_run(empty_engine):
    """On 25 Oct 2026 02:00-03:00 happens twice; 02:50 then 02:10 without a zone is incident first, report after."""
    header = "meldingsnummer;ontvangen;voorval;breedtegraad;lengtegraad;wijk;soort plek;vorm;doelgroep"
    row = "H-1;25-10-2026 02:10;25-10-2026 02:50;51,8121;4,6648;Binnenstad;straat;nastaren;vrouw"
    with db.read_session(empty_engine) as session:
        result = importing.preview(
            session, DataKind.MELDINGEN, f"{header}\n{row}\n".encode(), "herfst.csv", TODAY, CityProfile()
        )
    assert result.rejected == []
    occurred, received = result.new.loc[0, "occurred_at"], result.new.loc[0, "received_at"]
    assert (occurred.hour, received.hour) == (0, 1)  # 02:50 CEST = 00:50 UTC, 02:10 CET = 01:10 UTC
    assert received > occurred


def test_rejection_reasons_name_each_reason_once_with_its_column_and_rows():
    """The preview's table cuts a long reason off at its edge; the list below it gives each one in full."""
    errors = [RowError("f.csv", row, "bedrag", "x", "geen bedrag") for row in range(2, 10)]
    errors += [RowError("f.csv", 4, "jaar", "twintig", "geen jaartal"), RowError("f.csv", 11, "", "", "lege rij")]
    preview = importing.Preview(DataKind.BEGROTING, "f.csv", "", 10, pd.DataFrame(), 0, errors)
    assert preview.rejection_reasons() == [
        "rijen 2, 3, 4, 5, 6 en nog 3, kolom bedrag: geen bedrag.",
        "rij 4, kolom jaar: geen jaartal.",
        "rij 11: lege rij.",
    ]
    assert preview.rejection_reasons(limit=1)[-1] == (
        "En nog 2 andere redenen; alle staan in de CSV met afgekeurde rijen."
    )
