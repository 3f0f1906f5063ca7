"""The command line: demo, info and bench, as a user runs them."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from tests.conftest import PROJECT_ROOT, TODAY
from vsdata import db
from vsdata.__main__ import main
from vsdata.bench import PAGES
from vsdata.models import DataKind, ImportBatch, utc_now


def count(path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_demo_builds_a_store_of_the_asked_size_and_info_describes_it(tmp_path, capsys):
    store = tmp_path / "demo.sqlite"
    assert main(["demo", "--reports", "1500", "--seed", "7", "--db", str(store), "--today", TODAY.isoformat()]) == 0
    assert "1.500 meldingen" in capsys.readouterr().out
    assert count(store, "report") == 1500

    assert main(["info", "--db", str(store)]) == 0
    out = capsys.readouterr().out
    assert "Demodata: ja (gemaakt voor 27 nov 2026, seed 7)" in out
    assert "Meldingen" in out and "1.500" in out


def test_demo_refuses_to_replace_own_data_without_force(tmp_path, capsys):
    store = tmp_path / "eigen.sqlite"
    engine = db.get_engine(str(store))
    db.create_schema(engine)
    with db.write_session(engine) as session:
        session.add(ImportBatch(kind=DataKind.MELDINGEN, file_name="export.csv", imported_at=utc_now()))

    assert main(["demo", "--db", str(store), "--today", TODAY.isoformat()]) == 1
    assert "--force" in capsys.readouterr().out
    assert count(store, "report") == 0
    assert count(store, "import_batch") == 1

    assert main(["demo", "--db", str(store), "--today", TODAY.isoformat(), "--force"]) == 0
    assert count(store, "report") > 100


def test_info_on_a_missing_store_says_how_to_make_one(tmp_path, capsys):
    assert main(["info", "--db", str(tmp_path / "nergens.sqlite")]) == 1
    assert "python -m vsdata demo" in capsys.readouterr().out


def test_bench_prints_a_table_per_size_and_page(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "vsdata", "bench", "--sizes", "400,800", "--dir", str(tmp_path), "--import-rows", "500"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "VSDATA_TODAY": TODAY.isoformat()},
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("| Meldingen | Opslag bouwen | Pagina")
    rows = [line for line in lines[2:] if line.startswith("|")]
    pages = [bench.title for bench in PAGES]
    assert [(row.split("|")[1].strip(), row.split("|")[3].strip()) for row in rows] == [
        (size, page) for size in ("400", "800") for page in pages
    ]
    assert all(row.count(" s ") >= 4 and "MB" in row for row in rows)
    assert all(" KB " in row for row in rows if "Meldingen" in row)
    assert count(tmp_path / "demo-800.sqlite", "report") == 800
    assert "Inlezen van 500 meldingen (CSV)" in result.stdout
