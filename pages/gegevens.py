"""Gegevens: import exports safely (preview first), see and undo imports, start with own data."""

import streamlit as st

from vsdata.ui import data, import_sections, shell

role = shell.guard("gegevens")
url, version = data.store_url(), data.data_version()

st.title("Gegevens")
st.caption(
    "Inlezen gebeurt in twee stappen: eerst controleren, dan in één keer opslaan. Er wordt altijd eerst een "
    "reservekopie gemaakt, en elke import is ongedaan te maken."
)
st.subheader("Inlezen")
import_sections.import_section(url)
st.subheader("Importen")
import_sections.batches_section(url, version)
st.subheader("Kwaliteit van de gegevens")
import_sections.quality_section(url, version)
import_sections.own_data_section(url, version)
