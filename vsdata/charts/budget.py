"""Begroting charts: the remaining grant through the year, and plan against realisation per line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata import palette
from vsdata.budget import COMMITTED_LINE, LINEAR_LINE, PAID_LINE, short_label
from vsdata.charts.style import MONTH_YEAR_LABEL, THOUSANDS_LABEL

FORECAST_LINE = "Verwachting tot het einde, met 90 %-band"
# Paid is drawn wide and solid underneath; paid + committed thin and dashed on top, so where nothing is
# committed (the two lines coincide) both stay visible, also without colour.
_LINE_STYLES = {
    PAID_LINE: (palette.BRAND, [1, 0], 6.0),
    COMMITTED_LINE: (palette.ACCENT, [7, 3], 2.0),
    LINEAR_LINE: (palette.NEUTRAL, [2, 3], 1.5),
    FORECAST_LINE: (palette.ACCENT, [2, 2], 2.0),
}


def _line_encodings(names: list[str]) -> dict:
    """Colour and dash per line from one shared scale each, so one legend shows both."""
    styles = [_LINE_STYLES[name] for name in names]
    legend = alt.Legend(orient="bottom", direction="horizontal", labelLimit=0, symbolSize=400, symbolStrokeWidth=3)
    return {
        "color": alt.Color("reeks:N", title=None, scale=alt.Scale(domain=names, range=[s[0] for s in styles]),
                           legend=legend),
        "strokeDash": alt.StrokeDash("reeks:N", title=None, scale=alt.Scale(domain=names, range=[s[1] for s in styles]),
                                     legend=legend),
    }  # fmt: skip


def burn_down_chart(
    frame: pd.DataFrame, forecast, today, grant_cents: int, today_label: str = "vandaag"
) -> alt.LayerChart:
    """Remaining grant (euros) through the period: paid, paid + committed, the linear pace, a forecast with band."""
    series = {"betaald": PAID_LINE, "betaald_en_verplicht": COMMITTED_LINE, "lineair": LINEAR_LINE}
    data = frame.assign(datum=pd.to_datetime(frame["datum"]))
    long = data.melt(id_vars="datum", value_vars=list(series), var_name="reeks", value_name="centen").dropna()
    long["euro"] = (long["centen"].astype(float) / 100).round()
    long["reeks"] = long["reeks"].map(series)
    names = [LINEAR_LINE, PAID_LINE, COMMITTED_LINE] + ([FORECAST_LINE] if forecast is not None else [])
    encodings = _line_encodings(names)
    x = alt.X("datum:T", title=None, axis=alt.Axis(labelExpr=MONTH_YEAR_LABEL, tickCount="month"))
    y = alt.Y("euro:Q", title="Resterende subsidie (€)", axis=alt.Axis(labelExpr=THOUSANDS_LABEL))
    tooltip = [
        alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
        alt.Tooltip("reeks:N", title="Lijn"),
        alt.Tooltip("euro:Q", title="Resterend (€)", format=",.0f"),
    ]
    base = alt.Chart(long).encode(x=x, y=y, tooltip=tooltip, **encodings)
    # One layer per line, in this order: the later one is drawn on top.
    layers = [
        base.mark_line(strokeWidth=_LINE_STYLES[name][2]).transform_filter(alt.datum.reeks == name)
        for name in (LINEAR_LINE, PAID_LINE, COMMITTED_LINE)
    ]
    today_rule = alt.Chart(pd.DataFrame({"datum": [pd.Timestamp(today)], "tekst": [today_label]}))
    drawn_today = data["datum"].min() <= pd.Timestamp(today) <= data["datum"].max()
    if drawn_today:
        layers.append(today_rule.mark_rule(color=palette.OUTLINE, strokeDash=[2, 2]).encode(x="datum:T"))
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
                "reeks": FORECAST_LINE,
                "euro": [round(now_left), round((grant_cents - forecast.end_cents) / 100)],
                "laag": [now_left, (grant_cents - forecast.high_cents) / 100],
                "hoog": [now_left, (grant_cents - forecast.low_cents) / 100],
            }
        )
        projected = alt.Chart(projection)
        layers.append(
            projected.mark_area(color=palette.ACCENT, opacity=0.18).encode(x="datum:T", y="laag:Q", y2="hoog:Q")
        )
        layers.append(
            projected.mark_line(strokeWidth=_LINE_STYLES[FORECAST_LINE][2]).encode(
                x="datum:T",
                y="euro:Q",
                tooltip=[
                    alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                    alt.Tooltip("euro:Q", title="Verwacht resterend (€)", format=",.0f"),
                ],
                **encodings,
            )
        )
    lines = ", ".join(name.lower() for name in names)
    what = f"Lijngrafiek van de resterende subsidie door de tijd, in euro: {lines}"
    what += "; een verticale lijn is vandaag." if drawn_today else "."
    return alt.layer(*layers).properties(height=320, description=what)


TOPIC_ON_ITS_OWN_LINE = "split(datum.label, ' – ')"
"""A budget line's label in two lines, topic above action, so a narrow chart cuts neither."""


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
            y=alt.Y(
                "post:N",
                title=None,
                sort=labels,
                axis=alt.Axis(labelLimit=300, labelFontSize=11, labelExpr=TOPIC_ON_ITS_OWN_LINE),
            ),
            yOffset=alt.YOffset("soort:N", sort=["Plan", "Betaald en verplicht"]),
            x=alt.X("euro:Q", title="Euro", axis=alt.Axis(labelExpr=THOUSANDS_LABEL, tickCount=5)),
            color=alt.Color(
                "soort:N",
                title=None,
                scale=alt.Scale(domain=["Plan", "Betaald en verplicht"], range=[palette.NEUTRAL, palette.BRAND]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["post:N", "soort:N", alt.Tooltip("euro:Q", title="Euro", format=",.0f")],
        )
        .properties(
            height=alt.Step(18),
            description="Staafgrafiek per begrotingspost: het plan en wat betaald en verplicht is, in euro.",
        )
    )
