"""The dashboard in a real browser: first load, the Overzicht page and the role switcher."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_helpers import APP_TIMEOUT_MS, ROLE_SELECTOR, app_errors, wait_for_app

pytestmark = pytest.mark.browser

ENTRY_PAGE_LINK = re.compile(r"^\s*dashboard\s*$", re.IGNORECASE)


def assert_overzicht(page: Page) -> None:
    """The Overzicht page rendered completely, inside the st.navigation shell.

    The shell's sidebar holds the role selector; the automatic ``pages/`` navigation
    would instead list the entry script as a page called "dashboard".
    """
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.locator("h1", has_text="Overzicht")).to_be_visible()
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_text(ROLE_SELECTOR)).to_be_visible()
    expect(sidebar.locator("[data-testid=stSidebarNavLink]", has_text=ENTRY_PAGE_LINK)).to_have_count(0)
    expect(page.locator("[data-testid=stMetric]")).to_have_count(4)
    expect(page.get_by_role("heading", name="Aandachtspunten")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Demodata:")).to_be_visible()


def test_page_url_on_fresh_server(start_fresh_server, page, page_errors, artifacts_dir):
    """A page URL opened first on a new server goes through the entry script and back."""
    base_url = start_fresh_server()
    page.goto(f"{base_url}/overzicht")
    wait_for_app(page)

    assert_overzicht(page)
    page.screenshot(path=artifacts_dir / "overzicht-fresh.png")
    assert app_errors(page_errors) == []


def test_the_first_start_builds_the_demo_without_a_visit_and_warns_of_nothing(
    start_server, tmp_path, page, page_errors
):
    store = tmp_path / "nieuw.sqlite"
    base_url = start_server(store)
    deadline = time.monotonic() + APP_TIMEOUT_MS / 1000
    while "Demo-opslag klaar" not in start_server.log() and time.monotonic() < deadline:
        time.sleep(0.1)  # the server answers while the demo is built beside it
    printed = start_server.log()
    assert "een demo-opslag wordt gebouwd" in printed and "Demo-opslag klaar" in printed, printed
    assert store.exists(), "the store is there before any browser asked for a page"
    assert "WARNING" not in printed and "static folder" not in printed, printed

    page.goto(f"{base_url}/")
    wait_for_app(page)
    assert_overzicht(page)
    assert app_errors(page_errors) == []
    expect(page.get_by_text("er is een demo-opslag aangemaakt")).to_have_count(0)


def test_overzicht_at_root(app_url, page, page_errors, artifacts_dir):
    """The default page at / shows the tiles, the attention list and the trend chart."""
    page.goto(f"{app_url}/")
    wait_for_app(page)

    assert_overzicht(page)
    chart = page.locator("[data-testid=stVegaLiteChart]")
    expect(chart).to_have_count(1)
    expect(chart.locator("canvas, svg").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "overzicht.png", full_page=True)
    assert app_errors(page_errors) == []


def test_role_switch_to_raad(app_url, page, page_errors, artifacts_dir):
    """As Raadslid, small counts are suppressed: fewer than 5 reports show as '<5'."""
    page.goto(f"{app_url}/")
    wait_for_app(page)

    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stSelectbox]", has_text=ROLE_SELECTOR).click()
    page.get_by_role("option", name="Raadslid", exact=True).click()
    wait_for_app(page)  # while the rerun runs, the old and the new switcher can both be on the page
    expect(page.get_by_role("combobox", name=ROLE_SELECTOR, exact=True)).to_have_value(
        "Raadslid", timeout=APP_TIMEOUT_MS
    )
    wait_for_app(page)

    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    tile = page.locator("[data-testid=stMetric]", has_text="Meldingen laatste 7 dagen")
    expect(tile.locator("[data-testid=stMetricValue]")).to_have_text("<5")
    page.screenshot(path=artifacts_dir / "overzicht-raad.png", full_page=True)
    assert app_errors(page_errors) == []
