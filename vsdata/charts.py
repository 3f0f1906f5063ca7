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


def report_trend_chart(frame: pd.DataFrame, grain: str, suppressed_label: str = "<5") -> alt.LayerChart:
    """Reports per week with a 4-week average, or per month with suppressed months marked.

    ``frame`` has columns periode, meldingen, label, onderdrukt (and gemiddelde for weeks).
    Bars span their whole period, so weeks and months read as blocks, not hairlines.
    """
    data = frame.copy()
    data["periode"] = pd.to_datetime(data["periode"])
    step = pd.DateOffset(weeks=1) if grain == "week" else pd.DateOffset(months=1)
    span = (data["periode"] + step) - data["periode"]
    data["begin"] = data["periode"] + span * 0.08
    data["einde"] = data["periode"] + span * 0.92
    data["midden"] = data["periode"] + span * 0.5
    data["getoond"] = data["meldingen"].astype("Float64").astype(float)
    period_title = "Week (vanaf maandag)" if grain == "week" else "Maand"
    if grain == "week":
        x_axis = alt.Axis(labelExpr=_DUTCH_TIME_LABEL, tickCount="month", labelAngle=0, grid=False)
    else:
        # A tick in the middle of each month, so each label sits under its own bar.
        middles = [alt.DateTime(year=day.year, month=day.month, date=15) for day in data["periode"]]
        x_axis = alt.Axis(labelExpr=_DUTCH_TIME_LABEL, values=middles, labelAngle=0, grid=False, labelOverlap=True)
    tooltip = [
        alt.Tooltip("periode:T", title=period_title, format="%d-%m-%Y"),
        alt.Tooltip("label:N", title="Meldingen"),
    ]
    base = alt.Chart(data)
    bars = (
        base.mark_bar(color=PRIMARY, opacity=0.85)
        .encode(
            x=alt.X("begin:T", title=period_title, axis=x_axis),
            x2="einde:T",
            y=alt.Y("getoond:Q", title="Meldingen", scale=alt.Scale(nice=True, zero=True)),
            y2=alt.datum(0),
            tooltip=tooltip,
        )
        .transform_filter("!datum.onderdrukt")
    )
    layers: list[alt.Chart] = [bars]
    if grain == "week" and "gemiddelde" in data:
        layers.append(
            base.mark_line(color=ACCENT, strokeWidth=2.5).encode(
                x="midden:T",
                y="gemiddelde:Q",
                tooltip=[*tooltip, alt.Tooltip("gemiddelde:Q", title="Gemiddelde 4 weken", format=".1f")],
            )
        )
    if data["onderdrukt"].any():
        layers.append(
            base.transform_filter("datum.onderdrukt")
            .mark_text(color="#52606D", dy=-8, fontSize=12)
            .encode(x="midden:T", y=alt.datum(0), text=alt.value(suppressed_label), tooltip=tooltip)
        )
    return alt.layer(*layers).properties(height=260)
