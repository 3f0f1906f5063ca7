"""Meldingen charts: weekday x hour and the breakdowns."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata import palette

HIDDEN_GRID_SCHEME = {"name": palette.GRID_SCHEME, "extent": list(palette.HIDDEN_GRID_EXTENT)}


def weekday_hour_chart(grid: pd.DataFrame, k: int) -> alt.Chart:
    """A weekday x hour grid of report counts; suppressed cells (below ``k``) in one neutral colour.

    The chart as a whole carries a text alternative; its 168 cells carry none each (a screen reader
    would read them one by one, and an empty layer would be an unlabelled graphic)."""
    data = grid.copy()
    data["getoond"] = data["meldingen"].astype("Float64").astype(float)
    base = alt.Chart(data).encode(
        x=alt.X("uur:O", title="Uur van de dag", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("dag:N", title=None, sort=["ma", "di", "wo", "do", "vr", "za", "zo"]),
        tooltip=[
            alt.Tooltip("dag:N", title="Dag"),
            alt.Tooltip("uur:O", title="Uur"),
            alt.Tooltip("label:N", title="Meldingen"),
        ],
    )
    shown = (
        base.transform_filter("!datum.onderdrukt")
        .mark_rect(aria=False)
        .encode(color=alt.Color("getoond:Q", title="Meldingen", scale=alt.Scale(scheme=HIDDEN_GRID_SCHEME)))
    )
    hidden = base.transform_filter("datum.onderdrukt").mark_rect(color=palette.SUPPRESSED, aria=False)
    return alt.layer(hidden, shown).properties(
        height=220,
        description="Raster van meldingen per dag van de week en uur van de dag; donkerder is meer meldingen, "
        f"grijs is afgeschermd (minder dan {k}, of afgeschermd zodat een klein aantal niet is af te leiden).",
    )


def breakdown_chart(table: pd.DataFrame, label_column: str) -> alt.Chart:
    """Horizontal bars of shares per value; suppressed rows carry no bar."""
    data = table.copy()
    data["aandeel_getoond"] = data["aandeel"].astype("Float64").astype(float)
    return (
        alt.Chart(data)
        .mark_bar(color=palette.BRAND)
        .encode(
            x=alt.X("aandeel_getoond:Q", title="Aandeel", axis=alt.Axis(format="%")),
            y=alt.Y(f"{label_column}:N", title=None, sort=None),
            tooltip=[
                alt.Tooltip(f"{label_column}:N"),
                alt.Tooltip("meldingen:N", title="Meldingen"),
                alt.Tooltip("aandeel_getoond:Q", title="Aandeel", format=".1%"),
            ],
        )
        .properties(
            height=alt.Step(22), description=f"Staafgrafiek van het aantal meldingen per {label_column.lower()}."
        )
    )
