"""Communicatie charts: the campaign timeline and reach per channel."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata import palette
from vsdata.charts.style import MONTH_YEAR_LABEL, THOUSANDS_LABEL, at_most_six, category_scale


def campaign_timeline_chart(activities: pd.DataFrame) -> alt.Chart:
    """Each campaign activity on a time line, one row per channel, sized by its reach (with a size legend)."""
    data = activities.assign(datum=pd.to_datetime(activities["datum"]))
    return (
        alt.Chart(data)
        .mark_circle(color=palette.ACCENT, opacity=0.75)
        .encode(
            x=alt.X(
                "datum:T", title="Datum van de activiteit", axis=alt.Axis(labelExpr=MONTH_YEAR_LABEL, tickCount="year")
            ),
            y=alt.Y("kanaal:N", title="Kanaal"),
            size=alt.Size(
                "bereik:Q",
                title="Bereik (personen)",
                scale=alt.Scale(range=[40, 900]),
                # Below the chart, so the widest circle's legend never pushes the plot or gets cut off.
                legend=alt.Legend(orient="bottom", direction="horizontal", labelExpr=THOUSANDS_LABEL, tickCount=4),
            ),
            tooltip=[
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                alt.Tooltip("titel:N", title="Activiteit"),
                alt.Tooltip("kanaal:N", title="Kanaal"),
                alt.Tooltip("bereik:Q", title="Bereik", format=",.0f"),
            ],
        )
        .properties(
            height=max(160, 40 * data["kanaal"].nunique()),
            description="Tijdlijn van de campagneactiviteiten, een rij per kanaal; hoe groter de stip, hoe groter "
            "het bereik.",
        )
    )


def reach_per_channel_chart(reach: pd.DataFrame) -> alt.Chart:
    """Reach per year, stacked by channel (the five largest and "Overige" beyond six)."""
    reach, channels = at_most_six(reach, "kanaal", "bereik")
    return (
        alt.Chart(reach)
        .mark_bar()
        .encode(
            x=alt.X("jaar:O", title="Jaar", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(bereik):Q", title="Bereik", axis=alt.Axis(labelExpr=THOUSANDS_LABEL)),
            color=alt.Color("kanaal:N", title="Kanaal", scale=category_scale(channels)),
            tooltip=[
                alt.Tooltip("jaar:O", title="Jaar"),
                alt.Tooltip("kanaal:N", title="Kanaal"),
                alt.Tooltip("activiteiten:Q", title="Activiteiten"),
                alt.Tooltip("bereik:Q", title="Bereik", format=",.0f"),
            ],
        )
        .properties(height=260, description="Gestapelde staven van het bereik per jaar, per kanaal.")
    )
