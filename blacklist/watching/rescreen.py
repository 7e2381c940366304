"""Re-screening: each change of the log re-screens the watched parties it may touch, found
through the reverse index, and records an alert when a decision changes.

It runs in one process only, the scheduler's leader (jobs/tasks.py), never once per
server: the cursor into the change log moves in the same transaction as the alerts it
caused, under the leadership guard, and an alert is unique by (watch, party, seq), so
whatever the number of servers, each change alerts once. Each party's state keeps the
match of every listing it matches; a change of one listing replaces that listing's match
only (judged by the screening matcher on that listing alone), and the decision is the
strictest of the state's matches, as the live check decides it.
"""

import logging
import uuid
import weakref

from blacklist.infra.clock import rfc3339
from blacklist.screening.entries import apply_change, empty_index, json_value, matching_config
from blacklist.screening.index.decide import REASONS
from blacklist.screening.parties import receipt_party
from blacklist.trail import events
from blacklist.watching.models import Watch, WatchAlert
from blacklist.watching.reverse import WatchIndex

log = logging.getLogger("blacklist.watching")
BATCH = 500
STRICTNESS = {"clear": 0, "review": 1, "refuse": 2}
CONCLUSIVE = {REASONS[k] for k in ("uscc", "uscc_renamed", "id_number", "name", "former_name")}


def matching(state: list[dict]) -> bool:
    """Whether some party of the watch matches a listing now."""
    return any(party["matches"] for party in state)


def decision_of(matches) -> str:
    """Refuse on a restricting conclusive match; review on any other restricting one."""
    level = 0
    for match in matches:
        if match["restricts"]:
            level = max(level, 2 if match["reason"] in CONCLUSIVE else 1)
    return ("clear", "review", "refuse")[level]


