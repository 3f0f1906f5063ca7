"""The Scholen page's sections, rendered from a SchoolView."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from vsdata import charts, maps, palette, school_views
from vsdata.formatting import format_date, format_number, format_percent
from vsdata.school_views import SchoolDetail, SchoolView, in_status_order
from vsdata.schools import (
    STATUS_BEHIND,
    STATUS_COLOURS,
    STATUS_NOT_IN_PROGRAMME,
    STATUS_NOTHING,
    STATUS_ON_TRACK,
    STATUS_RULE,
    programme_rows,
    programme_standing,
    school_standing,
)
from vsdata.settings import CityProfile
from vsdata.ui.chart_tables import chart_with_table
from vsdata.ui.downloads import table_downloads

TABLE_COLUMNS = {
    "school": "School",
    "status": "Status",
    "uitgevoerd": "Uitgevoerd",
    "tempo_doel": "Tempo",
    "doel": "Doel",
    "gepland": "Gepland",
    "bereik": "Bereik (%)",
    "tempo_bereik": "Tempo (%)",
    "doel_bereik": "Doel (%)",
    "meldingen_500m": "Meldingen",
    "volgende": "Volgende",
    "geannuleerd": "Geannuleerd",
    "bereikt": "Leerlingen bereikt",
    "dosering": "Dosering",
    "laatste": "Laatste",
    "leerjaren": "Leerjaren",
    "programmas": "Programma's",
    "themas": "Thema's",
    "type": "Type",
    "vios": "VIOS",
    "leerlingen": "Leerlingen",
}
SHOWN_COLUMNS = list(TABLE_COLUMNS.values())[:10]
"""The columns on screen, so the table fits the page; the downloads hold them all."""
TARGET_COLUMNS = ["Tempo", "Doel", "Tempo (%)", "Doel (%)"]
DELIVERY_COLUMNS = ["Uitgevoerd", "Gepland", "Bereik (%)", "Geannuleerd", "Leerlingen bereikt", "Dosering"]
ONE_DECIMAL = {"Tempo", "Dosering"}
NOT_APPLICABLE = "\u2013"
COLUMN_HELP = {
    "Uitgevoerd": "Uitgevoerde lesactiviteiten in het schooljaar.",
    "Tempo": "Lesactiviteiten die het doel tot vandaag vraagt: het doel maal het verstreken deel van het schooljaar.",
    "Doel": "Lesactiviteiten in het doel van het schooljaar.",
    "Gepland": "Lesactiviteiten met status 'gepland'.",
    "Bereik (%)": "Leerlingen bereikt / ingeschreven leerlingen, afgekapt op 100 %.",
    "Tempo (%)": "Bereik dat het doel tot vandaag vraagt.",
    "Doel (%)": "Bereik in het doel van het schooljaar.",
    "Meldingen": "Meldingen binnen 500 m van de school in het schooljaar tot vandaag.",
}
STATUS_DELTA_COLOURS = {STATUS_ON_TRACK: "green", STATUS_BEHIND: "orange", STATUS_NOTHING: "red"}
"""The colour of a status in a metric's delta line, beside the status word."""
DETAIL_LABELS = {
    "datum": "Datum", "schooljaar": "Schooljaar", "programma": "Programma", "leerjaar": "Leerjaar", "klas": "Klas",
    "leerlingen": "Leerlingen", "thema": "Thema", "partner": "Partner", "status": "Status", "doel": "Doel",
    "uitgevoerd": "Uitgevoerd", "bereikt": "Bereikt", "bereik": "Bereik", "meldingen_500m": "Meldingen binnen 500 m",
    "meting": "Meting", "n_voor": "n voor", "voor": "Gemiddelde voor", "n_na": "n na", "na": "Gemiddelde na",
    "verschil": "Verschil",
}  # fmt: skip
MEANS = ("voor", "na", "verschil")
REACH_NOTE = (
    "Bereik = leerlingen bereikt / ingeschreven leerlingen, afgekapt op 100 %: het register telt deelnames, "
    "en één leerling kan meerdere lesactiviteiten volgen. Dosering = uitgevoerde lesactiviteiten per bereikt leerjaar."
)
PACE_NOTE = "Tempo: het doel gelijk verdeeld over het schooljaar, dus wat het doel tot vandaag vraagt."


