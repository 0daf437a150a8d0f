"""Inputs of the forward tests area."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from dalal.api.graphql.trading.market import IntervalEnum


@strawberry.input
class StartForwardTestInput:
    strategy: str = strawberry.field(description="A name from `strategies`")
    params: JSON = strawberry.field(
        default_factory=dict,
        description='Parameters by name, as for backtests; dotted names nest ({"fast": 10, '
        '"sizing.kind": "lots", "sizing.lots": 2}). Missing ones take their defaults.',
    )
    account_id: strawberry.ID = strawberry.field(description="One of your accounts")
    symbols: list[str] = strawberry.field(description="Trading symbols to trade")
    interval: IntervalEnum = strawberry.field(
        default=IntervalEnum.M1, description="Candle interval, folded from the feed's 1m bars"
    )
    charges: bool = strawberry.field(
        default=True,
        description="Pay charges. Charges follow the account's charges template: with false, "
        "pick an account whose template is 'zero'.",
    )
    from_backtest_run_id: strawberry.ID | None = strawberry.field(
        default=None, description="The backtest run this was promoted from (kept for reference)"
    )
