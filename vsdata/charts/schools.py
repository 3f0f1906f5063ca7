"""Scholen charts: reach against pace and target, programme mix, themes, the year's pace and the school years."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from vsdata import palette
from vsdata.charts.style import MONTH_YEAR_LABEL, at_most_six, category_scale
from vsdata.formatting import format_date
from vsdata.schools import STATUS_COLOURS, STATUS_ORDER, programme_rows

TARGET_MARK = "Doel schooljaar"
TICK_SYMBOL = "M-0.2,-1H0.2V1H-0.2Z"
"""A thin upright bar: the legend symbol of a tick."""


def reach_chart(coverage: pd.DataFrame, on: date | None = None) -> alt.LayerChart:
    """Reach per programme school (students reached / enrolment), against the pace mark and the year's target.

    ``on`` is the day the coverage stands on, named in the legend (by default today). Bars take the status
    colour and each row's label names the status; the two marks differ in colour, and a legend names them.
    """
    pace_mark = "Tempo vandaag" if on is None else f"Tempo op {format_date(on)}"
    mark_colours = {pace_mark: palette.BRAND, TARGET_MARK: palette.OUTLINE}
    data = programme_rows(coverage)[["school", "bereik", "tempo_bereik", "doel_bereik", "status"]].copy()
    # The status in words on each row, beside its colour.
    data["rij"] = data["school"] + " · " + data["status"]
    statuses = [status for status in STATUS_ORDER if status in set(data["status"])]
    y = alt.Y(
        "rij:N",
        title=None,
        sort=alt.EncodingSortField("bereik", order="descending"),
        axis=alt.Axis(labelLimit=400),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X(
                "bereik:Q",
                title="Bereik (bereikt / ingeschreven)",
                axis=alt.Axis(format=".0%", tickMinStep=0.05),
                scale=alt.Scale(domainMin=0),
            ),
            y=y,
            color=alt.Color(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=statuses, range=[STATUS_COLOURS[status] for status in statuses]),
                legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("school:N", title="School"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("bereik:Q", title="Bereik", format=".1%"),
                alt.Tooltip("tempo_bereik:Q", title=pace_mark, format=".1%"),
                alt.Tooltip("doel_bereik:Q", title=TARGET_MARK, format=".1%"),
            ],
        )
    )
    marks = data[data["doel_bereik"] > 0].melt(
        id_vars=["school", "rij"], value_vars=["tempo_bereik", "doel_bereik"], var_name="markering", value_name="waarde"
    )
    marks["markering"] = marks["markering"].map({"tempo_bereik": pace_mark, "doel_bereik": TARGET_MARK})
    ticks = (
        alt.Chart(marks)
        .mark_tick(thickness=3, size=22, opacity=1)
        .encode(
            x="waarde:Q",
            y=y,
            color=alt.Color(
                "markering:N",
                title="Markering",
                scale=alt.Scale(domain=list(mark_colours), range=list(mark_colours.values())),
                legend=alt.Legend(orient="top", direction="vertical", labelLimit=400, symbolType=TICK_SYMBOL),
            ),
            tooltip=[
                alt.Tooltip("school:N", title="School"),
                alt.Tooltip("markering:N", title="Markering"),
                alt.Tooltip("waarde:Q", title="Bereik", format=".1%"),
            ],
        )
    )
    what = (
        "Staafgrafiek van het bereik per programmaschool, met een streepje voor het tempo van vandaag en voor het "
        "doel van het schooljaar; de kleur en het woord achter de schoolnaam geven de status."
    )
    return alt.layer(bars, ticks).resolve_scale(color="independent").properties(height=alt.Step(34), description=what)


def mix_chart(mix: pd.DataFrame, column: str, title: str) -> alt.Chart:
    """Delivered sessions per school, stacked by programme or theme (the five largest and "Overige" beyond six)."""
    mix, categories = at_most_six(mix, column, "sessies")
    return (
        alt.Chart(mix)
        .mark_bar()
        .encode(
            x=alt.X("sum(sessies):Q", title="Uitgevoerde lesactiviteiten", axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("school:N", title=None, axis=alt.Axis(labelLimit=400)),
            color=alt.Color(
                f"{column}:N",
                title=title,
                scale=category_scale(categories),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("school:N", title="School"),
                alt.Tooltip(f"{column}:N", title=title),
                alt.Tooltip("sessies:Q", title="Lesactiviteiten"),
            ],
        )
        .properties(
            height=alt.Step(28),
            description=f"Gestapelde staven van de uitgevoerde lesactiviteiten per school, per {title.lower()}.",
        )
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
            scale=alt.Scale(
                scheme={"name": palette.GRID_SCHEME, "extent": list(palette.LABELLED_GRID_EXTENT)}, domainMin=0
            ),
            legend=alt.Legend(format="d", tickMinStep=1),
        ),
        tooltip=[
            alt.Tooltip("school:N", title="School"),
            alt.Tooltip("thema:N", title="Thema"),
            alt.Tooltip("sessies:Q", title="Lesactiviteiten"),
        ],
    )
    labels = base.mark_text(fontSize=13, color=palette.INK).encode(text="sessies:Q")
    what = "Raster van scholen en thema's; elk vak noemt het aantal uitgevoerde lesactiviteiten over dat thema."
    return alt.layer(cells, labels).properties(height=alt.Step(30), description=what)


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
            y=alt.Y("sessies:Q", title="Lesactiviteiten (cumulatief)", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "reeks:N",
                title=None,
                scale=alt.Scale(domain=["Uitgevoerd", "Tempo van het doel"], range=[palette.BRAND, palette.NEUTRAL]),
            ),
            strokeDash=alt.StrokeDash(
                "reeks:N",
                scale=alt.Scale(domain=["Uitgevoerd", "Tempo van het doel"], range=[[1, 0], [5, 4]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                alt.Tooltip("reeks:N", title="Reeks"),
                alt.Tooltip("sessies:Q", title="Lesactiviteiten", format=".1f"),
            ],
        )
        .properties(
            height=260,
            description="Lijngrafiek van de uitgevoerde lesactiviteiten door het schooljaar heen, opgeteld, tegen "
            "het tempo van het doel (gestreept).",
        )
    )


def years_chart(years: pd.DataFrame) -> alt.LayerChart:
    """Delivered sessions per school and school year, a bar per year beside its target (a tick)."""
    y = alt.Y("school:N", title=None, axis=alt.Axis(labelLimit=400))
    year_offset = alt.YOffset("schooljaar:N", title="Schooljaar")
    tooltip = [
        alt.Tooltip("school:N", title="School"),
        alt.Tooltip("schooljaar:N", title="Schooljaar"),
        alt.Tooltip("uitgevoerd:Q", title="Uitgevoerd"),
        alt.Tooltip("doel:Q", title="Doel"),
        alt.Tooltip("bereik:Q", title="Bereik", format=".0%"),
    ]
    bars = (
        alt.Chart(years)
        # A dark edge keeps the lightest year's bar apart from the white behind it.
        .mark_bar(stroke=palette.OUTLINE, strokeWidth=0.5)
        .encode(
            x=alt.X("uitgevoerd:Q", title="Uitgevoerde lesactiviteiten", axis=alt.Axis(format="d", tickMinStep=1)),
            y=y,
            yOffset=year_offset,
            color=alt.Color(
                "schooljaar:N",
                title="Schooljaar",
                scale=alt.Scale(scheme={"name": palette.GRID_SCHEME, "extent": list(palette.SERIES_GRID_EXTENT)}),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=tooltip,
        )
    )
    targets = (
        alt.Chart(years)
        .mark_tick(color=palette.OUTLINE, thickness=2)
        .encode(x="doel:Q", y=y, yOffset=year_offset, tooltip=tooltip)
    )
    what = "Staafgrafiek van de lesactiviteiten per schooljaar; een zwart streepje is het doel van dat jaar."
    return alt.layer(bars, targets).properties(height=alt.Step(14), description=what)