def coverage_table(view: SchoolView) -> pd.DataFrame:
    """The coverage table as downloaded: Dutch headers, dates as text, no figures where none apply.

    A school outside the programme has no sessions to count, and a school without a target no pace: those
    cells are empty, not 0.
    """
    table = in_status_order(view.coverage)[list(TABLE_COLUMNS)].copy()
    table["vios"] = table["vios"].map({True: "ja", False: "nee"})
    table["dosering"] = table["dosering"].round(1)
    for share in ("bereik", "tempo_bereik", "doel_bereik"):
        table[share] = (table[share] * 100).round(1)
    for column in ("laatste", "volgende"):
        table[column] = [format_date(day) if pd.notna(day) and day else "" for day in table[column]]
    no_target = (table["doel"] == 0).to_numpy()
    table = table.rename(columns=TABLE_COLUMNS)
    outside = (table["Status"] == STATUS_NOT_IN_PROGRAMME).to_numpy()
    figures = DELIVERY_COLUMNS + TARGET_COLUMNS
    table[figures] = table[figures].astype("Float64")
    table.loc[outside, DELIVERY_COLUMNS] = pd.NA
    table.loc[no_target, TARGET_COLUMNS] = pd.NA
    return table.reset_index(drop=True)


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table as on screen: figures in Dutch notation (percentages whole), an en dash where none applies."""
    shown = table.copy()
    for column in DELIVERY_COLUMNS + TARGET_COLUMNS:
        decimals = 1 if column in ONE_DECIMAL else 0
        shown[column] = [
            NOT_APPLICABLE if pd.isna(value) else format_number(value, decimals) for value in table[column]
        ]
    return shown


def key_figures(view: SchoolView) -> None:
    coverage, programme = view.coverage, view.programme
    sessions, students, schools_reached, behind = st.columns(4)
    sessions.metric(
        "Lesactiviteiten uitgevoerd",
        f"{format_number(programme.delivered)} van {format_number(programme.target)}",
        delta=programme.status if programme.target else None,
        delta_color=STATUS_DELTA_COLOURS.get(programme.status, "gray"),
        delta_arrow="off",
        border=True,
        help=STATUS_RULE,
    )
    if programme.target:
        sessions.caption(
            f"Programma als geheel: {programme.summary}. Op tempo: {format_number(programme.pace_target)} "
            "lesactiviteiten."
        )
    students.metric("Leerlingen bereikt", format_number(coverage["bereikt"].sum()), border=True, help=REACH_NOTE)
    if programme.target_students:
        students.caption(
            f"Bereik van de programmascholen {format_percent(programme.reach, 0)}; op tempo "
            f"{format_percent(programme.pace_reach, 0)}."
        )
    reached = int((coverage["uitgevoerd"] > 0).sum())
    schools_reached.metric("Scholen bereikt", f"{reached} van {len(coverage)}", border=True)
    in_programme = len(programme_rows(coverage))
    schools_reached.caption(f"{in_programme} {'school' if in_programme == 1 else 'scholen'} in het programma.")
    count = int(coverage["status"].isin([STATUS_BEHIND, STATUS_NOTHING]).sum())
    behind.metric("Achter of niets gepland", format_number(count), border=True, help=STATUS_RULE)


def table_section(view: SchoolView) -> None:
    table = coverage_table(view)
    st.dataframe(
        shown_table(table),
        hide_index=True,
        width="stretch",
        column_order=SHOWN_COLUMNS,
        column_config={
            column: st.column_config.TextColumn(column, help=text, alignment="right")
            if column != "Meldingen"
            else st.column_config.TextColumn(column, help=text)
            for column, text in COLUMN_HELP.items()
        },
    )
    st.caption(
        f"{STATUS_RULE} {PACE_NOTE} {REACH_NOTE} Een streepje: geen doel of niet in het programma. "
        "De downloads bevatten ook de volgende en laatste lesactiviteit, geannuleerde lesactiviteiten, dosering, "
        "leerjaren, programma's en thema's."
    )
    table_downloads(table, f"Scholen {view.school_year.replace('/', '-')}")


def charts_section(view: SchoolView) -> None:
    reach, cumulative = st.columns(2)
    with reach:
        st.markdown("**Bereik per programmaschool, tegen het tempo van vandaag en het doel van het schooljaar**")
        in_programme = charts.reach_chart(view.coverage)
        if in_programme is None:
            st.info("Geen programmascholen of doelen in deze selectie.")
        else:
            chart_with_table(in_programme, "bereik per programmaschool", _reach_table(view))
    with cumulative:
        st.markdown("**Lesactiviteiten door het schooljaar, tegen het tempo van het doel**")
        chart_with_table(
            charts.cumulative_chart(view.cumulative),
            "lesactiviteiten door het schooljaar",
            view.cumulative.assign(tempo_doel=view.cumulative["tempo_doel"].map(lambda pace: format_number(pace, 1))),
            {"datum": "Datum", "uitgevoerd": "Uitgevoerd", "tempo_doel": "Tempo van het doel"},
        )
    st.caption(STATUS_RULE)
    mix, themes = st.columns(2)
    with mix:
        st.markdown("**Programma's per school**")
        if view.programme_mix.empty:
            st.info("Nog geen uitgevoerde lesactiviteiten in dit schooljaar.")
        else:
            chart_with_table(
                charts.mix_chart(view.programme_mix, "programma", "Programma"),
                "programma's per school",
                view.programme_mix,
                {"school": "School", "programma": "Programma", "sessies": "Lesactiviteiten"},
            )
    with themes:
        st.markdown("**Thema's per school**")
        if view.theme_matrix.empty:
            st.info("Nog geen uitgevoerde lesactiviteiten in dit schooljaar.")
        else:
            chart_with_table(
                charts.theme_matrix_chart(view.theme_matrix),
                "thema's per school",
                view.theme_matrix,
                {"school": "School", "thema": "Thema", "sessies": "Lesactiviteiten"},
            )
    st.markdown("**Vergelijking met eerdere schooljaren**")
    if view.years.empty:
        st.info("Geen doelen of lesactiviteiten in eerdere schooljaren.")
    else:
        chart_with_table(
            charts.years_chart(view.years),
            "eerdere schooljaren",
            view.years,
            {"school": "School", "schooljaar": "Schooljaar", "doel": "Doel", "uitgevoerd": "Uitgevoerd"},
        )
        st.caption("Een balk per schooljaar; het zwarte streepje is het doel van dat schooljaar.")


def _reach_table(view: SchoolView) -> pd.DataFrame:
    """The reach chart's rows of the coverage table, in its notation: reach, pace and target, and the status."""
    table = shown_table(coverage_table(view))
    charted = table["School"].isin(programme_rows(view.coverage)["school"])
    return table.loc[charted, ["School", "Bereik (%)", "Tempo (%)", "Doel (%)", "Status"]]


