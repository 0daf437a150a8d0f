"""Risk rules, stops and states as JSON documents: decimals as strings, times as ``HH:MM``."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from functools import lru_cache
from typing import Any

import orjson

from dalal.domain.risk.evaluation import ScopeState
from dalal.domain.risk.levels import Level, Offset, PositionStops, Trail
from dalal.domain.risk.limits import (
    BreachAction,
    CarryRule,
    ProfitLock,
    RiskLimits,
    RuleKind,
    Window,
)

Json = dict[str, Any]


def _dec(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def _undec(value: Any) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _level(level: Level | None) -> Json | None:
    return {"offset": level.offset.value, "value": str(level.value)} if level else None


def _unlevel(raw: Json | None) -> Level | None:
    return Level(Offset(raw["offset"]), Decimal(raw["value"])) if raw else None


def stops_to_json(stops: PositionStops) -> Json:
    trail = stops.trail
    return {
        "stop_loss": _level(stops.stop_loss),
        "target": _level(stops.target),
        "trail": {
            "distance": _level(trail.distance),
            "step": _dec(trail.step),
            "activation": _level(trail.activation),
        }
        if trail
        else None,
    }


def stops_from_json(raw: Json) -> PositionStops:
    trail = raw.get("trail")
    distance = _unlevel(trail["distance"]) if trail else None
    return PositionStops(
        stop_loss=_unlevel(raw.get("stop_loss")),
        target=_unlevel(raw.get("target")),
        trail=Trail(distance, _undec(trail.get("step")), _unlevel(trail.get("activation")))
        if trail and distance
        else None,
    )


def _time(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _untime(raw: str | None) -> time | None:
    return time.fromisoformat(raw) if raw else None


def _window(window: Window | None) -> Json | None:
    return {"start": _time(window.start), "end": _time(window.end)} if window else None


def _unwindow(raw: Json | None) -> Window | None:
    if not raw:
        return None
    start, end = _untime(raw["start"]), _untime(raw["end"])
    assert start is not None
    assert end is not None
    return Window(start, end)


def limits_to_json(limits: RiskLimits) -> Json:
    lock = limits.profit_lock
    return {
        "daily_loss_limit": _dec(limits.daily_loss_limit),
        "daily_profit_target": _dec(limits.daily_profit_target),
        "max_gross_exposure": _dec(limits.max_gross_exposure),
        "max_order_value": _dec(limits.max_order_value),
        "max_order_quantity": limits.max_order_quantity,
        "max_positions": limits.max_positions,
        "square_off_at": _time(limits.square_off_at),
        "carry": limits.carry.value,
        "on_breach": limits.on_breach.value,
        "mtm_stop_loss": _dec(limits.mtm_stop_loss),
        "mtm_target": _dec(limits.mtm_target),
        "profit_lock": [
            _dec(lock.activate_at),
            _dec(lock.lock),
            _dec(lock.step),
            _dec(lock.step_lock),
        ]
        if lock
        else None,
        "max_signals_per_day": limits.max_signals_per_day,
        "entry_window": _window(limits.entry_window),
        "exit_window": _window(limits.exit_window),
        "position_stops": stops_to_json(limits.position_stops) if limits.position_stops else None,
    }


def limits_from_json(raw: Json) -> RiskLimits:
    lock = raw.get("profit_lock")
    stops = raw.get("position_stops")
    return RiskLimits(
        daily_loss_limit=_undec(raw.get("daily_loss_limit")),
        daily_profit_target=_undec(raw.get("daily_profit_target")),
        max_gross_exposure=_undec(raw.get("max_gross_exposure")),
        max_order_value=_undec(raw.get("max_order_value")),
        max_order_quantity=raw.get("max_order_quantity"),
        max_positions=raw.get("max_positions"),
        square_off_at=_untime(raw.get("square_off_at")),
        carry=CarryRule(raw.get("carry") or CarryRule.CARRY.value),
        on_breach=BreachAction(raw.get("on_breach") or BreachAction.SQUARE_OFF.value),
        mtm_stop_loss=_undec(raw.get("mtm_stop_loss")),
        mtm_target=_undec(raw.get("mtm_target")),
        profit_lock=ProfitLock(Decimal(lock[0]), Decimal(lock[1]), _undec(lock[2]), _undec(lock[3]))
        if lock
        else None,
        max_signals_per_day=raw.get("max_signals_per_day"),
        entry_window=_unwindow(raw.get("entry_window")),
        exit_window=_unwindow(raw.get("exit_window")),
        position_stops=stops_from_json(stops) if stops else None,
    )


def state_to_json(state: ScopeState) -> Json:
    return {
        "day": state.day.isoformat() if state.day else None,
        "breached": state.breached.value if state.breached else None,
        "blocked": state.blocked,
        "squared_off": state.squared_off,
        "peak": _dec(state.peak),
        "alerted": sorted(r.value for r in state.alerted),
        "disabled": state.disabled,
    }


def state_from_json(raw: Json) -> ScopeState:
    day = raw.get("day")
    breached = raw.get("breached")
    return ScopeState(
        day=date.fromisoformat(day) if day else None,
        breached=RuleKind(breached) if breached else None,
        blocked=bool(raw.get("blocked")),
        squared_off=bool(raw.get("squared_off")),
        peak=_undec(raw.get("peak")),
        alerted=frozenset(RuleKind(r) for r in raw.get("alerted") or ()),
        disabled=bool(raw.get("disabled")),
    )


@lru_cache(maxsize=4096)
def limits_from_text(raw: str) -> RiskLimits:
    """Parsed once per distinct document: the pre-trade check reads the same few rules on
    every order (the results are immutable, so sharing them is safe)."""
    return limits_from_json(orjson.loads(raw))


@lru_cache(maxsize=4096)
def state_from_text(raw: str) -> ScopeState:
    return state_from_json(orjson.loads(raw))
