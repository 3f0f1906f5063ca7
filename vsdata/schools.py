"""Programme coverage per school: school years, sessions, targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import and_, func, select
from sqlmodel import Session

from vsdata import pace, palette
from vsdata.formatting import format_number
from vsdata.models import Programme, School, SchoolSession, SchoolTarget, SchoolType, SessionStatus, SurveyResult
from vsdata.periods import elapsed_between


def school_year_of(day: date) -> str:
    """The school year (1 August - 31 July) a day falls in, as '2026/27'."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def school_year_start(school_year: str) -> date:
    return date(int(school_year[:4]), 8, 1)


def school_year_end(school_year: str) -> date:
    return date(int(school_year[:4]) + 1, 7, 31)


def elapsed_share(school_year: str, today: date) -> float:
    """Share of the school year passed by the end of ``today``: 0 before it starts, 1 after it ends."""
    return elapsed_between(school_year_start(school_year), school_year_end(school_year), today)


@dataclass(frozen=True)
class SessionSummary:
    school_year: str
    standing: Standing
    """The programme as a whole: its schools' sessions and students against the targets."""
    planned_soon: int

    @property
    def delivered(self) -> int:
        return self.standing.delivered

    @property
    def target(self) -> int:
        return self.standing.target

    @property
    def pace_target(self) -> float:
        """Sessions the target asks for by today, at an even pace through the school year."""
        return self.standing.pace_target


def session_summary(session: Session, today: date, soon_days: int = 14) -> SessionSummary:
    """The programme's standing this school year, and the sessions coming up soon."""
    year = school_year_of(today)
    planned_soon = session.scalar(
        select(func.count())
        .select_from(SchoolSession)
        .where(
            SchoolSession.status == SessionStatus.GEPLAND,
            SchoolSession.session_date >= today,
            SchoolSession.session_date < today + timedelta(days=soon_days),
        )
    )
    standing = programme_standing(coverage(session, year, today), elapsed_share(year, today))
    return SessionSummary(year, standing, int(planned_soon or 0))


@dataclass(frozen=True)
class Delivered:
    sessions: int
    students: int
    schools: int


def delivered_between(session: Session, first: date, last: date) -> Delivered:
    """Sessions delivered from ``first`` to ``last`` inclusive: how many, to how many students, at how many schools."""
    sessions, students, school_count = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(SchoolSession.students_reached), 0),
            func.count(func.distinct(SchoolSession.school_id)),
        ).where(
            SchoolSession.status == SessionStatus.UITGEVOERD,
            SchoolSession.session_date >= first,
            SchoolSession.session_date <= last,
        )
    ).one()
    return Delivered(int(sessions), int(students), int(school_count))


def programme_schools_without_sessions(session: Session, school_year: str) -> list[str]:
    """Programme schools with nothing planned or delivered in the school year."""
    has_sessions = (
        select(SchoolSession.school_id)
        .where(SchoolSession.school_year == school_year, SchoolSession.status != SessionStatus.GEANNULEERD)
        .distinct()
    )
    rows = session.scalars(
        select(School.name).where(School.in_programme, School.id.not_in(has_sessions)).order_by(School.name)
    )
    return list(rows)


def upcoming_sessions(session: Session, today: date, days: int = 14) -> pd.DataFrame:
    """Planned sessions from today through the next ``days`` days, soonest first."""
    rows = session.execute(
        select(SchoolSession.session_date, School.name, Programme.name, SchoolSession.classes, SchoolSession.partner)
        .join(School, School.id == SchoolSession.school_id)
        .join(Programme, Programme.id == SchoolSession.programme_id)
        .where(
            SchoolSession.status == SessionStatus.GEPLAND,
            SchoolSession.session_date >= today,
            SchoolSession.session_date < today + timedelta(days=days),
        )
        .order_by(SchoolSession.session_date, School.name)
    ).all()
    return pd.DataFrame(rows, columns=["datum", "school", "programma", "klas", "partner"])


def school_points(session: Session) -> pd.DataFrame:
    """Every school with its location, for maps and counts around schools."""
    rows = session.execute(
        select(School.name, School.latitude, School.longitude, School.vios_member, School.in_programme).order_by(
            School.name
        )
    ).all()
    return pd.DataFrame(rows, columns=["school", "latitude", "longitude", "vios", "in_programma"])


# ---------------------------------------------------------------- status: one rule for a school and the programme

