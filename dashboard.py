"""Entry point: page config, who the visitor is, navigation built from their role on every run."""

import streamlit as st

from vsdata.access import Mode
from vsdata.db import StoreProblem
from vsdata.roles import PAGES, may_open
from vsdata.ui import auth, data, presentation, shell

shell.configure_page()
shell.keyboard_focus()
data.static_assets()
try:
    if data.ensure_store():
        st.toast("Er was nog geen gegevensbestand: er is een demo-opslag aangemaakt.", icon=":material/info:")
except StoreProblem as problem:
    # No menu and no page: none of them can run on this store.
    st.navigation([st.Page(spec.path, url_path=spec.key) for spec in PAGES], position="hidden")
    st.error(str(problem), icon=":material/database:")
    st.stop()

url = data.store_url()
version = data.data_version()
who = auth.visitor(demo_only=data.is_demo_only(url, version))
if who.mode in (Mode.DEMO, Mode.LOCAL):
    who = shell.role_switcher(who)

# Every page is registered, those the role may not open hidden from the menu: opening such a page's
# URL then reaches the page's guard, which says "Geen toegang", instead of a silent jump elsewhere.
# Without a role the menu is hidden and no page runs.
pages = {
    spec.key: st.Page(
        spec.path,
        title=spec.title,
        icon=spec.icon,
        url_path=spec.key,
        visibility="visible" if who.role and may_open(who.role, spec.key) else "hidden",
    )
    for spec in PAGES
}
navigation = st.navigation(list(pages.values()), position="sidebar" if who.role else "hidden")
if presentation.active() and navigation is pages["overzicht"]:
    # Presentation mode: no menu, no sidebar (Overzicht shows the topics).
    navigation = st.navigation(list(pages.values()), position="hidden")
if who.role is None:
    auth.entrance(who)
    st.stop()

shell.admit(who)
requested = shell.take_requested_page()
if requested and requested[0] in pages:
    st.switch_page(pages[requested[0]], query_params=requested[1])

if who.mode is Mode.SIGN_IN:
    auth.sidebar(who)
shell.sidebar_freshness(url, version)
if data.is_demo(url, version):
    shell.demo_notice(compact=presentation.active())

shell.mark_entry_ran()
navigation.run()
