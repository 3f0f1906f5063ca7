"""Colours, Dutch number and date labels, and the Altair theme every chart shares."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata import palette
from vsdata.formatting import MONTHS

OTHERS = "Overige"

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
    """Altair's default view size, Dutch numbers and dates (axes, tooltips, text) and readable labels in every chart."""
    ink = {"labelColor": palette.SECONDARY_INK, "titleColor": palette.SECONDARY_INK}
    return alt.theme.ThemeConfig(
        config={
            "view": {"continuousWidth": 300, "continuousHeight": 300},
            "locale": DUTCH_LOCALE,
            # Streamlit's own theme draws these in a grey of 3.8:1 on white; AA asks 4.5:1.
            "axis": ink,
            "legend": ink,
            "header": ink,
            "title": {"color": palette.INK, "subtitleColor": palette.SECONDARY_INK},
        }
    )


# Dutch thousands separators on number axes: 30.000, not 30,000.
THOUSANDS_LABEL = "replace(format(datum.value, ',.0f'), ',', '.')"
# Dutch decimal commas on axes with fractions: 0,25, not 0.25.
DECIMALS_LABEL = "replace(format(datum.value, '.2~f'), '.', ',')"
# Dutch month names on time axes.
MONTH_YEAR_LABEL = "[" + ",".join(f"'{m}'" for m in MONTHS) + "][month(datum.value)] + ' ' + year(datum.value)"


def category_scale(values: list[str]) -> alt.Scale:
    """Okabe & Ito's colours for up to six categories, in the order given (see :func:`at_most_six`)."""
    return alt.Scale(domain=list(values), range=palette.CATEGORICAL[: len(values)])


def at_most_six(frame: pd.DataFrame, column: str, weight: str) -> tuple[pd.DataFrame, list[str]]:
    """The five largest categories by ``weight`` and the rest as one "Overige", when there are more than six.

    Six is as many colours as stay apart for every kind of colour vision;
    the table beside the chart keeps every category.
    """
    order = frame.groupby(column, sort=False)[weight].sum().sort_values(ascending=False, kind="stable").index.tolist()
    if len(order) <= len(palette.CATEGORICAL):
        return frame, [str(value) for value in order]
    kept = order[: len(palette.CATEGORICAL) - 1]
    merged = frame.assign(**{column: frame[column].where(frame[column].isin(kept), OTHERS)})
    return merged, [*map(str, kept), OTHERS]
