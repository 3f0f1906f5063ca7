"""Reports over time: one chart for weeks and months, hidden periods drawn as grey bars."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata.charts.style import ACCENT, MONTH_YEAR_LABEL, MUTED, PRIMARY
from vsdata.formatting import format_period

MAX_LABELLED_MOMENTS = 5


def report_trend_chart(frame: pd.DataFrame, grain: str) -> alt.LayerChart:
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
        x_axis = alt.Axis(labelExpr=MONTH_YEAR_LABEL, tickCount="month", labelAngle=0, grid=False)
    else:
        # A tick in the middle of each month, so each label sits under its own bar.
        middles = [alt.DateTime(year=day.year, month=day.month, date=15) for day in data["periode"]]
        x_axis = alt.Axis(labelExpr=MONTH_YEAR_LABEL, values=middles, labelAngle=0, grid=False, labelOverlap=True)
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
    if "gemiddelde" in data:
        layers.append(
            base.transform_filter("isValid(datum.gemiddelde)")
            .mark_line(color=ACCENT, strokeWidth=2.5)
            .encode(
                x="midden:T",
                y="gemiddelde:Q",
                tooltip=[*tooltip, alt.Tooltip("gemiddelde:Q", title="Voortschrijdend gemiddelde", format=".1f")],
            )
        )
    if data["onderdrukt"].any():
        layers.append(_suppressed_labels(base, tooltip))
    return alt.layer(*layers).properties(height=260)


def _suppressed_labels(base: alt.Chart, tooltip: list) -> alt.Chart:
    """The label ('<5', 'afgeschermd') of each hidden bar, at the foot of its place."""
    return (
        base.transform_filter("datum.onderdrukt")
        .mark_text(color="#52606D", dy=-8, fontSize=12)
        .encode(x="midden:T", y=alt.datum(0), text="label:N", tooltip=tooltip)
    )


def report_period_chart(trend: pd.DataFrame, grain: str, activities: pd.DataFrame) -> alt.LayerChart:
    """Reports per week or month with a moving average, last year's line and campaign moments as rules.

    ``trend`` has periode, meldingen (masked), label, onderdrukt and vorig_jaar;
    ``activities`` has datum and titel.
    """
    data = trend.copy()
    window = 4 if grain == "week" else 3
    data["gemiddelde"] = data["meldingen"].astype("Float64").rolling(window, min_periods=window).mean()
    chart = report_trend_chart(data, grain)
    period_title = "Week (vanaf maandag)" if grain == "week" else "Maand"
    data["periode"] = pd.to_datetime(data["periode"])
    step = pd.DateOffset(weeks=1) if grain == "week" else pd.DateOffset(months=1)
    data["midden"] = data["periode"] + ((data["periode"] + step) - data["periode"]) * 0.5
    data["vorig_jaar_getoond"] = data["vorig_jaar"].astype("Float64").astype(float)
    last_year = (
        alt.Chart(data)
        .mark_line(color=MUTED, strokeDash=[4, 3], strokeWidth=2)
        .encode(
            x="midden:T",
            y="vorig_jaar_getoond:Q",
            tooltip=[
                alt.Tooltip("periode:T", title=period_title, format="%d-%m-%Y"),
                alt.Tooltip("vorig_jaar_getoond:Q", title="Zelfde periode vorig jaar"),
            ],
        )
    )
    return alt.layer(chart, last_year, *campaign_rules(activities)).properties(height=300)


def campaign_rules(activities: pd.DataFrame) -> list[alt.Chart]:
    """Campaign moments as dashed rules over a time axis, titled when there are few enough to read."""
    if not len(activities):
        return []
    moments = activities.assign(datum=pd.to_datetime(activities["datum"]))
    rules = (
        alt.Chart(moments)
        .mark_rule(color=ACCENT, strokeDash=[2, 2])
        .encode(x="datum:T", tooltip=[alt.Tooltip("datum:T", title="Campagne", format="%d-%m-%Y"), "titel:N"])
    )
    if len(moments) > MAX_LABELLED_MOMENTS:
        return [rules]
    labels = (
        alt.Chart(moments)
        .mark_text(align="left", baseline="top", dx=3, dy=2, angle=0, fontSize=10, color=ACCENT, limit=140)
        .encode(x="datum:T", y=alt.value(0), text="titel:N")
    )
    return [rules, labels]


def briefing_trend_chart(trend: pd.DataFrame) -> alt.LayerChart:
    """Reports per month in the briefing's period and the one before; a month cut by a period is a narrower bar.

    ``trend`` has van, tot (inclusive), meldingen (masked), label, onderdrukt and in_periode.
    """
    data = trend.copy()
    data["begin"] = pd.to_datetime(data["van"]) + pd.Timedelta(hours=12)
    data["einde"] = pd.to_datetime(data["tot"]) + pd.Timedelta(hours=12)
    data["midden"] = data["begin"] + (data["einde"] - data["begin"]) / 2
    data["getoond"] = data["meldingen"].astype("Float64").astype(float)
    data["periode"] = data["in_periode"].map({True: "Deze periode", False: "Periode ervoor"})
    data["dagen"] = [format_period(van, tot) for van, tot in zip(data["van"], data["tot"], strict=True)]
    middles = [alt.DateTime(year=day.year, month=day.month, date=15) for day in pd.to_datetime(data["van"])]
    data = data.drop(columns=["van", "tot"])
    x_axis = alt.Axis(labelExpr=MONTH_YEAR_LABEL, values=middles, labelAngle=0, grid=False, labelOverlap=True)
    tooltip = [alt.Tooltip("dagen:N", title="Dagen"), alt.Tooltip("label:N", title="Meldingen")]
    base = alt.Chart(data)
    bars = (
        base.transform_filter("!datum.onderdrukt")
        .mark_bar()
        .encode(
            x=alt.X("begin:T", title=None, axis=x_axis),
            x2="einde:T",
            y=alt.Y("getoond:Q", title="Meldingen", scale=alt.Scale(nice=True, zero=True)),
            y2=alt.datum(0),
            color=alt.Color(
                "periode:N",
                title=None,
                scale=alt.Scale(
                    domain=["Periode ervoor", "Deze periode"][1 if data["in_periode"].all() else 0 :],
                    range=[MUTED, PRIMARY][1 if data["in_periode"].all() else 0 :],
                ),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=tooltip,
        )
    )
    layers: list[alt.Chart] = [bars]
    if data["onderdrukt"].any():
        layers.append(_suppressed_labels(base, tooltip))
    return alt.layer(*layers).properties(height=260)
