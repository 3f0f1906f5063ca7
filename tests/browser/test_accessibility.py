"""WCAG 2.1 AA in a real browser: axe-core scans the presentation mode and the sign-in screen, and fails on any
serious or critical violation. Every page and tab of every role is scanned on the pass through them in
test_browser_consistency.py, which visits each anyway.
"""

from __future__ import annotations

import pytest

from tests.browser.browser_helpers import assert_sign_in_screen, wait_for_app
from tests.browser.wcag_checks import serious_violations, wcag_problems

pytestmark = pytest.mark.browser


def test_the_presentation_mode_meets_wcag_aa(app_url, page):
    page.goto(f"{app_url}/?presentatie=1")
    wait_for_app(page)
    found = wcag_problems(page, "presentatie dia 1")
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    found += wcag_problems(page, "presentatie dia 2")
    assert found == []


def test_the_sign_in_screen_meets_wcag_aa(start_server, demo_store_path, sign_in_secrets, page):
    page.goto(start_server(demo_store_path, sign_in_secrets))
    assert_sign_in_screen(page)
    assert serious_violations(page, "aanmelden") == []