class Rescreener:
    """The leader's reverse index of open watches and its place in the change log."""

    def __init__(self, runtime):
        self.runtime = runtime
        self.index: WatchIndex | None = None
        self.cursor = -1
        self.ordinal = 0

    def run(self, guard, limit: int | None = None) -> dict:
        """Apply every change past the cursor to the watches it touches; alerts recorded."""
        try:
            alerts = self._sync(guard) + self._take_new(guard)
            applied = 0
            while limit is None or applied < limit:
                done, count = self._batch(guard)
                applied, alerts = applied + done, alerts + count
                if not done:
                    break
            return {"changes": applied, "alerts": alerts, "cursor": self.cursor,
                    "watched_parties": len(self.index)}
        except Exception:
            self.index = None  # memory may be ahead of the database: load again next time
            raise

    def _sync(self, guard) -> int:
        """Load the open watches when first run, or when another leader moved the cursor;
        those made after the cursor's watermark are then caught up."""
        with self.runtime.uow(readonly=True) as uow:
            row = uow.watches.cursor_row()
            seq, mark = (row.seq, row.ordinal) if row else (0, 0)
            if self.index is not None and seq == self.cursor:
                return 0
            top = uow.watches.last_ordinal()
            index = WatchIndex(matching_config(self.runtime.reference,
                                               self.runtime.settings.paths.data))
            index.load(self._keyed(uow, index, top))
            lagging = uow.watches.lagging(mark, top, seq)
        self.index, self.cursor, self.ordinal = index, seq, top
        log.info("watches loaded", extra={"parties": len(index), "cursor": seq})
        return self._catch_up(dict(lagging), guard)

    def _keyed(self, uow, index: WatchIndex, top: int):
        """(id, names, packed keys, state) of every open watch up to `top`: as stored when
        it was made; those without keys, or of another version, made again and stored."""
        names, unkeyed = index.names, uow.watches.unkeyed_up_to(top)
        for at in range(0, len(unkeyed), 1000):
            yield from self._remade(uow, names, unkeyed[at:at + 1000])
        for page in uow.watches.keys_up_to(top):
            stale = {row.ordinal for row in page if row.version != names.version}
            yield from self._remade(uow, names, sorted(stale))
            states = uow.watches.states_of([row.ordinal for row in page
                                            if row.matching and row.ordinal not in stale])
            for row in page:
                if row.ordinal not in stale:
                    yield row.watch_id, row.names, row.packed, states.get(row.ordinal)

    def _remade(self, uow, names, ordinals: list[int]) -> list[tuple]:
        """Keys made again from these watches' parties, stored for the next leader."""
        probes, states = uow.watches.probes_of(ordinals), uow.watches.states_of(ordinals)
        made = {ordinal: (watch_id, *names.stored(parties), matching(states[ordinal]))
                for ordinal, (watch_id, parties) in probes.items()}
        if made:
            with self.runtime.uow() as writing:
                writing.watches.store_keys(made, names.version)
                writing.commit()
        return [(watch_id, reduced, packed, states[ordinal])
                for ordinal, (watch_id, reduced, packed, _) in made.items()]

    def _take_new(self, guard) -> int:
        """Watches made since: indexed, then caught up with the changes past their first seq."""
        with self.runtime.uow(readonly=True) as uow:
            new = uow.watches.open_after(self.ordinal)
            keys = uow.watches.keys_of([watch.ordinal for watch in new])
        if not new:
            return 0
        names = self.index.names
        for watch in new:
            row = keys.get(watch.ordinal)
            made = ((row.names, row.packed) if row is not None and row.version == names.version
                    else names.stored(watch.probes))
            self.index.add(watch.id, *made, watch.state)
        self.ordinal = max(watch.ordinal for watch in new)
        return self._catch_up({w.id: w.first_seq for w in new if w.first_seq < self.cursor},
                              guard)

    def _catch_up(self, first_seqs: dict[str, int], guard) -> int:
        """Apply the changes each of these watches' state has not seen, up to the cursor."""
        with self.runtime.uow() as uow:
            alerts = 0
            if first_seqs:
                start = min(first_seqs.values())
                # Seqs may have gaps, so at most cursor - start rows lie in (start, cursor].
                changes = [c for c in uow.changes.after(start, max(0, self.cursor - start))
                           if c.seq <= self.cursor]
                alerts = self._apply(uow, changes, only=set(first_seqs))
            self._write_cursor(uow, self.cursor)
            guard(uow)
            uow.commit()
        return alerts

    def _batch(self, guard) -> tuple[int, int]:
        with self.runtime.uow() as uow:
            changes = uow.changes.after(self.cursor, BATCH)
            if not changes:
                return 0, 0
            alerts = self._apply(uow, changes)
            self._write_cursor(uow, changes[-1].seq)
            guard(uow)
            uow.commit()
        self.cursor = changes[-1].seq
        return len(changes), alerts

    def _write_cursor(self, uow, seq: int) -> None:
        row = uow.watches.cursor()
        row.seq, row.ordinal = seq, self.ordinal

    def _apply(self, uow, changes, only: set[str] | None = None) -> int:
        alerts = 0
        for change in changes:
            stored = events.read(json_value(change.snapshot))
            listing_id = stored["listing"]["id"]
            touched: dict[str, list[tuple[int, int]]] = {}
            for ref in self.index.touched(listing_id, stored["entity"]):
                watch_id, place = self.index.owner(ref)
                if only is None or watch_id in only:
                    touched.setdefault(watch_id, []).append((ref, place))
            if touched:
                alerts += self._rescreen(uow, change, stored, listing_id, touched)
        return alerts

    def _rescreen(self, uow, change, stored: dict, listing_id: str, touched: dict) -> int:
        alone = empty_index(self.runtime)   # the changed listing alone, as it is now
        apply_change(alone, change.event, stored)
        today, alerts = uow.clock.today(), 0
        for watch in uow.watches.many(sorted(touched)):
            if watch.status != "open" or watch.until < today:
                self.index.close(watch.id)
                continue
            if change.seq <= watch.first_seq:
                continue  # its first screening saw this change already
            state = list(watch.state)
            for ref, place in touched[watch.id]:
                result = alone.screen_party(watch.probes[place], watch.domain, today)
                matches = dict(state[place]["matches"])
                matches.pop(listing_id, None)
                matches.update((m["listing_id"], m) for m in result["matches"])
                self.index.note_match(ref, listing_id, listing_id in matches)
                was, now = state[place]["decision"], decision_of(matches.values())
                state[place] = {"decision": now, "matches": matches}
                if was != now:
                    uow.watches.add(self._alert(uow, watch, place, change.seq, was, now, matches))
                    alerts += 1
            if matching(state) != matching(watch.state):
                uow.watches.set_matching(watch.ordinal, matching(state))
            watch.state = state
        return alerts

    def _alert(self, uow, watch: Watch, place: int, seq: int, was: str, now: str,
               matches: dict) -> WatchAlert:
        """An alert with a new signed receipt; only a stricter one is sent to a callback."""
        alert_id, at = str(uuid.uuid4()), uow.clock.now()
        ordered = sorted(matches.values(), key=lambda m: (not m["restricts"], -m["score"],
                                                           m["listing_id"]))
        keys = uow.keys
        receipt = keys.sign({
            "id": alert_id, "watch_id": watch.id, "project_code": watch.project_code,
            "domain": watch.domain, "checked_at": rfc3339(at), "as_of_seq": seq,
            "parties": [receipt_party(watch.probes[place], now, keys.fingerprint)]})
        stricter = STRICTNESS[now] > STRICTNESS[was]
        return WatchAlert(id=alert_id, watch_id=watch.id, seq=seq, party_index=place, at=at,
                          from_decision=was, to_decision=now, matches=ordered, receipt=receipt,
                          delivery="pending" if stricter and watch.callback_url else "none")


_held: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def rescreener(runtime) -> Rescreener:
    """The process's re-screener (one per runtime: its index lives as long as the process)."""
    if runtime not in _held:
        _held[runtime] = Rescreener(runtime)
    return _held[runtime]
