"""The Meldingen page in a real browser: a shared link on a fresh server, the map, local assets, the raad view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.browser_helpers import (
    APP_TIMEOUT_MS,
    MIN_HEXAGONS,
    ROLE_SELECTOR,
    app_errors,
    full_page_screenshot,
    period_select,
    wait_for_app,
    wait_for_map,
)

pytestmark = pytest.mark.browser

LOCAL_HOST = "127.0.0.1"
TILE_HOSTS = {"service.pdok.nl", "tile.openstreetmap.org"}


def test_shared_link_on_fresh_server_then_as_raad(start_fresh_server, page, page_errors, artifacts_dir, monkeypatch):
    # No file watcher: an edit to vsdata/models.py while this test runs would make Streamlit re-import it,
    # and SQLModel refuses to define its tables twice.
    monkeypatch.setenv("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    base_url = start_fresh_server()

    page.goto(f"{base_url}/meldingen?periode=alles")
    wait_for_app(page)

    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.locator("h1", has_text="Meldingen")).to_be_visible()
    expect(page.locator("[data-testid=stMetric]")).to_have_count(4)
    # The query parameters survived the detour through the entry script.
    expect(period_select(page)).to_have_value("Sinds de start")
    assert parse_qs(urlsplit(page.url).query) == {"periode": ["alles"]}, page.url
    assert urlsplit(page.url).path == "/meldingen", page.url

    frame = wait_for_map(page)
    assert frame.locator("path.leaflet-interactive").count() > MIN_HEXAGONS
    expect(frame.locator(".leaflet-control-layers")).to_contain_text("Heatmap")
    full_page_screenshot(page, artifacts_dir / "meldingen.png")

    assets = [url for url in requests if urlsplit(url).path.endswith((".js", ".css"))]
    assert any("leaflet" in url for url in assets), assets
    assert [url for url in assets if urlsplit(url).hostname != LOCAL_HOST] == []
    outside = [
        url
        for url in requests
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname not in {LOCAL_HOST, *TILE_HOSTS}
    ]
    assert outside == []

    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stSelectbox]", has_text=ROLE_SELECTOR).click()
    page.get_by_role("option", name="Raadslid", exact=True).click()
    wait_for_app(page)  # while the rerun runs, the old and the new switcher can both be on the page
    expect(page.get_by_role("combobox", name=ROLE_SELECTOR, exact=True)).to_have_value(
        "Raadslid", timeout=APP_TIMEOUT_MS
    )
    wait_for_app(page)

    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.locator("h1", has_text="Meldingen")).to_be_visible()
    expect(period_select(page)).to_have_value("Sinds de start")
    frame = wait_for_map(page)
    expect(frame.locator(".leaflet-control-layers")).not_to_contain_text("Heatmap")
    expect(sidebar.get_by_text("Fijn (9)")).to_have_count(0)
    page.get_by_role("tab", name="Wat en wie").click()
    expect(page.locator("[data-testid=stDataFrame]:visible").first).to_be_visible()
    full_page_screenshot(page, artifacts_dir / "meldingen-raad.png")
    assert app_errors(page_errors) == []