def map_section(view: SchoolView, points: pd.DataFrame, city: CityProfile) -> None:
    fmap = maps.school_map(view.coverage, points, centre=city.map_center, zoom=city.map_zoom)
    st_folium(fmap, height=480, use_container_width=True, returned_objects=[], key="scholen_kaart")
    st.markdown(f"**Kaart in woorden.** {school_views.map_in_words(view.coverage)}")
    st.caption(
        "Grootte: bereik; kleur: status (de status staat ook in de tooltip, met de meldingen binnen 500 m in het "
        f"schooljaar). {STATUS_RULE}"
    )


def detail_section(view: SchoolView, detail: SchoolDetail) -> None:
    row = next(view.coverage[view.coverage["school"] == detail.school].itertuples(index=False), None)
    if row is not None:
        standing = school_standing(row, view.programme.elapsed_share)
        st.markdown(f"**{detail.school}**, schooljaar {view.school_year}: {standing.summary}.")
    st.markdown(detail.reports_summary)
    st.markdown("**Lesactiviteiten**")
    if detail.sessions.empty:
        st.info("Voor deze school zijn nog geen lesactiviteiten geregistreerd.")
    else:
        sessions = detail.sessions.assign(datum=detail.sessions["datum"].map(format_date))
        st.dataframe(sessions, hide_index=True, width="stretch", column_config=DETAIL_LABELS)
    years, reports = st.columns(2)
    with years:
        st.markdown("**Bereik door de jaren**")
        if detail.years.empty:
            st.info("Geen doelen voor deze school.")
        else:
            table = detail.years.assign(bereik=detail.years["bereik"].map(lambda share: format_percent(share, 0)))
            st.dataframe(table.drop(columns=["school"]), hide_index=True, width="stretch", column_config=DETAIL_LABELS)
    with reports:
        st.markdown("**Meldingen binnen 500 m per schooljaar**")
        st.dataframe(detail.reports_by_year, hide_index=True, width="stretch", column_config=DETAIL_LABELS)
    st.markdown("**Voor- en nameting**")
    if detail.survey.empty:
        st.info("Geen enquêteresultaten voor deze school.")
    else:
        # Means on a 1–5 scale, always with two decimals so 3,00 and 3,12 line up.
        means = {column: st.column_config.TextColumn(DETAIL_LABELS[column], alignment="right") for column in MEANS}
        survey = detail.survey.assign(
            **{column: detail.survey[column].map(lambda mean: format_number(mean, 2)) for column in MEANS}
        )
        st.dataframe(survey, hide_index=True, width="stretch", column_config={**DETAIL_LABELS, **means})


