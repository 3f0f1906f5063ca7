"""Who may see the dashboard, with which role: sign-in settings, passwords, lockout and the access rules.

The settings come from the ``[toegang]`` section of ``.streamlit/secrets.toml``
(and Streamlit's own ``[auth]`` section for sign-in with an identity provider).
Nothing here imports Streamlit: the app passes the secrets in as a plain dict.
"""

from __future__ import annotations

import enum
import hmac
import ipaddress
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from vsdata.roles import Role

SECTION = "toegang"
# Each argon2 check takes 64 MiB and a core for a moment: a burst of sign-ins waits instead of exhausting the server.
_CHECKS_AT_ONCE = threading.BoundedSemaphore(2)
DEFAULT_IDLE_MINUTES = 30
MAX_FAILED_ATTEMPTS = 5
DEFAULT_LOCKOUT_MINUTES = 5
# The more a role may see, the higher it ranks: someone in several groups gets the widest of their roles.
ROLE_RANK = {Role.VIOS: 0, Role.RAAD: 1, Role.PROGRAMMAMANAGER: 2}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
OIDC_SETTINGS = ("client_id", "client_secret", "server_metadata_url")
SHARED_OIDC_SETTINGS = ("redirect_uri", "cookie_secret")


class AccessConfigError(ValueError):
    """A sign-in setting in secrets.toml that cannot be used; the message says which and how to fix it."""


class Mode(enum.StrEnum):
    SIGN_IN = "aanmelden"  # sign-in configured: nobody sees data without an account
    DEMO = "demo"  # no sign-in, demo data only: the role switcher
    LOCAL = "lokaal"  # no sign-in, real data, allowed for this computer only
    CLOSED = "gesloten"  # no sign-in, real data: no data at all


@dataclass(frozen=True)
class Account:
    """A username-and-password account (the fallback without an identity provider)."""

    username: str
    name: str
    role: Role
    password_hash: str


@dataclass(frozen=True)
class AccessConfig:
    oidc_provider: str | None = None  # None: no identity provider; "" : Streamlit's default provider
    roles_by_email: Mapping[str, Role] = field(default_factory=dict)
    roles_by_group: Mapping[str, Role] = field(default_factory=dict)
    groups_claim: str = "groups"
    tenant: str | None = None  # the identity provider's tenant id (Entra ID: tid) a sign-in must come from
    accounts: Mapping[str, Account] = field(default_factory=dict)
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    lockout_minutes: int = DEFAULT_LOCKOUT_MINUTES
    local_without_sign_in: bool = False

    @property
    def uses_oidc(self) -> bool:
        return self.oidc_provider is not None

    @property
    def uses_passwords(self) -> bool:
        return bool(self.accounts)

    @property
    def sign_in_configured(self) -> bool:
        return self.uses_oidc or self.uses_passwords


def _role(value: object, where: str) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise AccessConfigError(f"{where}: onbekende rol '{value}'. Kies uit: {choices}.") from None


def _table(secrets: Mapping, key: str, where: str) -> Mapping:
    value = secrets.get(key, {})
    if not isinstance(value, Mapping):
        raise AccessConfigError(f"{where} moet een tabel zijn ([{where}] in secrets.toml).")
    return value


