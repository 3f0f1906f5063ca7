"""Starting the app: the store is made ready at the server's start, with a line for each thing done."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from tests.conftest import PROJECT_ROOT
from tests.report_helpers import sql
from vsdata import db, startup
from vsdata.__main__ import main
from vsdata.ui import serve


def test_a_missing_sqlite_store_is_built_as_a_demo_with_a_line_saying_so(tmp_path, monkeypatch, capsys):
    store = tmp_path / "vsdata.sqlite"
    monkeypatch.setenv("VSDATA_DATABASE_URL", str(store))

    assert serve.prepare_store() is None
    printed = capsys.readouterr().out
    assert "een demo-opslag wordt gebouwd" in printed and "Demo-opslag klaar" in printed
    assert sql(store, "SELECT count(*) FROM report")[0][0] > 0

    assert serve.prepare_store() is None
    assert capsys.readouterr().out == "", "an existing, current store needs nothing"


def test_a_store_from_before_revisions_is_named_with_the_command_that_fixes_it(stores, demo_store, capsys):
    url = stores.copy(demo_store)
    sql(url, "DROP TABLE alembic_version")
    problem = serve.prepare_store(url)
    assert problem and "python -m vsdata migrate" in problem
    assert db.data_version(db.get_engine(url)) > 0, "nothing was changed"


def test_an_unreachable_server_is_one_dutch_line_without_the_password():
    problem = serve.prepare_store("postgresql://vsdata:geheim@127.0.0.1:9/nergens")
    assert problem and "niet bereikbaar" in problem and "geheim" not in problem


def test_only_serve_passes_unknown_options_on(capsys):
    with pytest.raises(SystemExit):
        main(["info", "--server.port", "8600"])
    assert "onbekende opties: --server.port 8600" in capsys.readouterr().err


def imported_after(statement: str, packages: tuple[str, ...]) -> list[str]:
    """Which of ``packages`` a fresh interpreter has imported after running ``statement``."""
    code = f"import sys; {statement}; print(sorted({{name.split('.')[0] for name in sys.modules}} & {set(packages)!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().replace("'", '"'))


def test_the_warm_up_declares_no_custom_component():
    # A custom component (the map's) declared outside a page run is never served: the page would keep
    # a loading placeholder where the map belongs.
    assert imported_after("from vsdata.ui import serve; serve._warm_imports()", ("streamlit_folium",)) == []


def test_the_command_line_starts_without_the_store_modules():
    # serve starts Streamlit first and imports pandas, SQLAlchemy and the rest beside it.
    assert imported_after("import vsdata.__main__", ("pandas", "sqlalchemy", "sqlmodel", "alembic")) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_page_runs_wait_for_a_preparation_until_it_ends_even_when_it_fails():
    release = threading.Event()

    def work() -> None:
        release.wait()
        raise RuntimeError("de opslag is stuk")

    thread = startup.prepare_in_background(work)
    assert not startup.is_prepared()
    release.set()
    thread.join()
    assert startup.is_prepared(), "a failed preparation must not keep page runs waiting"
    startup.wait_for_preparation()
