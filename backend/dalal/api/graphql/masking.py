"""Mask unexpected errors: the client gets a request id to quote, the log gets the traceback."""

from __future__ import annotations

from collections.abc import Iterator

import structlog
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from dalal.api.http.request_id import current_request_id

log = structlog.get_logger("dalal.graphql")


def _is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    # No original error: a syntax or validation error, safe to show. A GraphQLError raised
    # on purpose (ApiError, permission errors) is safe too.
    return original is None or isinstance(original, GraphQLError)


def _label_expected(error: GraphQLError) -> None:
    """Give syntax and validation errors a code, so clients can branch without reading text."""
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": "BAD_REQUEST"}


class MaskUnexpectedErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as error:  # e.g. a syntax error raised through the operation
            _label_expected(error)
            raise
        self._process()

    def _process(self) -> None:
        # Parse and validation errors may never reach ``result``: label them where they are.
        for error in self.execution_context.pre_execution_errors or []:
            _label_expected(error)
        result = self.execution_context.result
        if result is None or not getattr(result, "errors", None):
            return
        request_id = current_request_id()
        masked: list[GraphQLError] = []
        for error in result.errors or []:
            if _is_expected(error):
                _label_expected(error)
                masked.append(error)
                continue
            log.error(
                "graphql_unexpected_error",
                path=error.path,
                operation=self.execution_context.operation_name,
                exc_info=error.original_error,
            )
            masked.append(
                GraphQLError(
                    "Something went wrong on our side. It was logged; quote request id "
                    f"{request_id} if you report it.",
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": "INTERNAL_ERROR", "requestId": request_id},
                )
            )
        result.errors = masked
