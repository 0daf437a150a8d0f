"""Query depth and cost limits, as graphql-core validation rules.

The rule classes are built once per process (``build_validation_rules``) and passed to every
request through one factory: a rule class made per request would defeat the validation cache.

Cost model: each selected field costs 1, and a field's subtree is multiplied by its ``first``
argument (a literal; a variable counts as the maximum page size). Fragments are expanded.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

from dalal.api.graphql.pagination import MAX_PAGE_SIZE


def build_validation_rules(*, max_depth: int, max_cost: int) -> list[type[ASTValidationRule]]:
    class LimitDepthAndCost(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self._fragments = {
                d.name.value: d
                for d in context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            depth, cost = self._measure(node.selection_set, 0, frozenset())
            name = node.name.value if node.name else "anonymous"
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"Operation '{name}' is {depth} levels deep; the limit is {max_depth}. "
                        "Split it into smaller queries.",
                        node,
                        extensions={"code": "QUERY_TOO_DEEP", "depth": depth, "limit": max_depth},
                    )
                )
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"Operation '{name}' costs {cost}; the limit is {max_cost}. "
                        "Ask for fewer items per page ('first') or fewer fields.",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "limit": max_cost},
                    )
                )

        def _measure(
            self, selection_set: SelectionSetNode | None, depth: int, seen: frozenset[str]
        ) -> tuple[int, int]:
            if selection_set is None:
                return depth, 0
            max_depth_seen, total = depth, 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    child_depth, child_cost = self._measure(
                        selection.selection_set, depth + 1, seen
                    )
                    total += (1 + child_cost) * _multiplier(selection)
                    max_depth_seen = max(max_depth_seen, child_depth)
                elif isinstance(selection, InlineFragmentNode):
                    child_depth, child_cost = self._measure(selection.selection_set, depth, seen)
                    total += child_cost
                    max_depth_seen = max(max_depth_seen, child_depth)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self._fragments.get(name)
                    if fragment is None or name in seen:  # cycles are reported by core rules
                        continue
                    child_depth, child_cost = self._measure(
                        fragment.selection_set, depth, seen | {name}
                    )
                    total += child_cost
                    max_depth_seen = max(max_depth_seen, child_depth)
            return max_depth_seen, total

    return [LimitDepthAndCost]


def _multiplier(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            if isinstance(argument.value, IntValueNode):
                return max(1, min(int(argument.value.value), MAX_PAGE_SIZE))
            return MAX_PAGE_SIZE
    return 1
