"""Executing an accepted signal: once, at one price, across every target account.

One transaction per signal: claim the signal (``accepted`` → locked), plan every leg (the
instrument, the one price, each account's lots), run each account's pre-trade checks, then
write the whole fan-out with a constant number of bulk statements, flip the signal to
``executed`` and commit. Events go out after the commit. A crash before the commit leaves
nothing behind and the signal still ``accepted``, so the recovery sweep runs it again; a
signal already executed can't be claimed, so nothing runs twice.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from dalal.domain.algos import Algo
from dalal.domain.errors import DomainError
from dalal.domain.signal_executions import SignalExecution
from dalal.domain.signals import Signal, SignalGroup, SignalStatus
from dalal.services.group_risk import check_group_entry
from dalal.services.market import MarketDeps
from dalal.services.ports import UnitOfWork
from dalal.services.pretrade import check_signal_intake
from dalal.services.signal_entry import enter
from dalal.services.signal_events import signal_event, signals_channel
from dalal.services.signal_exit import exit_positions
from dalal.services.signal_pricing import NoQuote

QUOTE_WAIT = timedelta(seconds=30)  # how long a signal may wait for its first price


class NothingToExecute(DomainError):
    code = "NOTHING_TO_EXECUTE"


@dataclass(frozen=True, slots=True)
class ExecutionResult:
    signal: Signal
    executions: list[SignalExecution]


def _elapsed_ms(signal: Signal, market: MarketDeps, started: float) -> Decimal:
    """From receipt to now; falls back to this run's own time if the clocks disagree."""
    since_receipt = (market.now() - signal.received_at).total_seconds() * 1000
    own = (time.perf_counter() - started) * 1000
    ms = since_receipt if since_receipt >= own else own
    return Decimal(round(ms, 3)).quantize(Decimal("0.001"))


async def execute_signal(
    uow: UnitOfWork, market: MarketDeps, signal_id: uuid.UUID
) -> ExecutionResult | None:
    """Execute ``signal_id`` if it is still ``accepted``; None if done or taken elsewhere."""
    started = time.perf_counter()
    async with uow:
        signal = await uow.signals.claim(signal_id)
        if signal is None:
            return None
        status, reason, executions = SignalStatus.EXECUTED, None, []
        try:
            executions = await _run(uow, market, signal)
            reason = _summary(executions)
        except NoQuote as exc:
            if market.now() - signal.received_at < QUOTE_WAIT:
                # Right after a start the feed may not have quoted yet: leave the signal
                # accepted (nothing was written) and let the sweep try again.
                return ExecutionResult(signal=replace(signal, reason=exc.message), executions=[])
            status, reason = SignalStatus.REJECTED, exc.message
        except DomainError as exc:
            status, reason = SignalStatus.REJECTED, exc.message
        done = replace(signal, status=status, reason=reason)
        settled = await uow.signals.finish(
            signal.id,
            status=status,
            reason=reason,
            processing_ms=_elapsed_ms(signal, market, started),
            at=market.now(),
        )
        if not settled:
            return None  # another run finished it first: leave, rolling this one back
        uow.publish_after_commit(signals_channel(signal.user_id), signal_event(signal.id, status))
        await uow.commit()
    return ExecutionResult(signal=done, executions=executions)


async def fail_signal(
    uow: UnitOfWork, market: MarketDeps, signal_id: uuid.UUID, reason: str
) -> None:
    """Mark a signal whose execution crashed with a bug as failed, so it isn't retried."""
    async with uow:
        signal = await uow.signals.claim(signal_id)
        if signal is None:
            return
        await uow.signals.finish(
            signal.id,
            status=SignalStatus.FAILED,
            reason=reason,
            processing_ms=_elapsed_ms(signal, market, time.perf_counter()),
            at=market.now(),
        )
        uow.publish_after_commit(
            signals_channel(signal.user_id), signal_event(signal.id, SignalStatus.FAILED)
        )
        await uow.commit()


async def _run(uow: UnitOfWork, market: MarketDeps, signal: Signal) -> list[SignalExecution]:
    if signal.parsed is None or signal.action is None:
        raise NothingToExecute("This signal carries no action; nothing to execute.")
    group = (
        await uow.signal_groups.get_owned(signal.group_id, signal.user_id)
        if signal.group_id is not None
        else None
    )
    if group is None:
        raise NothingToExecute("The signal group was deleted before this signal ran.")
    await check_signal_intake(uow, user_id=signal.user_id, group_id=group.id)  # panics
    algos = await _algos(uow, group, entry=signal.action.is_entry)
    if signal.action.is_entry:
        await check_group_entry(uow, market, user_id=signal.user_id, group_id=group.id)
        return await enter(uow, market, signal, algos)
    return await exit_positions(uow, market, signal, group, algos)


async def _algos(uow: UnitOfWork, group: SignalGroup, *, entry: bool) -> list[Algo]:
    """Entry signals run the group's entry algos. Exits close what the group's exit algos
    opened, or, when none are linked for exit, what its entry algos opened."""
    ids: Sequence[uuid.UUID] = group.entry_algo_ids
    if not entry and group.exit_algo_ids:
        ids = group.exit_algo_ids
    found = await uow.algos.get_many(ids)
    algos = [found[i] for i in ids if i in found and found[i].active]
    if not algos:
        what = "an entry" if entry else "an exit (or entry)"
        raise NothingToExecute(
            f"The group '{group.name}' has no active {what} algo; link one in Dalal."
        )
    return algos


def _summary(executions: Sequence[SignalExecution]) -> str:
    def price(e: SignalExecution) -> object:
        return e.exit_price if e.exit_price is not None else e.entry_price

    legs = ", ".join(f"{e.tradingsymbol} {e.quantity} @ {price(e)}" for e in executions)
    return f"executed: {legs}" if legs else "executed"
