"""The watching area's queries: `uow.watches`."""

import datetime as dt

from sqlalchemy import delete, func, update
from sqlmodel import select

from blacklist.errors import NotFound
from blacklist.infra.page import fetch_page
from blacklist.infra.principal import Principal
from blacklist.watching.models import Watch, WatchAlert, WatchCursor, WatchKey

CURSOR = "rescreen"


class WatchRepository:
    """`uow.watches`: watches, their alerts, and the re-screening's cursor."""

    def __init__(self, uow):
        self.session = uow.session

    def add(self, row) -> None:
        """Keep a watch or an alert."""
        self.session.add(row)

    def get(self, watch_id: str, *, for_org: Principal | None, lock: bool = False) -> Watch:
        """A watch of the actor's org (admin, or the system: any); another org's is a 404."""
        query = select(Watch).where(Watch.id == watch_id)
        row = self.session.exec(query.with_for_update() if lock else query).first()
        if row is None or not (for_org is None or for_org.is_admin or row.org == for_org.org):
            raise NotFound(f"no watch {watch_id}")
        return row

    def page(self, actor: Principal, status: str | None, page: int,
             per_page: int) -> tuple[int, list[Watch]]:
        """The actor's org's watches (admin: all), newest first: (total, rows)."""
        query = select(Watch)
        if not actor.is_admin:
            query = query.where(Watch.org == actor.org)
        if status:
            query = query.where(Watch.status == status)
        return fetch_page(self.session, query.order_by(Watch.ordinal.desc()), page, per_page)

    def alerts_of(self, watch_id: str) -> list[WatchAlert]:
        """A watch's alerts in the order they were recorded."""
        return list(self.session.exec(select(WatchAlert).where(WatchAlert.watch_id == watch_id)
                                      .order_by(WatchAlert.ordinal)))

    def open_after(self, ordinal: int) -> list[Watch]:
        """Open watches made after the ordinal, oldest first."""
        return list(self.session.exec(
            select(Watch).where(Watch.ordinal > ordinal, Watch.status == "open")
            .order_by(Watch.ordinal)))

    def add_watch(self, watch: Watch, names: str, keys: bytes, version: str) -> None:
        """Keep a new watch and its parties' reverse-index keys."""
        self.session.add(watch)
        self.session.flush()   # its ordinal
        self.session.add(WatchKey(ordinal=watch.ordinal, watch_id=watch.id, names=names,
                                  packed=keys, version=version,
                                  matching=any(p["matches"] for p in watch.state)))

    def drop_keys(self, ordinals: list[int]) -> None:
        """Closed watches are not indexed any more."""
        if ordinals:
            self.session.execute(delete(WatchKey).where(WatchKey.ordinal.in_(ordinals)))

    def set_matching(self, ordinal: int, matching: bool) -> None:
        self.session.execute(update(WatchKey).where(WatchKey.ordinal == ordinal)
                             .values(matching=matching))

    def keys_up_to(self, ordinal: int, page: int = 2000):
        """Open watches' keys up to the ordinal, in pages of (ordinal, watch_id, names, packed,
        version, matching) rows: Core rows of the narrow table, keyset pages."""
        after, connection, table = 0, self.session.connection(), WatchKey.__table__.c
        while True:
            rows = connection.execute(
                select(table.ordinal, table.watch_id, table.names, table.packed, table.version,
                       table.matching)
                .where(table.ordinal > after, table.ordinal <= ordinal)
                .order_by(table.ordinal).limit(page)).all()
            if not rows:
                return
            yield rows
            after = rows[-1].ordinal

    def keys_of(self, ordinals: list[int]) -> dict[int, WatchKey]:
        """The keys rows of these watches, by ordinal."""
        if not ordinals:
            return {}
        return {row.ordinal: row for row in self.session.exec(
            select(WatchKey).where(WatchKey.ordinal.in_(ordinals)))}

    def unkeyed_up_to(self, ordinal: int) -> list[int]:
        """Open watches up to the ordinal without keys (made before migration 0006); none
        (without a scan of the watches) when every open watch has them."""
        watches = self.session.exec(select(func.count()).where(
            Watch.status == "open", Watch.ordinal <= ordinal)).one()
        keyed = self.session.exec(select(func.count()).where(WatchKey.ordinal <= ordinal)).one()
        if watches == keyed:
            return []
        has_keys = select(WatchKey.ordinal).where(WatchKey.ordinal == Watch.ordinal).exists()
        return list(self.session.exec(select(Watch.ordinal).where(
            Watch.status == "open", Watch.ordinal <= ordinal, ~has_keys)))

    def probes_of(self, ordinals: list[int]) -> dict[int, tuple[str, list]]:
        """(id, canonical parties) of these watches, by ordinal."""
        return {o: (i, p) for o, i, p in self._columns_of((Watch.id, Watch.probes), ordinals)}

    def states_of(self, ordinals: list[int]) -> dict[int, list]:
        """The parties' states of these watches, by ordinal."""
        return dict(self._columns_of((Watch.state,), ordinals))

    def _columns_of(self, columns, ordinals: list[int]) -> list:
        if not ordinals:
            return []
        return list(self.session.exec(select(Watch.ordinal, *columns)
                                      .where(Watch.ordinal.in_(ordinals))))

    def store_keys(self, made: dict[int, tuple[str, str, bytes, bool]], version: str) -> None:
        """Keep the reverse-index keys made again for these watches: (id, names, packed,
        matching) by ordinal; replacing those of another version."""
        if made:
            self.drop_keys(list(made))
            self.session.add_all(WatchKey(ordinal=ordinal, watch_id=watch_id, names=names,
                                          packed=packed, version=version, matching=matching)
                                 for ordinal, (watch_id, names, packed, matching) in made.items())

    def last_ordinal(self) -> int:
        """The newest watch's ordinal (0 when there is none)."""
        return self.session.exec(select(func.coalesce(func.max(Watch.ordinal), 0))).one()

    def lagging(self, after: int, up_to: int, seq: int) -> list[tuple[str, int]]:
        """(id, first seq) of open watches in (after, up_to] whose state predates seq."""
        return list(self.session.exec(
            select(Watch.id, Watch.first_seq).where(
                Watch.ordinal > after, Watch.ordinal <= up_to, Watch.status == "open",
                Watch.first_seq < seq)))

    def many(self, watch_ids: list[str]) -> list[Watch]:
        """These watches, locked for the re-screening's update where the database can."""
        if not watch_ids:
            return []
        query = select(Watch).where(Watch.id.in_(watch_ids)).with_for_update()
        return list(self.session.exec(query))

    def due_to_close(self, today: dt.date) -> list[Watch]:
        """Open watches whose `until` has passed."""
        return list(self.session.exec(
            select(Watch).where(Watch.status == "open", Watch.until < today)))

    def cursor_row(self) -> WatchCursor | None:
        """The re-screening's place in the change log, if it has one yet."""
        return self.session.get(WatchCursor, CURSOR)

    def cursor(self) -> WatchCursor:
        """The re-screening's place in the change log (made at 0 on first use)."""
        row = self.session.get(WatchCursor, CURSOR)
        if row is None:
            row = WatchCursor(name=CURSOR, seq=0)
            self.session.add(row)
        return row

    def alerts_due(self, now: dt.datetime, limit: int) -> list[WatchAlert]:
        """Alerts to send, oldest first, each watch's in the order they were recorded."""
        return list(self.session.exec(
            select(WatchAlert).where(WatchAlert.delivery == "pending")
            .order_by(WatchAlert.ordinal).limit(limit)))

    def alert(self, alert_id: str, lock: bool = False) -> WatchAlert:
        query = select(WatchAlert).where(WatchAlert.id == alert_id)
        return self.session.exec(query.with_for_update() if lock else query).one()

    def delivery_counts(self) -> dict[str, int]:
        """How many alerts are in each delivery state (for /metrics)."""
        rows = self.session.exec(select(WatchAlert.delivery, func.count())
                                 .group_by(WatchAlert.delivery))
        return {delivery: count for delivery, count in rows.all()}
