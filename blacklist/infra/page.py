"""A page of a list, as every listing endpoint answers it: items, total, page, per_page."""

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import func
from sqlmodel import select

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int


def fetch_page(session, query, page: int, per_page: int) -> tuple[int, list]:
    """The total the query matches, and the rows of one page of it (pages count from 1)."""
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.offset((page - 1) * per_page).limit(per_page)).all()
    return total, list(rows)