def vios_view(view: SchoolView) -> None:
    """One screen, large type, printable: the VIOS schools side by side."""
    coverage = view.coverage[view.coverage["vios"]].sort_values(["in_programma", "school"], ascending=[False, True])
    rows = "".join(_vios_row(row) for row in coverage.itertuples(index=False))
    together = programme_standing(coverage, view.programme.elapsed_share)
    totals = (
        f"{format_number(together.delivered)} lesactiviteiten van {format_number(together.target)}, "
        f"{format_number(coverage['bereikt'].sum())} leerlingen bereikt, "
        f"{int((coverage['uitgevoerd'] > 0).sum())} van {len(coverage)} VIOS-scholen bereikt"
        + (f"; samen {together.summary}" if together.target else "")
    )
    st.html(
        f"""
        <style>
          .vs-vios {{ font-size: 1.1rem; width: 100%; border-collapse: collapse; }}
          .vs-vios td:nth-child(5) {{ font-size: .95rem; }}
          .vs-vios th {{ text-align: left; border-bottom: 3px solid {palette.BRAND}; padding: .3rem .5rem;
                         font-size: 1rem; }}
          .vs-vios td {{ border-bottom: 1px solid #D9DEE3; padding: .35rem .5rem; vertical-align: top; }}
          .vs-vios td:first-child {{ font-weight: 600; width: 30%; }}
          .vs-vios td:nth-child(2), .vs-vios td:nth-child(3), .vs-vios td:nth-child(4) {{ white-space: nowrap; }}
          .vs-status {{ padding: .05rem .45rem; border-radius: .3rem; white-space: nowrap; }}
          .vs-total {{ font-size: 1.35rem; margin: .25rem 0 .75rem; }}
          @media print {{
            [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"] {{ display: none; }}
          }}
        </style>
        <h2 style="margin:0">VIOS-scholen, schooljaar {view.school_year}</h2>
        <p class="vs-total">{totals}.</p>
        <table class="vs-vios">
          <tr><th>School</th><th>Lessen</th><th>Leerlingen</th><th>Bereik</th><th>Programma's</th>
              <th>Meldingen&nbsp;500&nbsp;m</th><th>Status</th></tr>
          {rows}
        </table>
        """
    )
    st.caption("Afdrukken: gebruik de afdrukfunctie van de browser (Ctrl+P); de zijbalk wordt dan weggelaten.")


def _vios_row(row) -> str:
    """One school of the VIOS view; a school outside the programme has no figures to show but its reports."""
    outside = row.status == STATUS_NOT_IN_PROGRAMME
    sessions = NOT_APPLICABLE if outside else f"{row.uitgevoerd} / {row.doel}"
    students = NOT_APPLICABLE if outside else format_number(row.bereikt)
    reach = NOT_APPLICABLE if outside else format_percent(row.bereik, 0)
    return (
        f"<tr><td>{html.escape(row.school)}</td><td>{sessions}</td><td>{students}</td><td>{reach}</td>"
        f"<td>{html.escape(row.programmas or NOT_APPLICABLE)}</td><td>{html.escape(row.meldingen_500m)}</td>"
        f"<td>{_status_badge(row.status)}</td></tr>"
    )


def _status_badge(status: str) -> str:
    colour = STATUS_COLOURS.get(status, palette.NEUTRAL)
    style = f"background:{colour};color:{palette.readable_ink(colour)}"
    return f"<span class='vs-status' style='{style}'>{html.escape(status)}</span>"
