"""The Gegevens page in a real browser: upload a report export, check the preview, import it, undo it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_helpers import APP_TIMEOUT_MS, app_errors, full_page_screenshot, sign_in, wait_for_app
from tests.browser.conftest import MANAGER
from tests.export_rows import csv_bytes

pytestmark = pytest.mark.browser

FILE_NAME = "browser-export.csv"


def sql(path: Path, query: str, *params):
    with sqlite3.connect(path) as connection:
        return connection.execute(query, params).fetchone()[0]


@pytest.fixture
def store_copy(demo_store_path, tmp_path) -> Path:
    """A private copy of the demo store (SQLite backup API) that this test may change."""
    path = tmp_path / "store" / "demo.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(demo_store_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    return path


@pytest.fixture
def server_on_copy(store_copy, start_server, sign_in_secrets, monkeypatch) -> str:
    """A freshly started server on the private store copy, with sign-in (own data needs it); its base URL."""
    # No file watcher: an edit to vsdata/ while this test runs would make Streamlit re-import the models.
    monkeypatch.setenv("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    return start_server(store_copy, sign_in_secrets)


def open_gegevens_signed_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/gegevens")
    wait_for_app(page)
    sign_in(page, MANAGER.username, MANAGER.password)


def metric_value(page: Page, label: str):
    return page.locator("[data-testid=stMetric]", has_text=label).locator("[data-testid=stMetricValue]")


def uploader_texts(page: Page) -> tuple[str, str]:
    """What the uploader's button and hint read on screen (Streamlit's own English text is hidden)."""
    # After signing in the page can run once more: wait until the uploader is drawn again.
    expect(page.locator("[data-testid=stFileUploaderDropzone] button")).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.locator("[data-testid=stFileUploaderDropzoneInstructions]")).to_be_visible(timeout=APP_TIMEOUT_MS)
    shown = page.evaluate(
        """() => [
            '[data-testid=stFileUploaderDropzone] button p',
            '[data-testid=stFileUploaderDropzoneInstructions] span',
        ].map(query => getComputedStyle(document.querySelector(query), '::after').content.replace(/^"|"$/g, ''))"""
    )
    return tuple(shown)


def test_upload_import_and_undo(server_on_copy, store_copy, page, page_errors, artifacts_dir, tmp_path):
    reports_before = sql(store_copy, "SELECT count(*) FROM report")
    export = tmp_path / FILE_NAME
    export.write_bytes(csv_bytes())
    new = 3

    open_gegevens_signed_in(page, server_on_copy)
    expect(page.locator("h1", has_text="Gegevens")).to_be_visible()
    assert uploader_texts(page) == ("Bestand kiezen", "Of sleep het bestand hierheen · CSV of XLSX, tot 200 MB")

    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(export)
    expect(metric_value(page, "Nieuw")).to_have_text(str(new), timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    expect(metric_value(page, "Rijen gelezen")).to_have_text(str(new))
    expect(metric_value(page, "Afgekeurd")).to_have_text("0")
    assert sql(store_copy, "SELECT count(*) FROM report") == reports_before, "a preview writes nothing"

    page.get_by_role("button", name=f"{new} rijen inlezen").click()
    success = page.locator("[data-testid=stAlertContentSuccess] p")
    expect(success).to_contain_text("Ingelezen als import", timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    batch_id = sql(store_copy, "SELECT max(id) FROM import_batch")
    expect(success).to_have_text(f"Ingelezen als import {batch_id}: {new} rijen toegevoegd.")
    assert sql(store_copy, "SELECT count(*) FROM report") == reports_before + new
    assert sql(store_copy, "SELECT file_name FROM import_batch WHERE id=?", batch_id) == FILE_NAME

    batches = page.locator("[data-testid=stDataFrame]").first
    expect(batches).to_be_visible()
    # The grid draws on a canvas; its accessible copy holds the cells of the rows in view.
    expect(batches.locator("[data-testid=glide-cell-0-0]")).to_have_text(str(batch_id))
    expect(batches.locator("[data-testid=glide-cell-2-0]")).to_have_text(FILE_NAME)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    full_page_screenshot(page, artifacts_dir / "gegevens.png")

    undo_box = page.get_by_role("combobox", name="Import ongedaan maken", exact=True)
    option = page.get_by_role("option", name=f"Import {batch_id}: {FILE_NAME}", exact=True)
    undo_box.click()
    page.wait_for_timeout(300)
    if not option.is_visible():  # after the full-page screenshot the first click only focuses the box
        page.keyboard.press("ArrowDown")
    option.click()
    expect(undo_box).to_have_value(f"Import {batch_id}: {FILE_NAME}")
    undo_button = page.get_by_role("button", name="Ongedaan maken")
    expect(undo_button).to_be_disabled()
    page.get_by_text(re.compile(r"^Ik weet het zeker")).click()
    expect(undo_button).to_be_enabled(timeout=APP_TIMEOUT_MS)
    undo_button.click()
    expect(success).to_have_text(f"Import {batch_id} ongedaan gemaakt: {new} rijen verwijderd.", timeout=APP_TIMEOUT_MS)
    wait_for_app(page)

    assert sql(store_copy, "SELECT count(*) FROM report") == reports_before
    assert sql(store_copy, "SELECT undone_at IS NOT NULL FROM import_batch WHERE id=?", batch_id) == 1
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    assert app_errors(page_errors) == []


def test_a_preview_with_rejected_rows(server_on_copy, page, page_errors, artifacts_dir):
    """The fixture file with a report at sea: the preview names the row, column, value and reason."""
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "import" / "meldingen-fout.csv"
    open_gegevens_signed_in(page, server_on_copy)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(fixture))
    expect(metric_value(page, "Afgekeurd")).to_have_text("1", timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    expect(metric_value(page, "Nieuw")).to_have_text("0")
    expect(page.get_by_text("1 rij afgekeurd")).to_be_visible()
    expect(page.get_by_role("button", name="Afgekeurde rijen (CSV)")).to_be_visible()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    full_page_screenshot(page, artifacts_dir / "gegevens-afgekeurd.png")
    assert app_errors(page_errors) == []