STATUS_ON_TRACK = "op koers"
STATUS_BEHIND = "achter"
STATUS_NOTHING = "niets gepland"
STATUS_NO_TARGET = "geen doel"
STATUS_NOT_IN_PROGRAMME = "niet in programma"
STATUS_COLOURS = {  # colour per status (Okabe & Ito), for charts, maps and badges; the word always goes with it
    "op koers": palette.OKABE_ITO["blauwgroen"],
    "achter": palette.OKABE_ITO["oranje"],
    "niets gepland": palette.OKABE_ITO["vermiljoen"],
    "geen doel": palette.OKABE_ITO["hemelsblauw"],
    "niet in programma": palette.NEUTRAL,
}
STATUS_SYMBOLS = {  # a shape per status, for where the colour stands alone (the school map's markers)
    "op koers": "✓",
    "achter": "!",
    "niets gepland": "✕",
    "geen doel": "–",
    "niet in programma": "○",
}
STATUS_ORDER = [STATUS_BEHIND, STATUS_NOTHING, STATUS_ON_TRACK, STATUS_NO_TARGET, STATUS_NOT_IN_PROGRAMME]
STATUS_RULE = (
    "Op koers: de uitgevoerde lesactiviteiten en de bereikte leerlingen halen allebei ten minste 90 % van het "
    "tempo van het doel (het doel maal het deel van het schooljaar dat voorbij is), voor elke school en voor het "
    "programma als geheel; anders achter."
)


def status(
    delivered: int,
    planned: int,
    target: int,
    reached: int,
    target_students: int,
    elapsed_share: float,
    in_programme: bool = True,
) -> str:
    """The status of a school, or of the programme from its totals: op koers only when sessions and reach keep up.

    ``reached`` and ``target_students`` are counted at most up to the enrolment, so comparing them is comparing
    reach with the reach the target asks for.
    """
    if delivered + planned == 0:
        return STATUS_NOTHING if in_programme or target else STATUS_NOT_IN_PROGRAMME
    if target == 0:
        return STATUS_NO_TARGET
    sessions_keep_up = pace.keeps_up(delivered, target, elapsed_share)
    reach_keeps_up = pace.keeps_up(reached, target_students, elapsed_share)
    return STATUS_ON_TRACK if sessions_keep_up and reach_keeps_up else STATUS_BEHIND


@dataclass(frozen=True)
class Standing:
    """Where a school, or the programme as a whole, stands against the school year's targets on one day."""

    delivered: int
    planned: int
    target: int
    reached: int
    """Students reached, at most the enrolment per school."""
    target_students: int
    """Students the target asks to reach, at most the enrolment per school."""
    enrolment: int
    elapsed_share: float
    in_programme: bool = True

    @property
    def pace_target(self) -> float:
        return pace.pace_target(self.target, self.elapsed_share)

    @property
    def reach(self) -> float:
        return self.reached / self.enrolment if self.enrolment else 0.0

    @property
    def pace_reach(self) -> float:
        """The reach the target asks for by today."""
        return pace.pace_target(self.target_students / self.enrolment, self.elapsed_share) if self.enrolment else 0.0

    @property
    def status(self) -> str:
        return status(
            self.delivered,
            self.planned,
            self.target,
            self.reached,
            self.target_students,
            self.elapsed_share,
            self.in_programme,
        )

    @property
    def summary(self) -> str:
        """The status in words with why: 'achter: 7 lesactiviteiten en 179 leerlingen onder het tempo'."""
        word = self.status
        if word == STATUS_ON_TRACK:
            return f"{word}: {format_number(self.delivered)} lesactiviteiten bij een tempo van {self._pace_sessions}"
        if word == STATUS_BEHIND:
            short = []
            if not pace.keeps_up(self.delivered, self.target, self.elapsed_share):
                missing = pace.whole_shortfall(self.delivered, self.target, self.elapsed_share)
                short.append(f"{format_number(missing)} {'lesactiviteit' if missing == 1 else 'lesactiviteiten'}")
            if not pace.keeps_up(self.reached, self.target_students, self.elapsed_share):
                missing = pace.whole_shortfall(self.reached, self.target_students, self.elapsed_share)
                short.append(f"{format_number(missing)} {'leerling' if missing == 1 else 'leerlingen'}")
            return f"{word}: {' en '.join(short)} onder het tempo"
        if word == STATUS_NO_TARGET:
            return f"{word}: voor dit schooljaar is geen doel vastgelegd"
        return word

    @property
    def _pace_sessions(self) -> str:
        return format_number(self.pace_target, 0 if float(round(self.pace_target, 1)).is_integer() else 1)


