"""Runs the RUNNING forward tests inside the market loop, at every candle close.

The market loop calls :meth:`ForwardRunner.on_step` after each step, with the 1-minute bars
the live feed closed in it, or ``None`` under a replay (the replayed bars are stored: the ones
closing at the step's quotes are read back). For each session the bars of its instruments
are folded into its interval (``forward_bars``) and each closed bar, in time then token
order, goes to the strategy's ``on_bar``; what it asks for is then placed through
``place_order`` (``forward_orders``), and its fills go to ``on_fill``. After its bars, the
session's MTM and day row are written and an update is published (``forward_progress``).

The set of sessions is re-read at every candle close, so sessions started, stopped or
squared off by any process (an API node, say) are picked up there. Bars a session already
saw (``last_bar_at``), or that closed before it started, are never fed again: a replay that
plays again after a restart does not trade twice. After a restart a session's lines are
rebuilt from the stored bars it saw (its hooks are not called for them); the strategy
object's own memory starts afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import structlog

from dalal.domain.errors import DomainError
from dalal.domain.market import Bar, Interval, Quote
from dalal.domain.users import Principal
from dalal.services.forward_bars import BarFolder, bar_closes_at
from dalal.services.forward_context import ForwardContext
from dalal.services.forward_orders import OrderDesk
from dalal.services.forward_ports import ForwardStatus, ForwardTest
from dalal.services.forward_progress import ProgressWriter
from dalal.services.market import MarketDeps
from dalal.services.ports import Publisher, UnitOfWork
from dalal.strategies.base import Strategy
from dalal.strategies.registry import build

log = structlog.get_logger(__name__)


@dataclass(slots=True)
class LiveSession:
    session: ForwardTest
    strategy: Strategy[Any]
    ctx: ForwardContext
    desk: OrderDesk
    folders: dict[int, BarFolder] = field(default_factory=dict)


class ForwardRunner:
    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        market: MarketDeps,
        publisher: Publisher | None,
        base_interval: Interval = Interval.M1,
        publish_every: float = 0.25,
    ) -> None:
        self._uow_factory = uow_factory
        self._market = market
        self._base = base_interval
        self._progress = ProgressWriter(uow_factory, market, publisher, every=publish_every)
        self.live: dict[uuid.UUID, LiveSession] = {}

    async def resume(self) -> int:
        """Pick up the RUNNING sessions (at start-up); returns how many run."""
        await self._refresh()
        log.info("forward_tests_resumed", running=len(self.live))
        return len(self.live)

    async def on_step(self, quotes: Sequence[Quote], closed: Sequence[Bar] | None) -> None:
        """The market loop's hook; never raises (a session's failure is its own)."""
        try:
            bars = list(closed) if closed is not None else await self._replayed(quotes)
            if bars:
                await self._refresh()
                for live in list(self.live.values()):
                    await self._run_session(live, bars)
            elif any(live.desk.has_working for live in self.live.values()):
                await self._refresh()  # a session stopped meanwhile hears of no more fills
                for live in list(self.live.values()):
                    await self._resting_fills(live)
            await self._progress.flush()
        except Exception:
            log.exception("forward_step_failed")

    # --- sessions ---------------------------------------------------------------------------

    async def _refresh(self) -> None:
        async with self._uow_factory() as uow:
            running = {s.id: s for s in await uow.forward_tests.running()}
        for gone in set(self.live) - set(running):
            del self.live[gone]
        for session_id, session in running.items():
            if session_id in self.live:
                self.live[session_id].session = session
                continue
            try:
                self.live[session_id] = await self._build(session)
            except Exception as exc:  # a strategy that cannot start fails its session only
                log.exception("forward_test_start_failed", session=str(session_id))
                await self._progress.fail(session, exc)

    async def _build(self, session: ForwardTest) -> LiveSession:
        strategy = build(session.strategy, session.params)
        async with self._uow_factory() as uow:
            user = await uow.users.get(session.user_id)
            instruments = await uow.instruments.get_many(session.tokens)
            history = await self._history(uow, session)
        if user is None:
            raise DomainError("the session's user is gone")
        ctx = ForwardContext(
            {t: instruments[t] for t in session.tokens},
            account_id=session.account_id,
            source=session.source,
            default_size=strategy.params.sizing,
            now=self._market.now(),
        )
        live = LiveSession(
            session=session,
            strategy=strategy,
            ctx=ctx,
            desk=OrderDesk(self._uow_factory, self._market, Principal(user=user), ctx),
            folders={t: BarFolder(session.interval) for t in session.tokens},
        )
        for bar in self._fold(live, history):  # warm the lines up; no hooks for the past
            ctx.add_bar(bar, now=bar_closes_at(bar))
        await live.desk.prime()
        strategy.on_start(ctx)
        return live

    async def _history(self, uow: UnitOfWork, session: ForwardTest) -> list[Bar]:
        if session.last_bar_at is None:
            return []
        end = session.last_bar_at + session.interval.length
        bars = await uow.bars.all_between(session.tokens, self._base, session.started_at, end)
        return [b for b in bars if bar_closes_at(b) > session.started_at]

    def _fold(self, live: LiveSession, bars: Sequence[Bar]) -> list[Bar]:
        out: list[Bar] = []
        for bar in bars:
            folder = live.folders.get(bar.token)
            if folder is not None:
                out.extend(folder.add(bar))
        out.sort(key=lambda b: (b.at, b.token))
        return out

    async def _run_session(self, live: LiveSession, bars: Sequence[Bar]) -> None:
        session = live.session
        fresh = [
            b for b in bars if b.token in live.folders and bar_closes_at(b) > session.started_at
        ]
        if not fresh:  # none of its instruments closed a candle
            await self._resting_fills(live)
            return
        closed = [
            b
            for b in self._fold(live, fresh)
            if session.last_bar_at is None or b.at > session.last_bar_at
        ]
        try:
            await self._resting_fills(live)
            for bar in closed:
                await live.desk.refresh()
                live.ctx.add_bar(bar, now=self._market.now())
                live.strategy.on_bar(live.ctx, bar)
                await live.desk.execute(live.strategy)
        except Exception as exc:  # the strategy's own code (or its orders) broke: stop it
            log.exception("forward_test_failed", session=str(session.id))
            self.live.pop(session.id, None)
            await self._progress.fail(session, exc)
            return
        if closed:
            session = replace(session, last_bar_at=closed[-1].at)
        updated = await self._progress.candle_closed(session, live.ctx.instruments, live.desk)
        if updated is None or updated.status is not ForwardStatus.RUNNING:
            self.live.pop(session.id, None)
        else:
            live.session = updated

    async def _resting_fills(self, live: LiveSession) -> None:
        """Fills of orders that rested and filled in the matching pass go to ``on_fill``."""
        if live.desk.has_working:
            await live.desk.deliver_resting_fills(live.strategy)

    async def _replayed(self, quotes: Sequence[Quote]) -> list[Bar]:
        """The stored bars closing at ``quotes`` (a replay releases each at its close)."""
        watched = {t for live in self.live.values() for t in live.folders}
        if not self.live:
            async with self._uow_factory() as uow:  # sessions started since: look for them
                watched = {t for s in await uow.forward_tests.running() for t in s.tokens}
        closes = {q.token: q.at for q in quotes if q.token in watched}
        if not closes:
            return []
        length = self._base.length
        start = min(closes.values()) - length
        end = max(closes.values()) - length + length / 2
        async with self._uow_factory() as uow:
            found = await uow.bars.all_between(sorted(closes), self._base, start, end)
        return [b for b in found if b.at + length == closes[b.token]]
