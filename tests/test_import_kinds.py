"""Importing the kinds besides reports: templates round-trip, Dutch validation reasons, undo with references."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from tests.conftest import TODAY
from vsdata import db, demo, importing
from vsdata.import_kinds import KINDS
from vsdata.importing import FileProblem, RowError
from vsdata.models import BudgetLine, DataKind, ImportBatch, School, SchoolSession
from vsdata.settings import CityProfile

CITY = CityProfile()

# Which store a kind's template needs: what its example row refers to.
TEMPLATE_STORE = {
    DataKind.SCHOLEN: "empty",
    DataKind.LESACTIVITEITEN: "demo",
    DataKind.DOELEN: "demo",
    DataKind.UITGAVEN: "plan",
    DataKind.INDICATOREN: "empty",
    DataKind.ENQUETES: "demo",
    DataKind.CAMPAGNE: "empty",
    DataKind.PARTNERS: "empty",
    DataKind.BEGROTING: "empty",
    DataKind.FINANCIERING: "empty",
    DataKind.INTERVENTIES: "empty",
}


def test_every_kind_but_reports_has_a_template_store():
    assert set(TEMPLATE_STORE) == set(KINDS) == set(DataKind) - {DataKind.MELDINGEN}


# ---------------------------------------------------------------- helpers


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """A semicolon CSV as Dutch Excel saves it; the header is the first row's keys, as written."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow(list(row.values()))
    return out.getvalue().encode("utf-8")


def preview(engine, kind: DataKind, data: bytes, name: str = "bestand.csv"):
    with db.read_session(engine) as session:
        return importing.preview(session, kind, data, name, TODAY, CITY)


def count(engine, model, batch_id: int | None = None) -> int:
    statement = select(func.count()).select_from(model)
    if batch_id is not None:
        statement = statement.where(model.import_batch_id == batch_id)
    with db.read_session(engine) as session:
        return session.execute(statement).scalar_one()


def by_row(result) -> dict[int, RowError]:
    errors = {error.row: error for error in result.rejected}
    assert len(errors) == len(result.rejected), "one reason per rejected row expected"
    return errors


@pytest.fixture
def demo_copy(stores, demo_store):
    """A private copy of the demo store on this run's engine."""
    url = stores.copy(demo_store)
    engine = db.get_engine(url)
    yield engine
    engine.dispose()
    if stores.server is not None:
        stores.server.drop(url)


@pytest.fixture
def plan_engine(empty_engine):
    """An empty store with only the plan's budget lines and grants."""
    with db.write_session(empty_engine) as session:
        demo.add_plan(session, CITY)
    return empty_engine


@pytest.fixture
def programmes_engine(empty_engine):
    """An empty store with only the plan's named programmes."""
    with db.write_session(empty_engine) as session:
        demo.add_programmes(session)
    return empty_engine


# ---------------------------------------------------------------- templates round-trip


@pytest.mark.parametrize("kind", list(TEMPLATE_STORE), ids=lambda kind: kind.value)
@pytest.mark.usefixtures("engine_kind")
def test_template_reads_back_commits_once_and_undoes(kind, request):
    store = TEMPLATE_STORE[kind]
    engine = request.getfixturevalue({"empty": "empty_engine", "plan": "plan_engine", "demo": "demo_copy"}[store])
    model = KINDS[kind].model
    data = importing.template_csv(kind)
    before = count(engine, model)

    first = preview(engine, kind, data, "sjabloon.csv")
    assert first.rejected == [] and first.rows_read == 1
    assert len(first.new) + first.existing == 1
    if kind in (DataKind.DOELEN, DataKind.ENQUETES):
        assert first.existing == 1  # the demo store already holds the example
    else:
        assert len(first.new) == 1 and first.existing == 0
    added = len(first.new)

    batch = importing.commit(engine, first, imported_by="test")
    assert batch.rows_added == added and batch.rows_skipped == first.existing and batch.rows_rejected == 0
    assert count(engine, model) == before + added
    assert count(engine, model, batch.id) == added

    again = preview(engine, kind, data, "sjabloon.csv")
    assert len(again.new) == 0 and again.existing == 1 and again.rejected == []
    second = importing.commit(engine, again)
    assert second.rows_added == 0 and count(engine, model) == before + added

    assert importing.undo(engine, batch.id) == added
    assert count(engine, model) == before
    with db.read_session(engine) as session:
        assert session.get(ImportBatch, batch.id).undone_at is not None


