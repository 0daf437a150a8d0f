"""Dalal: a self-hosted paper-trading and backtesting desk for Indian markets."""

__version__ = "0.1.0"
