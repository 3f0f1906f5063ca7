"""By keyboard alone: every control the Tab key reaches shows where the focus is, the menu opens a page, and the
map's layers, legend and counts can be used and read without a mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.browser_helpers import APP_TIMEOUT_MS, MAP_FRAME, wait_for_app, wait_for_map

pytestmark = pytest.mark.browser

TAB_STOPS = 45
FOCUSED = """() => {
    let element = document.activeElement;
    // Into the map's frame (same origin): its focused element is what the keyboard is on.
    while (element && element.tagName === 'IFRAME' && element.contentDocument?.activeElement
           && element.contentDocument.activeElement !== element.contentDocument.body) {
        element = element.contentDocument.activeElement;
    }
    if (!element || element === document.body) return null;
    const style = element.ownerDocument.defaultView.getComputedStyle(element);
    return {
        what: `${element.tagName} ${element.getAttribute('data-testid') || ''} `
            + (element.getAttribute('aria-label') || element.innerText || '').trim().slice(0, 40),
        outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    };
}"""


def tab_to(page: Page, target: Locator, what: str) -> None:
    """Press Tab until ``target`` has the focus; fail when it is not reached."""
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{what} is met Tab niet te bereiken")


def test_every_tab_stop_shows_a_visible_focus(app_url, page: Page):
    page.goto(f"{app_url}/meldingen")
    wait_for_app(page)
    stops = []
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is not None:
            stops.append(focused)
    assert len({stop["what"] for stop in stops}) >= 20, stops
    assert [stop["what"] for stop in stops if stop["outline"] < 2] == []


def test_the_menu_and_the_tabs_work_by_keyboard(app_url, page: Page):
    page.goto(f"{app_url}/")
    wait_for_app(page)
    link = page.locator("[data-testid=stSidebarNavLink]", has_text="Meldingen").first
    tab_to(page, link, "De menulink 'Meldingen'")
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.locator("h1", has_text="Meldingen")).to_be_visible()
    first_tab = page.get_by_role("tab").first
    first_tab.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab").nth(1)).to_have_attribute("aria-selected", "true", timeout=APP_TIMEOUT_MS)


def test_the_map_layers_switch_by_keyboard_and_its_legend_is_text(app_url, page: Page):
    page.goto(f"{app_url}/meldingen?periode=alles")
    wait_for_app(page)
    frame = wait_for_map(page)
    expect(frame.locator(".vs-legend")).to_contain_text("Meldingen per vak")
    expect(page.get_by_text("Kaart in woorden.")).to_be_visible()
    schools = frame.get_by_role("checkbox", name="Scholen")
    page.locator(MAP_FRAME).focus()
    tab_to(page, schools, "De kaartlaag 'Scholen'")
    expect(schools).to_be_checked()
    page.keyboard.press("Space")
    expect(schools).not_to_be_checked()
    # On past the controls to the first hexagon: its tooltip with the count opens on focus.
    hexagon = frame.locator("path.leaflet-interactive").first
    tab_to(page, hexagon, "Een vak op de kaart")
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("Meldingen")
