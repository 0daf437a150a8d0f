"""A forward test's figures at each candle close: its day row, its progress, its updates.

Updates go to ``forward_tests:<user id>``: MTM, realized, unrealized, charges, trades and
status. MTM updates of one session go out at most every ``every`` seconds (the latest wins;
a held one goes out on a later step); status changes go out at once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from dalal.domain.instruments import Instrument
from dalal.domain.orders import Fill, Product
from dalal.services.forward_analytics import SessionFigures, day_row, session_figures, trading_day
from dalal.services.forward_ports import ForwardStatus, ForwardTest
from dalal.services.market import MarketDeps
from dalal.services.ports import Publisher, UnitOfWork


class Desk(Protocol):
    """What the writer needs from the order desk (``forward_orders.OrderDesk``)."""

    errors: list[str]


def forward_channel(user_id: uuid.UUID) -> str:
    return f"forward_tests:{user_id}"


def update_message(session: ForwardTest, figures: SessionFigures, at: datetime) -> dict[str, Any]:
    return {
        "id": str(session.id),
        "status": session.status.value,
        "mtm": str(figures.mtm),
        "realized": str(figures.realized),
        "unrealized": str(figures.unrealized),
        "charges": str(figures.charges),
        "trades": len(figures.trades),
        "at": at.isoformat(),
    }


async def load_figures(
    uow: UnitOfWork,
    market: MarketDeps,
    session: ForwardTest,
    instruments: Mapping[int, Instrument] | None = None,
) -> SessionFigures:
    """The session's figures now, from its fills and the latest quotes (inside ``uow``)."""
    found = await uow.risk.attributed_fills([session.account_id], [session.source])
    fills: Sequence[tuple[Fill, Product]] = [(f, p) for f, p, _ in found]
    tokens = {f.token for f, _ in fills}
    known = dict(instruments or {})
    missing = tokens - set(known)
    if missing:
        known.update(await uow.instruments.get_many(missing))
    marks = {t: q.ltp for t in tokens if (q := market.quotes.get(t)) is not None}
    return session_figures(fills, marks, known, market.margin)


class ProgressWriter:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        market: MarketDeps,
        publisher: Publisher | None,
        *,
        every: float,
    ) -> None:
        self._uow_factory, self._market, self._publisher = uow_factory, market, publisher
        self._every = every
        self._last: dict[uuid.UUID, float] = {}
        self._held: dict[uuid.UUID, tuple[str, dict[str, Any]]] = {}

    async def candle_closed(
        self, session: ForwardTest, instruments: Mapping[int, Instrument], desk: Desk
    ) -> ForwardTest | None:
        """Write the day row and the session's progress; None if the session is gone.

        The row is read under lock first: a session stopped meanwhile keeps its status."""
        now = self._market.now()
        async with self._uow_factory() as uow:
            current = await uow.forward_tests.get(session.id, lock=True)
            if current is None:
                return None
            figures = await load_figures(uow, self._market, current, instruments)
            day = trading_day(now)
            days = await uow.forward_tests.days([session.id])
            previous = next((d for d in reversed(days) if d.day < day), None)
            today = next((d for d in days if d.day == day), None)
            peak = max(current.peak_pnl, figures.mtm)
            row = day_row(session.id, figures, day=day, previous=previous, current=today, peak=peak)
            await uow.forward_tests.upsert_day(row, at=now)
            error = desk.errors[-1] if desk.errors else current.last_error
            desk.errors.clear()
            updated = replace(
                current,
                last_bar_at=session.last_bar_at,
                peak_pnl=max(peak, current.peak_pnl),
                last_error=error,
            )
            await uow.forward_tests.save(updated)
            await uow.commit()
        await self.publish(updated, figures, now, urgent=False)
        return updated

    async def fail(self, session: ForwardTest, error: BaseException) -> None:
        message = str(getattr(error, "message", None) or error) or type(error).__name__
        now = self._market.now()
        async with self._uow_factory() as uow:
            current = await uow.forward_tests.get(session.id, lock=True)
            if current is None or current.status is not ForwardStatus.RUNNING:
                return
            failed = replace(
                current, status=ForwardStatus.FAILED, stopped_at=now, last_error=message[:512]
            )
            await uow.forward_tests.save(failed)
            figures = await load_figures(uow, self._market, failed)
            await uow.commit()
        await self.publish(failed, figures, now, urgent=True)

    async def publish(
        self, session: ForwardTest, figures: SessionFigures, at: datetime, *, urgent: bool
    ) -> None:
        message = update_message(session, figures, at)
        channel = forward_channel(session.user_id)
        clock = time.monotonic()
        if not urgent and clock - self._last.get(session.id, -1e9) < self._every:
            self._held[session.id] = (channel, message)
            return
        self._held.pop(session.id, None)
        self._last[session.id] = clock
        await self._send(channel, message)

    async def flush(self) -> None:
        """Send the held updates whose session may speak again."""
        clock = time.monotonic()
        for session_id, (channel, message) in list(self._held.items()):
            if clock - self._last.get(session_id, -1e9) >= self._every:
                del self._held[session_id]
                self._last[session_id] = clock
                await self._send(channel, message)

    async def _send(self, channel: str, message: dict[str, Any]) -> None:
        if self._publisher is None:
            return
        try:
            await self._publisher.publish(channel, message)
        except Exception:  # a lost update must not stop the session
            return
