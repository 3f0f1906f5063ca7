"""The Onderzoek and Communicatie pages in a real browser: every tab, its charts drawn, a screenshot per tab."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_helpers import APP_TIMEOUT_MS, ROLE_SELECTOR, app_errors, full_page_screenshot, wait_for_app

pytestmark = pytest.mark.browser

# Per tab: its label, the number of charts it draws on the demo store, the screenshot's name.
ONDERZOEK_TABS = [
    ("Indicatoren", 3, "onderzoek-indicatoren.png"),
    ("Meldingen in de app", 1, "onderzoek-meldingen.png"),
    ("Effect schoolprogramma", 1, "onderzoek-effect.png"),
]
COMMUNICATIE_TABS = [
    ("Campagne", 1, "communicatie-campagne.png"),
    ("Bereik en kosten", 1, "communicatie-bereik.png"),
    ("Effect op melden", 1, "communicatie-effect.png"),
    ("Partners", 0, "communicatie-partners.png"),
]


def active_panel(page: Page):
    """The tab panel on show; the others are hidden."""
    return page.locator("[data-testid=stTabs] [role=tabpanel]:visible")


def assert_page(page: Page, title: str, tabs: list[str]) -> None:
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.locator("h1", has_text=title)).to_be_visible()
    expect(page.get_by_role("tab")).to_have_text(tabs)


def assert_charts_drawn(page: Page, count: int) -> None:
    charts = active_panel(page).locator("[data-testid=stVegaLiteChart]")
    expect(charts).to_have_count(count, timeout=APP_TIMEOUT_MS)
    for index in range(count):
        drawing = charts.nth(index).locator("canvas, svg").first
        expect(drawing).to_be_visible(timeout=APP_TIMEOUT_MS)
        box = drawing.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, box


def visit_tabs(page: Page, tabs: list[tuple[str, int, str]], artifacts_dir) -> None:
    for label, charts, shot in tabs:
        page.get_by_role("tab", name=label, exact=True).click()
        expect(page.get_by_role("tab", name=label, exact=True)).to_have_attribute("aria-selected", "true")
        wait_for_app(page)
        expect(page.locator("[data-testid=stException]")).to_have_count(0)
        assert_charts_drawn(page, charts)
        tables = active_panel(page).locator("[data-testid=stDataFrame]:visible, [data-testid=stTable]:visible")
        expect(tables.first).to_be_visible()
        full_page_screenshot(page, artifacts_dir / shot)


def choose_role(page: Page, role_label: str) -> None:
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stSelectbox]", has_text=ROLE_SELECTOR).click()
    page.get_by_role("option", name=role_label, exact=True).click()
    wait_for_app(page)  # while the rerun runs, the old and the new switcher can both be on the page
    expect(page.get_by_role("combobox", name=ROLE_SELECTOR, exact=True)).to_have_value(
        role_label, timeout=APP_TIMEOUT_MS
    )


def test_onderzoek_every_tab(app_url, page, page_errors, artifacts_dir):
    page.goto(f"{app_url}/onderzoek")
    wait_for_app(page)
    assert_page(page, "Onderzoek", [label for label, _, _ in ONDERZOEK_TABS])
    for header in ("RADAR", "Veiligheidsmonitor", "Referentiecijfers straatintimidatie"):
        expect(page.get_by_role("heading", name=header, exact=True)).to_be_visible()
    visit_tabs(page, ONDERZOEK_TABS, artifacts_dir)

    # The effect per school: more rows, so the chart's labels get a harder test.
    page.locator("[data-testid=stSidebar] [data-testid=stRadioGroup]").get_by_text("school", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("radio", name="school", exact=True)).to_be_checked()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    assert_charts_drawn(page, 1)
    full_page_screenshot(page, artifacts_dir / "onderzoek-effect-school.png")
    assert app_errors(page_errors) == []


def test_communicatie_every_tab(app_url, page, page_errors, artifacts_dir):
    page.goto(f"{app_url}/communicatie")
    wait_for_app(page)
    assert_page(page, "Communicatie", [label for label, _, _ in COMMUNICATIE_TABS])
    visit_tabs(page, COMMUNICATIE_TABS, artifacts_dir)
    expect(active_panel(page).get_by_text("Nog niet gesproken in 2026")).to_be_visible()
    assert app_errors(page_errors) == []


def test_onderzoek_as_raad(app_url, page, page_errors, artifacts_dir):
    page.goto(f"{app_url}/")
    wait_for_app(page)
    choose_role(page, "Raadslid")

    nav = page.locator("[data-testid=stSidebarNav]")
    expect(nav.get_by_role("link", name="Communicatie")).to_have_count(0)
    nav.get_by_role("link", name="Onderzoek").click()
    wait_for_app(page)
    assert_page(page, "Onderzoek", [label for label, _, _ in ONDERZOEK_TABS])
    expect(page.get_by_role("combobox", name=ROLE_SELECTOR, exact=True)).to_have_value("Raadslid")
    assert_charts_drawn(page, 3)
    full_page_screenshot(page, artifacts_dir / "onderzoek-raad.png")

    page.get_by_role("tab", name="Meldingen in de app", exact=True).click()
    wait_for_app(page)
    assert_charts_drawn(page, 1)
    expect(active_panel(page).locator("[data-testid=stDataFrame]")).to_be_visible()
    full_page_screenshot(page, artifacts_dir / "onderzoek-raad-meldingen.png")
    assert app_errors(page_errors) == []


def test_the_school_year_cannot_be_cleared_to_an_empty_box(app_url, page, page_errors):
    page.goto(f"{app_url}/onderzoek")
    wait_for_app(page)
    page.get_by_role("tab", name="Effect schoolprogramma", exact=True).click()
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stRadioGroup]").get_by_text("school", exact=True).click()
    wait_for_app(page)

    box = sidebar.locator("[data-testid=stSelectbox]").filter(has_text="Schooljaar")
    clear = box.locator("[aria-label='Clear value']")
    if clear.count():
        clear.click()
        wait_for_app(page)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    # Whatever the visitor did, the box names the school years the page shows.
    assert sidebar.get_by_role("combobox", name="Schooljaar", exact=True).input_value() != ""
    expect(box).not_to_contain_text("Choose an option")
    assert app_errors(page_errors) == []
