"""The party's records: repair applications (信用修复申请) and objections (异议), with the rules
of their lifecycle as methods. Each belongs to the org that filed the listing (谁认定、谁修复)."""

import datetime as dt
from typing import ClassVar

from sqlalchemy import JSON, Text
from sqlmodel import Field, SQLModel

from blacklist.errors import InvalidInput, InvalidTransition
from blacklist.infra.columns import json_column

APPLICATION_STATUSES = ("received", "approved", "rejected")
OBJECTION_STATUSES = ("open", "upheld", "dismissed")
GROUNDS = ("wrong_content", "wrong_party", "duplicate", "past_period", "not_disclosable",
           "other")
ACTIONS = ("correct", "revoke")


class _PartyRequest(SQLModel):
    """What an application and an objection share: the listing, the applicant (identified by
    the listed party's canonical identifier), the contact, and the working-day deadline."""

    id: str = Field(primary_key=True, max_length=36)
    listing_id: str = Field(foreign_key="listing.id", index=True, max_length=36)
    org: str = Field(max_length=64, index=True)
    applicant_name: str = Field(max_length=200)
    applicant_code: str = Field(max_length=18, index=True)
    # sa_type, not sa_column: each table of the two makes its own column from it.
    contact: dict = Field(sa_type=JSON, nullable=False)
    statement: str = Field(sa_type=Text, nullable=False)
    status: str = Field(max_length=16, index=True)
    received_at: dt.datetime
    provisional: bool = False
    decided_at: dt.datetime | None = None
    decided_by: str | None = Field(default=None, max_length=200)
    reason: str | None = None
    on_time: bool | None = None

    def is_applicant(self, code: str) -> bool:
        """Only the listed party (by its identifier) may follow its request."""
        return code == self.applicant_code

    def _close(self, status: str, reason: str | None, by: str, today: dt.date,
               due: dt.date, now: dt.datetime) -> None:
        self.status, self.reason, self.decided_by, self.decided_at = status, reason, by, now
        self.on_time = today <= due


class RepairApplication(_PartyRequest, table=True):
    """A listed party's application for credit repair, with the public credit commitment."""

    __tablename__ = "repair_application"
    OPEN: ClassVar[str] = "received"
    DUE: ClassVar[str] = "decide_by"
    evidence: list = Field(default_factory=list, sa_column=json_column(nullable=False))
    decide_by: dt.date
    reply_by: dt.date
    decision_no: str | None = Field(default=None, max_length=100)

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN

    def decide(self, *, outcome: str, reason: str | None, decision_no: str | None, by: str,
               today: dt.date, now: dt.datetime) -> None:
        """received → approved (with a repair decision number) or rejected (with a reason);
        on time when decided by decide_by."""
        if not self.is_open:
            raise InvalidTransition(f"the application is already {self.status}")
        if outcome == "approved" and not (decision_no or "").strip():
            raise InvalidInput.field("decision_no", "an approval needs the repair decision number")
        if outcome == "rejected" and not (reason or "").strip():
            raise InvalidInput.field("reason", "a rejection needs a reason")
        self.decision_no = decision_no if outcome == "approved" else None
        self._close(outcome, reason, by, today, self.decide_by, now)


class Objection(_PartyRequest, table=True):
    """A party's objection (异议) to a published entry; the entry is flagged while it is open."""

    __tablename__ = "objection"
    OPEN: ClassVar[str] = "open"
    DUE: ClassVar[str] = "resolve_by"
    grounds: str = Field(max_length=32)
    resolve_by: dt.date
    action: str | None = Field(default=None, max_length=16)

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN

    def resolve(self, *, outcome: str, action: str | None, reason: str | None, by: str,
                today: dt.date, now: dt.datetime) -> None:
        """open → upheld (the entry corrected or revoked) or dismissed; on time by resolve_by."""
        if not self.is_open:
            raise InvalidTransition(f"the objection is already {self.status}")
        if outcome == "upheld" and action not in ACTIONS:
            raise InvalidInput.field("action", f"an upheld objection needs one of {ACTIONS}")
        if outcome == "dismissed" and action is not None:
            raise InvalidInput.field("action", "a dismissed objection changes nothing")
        if not (reason or "").strip():
            raise InvalidInput.field("reason", "a resolution needs a reason")
        self.action = action
        self._close(outcome, reason, by, today, self.resolve_by, now)
