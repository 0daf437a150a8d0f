"""The strategy catalog (a form per strategy) and the indicator bot's evaluations."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from dalal.services.backtest_catalog import ParamSpec, StrategyEntry


@strawberry.enum(name="StrategyParamType")
class StrategyParamTypeEnum(Enum):
    INT = "INT"
    FLOAT = "FLOAT"
    BOOL = "BOOL"
    STRING = "STRING"
    ENUM = "ENUM"
    DECIMAL = "DECIMAL"


@strawberry.type
class StrategyParam:
    name: str = strawberry.field(description="Dotted for nested parameters (rsi.period)")
    type: StrategyParamTypeEnum
    default: str | None = strawberry.field(description="As text; null: none (or required)")
    required: bool = strawberry.field(description="Must be given (when it applies)")
    nullable: bool
    min: float | None
    max: float | None
    min_exclusive: bool
    max_exclusive: bool
    choices: list[str] | None = strawberry.field(description="The allowed values of an ENUM")
    description: str | None
    applies_when: str | None = strawberry.field(
        description="Shown only when another parameter has a value, as name=value"
    )

    @classmethod
    def of(cls, p: ParamSpec) -> StrategyParam:
        return cls(
            name=p.name,
            type=StrategyParamTypeEnum(p.kind.value),
            default=p.default,
            required=p.required,
            nullable=p.nullable,
            min=p.minimum,
            max=p.maximum,
            min_exclusive=p.min_exclusive,
            max_exclusive=p.max_exclusive,
            choices=list(p.choices) or None,
            description=p.description,
            applies_when=p.applies_when,
        )


@strawberry.type
class StrategyInfo:
    name: str
    title: str
    description: str = strawberry.field(description="One line")
    rules: str = strawberry.field(description="The exact entry and exit rules")
    parameters: list[StrategyParam]

    @classmethod
    def of(cls, entry: StrategyEntry) -> StrategyInfo:
        return cls(
            name=entry.name,
            title=entry.title,
            description=entry.description,
            rules=entry.rules,
            parameters=[StrategyParam.of(p) for p in entry.params],
        )


@strawberry.type
class BotEvaluation:
    time: datetime = strawberry.field(description="The bar's time; evaluated at its close")
    score: float | None
    temperature: str = strawberry.field(description="HOT, WARM, NEUTRAL, COOL or COLD")
    recommended: str = strawberry.field(description="BUY, SELL or HOLD")
    action: str | None = strawberry.field(description="What the bot does here, if anything")
    votes: JSON = strawberry.field(description="rsi, macd, ma: +1, −1, 0 or null")
    rsi: float | None
    macd: float | None
    macd_signal: float | None
    ma_fast: float | None
    ma_slow: float | None
