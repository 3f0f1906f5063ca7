"""Onderzoek: does it work? The indicators over the years and the effect of the school programme."""

import streamlit as st

from vsdata import settings
from vsdata.ui import data, research_sections, shell

role = shell.guard("onderzoek")
today = settings.today()
url, version = data.store_url(), data.data_version()

years = data.survey_years(url, version)
st.sidebar.header("Effectmeting")
ALL_YEARS = "alle"  # a value, not None: a None option would let the box be cleared to an empty choice
chosen = st.sidebar.selectbox(
    "Schooljaar",
    [ALL_YEARS, *years],
    format_func=lambda value: "Alle schooljaren" if value == ALL_YEARS else value,
    key="on_schooljaar",
    help="Voor de effectmeting van het schoolprogramma (tab 'Effect schoolprogramma').",
)
by_school = st.sidebar.radio("Effect per", ["programma", "school"], horizontal=True, key="on_per") == "school"
view = data.research_view(url, version, today, role, None if chosen == ALL_YEARS else chosen)

st.title("Onderzoek")
st.caption(
    "Werkt het? De drie indicatoren van het plan (RADAR, de Veiligheidsmonitor en de meldingen in de app) en de "
    "voor- en nametingen van het schoolprogramma. Elk cijfer met zijn bron."
)
indicator_tab, app_tab, effect_tab = st.tabs(["Indicatoren", "Meldingen in de app", "Effect schoolprogramma"])
with indicator_tab:
    research_sections.indicators_section(view)
with app_tab:
    research_sections.app_reports_section(view)
with effect_tab:
    research_sections.effect_section(view, by_school)
