"""Onderzoek charts: indicators over the years, reports per inhabitant, programme effects."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata import palette
from vsdata.charts.style import DECIMALS_LABEL
from vsdata.indicators import year_segments


def indicator_chart(frame: pd.DataFrame, unit: str, step: int = 1) -> alt.Chart:
    """One measure or several over the years, a line per series; estimates drawn as open points.

    ``frame`` has jaar, waarde, reeks (the line's name), bron, vindplaats and schatting. A line stops
    where a series misses a year (more than ``step`` years between two figures) and starts again after it.
    """
    data = frame.assign(
        soort=frame["schatting"].map({True: "schatting (demo)", False: "bron"}), deel=year_segments(frame, step)
    )
    axis_title = {"%": "Percentage", "aantal": "Aantal", "cijfer": "Rapportcijfer"}.get(unit, unit)
    counts = unit == "aantal"
    y_axis = alt.Axis(format="d", tickMinStep=1) if counts else alt.Axis()
    base = alt.Chart(data).encode(
        # A quantitative year axis keeps the gaps between survey years honest.
        x=alt.X("jaar:Q", title="Jaar", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("waarde:Q", title=axis_title, scale=alt.Scale(zero=unit != "cijfer"), axis=y_axis),
        # Above the plot, one series a line: beside it, long measure names would squeeze a half-width chart.
        color=alt.Color(
            "reeks:N",
            title=None,
            scale=alt.Scale(range=palette.CATEGORICAL),
            legend=alt.Legend(orient="top", direction="vertical", labelLimit=600),
        ),
        tooltip=[
            alt.Tooltip("reeks:N", title="Reeks"),
            alt.Tooltip("jaar:O", title="Jaar"),
            alt.Tooltip("waarde:Q", title="Waarde", format=",.0f" if counts else ",.1f"),
            alt.Tooltip("soort:N", title="Soort"),
            alt.Tooltip("vindplaats:N", title="Bron"),
        ],
    )
    line = base.mark_line(strokeWidth=2).encode(detail="deel:N")
    points = base.mark_point(size=70, strokeWidth=2, filled=False).encode(
        fill=alt.condition("datum.schatting", alt.value("white"), alt.Color("reeks:N", legend=None))
    )
    what = f"Lijngrafiek van het {axis_title.lower()} per jaar, een lijn per reeks; een open punt is een schatting."
    return alt.layer(line, points).properties(height=300, description=what)


def per_inhabitant_chart(years: pd.DataFrame) -> alt.Chart:
    """App reports per 1,000 inhabitants per year; a partial year in a lighter colour."""
    data = years.dropna(subset=["per_1000_inwoners"]).assign(
        deel=lambda frame: frame["volledig_jaar"].map({True: "heel jaar", False: "deel van het jaar"})
    )
    return (
        alt.Chart(data)
        .mark_bar(color=palette.BRAND)
        .encode(
            x=alt.X("jaar:O", title="Jaar", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("per_1000_inwoners:Q", title="Per 1.000 inwoners", axis=alt.Axis(labelExpr=DECIMALS_LABEL)),
            opacity=alt.Opacity(
                "deel:N", title=None, scale=alt.Scale(domain=["heel jaar", "deel van het jaar"], range=[0.9, 0.4])
            ),
            tooltip=[
                alt.Tooltip("jaar:O", title="Jaar"),
                alt.Tooltip("periode:N", title="Periode"),
                alt.Tooltip("meldingen:N", title="Meldingen"),
                alt.Tooltip("per_1000_inwoners:Q", title="Per 1.000 inwoners", format=".2f"),
            ],
        )
        .properties(
            height=260,
            description="Staafgrafiek van het aantal meldingen per 1.000 inwoners per jaar; een lichte staaf is "
            "een deel van het jaar.",
        )
    )


def effect_chart(effects: pd.DataFrame, labels: list[str]) -> alt.LayerChart:
    """The after-minus-before difference per row with its 95 % interval, against a rule at zero.

    ``labels`` name a row together with its measure (programme, or school and programme).
    """
    data = effects.dropna(subset=["verschil"])
    data = data.assign(rij=data[[*labels, "meting"]].astype(str).agg(" · ".join, axis=1))
    base = alt.Chart(data).encode(
        y=alt.Y("rij:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
        tooltip=[
            alt.Tooltip("rij:N", title="Groep"),
            alt.Tooltip("verschil:Q", title="Verschil (na - voor)", format="+.2f"),
            alt.Tooltip("ondergrens:Q", title="95 %-interval van", format="+.2f"),
            alt.Tooltip("bovengrens:Q", title="tot", format="+.2f"),
            alt.Tooltip("lezing:N", title="Lezing"),
        ],
    )
    bars = base.mark_rule(strokeWidth=3, color=palette.NEUTRAL).encode(
        x=alt.X(
            "ondergrens:Q",
            title="Verschil na - voor (schaalpunten), met 95 %-interval",
            axis=alt.Axis(labelExpr=DECIMALS_LABEL),
        ),
        x2="bovengrens:Q",
    )
    points = base.mark_point(filled=True, size=90).encode(
        x="verschil:Q",
        color=alt.Color(
            "lezing:N",
            title=None,
            scale=alt.Scale(
                domain=["duidelijke verbetering", "geen aantoonbaar verschil", "duidelijke verslechtering"],
                range=[palette.OKABE_ITO["blauwgroen"], palette.NEUTRAL, palette.ACCENT],
            ),
            legend=alt.Legend(orient="top"),
        ),
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=palette.SECONDARY_INK).encode(x="x:Q")
    # The height holds the legend and the axis too, so each row keeps room for its label.
    what = (
        "Per programma (en school) en meting het verschil in gemiddelde score na het programma min ervoor, met "
        "het 95 %-interval als lijn; rechts van nul is een hogere score na het programma."
    )
    return alt.layer(zero, bars, points).properties(height=110 + 28 * len(data), description=what)
