"""Access: sign-in settings, password hashes, lockout, the access rules and the hash-password command."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
import threading
import tomllib

import pytest
from argon2 import PasswordHasher

from tests.conftest import PROJECT_ROOT
from vsdata import access
from vsdata.__main__ import main
from vsdata.access import (
    DEFAULT_IDLE_MINUTES,
    DEFAULT_LOCKOUT_MINUTES,
    MAX_FAILED_ATTEMPTS,
    AccessConfig,
    AccessConfigError,
    LoginThrottle,
    Mode,
    SignInResult,
    access_mode,
    hash_password,
    idle_expired,
    is_local_visit,
    load_config,
    role_for_identity,
    verify_password,
)
from vsdata.roles import Role

PASSWORD = "correct paard batterij"
OIDC = {
    "client_id": "dashboard",
    "client_secret": "geheim",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
STREAMLIT_AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "koekje"}
VALID_ROLES = ("programmamanager", "vios", "raad")


@pytest.fixture(scope="module")
def real_hash() -> str:
    """One hash_password result of PASSWORD, shared by the tests in this module."""
    return hash_password(PASSWORD)


def account_entry(password_hash: str, rol: str = "programmamanager", **extra) -> dict:
    return {"rol": rol, "wachtwoord_hash": password_hash, **extra}


def parse_snippet(out: str) -> dict:
    """The TOML part of the hash-password output: everything from the first table header on."""
    return tomllib.loads(out[out.index("[toegang") :])


# ---------------------------------------------------------------- hashing


def test_hash_password_gives_an_argon2id_hash_that_verifies(real_hash):
    """The hash is argon2id; the right password verifies, a wrong one does not."""
    assert real_hash.startswith("$argon2id$")
    assert PASSWORD not in real_hash
    assert verify_password(real_hash, PASSWORD)
    assert not verify_password(real_hash, PASSWORD + "!")


@pytest.mark.parametrize(
    "malformed",
    ["", "geen hash", "$argon2id$", "$argon2id$v=19$m=65536,t=3,p=4$kapot", "$2b$12$abcdefghijklmnopqrstuv"],
)
def test_verify_password_is_false_for_a_malformed_hash(malformed):
    """A hash that is not argon2 or is damaged gives False, not an exception."""
    assert verify_password(malformed, PASSWORD) is False


def test_two_hashes_of_one_password_differ_by_their_salt(real_hash):
    """Each hash has its own salt, and both still verify."""
    other = hash_password(PASSWORD)
    assert other != real_hash
    assert verify_password(other, PASSWORD)


def test_empty_password_cannot_be_hashed():
    """An empty password is refused."""
    with pytest.raises(ValueError):
        hash_password("")


# ---------------------------------------------------------------- load_config


def test_no_settings_means_no_sign_in():
    """Without [toegang] and [auth] nothing is configured and the defaults apply."""
    config = load_config({})
    assert not config.sign_in_configured
    assert not config.uses_oidc
    assert not config.uses_passwords
    assert config.oidc_provider is None
    assert config.idle_minutes == DEFAULT_IDLE_MINUTES
    assert config.lockout_minutes == DEFAULT_LOCKOUT_MINUTES
    assert config.local_without_sign_in is False
    assert config.groups_claim == "groups"


def test_password_accounts_are_read(real_hash):
    """Usernames are lower-cased, the name defaults to the username, the role is read case-insensitively."""
    config = load_config(
        {
            "toegang": {
                "gebruikers": {
                    "PM": account_entry(real_hash, rol=" Programmamanager ", naam="Anna de Vries"),
                    "raad": account_entry(real_hash, rol="RAAD"),
                }
            }
        }
    )
    assert config.uses_passwords and config.sign_in_configured
    assert not config.uses_oidc
    assert set(config.accounts) == {"pm", "raad"}
    pm = config.accounts["pm"]
    assert (pm.username, pm.name, pm.role) == ("pm", "Anna de Vries", Role.PROGRAMMAMANAGER)
    assert pm.password_hash == real_hash
    raad = config.accounts["raad"]
    assert (raad.name, raad.role) == ("raad", Role.RAAD)


def test_unknown_role_names_the_key_and_the_valid_roles(real_hash):
    """A role that does not exist is an error naming where it is and what to choose from."""
    with pytest.raises(AccessConfigError) as error:
        load_config({"toegang": {"gebruikers": {"pm": account_entry(real_hash, rol="directeur")}}})
    message = str(error.value)
    assert "toegang.gebruikers.pm" in message
    assert "directeur" in message
    for role in VALID_ROLES:
        assert role in message


def test_missing_role_is_an_error(real_hash):
    """An account without a role is not silently given one."""
    entry = account_entry(real_hash)
    del entry["rol"]
    with pytest.raises(AccessConfigError, match=re.escape("toegang.gebruikers.pm")):
        load_config({"toegang": {"gebruikers": {"pm": entry}}})


@pytest.mark.parametrize(
    "entry",
    [
        {"rol": "raad"},
        {"rol": "raad", "wachtwoord_hash": ""},
        {"rol": "raad", "wachtwoord_hash": "welkom123"},
        {"rol": "raad", "wachtwoord_hash": "$2b$12$abcdefghijklmnopqrstuv"},
    ],
    ids=["missing", "empty", "plain-text", "bcrypt"],
)
def test_account_without_an_argon2_hash_points_to_the_command(entry):
    """A missing or non-argon2 hash is an error that tells how to make one."""
    with pytest.raises(AccessConfigError) as error:
        load_config({"toegang": {"gebruikers": {"jan": entry}}})
    assert "toegang.gebruikers.jan" in str(error.value)
    assert "python -m vsdata hash-password" in str(error.value)


def test_account_that_is_not_a_table_is_an_error():
    """An account must be a table with name, role and hash."""
    with pytest.raises(AccessConfigError, match=re.escape("toegang.gebruikers.jan")):
        load_config({"toegang": {"gebruikers": {"jan": "welkom"}}})


@pytest.mark.parametrize("secrets", [{"toegang": "aan"}, {"auth": "ja"}, {"toegang": {"gebruikers": ["pm"]}}])
def test_sections_that_are_not_tables_are_errors(secrets):
    """[toegang], [auth] and [toegang.gebruikers] must be tables."""
    with pytest.raises(AccessConfigError):
        load_config(secrets)


def test_auth_settings_directly_under_auth_use_the_default_provider():
    """client_id, client_secret and server_metadata_url under [auth] mean Streamlit's default provider ""."""
    config = load_config({"auth": {**STREAMLIT_AUTH, **OIDC}})
    assert config.uses_oidc and config.sign_in_configured
    assert config.oidc_provider == ""
    assert not config.uses_passwords


