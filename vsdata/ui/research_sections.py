"""The Onderzoek page's parts: indicators with their sources, app reports per inhabitant, the programme's effect."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vsdata import charts, indicators
from vsdata.formatting import format_number
from vsdata.indicators import ResearchView
from vsdata.ui.downloads import table_downloads

NUMBER = st.column_config.NumberColumn
TEXT = st.column_config.TextColumn


def _sources(frame: pd.DataFrame) -> str:
    """The distinct sources of a chart, for the caption under it."""
    cited = "; ".join(sorted(set(frame.loc[~frame["schatting"], "vindplaats"])))
    estimates = " Open punten zijn schattingen (demo), geen bronwaarden." if frame["schatting"].any() else ""
    return f"Bron: {cited or 'geen'}.{estimates}"


def _indicator_block(frame: pd.DataFrame, title: str, explanation: str) -> None:
    st.subheader(title)
    if frame.empty:
        st.info(f"Nog geen cijfers van {title}. Lees ze in op de pagina Gegevens (soort: indicatoren).")
        return
    st.caption(explanation)
    unit = frame["eenheid"].mode().iat[0]
    st.altair_chart(charts.indicator_chart(frame[frame["eenheid"] == unit], unit), width="stretch")
    st.caption(_sources(frame))


def _most_compared(monitor: pd.DataFrame) -> list[str]:
    """Measures with a national line and the longest series first, so the default choice compares most."""
    spread = monitor.groupby("meting").agg(gebieden=("gebied", "nunique"), jaren=("jaar", "nunique"))
    return list(spread.sort_values(["gebieden", "jaren"], ascending=False).index)


def indicators_section(view: ResearchView) -> None:
    if view.indicators.empty:
        st.info("De opslag bevat nog geen indicatoren. Lees ze in op de pagina Gegevens (soort: indicatoren).")
        return
    _indicator_block(
        view.series("RADAR"),
        "RADAR",
        "Klachten over discriminatie bij het antidiscriminatiebureau, in totaal en op de gronden 'Geslacht' en "
        "'Seksuele gerichtheid'.",
    )
    monitor = view.series("Veiligheidsmonitor")
    measures = _most_compared(monitor)
    st.subheader("Veiligheidsmonitor")
    if not measures:
        st.info("Nog geen cijfers van de Veiligheidsmonitor. Lees ze in op de pagina Gegevens (soort: indicatoren).")
    else:
        chosen = st.selectbox("Meting", measures, key="on_meting")
        chosen_rows = monitor[monitor["meting"] == chosen]
        st.caption("Dordrecht naast Nederland, waar het landelijke cijfer is opgeslagen; de monitor is tweejaarlijks.")
        unit = chosen_rows["eenheid"].mode().iat[0]
        st.altair_chart(charts.indicator_chart(chosen_rows, unit), width="stretch")
        st.caption(_sources(chosen_rows))
    references_section(view)
    st.subheader("Alle indicatoren")
    table = view.indicators.assign(schatting=view.indicators["schatting"].map({True: "ja", False: "nee"}))
    st.dataframe(table, hide_index=True, width="stretch", column_config={"jaar": NUMBER(format="%d")})
    table_downloads(table, "Indicatoren")


def references_section(view: ResearchView) -> None:
    """Dordrecht's 2021 survey and CBS's national figures, each with its source: the lines to measure against."""
    references = view.references()
    st.subheader("Referentiecijfers straatintimidatie")
    if references.empty:
        st.info("Geen referentiecijfers opgeslagen (enquête Dordrecht 2021, CBS). Lees ze in als indicatoren.")
        return
    st.caption(
        "Hoe vaak straatintimidatie voorkomt volgens enquêtes: de lat waartegen het aantal meldingen in de app "
        "klein is. Het meeste wordt nooit gemeld."
    )
    st.dataframe(
        references,
        hide_index=True,
        width="stretch",
        column_config={"jaar": NUMBER(format="%d"), "waarde": NUMBER(format="%.0f"), "vindplaats": TEXT(width="large")},
    )


def app_reports_section(view: ResearchView) -> None:
    years = view.reports_per_year
    if years.empty:
        st.info("Nog geen meldingen in de opslag. Lees een export van de app in op de pagina Gegevens.")
        return
    st.caption(
        f"Per 1.000 inwoners bij {format_number(view.population)} inwoners ({view.population_source}). "
        "Het eerste en het lopende jaar zijn niet compleet; de periode staat in de tabel."
    )
    st.warning(indicators.APP_SOURCE_NOTE, icon=":material/lightbulb:")
    st.altair_chart(charts.per_inhabitant_chart(years), width="stretch")
    table = years.drop(columns="volledig_jaar")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"jaar": NUMBER(format="%d"), "per_1000_inwoners": NUMBER("per 1.000 inwoners", format="%.2f")},
    )
    table_downloads(table, "Meldingen per jaar")


def effect_section(view: ResearchView, by_school: bool) -> None:
    effects = view.effects_by_school if by_school else view.effects_by_programme
    if effects.empty:
        st.info(
            "Nog geen voor- en nametingen. Lees de enquêteresultaten in op de pagina Gegevens "
            "(soort: enquêteresultaten)."
        )
        return
    st.caption(
        "Gemiddelde score vóór en na het programma, het verschil met een 95 %-betrouwbaarheidsinterval (Welch; "
        "de voor- en nagroep als aparte steekproeven) en wat dat betekent. Een interval dat 0 niet bevat, is een "
        f"aantoonbaar verschil. Met minder dan {indicators.MIN_RESPONDENTS} respondenten voor of na trekken we "
        "geen conclusie."
    )
    label = "school" if by_school else "programma"
    if effects["verschil"].notna().any():
        st.altair_chart(charts.effect_chart(effects, label), width="stretch")
    decimals = {"format": "%.2f"}
    st.dataframe(
        effects,
        hide_index=True,
        width="stretch",
        column_config={
            "gemiddelde_voor": NUMBER("gemiddelde voor", **decimals),
            "gemiddelde_na": NUMBER("gemiddelde na", **decimals),
            "verschil": NUMBER(format="%+.2f"),
            "ondergrens": NUMBER("95 % van", format="%+.2f"),
            "bovengrens": NUMBER("95 % tot", format="%+.2f"),
            "lezing": TEXT(width="large"),
        },
    )
    year = view.school_year or "alle schooljaren"
    table_downloads(effects, f"Effect per {label} {year.replace('/', '-')}")