def test_expense_template_money_and_line_are_read_as_meant(plan_engine):
    result = preview(plan_engine, DataKind.UITGAVEN, importing.template_csv(DataKind.UITGAVEN))
    row = result.new.iloc[0]
    assert row["amount_cents"] == 123456
    with db.read_session(plan_engine) as session:
        line = session.get(BudgetLine, int(row["budget_line_id"]))
    assert (line.year, line.topic) == (2026, "Communicatie") and line.action.startswith("Campagne")


# ---------------------------------------------------------------- validation


SESSION = {
    "Schoolnaam": "Yuverta Dordrecht",
    "Interventie": "Beat the Macho",
    "Lesdatum": "03-12-2026",
    "Leerjaar": "2",
    "Klas": "2B",
    "Thema": "macho gedrag",
    "Status": "gepland",
}


def test_session_rows_are_rejected_with_dutch_reasons_naming_the_file_column(demo_engine):
    rows = [
        SESSION,
        {**SESSION, "Schoolnaam": "Nergensschool", "Klas": "2C"},
        {**SESSION, "Interventie": "Onbekend programma", "Klas": "2D"},
        {**SESSION, "Status": "uitgevoerd", "Klas": "2E"},
        {**SESSION, "Leerjaar": "7", "Klas": "2F"},
        {**SESSION, "Status": "uitgevoerd", "Lesdatum": "26-11-2026", "Klas": "2G"},
    ]
    result = preview(demo_engine, DataKind.LESACTIVITEITEN, csv_bytes(rows), "lessen.csv")
    assert len(result.new) == 2 and result.existing == 0 and result.rejected_rows == 4
    errors = by_row(result)
    assert set(errors) == {3, 4, 5, 6}
    assert errors[3] == RowError(
        "lessen.csv",
        3,
        "Schoolnaam",
        "Nergensschool",
        "onbekende school; lees eerst de scholen in of gebruik de naam zoals op de pagina Scholen",
    )
    assert (errors[4].column, errors[4].value) == ("Interventie", "Onbekend programma")
    assert errors[4].reason.startswith("onbekend programma (bekend: ") and "beat the macho" in errors[4].reason
    assert (errors[5].column, errors[5].value) == ("Status", "uitgevoerd")
    assert errors[5].reason == "uitgevoerd, maar de datum ligt in de toekomst"
    assert (errors[6].column, errors[6].value, errors[6].reason) == ("Leerjaar", "7", "moet tussen 1 en 6 liggen")
    assert list(result.new["status"]) == ["gepland", "uitgevoerd"]


def test_target_school_year_must_be_written_as_2026_27(demo_engine):
    base = {"School": "Yuverta Dordrecht", "Schooljaar": "2030/31", "Lessen": "4", "Leerlingen": "100"}
    rows = [base, {**base, "Schooljaar": "2026/28"}, {**base, "Schooljaar": "26/27"}]
    result = preview(demo_engine, DataKind.DOELEN, csv_bytes(rows), "doelen.csv")
    assert len(result.new) == 1 and result.new.iloc[0]["school_year"] == "2030/31"
    errors = by_row(result)
    assert errors[3] == RowError(
        "doelen.csv", 3, "Schooljaar", "2026/28", "het tweede jaar moet volgen op het eerste (2026/27)"
    )
    assert errors[4] == RowError("doelen.csv", 4, "Schooljaar", "26/27", "schooljaar als 2026/27")


