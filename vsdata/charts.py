"""Altair chart builders: a DataFrame in, a chart out, no Streamlit."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata.budget import short_label
from vsdata.formatting import MONTHS, format_period
from vsdata.schools import STATUS_COLOURS

PRIMARY = "#0B4F8A"
ACCENT = "#C2410C"
MUTED = "#9AA5B1"
MAX_LABELLED_MOMENTS = 5

DUTCH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": [
            "januari", "februari", "maart", "april", "mei", "juni",
            "juli", "augustus", "september", "oktober", "november", "december",
        ],
        "shortMonths": MONTHS,
    },
}  # fmt: skip


@alt.theme.register("vsdata", enable=True)
def _dutch_theme() -> alt.theme.ThemeConfig:
    """Altair's default view size, with Dutch numbers and dates in every chart: axes, tooltips and text."""
    return alt.theme.ThemeConfig(
        config={"view": {"continuousWidth": 300, "continuousHeight": 300}, "locale": DUTCH_LOCALE}
    )


# Dutch thousands separators on number axes: 30.000, not 30,000.
_DUTCH_THOUSANDS = "replace(format(datum.value, ',.0f'), ',', '.')"
# Dutch decimal commas on axes with fractions: 0,25, not 0.25.
_DUTCH_DECIMALS = "replace(format(datum.value, '.2~f'), '.', ',')"
# Dutch month names on time axes.
_DUTCH_TIME_LABEL = "[" + ",".join(f"'{m}'" for m in MONTHS) + "][month(datum.value)] + ' ' + year(datum.value)"


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


def indicator_chart(frame: pd.DataFrame, unit: str) -> alt.Chart:
    """One measure or several over the years, a line per series; estimates drawn as open points.

    ``frame`` has jaar, waarde, reeks (the line's name), bron, vindplaats and schatting.
    """
    data = frame.assign(soort=frame["schatting"].map({True: "schatting (demo)", False: "bron"}))
    axis_title = {"%": "Percentage", "aantal": "Aantal", "cijfer": "Rapportcijfer"}.get(unit, unit)
    base = alt.Chart(data).encode(
        # A quantitative year axis keeps the gaps between survey years honest.
        x=alt.X("jaar:Q", title="Jaar", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(zero=False)),
        y=alt.Y("waarde:Q", title=axis_title, scale=alt.Scale(zero=unit != "cijfer")),
        # Above the plot, one series a line: beside it, long measure names would squeeze a half-width chart.
        color=alt.Color("reeks:N", title=None, legend=alt.Legend(orient="top", direction="vertical", labelLimit=600)),
        tooltip=[
            alt.Tooltip("reeks:N", title="Reeks"),
            alt.Tooltip("jaar:O", title="Jaar"),
            alt.Tooltip("waarde:Q", title="Waarde", format=".1f"),
            alt.Tooltip("soort:N", title="Soort"),
            alt.Tooltip("vindplaats:N", title="Bron"),
        ],
    )
    line = base.mark_line(strokeWidth=2)
    points = base.mark_point(size=70, strokeWidth=2, filled=False).encode(
        fill=alt.condition("datum.schatting", alt.value("white"), alt.Color("reeks:N", legend=None))
    )
    return alt.layer(line, points).properties(height=300)


