"""Ids and keyset cursors of the signals area.

A cursor names the last item of a page by its time and id (the lists are ordered by both,
newest first); it is opaque base64, and its ``kind`` stops a signal cursor paging trades.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

import strawberry

from dalal.api.graphql.errors import ApiError
from dalal.api.graphql.pagination import Connection, Edge, PageInfo

ItemT = TypeVar("ItemT")
NodeT = TypeVar("NodeT")
Keyset = tuple[datetime, uuid.UUID]


def parse_uuid(raw: object) -> uuid.UUID | None:
    """The id, or None for text that can't be one (so it names nothing of anyone's)."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def encode_keyset(kind: str, at: datetime, item_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{kind}|{at.isoformat()}|{item_id}".encode()).decode()


def decode_keyset(kind: str, cursor: str | None) -> Keyset | None:
    if cursor is None:
        return None
    try:
        prefix, at, item_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        if prefix != kind:
            raise ValueError(prefix)
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError(at)
        return moment, uuid.UUID(item_id)
    except ValueError as exc:  # binascii.Error and UnicodeDecodeError are ValueErrors too
        raise ApiError(
            "This cursor is not valid here. Use the endCursor of the previous page.",
            "BAD_CURSOR",
        ) from exc


def connection(
    kind: str,
    items: Sequence[ItemT],
    size: int,
    key: Callable[[ItemT], Keyset],
    node: Callable[[ItemT], NodeT],
) -> Connection[NodeT]:
    """A page from ``items`` fetched with one extra (which tells that a next page exists)."""
    edges = [Edge(cursor=encode_keyset(kind, *key(item)), node=node(item)) for item in items[:size]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(items) > size, end_cursor=edges[-1].cursor if edges else None
        ),
    )


def ids_or_none(raw: Sequence[strawberry.ID]) -> list[uuid.UUID] | None:
    """All the ids parsed, or None if any is not an id."""
    parsed = [parse_uuid(r) for r in raw]
    return None if any(p is None for p in parsed) else [p for p in parsed if p is not None]
