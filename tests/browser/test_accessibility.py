"""WCAG 2.1 AA in a real browser: axe-core scans every page and tab for every role that may open it, the
presentation mode and the sign-in screen, and fails on any serious or critical violation.

What Streamlit itself renders and the project cannot change is listed in ALLOWED, by rule, with the reason.
"""

from __future__ import annotations

import math
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.test_browser import wait_for_app
from tests.browser.test_browser_access import assert_sign_in_screen
from tests.browser.test_browser_consistency import choose_role
from vsdata import palette
from vsdata.roles import Role, pages_for

pytestmark = pytest.mark.browser

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ALLOWED = {
    "button-name": "Streamlit's file uploader draws its 'Browse files' button without text or label inside a "
    "drop zone that carries the uploader's label; the project cannot reach that button",
}
"""Rules whose violations come from Streamlit's own widgets, with why they cannot be fixed here."""

_axe = Axe()


def serious_violations(page: Page, where: str) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations on the page as shown, outside ALLOWED."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]})
    return [
        f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}: "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical") and violation["id"] not in ALLOWED
    ]


CHART_TEXT_COLOURS = """() => [...new Set([...document.querySelectorAll('.vega-embed svg text')].map(text => {
    const style = getComputedStyle(text);
    return `${style.fill}|${style.fillOpacity}|${style.opacity}`;
}))]"""


def chart_text_below_aa(page: Page, where: str) -> list[str]:
    """Chart labels, titles and legends under 4.5:1 on the charts' white: axe-core does not check SVG text."""
    found = []
    for colour in page.evaluate(CHART_TEXT_COLOURS):
        fill, *opacities = colour.split("|")
        channels = [int(value) for value in re.findall(r"\d+", fill)[:3]]
        alpha = math.prod(float(value) for value in opacities)
        if alpha == 0:
            continue  # a label Vega hides because it would overlap another
        # The text over white, as it is seen: each channel mixed with white by the opacity.
        seen = "#" + "".join(f"{round(value * alpha + 255 * (1 - alpha)):02X}" for value in channels)
        if palette.contrast_ratio(seen, palette.WHITE) < 4.5:
            found.append(f"{where}: grafiektekst in {fill} (dekking {alpha:g}) haalt geen 4,5:1")
    return found


def scan_page_and_tabs(page: Page, where: str) -> list[str]:
    found = serious_violations(page, where) + chart_text_below_aa(page, where)
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        label = tabs.nth(index).inner_text().strip()
        tabs.nth(index).click()
        wait_for_app(page)
        found += serious_violations(page, f"{where} / {label}") + chart_text_below_aa(page, f"{where} / {label}")
    return found


@pytest.mark.parametrize("role", list(Role))
def test_every_page_a_role_may_open_meets_wcag_aa(app_url, page, role):
    page.goto(f"{app_url}/")
    wait_for_app(page)
    choose_role(page, role)
    found = []
    for spec in pages_for(role):
        page.locator("[data-testid=stSidebarNavLink]", has_text=spec.title).first.click()
        wait_for_app(page)
        found += scan_page_and_tabs(page, f"{role.value} {spec.key}")
    assert found == []


def test_the_presentation_mode_meets_wcag_aa(app_url, page):
    page.goto(f"{app_url}/?presentatie=1")
    wait_for_app(page)
    found = serious_violations(page, "presentatie dia 1") + chart_text_below_aa(page, "presentatie dia 1")
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    found += serious_violations(page, "presentatie dia 2") + chart_text_below_aa(page, "presentatie dia 2")
    assert found == []


def test_the_sign_in_screen_meets_wcag_aa(start_server, demo_store_path, sign_in_secrets, page):
    page.goto(start_server(demo_store_path, sign_in_secrets))
    assert_sign_in_screen(page)
    assert serious_violations(page, "aanmelden") == []
