"""The registry's records: entities (行政相对人), listings (名单条目) and penalties (行政处罚),
with the rules of their lifecycle as methods."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Boolean, Column, Numeric, String, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from blacklist.errors import (
    InvalidInput,
    InvalidTransition,
    RepairTooEarly,
    StaleVersion,
    StatementPeriodOpen,
)
from blacklist.infra.columns import json_column
from blacklist.registry.names import search_key
from blacklist.registry.periods import check_publish_until

# Only a listed entry is public: screened against, shown, pushed.
PUBLIC_STATUSES = ("listed",)
STATUSES = ("pending", "listed", "expired", "repaired", "revoked")
STATEMENTS = ("waived", "reviewed", "none_received")
LOCAL = "local"


@dataclass(frozen=True)
class Person:
    """A natural person named on a record (a legal representative)."""

    name: str | None
    id_number: str | None = None


class Entity(SQLModel, table=True):
    """A party (行政相对人); one row per USCC or ID number."""

    __tablename__ = "entity"
    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=200)
    uscc: str | None = Field(default=None, max_length=18, unique=True)
    id_number: str | None = Field(default=None, max_length=18, unique=True)
    legal_rep_name: str | None = Field(default=None, max_length=100)
    legal_rep_id: str | None = Field(default=None, max_length=18, index=True)
    former_names: list = Field(default_factory=list, sa_column=json_column(nullable=False))
    # Normalised name and former names, "|"-joined: partial-name search in one LIKE.
    search_key: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def legal_representative(self) -> Person | None:
        """The legal representative (法定代表人), when the filings named one."""
        if not (self.legal_rep_name or self.legal_rep_id):
            return None
        return Person(self.legal_rep_name, self.legal_rep_id)

    def take_filing(self, name: str, former_names: list[str], legal_rep: dict, now) -> None:
        """A filing names the party as it is now: the old name becomes a former name."""
        renamed = [self.name] if self.name and self.name != name else []
        self.name, self.updated_at = name, now
        if legal_rep.get("name"):
            self.legal_rep_name, self.legal_rep_id = legal_rep["name"], legal_rep.get("id_number")
        added = [n for n in [*renamed, *former_names] if n != name]
        self.set_former_names([*self.former_names, *added])

    def set_former_names(self, names: list[str]) -> None:
        """Former names, each once, kept searchable with the name."""
        self.former_names = list(dict.fromkeys(names))
        self.search_key = search_key([self.name, *self.former_names])


class Listing(SQLModel, table=True):
    """An entry of the negative list (名单条目) and where it stands in its lifecycle."""

    __tablename__ = "listing"
    __table_args__ = (UniqueConstraint("entity_id", "domain", "decision_no"),)
    id: str = Field(primary_key=True, max_length=36)
    entity_id: str = Field(foreign_key="entity.id", max_length=36)
    org: str = Field(max_length=64, index=True)
    domain: str = Field(max_length=32)
    category: str = Field(max_length=32)
    decision_no: str = Field(max_length=100)
    decision_date: dt.date
    facts: str
    legal_basis: str
    measures: list = Field(sa_column=json_column(nullable=False))
    publish_until: dt.date
    statement_deadline: dt.date
    repairable_from: dt.date
    status: str = Field(max_length=16, index=True)
    statement: str | None = Field(default=None, max_length=16)
    statement_note: str | None = None
    published_at: dt.datetime | None = None
    removed_at: dt.datetime | None = None
    removal_reason: str | None = None
    repair_decision_no: str | None = Field(default=None, max_length=100)
    version: int = 1
    created_at: dt.datetime
    updated_at: dt.datetime
    # "local" for an entry filed here, else the source it came from (read-only here).
    origin: str = Field(default=LOCAL, sa_column=Column(
        String(64), nullable=False, server_default=LOCAL, index=True))
    authority: str | None = Field(default=None, max_length=200)
    authority_uscc: str | None = Field(default=None, max_length=18)

    @property
    def is_local(self) -> bool:
        """Whether the entry is the city's own (else a source's, read-only here)."""
        return self.origin == LOCAL
    # An objection (异议) is open: every view says 异议处理中 until it is resolved.
    under_objection: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, server_default=false()))

    @property
    def is_public(self) -> bool:
        """Whether the entry is on the list: screened against, shown, pushed."""
        return self.status in PUBLIC_STATUSES

    def publish(self, *, statement: str, note: str | None, today: dt.date,
                now: dt.datetime) -> None:
        """pending → listed, once the party's right to be heard is met."""
        self._require_status("pending")
        if statement == "none_received" and today <= self.statement_deadline:
            raise StatementPeriodOpen(
                f"the party may state its case until {self.statement_deadline}",
                statement_deadline=self.statement_deadline.isoformat())
        if statement == "reviewed" and not (note or "").strip():
            raise InvalidInput.field("note", "a reviewed statement needs a note")
        if self.publish_until < today:
            raise InvalidTransition(f"publish_until {self.publish_until} is already past")
        self.status, self.statement, self.statement_note = "listed", statement, note
        self.published_at = now
        self._moved(now)

    def revoke(self, *, reason: str, now: dt.datetime) -> None:
        """pending or listed → revoked: the decision was withdrawn or overturned."""
        self._require_status("pending", "listed")
        self._remove("revoked", reason, now)

    def repair(self, *, decision_no: str, reason: str, today: dt.date, now: dt.datetime) -> None:
        """listed → repaired (信用修复), only once the minimum period is over."""
        self._require_status("listed")
        if today < self.repairable_from:
            raise RepairTooEarly(f"repair is possible from {self.repairable_from}",
                                 repairable_from=self.repairable_from.isoformat())
        self.repair_decision_no = decision_no
        self._remove("repaired", reason, now)

    def expire(self, *, today: dt.date, now: dt.datetime) -> None:
        """listed → expired, from the day after publish_until."""
        self._require_status("listed")
        if today <= self.publish_until:
            raise InvalidTransition(f"listed through {self.publish_until}")
        self._remove("expired", "publication period ended", now)

    def correct(self, *, version: int, rule: dict, today: dt.date, now: dt.datetime,
                facts: str | None = None, legal_basis: str | None = None,
                measures: list[str] | None = None, publish_until: dt.date | None = None) -> None:
        """Correct a pending or listed entry; the version read must still be current."""
        if version != self.version:
            raise StaleVersion(f"version {version} is stale; the listing is at {self.version}",
                               current_version=self.version)
        self._require_status("pending", "listed")
        if publish_until is not None:
            self.publish_until = check_publish_until(rule, self.decision_date, publish_until,
                                                     today)
        self.facts = self.facts if facts is None else facts
        self.legal_basis = self.legal_basis if legal_basis is None else legal_basis
        self.measures = self.measures if measures is None else list(measures)
        self._moved(now)

    def flag_objection(self, *, flagged: bool, now: dt.datetime) -> None:
        """Whether an objection is open on the entry; only an entry on the list is objected to."""
        if flagged:
            self._require_status("listed")
        if self.under_objection != flagged:
            self.under_objection = flagged
            self._moved(now)

    def _require_status(self, *allowed: str) -> None:
        if self.status not in allowed:
            raise InvalidTransition(f"a {self.status} listing cannot do this "
                                    f"(needs {' or '.join(allowed)})")

    def _remove(self, status: str, reason: str, now: dt.datetime) -> None:
        self.status, self.removal_reason, self.removed_at = status, reason, now
        self._moved(now)

    def _moved(self, now: dt.datetime) -> None:
        self.version += 1
        self.updated_at = now


