"""The depth and cost rules, and the masking of unexpected errors, on small schemas."""

from __future__ import annotations

import strawberry
from strawberry.extensions import AddValidationRules

from dalal.api.graphql.limits import build_validation_rules
from dalal.api.graphql.masking import MaskUnexpectedErrors


@strawberry.type
class Node:
    name: str = "n"

    @strawberry.field
    def children(self, first: int = 10) -> list[Node]:
        return [Node() for _ in range(min(first, 2))]


@strawberry.type
class Query:
    @strawberry.field
    def root(self) -> Node:
        return Node()

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("database password is hunter2")


RULES = build_validation_rules(max_depth=4, max_cost=100)
schema = strawberry.Schema(
    query=Query, extensions=[lambda: AddValidationRules(list(RULES)), MaskUnexpectedErrors]
)


def codes(result: strawberry.types.ExecutionResult) -> list[str]:
    return [e.extensions["code"] for e in result.errors or [] if e.extensions]


async def test_a_query_within_the_depth_limit_runs() -> None:
    result = await schema.execute("{ root { children { children { name } } } }")
    assert result.errors is None


async def test_a_query_over_the_depth_limit_is_refused() -> None:
    result = await schema.execute("{ root { children { children { children { name } } } } }")
    assert codes(result) == ["QUERY_TOO_DEEP"]


async def test_fragments_count_toward_depth() -> None:
    query = """
    query { root { ...Deep } }
    fragment Deep on Node { children { children { children { name } } } }
    """
    assert codes(await schema.execute(query)) == ["QUERY_TOO_DEEP"]


async def test_page_sizes_multiply_the_cost() -> None:
    cheap = await schema.execute("{ root { children(first: 5) { name } } }")
    assert cheap.errors is None
    costly = await schema.execute(
        "{ root { children(first: 50) { children(first: 50) { name } } } }"
    )
    assert codes(costly) == ["QUERY_TOO_COSTLY"]


async def test_a_variable_page_size_counts_as_the_maximum() -> None:
    query = "query($n: Int!) { root { children(first: $n) { name } } }"
    assert codes(await schema.execute(query, variable_values={"n": 1})) == ["QUERY_TOO_COSTLY"]


async def test_unexpected_errors_are_masked_without_leaking_details() -> None:
    result = await schema.execute("{ boom }")
    assert codes(result) == ["INTERNAL_ERROR"]
    assert result.errors is not None
    assert "hunter2" not in result.errors[0].message


async def test_the_real_schema_validates_a_repeated_query_only_once() -> None:
    from unittest.mock import patch

    from graphql import validate as graphql_validate

    from dalal.api.graphql.schema import create_schema

    real = create_schema()
    query = "{ serverInfo { version } }"
    with patch("strawberry.schema.schema.validate", wraps=graphql_validate) as validate:
        for _ in range(5):
            await real.execute(query)
    assert validate.call_count <= 1  # later runs hit the validation cache
