"""Shared fixtures: demo and empty stores on both engines (SQLite, and a throwaway PostgreSQL), on a pinned 'today'.

Fixtures that hand out a store are parametrised over the engines, so a test that
takes one runs on SQLite and on PostgreSQL. The PostgreSQL server is started
once per test run on a free loopback port in a temporary folder and stopped at
the end; without PostgreSQL installed that half is skipped with a message.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from sqlalchemy import text
from sqlalchemy.engine import make_url
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1.element_tree import Block, Dataframe, Expander

from tests import report_helpers
from vsdata import db, demo, settings, tally
from vsdata.ui.chart_tables import EXPANDER_PREFIX

TODAY = date(2026, 11, 27)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENGINES = ["sqlite", "postgresql"]
NO_POSTGRES = (
    "PostgreSQL ontbreekt, dus de tests op PostgreSQL worden overgeslagen. Installeer het met "
    "'python3 tasks.py install-dev' als root (Debian-pakket postgresql), 'apt-get install postgresql', "
    "'brew install postgresql@15' (macOS) of de installer van postgresql.org (Windows), "
    "of wijs VSDATA_TEST_PG_BIN naar de map met pg_ctl en initdb."
)


def _postgres_bin() -> Path | None:
    """The folder with PostgreSQL's initdb and pg_ctl: VSDATA_TEST_PG_BIN, the PATH, or Debian's place."""
    chosen = os.environ.get("VSDATA_TEST_PG_BIN")
    found = shutil.which("pg_ctl")
    candidates = [chosen] if chosen else [*sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    if found:
        candidates.insert(0 if not chosen else 1, str(Path(found).resolve().parent))
    for folder in candidates:
        if folder and (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder on a free loopback port, with durability off for speed."""

    def __init__(self, bin_dir: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="vsdata-pg-"))
        self.data = self.folder / "data"
        self.as_user: list[str] = []
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # initdb refuses to run as root: the cluster belongs to Debian's 'postgres' account.
            shutil.chown(self.folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.bin_dir = bin_dir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self._run("initdb", "-D", str(self.data), "-U", "vsdata", "--auth=trust", "-E", "UTF8", "--no-instructions")
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=400"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-o", options, "start")
        self.admin = db.get_engine(self.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
        self._names = itertools.count(1)

    def _run(self, program: str, *arguments: str) -> None:
        subprocess.run([*self.as_user, str(self.bin_dir / program), *arguments], check=True, capture_output=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://vsdata@127.0.0.1:{self.port}/{database}"

    def new_database(self, template: str = "template0") -> str:
        """A new database (a copy of ``template``), its URL."""
        name = f"store_{next(self._names)}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY'))
        return self.url(name)

    def unused(self, url: str) -> str:
        """The store's database name, once no connection uses it (a template must have none)."""
        name = make_url(url).database
        db.get_engine(url).dispose()
        with self.admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"), {"name": name}
            )
        return name

    def drop(self, url: str) -> None:
        db.get_engine(url).dispose()
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))

    def stop(self) -> None:
        self.admin.dispose()
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip(NO_POSTGRES)
    server = ThrowawayPostgres(bin_dir)
    yield server
    server.stop()


class Stores:
    """Makes stores on one engine: new empty ones and copies of another."""

    def __init__(self, kind: str, folder: Path, server: ThrowawayPostgres | None) -> None:
        self.kind = kind
        self.folder = folder
        self.server = server
        self._names = itertools.count(1)

    def new(self, schema: bool = False) -> str:
        """The URL of a new, empty store (with the schema created when asked)."""
        if self.server is None:
            url = f"sqlite:///{self.folder / f'store-{next(self._names)}.sqlite'}"
        else:
            url = self.server.new_database()
        if schema:
            db.create_schema(db.get_engine(url))
        return url

    def copy(self, source: str) -> str:
        """A private copy of the store at ``source``."""
        if self.server is None:
            target = self.folder / f"copy-{next(self._names)}.sqlite"
            with sqlite3.connect(make_url(source).database) as original, sqlite3.connect(target) as copy:
                original.backup(copy)
            return f"sqlite:///{target}"
        return self.server.new_database(template=self.server.unused(source))


