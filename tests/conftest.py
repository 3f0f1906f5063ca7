"""Shared fixtures: a demo store built once per test run, on a pinned 'today'."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from vsdata import db, demo, settings, tally

TODAY = date(2026, 11, 27)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def no_local_secrets(tmp_path_factory):
    """AppTest runs read an empty secrets file, not a developer's own .streamlit/secrets.toml."""
    from streamlit import config

    empty = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    empty.write_text("", encoding="utf-8")
    config.set_option("secrets.files", [str(empty)])


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory) -> Path:
    """A default-size demo store (seed 2022, today 27 nov 2026), shared read-only by tests."""
    path = tmp_path_factory.mktemp("store") / "demo.sqlite"
    demo.build_demo_store(db.get_engine(str(path)), today=TODAY, seed=demo.DEFAULT_SEED)
    return path


@pytest.fixture(scope="session")
def demo_engine(demo_store_path):
    return db.get_engine(str(demo_store_path))


@pytest.fixture
def app_env(monkeypatch, demo_store_path) -> Path:
    """Point the app at the shared demo store and pin today."""
    monkeypatch.setenv("VSDATA_DATABASE_URL", str(demo_store_path))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return demo_store_path


@pytest.fixture
def empty_engine(tmp_path):
    """A fresh, empty store with the schema created."""
    engine = db.get_engine(str(tmp_path / "empty.sqlite"))
    db.create_schema(engine)
    return engine


@pytest.fixture
def store_copy(monkeypatch, tmp_path, demo_store_path) -> Path:
    """A private copy of the demo store (SQLite backup API), which the app then uses."""
    path = tmp_path / "store" / "demo.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(demo_store_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    monkeypatch.setenv("VSDATA_DATABASE_URL", str(path))
    monkeypatch.setenv("VSDATA_TODAY", TODAY.isoformat())
    return path


@pytest.fixture(scope="session")
def recount_tally():
    """After a test edits rows with plain SQL: count the store's tally anew, as every write in the app does."""

    def recount(path: Path) -> None:
        with db.write_session(db.get_engine(str(path))) as session:
            tally.rebuild(session)

    return recount


@pytest.fixture
def fresh_profile(monkeypatch):
    """No VSDATA_PROFILE, and a profile cache that is cleared before and after the test."""
    monkeypatch.delenv("VSDATA_PROFILE", raising=False)
    settings._load_profile.cache_clear()
    yield
    settings._load_profile.cache_clear()
