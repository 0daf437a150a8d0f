"""The strategy catalog as a trader reads it: titles with their acronyms, rules as plain text."""

from __future__ import annotations

from dalal.services.backtest_catalog import plain_text, strategy_catalog, strategy_title


def test_titles_keep_indicator_acronyms() -> None:
    assert strategy_title("sma_cross") == "SMA cross"
    assert strategy_title("rsi_reversion") == "RSI reversion"
    assert strategy_title("macd_cross") == "MACD cross"
    assert strategy_title("short_straddle") == "Short straddle"
    assert strategy_title("my_orb") == "My ORB"


def test_plain_text_unquotes_literals_and_joins_wrapped_lines() -> None:
    doc = """``sma_cross``: two **lines**, see `fast`.

- at the close of a bar where ``a`` crosses
  above ``b``: go long;
- else hold.

A paragraph wrapped
over two lines."""
    assert plain_text(doc) == (
        "sma_cross: two lines, see fast.\n\n"
        "- at the close of a bar where a crosses above b: go long;\n"
        "- else hold.\n\n"
        "A paragraph wrapped over two lines."
    )


def test_no_builtin_shows_markup_or_a_module_path() -> None:
    entries = {e.name: e for e in strategy_catalog()}
    assert entries["sma_cross"].title == "SMA cross"
    assert "SMA(fast)" in entries["sma_cross"].rules
    assert "SMA(fast)" not in entries["ema_cross"].rules  # each has its own rules
    for entry in entries.values():
        for text in (entry.rules, entry.description):
            for marker in ("``", "**", "dalal.", "see common"):
                assert marker not in text, (entry.name, marker)
