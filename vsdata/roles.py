"""Roles and which pages each may open: the one place that decides."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    PROGRAMMAMANAGER = "programmamanager"
    VIOS = "vios"
    RAAD = "raad"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PROGRAMMAMANAGER: "Programmamanager",
    Role.VIOS: "Schooldirectie (VIOS)",
    Role.RAAD: "Raadslid",
}
DEFAULT_ROLE = Role.PROGRAMMAMANAGER


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    path: str
    icon: str
    roles: frozenset[Role]


PAGES: list[PageSpec] = [
    PageSpec("overzicht", "Overzicht", "pages/overzicht.py", ":material/dashboard:", frozenset(Role)),
    PageSpec("meldingen", "Meldingen", "pages/meldingen.py", ":material/map:", frozenset(Role)),
    PageSpec("scholen", "Scholen", "pages/scholen.py", ":material/school:", frozenset(Role)),
    PageSpec(
        "onderzoek",
        "Onderzoek",
        "pages/onderzoek.py",
        ":material/query_stats:",
        frozenset({Role.PROGRAMMAMANAGER, Role.RAAD}),
    ),
    PageSpec(
        "communicatie",
        "Communicatie",
        "pages/communicatie.py",
        ":material/campaign:",
        frozenset({Role.PROGRAMMAMANAGER}),
    ),
    PageSpec(
        "begroting", "Begroting", "pages/begroting.py", ":material/euro:", frozenset({Role.PROGRAMMAMANAGER, Role.RAAD})
    ),
    PageSpec("gegevens", "Gegevens", "pages/gegevens.py", ":material/database:", frozenset({Role.PROGRAMMAMANAGER})),
]


def page(key: str) -> PageSpec | None:
    return next((spec for spec in PAGES if spec.key == key), None)


def pages_for(role: Role) -> list[PageSpec]:
    return [spec for spec in PAGES if role in spec.roles]


def may_open(role: Role, key: str) -> bool:
    spec = page(key)
    return spec is not None and role in spec.roles


def parse_role(value: object) -> Role:
    """A role from session state or settings; anything unknown falls back to the default."""
    try:
        return Role(str(value))
    except ValueError:
        return DEFAULT_ROLE