def _positive_int(section: Mapping, key: str, default: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AccessConfigError(f"{SECTION}.{key} moet een geheel getal van 1 of meer zijn, niet '{value}'.")
    return value


def _require(table: Mapping, keys: tuple[str, ...], where: str) -> None:
    missing = [key for key in keys if not table.get(key)]
    if missing:
        raise AccessConfigError(f"{where} in secrets.toml is onvolledig: {', '.join(missing)} ontbreekt.")


def _oidc_provider(auth: Mapping) -> str | None:
    """Streamlit's provider name: "" for settings directly under [auth], else the one named sub-table."""
    if not auth:
        return None
    _require(auth, SHARED_OIDC_SETTINGS, "[auth]")
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    for name in named:
        _require(auth[name], OIDC_SETTINGS, f"[auth.{name}]")
    if not named:
        _require(auth, OIDC_SETTINGS, "[auth]")
        return ""
    return named[0] if len(named) == 1 else None  # several providers: [toegang] provider must choose


def _accounts(section: Mapping) -> dict[str, Account]:
    accounts = {}
    for username, entry in _table(section, "gebruikers", f"{SECTION}.gebruikers").items():
        where = f"{SECTION}.gebruikers.{username}"
        if not isinstance(entry, Mapping):
            raise AccessConfigError(f"{where} moet een tabel zijn met naam, rol en wachtwoord_hash.")
        password_hash = str(entry.get("wachtwoord_hash", ""))
        if not password_hash.startswith("$argon2"):
            raise AccessConfigError(
                f"{where}.wachtwoord_hash ontbreekt of is geen argon2-hash. Maak er een met: "
                "python -m vsdata hash-password"
            )
        key = str(username).strip().lower()
        if key in accounts:
            raise AccessConfigError(
                f"{where}: de gebruikersnaam '{key}' staat er twee keer in (hoofdletters tellen niet)."
            )
        accounts[key] = Account(key, str(entry.get("naam") or username), _role(entry.get("rol"), where), password_hash)
    return accounts


def load_config(secrets: Mapping) -> AccessConfig:
    """The access settings from the secrets (a plain dict); raises AccessConfigError on a wrong setting."""
    section = _table(secrets, SECTION, SECTION)
    provider = _oidc_provider(_table(secrets, "auth", "auth"))
    chosen = section.get("provider")
    if chosen is not None:
        if not isinstance(_table(secrets, "auth", "auth").get(chosen), Mapping):
            raise AccessConfigError(
                f"{SECTION}.provider = '{chosen}', maar [auth.{chosen}] staat niet in secrets.toml."
            )
        provider = str(chosen)
    elif provider is None and _table(secrets, "auth", "auth"):
        raise AccessConfigError(f"[auth] noemt meer dan één aanbieder: kies er een met {SECTION}.provider.")
    local = section.get("lokaal_zonder_aanmelding", False)
    if not isinstance(local, bool):
        raise AccessConfigError(f"{SECTION}.lokaal_zonder_aanmelding moet true of false zijn, niet '{local}'.")
    emails = _table(section, "email", f"{SECTION}.email")
    groups = _table(section, "groepen", f"{SECTION}.groepen")
    return AccessConfig(
        oidc_provider=provider,
        roles_by_email={
            _ascii_lower(str(email)): _role(role, f"{SECTION}.email.{email}") for email, role in emails.items()
        },
        roles_by_group={str(group): _role(role, f"{SECTION}.groepen.{group}") for group, role in groups.items()},
        groups_claim=str(section.get("groepen_claim", "groups")),
        tenant=str(section["tenant"]) if section.get("tenant") else None,
        accounts=_accounts(section),
        idle_minutes=_positive_int(section, "inactief_minuten", DEFAULT_IDLE_MINUTES),
        lockout_minutes=_positive_int(section, "blokkade_minuten", DEFAULT_LOCKOUT_MINUTES),
        local_without_sign_in=local,
    )


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so a look-alike such as the Kelvin sign does not become a 'k'."""
    return "".join(char.lower() if char.isascii() else char for char in text.strip())


def role_for_identity(config: AccessConfig, email: object, groups: object) -> Role | None:
    """The role of someone signed in with the identity provider: by e-mail address first, else the widest group role."""
    if isinstance(email, str) and _ascii_lower(email) in config.roles_by_email:
        return config.roles_by_email[_ascii_lower(email)]
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, Iterable):
        return None
    granted = [config.roles_by_group[str(group)] for group in groups if str(group) in config.roles_by_group]
    return max(granted, key=ROLE_RANK.__getitem__, default=None)


# ---------------------------------------------------------------- passwords


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's recommended (RFC 9106) parameters


@lru_cache(maxsize=1)
def _stand_in_hash() -> str:
    """A hash to check unknown usernames against, so they take as long as known ones."""
    return _hasher().hash("geen-account")


def hash_password(password: str) -> str:
    if not password:
        raise ValueError("Een leeg wachtwoord kan niet.")
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """argon2's own verification (a constant-time comparison of the derived keys)."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _find_account(config: AccessConfig, username: str) -> Account | None:
    """Compare with every username in constant time, so the comparison itself tells nothing."""
    wanted = username.strip().lower().encode()
    found = None
    for key, account in config.accounts.items():
        if hmac.compare_digest(key.encode(), wanted):
            found = account
    return found


class SignInResult(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class Attempt:
    result: SignInResult
    account: Account | None = None
    seconds_locked: int = 0
    attempts_left: int = 0


class LoginThrottle:
    """Failed attempts per username, shared by all sessions of the server process.

    After ``MAX_FAILED_ATTEMPTS`` failures in a row a username is locked for
    ``lockout_minutes``; a correct password during the lock is refused too.
    Unknown usernames are counted the same way, so the lock tells nothing about
    which accounts exist.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}

    def seconds_locked(self, username: str) -> int:
        key = username.strip().lower()
        with self._lock:
            until = self._locked_until.get(key)
            if until is None:
                return 0
            remaining = until - self._clock()
            if remaining <= 0:
                del self._locked_until[key]
                self._failures.pop(key, None)
                return 0
            return max(1, round(remaining))

    def sign_in(self, config: AccessConfig, username: str, password: str) -> Attempt:
        """Check a password; the attempt counts as failed before the check, so parallel attempts cannot slip by."""
        key = username.strip().lower()
        if locked := self.seconds_locked(key):
            return Attempt(SignInResult.LOCKED, seconds_locked=locked)
        with self._lock:
            failures = self._failures.get(key, 0)
            if failures >= MAX_FAILED_ATTEMPTS:  # the rest of this round is still being checked
                return Attempt(SignInResult.LOCKED, seconds_locked=config.lockout_minutes * 60)
            self._failures[key] = failures + 1
        account = _find_account(config, key)
        with _CHECKS_AT_ONCE:
            matches = verify_password(account.password_hash if account else _stand_in_hash(), password)
        with self._lock:
            if account is not None and matches:
                self._failures.pop(key, None)
                return Attempt(SignInResult.OK, account)
            failures = self._failures.get(key, 0)
            if failures >= MAX_FAILED_ATTEMPTS:
                self._locked_until[key] = self._clock() + config.lockout_minutes * 60
                return Attempt(SignInResult.LOCKED, seconds_locked=config.lockout_minutes * 60)
            return Attempt(SignInResult.WRONG, attempts_left=MAX_FAILED_ATTEMPTS - failures)


# ---------------------------------------------------------------- the rules


def is_local_visit(ip_address: str | None, server_address: str | None, headers: Mapping[str, str]) -> bool:
    """A visit from this very computer: the server listens on loopback only, and no proxy forwarded the request.

    Streamlit reports a loopback client as ``ip_address`` None. A reverse proxy
    on the same machine also connects from loopback, so any forwarding header
    makes the visit not local. A web page elsewhere can reach a loopback server
    through DNS rebinding, but its requests then name another host: the Host
    (and any Origin) must name loopback too.
    """
    if (server_address or "").strip().lower() not in LOOPBACK_NAMES:
        return False
    lowered = {key.lower(): value for key, value in headers.items()}
    if any(name in lowered for name in FORWARDING_HEADERS):
        return False
    if _host_name(lowered.get("host", "")) not in LOOPBACK_NAMES:
        return False
    origin = lowered.get("origin")
    if origin is not None and _host_name(urlsplit(origin).netloc) not in LOOPBACK_NAMES:
        return False
    if ip_address is None:
        return True
    try:
        return ipaddress.ip_address(ip_address).is_loopback
    except ValueError:
        return False


def _host_name(netloc: str) -> str:
    """The host of 'host:port' or '[v6]:port', lower-cased."""
    host = netloc.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def access_mode(config: AccessConfig, demo_only: bool, local_visit: bool) -> Mode:
    """Sign-in when configured; without it, the role switcher only on demo data, or on this computer if allowed."""
    if config.sign_in_configured:
        return Mode.SIGN_IN
    if demo_only:
        return Mode.DEMO
    if config.local_without_sign_in and local_visit:
        return Mode.LOCAL
    return Mode.CLOSED


def trusted_identity(config: AccessConfig, claims: Mapping) -> bool:
    """An identity-provider sign-in counts only with a verified e-mail address and, if set, from the own tenant."""
    if claims.get("email_verified") is False:
        return False
    return config.tenant is None or str(claims.get("tid", "")) == config.tenant


def idle_expired(last_activity: float | None, now: float, idle_minutes: int) -> bool:
    return last_activity is not None and now - last_activity > idle_minutes * 60
