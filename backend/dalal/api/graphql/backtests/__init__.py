"""Strategies, backtest runs, sweeps and the indicator bot's evaluations."""
