"""Hand-made stores: schools with chosen targets and sessions, budget lines with chosen expenses, import batches."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count

from sqlmodel import Session

from vsdata.models import (
    BudgetLine,
    DataKind,
    Expense,
    ExpenseStatus,
    FundingKind,
    Grant,
    ImportBatch,
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

_references = count(1)


def batches(session: Session, imported_at: datetime, *, is_demo: bool = True, **moments: datetime) -> None:
    """One import batch per data kind at ``imported_at`` (or at ``moments[kind.name]``), as demo data by default.

    Demo batches let a test choose the role without signing in.
    """
    for kind in DataKind:
        moment = moments.get(kind.name, imported_at)
        session.add(ImportBatch(kind=kind, file_name="test", imported_at=moment, is_demo=is_demo))
    session.flush()


def programme(session: Session, name: str = "Queenbees") -> Programme:
    row = Programme(name=name)
    session.add(row)
    session.flush()
    return row


def school(
    session: Session,
    name: str,
    point: tuple[float, float],
    *,
    in_programme: bool = True,
    vios_member: bool = True,
    enrolled: int = 300,
) -> School:
    row = School(
        name=name,
        school_type=SchoolType.VMBO,
        address=f"{name} 1, Dordrecht",
        latitude=point[0],
        longitude=point[1],
        students_enrolled=enrolled,
        vios_member=vios_member,
        in_programme=in_programme,
    )
    session.add(row)
    session.flush()
    return row


def target(session: Session, school: School, school_year: str, sessions: int, students: int) -> None:
    session.add(
        SchoolTarget(school_id=school.id, school_year=school_year, planned_sessions=sessions, planned_students=students)
    )


def lessons(
    session: Session,
    school: School,
    programme: Programme,
    days: list[date],
    status: SessionStatus = SessionStatus.UITGEVOERD,
    students: int = 30,
) -> None:
    """One session per day at ``school``, in the school year of that day."""
    for number, day in enumerate(days):
        session.add(
            SchoolSession(
                school_id=school.id,
                programme_id=programme.id,
                session_date=day,
                school_year=school_year_of(day),
                year_group=1,
                classes=f"1{chr(ord('a') + number % 26)}",
                students_reached=students if status == SessionStatus.UITGEVOERD else 0,
                theme="weerbaarheid",
                partner="Jongerenwerk",
                status=status,
            )
        )


def survey(session: Session, school: School, programme: Programme, school_year: str, before: float, after: float):
    """One measure before and after the programme, 40 pupils each time."""
    for phase, mean in ((SurveyPhase.VOOR, before), (SurveyPhase.NA, after)):
        session.add(
            SurveyResult(
                school_id=school.id,
                programme_id=programme.id,
                school_year=school_year,
                measure="Kennis",
                phase=phase,
                n=40,
                mean=mean,
                sd=0.8,
            )
        )


def budget_line(session: Session, year: int, topic: str, action: str, planned_euros: int, position: int = 0):
    line = BudgetLine(year=year, position=position, topic=topic, action=action, planned_cents=planned_euros * 100)
    session.add(line)
    session.flush()
    return line


def expense(
    session: Session,
    line: BudgetLine | None,
    day: date,
    euros: int,
    *,
    status: ExpenseStatus = ExpenseStatus.BETAALD,
    description: str = "Uitgave",
    supplier: str = "Leverancier",
    reference: str | None = None,
) -> Expense:
    row = Expense(
        expense_date=day,
        budget_line_id=line.id if line else None,
        amount_cents=euros * 100,
        description=description,
        supplier=supplier,
        reference=reference or f"T-{next(_references):04d}",
        status=status,
    )
    session.add(row)
    return row


def grants(session: Session, years, euros_per_year: int = 30_000) -> None:
    for year in years:
        session.add(Grant(year=year, source="OCW", kind=FundingKind.SUBSIDIE, amount_cents=euros_per_year * 100))


def utc(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)
