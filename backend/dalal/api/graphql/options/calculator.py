"""``optionCalculator``: the same pure calculator as ``dalal option-calc``."""

from __future__ import annotations

from typing import Annotated

import strawberry

from dalal.api.graphql import errors
from dalal.api.graphql.options.types import (
    NoImpliedVolError,
    OptionCalculation,
    OptionTypeEnum,
    PricingModelEnum,
)
from dalal.domain.errors import InvalidInput
from dalal.domain.option_calculator import (
    NoImpliedVol,
    OptionQuery,
    PricingModel,
    calculate_option,
)

OptionCalculatorResult = Annotated[
    OptionCalculation | errors.InvalidInput | NoImpliedVolError,
    strawberry.union("OptionCalculatorResult"),
]


@strawberry.type
class OptionCalculatorQuery:
    @strawberry.field(
        description=(
            "Price and greeks at a volatility, or implied volatility and greeks at a price. "
            "rate, volatility, dividendYield and the returned iv are percents (7 = 7%); "
            "daysToExpiry is calendar days (t = days/365); BLACK76 takes the futures price"
        )
    )
    def option_calculator(  # noqa: PLR0917 - GraphQL arguments
        self,
        model: PricingModelEnum,
        option_type: OptionTypeEnum,
        underlying_price: float,
        strike: float,
        days_to_expiry: float,
        rate: float,
        volatility: float | None = None,
        price: float | None = None,
        dividend_yield: float = 0.0,
    ) -> OptionCalculatorResult:
        query = OptionQuery(
            model=PricingModel(model.value),
            is_call=option_type is OptionTypeEnum.CE,
            underlying=underlying_price,
            strike=strike,
            days=days_to_expiry,
            rate=rate,
            volatility=volatility,
            price=price,
            dividend_yield=dividend_yield,
        )
        try:
            result = calculate_option(query)
        except NoImpliedVol as exc:
            return NoImpliedVolError(
                message=exc.message, code=exc.code, reason=exc.reason.value.upper(), field="price"
            )
        except InvalidInput as exc:
            return errors.invalid_input(exc)
        return OptionCalculation(
            price=result.price,
            iv=result.iv,
            delta=result.delta,
            gamma=result.gamma,
            theta=result.theta,
            vega=result.vega,
            rho=result.rho,
        )
