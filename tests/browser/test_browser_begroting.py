"""The Begroting page in a real browser: opened first on a fresh server, the burn-down chart, the year choice."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_helpers import APP_TIMEOUT_MS, app_errors, full_page_screenshot, wait_for_app

pytestmark = pytest.mark.browser

WHOLE_PROGRAMME = "2023–2026 (hele programma)"


def year_select(page: Page):
    """The year selectbox's input, whose value is the chosen option's label."""
    return page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="Jaar", exact=True)


def assert_begroting(page: Page, label: str, grant: str) -> None:
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.locator("h1", has_text="Begroting")).to_be_visible()
    metrics = page.locator("[data-testid=stMetric]")
    expect(metrics).to_have_count(4)
    tile = metrics.filter(has_text=f"Subsidie OCW {label}")
    expect(tile.locator("[data-testid=stMetricValue]")).to_have_text(grant)
    chart = page.locator("[data-testid=stVegaLiteChart]")
    expect(chart).to_have_count(1)
    expect(chart.locator("canvas, svg").first).to_be_visible(timeout=APP_TIMEOUT_MS)


def test_begroting_on_fresh_server_then_whole_programme(
    start_fresh_server, page, page_errors, artifacts_dir, monkeypatch
):
    # No file watcher: an edit to vsdata/ while this test runs would make Streamlit re-import the models.
    monkeypatch.setenv("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    base_url = start_fresh_server()

    page.goto(f"{base_url}/begroting")
    wait_for_app(page)

    assert_begroting(page, "2026", "€\u00a030.000")
    expect(year_select(page)).to_have_value("2026")
    assert page.url.rstrip("/").endswith("/begroting"), page.url
    expect(page.get_by_role("tab", name="Uitgaven")).to_be_visible()
    full_page_screenshot(page, artifacts_dir / "begroting-2026.png")

    year_select(page).click()
    page.get_by_role("option", name=WHOLE_PROGRAMME, exact=True).click()
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Subsidie OCW 2023–2026")).to_be_visible(
        timeout=APP_TIMEOUT_MS
    )
    wait_for_app(page)

    assert_begroting(page, "2023\u20132026", "€\u00a0120.000")
    expect(year_select(page)).to_have_value(WHOLE_PROGRAMME)
    expect(page.get_by_text("Kies één jaar om de verantwoording")).to_have_count(1)
    full_page_screenshot(page, artifacts_dir / "begroting-programma.png")
    assert app_errors(page_errors) == []


def test_the_whole_programme_choice_cannot_be_cleared_to_an_empty_box(app_url, page, page_errors):
    page.goto(f"{app_url}/begroting")
    wait_for_app(page)
    year_select(page).click()
    page.get_by_role("option", name=WHOLE_PROGRAMME, exact=True).click()
    expect(page.locator("[data-testid=stMetric]").filter(has_text="Subsidie OCW 2023–2026")).to_be_visible(
        timeout=APP_TIMEOUT_MS
    )
    wait_for_app(page)

    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text="Jaar")
    clear = box.get_by_role("button", name="Clear value")
    if clear.count():
        clear.click()
        wait_for_app(page)
    # Whatever the visitor did, the box names the period the page shows.
    shown = page.locator("[data-testid=stMetric]").first.inner_text()
    assert year_select(page).input_value() != "", shown
    assert app_errors(page_errors) == []