def test_one_named_provider_is_used():
    """A single [auth.microsoft] sub-table is the provider "microsoft"."""
    config = load_config({"auth": {**STREAMLIT_AUTH, "microsoft": dict(OIDC)}})
    assert config.uses_oidc
    assert config.oidc_provider == "microsoft"


@pytest.mark.parametrize(
    ("auth", "missing", "present"),
    [
        (dict(STREAMLIT_AUTH), ["client_id", "client_secret", "server_metadata_url"], []),
        ({**STREAMLIT_AUTH, "client_id": "dashboard"}, ["client_secret", "server_metadata_url"], ["client_id"]),
        (
            {**STREAMLIT_AUTH, "client_id": "dashboard", "client_secret": "geheim"},
            ["server_metadata_url"],
            ["client_id", "client_secret"],
        ),
    ],
)
def test_incomplete_auth_names_the_missing_keys(auth, missing, present):
    """[auth] without all provider settings is an error naming exactly the ones that are missing."""
    with pytest.raises(AccessConfigError) as error:
        load_config({"auth": auth})
    message = str(error.value)
    assert "[auth]" in message
    for key in missing:
        assert key in message
    for key in present:
        assert key not in message


def test_incomplete_named_provider_names_the_missing_keys():
    """[auth.microsoft] without client_secret and server_metadata_url is as incomplete as [auth] without them."""
    try:
        load_config({"auth": {**STREAMLIT_AUTH, "microsoft": {"client_id": "dashboard"}}})
    except AccessConfigError as error:
        assert "client_secret" in str(error) and "server_metadata_url" in str(error)
    else:
        raise AssertionError("an incomplete [auth.microsoft] was accepted")


def test_several_providers_need_a_choice():
    """Two named providers without toegang.provider is an error that says how to choose."""
    secrets = {"auth": {**STREAMLIT_AUTH, "microsoft": dict(OIDC), "google": dict(OIDC)}}
    with pytest.raises(AccessConfigError, match=re.escape("toegang.provider")):
        load_config(secrets)


