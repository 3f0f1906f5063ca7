"""The import kinds besides reports: their columns, natural keys and the rows they become.

Each kind is a :class:`Kind`: the columns a file needs (with aliases and a
parser that gives a Dutch reason when a value does not fit), the natural key
that makes a second import of the same file add nothing, and how a parsed
row becomes a row of its table, looking up schools, programmes and budget
lines by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from vsdata.formatting import format_list
from vsdata.models import (
    BudgetLine,
    CampaignActivity,
    DataKind,
    Expense,
    ExpenseStatus,
    FundingKind,
    Grant,
    IndicatorValue,
    PartnerMeeting,
    Programme,
    School,
    SchoolSession,
    SchoolTarget,
    SchoolType,
    SessionStatus,
    SurveyPhase,
    SurveyResult,
)
from vsdata.schools import school_year_of
from vsdata.settings import TIMEZONE, CityProfile


def normalise(name: str) -> str:
    """A column name or value compared case- and accent-insensitively: 'Datum Voorval' -> 'datum_voorval'."""
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


class ValueProblem(ValueError):
    """A value that does not fit its column; the message is the Dutch reason."""


Parser = Callable[[str, CityProfile, date], object]


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...]
    parse: Parser
    required: bool = True
    description: str = ""


# ---------------------------------------------------------------- value parsers


def parse_number(text: str) -> float:
    """Dutch or plain numbers: '1.234,56', '1234,56', '1234.56', '51.8123'."""
    value = text.strip().replace(" ", "").replace("\u00a0", "").removeprefix("€")
    if not value:
        raise ValueProblem("leeg")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    try:
        return float(value)
    except ValueError as exc:
        raise ValueProblem("geen getal") from exc


_DATE_FORMATS = ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y")


def parse_datetime(text: str) -> datetime:
    """'27-11-2026 21:15', '27-11-2026' or ISO, as written (no zone added)."""
    value = text.strip()
    if not value:
        raise ValueProblem("leeg")
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueProblem("geen geldige datum (gebruik 27-11-2026 of 27-11-2026 21:15)") from exc


def day(text: str, _city: CityProfile, today: date) -> date:
    """A calendar date, not in the future."""
    moment = parse_datetime(text)
    value = moment.astimezone(TIMEZONE).date() if moment.tzinfo else moment.date()
    if value > today:
        raise ValueProblem("datum ligt in de toekomst")
    return value


def any_day(text: str, _city: CityProfile, _today: date) -> date:
    """A calendar date, also in the future (planned sessions)."""
    moment = parse_datetime(text)
    return moment.astimezone(TIMEZONE).date() if moment.tzinfo else moment.date()


def text(limit: int) -> Parser:
    def parse(value: str, _city: CityProfile, _today: date) -> str:
        value = value.strip()
        if not value:
            raise ValueProblem("leeg")
        if len(value) > limit:
            raise ValueProblem(f"langer dan {limit} tekens")
        return value

    return parse


def whole(low: int, high: int | None = None) -> Parser:
    def parse(value: str, _city: CityProfile, _today: date) -> int:
        number = parse_number(value)
        if not number.is_integer():
            raise ValueProblem("geen geheel getal")
        if number < low or (high is not None and number > high):
            raise ValueProblem(
                f"moet tussen {low} en {high} liggen" if high is not None else f"moet minstens {low} zijn"
            )
        return int(number)

    return parse


def real(value: str, _city: CityProfile, _today: date) -> float:
    return parse_number(value)


def non_negative(value: str, _city: CityProfile, _today: date) -> float:
    number = parse_number(value)
    if number < 0:
        raise ValueProblem("mag niet negatief zijn")
    return number


_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def cents(value: str, _city: CityProfile, _today: date) -> int:
    """Euros as written ('1.234,56', '30.000', '€ 1234') to integer cents; not negative.

    Dots between groups of three digits are thousands, as Dutch writes them: money has no third decimal.
    """
    plain = value.strip().replace(" ", "").replace("\u00a0", "").removeprefix("€")
    euros = parse_number(plain.replace(".", "") if _THOUSANDS.fullmatch(plain) else value)
    if euros < 0:
        raise ValueProblem("bedrag mag niet negatief zijn")
    amount = round(euros * 100)
    if abs(euros * 100 - amount) > 1e-6:
        raise ValueProblem("meer dan twee decimalen")
    return amount


def choice(options: type) -> Parser:
    known = {normalise(option.value): option.value for option in options}

    def parse(value: str, _city: CityProfile, _today: date) -> str:
        found = known.get(normalise(value))
        if found is None:
            raise ValueProblem("onbekende waarde (toegestaan: " + ", ".join(option.value for option in options) + ")")
        return found

    return parse


_YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_NO = {"nee", "n", "no", "false", "onwaar", "0", ""}


def yes_no(value: str, _city: CityProfile, _today: date) -> bool:
    plain = normalise(value)
    if plain in _YES:
        return True
    if plain in _NO:
        return False
    raise ValueProblem("gebruik ja of nee")


def school_year(value: str, _city: CityProfile, _today: date) -> str:
    plain = value.strip().replace("-", "/")
    parts = plain.split("/")
    if len(parts) != 2 or not (parts[0].isdigit() and parts[1].isdigit()) or len(parts[0]) != 4:
        raise ValueProblem("schooljaar als 2026/27")
    first = int(parts[0])
    second = int(parts[1]) % 100
    if second != (first + 1) % 100:
        raise ValueProblem("het tweede jaar moet volgen op het eerste (2026/27)")
    return f"{first}/{second:02d}"


def latitude(value: str, city: CityProfile, _today: date) -> float:
    number = parse_number(value)
    south, _, north, _ = city.bounding_box
    if not south <= number <= north:
        raise ValueProblem(f"breedtegraad buiten {city.name} ({south} - {north})")
    return number


def longitude(value: str, city: CityProfile, _today: date) -> float:
    number = parse_number(value)
    _, west, _, east = city.bounding_box
    if not west <= number <= east:
        raise ValueProblem(f"lengtegraad buiten {city.name} ({west} - {east})")
    return number


# ---------------------------------------------------------------- lookups


class Lookups:
    """Schools, programmes and budget lines by name, read once per preview, and the city a row without an area
    belongs to."""

    def __init__(self, session: Session, today: date, city_name: str):
        self.today = today
        self.city_name = city_name
        self.schools = {
            name.casefold(): school_id for school_id, name in session.execute(select(School.id, School.name))
        }
        self.programmes = {
            name.casefold(): programme_id
            for programme_id, name in session.execute(select(Programme.id, Programme.name))
        }
        self.lines = [
            (line_id, year, topic, action)
            for line_id, year, topic, action in session.execute(
                select(BudgetLine.id, BudgetLine.year, BudgetLine.topic, BudgetLine.action)
            )
        ]
        self.places: dict[tuple[str, str], dict[int, tuple[int, bool]]] = {}
        """Per plan line (topic, action): its position in each year, and whether that year is stored (else it
        comes from an earlier row of the file being read)."""
        for topic, action, year, position in session.execute(
            select(BudgetLine.topic, BudgetLine.action, BudgetLine.year, BudgetLine.position)
        ):
            self.places.setdefault((topic.casefold(), action.casefold()), {})[year] = (position, True)
        self.spellings = {(topic.casefold(), action.casefold()): (topic, action) for _, _, topic, action in self.lines}

    def school(self, name: str) -> int:
        found = self.schools.get(name.strip().casefold())
        if found is None:
            raise ValueProblem(
                "onbekende school; lees eerst de scholen in of gebruik de naam zoals op de pagina Scholen"
            )
        return found

    def programme(self, name: str) -> int:
        found = self.programmes.get(name.strip().casefold())
        if found is None:
            known = ", ".join(sorted(self.programmes))
            raise ValueProblem(f"onbekend programma (bekend: {known})")
        return found

    def line(self, year: int, topic: str, action: str) -> int:
        """The budget line of the year whose topic matches and whose action starts with the given text."""
        topic_key, action_key = topic.strip().casefold(), action.strip().casefold()
        matches = [
            line_id
            for line_id, line_year, line_topic, line_action in self.lines
            if line_year == year
            and line_topic.casefold() == topic_key
            and (line_action.casefold().startswith(action_key) if action_key else True)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueProblem(f"geen begrotingsregel '{topic}' in {year}")
        raise ValueProblem(f"'{topic}' heeft in {year} meer regels: vul ook het actiepunt in")

    def spelling(self, topic: str, action: str) -> tuple[str, str]:
        """A plan line as first written (in the store, else earlier in the file): the tables group a line by its
        exact words, so 'onderwijs' in one year and 'Onderwijs' in another would be two lines."""
        return self.spellings.setdefault((topic.casefold(), action.casefold()), (topic, action))

    def position(self, year: int, topic: str, action: str, chosen: int | None = None) -> int:
        """Where a plan line stands in the plan table: as in its other years, else after every line so far.

        The tables over several years group a line by its position, so a chosen position that differs from the
        line's other years would show it twice: that is refused.
        """
        years = self.places.setdefault((topic.casefold(), action.casefold()), {})
        if chosen is None and years:
            chosen = years.get(year, years[max(years)])[0]
        elif chosen is None:
            chosen = max((place for uses in self.places.values() for place, _ in uses.values()), default=-1) + 1
        else:
            # The same year earlier in the file is a repeated row, refused as such.
            others = {other: use for other, use in years.items() if use[0] != chosen and (use[1] or other != year)}
            if others:
                raise ValueProblem(
                    f"deze regel staat {_places(others)}; een regel heeft in elk jaar dezelfde volgorde, anders "
                    "staat hij twee keer in de tabellen van de pagina Begroting. Gebruik dezelfde volgorde, of "
                    "laat de volgorde leeg om die van de andere jaren te volgen"
                )
        years.setdefault(year, (chosen, False))
        return chosen


def _places(uses: dict[int, tuple[int, bool]]) -> str:
    """'in 2026 en 2027 op volgorde 3 (in de opslag) en in 2028 op volgorde 5 (eerder in dit bestand)'."""
    years_of: dict[tuple[int, bool], list[str]] = {}
    for year in sorted(uses):
        years_of.setdefault(uses[year], []).append(str(year))
    return format_list(
        f"in {format_list(years)} op volgorde {place} ({'in de opslag' if stored else 'eerder in dit bestand'})"
        for (place, stored), years in years_of.items()
    )


# ---------------------------------------------------------------- the kinds


@dataclass(frozen=True)
class Kind:
    kind: DataKind
    model: type[SQLModel]
    columns: list[Column]
    key: tuple[str, ...]
    """The model's fields that identify a row: a second import of the same row adds nothing."""
    build: Callable[[dict, Lookups], dict]
    """A parsed row (by column name) as the model's fields; raises ValueProblem naming the column."""
    example: dict[str, str]
    key_column: str
    """The file column a duplicate key is reported on."""
    unique: tuple[str, ...] = ()
    """Other fields the table keeps unique (checked before writing, so a clash is a rejected row)."""
    must_match: dict[str, str] | None = None
    """Fields (with their file column) that a row already in the store must equal: a changed amount is
    refused, not silently kept, since an import never overwrites."""