def school_standing(row, elapsed_share: float) -> Standing:
    """The standing of one school from its coverage row."""
    return Standing(
        delivered=int(row.uitgevoerd),
        planned=int(row.gepland),
        target=int(row.doel),
        reached=min(int(row.bereikt), int(row.leerlingen)),
        target_students=min(int(row.doel_leerlingen), int(row.leerlingen)),
        enrolment=int(row.leerlingen),
        elapsed_share=elapsed_share,
        in_programme=bool(row.in_programma),
    )


def programme_rows(coverage: pd.DataFrame) -> pd.DataFrame:
    """The schools of a coverage table the programme is judged on: in the programme, or with a target."""
    return coverage[coverage["in_programma"] | (coverage["doel"] > 0)].reset_index(drop=True)


def programme_standing(coverage: pd.DataFrame, elapsed_share: float) -> Standing:
    """The programme as a whole: its schools in a coverage table added up, judged by the same rule as one school.

    Its schools are those in the programme or with a target, so its reach is over their enrolment only.
    """
    schools = [school_standing(row, elapsed_share) for row in programme_rows(coverage).itertuples(index=False)]
    return Standing(
        delivered=sum(school.delivered for school in schools),
        planned=sum(school.planned for school in schools),
        target=sum(school.target for school in schools),
        reached=sum(school.reached for school in schools),
        target_students=sum(school.target_students for school in schools),
        enrolment=sum(school.enrolment for school in schools),
        elapsed_share=elapsed_share,
    )


# ---------------------------------------------------------------- the Scholen page


def school_years(session: Session, today: date) -> list[str]:
    """School years with sessions or targets, and the current one, newest first."""
    years = set(session.scalars(select(SchoolSession.school_year).distinct()))
    years |= set(session.scalars(select(SchoolTarget.school_year).distinct()))
    years.add(school_year_of(today))
    return sorted(years, reverse=True)


def _joined(values) -> str:
    return ", ".join(str(value) for value in sorted(set(values)))


def coverage(
    session: Session,
    school_year: str,
    today: date,
    school_type: SchoolType | None = None,
    vios_only: bool = False,
    until: date | None = None,
) -> pd.DataFrame:
    """Per school: sessions against target, students and reach, dosage, what ran, when, and a status.

    With ``until``, only sessions delivered up to that day count as delivered: the school year as it stood then.

    Reach is students reached / enrolment, capped at 100 %: the register counts
    attendances, and one student can attend several sessions, so the raw
    ratio (kept as ``bereik_ongecapt``) can pass 100 %.
    """
    schools = select(School).order_by(School.name)
    if school_type is not None:
        schools = schools.where(School.school_type == school_type)
    if vios_only:
        schools = schools.where(School.vios_member)
    school_rows = session.scalars(schools).all()
    in_year = SchoolSession.school_year == school_year
    delivered_by = [] if until is None else [SchoolSession.session_date <= until]
    later = SchoolSession.session_date > (until or date.max)

    # A session delivered after ``until`` was still planned on that day.
    counts: dict[tuple[int, str], tuple[int, int]] = {}
    for school_id, status_value, is_later, number, students in session.execute(
        select(
            SchoolSession.school_id,
            SchoolSession.status,
            later,
            func.count(),
            func.sum(SchoolSession.students_reached),
        )
        .where(in_year)
        .group_by(SchoolSession.school_id, SchoolSession.status, later)
    ):
        if is_later and status_value == SessionStatus.UITGEVOERD:
            status_value, students = SessionStatus.GEPLAND, 0
        before_number, before_students = counts.get((school_id, status_value), (0, 0))
        counts[(school_id, status_value)] = (before_number + int(number), before_students + int(students or 0))
    targets = {
        school_id: (int(sessions), int(students))
        for school_id, sessions, students in session.execute(
            select(SchoolTarget.school_id, SchoolTarget.planned_sessions, SchoolTarget.planned_students).where(
                SchoolTarget.school_year == school_year
            )
        )
    }
    delivered_only = and_(in_year, SchoolSession.status == SessionStatus.UITGEVOERD, *delivered_by)
    year_groups = _grouped(session, SchoolSession.year_group, delivered_only)
    programmes = _grouped(
        session, Programme.name, delivered_only, join=(Programme, Programme.id == SchoolSession.programme_id)
    )
    themes = _grouped(session, SchoolSession.theme, delivered_only)
    last = dict(
        session.execute(
            select(SchoolSession.school_id, func.max(SchoolSession.session_date))
            .where(delivered_only, SchoolSession.session_date <= today)
            .group_by(SchoolSession.school_id)
        ).all()
    )
    upcoming = dict(
        session.execute(
            select(SchoolSession.school_id, func.min(SchoolSession.session_date))
            .where(in_year, SchoolSession.status == SessionStatus.GEPLAND, SchoolSession.session_date >= today)
            .group_by(SchoolSession.school_id)
        ).all()
    )
    share = elapsed_share(school_year, today)
    rows = []
    for school in school_rows:
        delivered, students = counts.get((school.id, SessionStatus.UITGEVOERD), (0, 0))
        planned = counts.get((school.id, SessionStatus.GEPLAND), (0, 0))[0]
        cancelled = counts.get((school.id, SessionStatus.GEANNULEERD), (0, 0))[0]
        target_sessions, target_students = targets.get(school.id, (0, 0))
        groups = year_groups.get(school.id, [])
        raw_reach = students / school.students_enrolled if school.students_enrolled else 0.0
        rows.append(
            {
                "school": school.name,
                "school_id": school.id,
                "type": str(school.school_type),
                "vios": school.vios_member,
                "in_programma": school.in_programme,
                "leerlingen": school.students_enrolled,
                "uitgevoerd": delivered,
                "gepland": planned,
                "geannuleerd": cancelled,
                "doel": target_sessions,
                "tempo_doel": round(pace.pace_target(target_sessions, share), 1),
                "bereikt": students,
                "doel_leerlingen": target_students,
                "bereik": min(1.0, raw_reach),
                "bereik_ongecapt": raw_reach,
                "doel_bereik": min(1.0, target_students / school.students_enrolled)
                if school.students_enrolled
                else 0.0,
                "tempo_bereik": pace.pace_target(min(1.0, target_students / school.students_enrolled), share)
                if school.students_enrolled
                else 0.0,
                "leerjaren": _joined(groups),
                "dosering": delivered / len(set(groups)) if groups else 0.0,
                "programmas": _joined(programmes.get(school.id, [])),
                "themas": _joined(themes.get(school.id, [])),
                "laatste": last.get(school.id),
                "volgende": upcoming.get(school.id),
            }
        )
    frame = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    frame["status"] = [school_standing(row, share).status for row in frame.itertuples(index=False)]
    return frame


