"""The Onderzoek page's parts: indicators with their sources, app reports per inhabitant, the programme's effect."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vsdata import charts, indicators
from vsdata.formatting import format_number
from vsdata.indicators import ResearchView
from vsdata.roles import Role, import_hint
from vsdata.ui.chart_tables import chart_over_table, chart_with_table
from vsdata.ui.downloads import table_downloads

NUMBER = st.column_config.NumberColumn
TEXT = st.column_config.TextColumn

# Widths that keep the indicator tables within the page at 1440 px: the source text wraps into its tooltip.
_INDICATOR_COLUMNS = {
    "Bron": TEXT(width="small"),
    "Gebied": TEXT(width="small"),
    "Meting": TEXT(width="medium"),
    "Jaar": NUMBER(format="%d", width="small"),
    "Waarde": NUMBER(format="%.1f", width="small"),
    "Eenheid": TEXT(width="small"),
    "Vindplaats": TEXT(width="medium"),
    "Schatting (demo)": TEXT(width="small"),
}


def _sources(frame: pd.DataFrame) -> str:
    """The distinct sources of a chart, for the caption under it."""
    cited = "; ".join(sorted(set(frame.loc[~frame["schatting"], "vindplaats"])))
    if not cited:
        return "Geen bronwaarden: alle punten zijn schattingen (demo)."
    estimates = " Open punten zijn schattingen (demo), geen bronwaarden." if frame["schatting"].any() else ""
    return f"Bron: {cited}.{estimates}"


def _indicator_chart(frame: pd.DataFrame, title: str) -> None:
    """The figures of the most common unit as a chart, with their sources under it."""
    unit = frame["eenheid"].mode().iat[0]
    step = max(indicators.YEARS_BETWEEN.get(source, 1) for source in frame["bron"].unique())
    shown = frame[frame["eenheid"] == unit]
    chart_with_table(
        charts.indicator_chart(shown, unit, step),
        title,
        shown.assign(waarde=shown["waarde"].map(lambda value: format_number(value, 0 if unit == "aantal" else 1))),
        {"reeks": "Reeks", "jaar": "Jaar", "waarde": "Waarde", "bron": "Bron"},
    )
    st.caption(_sources(frame))


def _indicator_block(frame: pd.DataFrame, title: str, explanation: str, role: Role) -> None:
    st.subheader(title)
    if frame.empty:
        st.info(f"Nog geen cijfers van {title}. {import_hint(role, 'ze', 'indicatoren')}")
        return
    st.caption(explanation)
    _indicator_chart(frame, title)


def indicators_section(view: ResearchView) -> None:
    if view.indicators.empty:
        st.info(f"De opslag bevat nog geen indicatoren. {import_hint(view.role, 'ze', 'indicatoren')}")
        return
    radar = view.series("RADAR")
    grounds = radar["meting"].str.contains("grond", case=False)
    total_column, grounds_column = st.columns(2)
    with total_column:
        _indicator_block(
            radar[~grounds], "RADAR", "Klachten over discriminatie bij het antidiscriminatiebureau.", view.role
        )
    with grounds_column:
        _indicator_block(
            radar[grounds], "RADAR per grond", "Waarvan op de gronden 'Geslacht' en 'Seksuele gerichtheid'.", view.role
        )
    monitor = view.series("Veiligheidsmonitor")
    measures = view.monitor_measures()
    st.subheader("Veiligheidsmonitor")
    if not measures:
        st.info(f"Nog geen cijfers van de Veiligheidsmonitor. {import_hint(view.role, 'ze', 'indicatoren')}")
    else:
        chosen = st.selectbox("Meting", measures, key="on_meting")
        st.caption(view.monitor_caption(chosen))
        _indicator_chart(monitor[monitor["meting"] == chosen], f"Veiligheidsmonitor, {chosen.lower()}")
    references_section(view)
    st.subheader("Alle indicatoren")
    st.caption("De cijfers achter de grafieken hierboven; de referentiecijfers staan in hun eigen tabel.")
    table = view.tables()["Indicatoren"]
    st.dataframe(table, hide_index=True, width="stretch", column_config=_INDICATOR_COLUMNS)
    table_downloads(table, "Indicatoren")


def references_section(view: ResearchView) -> None:
    """The city's own survey and CBS's national figures, each with its source: the lines to measure against."""
    references = view.references()
    st.subheader("Referentiecijfers straatintimidatie")
    if references.empty:
        st.info("Geen referentiecijfers opgeslagen (een eigen enquête, CBS). Lees ze in als indicatoren.")
        return
    st.caption(
        "Hoe vaak straatintimidatie voorkomt volgens enquêtes: de lat waartegen het aantal meldingen in de app "
        "klein is. Het meeste wordt nooit gemeld."
    )
    table = view.tables()["Referentiecijfers"]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={**_INDICATOR_COLUMNS, "Waarde": NUMBER(format="%.0f", width="small")},
    )


def app_reports_section(view: ResearchView) -> None:
    years = view.reports_per_year
    if years.empty:
        st.info(f"Nog geen meldingen in de opslag. {import_hint(view.role, 'een export van de app')}")
        return
    st.caption(
        f"Per 1.000 inwoners bij {format_number(view.population)} inwoners ({view.population_source}). "
        "Het eerste en het lopende jaar zijn niet compleet; de periode staat in de tabel."
    )
    st.warning(indicators.APP_SOURCE_NOTE, icon=":material/lightbulb:")
    chart_over_table(charts.per_inhabitant_chart(years))
    table = years.drop(columns="volledig_jaar")
    st.dataframe(
        indicators.labelled(table.assign(per_1000_inwoners=table["per_1000_inwoners"].map(_decimal))),
        hide_index=True,
        width="stretch",
        column_config={"Jaar": NUMBER(format="%d")},
    )
    table_downloads(view.tables()["Meldingen per jaar"], "Meldingen per jaar")


def _decimal(value: float | None, signed: bool = False) -> str:
    """Two decimals with a Dutch comma; a sign where the value is a difference; empty when unknown."""
    if value is None or pd.isna(value):
        return ""
    return ("+" if signed and value > 0 else "") + format_number(value, 2)


def _dutch_effects(effects: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """The effect table as shown: the reading right after the measure, numbers with Dutch decimals."""
    shown = effects.assign(
        gemiddelde_voor=effects["gemiddelde_voor"].map(_decimal),
        gemiddelde_na=effects["gemiddelde_na"].map(_decimal),
        verschil=effects["verschil"].map(lambda value: _decimal(value, signed=True)),
        interval=[
            f"{_decimal(low, True)} tot {_decimal(high, True)}" if pd.notna(low) else ""
            for low, high in zip(effects["ondergrens"], effects["bovengrens"], strict=True)
        ],
    )
    order = [*labels, "meting", "lezing", "verschil", "interval", "n_voor", "gemiddelde_voor", "n_na", "gemiddelde_na"]
    return indicators.labelled(shown[order]).rename(columns={"interval": "95 %-interval"})


def effect_section(view: ResearchView, by_school: bool) -> None:
    effects = view.effects_by_school if by_school else view.effects_by_programme
    if effects.empty:
        st.info(f"Nog geen voor- en nametingen. {import_hint(view.role, 'de enquêteresultaten', 'enquêteresultaten')}")
        return
    st.caption(
        "Gemiddelde score vóór en na het programma, het verschil met een 95 %-betrouwbaarheidsinterval (Welch; "
        "de voor- en nagroep als aparte steekproeven) en wat dat betekent. Een interval dat 0 niet bevat, is een "
        f"aantoonbaar verschil. Met minder dan {indicators.MIN_RESPONDENTS} respondenten voor of na trekken we "
        "geen conclusie."
    )
    label = "school" if by_school else "programma"
    labels = ["school", "programma"] if by_school else ["programma"]
    if effects["verschil"].notna().any():
        chart_over_table(charts.effect_chart(effects, labels))
    # A static table: its ten columns wrap to the page's width instead of scrolling the figures out of view.
    table = _dutch_effects(effects, labels=labels)
    figures = [column for column in table.columns if column.startswith(("Verschil", "95 %", "n ", "Gemiddelde"))]
    st.table(table.style.set_properties(subset=figures, **{"text-align": "right"}), hide_index=True)
    year = view.school_year or "alle schooljaren"
    table_downloads(view.tables()[f"Effect per {label}"], f"Effect per {label} {year.replace('/', '-')}")
