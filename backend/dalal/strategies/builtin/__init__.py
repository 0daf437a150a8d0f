"""The built-in strategies; importing this package registers them."""

from dalal.strategies.builtin import crosses, indicator_bot, levels, reversion, straddle

__all__ = ["crosses", "indicator_bot", "levels", "reversion", "straddle"]
