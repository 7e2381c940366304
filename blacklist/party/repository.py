"""The party's queries: `uow.repair_applications` and `uow.objections`."""

import datetime as dt

from sqlmodel import select

from blacklist.errors import NotFound
from blacklist.infra.page import Page, fetch_page
from blacklist.infra.principal import Principal
from blacklist.party.models import Objection, RepairApplication


class _Requests:
    """What both share: a request belongs to the org that filed its listing."""

    model: type[RepairApplication] | type[Objection]
    noun: str

    def __init__(self, uow):
        self.session = uow.session

    def add(self, row) -> None:
        self.session.add(row)
        self.session.flush()

    def save(self, row) -> None:
        self.session.add(row)
        self.session.flush()

    def get(self, row_id: str, *, for_org: Principal | None, lock: bool = False):
        """The request of that id; 404 if unknown or another org's (unless admin)."""
        query = select(self.model).where(self.model.id == row_id)
        row = self.session.exec(query.with_for_update() if lock else query).first()
        if row is None or not (for_org is None or for_org.is_admin or row.org == for_org.org):
            raise NotFound(f"no {self.noun} {row_id}")
        return row

    def of_applicant(self, row_id: str, code: str):
        """The request, to its applicant only: anyone else is told it does not exist (404)."""
        row = self.session.get(self.model, row_id)
        if row is None or not row.is_applicant(code):
            raise NotFound(f"no {self.noun} {row_id}")
        return row

    def open_of(self, listing_id: str, code: str | None = None) -> list:
        """The open requests on a listing (of one applicant, when code is given)."""
        query = select(self.model).where(self.model.listing_id == listing_id,
                                         self.model.status == self.model.OPEN)
        if code is not None:
            query = query.where(self.model.applicant_code == code)
        return list(self.session.exec(query))

    def search(self, actor: Principal, *, status=None, page=1, per_page=20) -> Page:
        """The actor's org's requests (admin: all), newest first."""
        query = select(self.model)
        if not actor.is_admin:
            query = query.where(self.model.org == actor.org)
        if status:
            query = query.where(self.model.status == status)
        query = query.order_by(self.model.received_at.desc(), self.model.id)
        total, rows = fetch_page(self.session, query, page, per_page)
        return Page(rows, total, page, per_page)

    def received_between(self, start: dt.datetime, end: dt.datetime) -> list:
        """The requests received in [start, end), oldest first (the timeliness report)."""
        query = (select(self.model).where(self.model.received_at >= start,
                                          self.model.received_at < end)
                 .order_by(self.model.received_at))
        return list(self.session.exec(query))

    def open_due_by(self, day: dt.date) -> list:
        """Open requests whose deadline is on or before day (the deadlines job)."""
        due = getattr(self.model, self.model.DUE)
        query = (select(self.model).where(self.model.status == self.model.OPEN, due <= day)
                 .order_by(due))
        return list(self.session.exec(query))


class RepairApplicationRepository(_Requests):
    model, noun = RepairApplication, "repair application"


class ObjectionRepository(_Requests):
    model, noun = Objection, "objection"
