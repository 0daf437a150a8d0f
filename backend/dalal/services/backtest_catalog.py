"""The strategies on offer, with their parameters flattened into form fields.

Nested parameter models become dotted names (``rsi.period``), as ``parse_params`` accepts
them back. The ``sizing`` union becomes ``sizing.kind`` (an enum) plus each rule's fields,
each marked with the kind it applies to (``applies_when = "sizing.kind=lots"``).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from dalal.strategies import strategy_class, strategy_names


class ParamKind(StrEnum):
    INT = "INT"
    FLOAT = "FLOAT"
    BOOL = "BOOL"
    STRING = "STRING"
    ENUM = "ENUM"
    DECIMAL = "DECIMAL"


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    kind: ParamKind
    default: str | None
    required: bool
    nullable: bool
    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    choices: tuple[str, ...] = ()
    description: str | None = None
    applies_when: str | None = None


@dataclass(frozen=True, slots=True)
class StrategyEntry:
    name: str
    title: str
    description: str
    rules: str
    params: tuple[ParamSpec, ...]


def strategy_catalog() -> list[StrategyEntry]:
    return [strategy_entry(name) for name in strategy_names()]


def strategy_entry(name: str) -> StrategyEntry:
    cls = strategy_class(name)
    module_doc = (
        typing.cast(Any, __import__(cls.__module__, fromlist=["_"])).__doc__ or ""
    ).strip()
    return StrategyEntry(
        name=name,
        title=cls.title or strategy_title(name),
        description=plain_text(cls.description),
        rules=cls.rules or plain_text((cls.__doc__ or "").strip() or module_doc),
        params=tuple(model_params(cls.Params)),
    )


ACRONYMS = frozenset({"sma", "ema", "wma", "rsi", "macd", "atr", "vwap", "orb", "mtm"})


def strategy_title(name: str) -> str:
    """``sma_cross`` → ``SMA cross``: the name as a trader writes it."""
    words = [w.upper() if w in ACRONYMS else w for w in name.split("_") if w]
    if words and not words[0].isupper():
        words[0] = words[0].capitalize()
    return " ".join(words)


_LITERAL = re.compile(r"``([^`]+)``|`([^`]+)`|\*\*([^*]+)\*\*")
_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s")


def plain_text(doc: str) -> str:
    """A docstring for a reader of the web app: reST literals unquoted, hard-wrapped lines
    of a paragraph or of a list item joined; paragraphs and items keep their own lines."""
    text = _LITERAL.sub(lambda m: m.group(1) or m.group(2) or m.group(3), doc)
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if lines and not _ITEM.match(raw):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def model_params(
    model: type[BaseModel], prefix: str = "", when: str | None = None
) -> list[ParamSpec]:
    found: list[ParamSpec] = []
    for key, info in model.model_fields.items():
        found.extend(_field_params(f"{prefix}{key}", info, when))
    return found


def _field_params(name: str, info: FieldInfo, when: str | None) -> list[ParamSpec]:
    annotation, nullable = _strip_optional(info.annotation)
    members = _union_models(annotation)
    if members:  # a discriminated union (sizing): the kind, then each member's fields
        return _union_params(name, info, members)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_params(annotation, f"{name}.", when)
    kind, choices = _kind(annotation)
    low, high, low_open, high_open = _bounds(info)
    default = None if info.is_required() else _text(info.get_default(call_default_factory=True))
    return [
        ParamSpec(
            name=name,
            kind=kind,
            default=default,
            required=info.is_required(),
            nullable=nullable,
            minimum=low,
            maximum=high,
            min_exclusive=low_open,
            max_exclusive=high_open,
            choices=choices,
            description=info.description,
            applies_when=when,
        )
    ]


def _union_params(name: str, info: FieldInfo, members: list[type[BaseModel]]) -> list[ParamSpec]:
    kinds = [str(m.model_fields["kind"].default) for m in members]
    default_value = info.get_default(call_default_factory=True)
    default_kind = getattr(default_value, "kind", None)
    specs = [
        ParamSpec(
            name=f"{name}.kind",
            kind=ParamKind.ENUM,
            default=default_kind,
            required=False,
            nullable=False,
            choices=tuple(kinds),
            description=info.description,
        )
    ]
    for member, kind in zip(members, kinds, strict=True):
        for found in model_params(member, f"{name}.", f"{name}.kind={kind}"):
            if found.name == f"{name}.kind":
                continue
            if kind == default_kind and isinstance(default_value, BaseModel):
                field_name = found.name.removeprefix(f"{name}.")
                found = _with_default(found, _text(getattr(default_value, field_name, None)))  # noqa: PLW2901
            specs.append(found)
    return specs


def _with_default(spec: ParamSpec, default: str | None) -> ParamSpec:
    values = {s: getattr(spec, s) for s in ParamSpec.__slots__}
    values["default"] = default
    return ParamSpec(**values)


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return annotation, False


def _union_models(annotation: Any) -> list[type[BaseModel]]:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return []
    args = typing.get_args(annotation)
    if all(isinstance(a, type) and issubclass(a, BaseModel) for a in args):
        return list(args)
    return []


def _kind(annotation: Any) -> tuple[ParamKind, tuple[str, ...]]:
    if typing.get_origin(annotation) is Literal:
        return ParamKind.ENUM, tuple(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return ParamKind.ENUM, tuple(m.value for m in annotation)
    simple = {bool: ParamKind.BOOL, int: ParamKind.INT, float: ParamKind.FLOAT}
    if annotation in simple:
        return simple[annotation], ()
    if annotation is Decimal:
        return ParamKind.DECIMAL, ()
    return ParamKind.STRING, ()


def _bounds(info: FieldInfo) -> tuple[float | None, float | None, bool, bool]:
    low = high = None
    low_open = high_open = False
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            low = float(typing.cast(Any, item.ge))
        elif isinstance(item, annotated_types.Gt):
            low, low_open = float(typing.cast(Any, item.gt)), True
        elif isinstance(item, annotated_types.Le):
            high = float(typing.cast(Any, item.le))
        elif isinstance(item, annotated_types.Lt):
            high, high_open = float(typing.cast(Any, item.lt)), True
    return low, high, low_open, high_open


def _text(value: Any) -> str | None:
    if value is None or value is PydanticUndefined:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
