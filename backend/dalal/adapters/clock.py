from __future__ import annotations

from datetime import UTC, datetime

from dalal.domain.clock import Clock


class SystemClock:
    """Wall-clock time, UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """The market's clock under a replay: it reads the instant the replay has reached.

    Only the replay driver moves it (or, on an API node, the replayed quotes it receives), and
    only forward. Until the replay starts it reads ``wall``.
    """

    def __init__(self, wall: Clock | None = None) -> None:
        self._wall = wall or SystemClock()
        self._at: datetime | None = None

    def now(self) -> datetime:
        return self._at if self._at is not None else self._wall.now()

    @property
    def started(self) -> bool:
        return self._at is not None

    def advance_to(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError(f"a timezone-aware instant is required, not {at!r}")
        if self._at is None or at > self._at:
            self._at = at.astimezone(UTC)
