"""Reports over time: one chart for every trend, with a hidden period drawn as a grey bar, never a gap."""

from __future__ import annotations

import altair as alt
import pandas as pd

from vsdata import palette
from vsdata.charts.style import MONTH_YEAR_LABEL
from vsdata.formatting import format_period
from vsdata.trend import PERIOD_BEFORE, THIS_PERIOD

MAX_LABELLED_MOMENTS = 5
HIDDEN = "Afgeschermd (te weinig om te tonen)"
LAST_YEAR = "Zelfde periode vorig jaar"
EARLIER = palette.OKABE_ITO["hemelsblauw"]
"""The period before: a lighter blue, so it is not mistaken for the grey of a hidden bar."""
AVERAGE = {"week": "Gemiddelde van 4 weken", "month": "Gemiddelde van 3 maanden"}


def trend_chart(
    trend: pd.DataFrame, grain: str, *, x_title: str | None = None, activities: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Bars from each period's first to last day; hidden ones grey and labelled; optional average and last year.

    ``trend`` comes from :func:`vsdata.trend.report_trend` (or ``with_period_before``):
    periode, van, tot, meldingen (masked), label, onderdrukt, reeks, and
    optionally gemiddelde and vorig_jaar.
    """
    data = trend.copy()
    van = pd.to_datetime(data["van"])
    after = pd.to_datetime(data["tot"]) + pd.Timedelta(days=1)
    gap = (after - van) * 0.08
    data["begin"], data["einde"], data["midden"] = van + gap, after - gap, van + (after - van) / 2
    data["getoond"] = data["meldingen"].astype("Float64").astype(float)
    data["dagen"] = [format_period(first, last) for first, last in zip(data["van"], data["tot"], strict=True)]
    series = [name for name in (PERIOD_BEFORE, THIS_PERIOD) if name in set(data["reeks"])]
    single = series == [THIS_PERIOD]
    data["soort"] = "Meldingen" if single else data["reeks"]
    data.loc[data["onderdrukt"], "soort"] = HIDDEN
    ceiling = [data["getoond"].max(), 1.0]
    for column in ("gemiddelde", "vorig_jaar"):
        if column in data:
            data[f"{column}_getoond"] = data[column].astype("Float64").astype(float)
            # Each run of known values is its own line, so a hidden period breaks it instead of being bridged.
            data[f"{column}_deel"] = data[f"{column}_getoond"].isna().cumsum()
            ceiling.append(data[f"{column}_getoond"].max())
    data["hoogte"] = max(value for value in ceiling if pd.notna(value))
    data = data.drop(columns=["van", "tot", "periode"])

    domain = ["Meldingen"] if single else series
    colours = [palette.BRAND] if single else [EARLIER, palette.BRAND][2 - len(series) :]
    has_average = "gemiddelde_getoond" in data and data["gemiddelde_getoond"].notna().any()
    has_last_year = "vorig_jaar_getoond" in data and data["vorig_jaar_getoond"].notna().any()
    if has_average:
        domain, colours = [*domain, AVERAGE[grain]], [*colours, palette.ACCENT]
    if has_last_year:
        domain, colours = [*domain, LAST_YEAR], [*colours, palette.SECONDARY_INK]
    if data["onderdrukt"].any():
        domain, colours = [*domain, HIDDEN], [*colours, palette.SUPPRESSED]
    colour = alt.Color(
        "soort:N",
        title=None,
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0, columns=2 if len(domain) > 2 else 0),
    )
    if grain == "week":
        x_axis = alt.Axis(labelExpr=MONTH_YEAR_LABEL, tickCount="month", labelAngle=0, grid=False)
    else:
        middles = [alt.DateTime(year=day.year, month=day.month, date=15) for day in data["midden"]]
        x_axis = alt.Axis(labelExpr=MONTH_YEAR_LABEL, values=middles, labelAngle=0, grid=False, labelOverlap=True)
    tooltip = [alt.Tooltip("dagen:N", title="Dagen"), alt.Tooltip("label:N", title="Meldingen")]
    y = alt.Y(
        "getoond:Q", title="Meldingen", scale=alt.Scale(nice=True, zero=True), axis=alt.Axis(format="d", tickMinStep=1)
    )
    base = alt.Chart(data)
    layers: list[alt.Chart] = [
        base.transform_filter("!datum.onderdrukt")
        .mark_bar(opacity=0.9)
        .encode(x=alt.X("begin:T", title=x_title, axis=x_axis), x2="einde:T", y=y, y2=alt.datum(0), color=colour,
                tooltip=tooltip)
    ]  # fmt: skip
    if data["onderdrukt"].any():
        hidden = base.transform_filter("datum.onderdrukt")
        layers.append(
            hidden.mark_bar(opacity=0.7, stroke=palette.SECONDARY_INK, strokeDash=[3, 2], strokeWidth=1).encode(
                x="begin:T", x2="einde:T", y="hoogte:Q", y2=alt.datum(0), color=colour, tooltip=tooltip
            )
        )
        layers.append(
            # A long label ("afgeschermd") stands upright to fit a narrow bar; "<5" reads across.
            hidden.transform_calculate(midden_hoogte="datum.hoogte / 2", draai="length(datum.label) > 3 ? 270 : 0")
            .mark_text(fontSize=12, color=palette.INK)
            .encode(
                x="midden:T",
                y="midden_hoogte:Q",
                text="label:N",
                angle=alt.Angle("draai:Q", scale=None),
                tooltip=tooltip,
            )
        )
    if has_average:
        layers.append(
            base.transform_filter("isValid(datum.gemiddelde_getoond)")
            .transform_calculate(soort=f"'{AVERAGE[grain]}'")
            .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=18, filled=True))
            .encode(
                x="midden:T",
                y="gemiddelde_getoond:Q",
                detail="gemiddelde_deel:N",
                color=colour,
                tooltip=[*tooltip, alt.Tooltip("gemiddelde_getoond:Q", title=AVERAGE[grain], format=".1f")],
            )
        )
    if has_last_year:
        layers.append(
            base.transform_filter("isValid(datum.vorig_jaar_getoond)")
            .transform_calculate(soort=f"'{LAST_YEAR}'")
            .mark_line(strokeDash=[4, 3], strokeWidth=2, point=alt.OverlayMarkDef(size=14, filled=True))
            .encode(
                x="midden:T",
                y="vorig_jaar_getoond:Q",
                detail="vorig_jaar_deel:N",
                color=colour,
                tooltip=[alt.Tooltip("dagen:N", title="Dagen"), alt.Tooltip("vorig_jaar_label:N", title=LAST_YEAR)],
            )
        )
    if activities is not None:
        layers.extend(campaign_rules(activities))
    span = format_period(van.min().date(), (after.max() - pd.Timedelta(days=1)).date())
    return alt.layer(*layers).properties(height=260, description=_trend_description(span, grain, domain))


def _trend_description(span: str, grain: str, domain: list[str]) -> str:
    """What the trend shows, in words: its bars, its lines and what grey means."""
    unit = {"week": "week", "month": "maand"}.get(grain, grain)
    what = f"Staafgrafiek van het aantal meldingen per {unit}, {span}"
    if PERIOD_BEFORE in domain:
        what += ", de periode ervoor in lichtblauw en deze periode in donkerblauw"
    lines = [name.lower() for name in domain if name in (*AVERAGE.values(), LAST_YEAR)]
    what += f", met lijnen voor: {', '.join(lines)}" if lines else ""
    return what + ("; een grijze staaf is afgeschermd." if HIDDEN in domain else ".")


def campaign_rules(activities: pd.DataFrame) -> list[alt.Chart]:
    """Campaign moments as dashed rules over a time axis, titled when there are few enough to read."""
    if not len(activities):
        return []
    moments = activities.assign(datum=pd.to_datetime(activities["datum"]))
    rules = (
        alt.Chart(moments)
        .mark_rule(color=palette.ACCENT, strokeDash=[2, 2])
        .encode(x="datum:T", tooltip=[alt.Tooltip("datum:T", title="Campagne", format="%d-%m-%Y"), "titel:N"])
    )
    if len(moments) > MAX_LABELLED_MOMENTS:
        return [rules]
    # The name before a colon ("Najaarscampagne: 'Zie je het ...'") fits beside the rule; the tooltip has the rest.
    moments["naam"] = moments["titel"].str.split(":").str[0].str.strip()
    labels = (
        alt.Chart(moments)
        .mark_text(align="left", baseline="top", dx=3, dy=2, angle=0, fontSize=10, color=palette.SECONDARY_INK)
        .encode(x="datum:T", y=alt.value(0), text="naam:N", tooltip=["titel:N"])
    )
    return [rules, labels]
