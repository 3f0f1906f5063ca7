"""The Raadsbriefing in a real browser: the PDF download and presentation mode driven by the keyboard.

One server for the whole walk (each start costs seconds): Overzicht as the
programme manager (the demo default), the PDF, every topic with the arrow keys,
Esc back to Overzicht, and ``?presentatie=1`` on another page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.browser_helpers import APP_TIMEOUT_MS, app_errors, wait_for_app
from vsdata.briefing import TOPICS, topics_for
from vsdata.roles import Role

pytestmark = pytest.mark.browser

SIDEBAR = "[data-testid=stSidebar]"
NAV_LINK = "[data-testid=stSidebarNavLink]"
EXCEPTION = "[data-testid=stException]"
CHART = "[data-testid=stVegaLiteChart]"
PDF_TIMEOUT_MS = 90_000
MIN_PDF_BYTES = 50_000


def heading(page: Page, title: str):
    """The page's h1 with exactly this text (so "Meldingen" does not match "Kaart van de meldingen")."""
    return page.locator("h1").filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def assert_slide(page: Page, title: str, number: int, count: int) -> None:
    expect(heading(page, title)).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    expect(page.get_by_text(f"{number} / {count}", exact=True)).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    expect(page.locator(SIDEBAR)).to_be_hidden()
    expect(page.locator(NAV_LINK)).to_have_count(0)
    assert query(page).get("dia") == [str(number)], page.url


def test_pdf_download_and_presentation_by_keyboard(
    start_server, demo_store_path, page, page_errors, artifacts_dir, tmp_path
):
    url = start_server(demo_store_path)
    page.goto(f"{url}/")
    wait_for_app(page)
    expect(heading(page, "Overzicht")).to_be_visible()
    expect(page.locator(SIDEBAR)).to_be_visible()
    expect(page.get_by_role("heading", name="Raadsbriefing")).to_be_visible()

    # The PDF: made on the server when the button is clicked.
    pdf_button = page.locator("[data-testid=stDownloadButton]").filter(has_text="Raadsbriefing (PDF)")
    expect(pdf_button).to_have_count(1)
    pdf_button.scroll_into_view_if_needed()
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download_info:
        pdf_button.get_by_role("button").click()
    download = download_info.value
    assert download.suggested_filename == "raadsbriefing-2026-09-01-2026-11-27.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    document = saved.read_bytes()
    assert document.startswith(b"%PDF"), document[:20]
    assert len(document) > MIN_PDF_BYTES, len(document)
    wait_for_app(page)
    expect(page.locator(EXCEPTION)).to_have_count(0)

    # Presentation mode: no sidebar or menu, one topic per screen.
    page.get_by_role("button", name=re.compile("Presentatiemodus")).click()
    topics = topics_for(Role.PROGRAMMAMANAGER)
    titles = [TOPICS[topic] for topic in topics]
    assert_slide(page, titles[0], 1, len(titles))
    assert query(page) == {"presentatie": ["1"], "van": ["2026-09-01"], "tot": ["2026-11-27"], "dia": ["1"]}
    page.screenshot(path=artifacts_dir / "presentatie-kerncijfers.png")

    for number, (topic, title) in enumerate(zip(topics, titles, strict=True), start=1):
        if number > 1:
            page.keyboard.press("ArrowRight")
            assert_slide(page, title, number, len(titles))
        if topic == "kaart":
            chart = page.locator(CHART)
            expect(chart).to_have_count(1)
            expect(chart.locator("canvas, svg").first).to_be_visible(timeout=APP_TIMEOUT_MS)
            box = chart.locator("canvas, svg").first.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 300, box
            page.screenshot(path=artifacts_dir / "presentatie-kaart.png")

    # ArrowRight on the last topic stays there (Volgende is disabled).
    expect(page.get_by_role("button", name="Volgende")).to_be_disabled()
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    assert_slide(page, titles[-1], len(titles), len(titles))

    page.keyboard.press("ArrowLeft")
    assert_slide(page, titles[-2], len(titles) - 1, len(titles))

    page.keyboard.press("Escape")
    expect(heading(page, "Overzicht")).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_app(page)
    expect(page.locator(SIDEBAR)).to_be_visible()
    expect(page.locator(SIDEBAR).locator(NAV_LINK).first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    assert not {"presentatie", "van", "tot", "dia"} & set(query(page)), page.url

    # The parameter on another page changes nothing there.
    page.goto(f"{url}/meldingen?presentatie=1")
    wait_for_app(page)
    expect(heading(page, "Meldingen")).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.locator(SIDEBAR)).to_be_visible()
    expect(page.locator(SIDEBAR).locator(NAV_LINK, has_text="Overzicht")).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    assert app_errors(page_errors) == []
