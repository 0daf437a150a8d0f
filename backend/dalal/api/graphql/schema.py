"""The schema, merged from one module per area. Build it once per process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from dalal.api.graphql.api_keys.resolvers import ApiKeyMutation, ApiKeyQuery
from dalal.api.graphql.audit.resolvers import AuditQuery, AuditSubscription
from dalal.api.graphql.auth.mutations import AuthMutation
from dalal.api.graphql.auth.queries import AuthQuery
from dalal.api.graphql.backtests.resolvers import BacktestMutation, BacktestQuery
from dalal.api.graphql.backtests.strategies import StrategyQuery
from dalal.api.graphql.backtests.subscriptions import BacktestSubscription
from dalal.api.graphql.errors import (
    InvalidCredentials,
    InvalidInput,
    InvalidRefreshToken,
    NotFound,
    TooManyAttempts,
    UsernameTaken,
    WeakPassword,
)
from dalal.api.graphql.forward_tests.resolvers import (
    ForwardTestMutation,
    ForwardTestQuery,
    ForwardTestSubscription,
)
from dalal.api.graphql.limits import build_validation_rules
from dalal.api.graphql.masking import MaskUnexpectedErrors
from dalal.api.graphql.options.basket import BasketMutation
from dalal.api.graphql.options.calculator import OptionCalculatorQuery
from dalal.api.graphql.options.chain import OptionChainSubscription
from dalal.api.graphql.options.strategies import OptionStrategyQuery
from dalal.api.graphql.risk.resolvers import RiskMutation, RiskQuery, RiskSubscription
from dalal.api.graphql.signals.algos import AlgoMutation, AlgoQuery
from dalal.api.graphql.signals.groups import SignalGroupMutation, SignalGroupQuery
from dalal.api.graphql.signals.log import SignalLogQuery, SignalSubscription
from dalal.api.graphql.trading.accounts import AccountMutation, AccountQuery
from dalal.api.graphql.trading.ingest import IngestMutation
from dalal.api.graphql.trading.market import MarketQuery, MarketSubscription
from dalal.api.graphql.trading.orders import OrderMutation, OrderQuery, OrderSubscription
from dalal.api.graphql.trading.portfolio import PortfolioQuery, PortfolioSubscription


@strawberry.type
class Query(
    AuthQuery,
    ApiKeyQuery,
    AuditQuery,
    AccountQuery,
    MarketQuery,
    OrderQuery,
    PortfolioQuery,
    SignalGroupQuery,
    AlgoQuery,
    SignalLogQuery,
    RiskQuery,
    OptionCalculatorQuery,
    OptionStrategyQuery,
    StrategyQuery,
    BacktestQuery,
    ForwardTestQuery,
):
    pass


@strawberry.type
class Mutation(
    AuthMutation,
    ApiKeyMutation,
    AccountMutation,
    OrderMutation,
    IngestMutation,
    SignalGroupMutation,
    AlgoMutation,
    RiskMutation,
    BasketMutation,
    BacktestMutation,
    ForwardTestMutation,
):
    pass


@strawberry.type
class Subscription(
    AuditSubscription,
    MarketSubscription,
    OrderSubscription,
    PortfolioSubscription,
    SignalSubscription,
    RiskSubscription,
    OptionChainSubscription,
    BacktestSubscription,
    ForwardTestSubscription,
):
    pass


class DalalSchema(strawberry.Schema):
    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Plain HTTP runs queries and mutations; a subscription needs a websocket (or it
        would run as a query and fail inside). Refusals come back as GraphQL errors."""
        allowed = set(kwargs.get("allowed_operation_types") or DEFAULT_ALLOWED_OPERATION_TYPES)
        kwargs["allowed_operation_types"] = allowed - {OperationType.SUBSCRIPTION}
        try:
            return await super().execute(*args, **kwargs)
        except InvalidOperationTypeError as exc:
            message = (
                "Subscriptions need a websocket: connect to /graphql with graphql-transport-ws."
                if exc.operation_type is OperationType.SUBSCRIPTION
                else "Send mutations with POST."
            )
            error = GraphQLError(message, extensions={"code": "BAD_REQUEST"})
            return ExecutionResult(data=None, errors=[error])

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Unexpected errors are logged once, with the request id, by ``MaskUnexpectedErrors``."""


def create_schema(
    *, max_depth: int = 12, max_cost: int = 20_000, max_tokens: int = 4_000
) -> DalalSchema:
    # Rule classes are built once here: a class made per request would miss the validation
    # cache (it is keyed on the rule classes), re-validating every request.
    rules = build_validation_rules(max_depth=max_depth, max_cost=max_cost)
    rules += MaxAliasesLimiter(max_alias_count=30).validation_rules
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        ParserCache,
        lambda: AddValidationRules(list(rules)),
        ValidationCache,
        MaskUnexpectedErrors,
    ]
    return DalalSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        types=[
            InvalidInput,
            NotFound,
            UsernameTaken,
            WeakPassword,
            InvalidCredentials,
            InvalidRefreshToken,
            TooManyAttempts,
        ],
    )


def export_sdl() -> str:
    return create_schema().as_str() + "\n"
