"""What the registry's use cases return: a listing or a penalty with its party and its source."""

import datetime as dt
from dataclasses import dataclass

from blacklist.registry.models import Entity, Listing, Penalty


@dataclass(frozen=True)
class Actor:
    """Who acted: the org of the token and the person or system it names."""

    org: str
    sub: str


@dataclass(frozen=True)
class Action:
    """One step of a listing's history: who did what, and which fields it changed."""

    at: dt.datetime
    actor: Actor
    action: str
    changes: dict[str, list]


@dataclass(frozen=True)
class ListingRecord:
    """A listing, its party (行政相对人) and its 数据来源单位 (`{"org", "name", "uscc"}`);
    with its history when it was read back one by one."""

    listing: Listing
    entity: Entity
    source: dict
    history: tuple[Action, ...] = ()


@dataclass(frozen=True)
class PenaltyRecord:
    """A penalty, its party and its 处罚机关 (the filing org, also its source)."""

    penalty: Penalty
    entity: Entity
    source: dict
