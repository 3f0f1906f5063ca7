"""Plan, spend and pace against the grant; all money in integer cents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from vsdata.models import BudgetLine, Expense, ExpenseStatus, FundingKind, Grant


def year_elapsed(year: int, today: date) -> float:
    """Share of a calendar year passed by the end of ``today`` (0 before it, 1 after it)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if today < start:
        return 0.0
    if today >= end:
        return 1.0
    return ((today - start).days + 1) / ((end - start).days + 1)


@dataclass(frozen=True)
class YearSpend:
    year: int
    grant_cents: int
    planned_cents: int
    paid_cents: int
    committed_cents: int
    linear_pace_cents: int
    """What an even spend of the grant through the year would have used by today."""

    @property
    def spent_cents(self) -> int:
        return self.paid_cents + self.committed_cents

    @property
    def used_share(self) -> float:
        return self.spent_cents / self.grant_cents if self.grant_cents else 0.0


def grant_for(session: Session, year: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Grant.amount_cents), 0)).where(
                Grant.year == year, Grant.kind == FundingKind.SUBSIDIE
            )
        )
        or 0
    )


def year_spend(session: Session, year: int, today: date) -> YearSpend:
    """The grant, the plan and the spend (paid and committed) of one year."""
    planned = session.scalar(
        select(func.coalesce(func.sum(BudgetLine.planned_cents), 0)).where(BudgetLine.year == year)
    )
    spend = dict(
        session.execute(
            select(Expense.status, func.sum(Expense.amount_cents))
            .join(BudgetLine, Expense.budget_line_id == BudgetLine.id)
            .where(BudgetLine.year == year)
            .group_by(Expense.status)
        ).all()
    )
    grant = grant_for(session, year)
    return YearSpend(
        year=year,
        grant_cents=grant,
        planned_cents=int(planned or 0),
        paid_cents=int(spend.get(ExpenseStatus.BETAALD, 0) or 0),
        committed_cents=int(spend.get(ExpenseStatus.VERPLICHT, 0) or 0),
        linear_pace_cents=round(grant * year_elapsed(year, today)),
    )


@dataclass(frozen=True)
class LineUse:
    topic: str
    action: str
    planned_cents: int
    spent_cents: int

    @property
    def used_share(self) -> float:
        return self.spent_cents / self.planned_cents if self.planned_cents else 0.0

    @property
    def label(self) -> str:
        """Topic and the head of the action, short enough for a sentence."""
        action = self.action.split(" en ", 1)[0]
        return f"{self.topic} – {action}" if action else self.topic


def line_use(session: Session, year: int) -> list[LineUse]:
    """Per budget line of the year: plan and spend (paid + committed), in plan order."""
    spent = (
        select(Expense.budget_line_id, func.sum(Expense.amount_cents).label("spent"))
        .group_by(Expense.budget_line_id)
        .subquery()
    )
    rows = session.execute(
        select(BudgetLine.topic, BudgetLine.action, BudgetLine.planned_cents, func.coalesce(spent.c.spent, 0))
        .outerjoin(spent, spent.c.budget_line_id == BudgetLine.id)
        .where(BudgetLine.year == year)
        .order_by(BudgetLine.position)
    ).all()
    return [LineUse(topic, action, int(planned), int(used)) for topic, action, planned, used in rows]
