"""Parity: one strategy, run by the backtest runner and by paper trading over the same
replayed bars, gives the same fills and the same P&L.

The equivalent configurations, and why each is needed:

- **Fill timing ``this_close``.** A replay releases a bar as a quote at its close (LTP =
  close, no bid/ask), and a forward test's order placed at that candle close fills on that
  quote: at the close. The backtest's ``this_close`` fills the orders ``on_bar`` places at
  the same bar's close. (``next_open`` would fill at the next bar's open, a price a replayed
  quote never shows.)
- **Times.** The backtest stamps a fill with its bar's time (``Bar.at``, the bar's open);
  paper trading with the instant it happened, the bar's close. So a paper fill's time is the
  backtest fill's time plus one interval: the same bar.
- **Same slippage and charges**: the market's ``MatchingConfig`` is the backtest's, and the
  account's charges template (``zerodha``) is the backtest's ``charges``.
- **Same product**: CNC for equities in both (the backtest's default, and the forward
  test's); long-only (``allow_short`` false), since paper CNC refuses shorts while a
  backtest allows cash shorts.
- **The end**: the backtest closes what is open at the last close (``END``); the forward test
  is squared off after the last bar, at that same close.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.charges import parse_template
from dalal.domain.market import Interval, resample
from dalal.engine.backtest import BacktestConfig, FillTiming, run_backtest
from dalal.engine.bar_data import BarSeries
from dalal.services.forward_tests import (
    StartRequest,
    square_off_forward_test,
    start_forward_test,
)
from dalal.strategies.registry import build
from tests.integration.forward_support import ReplayRig, own_instrument, trader_on, wave_bars

DAY = date(2025, 1, 6)
SLIPPAGE = Decimal(5)


@pytest.mark.parametrize(
    ("interval", "params", "minutes"),
    [(Interval.M1, {"fast": 3, "slow": 8}, 150), (Interval.M5, {"fast": 2, "slow": 4}, 300)],
)
async def test_backtest_and_paper_replay_give_the_same_fills_and_pnl(
    uow_factory: SqlUnitOfWorkFactory, interval: Interval, params: dict[str, int], minutes: int
) -> None:
    """On 5-minute candles the forward test folds the replayed 1-minute bars itself; the
    backtest gets them folded by ``resample`` (what the ``bars`` query serves)."""
    instrument = own_instrument("PAR")
    bars = wave_bars(instrument.token, DAY, minutes)
    rig = ReplayRig(uow_factory, slippage_bps=SLIPPAGE)
    await rig.store(instrument, bars)
    rig.clock.advance_to(bars[0].at)
    principal, account = await trader_on(rig, label="parity", capital="1000000")
    session = await start_forward_test(
        uow_factory(),
        rig.market,
        principal=principal,
        request=StartRequest(
            strategy="sma_cross",
            params=params,
            account_id=account.id,
            symbols=[instrument.tradingsymbol],
            interval=interval,
            charges=True,
        ),
    )
    await rig.play([instrument.token], bars[0].at, bars[-1].at)
    await square_off_forward_test(
        uow_factory(), rig.market, None, principal=principal, session_id=session.id
    )

    result = run_backtest(
        build("sma_cross", params),
        BacktestConfig(
            series=(BarSeries.from_bars(instrument, interval, resample(bars, interval)),),
            capital=Decimal("1000000"),
            charges=parse_template(account.charges_template),
            matching=rig.market.matching,
            fill_timing=FillTiming.THIS_CLOSE,
        ),
    )
    async with uow_factory() as uow:
        found = await uow.risk.attributed_fills([account.id], [session.source])
        positions = await uow.positions.for_accounts([account.id])
        cash = (await uow.ledger.cash([account.id]))[account.id]

    expected = [(f.at + interval.length, f.side, f.quantity, f.price) for f in result.fills]
    paper = [(f.at, f.side, f.quantity, f.price) for f, _, _ in found]
    assert len(expected) >= 6, "the bars should make the strategy trade several round trips"
    assert paper == expected
    assert [f.charges for f, _, _ in found] == [f.charges for f in result.fills]
    realized = sum((p.realized_pnl for p in positions), Decimal(0))
    assert realized == sum((t.pnl + t.charges for t in result.trades), Decimal(0))
    assert all(p.quantity == 0 for p in positions)
    assert cash == result.metrics.final_equity
