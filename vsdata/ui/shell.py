"""Page config, the current role, the page guard and the sidebar."""

from __future__ import annotations

import dataclasses

import streamlit as st

from vsdata import demo_city, palette, settings
from vsdata.access import Mode
from vsdata.formatting import format_date, format_days_ago
from vsdata.roles import DEFAULT_ROLE, ROLE_LABELS, Role, may_open, page, parse_role
from vsdata.ui import auth, data

ENTRY_SCRIPT = "dashboard.py"
_ENTRY_RAN = "_vs_entry_ran"
_REQUESTED_PAGE = "_vs_requested_page"
_ROLE_WIDGET = "_vs_role_choice"
_MODE = "_vs_mode"


def configure_page() -> None:
    st.set_page_config(
        page_title=f"Veilige Steden {settings.profile().name}",
        page_icon="🛡️",
        layout="wide",
        initial_sidebar_state="expanded",
    )


def keyboard_focus() -> None:
    """Streamlit leaves no visible focus on menu links and toolbar buttons: one outline for everything."""
    st.html(palette.FOCUS_STYLE)


def current_role() -> Role:
    raw = st.session_state.get("role")
    role = parse_role(raw if raw is not None else DEFAULT_ROLE)
    if raw != role.value:
        st.session_state["role"] = role.value
    return role


def mark_entry_ran() -> None:
    """Called by the entry script right before it runs the page."""
    st.session_state[_ENTRY_RAN] = True


def take_requested_page() -> tuple[str, dict[str, str]] | None:
    """The page (and its query parameters) a visitor asked for before being sent through the entry script."""
    return st.session_state.pop(_REQUESTED_PAGE, None)


def guard(page_key: str) -> Role:
    """First call of every page: run through the entry script, then check the role.

    While a ``pages/`` folder exists, Streamlit can run a page file without the
    entry script (a page URL opened on a fresh server, or ``switch_page`` in
    tests). Such a run is sent through the entry script, which remembers the
    page asked for; a role that may not see the page gets "Geen toegang".
    """
    if not st.session_state.pop(_ENTRY_RAN, False):
        configure_page()
        st.session_state[_REQUESTED_PAGE] = (page_key, st.query_params.to_dict())
        st.switch_page(ENTRY_SCRIPT)
    if without_sign_in() and not data.is_demo_only(data.store_url(), data.data_version()):
        # Real data arrived between the entry script's check and this page: demo mode no longer applies.
        st.error("De opslag bevat nu eigen gegevens. Vernieuw de pagina; zonder aanmelding is er niets te zien.")
        st.stop()
    role = current_role()
    if not may_open(role, page_key):
        spec = page(page_key)
        title = spec.title if spec else page_key
        st.error(f"Geen toegang: de pagina '{title}' is niet beschikbaar voor de rol {role.label}.")
        st.stop()
    return role


def role_switcher(who: auth.Visitor) -> auth.Visitor:
    """Without sign-in (demo data, or this computer only): the visitor picks the role to view as."""
    role = current_role()
    options = [option.value for option in Role]
    demo = who.mode is Mode.DEMO
    st.sidebar.selectbox(
        "Bekijk als (demomodus)" if demo else "Bekijk als (deze computer, zonder aanmelding)",
        options=options,
        index=options.index(role.value),
        format_func=lambda value: ROLE_LABELS[Role(value)],
        key=_ROLE_WIDGET,
        on_change=_apply_role_choice,
        help="Elke rol ziet alleen wat bij die rol past.",
    )
    st.sidebar.caption(
        "Er is geen aanmelding ingesteld. Iedereen kan hier een rol kiezen; dat kan alleen zolang de opslag "
        "demodata bevat. Met echte gegevens vraagt het dashboard om aanmelding."
        if demo
        else "Zonder aanmelding, alleen omdat dit dashboard op deze computer draait en dat zo is ingesteld."
    )
    return dataclasses.replace(who, role=current_role())


def _apply_role_choice() -> None:
    st.session_state["role"] = st.session_state[_ROLE_WIDGET]


def admit(who: auth.Visitor) -> None:
    """Record on every run the role the pages' guards check and the account the import log names."""
    st.session_state["role"] = who.role.value
    st.session_state[auth.ACCOUNT_ID] = who.account_id
    st.session_state[_MODE] = who.mode.value


def without_sign_in() -> bool:
    """Demo mode: no sign-in is set up, so the data must stay demo data."""
    return st.session_state.get(_MODE) == Mode.DEMO.value


def account_id() -> str:
    return str(st.session_state.get(auth.ACCOUNT_ID, ""))


def demo_notice(compact: bool = False) -> None:
    """The demo warning; in presentation mode one small line, so the slide keeps its room."""
    if compact:
        st.badge("Demodata: verzonnen aantallen, locaties en bedragen", icon=":material/science:", color="orange")
        return
    st.warning(f"**Demodata**: {demo_city.what_is_real(settings.profile())}", icon=":material/science:")


def sidebar_freshness(url: str, version: int) -> None:
    today = settings.today()
    with st.sidebar.expander("Actualiteit gegevens", expanded=False, icon=":material/update:"):
        for source in data.freshness(url, version, today):
            if source.last_update is None:
                st.markdown(f"**{source.label}**: nog niet ingelezen")
                continue
            kind = "demodata van" if source.is_demo else "ingelezen op"
            marker = " :orange[**(verouderd)**]" if source.stale else ""
            st.markdown(
                f"**{source.label}**: {kind} {format_date(source.last_update)} "
                f"({format_days_ago(source.days_old or 0)}){marker}"
            )
