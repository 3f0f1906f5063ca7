"""Every page and tab as each role would see it: Dutch words only, no leak, nothing wider than the screen,
and nothing that fails WCAG 2.1 AA (axe-core and the contrast of chart text).

One pass per role through every page it may open, as at a stand-up, a VIOS
meeting or a council briefing. What a screen says is read from the browser,
so a label Streamlit or a chart adds itself is checked too.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_helpers import app_errors, choose_role, full_page_screenshot, wait_for_app
from tests.browser.wcag_checks import wcag_problems
from vsdata.roles import Role, pages_for

pytestmark = pytest.mark.browser

WIDTH = 1440
FORBIDDEN = {
    "English": re.compile(r"Burn-down|Browse files|Drag and drop|per file|\bUpload\b"),
    "statistics jargon": re.compile(r"Gi\*|\bFDR\b|hexagon", re.IGNORECASE),
    "a bracketed plural": re.compile(r"\w\((s|en|n)\)"),
    "a raw field name": re.compile(r"\b(gemiddelde_voor|budget_line_id|brin|meldingen_500m)\b"),
}
BUDGET_WORDS = re.compile(r"OCW|subsidie|€")


def visible_text(page: Page) -> str:
    """The main area's text as shown: closed expanders (the method notes) and other tabs stay out."""
    return page.locator("[data-testid=stMain]").inner_text()


def words_out_of_place(text: str) -> list[str]:
    return [f"{kind}: {match.group(0)!r}" for kind, pattern in FORBIDDEN.items() for match in pattern.finditer(text)]


def too_wide(page: Page) -> list[str]:
    """What scrolls sideways: the page itself, a table wider than its frame, a chart wider than its column."""
    return page.evaluate(
        """(width) => {
            const wide = [];
            if (document.documentElement.scrollWidth > width + 1) wide.push('de pagina');
            for (const table of document.querySelectorAll('[data-testid=stDataFrame]')) {
                const scroller = table.querySelector('.dvn-scroller');
                if (table.offsetParent !== null && scroller && scroller.scrollWidth > scroller.clientWidth + 1)
                    wide.push('tabel: ' + table.innerText.split('\\n')[0].slice(0, 40));
            }
            for (const chart of document.querySelectorAll('[data-testid=stVegaLiteChart]')) {
                const drawing = chart.querySelector('canvas, svg');
                const frame = chart.parentElement.getBoundingClientRect();
                if (chart.offsetParent !== null && drawing && drawing.getBoundingClientRect().right > frame.right + 2)
                    wide.push('grafiek');
            }
            return wide;
        }""",
        WIDTH,
    )


def visit(page: Page, role: Role, key: str, artifacts_dir, wcag: list[str]) -> dict[str, str]:
    """Every tab of one page: its text by tab label (the page itself under ''); what fails WCAG goes to ``wcag``."""
    page.locator("[data-testid=stSidebarNavLink]", has_text=re.compile(key, re.IGNORECASE)).click()
    wait_for_app(page)
    texts = {"": visible_text(page)}
    wcag += wcag_problems(page, f"{role.value} {key}")
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        label = tabs.nth(index).inner_text().strip()
        tabs.nth(index).click()
        wait_for_app(page)
        texts[label] = visible_text(page)
        wcag += wcag_problems(page, f"{role.value} {key} / {label}")
        expect(page.locator("[data-testid=stException]")).to_have_count(0)
        assert too_wide(page) == [], f"{role} {key} / {label}: wider than {WIDTH} px"
        full_page_screenshot(page, artifacts_dir / f"{role}-{key}-{index}.png")
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    assert too_wide(page) == [], f"{role} {key}: wider than {WIDTH} px"
    return texts


@pytest.mark.parametrize("role", list(Role))
def test_every_page_and_tab_speaks_dutch_fits_and_shows_only_what_the_role_may_see(
    app_url, browser, page_errors, artifacts_dir, role
):
    context = browser.new_context(viewport={"width": WIDTH, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(f"{error.name}: {error.message}"))
    try:
        page.goto(f"{app_url}/")
        wait_for_app(page)
        choose_role(page, role)
        wcag: list[str] = []
        seen = {spec.key: visit(page, role, spec.key, artifacts_dir, wcag) for spec in pages_for(role)}
    finally:
        context.close()

    assert wcag == [], "serious or critical WCAG 2.1 AA violations"

    problems = [
        f"{key} {tab or '(pagina)'}: {problem}"
        for key, tabs in seen.items()
        for tab, text in tabs.items()
        for problem in words_out_of_place(text)
    ]
    assert problems == []
    overview = seen["overzicht"][""]
    if role is Role.VIOS:
        assert not BUDGET_WORDS.search(overview.split("Raadsbriefing")[0]), "budget figures on a school director's page"
    else:
        assert "OCW-subsidie" in overview
    # The programme's status reads the same on the Overzicht tile and the Scholen tile.
    statuses = [
        re.search(r"Lesactiviteiten[^\n]*\n+\d+ van \d+\n+(op koers|achter|niets gepland)", text)
        for text in (overview, seen["scholen"][""])
    ]
    assert all(statuses), "both pages show the programme's lessons with a status word"
    assert statuses[0].group(1) == statuses[1].group(1)
    assert app_errors(page_errors) == []