def test_toegang_provider_chooses_among_several():
    """toegang.provider picks one of several named providers."""
    auth = {**STREAMLIT_AUTH, "microsoft": dict(OIDC), "google": dict(OIDC)}
    config = load_config({"auth": auth, "toegang": {"provider": "google"}})
    assert config.oidc_provider == "google"
    assert config.uses_oidc


@pytest.mark.parametrize(
    "auth",
    [{}, {**STREAMLIT_AUTH, "microsoft": dict(OIDC)}, {**STREAMLIT_AUTH, **OIDC}],
    ids=["no-auth", "other-provider", "default-provider"],
)
def test_toegang_provider_naming_a_missing_provider_is_an_error(auth):
    """toegang.provider must name an [auth.<naam>] sub-table that exists."""
    secrets = {"toegang": {"provider": "okta"}}
    if auth:
        secrets["auth"] = auth
    with pytest.raises(AccessConfigError, match=r"\[auth\.okta\]"):
        load_config(secrets)


@pytest.mark.parametrize("key", ["inactief_minuten", "blokkade_minuten"])
@pytest.mark.parametrize("value", [0, -1, "x", "10", True, False, 2.5, None])
def test_minutes_must_be_positive_whole_numbers(key, value):
    """inactief_minuten and blokkade_minuten accept only whole numbers of 1 or more."""
    with pytest.raises(AccessConfigError, match=re.escape(f"toegang.{key}")):
        load_config({"toegang": {key: value}})


def test_minutes_are_read():
    """Valid minutes for idle time and lockout are used."""
    config = load_config({"toegang": {"inactief_minuten": 1, "blokkade_minuten": 15}})
    assert (config.idle_minutes, config.lockout_minutes) == (1, 15)


@pytest.mark.parametrize("value", ["ja", "true", 1, 0, None])
def test_local_without_sign_in_must_be_a_bool(value):
    """lokaal_zonder_aanmelding accepts only true or false."""
    with pytest.raises(AccessConfigError, match=re.escape("toegang.lokaal_zonder_aanmelding")):
        load_config({"toegang": {"lokaal_zonder_aanmelding": value}})


@pytest.mark.parametrize("value", [True, False])
def test_local_without_sign_in_is_read(value):
    """A bool lokaal_zonder_aanmelding is taken as is."""
    assert load_config({"toegang": {"lokaal_zonder_aanmelding": value}}).local_without_sign_in is value


def test_email_and_group_roles_are_read():
    """E-mail addresses are lower-cased and trimmed; group names are kept; roles are parsed."""
    config = load_config(
        {
            "auth": {**STREAMLIT_AUTH, **OIDC},
            "toegang": {
                "email": {" Anna.de.Vries@Dordrecht.NL ": "Programmamanager", "raadslid@dordrecht.nl": "raad"},
                "groepen": {"VS-Raad": "raad", "vs-vios": "VIOS"},
                "groepen_claim": "roles",
            },
        }
    )
    assert config.roles_by_email == {
        "anna.de.vries@dordrecht.nl": Role.PROGRAMMAMANAGER,
        "raadslid@dordrecht.nl": Role.RAAD,
    }
    assert config.roles_by_group == {"VS-Raad": Role.RAAD, "vs-vios": Role.VIOS}
    assert config.groups_claim == "roles"


@pytest.mark.parametrize(
    ("toegang", "where"),
    [
        ({"email": {"jan@dordrecht.nl": "baas"}}, "toegang.email.jan@dordrecht.nl"),
        ({"groepen": {"VS-Raad": "wethouder"}}, "toegang.groepen.VS-Raad"),
    ],
)
def test_unknown_role_in_a_mapping_names_the_key(toegang, where):
    """An unknown role in the e-mail or group mapping names the key and the valid roles."""
    with pytest.raises(AccessConfigError) as error:
        load_config({"toegang": toegang})
    assert where in str(error.value)
    for role in VALID_ROLES:
        assert role in str(error.value)


# ---------------------------------------------------------------- role_for_identity


@pytest.fixture(scope="module")
def identity_config() -> AccessConfig:
    return load_config(
        {
            "auth": {**STREAMLIT_AUTH, **OIDC},
            "toegang": {
                "email": {"anna@dordrecht.nl": "programmamanager", "piet@school.nl": "vios"},
                "groepen": {"vs-pm": "programmamanager", "vs-raad": "raad", "vs-vios": "vios"},
            },
        }
    )


