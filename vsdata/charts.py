"""Altair chart builders: a DataFrame in, a chart out, no Streamlit."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata.formatting import MONTHS

PRIMARY = "#0B4F8A"
ACCENT = "#C2410C"
MUTED = "#9AA5B1"

# Dutch month names on time axes.
_DUTCH_TIME_LABEL = "[" + ",".join(f"'{m}'" for m in MONTHS) + "][month(datum.value)] + ' ' + year(datum.value)"


def report_trend_chart(frame: pd.DataFrame, grain: str, suppressed_label: str = "<5") -> alt.Chart:
    """Reports per week with a 4-week average, or per month with suppressed months greyed out.

    ``frame`` has columns periode, meldingen, label, onderdrukt (and gemiddelde for weeks).
    """
    data = frame.copy()
    data["periode"] = pd.to_datetime(data["periode"])
    data["getoond"] = data["meldingen"].astype("Float64").fillna(0).astype(float)
    data["tekst"] = data["label"]
    period_title = "Week (maandag)" if grain == "week" else "Maand"
    x = alt.X(
        "periode:T",
        title=period_title,
        axis=alt.Axis(labelExpr=_DUTCH_TIME_LABEL, tickCount="month" if grain == "month" else 6, labelAngle=0),
    )
    tooltip = [
        alt.Tooltip("periode:T", title=period_title, format="%d-%m-%Y"),
        alt.Tooltip("tekst:N", title="Meldingen"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=PRIMARY, opacity=0.85)
        .encode(x=x, y=alt.Y("getoond:Q", title="Meldingen"), tooltip=tooltip)
        .transform_filter("!datum.onderdrukt")
    )
    layers = [bars]
    if grain == "week" and "gemiddelde" in data:
        layers.append(
            alt.Chart(data)
            .mark_line(color=ACCENT, strokeWidth=2.5)
            .encode(
                x=x,
                y="gemiddelde:Q",
                tooltip=[*tooltip, alt.Tooltip("gemiddelde:Q", title="Gem. 4 weken", format=".1f")],
            )
        )
    if data["onderdrukt"].any():
        hidden = data[data["onderdrukt"]].assign(getoond=0.0)
        layers.append(
            alt.Chart(hidden)
            .mark_text(color=MUTED, dy=-8, fontSize=12)
            .encode(x=x, y="getoond:Q", text=alt.value(suppressed_label), tooltip=tooltip)
        )
    return alt.layer(*layers).properties(height=260)