def per_inhabitant_chart(years: pd.DataFrame) -> alt.Chart:
    """App reports per 1,000 inhabitants per year; a partial year in a lighter colour."""
    data = years.dropna(subset=["per_1000_inwoners"]).assign(
        deel=lambda frame: frame["volledig_jaar"].map({True: "heel jaar", False: "deel van het jaar"})
    )
    return (
        alt.Chart(data)
        .mark_bar(color=PRIMARY)
        .encode(
            x=alt.X("jaar:O", title="Jaar", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "per_1000_inwoners:Q", title="Meldingen per 1.000 inwoners", axis=alt.Axis(labelExpr=_DUTCH_DECIMALS)
            ),
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
        .properties(height=240)
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
    bars = base.mark_rule(strokeWidth=3, color=MUTED).encode(
        x=alt.X(
            "ondergrens:Q",
            title="Verschil na - voor (schaalpunten), met 95 %-interval",
            axis=alt.Axis(labelExpr=_DUTCH_DECIMALS),
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
                range=["#1B7F3B", MUTED, ACCENT],
            ),
            legend=alt.Legend(orient="top"),
        ),
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#52606D").encode(x="x:Q")
    # The height holds the legend and the axis too, so each row keeps room for its label.
    return alt.layer(zero, bars, points).properties(height=110 + 28 * len(data))


def campaign_timeline_chart(activities: pd.DataFrame) -> alt.Chart:
    """Each campaign activity on a time line, one row per channel, sized by its reach."""
    data = activities.assign(datum=pd.to_datetime(activities["datum"]))
    return (
        alt.Chart(data)
        .mark_circle(color=ACCENT, opacity=0.75)
        .encode(
            x=alt.X("datum:T", title=None, axis=alt.Axis(labelExpr=_DUTCH_TIME_LABEL, tickCount="year")),
            y=alt.Y("kanaal:N", title=None),
            size=alt.Size("bereik:Q", title="Bereik", scale=alt.Scale(range=[40, 900]), legend=None),
            tooltip=[
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                alt.Tooltip("titel:N", title="Activiteit"),
                alt.Tooltip("kanaal:N", title="Kanaal"),
                alt.Tooltip("bereik:Q", title="Bereik", format=",.0f"),
            ],
        )
        .properties(height=max(160, 34 * data["kanaal"].nunique()))
    )


def reach_per_channel_chart(reach: pd.DataFrame) -> alt.Chart:
    """Reach per year, stacked by channel."""
    return (
        alt.Chart(reach)
        .mark_bar()
        .encode(
            x=alt.X("jaar:O", title="Jaar", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(bereik):Q", title="Bereik", axis=alt.Axis(labelExpr=_DUTCH_THOUSANDS)),
            color=alt.Color("kanaal:N", title="Kanaal"),
            tooltip=[
                alt.Tooltip("jaar:O", title="Jaar"),
                alt.Tooltip("kanaal:N", title="Kanaal"),
                alt.Tooltip("activiteiten:Q", title="Activiteiten"),
                alt.Tooltip("bereik:Q", title="Bereik", format=",.0f"),
            ],
        )
        .properties(height=260)
    )


def weekday_hour_chart(grid: pd.DataFrame) -> alt.Chart:
    """A weekday x hour grid of report counts; suppressed cells in one neutral colour."""
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
        .mark_rect()
        .encode(color=alt.Color("getoond:Q", title="Meldingen", scale=alt.Scale(scheme="blues")))
    )
    hidden = base.transform_filter("datum.onderdrukt").mark_rect(color="#E4E7EB")
    return alt.layer(hidden, shown).properties(height=220)


def breakdown_chart(table: pd.DataFrame, label_column: str) -> alt.Chart:
    """Horizontal bars of shares per value; suppressed rows carry no bar."""
    data = table.copy()
    data["aandeel_getoond"] = data["aandeel"].astype("Float64").astype(float)
    return (
        alt.Chart(data)
        .mark_bar(color=PRIMARY)
        .encode(
            x=alt.X("aandeel_getoond:Q", title="Aandeel", axis=alt.Axis(format="%")),
            y=alt.Y(f"{label_column}:N", title=None, sort=None),
            tooltip=[
                alt.Tooltip(f"{label_column}:N"),
                alt.Tooltip("meldingen:N", title="Meldingen"),
                alt.Tooltip("aandeel_getoond:Q", title="Aandeel", format=".1%"),
            ],
        )
        .properties(height=alt.Step(22))
    )


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
            x=alt.X("datum:T", title=None, axis=alt.Axis(labelExpr=_DUTCH_TIME_LABEL, tickCount="month")),
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
    x = alt.X("datum:T", title=None, axis=alt.Axis(labelExpr=_DUTCH_TIME_LABEL, tickCount="month"))
    lines = (
        alt.Chart(long)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("euro:Q", title="Resterende subsidie (€)", axis=alt.Axis(labelExpr=_DUTCH_THOUSANDS)),
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


def hexagon_map_chart(
    cells: pd.DataFrame,
    hotspots: pd.DataFrame,
    places: tuple[tuple[str, float, float], ...],
    *,
    lowest_count: int,
    suppressed_label: str,
) -> alt.LayerChart:
    """The report hexagons as a static map (no background tiles): count classes, hot spot outlines, place names.

    Drawn by Vega, so it renders without a browser (for the PDF) and in the app alike.
    """
    from vsdata import maps

    classes, items = maps.count_legend(cells, lowest_count, suppressed_label)
    label_of = {colour: label for colour, label in items}
    features = maps.hexagon_features(cells, classes)["features"]
    for feature in features:
        feature["properties"]["klasse"] = label_of[feature["properties"]["kleur"]]
    # GeoJSON rings run anticlockwise; Vega (d3-geo) reads that as "everything but the hexagon".
    features = [_clockwise(feature) for feature in features]
    colour = alt.Color(
        "properties.klasse:N",
        title="Meldingen per hexagon",
        scale=alt.Scale(domain=[label for _, label in items], range=[colour for colour, _ in items]),
        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0, symbolType="square"),
    )
    layers: list[alt.Chart] = [
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="white", strokeWidth=0.6)
        .encode(
            color=colour,
            tooltip=[
                alt.Tooltip("properties.meldingen:N", title="Meldingen"),
                alt.Tooltip("properties.aandeel:N", title="Aandeel"),
            ],
        )
        .project(type="mercator")
    ]
    if len(hotspots):
        outlines = [_clockwise(feature) for feature in maps.hotspot_features(hotspots)["features"]]
        layers.append(
            alt.Chart(alt.Data(values=outlines))
            .mark_geoshape(filled=False, stroke="#1A1A1A", strokeWidth=2)
            .encode(tooltip=[alt.Tooltip("properties.klasse:N", title="Gi*")])
            .project(type="mercator")
        )
    names = pd.DataFrame(places, columns=["naam", "latitude", "longitude"])
    text = (
        alt.Chart(names).encode(longitude="longitude:Q", latitude="latitude:Q", text="naam:N").project(type="mercator")
    )
    layers.append(text.mark_text(fontSize=12, fontWeight="bold", stroke="white", strokeWidth=3))
    layers.append(text.mark_text(fontSize=12, fontWeight="bold", color="#1F2933"))
    return alt.layer(*layers).properties(width=620, height=520)


def _clockwise(feature: dict) -> dict:
    rings = [list(reversed(ring)) for ring in feature["geometry"]["coordinates"]]
    return {**feature, "geometry": {**feature["geometry"], "coordinates": rings}}


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
    x_axis = alt.Axis(labelExpr=_DUTCH_TIME_LABEL, values=middles, labelAngle=0, grid=False, labelOverlap=True)
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
            x=alt.X("euro:Q", title="Euro", axis=alt.Axis(labelExpr=_DUTCH_THOUSANDS, tickCount=5)),
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
