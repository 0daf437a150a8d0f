"""``indicator_bot``: RSI, MACD and moving-average votes, weighted into a temperature.

Each enabled sub-signal votes +1 (bullish), −1 (bearish) or 0 at a bar's close:

- RSI(period): +1 when RSI ≤ ``oversold``, −1 when RSI ≥ ``overbought``, else 0;
- MACD(fast, slow, signal): +1 when the line is above its signal, −1 below, 0 equal;
- MA(kind, fast, slow): +1 when the fast average is above the slow one, −1 below, 0 equal.

A sub-signal still warming up (its indicator not defined yet) does not vote, and its weight
leaves the denominator. ``score = Σ weight × vote / Σ weight`` over the votes cast, in
[−1, 1] (undefined when nobody votes). Temperature: ``HOT`` when score ≥ ``hot``, ``WARM``
when ≥ ``warm``, ``COLD`` when ≤ −``hot``, ``COOL`` when ≤ −``warm``, else (or undefined)
``NEUTRAL``. Recommended action: HOT → BUY, COLD → SELL, else HOLD.

Confirmation and cooldown decide when the bot *acts*: it emits BUY (SELL) at a bar where the
recommendation has been BUY (SELL) for ``confirmation_bars`` bars in a row (this one
included), the last action emitted was not already BUY (SELL), and at least
``cooldown_bars`` bars have passed since that last action (it was emitted before bar
``i − cooldown_bars``). An emitted BUY goes long; SELL closes a long, and goes short with
``allow_short``. ``evaluate_bot`` computes the same evaluations without trading.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from dalal.domain.indicators.specs import IndicatorSpec, Ohlcv, ema, macd, rsi, sma
from dalal.domain.market import Bar
from dalal.strategies.base import Line, StrategyContext
from dalal.strategies.builtin.common import PositionStrategy, TradingParams
from dalal.strategies.registry import register


class Temperature(StrEnum):
    HOT = "HOT"
    WARM = "WARM"
    NEUTRAL = "NEUTRAL"
    COOL = "COOL"
    COLD = "COLD"


class Action(StrEnum):
    BUY = "BUY"
    SELL = "SELL"
    HOLD = "HOLD"


class _Vote(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    enabled: bool = True
    weight: float = Field(default=1.0, ge=0)


class RsiVote(_Vote):
    period: int = Field(default=14, ge=2)
    oversold: float = Field(default=30, gt=0, lt=100)
    overbought: float = Field(default=70, gt=0, lt=100)


class MacdVote(_Vote):
    fast: int = Field(default=12, ge=1)
    slow: int = Field(default=26, ge=2)
    signal: int = Field(default=9, ge=1)


class MaVote(_Vote):
    kind: Literal["sma", "ema"] = "ema"
    fast: int = Field(default=20, ge=1)
    slow: int = Field(default=50, ge=2)


class BotParams(TradingParams):
    rsi: RsiVote = RsiVote()
    macd: MacdVote = MacdVote()
    ma: MaVote = MaVote()
    hot: float = Field(default=0.6, gt=0, le=1, description="Score at or above: HOT")
    warm: float = Field(default=0.2, gt=0, le=1, description="Score at or above: WARM")
    confirmation_bars: int = Field(default=1, ge=1, description="Bars a call must persist")
    cooldown_bars: int = Field(default=0, ge=0, description="Bars of quiet after an action")

    @model_validator(mode="after")
    def _consistent(self) -> BotParams:
        if self.warm >= self.hot:
            raise ValueError("warm must be below hot")
        if self.rsi.oversold >= self.rsi.overbought:
            raise ValueError("rsi.oversold must be below rsi.overbought")
        if self.macd.fast >= self.macd.slow or self.ma.fast >= self.ma.slow:
            raise ValueError("each fast period must be less than its slow period")
        if not any(v.enabled and v.weight > 0 for v in (self.rsi, self.macd, self.ma)):
            raise ValueError("enable at least one sub-signal with a weight above zero")
        return self

    def specs(self) -> dict[str, IndicatorSpec]:
        average = sma if self.ma.kind == "sma" else ema
        return {
            "rsi": rsi(self.rsi.period),
            "macd": macd(self.macd.fast, self.macd.slow, self.macd.signal),
            "ma_fast": average(self.ma.fast),
            "ma_slow": average(self.ma.slow),
        }


@dataclass(frozen=True, slots=True)
class Readings:
    rsi: float
    macd: float
    macd_signal: float
    ma_fast: float
    ma_slow: float


@dataclass(frozen=True, slots=True)
class BotEvaluation:
    at: datetime
    readings: Readings
    votes: dict[str, int | None]  # None: disabled or warming up
    score: float | None
    temperature: Temperature
    recommended: Action
    action: Action | None  # what the bot does at this bar, after confirmation and cooldown


def _sign(a: float, b: float) -> int | None:
    if math.isnan(a) or math.isnan(b):
        return None
    return (a > b) - (a < b)


def votes(params: BotParams, r: Readings) -> dict[str, int | None]:
    rsi_vote: int | None = None
    if not math.isnan(r.rsi):
        rsi_vote = (
            1 if r.rsi <= params.rsi.oversold else -1 if r.rsi >= params.rsi.overbought else 0
        )
    cast = {
        "rsi": rsi_vote,
        "macd": _sign(r.macd, r.macd_signal),
        "ma": _sign(r.ma_fast, r.ma_slow),
    }
    enabled = {"rsi": params.rsi.enabled, "macd": params.macd.enabled, "ma": params.ma.enabled}
    return {name: vote if enabled[name] else None for name, vote in cast.items()}


def score(params: BotParams, cast: dict[str, int | None]) -> float | None:
    weights = {"rsi": params.rsi.weight, "macd": params.macd.weight, "ma": params.ma.weight}
    total = sum(weights[n] for n, v in cast.items() if v is not None)
    if total <= 0:
        return None
    return sum(weights[n] * v for n, v in cast.items() if v is not None) / total


def temperature(params: BotParams, value: float | None) -> Temperature:
    if value is None:
        return Temperature.NEUTRAL
    if value >= params.hot:
        return Temperature.HOT
    if value >= params.warm:
        return Temperature.WARM
    if value <= -params.hot:
        return Temperature.COLD
    if value <= -params.warm:
        return Temperature.COOL
    return Temperature.NEUTRAL


RECOMMENDED = {Temperature.HOT: Action.BUY, Temperature.COLD: Action.SELL}


class BotState:
    """The confirmation and cooldown rules, one bar at a time (shared by both forms)."""

    def __init__(self, confirmation: int, cooldown: int) -> None:
        self.confirmation, self.cooldown = confirmation, cooldown
        self.streak, self.previous = 0, Action.HOLD
        self.last: Action | None = None
        self.since_last = 0

    def step(self, recommended: Action) -> Action | None:
        self.streak = self.streak + 1 if recommended is self.previous else 1
        self.previous = recommended
        self.since_last += 1
        if recommended is Action.HOLD or recommended is self.last:
            return None
        if self.streak < self.confirmation:
            return None
        if self.last is not None and self.since_last <= self.cooldown:
            return None
        self.last, self.since_last = recommended, 0
        return recommended


def evaluate(params: BotParams, state: BotState, at: datetime, r: Readings) -> BotEvaluation:
    cast = votes(params, r)
    value = score(params, cast)
    heat = temperature(params, value)
    recommended = RECOMMENDED.get(heat, Action.HOLD)
    return BotEvaluation(at, r, cast, value, heat, recommended, state.step(recommended))


def evaluate_bot(bars: Sequence[Bar], params: BotParams) -> list[BotEvaluation]:
    """The bot's evaluation at each bar's close (one instrument, time-ordered), no trading."""

    def column(name: str) -> np.ndarray:
        return np.array([float(getattr(b, name)) for b in bars], dtype=np.float64)

    days = np.array([(b.at.timestamp() + 19_800) // 86_400 for b in bars], dtype=np.int64)
    data = Ohlcv(
        column("open"), column("high"), column("low"), column("close"), column("volume"), days
    )
    specs = params.specs()
    (rsi_line,), (line, signal, _), (fast, slow) = (
        specs["rsi"].compute(data),
        specs["macd"].compute(data),
        (specs["ma_fast"].compute(data)[0], specs["ma_slow"].compute(data)[0]),
    )
    state = BotState(params.confirmation_bars, params.cooldown_bars)
    return [
        evaluate(
            params,
            state,
            bar.at,
            Readings(*(float(a[i]) for a in (rsi_line, line, signal, fast, slow))),
        )
        for i, bar in enumerate(bars)
    ]


@register
class IndicatorBot(PositionStrategy[BotParams]):
    name = "indicator_bot"
    description = "Weighted RSI/MACD/MA votes → temperature; acts on confirmed HOT/COLD."
    Params: ClassVar = BotParams

    def on_start(self, ctx: StrategyContext) -> None:
        specs = self.params.specs()
        self._lines: dict[int, tuple[Line, ...]] = {}
        self._states: dict[int, BotState] = {}
        for token in ctx.tokens:
            macd_lines = ctx.indicator(specs["macd"], token)
            self._lines[token] = (
                ctx.indicator(specs["rsi"], token).line(),
                macd_lines.line("line"),
                macd_lines.line("signal"),
                ctx.indicator(specs["ma_fast"], token).line(),
                ctx.indicator(specs["ma_slow"], token).line(),
            )
            self._states[token] = BotState(self.params.confirmation_bars, self.params.cooldown_bars)

    def on_bar(self, ctx: StrategyContext, bar: Bar) -> None:
        readings = Readings(*(line.value for line in self._lines[bar.token]))
        result = evaluate(self.params, self._states[bar.token], bar.at, readings)
        if result.action is Action.BUY:
            self.go_long(ctx, bar.token)
        elif result.action is Action.SELL:
            self.go_short(ctx, bar.token)
