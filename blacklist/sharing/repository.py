"""The sharing area's queries: `uow.feeds`, the platforms and the changes they rejected."""

from sqlalchemy import false
from sqlmodel import delete, select

from blacklist.errors import NotFound
from blacklist.sharing.models import Feed, ParkedChange
from blacklist.trail.models import Change


class FeedRepository:
    """`uow.feeds`."""

    def __init__(self, uow):
        self.session = uow.session

    def get(self, name: str) -> Feed:
        """The feed of that name (404 if none)."""
        feed = self.session.get(Feed, name)
        if feed is None:
            raise NotFound(f"no feed {name!r}")
        return feed

    def find(self, name: str) -> Feed | None:
        """The feed of that name, or None."""
        return self.session.get(Feed, name)

    def save(self, feed: Feed) -> None:
        """Keep a new or changed feed."""
        self.session.add(feed)

    def all(self) -> list[Feed]:
        """Every feed, by name."""
        return list(self.session.exec(select(Feed).order_by(Feed.name)))

    def running(self) -> list[str]:
        """The names of the feeds that are not stopped, by name."""
        return list(self.session.exec(select(Feed.name).where(Feed.stopped == false())
                                      .order_by(Feed.name)))

    def parked(self, name: str) -> list[ParkedChange]:
        """A feed's parked changes, oldest first."""
        return list(self.session.exec(select(ParkedChange).where(ParkedChange.feed_name == name)
                                      .order_by(ParkedChange.seq)))

    def parked_with_changes(self, name: str) -> list[tuple[ParkedChange, Change]]:
        """A feed's parked changes with the change each holds, oldest first."""
        return list(self.session.exec(
            select(ParkedChange, Change).join(Change, Change.seq == ParkedChange.seq)
            .where(ParkedChange.feed_name == name).order_by(ParkedChange.seq)))

    def park(self, parked: ParkedChange) -> None:
        """Keep a rejected change with the platform's answer, until it is replayed."""
        self.session.add(parked)

    def get_parked(self, parked_id: int) -> ParkedChange | None:
        """One parked change, or None when it was delivered meanwhile."""
        return self.session.get(ParkedChange, parked_id)

    def unpark(self, parked_ids: list[int]) -> None:
        """Delivered parked changes leave the list."""
        self.session.exec(delete(ParkedChange).where(ParkedChange.id.in_(parked_ids)))
