"""The fixture files under tests/fixtures/import: a good CSV and XLSX and a bad CSV for every kind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import TODAY
from vsdata import db, importing
from vsdata.models import DataKind
from vsdata.settings import CityProfile

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
BAD_COLUMN = {
    DataKind.MELDINGEN: "latitude",
    DataKind.SCHOLEN: "type",
    DataKind.LESACTIVITEITEN: "leerjaar",
    DataKind.DOELEN: "schooljaar",
    DataKind.UITGAVEN: "bedrag",
    DataKind.INDICATOREN: "jaar",
    DataKind.ENQUETES: "fase",
    DataKind.CAMPAGNE: "datum",
    DataKind.PARTNERS: "datum",
    DataKind.BEGROTING: "jaar",
    DataKind.FINANCIERING: "soort",
    DataKind.INTERVENTIES: "naam",
}


@pytest.fixture
def store(tmp_path, demo_store_path):
    """A private copy of the demo store: it knows the schools, programmes and budget lines the files name."""
    copy = tmp_path / "store.sqlite"
    with sqlite3.connect(demo_store_path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return db.get_engine(str(copy))


def preview(engine, kind: DataKind, path: Path, sheet: str | None = None) -> importing.Preview:
    with db.read_session(engine) as session:
        return importing.preview(session, kind, path.read_bytes(), path.name, TODAY, CityProfile(), sheet)


@pytest.mark.parametrize("kind", list(DataKind))
def test_the_good_files_pass_as_csv_and_as_xlsx(store, kind):
    for name, sheet in ((f"{kind.value}-goed.csv", None), (f"{kind.value}-goed.xlsx", "Export")):
        result = preview(store, kind, FIXTURES / name, sheet)
        assert result.rejected == [], name
        assert len(result.new) + result.existing == 1, name


@pytest.mark.parametrize("kind", list(DataKind))
def test_the_bad_file_names_the_row_and_column(store, kind):
    result = preview(store, kind, FIXTURES / f"{kind.value}-fout.csv")
    assert result.new.empty and result.existing == 0
    assert [(error.row, error.column) for error in result.rejected] == [(2, BAD_COLUMN[kind])]
    assert result.rejected[0].reason
