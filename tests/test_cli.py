"""The command line: demo, info and bench, as a user runs them."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, TODAY
from tests.report_helpers import sql
from vsdata import bench, db, roles
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


def test_bench_refuses_an_unknown_page_naming_the_known_ones(capsys):
    assert main(["bench", "--pages", "overzicht,nergens"]) == 2
    error = capsys.readouterr().err
    assert "onbekende pagina nergens" in error and "meldingen-alles" in error


def test_every_page_the_bench_measures_computes_on_the_store(demo_engine):
    """Each measured page's figures and period, in this process: what a run of the bench starts from."""
    shown = {spec.path for spec in roles.PAGES if spec.key != "gegevens"}
    assert {measured.page_path for measured in PAGES} == shown, "every page that shows figures is measured"
    assert len({measured.key for measured in PAGES}) == len(PAGES)
    for measured in PAGES:
        with db.read_session(demo_engine) as session:
            assert measured.data(session, TODAY) is not None, measured.key
        if measured.period:
            start, end = measured.period(TODAY)
            assert start <= end <= TODAY, measured.key


def test_bench_prints_a_table_per_size_and_page(tmp_path, stores):
    # Each page runs twice in a new process, so the run is a few pages: on SQLite the overview (whose run needs
    # a page switch), a page with reports and a map and one without; on PostgreSQL the latter two, which is
    # what differs between the engines (the store, its floor and the import). The other pages' data is
    # computed by the test above.
    pages = ["Meldingen (sinds de start)", "Begroting"]
    chosen = ["--pages", "meldingen-alles,begroting"]
    if stores.server:
        chosen += ["--db", stores.server.url("postgres")]
    else:
        chosen, pages = ["--pages", "overzicht,meldingen-alles,begroting"], ["Overzicht", *pages]
    result = subprocess.run(
        [sys.executable, "-m", "vsdata", "bench", "--sizes", "400", "--dir", str(tmp_path), "--import-rows", "500",
         "--runs", "2", *chosen],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "VSDATA_TODAY": TODAY.isoformat()},
        timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    engine = "PostgreSQL" if stores.server else "SQLite"
    assert result.stdout.startswith(
        f"Opslag: {engine}. Hoe gemeten: elke pagina 2 keer, elke keer in een nieuw proces."
    )
    lines = result.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("| Meldingen | Pagina")))
    rows = [line.split("|")[1:-1] for line in lines[start + 2 :] if line.startswith("|")]
    page_rows, store_rows = rows[: len(pages)], rows[len(pages) + 2 :]
    assert [(row[0].strip(), row[1].strip()) for row in page_rows] == [("400", page) for page in pages]
    for row in page_rows:
        # median (lowest-highest) of the two runs for each time; the floor and its multiple where reports count
        assert all(re.fullmatch(r"\d+,\d+ s \(\d+,\d+-\d+,\d+\)", cell.strip()) for cell in row[2:4] + row[6:8]), row
        assert row[4].strip() == "-" if row[1].strip() == "Begroting" else row[4].strip().endswith(" s"), row
        assert row[9].strip().endswith(" MB")
        assert row[8].strip().endswith(" KB") == row[1].strip().startswith(("Meldingen", "Scholen")), row
    assert [row[0].strip() for row in store_rows] == ["400"]
    assert re.fullmatch(r"\d+,\d+ s \(\d+,\d+-\d+,\d+\) koud, .* warm", store_rows[0][5].strip()), store_rows
    store = stores.server.url("vsdata_bench_400") if stores.server else tmp_path / "demo-400.sqlite"
    assert sql(store, "SELECT COUNT(*) FROM report") == [(400,)]
    assert "Inlezen van 500 meldingen (CSV) in een lege opslag" in result.stdout
    assert "Inlezen van 500 meldingen (CSV) in een kopie van de opslag met 400 meldingen" in result.stdout


def help_of(capsys, *command: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_every_command_explains_itself_in_dutch_with_its_defaults(capsys):
    overview = help_of(capsys)
    commands = re.findall(r"^    ([a-z-]+)", overview, flags=re.MULTILINE)
    assert {"serve", "demo", "info", "import", "briefing", "migrate", "copy", "bench", "hash-password"} <= set(commands)
    for text in [overview] + [help_of(capsys, name) for name in commands]:
        assert text.startswith("gebruik: python -m vsdata"), text
        assert "opties:" in text and "toon deze hulp en stop" in text
        for english in ("usage:", "options:", "positional arguments", "show this help", "default:"):
            assert english not in text, (english, text)
    for name in commands:
        description = help_of(capsys, name).split("\n\n")[1]
        assert len(description) > 40 and not description.startswith(("opties", "argumenten")), (name, description)
    assert "(standaard 5)" in " ".join(help_of(capsys, "bench").split())
    assert "(standaard programmamanager)" in " ".join(help_of(capsys, "hash-password").split())


def test_mistakes_on_the_command_line_are_told_in_dutch(capsys):
    for wrong, expected in [
        (["import"], "deze argumenten ontbreken: SOORT, BESTAND"),
        (["import", "onzin", "x.csv"], "argument SOORT: ongeldige keuze: 'onzin' (kies uit 'meldingen'"),
        (["bench", "--runs", "vijf"], "argument --runs: ongeldige waarde voor int: 'vijf'"),
        (["demo", "--db"], "argument --db: verwacht één waarde"),
    ]:
        with pytest.raises(SystemExit) as exit_:
            main(wrong)
        assert exit_.value.code == 2
        error = capsys.readouterr().err
        assert error.startswith("gebruik: ") and f"fout: {expected}" in error, error


def test_bench_without_sizes_warns_how_long_it_runs(monkeypatch, capsys):
    measured = {}
    monkeypatch.setattr(bench, "run", lambda sizes, **options: measured.setdefault("sizes", sizes) and 0)
    assert main(["bench"]) == 0
    assert measured["sizes"] == [10_000, 100_000, 1_000_000]
    assert "15 tot 20 minuten" in capsys.readouterr().err

    measured.clear()
    assert main(["bench", "--sizes", "10000"]) == 0
    assert measured["sizes"] == [10_000] and capsys.readouterr().err == ""
