"""The strategies on offer (for the builder's form) and the indicator bot's evaluations."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, cast

import strawberry
from strawberry.scalars import JSON

from dalal.api.graphql import errors
from dalal.api.graphql.backtests.catalog_types import BotEvaluation, StrategyInfo
from dalal.api.graphql.backtests.resolvers import NoBars, input_error
from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import IsAuthenticated
from dalal.api.graphql.trading.market import IntervalEnum
from dalal.domain.errors import DomainError
from dalal.domain.market import Interval
from dalal.services import backtests as service
from dalal.services.backtest_catalog import strategy_catalog


@strawberry.type
class BotSignalsSuccess:
    evaluations: list[BotEvaluation]


BotSignalsResult = Annotated[
    BotSignalsSuccess | errors.InvalidInput | errors.UnknownSymbol | NoBars,
    strawberry.union("BotSignalsResult"),
]


def _num(value: float) -> float | None:
    return None if math.isnan(value) else value  # NaN (warming up) → null


@strawberry.type
class StrategyQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="By name")
    def strategies(self) -> list[StrategyInfo]:
        return [StrategyInfo.of(entry) for entry in strategy_catalog()]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The weighted indicator bot's evaluation at each stored bar, without "
        "trading: score, temperature, the recommendation and the confirmed action",
    )
    async def bot_signals(
        self,
        info: Info,
        *,
        symbol: str,
        interval: IntervalEnum = IntervalEnum.D1,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
        params: JSON | None = None,
    ) -> BotSignalsResult:
        try:
            found = await service.bot_signals(
                info.context.runtime.uow_factory,
                symbol=symbol.strip(),
                interval=Interval(interval.value),
                start=from_,
                end=to,
                params=params if isinstance(params, dict) else {},
            )
        except DomainError as exc:
            return input_error(exc)  # type: ignore[return-value]
        return BotSignalsSuccess(
            evaluations=[
                BotEvaluation(
                    time=e.at,
                    score=e.score,
                    temperature=e.temperature.value,
                    recommended=e.recommended.value,
                    action=e.action.value if e.action else None,
                    votes=cast(JSON, dict(e.votes)),
                    rsi=_num(e.readings.rsi),
                    macd=_num(e.readings.macd),
                    macd_signal=_num(e.readings.macd_signal),
                    ma_fast=_num(e.readings.ma_fast),
                    ma_slow=_num(e.readings.ma_slow),
                )
                for e in found
            ]
        )