COVERAGE_COLUMNS = [
    "school", "school_id", "type", "vios", "in_programma", "leerlingen", "uitgevoerd", "gepland", "geannuleerd",
    "doel", "tempo_doel", "bereikt", "doel_leerlingen", "bereik", "bereik_ongecapt", "doel_bereik", "tempo_bereik",
    "leerjaren", "dosering", "programmas", "themas", "laatste", "volgende", "status",
]  # fmt: skip


def _grouped(session: Session, column, condition, join=None) -> dict[int, list]:
    """Distinct values of a column per school, from a GROUP BY."""
    statement = select(SchoolSession.school_id, column)
    if join is not None:
        statement = statement.join(*join)
    rows = session.execute(statement.where(condition).group_by(SchoolSession.school_id, column)).all()
    grouped: dict[int, list] = {}
    for school_id, value in rows:
        grouped.setdefault(school_id, []).append(value)
    return grouped


def mix(session: Session, school_year: str, column: str) -> pd.DataFrame:
    """Delivered sessions per school and programme (``column='programma'``) or theme (``'thema'``)."""
    statement = select(School.name, Programme.name if column == "programma" else SchoolSession.theme, func.count())
    value = Programme.name if column == "programma" else SchoolSession.theme
    rows = session.execute(
        statement.select_from(SchoolSession)
        .join(School, School.id == SchoolSession.school_id)
        .join(Programme, Programme.id == SchoolSession.programme_id)
        .where(SchoolSession.school_year == school_year, SchoolSession.status == SessionStatus.UITGEVOERD)
        .group_by(School.name, value)
    ).all()
    return pd.DataFrame(rows, columns=["school", column, "sessies"])


def cumulative(session: Session, school_year: str, today: date, school_ids: list[int] | None = None) -> pd.DataFrame:
    """Delivered sessions accumulated per day through the school year, with the target's even pace.

    ``school_ids`` limits both to the schools of the current selection.
    """
    sessions = select(SchoolSession.session_date, func.count()).where(
        SchoolSession.school_year == school_year, SchoolSession.status == SessionStatus.UITGEVOERD
    )
    targets = select(func.coalesce(func.sum(SchoolTarget.planned_sessions), 0)).where(
        SchoolTarget.school_year == school_year
    )
    if school_ids is not None:
        sessions = sessions.where(SchoolSession.school_id.in_(school_ids))
        targets = targets.where(SchoolTarget.school_id.in_(school_ids))
    rows = session.execute(sessions.group_by(SchoolSession.session_date).order_by(SchoolSession.session_date)).all()
    target = session.scalar(targets)
    start, end = school_year_start(school_year), school_year_end(school_year)
    days = pd.date_range(start, min(end, max(today, start)), freq="D").date
    per_day = dict(rows)
    running, values = 0, []
    for day in days:
        running += int(per_day.get(day, 0))
        values.append(running)
    length = (end - start).days + 1
    return pd.DataFrame(
        {
            "datum": days,
            "uitgevoerd": values,
            "tempo_doel": [target * ((day - start).days + 1) / length for day in days],
        }
    )