EXPENSE = {
    "Boekdatum": "10-05-2024",
    "Onderwerp": "Jeugd en Onderwijs",
    "Actiepunt": "Uitvoering",
    "Bedrag (EUR)": "1.234,56",
    "Omschrijving": "Lessen",
    "Leverancier": "Bureau",
    "Factuurnummer": "F-1",
    "Status": "betaald",
}


def test_expense_rows_find_their_budget_line_and_read_dutch_money(plan_engine):
    rows = [
        EXPENSE,
        {**EXPENSE, "Actiepunt": "", "Factuurnummer": "F-2"},
        {**EXPENSE, "Boekdatum": "15-03-2022", "Onderwerp": "Communicatie", "Actiepunt": "", "Factuurnummer": "F-3"},
        {**EXPENSE, "Bedrag (EUR)": "-10,00", "Factuurnummer": "F-4"},
        {**EXPENSE, "Bedrag (EUR)": "1,234", "Factuurnummer": "F-5"},
        {**EXPENSE, "Bedrag (EUR)": "€ 99", "Factuurnummer": "F-6"},
    ]
    result = preview(plan_engine, DataKind.UITGAVEN, csv_bytes(rows), "uitgaven.csv")
    errors = by_row(result)
    assert set(errors) == {3, 4, 5, 6}
    assert errors[3] == RowError(
        "uitgaven.csv", 3, "Onderwerp", "Jeugd en Onderwijs", "'Jeugd en Onderwijs' heeft in 2024 meer regels: "
        "vul ook het actiepunt in"
    )  # fmt: skip
    assert errors[4] == RowError(
        "uitgaven.csv", 4, "Onderwerp", "Communicatie", "geen begrotingsregel 'Communicatie' in 2022"
    )
    assert errors[5] == RowError("uitgaven.csv", 5, "Bedrag (EUR)", "-10,00", "bedrag mag niet negatief zijn")
    assert errors[6] == RowError("uitgaven.csv", 6, "Bedrag (EUR)", "1,234", "meer dan twee decimalen")

    assert list(result.new["reference"]) == ["F-1", "F-6"]
    assert list(result.new["amount_cents"]) == [123456, 9900]
    with db.read_session(plan_engine) as session:
        line = session.get(BudgetLine, int(result.new.iloc[0]["budget_line_id"]))
    assert (line.year, line.topic) == (2024, "Jeugd en Onderwijs") and line.action.startswith("Uitvoering")


SCHOOL = {
    "Naam": "Testschool",
    "Soort": "VMBO",
    "Adres": "Teststraat 1, Dordrecht",
    "Breedtegraad": "51,8100",
    "Lengtegraad": "4,6700",
    "Leerlingen": "500",
}


def test_school_rows_outside_the_city_or_of_an_unknown_type_are_rejected(empty_engine):
    rows = [
        SCHOOL,
        {**SCHOOL, "Naam": "Noord", "Breedtegraad": "52,1000"},
        {**SCHOOL, "Naam": "Oost", "Lengtegraad": "5,2"},
        {**SCHOOL, "Naam": "Basis", "Soort": "basisschool"},
    ]
    result = preview(empty_engine, DataKind.SCHOLEN, csv_bytes(rows), "scholen.csv")
    assert list(result.new["name"]) == ["Testschool"]
    errors = by_row(result)
    assert (errors[3].column, errors[3].value) == ("Breedtegraad", "52,1000")
    assert errors[3].reason.startswith("breedtegraad buiten Dordrecht")
    assert (errors[4].column, errors[4].value) == ("Lengtegraad", "5,2")
    assert errors[4].reason.startswith("lengtegraad buiten Dordrecht")
    assert errors[5] == RowError(
        "scholen.csv", 5, "Soort", "basisschool", "onbekende waarde (toegestaan: VMBO, HAVO/VWO, MBO)"
    )