@pytest.mark.parametrize("email", ["anna@dordrecht.nl", "ANNA@Dordrecht.nl", "  anna@dordrecht.nl \n"])
def test_email_match_ignores_case_and_spaces(identity_config, email):
    """The e-mail address is matched case-insensitively and without surrounding spaces."""
    assert role_for_identity(identity_config, email, None) is Role.PROGRAMMAMANAGER


def test_email_mapping_wins_over_groups(identity_config):
    """A mapped e-mail address decides, even when a group would give a wider role."""
    assert role_for_identity(identity_config, "piet@school.nl", ["vs-pm", "vs-raad"]) is Role.VIOS


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (["vs-vios", "vs-raad"], Role.RAAD),
        (["vs-raad", "vs-vios"], Role.RAAD),
        (["vs-vios", "vs-pm", "vs-raad"], Role.PROGRAMMAMANAGER),
        (["vs-raad", "vs-pm"], Role.PROGRAMMAMANAGER),
        (["andere-groep", "vs-vios"], Role.VIOS),
        (("vs-vios", "vs-raad"), Role.RAAD),
        ("vs-raad", Role.RAAD),
        ("vs-pm", Role.PROGRAMMAMANAGER),
    ],
)
def test_widest_group_role_wins(identity_config, groups, role):
    """With several groups the widest role wins (programmamanager > raad > vios); one group may be a string."""
    assert role_for_identity(identity_config, "onbekend@dordrecht.nl", groups) is role


@pytest.mark.parametrize(
    ("email", "groups"),
    [
        ("onbekend@dordrecht.nl", None),
        ("onbekend@dordrecht.nl", []),
        ("onbekend@dordrecht.nl", ["andere-groep"]),
        ("onbekend@dordrecht.nl", "andere-groep"),
        ("onbekend@dordrecht.nl", ["VS-RAAD"]),
        (None, None),
        (None, 42),
    ],
)
def test_no_role_without_a_known_email_or_group(identity_config, email, groups):
    """An unknown e-mail address without a known group gets no role at all."""
    assert role_for_identity(identity_config, email, groups) is None


