"""Scholen: which schools the programme reached, how deeply, as planned, and what happens around them."""

import streamlit as st

from vsdata import school_views, schools, settings
from vsdata.models import SchoolType
from vsdata.ui import data, school_sections, shell

role = shell.guard("scholen")
city, today = settings.profile(), settings.today()
url, version = data.store_url(), data.data_version()

years = data.school_years(url, version, today)
sidebar = st.sidebar
sidebar.header("Selectie")
current = schools.school_year_of(today)
school_year = sidebar.selectbox(
    "Schooljaar",
    years,
    index=years.index(current) if current in years else 0,
    key="sc_schooljaar",
    help="1 augustus – 31 juli",
)
school_type = sidebar.selectbox(
    "Soort school", [None, *SchoolType], format_func=lambda value: "Alle soorten" if value is None else str(value)
)
vios_only = sidebar.toggle("Alleen VIOS-scholen", value=False)
vios_layout = sidebar.toggle(
    "VIOS-weergave",
    value=st.query_params.get("weergave") == "vios",
    help="Eén scherm, grote letters, om af te drukken.",
)
view = data.school_view(url, version, school_year, today, role, school_type, vios_only)

if vios_layout:
    school_sections.vios_view(view)
    st.stop()
st.title("Scholen")
st.caption(f"Schooljaar {school_year} (1 augustus – 31 juli); 'Een veilige stad begint bij een veilige school.'")

school_sections.key_figures(view)
overview, charts, school_map, detail = st.tabs(["Dekking", "Grafieken", "Kaart", "Per school"])
with overview:
    school_sections.table_section(view)
with charts:
    school_sections.charts_section(view)
with school_map:
    school_sections.map_section(view, data.school_points(url, version), city)
with detail:
    # The schools in the table's order: a programme school that needs attention comes first.
    names = list(school_views.in_status_order(view.coverage)["school"])
    if names:
        chosen = st.selectbox("School", names, key="sc_school")
        school_sections.detail_section(view, data.school_detail(url, version, chosen, today, role, school_year))
    else:
        st.info("Geen scholen in deze selectie. Kies een andere soort school of zet 'Alleen VIOS-scholen' uit.")