def test_survey_rows_with_an_unknown_phase_or_negative_sd_are_rejected(demo_engine):
    base = {
        "School": "Yuverta Dordrecht",
        "Programma": "Ik ben van mij",
        "Schooljaar": "2030/31",
        "Meting": "Kennis over grenzen",
        "Moment": "na",
        "N": "20",
        "Gemiddelde": "3,5",
        "Standaardafwijking": "0,7",
    }
    rows = [base, {**base, "Moment": "tussen"}, {**base, "Standaardafwijking": "-0,5", "Meting": "Andere"}]
    result = preview(demo_engine, DataKind.ENQUETES, csv_bytes(rows), "enquete.csv")
    assert len(result.new) == 1 and result.new.iloc[0]["sd"] == 0.7
    errors = by_row(result)
    assert errors[3] == RowError("enquete.csv", 3, "Moment", "tussen", "onbekende waarde (toegestaan: voor, na)")
    assert errors[4] == RowError("enquete.csv", 4, "Standaardafwijking", "-0,5", "mag niet negatief zijn")


def test_a_natural_key_twice_in_one_file_is_rejected_the_second_time(demo_engine):
    target = {"School": "Yuverta Dordrecht", "Schooljaar": "2030/31", "Lessen": "4", "Leerlingen": "100"}
    result = preview(demo_engine, DataKind.DOELEN, csv_bytes([target, {**target, "Lessen": "5"}]), "doelen.csv")
    assert len(result.new) == 1 and result.new.iloc[0]["planned_sessions"] == 4
    assert by_row(result) == {
        3: RowError("doelen.csv", 3, "School", "Yuverta Dordrecht", "deze rij staat al in rij 2 van dit bestand")
    }

    result = preview(demo_engine, DataKind.SCHOLEN, csv_bytes([SCHOOL, {**SCHOOL, "Adres": "Elders 2"}]), "s.csv")
    assert len(result.new) == 1
    assert by_row(result)[3].reason == "deze rij staat al in rij 2 van dit bestand"


def test_a_duplicate_expense_reference_is_reported_on_the_reference_column(plan_engine):
    rows = [EXPENSE, {**EXPENSE, "Boekdatum": "11-05-2024"}]
    result = preview(plan_engine, DataKind.UITGAVEN, csv_bytes(rows), "uitgaven.csv")
    error = by_row(result)[3]
    assert error.reason == "deze rij staat al in rij 2 van dit bestand"
    assert (error.column, error.value) == ("Factuurnummer", "F-1")


def test_two_schools_with_the_same_brin_are_caught_by_the_preview(empty_engine):
    rows = [{**SCHOOL, "BRIN": "12AB"}, {**SCHOOL, "Naam": "Andere school", "BRIN": "12AB"}]
    result = preview(empty_engine, DataKind.SCHOLEN, csv_bytes(rows), "scholen.csv")
    assert result.rejected_rows == 1 and len(result.new) == 1
    importing.commit(empty_engine, result)


# ---------------------------------------------------------------- undo with references


def test_undo_of_schools_used_by_a_later_sessions_import_is_refused_until_that_is_undone(programmes_engine):
    engine = programmes_engine
    schools = preview(engine, DataKind.SCHOLEN, csv_bytes([SCHOOL, {**SCHOOL, "Naam": "Tweede school"}]))
    school_batch = importing.commit(engine, schools)
    sessions = preview(
        engine, DataKind.LESACTIVITEITEN, csv_bytes([{**SESSION, "Schoolnaam": "Testschool"}]), "lessen.csv"
    )
    assert sessions.rejected == [] and len(sessions.new) == 1
    session_batch = importing.commit(engine, sessions)
    version = db.data_version(engine)

    with pytest.raises(FileProblem) as caught:
        importing.undo(engine, school_batch.id)
    message = str(caught.value)
    assert f"Import {school_batch.id} kan niet ongedaan worden gemaakt" in message
    assert "Maak eerst die import ongedaan" in message
    assert count(engine, School) == 2 and count(engine, SchoolSession) == 1
    assert db.data_version(engine) == version
    with db.read_session(engine) as session:
        assert session.get(ImportBatch, school_batch.id).undone_at is None

    assert importing.undo(engine, session_batch.id) == 1
    assert importing.undo(engine, school_batch.id) == 2
    assert count(engine, School) == 0 and count(engine, SchoolSession) == 0
