"""Reference data: the files of data/, stored by `blacklist init` and read back by every process."""

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from blacklist.errors import NotReady
from blacklist.infra.models import ReferenceData
from blacklist.registry.identifiers import fold


def read_files(data_dir: Path) -> dict[str, dict]:
    """Every JSON file of data/, by file stem."""
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(data_dir.glob("*.json"))}


def store(session, bodies: dict[str, dict], now: dt.datetime) -> None:
    """Replace the stored reference data with the given files."""
    for name, body in bodies.items():
        row = session.get(ReferenceData, name) or ReferenceData(name=name, body=body, loaded_at=now)
        row.body, row.loaded_at = body, now
        session.add(row)


def load(session) -> "Reference":
    """The reference data as `blacklist init` stored it; NotReady where there is none yet."""
    try:
        rows = session.exec(select(ReferenceData)).all()
    except SQLAlchemyError as exc:
        raise NotReady(f"reference data unreadable ({type(exc).__name__}): "
                       "is the database up, and has `blacklist init` run?") from exc
    return Reference.from_bodies({row.name: row.body for row in rows})


def _by_code(items: list[dict]) -> dict[str, dict]:
    return {item["code"]: item for item in items}


@dataclass(frozen=True)
class Reference:
    domains: dict[str, dict]
    categories: dict[str, dict]
    measures: dict[str, dict]
    orgs: dict[str, dict]
    rules: dict
    calendar: dict
    catalogue: dict = field(default_factory=dict)
    matching: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)

    @classmethod
    def from_bodies(cls, bodies: dict[str, dict]) -> "Reference":
        """Refuse to start on an instance whose data/ was never loaded."""
        missing = {"domains", "categories", "measures", "orgs", "rules"} - set(bodies)
        if missing:
            raise NotReady(f"reference data not loaded ({', '.join(sorted(missing))}): "
                              "run `blacklist init`")
        return cls(
            domains=_by_code(bodies["domains"]["domains"]),
            categories=_by_code(bodies["categories"]["categories"]),
            measures=_by_code(bodies["measures"]["measures"]),
            orgs=_by_code(bodies["orgs"]["orgs"]),
            rules=bodies["rules"],
            calendar=bodies.get("calendar", {}),
            catalogue=bodies.get("catalogue", {}),
            matching=bodies.get("matching", {}),
            regions=bodies.get("regions", {}),
        )

    @cached_property
    def uscc_allowed(self) -> frozenset[str]:
        """Registered codes whose check character is wrong, let through by an audited override
        of data/rules.json (DOMAIN.md §1), canonical like every identifier."""
        return frozenset(fold(code) for code in self.rules.get("uscc_allowed", []))

    @property
    def measure_domains(self) -> dict[str, str]:
        return {code: m["domain"] for code, m in self.measures.items()}

    def source(self, org: str) -> dict:
        """The 数据来源单位 of an org: code, name and USCC."""
        o = self.orgs[org]
        return {"org": o["code"], "name": o["name"], "uscc": o["uscc"]}

    def listing_rule(self, category: str) -> dict:
        return self.rules["listing_categories"][category]

    def penalty_rule(self, severity: str) -> dict:
        return self.rules["penalty_severities"][severity]