# ---------------------------------------------------------------- LoginThrottle


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def throttle_config() -> AccessConfig:
    """Accounts pm and raad (password PASSWORD, cheap argon2id parameters) and a 10-minute lockout."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return load_config(
        {
            "toegang": {
                "blokkade_minuten": 10,
                "gebruikers": {
                    "pm": account_entry(cheap.hash(PASSWORD), naam="Anna"),
                    "raad": account_entry(cheap.hash(PASSWORD), rol="raad"),
                },
            }
        }
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(clock) -> LoginThrottle:
    return LoginThrottle(clock=clock)


def test_right_password_signs_in(throttle_config, throttle):
    """The right password gives OK with the account; the username may differ in case and spaces."""
    attempt = throttle.sign_in(throttle_config, " PM ", PASSWORD)
    assert attempt.result is SignInResult.OK
    assert attempt.account == throttle_config.accounts["pm"]
    assert attempt.account.role is Role.PROGRAMMAMANAGER


def test_five_wrong_attempts_lock_until_the_lockout_has_passed(throttle_config, throttle, clock):
    """Wrong attempts count down 4, 3, 2, 1; the 5th locks, even the right password; after the lockout it works."""
    lockout = throttle_config.lockout_minutes * 60
    left = [throttle.sign_in(throttle_config, "pm", "fout").attempts_left for _ in range(MAX_FAILED_ATTEMPTS - 1)]
    assert left == [4, 3, 2, 1]

    fifth = throttle.sign_in(throttle_config, "pm", "fout")
    assert fifth.result is SignInResult.LOCKED
    assert fifth.seconds_locked == lockout
    assert fifth.account is None

    clock.advance(60)
    locked = throttle.sign_in(throttle_config, "pm", PASSWORD)
    assert locked.result is SignInResult.LOCKED
    assert locked.account is None
    assert locked.seconds_locked == lockout - 60
    assert throttle.seconds_locked("pm") == lockout - 60

    clock.advance(lockout - 61)
    assert throttle.sign_in(throttle_config, "pm", PASSWORD).result is SignInResult.LOCKED

    clock.advance(1)
    assert throttle.seconds_locked("pm") == 0
    attempt = throttle.sign_in(throttle_config, "pm", PASSWORD)
    assert attempt.result is SignInResult.OK
    assert attempt.account == throttle_config.accounts["pm"]


def test_wrong_attempts_return_wrong(throttle_config, throttle):
    """A wrong password for a known account is WRONG, without an account."""
    attempt = throttle.sign_in(throttle_config, "raad", PASSWORD.upper())
    assert attempt.result is SignInResult.WRONG
    assert attempt.account is None


def test_after_the_lockout_the_count_starts_again(throttle_config, throttle, clock):
    """Once a lockout has passed, one wrong attempt does not lock again at once."""
    for _ in range(MAX_FAILED_ATTEMPTS):
        throttle.sign_in(throttle_config, "pm", "fout")
    clock.advance(throttle_config.lockout_minutes * 60)
    attempt = throttle.sign_in(throttle_config, "pm", "fout")
    assert attempt.result is SignInResult.WRONG
    assert attempt.attempts_left == MAX_FAILED_ATTEMPTS - 1


def test_a_success_resets_the_failure_count(throttle_config, throttle):
    """4 wrong, 1 right, then 4 wrong again is still not locked."""
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert throttle.sign_in(throttle_config, "pm", "fout").result is SignInResult.WRONG
    assert throttle.sign_in(throttle_config, "pm", PASSWORD).result is SignInResult.OK
    results = [throttle.sign_in(throttle_config, "pm", "fout") for _ in range(MAX_FAILED_ATTEMPTS - 1)]
    assert [attempt.result for attempt in results] == [SignInResult.WRONG] * 4
    assert [attempt.attempts_left for attempt in results] == [4, 3, 2, 1]
    assert throttle.seconds_locked("pm") == 0


def test_unknown_usernames_are_counted_and_locked_the_same_way(throttle_config, throttle):
    """An unknown username gives the same answers as a known one, so the lockout reveals nothing."""
    attempts = [throttle.sign_in(throttle_config, "niemand", PASSWORD) for _ in range(MAX_FAILED_ATTEMPTS)]
    assert [attempt.result for attempt in attempts] == [SignInResult.WRONG] * 4 + [SignInResult.LOCKED]
    assert [attempt.attempts_left for attempt in attempts[:4]] == [4, 3, 2, 1]
    assert attempts[-1].seconds_locked == throttle_config.lockout_minutes * 60
    assert all(attempt.account is None for attempt in attempts)
    assert throttle.seconds_locked("niemand") == throttle_config.lockout_minutes * 60


def test_usernames_share_a_counter_regardless_of_case(throttle_config, throttle):
    """ "PM", "pm" and " Pm " are one username for the failure count and the lock."""
    names = ["PM", "pm", " Pm ", "pM", "PM"]
    attempts = [throttle.sign_in(throttle_config, name, "fout") for name in names]
    assert [attempt.attempts_left for attempt in attempts[:4]] == [4, 3, 2, 1]
    assert attempts[-1].result is SignInResult.LOCKED
    assert throttle.sign_in(throttle_config, "pm", PASSWORD).result is SignInResult.LOCKED
    assert throttle.seconds_locked("Pm") > 0


def test_a_lockout_does_not_affect_another_username(throttle_config, throttle):
    """Locking pm leaves raad free to sign in and with its own count."""
    for _ in range(MAX_FAILED_ATTEMPTS):
        throttle.sign_in(throttle_config, "pm", "fout")
    assert throttle.seconds_locked("pm") > 0
    assert throttle.seconds_locked("raad") == 0
    attempt = throttle.sign_in(throttle_config, "raad", PASSWORD)
    assert attempt.result is SignInResult.OK
    assert attempt.account.role is Role.RAAD
    wrong = throttle.sign_in(throttle_config, "raad", "fout")
    assert (wrong.result, wrong.attempts_left) == (SignInResult.WRONG, MAX_FAILED_ATTEMPTS - 1)


# ---------------------------------------------------------------- is_local_visit

LOCAL_HOST = {"Host": "127.0.0.1:8501"}


@pytest.mark.parametrize("server", ["127.0.0.1", "localhost", "::1", "LOCALHOST", " localhost "])
@pytest.mark.parametrize("ip", [None, "127.0.0.1", "::1"])
def test_loopback_visit_to_a_loopback_server_is_local(server, ip):
    """A server on loopback only, visited from loopback without a proxy, is a local visit."""
    assert is_local_visit(ip, server, LOCAL_HOST) is True


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "localhost:8501"},
        {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"},
        {"host": "[::1]:8501", "origin": "http://[::1]:8501"},
        {"Host": "LOCALHOST"},
    ],
)
def test_loopback_host_names_keep_a_visit_local(headers):
    """A browser on this computer names a loopback host (and origin)."""
    assert is_local_visit(None, "127.0.0.1", headers) is True


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Host": "attacker.example:8501"},
        {"Host": "attacker.example:8501", "Origin": "http://attacker.example:8501"},
        {"Host": "localhost:8501", "Origin": "http://attacker.example"},
        {"Host": "127.0.0.1.attacker.example"},
    ],
)
def test_another_host_name_is_not_local_even_from_loopback(headers):
    """DNS rebinding: a web page elsewhere reaching the loopback server names its own host, so it is not local."""
    assert is_local_visit(None, "127.0.0.1", headers) is False


@pytest.mark.parametrize("server", ["", None, "0.0.0.0", "::", "192.168.1.10", "dashboard.dordrecht.nl"])
@pytest.mark.parametrize("ip", [None, "127.0.0.1"])
def test_server_not_on_loopback_is_never_local(server, ip):
    """A server that listens on all or on a public address is not local, whoever visits."""
    assert is_local_visit(ip, server, LOCAL_HOST) is False


@pytest.mark.parametrize("ip", ["10.0.0.5", "192.168.1.20", "2001:db8::1", "", "onzin", "127.0.0.1.5", "::1::"])
def test_remote_or_garbage_client_address_is_not_local(ip):
    """A remote or unreadable client address is not a local visit."""
    assert is_local_visit(ip, "127.0.0.1", LOCAL_HOST) is False


@pytest.mark.parametrize(
    "header", ["X-Forwarded-For", "x-forwarded-for", "Forwarded", "FORWARDED", "X-Real-Ip", "x-real-ip"]
)
@pytest.mark.parametrize("ip", [None, "127.0.0.1"])
def test_forwarding_header_makes_a_visit_not_local(header, ip):
    """Any forwarding header, in any case, means a proxy forwarded the visit: not local."""
    headers = {"Host": "localhost:8501", header: "203.0.113.7"}
    assert is_local_visit(ip, "localhost", headers) is False


def test_ordinary_headers_keep_a_visit_local():
    """Ordinary browser headers do not make a loopback visit remote."""
    headers = {"Host": "localhost:8501", "User-Agent": "Mozilla/5.0", "Accept": "text/html"}
    assert is_local_visit(None, "localhost", headers) is True


# ---------------------------------------------------------------- access_mode


def config_for(sign_in: bool, local_allowed: bool) -> AccessConfig:
    secrets: dict = {"toegang": {"lokaal_zonder_aanmelding": local_allowed}}
    if sign_in:
        secrets["auth"] = {**STREAMLIT_AUTH, **OIDC}
    return load_config(secrets)


def expected_mode(sign_in: bool, demo_only: bool, local_allowed: bool, local_visit: bool) -> Mode:
    if sign_in:
        return Mode.SIGN_IN
    if demo_only:
        return Mode.DEMO
    return Mode.LOCAL if local_allowed and local_visit else Mode.CLOSED


@pytest.mark.parametrize(
    ("sign_in", "demo_only", "local_allowed", "local_visit"),
    list(itertools.product([True, False], repeat=4)),
)
def test_access_mode_matrix(sign_in, demo_only, local_allowed, local_visit):
    """Sign-in when configured; else demo data; else local if allowed and local; else closed."""
    config = config_for(sign_in, local_allowed)
    mode = access_mode(config, demo_only=demo_only, local_visit=local_visit)
    assert mode is expected_mode(sign_in, demo_only, local_allowed, local_visit)


def test_access_mode_spot_checks():
    """The four outcomes on their clearest cases."""
    assert access_mode(config_for(True, True), demo_only=True, local_visit=True) is Mode.SIGN_IN
    assert access_mode(config_for(False, True), demo_only=True, local_visit=True) is Mode.DEMO
    assert access_mode(config_for(False, True), demo_only=False, local_visit=True) is Mode.LOCAL
    assert access_mode(config_for(False, True), demo_only=False, local_visit=False) is Mode.CLOSED


def test_password_accounts_also_mean_sign_in(real_hash):
    """Password accounts alone make sign-in required, also for demo data and local visits."""
    config = load_config(
        {"toegang": {"lokaal_zonder_aanmelding": True, "gebruikers": {"pm": account_entry(real_hash)}}}
    )
    assert access_mode(config, demo_only=True, local_visit=True) is Mode.SIGN_IN
    assert access_mode(config, demo_only=False, local_visit=True) is Mode.SIGN_IN


def test_local_without_sign_in_is_off_by_default():
    """Without lokaal_zonder_aanmelding a local visit to real data is closed."""
    config = load_config({"toegang": {"inactief_minuten": 10}})
    assert config.local_without_sign_in is False
    assert access_mode(config, demo_only=False, local_visit=True) is Mode.CLOSED
    assert access_mode(load_config({}), demo_only=False, local_visit=True) is Mode.CLOSED


# ---------------------------------------------------------------- idle_expired


def test_no_activity_yet_is_not_expired():
    """Without a last activity the session has not expired."""
    assert idle_expired(None, 10_000.0, 30) is False


@pytest.mark.parametrize(
    ("idle_seconds", "expired"),
    [(0, False), (30 * 60 - 1, False), (30 * 60, False), (30 * 60 + 1, True), (2 * 3600, True)],
)
def test_idle_expiry_boundary(idle_seconds, expired):
    """Exactly at the limit still counts as active; one second past it has expired."""
    last = 5_000.0
    assert idle_expired(last, last + idle_seconds, 30) is expired


def test_idle_limit_follows_the_minutes():
    """The limit is idle_minutes minutes."""
    assert idle_expired(0.0, 61.0, 1) is True
    assert idle_expired(0.0, 61.0, 2) is False


# ---------------------------------------------------------------- hash-password command


def run_hash_password(monkeypatch, capsys, stdin_text: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin_text))
    code = main(["hash-password", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_hash_password_prints_a_snippet_that_load_config_accepts(monkeypatch, capsys):
    """The printed TOML gives an account with the asked name and role whose hash verifies the password."""
    code, out, err = run_hash_password(
        monkeypatch, capsys, PASSWORD + "\n", "--gebruiker", "pm", "--naam", "Anna", "--rol", "raad"
    )
    assert code == 0
    assert err == ""
    assert "secrets.toml" in out.splitlines()[0]
    snippet = parse_snippet(out)
    entry = snippet["toegang"]["gebruikers"]["pm"]
    assert entry["naam"] == "Anna"
    assert entry["rol"] == "raad"
    assert entry["wachtwoord_hash"].startswith("$argon2id$")

    account = load_config(snippet).accounts["pm"]
    assert (account.username, account.name, account.role) == ("pm", "Anna", Role.RAAD)
    assert verify_password(account.password_hash, PASSWORD)
    assert not verify_password(account.password_hash, PASSWORD + "\n")


def test_hash_password_defaults_and_line_endings(monkeypatch, capsys):
    """Without options the role is programmamanager; a Windows line ending is not part of the password."""
    code, out, _ = run_hash_password(monkeypatch, capsys, PASSWORD + "\r\nvolgende regel\n")
    assert code == 0
    assert "[toegang.gebruikers.gebruikersnaam]" in out
    entry = tomllib.loads(out[out.index("\nnaam") :])
    assert entry["rol"] == "programmamanager"
    assert verify_password(entry["wachtwoord_hash"], PASSWORD)


@pytest.mark.parametrize(
    ("password", "args"),
    [("kort", []), ("elf tekens!", []), ("", []), ("twaalf tekens", ["--min-length", "20"])],
)
def test_too_short_password_is_refused(monkeypatch, capsys, password, args):
    """A password shorter than the minimum gives exit 1, a Dutch error on stderr and no hash."""
    code, out, err = run_hash_password(monkeypatch, capsys, password + "\n", *args)
    assert code == 1
    assert "$argon2" not in out
    assert err.startswith("Fout:")
    assert "minstens" in err and "tekens" in err
    minimum = args[-1] if args else "12"
    assert minimum in err


def test_min_length_can_be_lowered(monkeypatch, capsys):
    """--min-length allows a shorter password."""
    code, out, _ = run_hash_password(monkeypatch, capsys, "kort\n", "--gebruiker", "test", "--min-length", "4")
    assert code == 0
    assert verify_password(parse_snippet(out)["toegang"]["gebruikers"]["test"]["wachtwoord_hash"], "kort")


def test_unknown_role_is_refused_by_the_command(monkeypatch, capsys):
    """--rol accepts only the dashboard's roles."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    with pytest.raises(SystemExit) as exit_info:
        main(["hash-password", "--rol", "directeur"])
    assert exit_info.value.code == 2
    assert "directeur" in capsys.readouterr().err


