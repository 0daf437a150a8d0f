"""Strategies: the ``Strategy`` API, the registry, user strategies and the built-ins.

Importing ``dalal.strategies`` registers the built-in strategies, ``short_straddle`` among
them (it picks its option legs among the backtest's instruments at entry time).
"""

from dalal.strategies import builtin
from dalal.strategies.base import (
    Beyond,
    Crosses,
    IndicatorLines,
    Line,
    Strategy,
    StrategyContext,
    StrategyParams,
    StrategySignal,
    WakeCondition,
)
from dalal.strategies.loader import load_user_strategies
from dalal.strategies.registry import (
    InvalidStrategyParams,
    StrategyInfo,
    UnknownStrategy,
    build,
    describe,
    parse_params,
    register,
    strategy_class,
    strategy_names,
)

__all__ = [
    "Beyond",
    "Crosses",
    "IndicatorLines",
    "InvalidStrategyParams",
    "Line",
    "Strategy",
    "StrategyContext",
    "StrategyInfo",
    "StrategyParams",
    "StrategySignal",
    "UnknownStrategy",
    "WakeCondition",
    "build",
    "builtin",
    "describe",
    "load_user_strategies",
    "parse_params",
    "register",
    "strategy_class",
    "strategy_names",
]