class Penalty(SQLModel, table=True):
    """An administrative penalty (行政处罚) disclosed under the 双公示 rules."""

    __tablename__ = "penalty"
    __table_args__ = (UniqueConstraint("entity_id", "domain", "decision_no"),)
    id: str = Field(primary_key=True, max_length=36)
    entity_id: str = Field(foreign_key="entity.id", index=True, max_length=36)
    org: str = Field(max_length=64, index=True)
    domain: str = Field(max_length=32)
    decision_no: str = Field(max_length=100)
    decision_date: dt.date
    violation_type: str
    facts: str
    legal_basis: str
    penalty_type: str
    content: str
    severity: str = Field(max_length=16)
    fine_amount: str | None = Field(default=None, sa_column=Column(Numeric(18, 2)))
    confiscated_amount: str | None = Field(default=None, sa_column=Column(Numeric(18, 2)))
    license: str | None = None
    publish_until: dt.date
    disclosure_deadline: dt.date
    provisional: bool = False
    published_at: dt.datetime | None = None
    late: bool = False
    created_at: dt.datetime

    @property
    def is_published(self) -> bool:
        """Whether the penalty is disclosed (a draft is not)."""
        return self.published_at is not None

    def publish(self, *, today: dt.date, now: dt.datetime) -> None:
        """Disclose the penalty; it is late when disclosed after its deadline."""
        if self.is_published:
            raise InvalidTransition("the penalty is already published")
        self.published_at = now
        self.late = today > self.disclosure_deadline