def by_year(session: Session, school_names: list[str] | None = None) -> pd.DataFrame:
    """Delivered sessions, targets and students per school and school year, for comparing years."""
    delivered = (
        select(
            SchoolSession.school_id,
            SchoolSession.school_year,
            func.count().label("uitgevoerd"),
            func.sum(SchoolSession.students_reached).label("bereikt"),
        )
        .where(SchoolSession.status == SessionStatus.UITGEVOERD)
        .group_by(SchoolSession.school_id, SchoolSession.school_year)
    ).subquery()
    rows = session.execute(
        select(
            School.name,
            SchoolTarget.school_year,
            SchoolTarget.planned_sessions,
            func.coalesce(delivered.c.uitgevoerd, 0),
            func.coalesce(delivered.c.bereikt, 0),
            School.students_enrolled,
        )
        .join(School, School.id == SchoolTarget.school_id)
        .outerjoin(
            delivered,
            and_(delivered.c.school_id == SchoolTarget.school_id, delivered.c.school_year == SchoolTarget.school_year),
        )
        .order_by(School.name, SchoolTarget.school_year)
    ).all()
    frame = pd.DataFrame(rows, columns=["school", "schooljaar", "doel", "uitgevoerd", "bereikt", "leerlingen"])
    frame["bereik"] = (frame["bereikt"] / frame["leerlingen"]).clip(upper=1.0).where(frame["leerlingen"] > 0, 0.0)
    if school_names is not None:
        frame = frame[frame["school"].isin(school_names)]
    return frame.reset_index(drop=True)


def sessions_of(session: Session, school_name: str) -> pd.DataFrame:
    """All sessions of one school, newest first."""
    rows = session.execute(
        select(
            SchoolSession.session_date,
            SchoolSession.school_year,
            Programme.name,
            SchoolSession.year_group,
            SchoolSession.classes,
            SchoolSession.students_reached,
            SchoolSession.theme,
            SchoolSession.partner,
            SchoolSession.status,
        )
        .join(School, School.id == SchoolSession.school_id)
        .join(Programme, Programme.id == SchoolSession.programme_id)
        .where(School.name == school_name)
        .order_by(SchoolSession.session_date.desc())
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=["datum", "schooljaar", "programma", "leerjaar", "klas", "leerlingen", "thema", "partner", "status"],
    )
    frame["status"] = frame["status"].map(str)
    return frame


def survey_of(session: Session, school_name: str) -> pd.DataFrame:
    """Before/after survey results of one school, one row per programme, year and measure."""
    rows = session.execute(
        select(
            SurveyResult.school_year,
            Programme.name,
            SurveyResult.measure,
            SurveyResult.phase,
            SurveyResult.n,
            SurveyResult.mean,
        )
        .join(School, School.id == SurveyResult.school_id)
        .join(Programme, Programme.id == SurveyResult.programme_id)
        .where(School.name == school_name)
    ).all()
    frame = pd.DataFrame(rows, columns=["schooljaar", "programma", "meting", "fase", "n", "gemiddelde"])
    if frame.empty:
        return pd.DataFrame(columns=["schooljaar", "programma", "meting", "n_voor", "voor", "n_na", "na", "verschil"])
    frame["fase"] = frame["fase"].map(str)
    wide = frame.pivot_table(
        index=["schooljaar", "programma", "meting"], columns="fase", values=["n", "gemiddelde"], aggfunc="first"
    )
    wide = wide.reindex(columns=pd.MultiIndex.from_product([["n", "gemiddelde"], ["voor", "na"]]))
    result = pd.DataFrame(
        {
            "n_voor": wide[("n", "voor")].astype("Int64"),
            "voor": wide[("gemiddelde", "voor")],
            "n_na": wide[("n", "na")].astype("Int64"),
            "na": wide[("gemiddelde", "na")],
        }
    ).reset_index()
    result["verschil"] = (result["na"] - result["voor"]).round(2)
    return result.sort_values(["schooljaar", "programma", "meting"], ascending=[False, True, True], ignore_index=True)