@pytest.fixture(scope="session", params=ENGINES)
def engine_kind(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def stores(engine_kind, tmp_path_factory, request) -> Stores:
    """Store maker for the engine of this run of the test."""
    server = request.getfixturevalue("postgres_server") if engine_kind == "postgresql" else None
    return Stores(engine_kind, tmp_path_factory.mktemp(f"stores-{engine_kind}"), server)


@pytest.fixture(scope="session")
def sql():
    """``sql(store, statement, *params)``: rows straight from the driver (see ``report_helpers.sql``)."""
    return report_helpers.sql


@pytest.fixture(scope="session", autouse=True)
def no_local_secrets(tmp_path_factory):
    """AppTest runs read an empty secrets file, not a developer's own .streamlit/secrets.toml."""
    from streamlit import config

    empty = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    empty.write_text("", encoding="utf-8")
    config.set_option("secrets.files", [str(empty)])


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory) -> Path:
    """A default-size demo store as a SQLite file (seed 2022, today 27 nov 2026), for what only SQLite has."""
    path = tmp_path_factory.mktemp("store") / "demo.sqlite"
    demo.build_demo_store(db.get_engine(str(path)), today=TODAY, seed=demo.DEFAULT_SEED)
    return path


@pytest.fixture(scope="session")
def demo_store(stores, demo_store_path) -> str:
    """The default demo store on this run's engine, shared read-only by tests: its URL."""
    if stores.server is None:
        return f"sqlite:///{demo_store_path}"
    url = stores.new()
    demo.build_demo_store(db.get_engine(url), today=TODAY, seed=demo.DEFAULT_SEED)
    return url


@pytest.fixture(scope="session")
def demo_engine(demo_store):
    return db.get_engine(demo_store)


@pytest.fixture
def app_env(monkeypatch, demo_store) -> str:
    """Point the app at the shared demo store and pin today."""
    monkeypatch.setenv("VSDATA_DATABASE_URL", demo_store)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return demo_store


@pytest.fixture
def empty_engine(stores):
    """A fresh, empty store with the schema created."""
    engine = db.get_engine(stores.new(schema=True))
    yield engine
    _drop(stores, engine.url.render_as_string(hide_password=False))


def _drop(stores: Stores, url: str) -> None:
    if stores.server is not None:
        stores.server.drop(url)


@pytest.fixture
def store_copy(monkeypatch, stores, demo_store) -> str:
    """A private copy of the demo store, which the app then uses: its URL."""
    url = stores.copy(demo_store)
    monkeypatch.setenv("VSDATA_DATABASE_URL", url)
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    yield url
    _drop(stores, url)


@pytest.fixture(scope="session")
def recount_tally():
    """After a test edits rows with plain SQL: count the store's tally anew, as every write in the app does."""

    def recount(location) -> None:
        with db.write_session(db.get_engine(str(location))) as session:
            tally.rebuild(session)

    return recount


@pytest.fixture
def fresh_profile(monkeypatch):
    """No VSDATA_PROFILE, and a profile cache that is cleared before and after the test."""
    monkeypatch.delenv("VSDATA_PROFILE", raising=False)
    settings._load_profile.cache_clear()
    yield
    settings._load_profile.cache_clear()


@pytest.fixture
def served_runs(monkeypatch):
    """AppTest runs that start with the entry script, as every run does on a running server.

    Once st.navigation has been called, Streamlit stops running ``pages/`` files
    directly for the rest of the process (``PagesManager.uses_pages_directory``
    becomes False). AppTest resets that flag before every run, so with a
    ``pages/`` folder each run would start with the page file itself, as on a
    fresh server; the page guard then goes through the entry script with
    st.switch_page, which drops the widget values of that run. Widget
    interactions are therefore tested with the flag as a running server has it.
    """

    class ServedPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(PagesManager, "uses_pages_directory", PagesManager.uses_pages_directory)
    monkeypatch.setattr(app_test_module, "PagesManager", ServedPagesManager)


def page_dataframes(app) -> list[Dataframe]:
    """The page's own interactive tables, without the chart tables under the charts (in their expanders)."""

    def walk(block: Block):
        for child in block.children.values():
            if isinstance(child, Expander) and child.label.startswith(EXPANDER_PREFIX):
                continue
            if isinstance(child, Dataframe):
                yield child
            elif isinstance(child, Block):
                yield from walk(child)

    return list(walk(app.main))


def page_html(app) -> list:
    """The page's st.html elements, without the app-wide focus style every run draws."""
    return [element for element in app.get("html") if ":focus-visible" not in element.proto.body]
