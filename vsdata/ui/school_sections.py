"""The Scholen page's sections, rendered from a SchoolView."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from vsdata import charts, maps
from vsdata.formatting import format_date, format_number, format_percent
from vsdata.school_views import SchoolDetail, SchoolView
from vsdata.schools import STATUS_COLOURS, STATUS_ORDER
from vsdata.settings import CityProfile
from vsdata.ui.downloads import table_downloads

TABLE_COLUMNS = {
    "school": "School",
    "status": "Status",
    "uitgevoerd": "Uitgevoerd",
    "doel": "Doel",
    "gepland": "Gepland",
    "geannuleerd": "Geannuleerd",
    "bereik": "Bereik (%)",
    "bereikt": "Leerlingen bereikt",
    "dosering": "Dosering",
    "meldingen_500m": "Meldingen 500 m",
    "laatste": "Laatste",
    "volgende": "Volgende",
    "leerjaren": "Leerjaren",
    "programmas": "Programma's",
    "themas": "Thema's",
    "type": "Type",
    "vios": "VIOS",
    "leerlingen": "Leerlingen",
}
DETAIL_LABELS = {
    "datum": "Datum", "schooljaar": "Schooljaar", "programma": "Programma", "leerjaar": "Leerjaar", "klas": "Klas",
    "leerlingen": "Leerlingen", "thema": "Thema", "partner": "Partner", "status": "Status", "doel": "Doel",
    "uitgevoerd": "Uitgevoerd", "bereikt": "Bereikt", "bereik": "Bereik", "meldingen_500m": "Meldingen binnen 500 m",
    "meting": "Meting", "n_voor": "n voor", "voor": "Gemiddelde voor", "n_na": "n na", "na": "Gemiddelde na",
    "verschil": "Verschil",
}  # fmt: skip
REACH_NOTE = (
    "Bereik = leerlingen bereikt / ingeschreven leerlingen, afgekapt op 100 %: het register telt deelnames, "
    "en één leerling kan meerdere lesactiviteiten volgen. Dosering = uitgevoerde lesactiviteiten per bereikt leerjaar."
)


def coverage_table(view: SchoolView) -> pd.DataFrame:
    """The coverage table as shown and downloaded: Dutch headers, dates as text."""
    order = {status: index for index, status in enumerate(STATUS_ORDER)}
    ranked = view.coverage.assign(rang=view.coverage["status"].map(order))
    table = ranked.sort_values(["rang", "school"])[list(TABLE_COLUMNS)].copy()
    table["vios"] = table["vios"].map({True: "ja", False: "nee"})
    table["dosering"] = table["dosering"].round(1)
    table["bereik"] = (table["bereik"] * 100).round(1)
    for column in ("laatste", "volgende"):
        table[column] = [format_date(day) if pd.notna(day) and day else "" for day in table[column]]
    return table.rename(columns=TABLE_COLUMNS)


def key_figures(view: SchoolView) -> None:
    coverage = view.coverage
    columns = st.columns(4)
    columns[0].metric(
        "Lesactiviteiten uitgevoerd",
        f"{format_number(coverage['uitgevoerd'].sum())} van {format_number(coverage['doel'].sum())}",
        border=True,
    )
    columns[1].metric("Leerlingen bereikt", format_number(coverage["bereikt"].sum()), border=True, help=REACH_NOTE)
    reached = int((coverage["uitgevoerd"] > 0).sum())
    columns[2].metric("Scholen bereikt", f"{reached} van {len(coverage)}", border=True)
    behind = int(coverage["status"].isin(["achter", "niets gepland"]).sum())
    columns[3].metric("Achter of niets gepland", format_number(behind), border=True)


def table_section(view: SchoolView) -> None:
    table = coverage_table(view)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Bereik (%)": st.column_config.NumberColumn("Bereik (%)", format="localized", help=REACH_NOTE),
            "Dosering": st.column_config.NumberColumn("Dosering", format="localized"),
            "Leerlingen": st.column_config.NumberColumn("Leerlingen", format="localized"),
            "Leerlingen bereikt": st.column_config.NumberColumn("Leerlingen bereikt", format="localized"),
        },
    )
    st.caption(REACH_NOTE + " Status: op koers als de uitgevoerde lesactiviteiten het tempo van het doel halen.")
    table_downloads(table, f"Scholen {view.school_year.replace('/', '-')}")


def charts_section(view: SchoolView) -> None:
    reach, cumulative = st.columns(2)
    with reach:
        st.markdown("**Bereik per school, met het doel (streepje)**")
        st.altair_chart(charts.reach_chart(view.coverage), width="stretch")
    with cumulative:
        st.markdown("**Lesactiviteiten door het schooljaar, tegen het tempo van het doel**")
        st.altair_chart(charts.cumulative_chart(view.cumulative), width="stretch")
    mix, themes = st.columns(2)
    with mix:
        st.markdown("**Programma's per school**")
        if view.programme_mix.empty:
            st.info("Nog geen uitgevoerde lesactiviteiten in dit schooljaar.")
        else:
            st.altair_chart(charts.mix_chart(view.programme_mix, "programma", "Programma"), width="stretch")
    with themes:
        st.markdown("**Thema's per school**")
        if view.theme_matrix.empty:
            st.info("Nog geen uitgevoerde lesactiviteiten in dit schooljaar.")
        else:
            st.altair_chart(charts.theme_matrix_chart(view.theme_matrix), width="stretch")
    st.markdown("**Vergelijking met eerdere schooljaren**")
    if view.years.empty:
        st.info("Geen doelen of lesactiviteiten in eerdere schooljaren.")
    else:
        st.altair_chart(charts.years_chart(view.years))


def map_section(view: SchoolView, points: pd.DataFrame, city: CityProfile) -> None:
    fmap = maps.school_map(view.coverage, points, centre=city.map_center, zoom=city.map_zoom)
    st_folium(fmap, height=480, use_container_width=True, returned_objects=[], key="scholen_kaart")
    st.caption("Grootte: bereik; kleur: status. In de tooltip de meldingen binnen 500 m in het schooljaar.")


def detail_section(detail: SchoolDetail) -> None:
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
        st.dataframe(detail.survey, hide_index=True, width="stretch", column_config=DETAIL_LABELS)


def vios_view(view: SchoolView) -> None:
    """One screen, large type, printable: the VIOS schools side by side."""
    coverage = view.coverage[view.coverage["vios"]].sort_values(["in_programma", "school"], ascending=[False, True])
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(row.school)}</td><td>{row.uitgevoerd} / {row.doel}</td>"
        f"<td>{format_number(row.bereikt)}</td><td>{format_percent(row.bereik, 0)}</td>"
        f"<td>{html.escape(row.programmas or '-')}</td><td>{html.escape(row.meldingen_500m)}</td>"
        f"<td>{_status_badge(row.status)}</td>"
        "</tr>"
        for row in coverage.itertuples(index=False)
    )
    totals = (
        f"{format_number(coverage['uitgevoerd'].sum())} lesactiviteiten van {format_number(coverage['doel'].sum())}, "
        f"{format_number(coverage['bereikt'].sum())} leerlingen bereikt, "
        f"{int((coverage['uitgevoerd'] > 0).sum())} van {len(coverage)} VIOS-scholen bereikt"
    )
    st.html(
        f"""
        <style>
          .vs-vios {{ font-size: 1.1rem; width: 100%; border-collapse: collapse; }}
          .vs-vios td:nth-child(5) {{ font-size: .95rem; }}
          .vs-vios th {{ text-align: left; border-bottom: 3px solid #0B4F8A; padding: .3rem .5rem; font-size: 1rem; }}
          .vs-vios td {{ border-bottom: 1px solid #D9DEE3; padding: .35rem .5rem; vertical-align: top; }}
          .vs-vios td:first-child {{ font-weight: 600; width: 30%; }}
          .vs-vios td:nth-child(2), .vs-vios td:nth-child(3), .vs-vios td:nth-child(4) {{ white-space: nowrap; }}
          .vs-status {{ color: #fff; padding: .05rem .45rem; border-radius: .3rem; white-space: nowrap; }}
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


def _status_badge(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#52606D")
    return f"<span class='vs-status' style='background:{colour}'>{html.escape(status)}</span>"