class FieldProblem(ValueProblem):
    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column = column


def _lookup(column: str, function: Callable[[], int]) -> int:
    try:
        return function()
    except ValueProblem as problem:
        raise FieldProblem(column, str(problem)) from problem


def _school_row(row: dict, _lookups: Lookups) -> dict:
    return {
        "name": row["naam"],
        "brin": row.get("brin"),
        "school_type": row["type"],
        "address": row["adres"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "students_enrolled": row["leerlingen"],
        "vios_member": row.get("vios", False),
        "in_programme": row.get("in_programma", False),
    }


def _session_row(row: dict, lookups: Lookups) -> dict:
    if row["status"] == SessionStatus.UITGEVOERD.value and row["datum"] > lookups.today:
        raise FieldProblem("status", "uitgevoerd, maar de datum ligt in de toekomst")
    return {
        "school_id": _lookup("school", lambda: lookups.school(row["school"])),
        "programme_id": _lookup("programma", lambda: lookups.programme(row["programma"])),
        "session_date": row["datum"],
        "school_year": school_year_of(row["datum"]),
        "year_group": row["leerjaar"],
        "classes": row["klas"],
        "students_reached": row.get("leerlingen", 0),
        "theme": row["thema"],
        "partner": row.get("partner", ""),
        "status": row["status"],
    }


def _target_row(row: dict, lookups: Lookups) -> dict:
    return {
        "school_id": _lookup("school", lambda: lookups.school(row["school"])),
        "school_year": row["schooljaar"],
        "planned_sessions": row["lessen"],
        "planned_students": row["leerlingen"],
    }


def _expense_row(row: dict, lookups: Lookups) -> dict:
    year = row.get("jaar") or row["datum"].year
    return {
        "expense_date": row["datum"],
        "budget_line_id": _lookup("onderwerp", lambda: lookups.line(year, row["onderwerp"], row.get("actiepunt", ""))),
        "amount_cents": row["bedrag"],
        "description": row["omschrijving"],
        "supplier": row.get("leverancier", ""),
        "reference": row["referentie"],
        "status": row["status"],
    }


def _indicator_row(row: dict, lookups: Lookups) -> dict:
    return {
        "source": row["bron"],
        "area": row.get("gebied") or lookups.city_name,
        "year": row["jaar"],
        "measure": row["maatstaf"],
        "value": row["waarde"],
        "unit": row["eenheid"],
        "reference": row.get("referentie", ""),
        "is_estimate": row.get("schatting", False),
    }


def _survey_row(row: dict, lookups: Lookups) -> dict:
    return {
        "school_id": _lookup("school", lambda: lookups.school(row["school"])),
        "programme_id": _lookup("programma", lambda: lookups.programme(row["programma"])),
        "school_year": row["schooljaar"],
        "measure": row["meting"],
        "phase": row["fase"],
        "n": row["n"],
        "mean": row["gemiddelde"],
        "sd": row["sd"],
    }


def _campaign_row(row: dict, _lookups: Lookups) -> dict:
    return {"activity_date": row["datum"], "channel": row["kanaal"], "title": row["titel"], "reach": row.get("bereik")}


def _partner_row(row: dict, _lookups: Lookups) -> dict:
    return {
        "meeting_date": row["datum"],
        "partner": row["partner"],
        "topic": row["onderwerp"],
        "follow_up": row.get("vervolg", ""),
    }


def _plan_row(row: dict, lookups: Lookups) -> dict:
    topic, action = lookups.spelling(row["onderwerp"], row.get("actiepunt", ""))
    return {
        "year": row["jaar"],
        "position": _lookup("volgorde", lambda: lookups.position(row["jaar"], topic, action, row.get("volgorde"))),
        "topic": topic,
        "action": action,
        "planned_cents": row["bedrag"],
    }


def _funding_row(row: dict, _lookups: Lookups) -> dict:
    return {"year": row["jaar"], "source": row["bron"], "kind": row["soort"], "amount_cents": row["bedrag"]}


def _programme_row(row: dict, _lookups: Lookups) -> dict:
    return {"name": row["naam"], "description": row.get("omschrijving", "")}


KINDS: dict[DataKind, Kind] = {
    DataKind.SCHOLEN: Kind(
        DataKind.SCHOLEN, School,
        [
            Column("naam", ("school", "schoolnaam", "name"), text(120)),
            Column("brin", ("brin_nummer",), text(8), required=False),
            Column("type", ("soort", "schooltype", "school_type"), choice(SchoolType)),
            Column("adres", ("address",), text(200)),
            Column("latitude", ("lat", "breedtegraad"), latitude),
            Column("longitude", ("lon", "lng", "lengtegraad"), longitude),
            Column("leerlingen", ("aantal_leerlingen", "students_enrolled"), whole(0)),
            Column("vios", ("vios_lid",), yes_no, required=False),
            Column("in_programma", ("programma",), yes_no, required=False),
        ],
        ("name",), _school_row,
        {"naam": "Voorbeeldschool", "brin": "", "type": "VMBO", "adres": "Voorbeeldstraat 1, 3311 AA Dordrecht",
         "latitude": "51,8100", "longitude": "4,6700", "leerlingen": "850", "vios": "ja", "in_programma": "ja"},
        key_column="naam",
        unique=("brin",),
    ),
    DataKind.LESACTIVITEITEN: Kind(
        DataKind.LESACTIVITEITEN, SchoolSession,
        [
            Column("school", ("schoolnaam",), text(120)),
            Column("programma", ("interventie",), text(80)),
            Column("datum", ("lesdatum",), any_day),
            Column("leerjaar", ("jaar",), whole(1, 6)),
            Column("klas", ("klassen", "groep"), text(60)),
            Column("leerlingen", ("aantal_leerlingen", "bereikt"), whole(0), required=False),
            Column("thema", ("onderwerp",), text(60)),
            Column("partner", ("uitvoerder",), text(80), required=False),
            Column("status", (), choice(SessionStatus)),
        ],
        ("school_id", "session_date", "programme_id", "classes"), _session_row,
        {"school": "Yuverta Dordrecht", "programma": "Beat the Macho", "datum": "03-12-2026", "leerjaar": "2",
         "klas": "2B", "leerlingen": "24", "thema": "macho gedrag", "partner": "Jongerenwerk", "status": "gepland"},
        key_column="school",
    ),
    DataKind.DOELEN: Kind(
        DataKind.DOELEN, SchoolTarget,
        [
            Column("school", ("schoolnaam",), text(120)),
            Column("schooljaar", ("jaar",), school_year),
            Column("lessen", ("geplande_lessen", "lesactiviteiten"), whole(0)),
            Column("leerlingen", ("geplande_leerlingen",), whole(0)),
        ],
        ("school_id", "school_year"), _target_row,
        {"school": "Yuverta Dordrecht", "schooljaar": "2026/27", "lessen": "12", "leerlingen": "300"},
        key_column="school",
    ),
    DataKind.UITGAVEN: Kind(
        DataKind.UITGAVEN, Expense,
        [
            Column("datum", ("boekdatum", "factuurdatum"), day),
            Column("jaar", ("begrotingsjaar",), whole(2000, 2100), required=False),
            Column("onderwerp", ("begrotingsregel", "regel"), text(80)),
            Column("actiepunt", ("actie",), text(200), required=False),
            Column("bedrag", ("bedrag_eur", "euro"), cents),
            Column("omschrijving", ("beschrijving", "description"), text(300)),
            Column("leverancier", ("crediteur", "supplier"), text(120), required=False),
            Column("referentie", ("factuurnummer", "boekingsnummer", "kenmerk"), text(60)),
            Column("status", (), choice(ExpenseStatus)),
        ],
        ("reference",), _expense_row,
        {"datum": "20-11-2026", "jaar": "2026", "onderwerp": "Communicatie", "actiepunt": "Campagne",
         "bedrag": "1.234,56", "omschrijving": "Posters najaarscampagne", "leverancier": "Drukkerij",
         "referentie": "F2026-0042", "status": "betaald"},
        key_column="referentie",
    ),
    DataKind.INDICATOREN: Kind(
        DataKind.INDICATOREN, IndicatorValue,
        [
            Column("bron", ("source",), text(60)),
            Column("gebied", ("area",), text(60), required=False),
            Column("jaar", ("year",), whole(1990, 2100)),
            Column("maatstaf", ("indicator", "measure"), text(160)),
            Column("waarde", ("value",), real),
            Column("eenheid", ("unit",), text(20)),
            Column("referentie", ("vindplaats", "url"), text(400), required=False),
            Column("schatting", ("is_schatting",), yes_no, required=False),
        ],
        ("source", "area", "year", "measure"), _indicator_row,
        {"bron": "RADAR", "gebied": "Dordrecht", "jaar": "2026", "maatstaf": "Meldingen discriminatie (totaal)",
         "waarde": "64", "eenheid": "aantal", "referentie": "jaarrapport RADAR 2026", "schatting": "nee"},
        key_column="maatstaf",
    ),
    DataKind.ENQUETES: Kind(
        DataKind.ENQUETES, SurveyResult,
        [
            Column("school", ("schoolnaam",), text(120)),
            Column("programma", ("interventie",), text(80)),
            Column("schooljaar", ("jaar",), school_year),
            Column("meting", ("maat", "measure"), text(80)),
            Column("fase", ("moment", "phase"), choice(SurveyPhase)),
            Column("n", ("aantal",), whole(0)),
            Column("gemiddelde", ("mean",), real),
            Column("sd", ("standaardafwijking",), non_negative),
        ],
        ("school_id", "programme_id", "school_year", "measure", "phase"), _survey_row,
        {"school": "Yuverta Dordrecht", "programma": "Ik ben van mij", "schooljaar": "2025/26",
         "meting": "Kennis over grenzen", "fase": "voor", "n": "84", "gemiddelde": "3,12", "sd": "0,81"},
        key_column="meting",
    ),
    DataKind.CAMPAGNE: Kind(
        DataKind.CAMPAGNE, CampaignActivity,
        [
            Column("datum", (), day),
            Column("kanaal", ("channel",), text(60)),
            Column("titel", ("activiteit", "title"), text(200)),
            Column("bereik", ("reach",), whole(0), required=False),
        ],
        ("activity_date", "title"), _campaign_row,
        {"datum": "26-10-2026", "kanaal": "sociale media", "titel": "Najaarscampagne", "bereik": "33000"},
        key_column="titel",
    ),
    DataKind.PARTNERS: Kind(
        DataKind.PARTNERS, PartnerMeeting,
        [
            Column("datum", (), day),
            Column("partner", ("organisatie",), text(80)),
            Column("onderwerp", ("topic",), text(200)),
            Column("vervolg", ("afspraak", "follow_up"), text(300), required=False),
        ],
        ("meeting_date", "partner", "topic"), _partner_row,
        {"datum": "21-09-2026", "partner": "Qbuzz", "onderwerp": "Meldposters in bussen", "vervolg": "Evaluatie"},
        key_column="onderwerp",
    ),
    DataKind.BEGROTING: Kind(
        DataKind.BEGROTING, BudgetLine,
        [
            Column("onderwerp", ("begrotingsregel", "regel", "topic"), text(80)),
            Column("actiepunt", ("actie", "action"), text(200), required=False),
            Column("jaar", ("begrotingsjaar", "year"), whole(2000, 2100)),
            Column("bedrag", ("bedrag_eur", "euro", "begroot"), cents),
            Column("volgorde", ("positie",), whole(0), required=False),
        ],
        ("year", "topic", "action"), _plan_row,
        {"onderwerp": "Communicatie", "actiepunt": "Campagne en bewustwording", "jaar": "2027",
         "bedrag": "8.000", "volgorde": ""},
        key_column="onderwerp",
        must_match={"planned_cents": "bedrag"},
    ),
    DataKind.FINANCIERING: Kind(
        DataKind.FINANCIERING, Grant,
        [
            Column("jaar", ("year",), whole(2000, 2100)),
            Column("bron", ("financier", "source"), text(80)),
            Column("soort", ("kind",), choice(FundingKind)),
            Column("bedrag", ("bedrag_eur", "euro"), cents),
        ],
        ("year", "source"), _funding_row,
        {"jaar": "2027", "bron": "OCW", "soort": "subsidie", "bedrag": "30.000"},
        key_column="bron",
        must_match={"amount_cents": "bedrag", "kind": "soort"},
    ),
    DataKind.INTERVENTIES: Kind(
        DataKind.INTERVENTIES, Programme,
        [
            Column("naam", ("programma", "interventie", "name"), text(80)),
            Column("omschrijving", ("beschrijving", "description"), text(400), required=False),
        ],
        ("name",), _programme_row,
        {"naam": "Beat the Macho", "omschrijving": "Jongens over mannelijkheid, groepsdruk en respect"},
        key_column="naam",
    ),
}  # fmt: skip


def key_of(values) -> tuple:
    """A natural key compared as people do: text without regard to case."""
    return tuple(value.casefold() if isinstance(value, str) else value for value in values)


def existing_keys(session: Session, kind: Kind) -> set[tuple]:
    """The natural keys already in the store (these tables stay small)."""
    columns = [getattr(kind.model, field) for field in kind.key]
    return {key_of(row) for row in session.execute(select(*columns))}


def stored_by_key(session: Session, kind: Kind) -> dict[tuple, dict]:
    """The fields a re-imported row must match, by natural key, for the kinds that have them."""
    if not kind.must_match:
        return {}
    names = list(kind.must_match)
    columns = [getattr(kind.model, field) for field in (*kind.key, *names)]
    return {
        key_of(row[: len(kind.key)]): dict(zip(names, row[len(kind.key) :], strict=True))
        for row in session.execute(select(*columns))
    }


def existing_values(session: Session, kind: Kind, field_name: str) -> set:
    column = getattr(kind.model, field_name)
    return {key_of([value])[0] for value in session.scalars(select(column).where(column.is_not(None)))}
