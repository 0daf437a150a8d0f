"""Risk rules in a backtest: the risk engine's own code, bar by bar.

A backtest can carry what a deployment carries (``BacktestRisk``):

- **Position stops** (``position_stops``: stop-loss, target, trailing stop, in points,
  percent or price). When a fill opens a position (from flat, or flipping it), a
  ``PositionGuard`` is armed with the fill price as its anchor, as paper trading arms an
  entry's bracket at its average price. From the **next bar** on, each bar of that
  instrument goes through ``engine.risk.guard_on_bar``, the function paper trading's bar
  path runs: a breach exits the whole position with a MARKET order tagged ``SL``, ``TARGET``
  or ``TSL`` at the level, or at the bar's open when the bar gaps through it; otherwise the
  trail ratchets on the bar's favourable extreme. The exit's trade has that exit reason.
  Adding to a position keeps its guard; a position closed otherwise drops it.
- **Daily loss limit** (``daily_loss_limit``, rupees) of the account: at each bar's close the
  day's P&L (equity now less equity at the previous IST day's last close, the capital on the
  first day: MTM plus realized, net of charges) goes through ``evaluate_scope`` as an
  account scope set to square off. A breach cancels the working orders, closes every
  position at that bar's close (a MARKET exit, tagged ``RISK``, exit reason
  ``DAILY_LOSS_LIMIT``), and rejects orders that open exposure until the next IST day.

Working orders are matched before the guards on each bar (a MARKET order fills at the open,
before anything within the bar). Guards and the limit are checked only on bars the runner
visits; with rules set it visits every bar while a position is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from dalal.domain.errors import InvalidInput
from dalal.domain.market import Bar
from dalal.domain.options import IST
from dalal.domain.orders import Fill
from dalal.domain.risk.evaluation import ScopeNumbers, ScopeState, evaluate_scope
from dalal.domain.risk.guard import PositionGuard
from dalal.domain.risk.levels import Offset, PositionStops, validate_stops
from dalal.domain.risk.limits import BreachAction, RiskLimits, ScopeKind
from dalal.engine.broker import ACCOUNT_ID, BookedFill, SimBroker
from dalal.engine.matching import MatchingConfig
from dalal.engine.risk import LIMIT_SOURCE, guard_on_bar


@dataclass(frozen=True, slots=True)
class BacktestRisk:
    position_stops: PositionStops | None = None
    daily_loss_limit: Decimal | None = None

    @property
    def active(self) -> bool:
        stops = self.position_stops is not None and not self.position_stops.empty
        return stops or self.daily_loss_limit is not None


def checked_risk(risk: BacktestRisk | None) -> BacktestRisk | None:
    """The run's risk rules, checked as the paper desk checks them (no anchor yet: the
    levels resolve from each entry's fill price)."""
    if risk is None or not risk.active:
        return None
    if risk.position_stops is not None:
        try:
            validate_stops(risk.position_stops, anchor=None, direction=1)
        except InvalidInput as error:
            raise InvalidInput(error.message, field=f"risk.positionStops.{error.field}") from None
        _no_absolute_prices(risk.position_stops)
    limit = risk.daily_loss_limit
    if limit is not None and (not limit.is_finite() or limit <= 0 or limit >= Decimal("1e15")):
        raise InvalidInput(
            "A daily loss limit is a loss in rupees above zero, e.g. 5000.",
            field="risk.dailyLossLimit",
        )
    return risk


def _no_absolute_prices(stops: PositionStops) -> None:
    # One absolute price cannot serve every entry of a run over months of bars.
    levels = (
        ("stopLoss", stops.stop_loss),
        ("target", stops.target),
        ("trailingStop", stops.trail.activation if stops.trail else None),
    )
    for name, level in levels:
        if level is not None and level.offset is Offset.PRICE:
            raise InvalidInput(
                "In a backtest, give stops in points or percent of each entry's price; "
                "an absolute price would apply to every trade of the run.",
                field=f"risk.positionStops.{name}",
            )


@dataclass(slots=True)
class _Armed:
    guard: PositionGuard
    since: int  # the bar index of the fill that armed it: checked from the next bar


@dataclass(slots=True)
class RiskDesk:
    """The risk state of one backtest run: guards by token, and the account's day."""

    rules: BacktestRisk
    broker: SimBroker
    matching: MatchingConfig
    guards: dict[int, _Armed] = field(default_factory=dict)
    last_equity: Decimal = Decimal(0)  # at the last close seen (set to the capital first)
    state: ScopeState = field(default_factory=ScopeState)
    day_start: Decimal = Decimal(0)
    day: date | None = None

    def on_fill(self, fill: Fill, *, index: int, before: int) -> None:
        """Arm (or drop) the guard of ``fill.token`` after a fill; ``before``: the quantity
        held before it."""
        stops = self.rules.position_stops
        held = self.broker.quantity(fill.token)
        if held == 0:
            self.guards.pop(fill.token, None)
            return
        if stops is None or stops.empty or (before != 0 and (before > 0) == (held > 0)):
            return
        guard = PositionGuard.arm(
            account_id=ACCOUNT_ID,
            token=fill.token,
            product=self.broker.product(fill.token),
            direction=1 if held > 0 else -1,
            anchor=fill.price,
            stops=stops,
            source="backtest",
        )
        self.guards[fill.token] = _Armed(guard, index)

    def check_guard(self, bar: Bar, index: int) -> BookedFill | None:
        """``bar`` against its token's guard; the exit booked, if it breached."""
        armed = self.guards.get(bar.token)
        if armed is None or armed.since >= index:
            return None
        position = self.broker.position(bar.token)
        instrument = self.broker.instruments[bar.token]
        outcome = guard_on_bar(armed.guard, position, bar, self.matching, instrument=instrument)
        if outcome.guard is None:
            del self.guards[bar.token]
        else:
            armed.guard = outcome.guard
        if outcome.exit is None or outcome.kind is None:
            return None
        return self.broker.risk_exit(outcome.exit, reason=outcome.kind.value)

    def open_bar(self, now: datetime) -> None:
        """Before anything happens on a bar: a new IST day starts from yesterday's equity,
        with entries allowed again."""
        today = now.astimezone(IST).date()
        if today != self.day:
            self.day, self.day_start = today, self.last_equity
            self.broker.entry_block = None

    def day_breached(self, now: datetime, equity: Decimal) -> str | None:
        """At a bar's close with ``equity``: the rule that squares off now, if one does."""
        local = now.astimezone(IST)
        self.last_equity = equity
        limit = self.rules.daily_loss_limit
        if limit is None:
            return None
        decision = evaluate_scope(
            ScopeKind.ACCOUNT,
            RiskLimits(daily_loss_limit=limit, on_breach=BreachAction.SQUARE_OFF),
            ScopeNumbers(day_pnl=equity - self.day_start),
            self.state,
            day=local.date(),
            now=local.time(),
        )
        self.state = decision.state
        if decision.breach is None or not decision.squares_off:
            return None
        rule = decision.breach.rule.value
        self.broker.entry_block = f"{decision.breach.message} New entries wait for the next day."
        self.guards.clear()
        return rule


__all__ = ["LIMIT_SOURCE", "BacktestRisk", "RiskDesk"]
