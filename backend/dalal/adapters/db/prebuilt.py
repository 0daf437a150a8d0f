"""Dialect-specific DML (``INSERT … ON CONFLICT``) compiled once instead of per execution.

SQLAlchemy caches the compiled form of most statements, but not of the PostgreSQL and
SQLite ``insert()`` constructs (their ``inherit_cache`` is off), so every upsert on a hot
path (a webhook's signal row, a fill's position) was compiled afresh: about a millisecond
each. ``Prebuilt`` compiles such a statement once per dialect and set of parameter names
into SQL text with named, typed bind parameters, which SQLAlchemy does cache; binding still
goes through each column's type, so values are processed exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine.interfaces import BindTyping
from sqlalchemy.sql.elements import TextClause


def _named(dialect: Any) -> Any:
    """A dialect that renders ``:name`` parameters and no ``::TYPE`` casts on them (which
    ``text()`` would not parse); the executing dialect adds its own casts when it binds."""
    dialect.bind_typing = BindTyping.NONE
    return dialect


_NAMED = {
    "postgresql": _named(postgresql.dialect(paramstyle="named")),  # type: ignore[no-untyped-call]
    "sqlite": _named(sqlite.dialect(paramstyle="named")),
}


class Prebuilt:
    """``build(dialect_name)`` makes the statement; ``text(dialect_name, keys)`` is its SQL
    for those parameter names, compiled on first use and then reused."""

    def __init__(self, build: Callable[[str], Any]) -> None:
        self._build = build
        self._texts: dict[tuple[str, frozenset[str]], TextClause] = {}

    def text(self, dialect_name: str, keys: Collection[str]) -> TextClause:
        key = (dialect_name, frozenset(keys))
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = self._compile(dialect_name, keys)
        return found

    def _compile(self, dialect_name: str, keys: Collection[str]) -> TextClause:
        statement = self._build(dialect_name)
        compiled = statement.compile(dialect=_NAMED[dialect_name], column_keys=list(keys))
        binds = [
            bindparam(name, type_=bind.type)
            if name in keys
            else bindparam(name, value=bind.value, type_=bind.type)  # a constant in the SQL
            for name, bind in compiled.binds.items()
        ]
        clause = text(str(compiled)).bindparams(*binds)
        returning = getattr(statement, "_returning", ())
        return clause.columns(*returning) if returning else clause  # type: ignore[return-value]
