"""Colours, Dutch number and date labels, and the Altair theme every chart shares."""

from __future__ import annotations

import altair as alt

from vsdata.formatting import MONTHS

PRIMARY = "#0B4F8A"
ACCENT = "#C2410C"
MUTED = "#9AA5B1"
SUPPRESSED_FILL = "#CBD2D9"
"""Grey of a hidden count: a bar, a grid cell or a hexagon whose number the role may not see."""
LABEL_GREY = "#52606D"

DUTCH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari", "februari", "maart", "april", "mei", "juni",
            "juli", "augustus", "september", "oktober", "november", "december",
        ],
        "shortMonths": MONTHS,
    },
}  # fmt: skip


@alt.theme.register("vsdata", enable=True)
def _dutch_theme() -> alt.theme.ThemeConfig:
    """Altair's default view size, with Dutch numbers and dates in every chart: axes, tooltips and text."""
    return alt.theme.ThemeConfig(
        config={"view": {"continuousWidth": 300, "continuousHeight": 300}, "locale": DUTCH_LOCALE}
    )


# Dutch thousands separators on number axes: 30.000, not 30,000.
THOUSANDS_LABEL = "replace(format(datum.value, ',.0f'), ',', '.')"
# Dutch decimal commas on axes with fractions: 0,25, not 0.25.
DECIMALS_LABEL = "replace(format(datum.value, '.2~f'), '.', ',')"
# Dutch month names on time axes.
MONTH_YEAR_LABEL = "[" + ",".join(f"'{m}'" for m in MONTHS) + "][month(datum.value)] + ' ' + year(datum.value)"
