"""Two app servers over one PostgreSQL store: a write in another process shows on both at their next rerun."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete

from tests.browser.browser_helpers import APP_TIMEOUT_MS, wait_for_app
from tests.browser.conftest import TODAY
from tests.report_helpers import sql
from vsdata import db, demo, tally
from vsdata.models import Report

pytestmark = pytest.mark.browser
TILE = "Meldingen laatste 7 dagen"


def last_week_tile(page: Page, base_url: str) -> str:
    page.goto(base_url)
    wait_for_app(page)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    value = page.locator("[data-testid=stMetric]", has_text=TILE).locator("[data-testid=stMetricValue]")
    expect(value).to_be_visible(timeout=APP_TIMEOUT_MS)
    return value.inner_text().strip()


def test_a_write_shows_on_both_servers_at_their_next_rerun(postgres_server, start_server, browser):
    today = date.fromisoformat(TODAY)
    url = postgres_server.new_database()
    demo.build_demo_store(db.get_engine(url), today=today)
    first, second = start_server(url), start_server(url)
    week_start = today - timedelta(days=6)
    (in_last_week,) = sql(url, "SELECT COUNT(*) FROM report WHERE local_date >= ?", week_start)[0]
    assert in_last_week > 0
    pages = [browser.new_page(), browser.new_page()]
    assert [last_week_tile(page, base) for page, base in zip(pages, (first, second), strict=True)] == [
        str(in_last_week)
    ] * 2

    # Another process (this test) writes through the app's own write path: the data version rises in the database.
    with db.write_session(db.get_engine(url)) as session:
        session.execute(delete(Report).where(Report.local_date >= week_start))
        tally.rebuild(session)

    assert [last_week_tile(page, base) for page, base in zip(pages, (first, second), strict=True)] == ["0", "0"]
    for page in pages:
        page.close()
