"""Forward tests: start, stop, square off, list and read (the use cases).

A session belongs to its user; every use case finds it among the caller's own (another
user's session is ``NotFound``, like an unknown one). The market loop runs RUNNING sessions
(``forward_runner``); these functions only change what is stored, so they work from any
process, and the runner follows at the next candle close.

**Charges on or off.** Charges are a property of the account's ledger: every fill of an
account is charged by its charges template (``accounts.charges_template``), which is what
its cash, P&L and the risk code read. So a session with charges off runs on an account whose
template is ``zero``, and one with charges on on an account that charges. Starting a session
whose choice disagrees with the account's template is refused, saying which account setting
to change; a per-order override would make one ledger mix two cost models.

**Stop** stops calling the strategy; its positions and working orders stay. **Square off**
cancels the session's working orders and closes its positions (its net quantity in each,
never more than the account holds) with MARKET orders tagged with the session, so the exits
count in its P&L; it then reads SQUARED_OFF.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from dalal.domain.charges import TemplateKind, parse_template
from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.domain.market import Interval
from dalal.domain.order_book import Cancelled
from dalal.domain.users import Principal
from dalal.services.forward_analytics import SessionFigures
from dalal.services.forward_ports import ForwardDay, ForwardStatus, ForwardTest
from dalal.services.forward_progress import ProgressWriter, load_figures
from dalal.services.market import MarketDeps
from dalal.services.order_events import order_event, orders_channel
from dalal.services.ports import Publisher, UnitOfWork
from dalal.services.risk_attribution import close_strategy
from dalal.strategies.registry import parse_params

MAX_SYMBOLS = 20
SQUARE_OFF_REASON = "cancelled: the forward test was squared off"


class ForwardTestNotRunning(DomainError):
    code = "FORWARD_TEST_NOT_RUNNING"


@dataclass(frozen=True, slots=True)
class StartRequest:
    strategy: str
    params: Mapping[str, Any]
    account_id: uuid.UUID
    symbols: Sequence[str]
    interval: Interval = Interval.M1
    charges: bool = True
    source_backtest_run_id: str | None = None


@dataclass(frozen=True, slots=True)
class ForwardTestView:
    session: ForwardTest
    days: list[ForwardDay]
    figures: SessionFigures
    orders: int


async def start_forward_test(
    uow: UnitOfWork, market: MarketDeps, *, principal: Principal, request: StartRequest
) -> ForwardTest:
    params = parse_params(request.strategy.strip(), request.params)
    symbols = _symbols(request.symbols)
    async with uow:
        account = await uow.accounts.get_owned(request.account_id, principal.user.id)
        if account is None:
            raise NotFound("No such account among yours. Pick one of your accounts.")
        if not account.active:
            raise InvalidInput("This account is archived; pick an active one.", field="accountId")
        _check_charges(account.charges_template, on=request.charges)
        instruments = await uow.instruments.by_symbols(symbols)
        by_symbol = {i.tradingsymbol: i for i in instruments}
        unknown = [s for s in symbols if s not in by_symbol]
        if unknown:
            raise InvalidInput(
                f"No instrument {', '.join(unknown)}. Search for the symbol and pick one.",
                field="symbols",
            )
        session = ForwardTest(
            id=uuid.uuid4(),
            user_id=principal.user.id,
            account_id=account.id,
            strategy=request.strategy.strip(),
            params=params.model_dump(mode="json"),
            symbols=tuple(symbols),
            tokens=tuple(by_symbol[s].token for s in symbols),
            interval=request.interval,
            charges=request.charges,
            status=ForwardStatus.RUNNING,
            started_at=market.now(),
            source_backtest_run_id=(request.source_backtest_run_id or "").strip()[:64] or None,
        )
        await uow.forward_tests.add(session)
        await uow.commit()
    return session


def _symbols(raw: Sequence[str]) -> list[str]:
    symbols = list(dict.fromkeys(s.strip().upper() for s in raw if s.strip()))
    if not symbols:
        raise InvalidInput("Pick at least one symbol to trade.", field="symbols")
    if len(symbols) > MAX_SYMBOLS:
        raise InvalidInput(f"Pick at most {MAX_SYMBOLS} symbols.", field="symbols")
    return symbols


def _check_charges(template: str, *, on: bool) -> None:
    free = parse_template(template).kind is TemplateKind.ZERO
    if on and free:
        raise InvalidInput(
            "This account's charges template is 'zero', so its orders pay no charges. Start "
            "with charges off, or pick an account that charges (or set its template).",
            field="charges",
        )
    if not on and not free:
        raise InvalidInput(
            f"This account charges by '{template}'. For a forward test without charges, "
            "pick an account whose charges template is 'zero' (or set it on the account).",
            field="charges",
        )


async def stop_forward_test(
    uow: UnitOfWork, market: MarketDeps, publisher: Publisher | None, *,
    principal: Principal, session_id: uuid.UUID,
) -> ForwardTest:  # fmt: skip
    async with uow:
        session = await _owned(uow, principal, session_id, lock=True)
        if session.status is not ForwardStatus.RUNNING:
            raise ForwardTestNotRunning(
                f"This forward test is already {session.status.value.lower()}."
            )
        stopped = replace(session, status=ForwardStatus.STOPPED, stopped_at=market.now())
        await uow.forward_tests.save(stopped)
        figures = await load_figures(uow, market, stopped)
        await uow.commit()
    await _announce(uow, market, publisher, stopped, figures)
    return stopped


async def square_off_forward_test(
    uow: UnitOfWork, market: MarketDeps, publisher: Publisher | None, *,
    principal: Principal, session_id: uuid.UUID,
) -> ForwardTest:  # fmt: skip
    now = market.now()
    async with uow:
        session = await _owned(uow, principal, session_id, lock=True)
        squared = await _square_off(uow, market, session, now)
        figures = await load_figures(uow, market, squared)
        await uow.commit()
    await _announce(uow, market, publisher, squared, figures)
    return squared


async def square_off_all_forward_tests(
    uow_factory: Callable[[], UnitOfWork], market: MarketDeps, publisher: Publisher | None, *,
    principal: Principal,
) -> list[ForwardTest]:  # fmt: skip
    """Square off each of the user's sessions that still runs or holds positions (one unit
    of work per session, so one failure leaves the others done)."""
    async with uow_factory() as uow:
        sessions = await uow.forward_tests.list_for_user(
            principal.user.id, before=None, limit=10_000
        )
    done = []
    for session in sessions:
        if session.status in (ForwardStatus.SQUARED_OFF, ForwardStatus.FAILED) and not (
            await _holds(uow_factory(), market, session)
        ):
            continue
        done.append(
            await square_off_forward_test(
                uow_factory(), market, publisher, principal=principal, session_id=session.id
            )
        )
    return done


async def _holds(uow: UnitOfWork, market: MarketDeps, session: ForwardTest) -> bool:
    async with uow:
        figures = await load_figures(uow, market, session)
    return bool(figures.holdings)


async def _square_off(
    uow: UnitOfWork, market: MarketDeps, session: ForwardTest, now: datetime
) -> ForwardTest:
    working = await uow.risk.working_orders([session.account_id], lock=True)
    cancelled = [
        o.apply(Cancelled(SQUARE_OFF_REASON, now))
        for o in working
        if o.triggered_by == session.source
    ]
    await uow.orders.save_many(cancelled)
    for order in cancelled:
        uow.publish_after_commit(orders_channel(session.user_id), order_event(order))
    await close_strategy(
        uow, market, user_id=session.user_id, strategy_id=str(session.id),
        source=session.source, at=now,
    )  # fmt: skip
    squared = replace(
        session, status=ForwardStatus.SQUARED_OFF, stopped_at=session.stopped_at or now
    )
    await uow.forward_tests.save(squared)
    return squared


async def _announce(
    uow: UnitOfWork,
    market: MarketDeps,
    publisher: Publisher | None,
    session: ForwardTest,
    figures: SessionFigures,
) -> None:
    writer = ProgressWriter(lambda: uow, market, publisher, every=0)
    await writer.publish(session, figures, market.now(), urgent=True)


async def _owned(
    uow: UnitOfWork, principal: Principal, session_id: uuid.UUID, *, lock: bool = False
) -> ForwardTest:
    session = await uow.forward_tests.get(session_id, user_id=principal.user.id, lock=lock)
    if session is None:
        raise NotFound("No such forward test among yours. Refresh the list and try again.")
    return session


async def list_forward_tests(
    uow: UnitOfWork,
    market: MarketDeps,
    *,
    principal: Principal,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[ForwardTestView]:
    """The caller's sessions, newest first, with their days and live figures."""
    async with uow:
        found = await uow.forward_tests.list_for_user(principal.user.id, before=before, limit=limit)
        return await _views(uow, market, found)


async def get_forward_test(
    uow: UnitOfWork, market: MarketDeps, *, principal: Principal, session_id: uuid.UUID
) -> ForwardTestView | None:
    """The session with its days and its live figures; None when it is not the caller's."""
    async with uow:
        session = await uow.forward_tests.get(session_id, user_id=principal.user.id)
        if session is None:
            return None
        return (await _views(uow, market, [session]))[0]


async def _views(
    uow: UnitOfWork, market: MarketDeps, sessions: Sequence[ForwardTest]
) -> list[ForwardTestView]:
    days = await uow.forward_tests.days([s.id for s in sessions])
    views = []
    for session in sessions:
        views.append(
            ForwardTestView(
                session=session,
                days=[d for d in days if d.session_id == session.id],
                figures=await load_figures(uow, market, session),
                orders=await uow.forward_tests.orders_count(session.account_id, session.source),
            )
        )
    return views
