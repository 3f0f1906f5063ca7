"""What the browser tests share: waiting for the app, the sidebar and its role picker, signing in, the map,
and screenshots kept as artifacts."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Account
from vsdata.roles import Role, pages_for

APP_TIMEOUT_MS = 30_000
SETTLE_SECONDS = 0.5
NETWORK_ERROR = re.compile(r"Failed to fetch|NetworkError|net::ERR_|Load failed", re.IGNORECASE)
ROLE_SELECTOR = "Bekijk als (demomodus)"


def wait_for_app(page: Page, timeout_ms: int = APP_TIMEOUT_MS) -> None:
    """Wait until the script has finished and stays finished, with no skeletons left.

    A run can be followed at once by another (st.switch_page through the entry
    script), so the idle state must hold across a short pause.
    """
    idle = page.locator("[data-testid=stApp][data-test-script-state=notRunning]")
    skeletons = page.locator("[data-testid=stSkeleton]")
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
        expect(idle).to_have_count(1, timeout=remaining_ms)
        expect(skeletons).to_have_count(0, timeout=remaining_ms)
        page.wait_for_timeout(SETTLE_SECONDS * 1000)
        if idle.count() == 1 and skeletons.count() == 0:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"De app werd niet binnen {timeout_ms / 1000:.0f} s rustig")


def app_errors(page_errors: list[str]) -> list[str]:
    """Uncaught page errors, except those caused by network requests failing (no internet here)."""
    return [error for error in page_errors if not NETWORK_ERROR.search(error)]


MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
MIN_HEXAGONS = 10


def period_select(page: Page):
    """The period selectbox's input, whose value is the chosen option's label."""
    return page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="Periode", exact=True)


def wait_for_map(page: Page):
    """The map's iframe, once Leaflet has drawn the hexagons and the layer control."""
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-container")).to_have_count(1, timeout=APP_TIMEOUT_MS)
    expect(frame.locator(".leaflet-control-layers")).to_contain_text("Meldingen per vak", timeout=APP_TIMEOUT_MS)
    expect(frame.locator("path.leaflet-interactive").nth(MIN_HEXAGONS)).to_be_attached(timeout=APP_TIMEOUT_MS)
    return frame


def full_page_screenshot(page: Page, path) -> None:
    """The whole page: Streamlit scrolls inside its main area, so the viewport grows to fit it for the shot."""
    page.mouse.move(0, 0)  # no map tooltip under a resting pointer
    viewport = page.viewport_size
    height = page.evaluate(
        """() => Math.max(...['stMain', 'stSidebarContent'].map(
            id => document.querySelector(`[data-testid=${id}]`)?.scrollHeight ?? 0))"""
    )
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    page.wait_for_timeout(300)
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(viewport)


SIDEBAR = "[data-testid=stSidebar]"
NAV_LINK = "[data-testid=stSidebarNavLink]"


DATA_SELECTORS = {
    "tegels": "[data-testid=stMetric]",
    "tabellen": "[data-testid=stDataFrame]",
    "grafieken": "[data-testid=stVegaLiteChart]",
    "bestandskiezer": "[data-testid=stFileUploader]",
    "componenten (kaart)": "iframe",
}


def nav_titles(page: Page) -> list[str]:
    """The sidebar navigation's link texts, without the Material icon's ligature name."""
    return page.locator(NAV_LINK).evaluate_all(
        """links => links.map(link => {
            const copy = link.cloneNode(true);
            copy.querySelectorAll('[data-testid=stIconMaterial]').forEach(icon => icon.remove());
            return copy.textContent.trim();
        })"""
    )


def titles(role: Role) -> list[str]:
    return [spec.title for spec in pages_for(role)]


def leaflet_maps(page: Page) -> int:
    """Leaflet maps in the page and in every frame (the map component draws inside an iframe)."""
    return sum(frame.locator(".leaflet-container").count() for frame in page.frames)


def assert_no_data(page: Page, where: str = "") -> None:
    """No tiles, tables, charts, upload fields, component iframes, Leaflet maps or exception boxes."""
    for what, selector in DATA_SELECTORS.items():
        expect(page.locator(selector), f"{where}: geen {what} verwacht").to_have_count(0)
    assert leaflet_maps(page) == 0, f"{where}: een Leaflet-kaart"
    expect(page.locator("[data-testid=stException]"), f"{where}: geen foutmelding verwacht").to_have_count(0)


def assert_no_navigation(page: Page, where: str = "") -> None:
    expect(page.locator("[data-testid=stSidebarNav]"), f"{where}: geen navigatie verwacht").to_have_count(0)
    expect(page.locator(NAV_LINK), f"{where}: geen navigatielinks verwacht").to_have_count(0)


def sign_in_form(page: Page):
    return page.locator("[data-testid=stForm]").filter(has=page.get_by_label("Gebruikersnaam", exact=True))


def assert_sign_in_screen(page: Page, where: str = "") -> None:
    """The sign-in form and nothing else: no data, no navigation, nobody signed in."""
    expect(page.get_by_role("heading", name="Veilige Steden Dordrecht")).to_be_visible(timeout=APP_TIMEOUT_MS)
    form = sign_in_form(page)
    expect(form).to_be_visible()
    expect(form.get_by_label("Wachtwoord", exact=True)).to_be_visible()
    expect(form.get_by_role("button", name="Aanmelden")).to_be_visible()
    expect(page.get_by_text("Aangemeld als")).to_have_count(0)
    assert_no_data(page, where)
    assert_no_navigation(page, where)


def sign_in(page: Page, username: str, password: str) -> None:
    form = sign_in_form(page)
    form.get_by_label("Gebruikersnaam", exact=True).fill(username)
    form.get_by_label("Wachtwoord", exact=True).fill(password)
    form.get_by_role("button", name="Aanmelden").click()
    wait_for_app(page)


def assert_signed_in(page: Page, account: Account) -> None:
    sidebar = page.locator(SIDEBAR)
    expect(sidebar).to_contain_text(f"Aangemeld als {account.name}", timeout=APP_TIMEOUT_MS)
    expect(sidebar).to_contain_text(f"Rol: {account.role.label}")
    expect(sidebar.get_by_role("button", name="Afmelden")).to_be_visible()
    expect(sign_in_form(page)).to_have_count(0)
    assert nav_titles(page) == titles(account.role)


def alert(page: Page, text: str):
    """An st.error, st.warning or st.info box (errors have role alert, infos role status)."""
    return page.locator("[data-testid=stAlert]").filter(has_text=text)


def choose_role(page: Page, role: Role) -> None:
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]", has_text=ROLE_SELECTOR).click()
    page.get_by_role("option", name=role.label, exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("combobox", name=ROLE_SELECTOR, exact=True)).to_have_value(role.label)
