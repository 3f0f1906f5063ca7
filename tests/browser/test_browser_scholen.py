"""The Scholen page in a real browser: a page URL on a fresh server, then the one-screen VIOS view."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.browser_helpers import app_errors, full_page_screenshot, wait_for_app
from tests.browser.conftest import VIEWPORT

pytestmark = pytest.mark.browser

METRICS = ["Lesactiviteiten uitgevoerd", "Leerlingen bereikt", "Scholen bereikt", "Achter of niets gepland"]
VIOS_SCHOOLS = 8  # every demo school is a VIOS member


def test_scholen_on_fresh_server_then_the_vios_view(start_fresh_server, page, page_errors, artifacts_dir, monkeypatch):
    # No file watcher: an edit to vsdata/ while this test runs would make Streamlit re-import the models.
    monkeypatch.setenv("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    base_url = start_fresh_server()

    page.goto(f"{base_url}/scholen")
    wait_for_app(page)

    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.locator("h1", has_text="Scholen")).to_be_visible()
    assert urlsplit(page.url).path == "/scholen", page.url
    metrics = page.locator("[data-testid=stMetric]")
    expect(metrics).to_have_count(4)
    for index, label in enumerate(METRICS):
        expect(metrics.nth(index).locator("[data-testid=stMetricLabel]")).to_have_text(label)
    expect(metrics.nth(0).locator("[data-testid=stMetricValue]")).to_have_text("8 van 46")
    # The programme's status in words beside the number, as on the Overzicht.
    expect(metrics.nth(0).locator("[data-testid=stMetricDelta]")).to_have_text("achter")
    expect(page.get_by_role("tab")).to_have_text(["Dekking", "Grafieken", "Kaart", "Per school"])
    table = page.locator("[data-testid=stDataFrame]").first
    expect(table).to_be_visible()
    # The coverage table fits the page: no sideways scrolling.
    scroller = table.locator(".dvn-scroller")
    widths = scroller.evaluate("element => [element.scrollWidth, element.clientWidth]")
    assert widths[0] <= widths[1], widths
    full_page_screenshot(page, artifacts_dir / "scholen.png")

    page.get_by_role("tab", name="Per school").click()
    wait_for_app(page)
    # It opens on the first programme school in the table's order (behind), not on the first name.
    expect(page.get_by_role("combobox", name="School", exact=True)).to_have_value("Insula College vmbo (Leerpark)")
    expect(page.get_by_text("Binnen 500 m van deze school:")).to_be_visible()
    assert app_errors(page_errors) == []

    page.goto(f"{base_url}/scholen?weergave=vios")
    wait_for_app(page)

    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.locator("h2", has_text="VIOS-scholen, schooljaar 2026/27")).to_be_visible()
    expect(page.locator("[data-testid=stMetric]")).to_have_count(0)
    table = page.locator("table.vs-vios")
    expect(table).to_be_visible()
    expect(table.locator("tr")).to_have_count(1 + VIOS_SCHOOLS)
    expect(page.locator(".vs-total")).to_contain_text("VIOS-scholen bereikt")
    page.screenshot(path=artifacts_dir / "scholen-vios.png")
    # The table starts on the first screen at 1400 x 1000 (whether it ends there: see below).
    assert page.viewport_size == VIEWPORT
    expect(table.locator("th").first).to_be_in_viewport()
    expect(table).to_be_in_viewport()
    assert app_errors(page_errors) == []


def test_vios_view_fits_one_screen(start_fresh_server, page, page_errors, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    base_url = start_fresh_server()
    page.goto(f"{base_url}/scholen?weergave=vios")
    wait_for_app(page)

    table = page.locator("table.vs-vios")
    expect(table.locator("tr")).to_have_count(1 + VIOS_SCHOOLS)
    assert page.viewport_size == VIEWPORT
    box = table.bounding_box()
    notice = page.get_by_role("alert").filter(has_text="Demodata:").bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= VIEWPORT["height"], (box, notice)
    assert app_errors(page_errors) == []
