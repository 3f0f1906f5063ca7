"""The WCAG 2.1 AA checks the browser tests run on a page as shown: axe-core, and the contrast of chart text.

What Streamlit itself renders and the project cannot change is listed in ALLOWED, by rule, with the reason.
"""

from __future__ import annotations

import math
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from vsdata import palette

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


def wcag_problems(page: Page, where: str) -> list[str]:
    """Everything on the page as shown that fails WCAG 2.1 AA, by where it was seen."""
    return serious_violations(page, where) + chart_text_below_aa(page, where)
