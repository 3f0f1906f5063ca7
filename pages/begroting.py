"""Begroting: the OCW grant spent against plan, the year-end forecast, and the accountability export."""

import streamlit as st

from vsdata import roles, settings
from vsdata.ui import budget_sections, data, shell

role = shell.guard("begroting")
city, today = settings.profile(), settings.today()
url, version = data.store_url(), data.data_version()

years = list(city.grant_year_range)
WHOLE_PROGRAMME = 0
options = [*years, WHOLE_PROGRAMME]
default = options.index(today.year) if today.year in years else len(options) - 1
chosen = st.sidebar.selectbox(
    "Jaar",
    options,
    index=default,
    key="bg_jaar",
    format_func=lambda year: f"{years[0]}–{years[-1]} (hele programma)" if year == WHOLE_PROGRAMME else str(year),
)
selection = None if chosen == WHOLE_PROGRAMME else chosen
view = data.budget_view(url, version, selection, today)

st.title("Begroting")
st.caption(f"OCW-subsidie Veilige Steden, {view.period.label}; bedragen in euro's, realisatie = betaald + verplicht.")
if budget_sections.plan_missing(view, role):
    st.stop()
budget_sections.key_figures(view)
st.subheader("Uitgaven tegen de subsidie")
budget_sections.burn_down_section(view, today)
st.subheader("Signalen")
budget_sections.alerts_section(view)
st.subheader("Plan en realisatie per begrotingsregel")
budget_sections.lines_section(view)

tabs = ["Vier jaar naast elkaar", "Verantwoording"]
if roles.may_see_ledger(role):
    tabs.insert(1, "Uitgaven")
sections = dict(zip(tabs, st.tabs(tabs), strict=True))
with sections["Vier jaar naast elkaar"]:
    budget_sections.matrix_section(view)
if "Uitgaven" in sections:
    with sections["Uitgaven"]:
        budget_sections.expenses_section(
            view, lambda search, topic, status: data.expenses(url, version, view.period.years, search, topic, status)
        )
with sections["Verantwoording"]:
    xlsx = data.accountability_xlsx(url, version, selection) if selection is not None else None
    budget_sections.export_section(view, xlsx)