def test_snippet_for_a_username_with_a_dot_loads(monkeypatch, capsys):
    """A username with a dot, like anna.jansen, gives a snippet with that account."""
    code, out, _ = run_hash_password(monkeypatch, capsys, PASSWORD + "\n", "--gebruiker", "anna.jansen")
    assert code == 0
    config = load_config(parse_snippet(out))
    assert verify_password(config.accounts["anna.jansen"].password_hash, PASSWORD)


def test_snippet_for_a_name_with_quotes_loads(monkeypatch, capsys):
    """A name with double quotes is written as valid TOML."""
    name = 'Anna "AJ" Jansen'
    code, out, _ = run_hash_password(monkeypatch, capsys, PASSWORD + "\n", "--gebruiker", "pm", "--naam", name)
    assert code == 0
    assert load_config(parse_snippet(out)).accounts["pm"].name == name


def test_hash_password_command_end_to_end():
    """python -m vsdata hash-password reads the password from a pipe and prints a usable snippet."""
    result = subprocess.run(
        [sys.executable, "-m", "vsdata", "hash-password", "--gebruiker", "beheer", "--rol", "vios"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    account = load_config(parse_snippet(result.stdout)).accounts["beheer"]
    assert account.role is Role.VIOS
    assert account.name == "beheer"
    assert verify_password(account.password_hash, PASSWORD)


def test_usernames_differing_only_in_case_are_refused():
    """Two accounts 'PM' and 'pm' would be one sign-in name: the second must not silently replace the first."""
    entry = {"naam": "x", "rol": "raad", "wachtwoord_hash": "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"}
    with pytest.raises(AccessConfigError, match="twee keer"):
        load_config({"toegang": {"gebruikers": {"PM": entry, "pm": entry}}})


@pytest.mark.parametrize("missing", ["redirect_uri", "cookie_secret"])
def test_auth_without_its_shared_settings_names_them(missing):
    """redirect_uri and cookie_secret belong directly under [auth], also with a named provider."""
    auth = {**STREAMLIT_AUTH, "microsoft": dict(OIDC)}
    del auth[missing]
    with pytest.raises(AccessConfigError, match=missing):
        load_config({"auth": auth})


def test_the_example_secrets_file_is_a_working_configuration():
    """secrets.toml.example, copied as it is, gives sign-in by identity provider with its role mappings."""
    example = tomllib.loads((PROJECT_ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    config = load_config(example)
    assert config.uses_oidc and config.oidc_provider == ""
    assert role_for_identity(config, "Programmamanager@Dordrecht.nl", None) is Role.PROGRAMMAMANAGER
    assert role_for_identity(config, "x@y.nl", ["22222222-2222-2222-2222-222222222222"]) is Role.VIOS
    assert config.idle_minutes == 30 and config.local_without_sign_in is False


def test_parallel_attempts_are_checked_at_most_five_times(monkeypatch, throttle_config):
    """Attempts sent at the same moment reserve their try first, so no more than 5 passwords get checked."""
    checked = []
    slow_check = threading.Event()

    def counting_verify(password_hash, password):
        checked.append(password)
        slow_check.wait(0.2)
        return False

    monkeypatch.setattr(access, "verify_password", counting_verify)
    throttle = LoginThrottle()
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(throttle.sign_in(throttle_config, "pm", "fout")))
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) <= MAX_FAILED_ATTEMPTS
    assert sum(result.result is SignInResult.LOCKED for result in results) >= 20 - MAX_FAILED_ATTEMPTS
    assert throttle.seconds_locked("pm") > 0


def test_a_look_alike_letter_does_not_match_a_mapped_address():
    """Only ASCII is lower-cased: the Kelvin sign (U+212A) is not the letter k."""
    config = load_config({"toegang": {"email": {"kim@dordrecht.nl": "programmamanager"}}})
    assert role_for_identity(config, "KIM@Dordrecht.nl", None) is Role.PROGRAMMAMANAGER
    assert role_for_identity(config, "\u212aim@dordrecht.nl", None) is None
