"""Sign-in for the app: who the visitor is, the sign-in screen, sign-out and the idle timeout.

The rules live in ``vsdata.access``; this module reads the secrets, the
session and ``st.user`` and draws the screens. The entry script calls
``visitor()`` on every run and shows data only when it returns a role.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from vsdata import access, settings
from vsdata.access import AccessConfig, AccessConfigError, Mode, SignInResult
from vsdata.formatting import format_number
from vsdata.roles import Role, parse_role

_ACCOUNT = "_vs_account"  # the password account signed in: username, name, role
_LAST_ACTIVITY = "_vs_last_activity"
_MESSAGE = "_vs_sign_in_message"  # (kind, text) for the next sign-in screen
_USERNAME_FIELD = "_vs_username"
_PASSWORD_FIELD = "_vs_password"
ACCOUNT_ID = "_vs_account_id"  # who acts, for the import log
SECRETS_FILE = ".streamlit/secrets.toml"


@dataclass(frozen=True)
class Visitor:
    """Who is looking: ``role`` is None when the visitor may see no data."""

    mode: Mode | None
    role: Role | None = None
    name: str = ""
    account_id: str = ""
    method: str = ""  # "oidc" or "wachtwoord" when signed in
    config: AccessConfig | None = None
    problem: str = ""  # a settings error, shown instead of any data
    unmapped_identity: str = ""  # signed in with the identity provider but given no role


# One lockout register for all sessions of the server process, so a reload does not reset the count. It is
# deliberately not in st.cache_resource: any visitor can ask Streamlit to clear that cache.
THROTTLE = access.LoginThrottle()
# When each identity-provider account was last active, across sessions: its sign-in cookie outlives a session.
_LAST_SEEN: dict[str, float] = {}


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except StreamlitSecretNotFoundError as missing:  # a subclass of FileNotFoundError, so caught first
        if "pars" in str(missing).lower():
            raise AccessConfigError(f"{SECRETS_FILE} is geen geldige TOML: {missing}") from missing
        return {}
    except FileNotFoundError:
        return {}


def _local_visit() -> bool:
    return access.is_local_visit(st.context.ip_address, st.get_option("server.address"), dict(st.context.headers or {}))


def visitor(demo_only: bool) -> Visitor:
    """Decide who the visitor is on this run; signs out a session idle for too long."""
    try:
        config = access.load_config(_secrets())
    except AccessConfigError as problem:
        return Visitor(mode=None, problem=str(problem))
    mode = access.access_mode(config, demo_only, _local_visit())
    if mode is Mode.CLOSED:
        return Visitor(mode, config=config)
    if mode in (Mode.DEMO, Mode.LOCAL):
        role = parse_role(st.session_state.get("role", Role.PROGRAMMAMANAGER))
        return Visitor(mode, role, account_id=mode.value, config=config)
    signed_in = _signed_in(config)
    if signed_in.role is None:
        return signed_in
    now = time.time()
    if signed_in.method == "oidc" and _LAST_ACTIVITY not in st.session_state:
        # A new session on an old sign-in cookie: idle since this account's last activity, or since it signed in.
        st.session_state[_LAST_ACTIVITY] = _LAST_SEEN.get(signed_in.account_id) or _signed_in_at(now)
    if access.idle_expired(st.session_state.get(_LAST_ACTIVITY), now, config.idle_minutes):
        sign_out(signed_in, f"U bent afgemeld na {config.idle_minutes} minuten zonder activiteit. Meld u opnieuw aan.")
        return Visitor(mode, config=config)
    st.session_state[_LAST_ACTIVITY] = now
    if signed_in.method == "oidc":
        _LAST_SEEN[signed_in.account_id] = now
    return signed_in


def _signed_in_at(now: float) -> float:
    """When the identity provider issued the sign-in (the ID token's iat); now if the token does not say."""
    issued = st.user.get("iat")
    return float(issued) if isinstance(issued, int | float) else now


def _signed_in(config: AccessConfig) -> Visitor:
    account = st.session_state.get(_ACCOUNT)
    if account and account["username"] in config.accounts:
        current = config.accounts[account["username"]]  # the role as configured now, not as it was at sign-in
        return Visitor(Mode.SIGN_IN, current.role, current.name, current.username, "wachtwoord", config)
    if config.uses_oidc and st.user.get("is_logged_in", False):
        email = str(st.user.get("email") or "")
        name = str(st.user.get("name") or email)
        if not access.trusted_identity(config, st.user.to_dict()):
            return Visitor(Mode.SIGN_IN, config=config, unmapped_identity=email or name)
        role = access.role_for_identity(config, email, st.user.get(config.groups_claim))
        if role is None:
            return Visitor(Mode.SIGN_IN, config=config, unmapped_identity=email or name)
        return Visitor(Mode.SIGN_IN, role, name, email or name, "oidc", config)
    return Visitor(Mode.SIGN_IN, config=config)


def plain(text: str) -> str:
    """Text from an identity provider, escaped so Markdown shows it as it is (no links, images or markup)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~])", r"\\\1", text)


def sign_out(who: Visitor, message: str = "U bent afgemeld.") -> None:
    """End the session: forget everything it held (filters too), then show the sign-in screen."""
    st.session_state.clear()
    st.session_state[_MESSAGE] = ("info", message)
    if who.method == "oidc" or who.unmapped_identity:
        st.logout()


def _try_password() -> None:
    """Form callback: check the password, then remove it from the session whatever the outcome."""
    username = str(st.session_state.get(_USERNAME_FIELD, ""))
    password = str(st.session_state.get(_PASSWORD_FIELD, ""))
    st.session_state[_PASSWORD_FIELD] = ""
    config = access.load_config(_secrets())
    if not username.strip() or not password:
        st.session_state[_MESSAGE] = ("error", "Vul uw gebruikersnaam en wachtwoord in.")
        return
    attempt = THROTTLE.sign_in(config, username, password)
    if attempt.result is SignInResult.OK:
        st.session_state[_ACCOUNT] = {"username": attempt.account.username}
        st.session_state[_LAST_ACTIVITY] = time.time()
        st.session_state.pop(_MESSAGE, None)
    elif attempt.result is SignInResult.LOCKED:
        minutes = max(1, round(attempt.seconds_locked / 60))
        st.session_state[_MESSAGE] = (
            "error",
            f"Te veel mislukte pogingen: aanmelden met deze gebruikersnaam kan over {minutes} "
            f"{'minuut' if minutes == 1 else 'minuten'} weer.",
        )
    else:
        left = attempt.attempts_left
        st.session_state[_MESSAGE] = (
            "error",
            f"Gebruikersnaam of wachtwoord klopt niet. Nog {format_number(left)} "
            f"{'poging' if left == 1 else 'pogingen'} voordat deze gebruikersnaam even wordt geblokkeerd.",
        )


def entrance(who: Visitor) -> None:
    """What a visitor without access sees instead of data: the sign-in screen or why there is none."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(f"Veilige Steden {settings.profile().name}")
        if who.problem:
            st.error(
                f"**De aanmeldinstellingen kloppen niet.** {who.problem}\n\n"
                "Het dashboard toont geen gegevens tot dit is opgelost.",
                icon=":material/error:",
            )
        elif who.mode is Mode.CLOSED:
            _closed_explanation()
        elif who.unmapped_identity:
            st.warning(
                f"U bent aangemeld als **{plain(who.unmapped_identity)}**, maar dit account heeft geen rol in het "
                "dashboard. Vraag de programmamanager Veilige Steden om u een rol te geven.",
                icon=":material/person_off:",
            )
            if st.button("Afmelden", icon=":material/logout:"):
                sign_out(who)
        else:
            _sign_in_form(who.config)


def _sign_in_form(config: AccessConfig) -> None:
    st.subheader("Aanmelden")
    st.caption("Het dashboard bevat gevoelige gegevens over meldingen en is alleen toegankelijk met een account.")
    message = st.session_state.get(_MESSAGE)
    if message:
        kind, text = message
        (st.error if kind == "error" else st.info)(text)
    if config.uses_oidc and st.button("Aanmelden met uw organisatieaccount", type="primary", icon=":material/login:"):
        st.login(config.oidc_provider or None)
    if config.uses_passwords:
        with st.form("aanmelden", enter_to_submit=True, border=not config.uses_oidc):
            if config.uses_oidc:
                st.markdown("Of met gebruikersnaam en wachtwoord:")
            st.text_input("Gebruikersnaam", key=_USERNAME_FIELD, autocomplete="username")
            st.text_input("Wachtwoord", type="password", key=_PASSWORD_FIELD, autocomplete="current-password")
            st.form_submit_button(
                "Aanmelden", type="secondary" if config.uses_oidc else "primary", on_click=_try_password
            )
    st.caption("Geen account of wachtwoord vergeten? Neem contact op met de programmamanager Veilige Steden.")


def _closed_explanation() -> None:
    st.error(
        "**Dit dashboard toont geen gegevens: er is geen aanmelding ingesteld.** De opslag bevat echte "
        "gegevens, en die zijn alleen te zien na aanmelden.",
        icon=":material/lock:",
    )
    st.markdown(
        f"""
Zo stelt de beheerder aanmelding in, in **`{SECRETS_FILE}`** op de server (voorbeeld: `secrets.toml.example`):

1. **Met het identiteitsplatform van de organisatie** (bijvoorbeeld Microsoft Entra ID): vul `[auth]` in
   en geef per e-mailadres of groep een rol in `[toegang.email]` of `[toegang.groepen]`.
2. **Of met gebruikersnaam en wachtwoord**: maak een wachtwoord-hash met
   `python -m vsdata hash-password` en zet die met naam en rol onder `[toegang.gebruikers.<gebruikersnaam>]`.
3. Alleen op deze computer werken zonder aanmelden kan met `lokaal_zonder_aanmelding = true` onder
   `[toegang]`, als de app draait met `--server.address 127.0.0.1`.

Start de app daarna opnieuw. De README beschrijft alle instellingen.
"""
    )


def sidebar(who: Visitor) -> None:
    """The signed-in name and role with a sign-out button; a timer ends an idle session even on an untouched screen."""
    with st.sidebar:
        st.markdown(f"Aangemeld als **{plain(who.name)}**  \nRol: **{who.role.label}**")
        # As a callback, before the run: a rerun after st.logout would drop its redirect to the provider.
        st.button("Afmelden", icon=":material/logout:", key="_vs_sign_out", on_click=sign_out, args=(who,))
        _idle_watch(who.config.idle_minutes)


@st.fragment(run_every=60)
def _idle_watch(idle_minutes: int) -> None:
    if access.idle_expired(st.session_state.get(_LAST_ACTIVITY), time.time(), idle_minutes):
        st.rerun(scope="app")
