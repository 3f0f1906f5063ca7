"""Begroting charts: the grant's burn-down and plan against realisation per line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata.budget import short_label
from vsdata.charts.style import ACCENT, MONTH_YEAR_LABEL, MUTED, PRIMARY, THOUSANDS_LABEL


def burn_down_chart(
    frame: pd.DataFrame, forecast, today, grant_cents: int, today_label: str = "vandaag"
) -> alt.LayerChart:
    """Remaining grant (euros) through the period: paid, paid + committed, the linear ideal, a forecast with band."""
    series = {
        "betaald": "Resterend na betaald",
        "betaald_en_verplicht": "Resterend na betaald + verplicht",
        "lineair": "Lineair tempo",
    }
    data = frame.assign(datum=pd.to_datetime(frame["datum"]))
    long = data.melt(id_vars="datum", value_vars=list(series), var_name="reeks", value_name="centen").dropna()
    long["euro"] = long["centen"].astype(float) / 100
    long["reeks"] = long["reeks"].map(series)
    names = list(series.values())
    x = alt.X("datum:T", title=None, axis=alt.Axis(labelExpr=MONTH_YEAR_LABEL, tickCount="month"))
    lines = (
        alt.Chart(long)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("euro:Q", title="Resterende subsidie (€)", axis=alt.Axis(labelExpr=THOUSANDS_LABEL)),
            color=alt.Color(
                "reeks:N",
                title=None,
                scale=alt.Scale(domain=names, range=[PRIMARY, ACCENT, MUTED]),
                legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0),
            ),
            strokeDash=alt.StrokeDash(
                "reeks:N", scale=alt.Scale(domain=names, range=[[1, 0], [1, 0], [5, 4]]), legend=None
            ),
            tooltip=[
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                "reeks:N",
                alt.Tooltip("euro:Q", title="Resterend (€)", format=",.2f"),
            ],
        )
    )
    layers = [lines]
    today_rule = alt.Chart(pd.DataFrame({"datum": [pd.Timestamp(today)], "tekst": [today_label]}))
    if data["datum"].min() <= pd.Timestamp(today) <= data["datum"].max():
        layers.append(today_rule.mark_rule(color="#1A1A1A", strokeDash=[2, 2]).encode(x="datum:T"))
        layers.append(
            today_rule.mark_text(align="right", dx=-4, dy=-4, baseline="bottom").encode(
                x="datum:T", y=alt.value(12), text="tekst:N"
            )
        )
    if forecast is not None:
        end = data["datum"].max()
        now_left = (grant_cents - (forecast.end_cents - forecast.run_rate_cents_per_month * forecast.months_left)) / 100
        projection = pd.DataFrame(
            {
                "datum": [pd.Timestamp(today), end],
                "euro": [now_left, (grant_cents - forecast.end_cents) / 100],
                "laag": [now_left, (grant_cents - forecast.high_cents) / 100],
                "hoog": [now_left, (grant_cents - forecast.low_cents) / 100],
            }
        )
        base = alt.Chart(projection)
        layers.append(base.mark_area(color=ACCENT, opacity=0.18).encode(x="datum:T", y="laag:Q", y2="hoog:Q"))
        layers.append(
            base.mark_line(color=ACCENT, strokeDash=[6, 3], strokeWidth=2).encode(
                x="datum:T",
                y="euro:Q",
                tooltip=[
                    alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                    alt.Tooltip("euro:Q", title="Verwacht resterend (€)", format=",.0f"),
                ],
            )
        )
    return alt.layer(*layers).properties(height=320)


def plan_realised_chart(lines: pd.DataFrame) -> alt.Chart:
    """Per budget line: the plan against what is paid and committed, in euros."""
    labels = [short_label(topic, action) for topic, action in zip(lines["onderwerp"], lines["actiepunt"], strict=True)]
    data = pd.DataFrame(
        {
            "post": labels * 2,
            "soort": ["Plan"] * len(lines) + ["Betaald en verplicht"] * len(lines),
            "euro": [*(lines["plan"] / 100), *((lines["betaald"] + lines["verplicht"]) / 100)],
        }
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("post:N", title=None, sort=labels, axis=alt.Axis(labelLimit=300, labelFontSize=11)),
            yOffset=alt.YOffset("soort:N", sort=["Plan", "Betaald en verplicht"]),
            x=alt.X("euro:Q", title="Euro", axis=alt.Axis(labelExpr=THOUSANDS_LABEL, tickCount=5)),
            color=alt.Color(
                "soort:N",
                title=None,
                scale=alt.Scale(domain=["Plan", "Betaald en verplicht"], range=[MUTED, PRIMARY]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["post:N", "soort:N", alt.Tooltip("euro:Q", title="Euro", format=",.0f")],
        )
        .properties(height=alt.Step(18))
    )
