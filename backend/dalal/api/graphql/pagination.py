"""Cursor pagination helpers. Cursors are opaque base64 strings; clients must not parse them."""

from __future__ import annotations

import base64
from typing import Generic, TypeVar

import strawberry

from dalal.api.graphql.errors import ApiError

NodeT = TypeVar("NodeT")
MAX_PAGE_SIZE = 200


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo


def encode_cursor(kind: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        prefix, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if prefix != kind:
            raise ValueError(prefix)
        return int(value)
    except ValueError as exc:
        raise ApiError(
            "This cursor is not valid here. Use the endCursor of the previous page.",
            "BAD_CURSOR",
        ) from exc


def check_page_size(first: int) -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise ApiError(f"Ask for 1 to {MAX_PAGE_SIZE} items with 'first'.", "BAD_PAGE_SIZE")
    return first
