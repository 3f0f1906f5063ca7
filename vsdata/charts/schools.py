"""Scholen charts: reach, programme mix, themes, the year's pace and the school years."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata.charts.style import MONTH_YEAR_LABEL, MUTED, PRIMARY
from vsdata.schools import STATUS_COLOURS


def reach_chart(coverage: pd.DataFrame) -> alt.LayerChart:
    """Reach per school (students reached / enrolment) with a tick at the reach its target asks for."""
    data = coverage[["school", "bereik", "doel_bereik", "status"]].copy()
    y = alt.Y("school:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("bereik:Q", title="Bereik (leerlingen bereikt / ingeschreven)", axis=alt.Axis(format="%")),
            y=y,
            color=alt.Color(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("school:N", title="School"),
                alt.Tooltip("bereik:Q", title="Bereik", format=".0%"),
                alt.Tooltip("doel_bereik:Q", title="Doel", format=".0%"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
    )
    target = (
        alt.Chart(data[data["doel_bereik"] > 0])
        .mark_tick(color="#1A1A1A", thickness=3, size=22)
        .encode(x="doel_bereik:Q", y=y, tooltip=[alt.Tooltip("doel_bereik:Q", title="Doel", format=".0%")])
    )
    return alt.layer(bars, target).properties(height=alt.Step(28))


def mix_chart(mix: pd.DataFrame, column: str, title: str) -> alt.Chart:
    """Delivered sessions per school, stacked by programme or theme."""
    return (
        alt.Chart(mix)
        .mark_bar()
        .encode(
            x=alt.X("sum(sessies):Q", title="Uitgevoerde lesactiviteiten"),
            y=alt.Y("school:N", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(f"{column}:N", title=title, scale=alt.Scale(scheme="tableau10")),
            tooltip=["school:N", f"{column}:N", alt.Tooltip("sessies:Q", title="Lesactiviteiten")],
        )
        .properties(height=alt.Step(28))
    )


def theme_matrix_chart(mix: pd.DataFrame) -> alt.LayerChart:
    """Themes x schools: how many delivered sessions treated each theme."""
    base = alt.Chart(mix).encode(
        x=alt.X("thema:N", title=None, axis=alt.Axis(labelAngle=-35, labelOverlap=False, labelLimit=160)),
        y=alt.Y("school:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "sessies:Q",
            title="Lesactiviteiten",
            scale=alt.Scale(scheme="blues", domainMin=0),
            legend=alt.Legend(format="d", tickMinStep=1),
        ),
        tooltip=["school:N", "thema:N", alt.Tooltip("sessies:Q", title="Lesactiviteiten")],
    )
    labels = base.mark_text(fontSize=13).encode(text="sessies:Q")
    return alt.layer(cells, labels).properties(height=alt.Step(30))


def cumulative_chart(cumulative: pd.DataFrame) -> alt.LayerChart:
    """Delivered sessions through the school year against the even pace of the target."""
    data = cumulative.assign(datum=pd.to_datetime(cumulative["datum"]))
    long = data.melt(id_vars="datum", value_vars=["uitgevoerd", "tempo_doel"], var_name="reeks", value_name="sessies")
    long["reeks"] = long["reeks"].map({"uitgevoerd": "Uitgevoerd", "tempo_doel": "Tempo van het doel"})
    return (
        alt.Chart(long)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("datum:T", title=None, axis=alt.Axis(labelExpr=MONTH_YEAR_LABEL, tickCount="month")),
            y=alt.Y("sessies:Q", title="Lesactiviteiten (cumulatief)"),
            color=alt.Color(
                "reeks:N",
                title=None,
                scale=alt.Scale(domain=["Uitgevoerd", "Tempo van het doel"], range=[PRIMARY, MUTED]),
            ),
            strokeDash=alt.StrokeDash(
                "reeks:N",
                scale=alt.Scale(domain=["Uitgevoerd", "Tempo van het doel"], range=[[1, 0], [5, 4]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                "reeks:N",
                alt.Tooltip("sessies:Q", title="Lesactiviteiten", format=".1f"),
            ],
        )
        .properties(height=260)
    )


def years_chart(years: pd.DataFrame) -> alt.Chart:
    """Delivered sessions per school year for each school, beside the target."""
    return (
        alt.Chart(years)
        .mark_bar()
        .encode(
            x=alt.X("schooljaar:N", title=None, axis=alt.Axis(labelAngle=-45, labelOverlap=False)),
            y=alt.Y("uitgevoerd:Q", title="Uitgevoerde lesactiviteiten"),
            color=alt.Color("schooljaar:N", title="Schooljaar", scale=alt.Scale(scheme="blues")),
            column=alt.Column(
                "school:N", title=None, header=alt.Header(labelAngle=0, labelFontSize=11, labelLimit=130)
            ),
            tooltip=[
                "school:N",
                "schooljaar:N",
                "uitgevoerd:Q",
                "doel:Q",
                alt.Tooltip("bereik:Q", title="Bereik", format=".0%"),
            ],
        )
        .properties(width=150, height=200)
    )
