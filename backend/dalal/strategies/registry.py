"""Strategies by name, with their parameter schemas, and building one from raw parameters.

Names are unique across built-ins and user strategies (a clash is an error, not an override).
``build`` validates raw parameters (from a form, a CLI, a stored deployment) against the
strategy's ``Params`` model; the JSON Schema from ``describe`` is what the web app renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from dalal.domain.errors import DomainError, InvalidInput, NotFound
from dalal.strategies.base import Strategy, StrategyParams


class UnknownStrategy(NotFound):
    code = "UNKNOWN_STRATEGY"


class InvalidStrategyParams(InvalidInput):
    code = "INVALID_STRATEGY_PARAMS"


class DuplicateStrategy(DomainError):
    code = "DUPLICATE_STRATEGY"


@dataclass(frozen=True, slots=True)
class StrategyInfo:
    name: str
    description: str
    params_schema: dict[str, Any]


S = TypeVar("S", bound=type[Strategy[Any]])
_REGISTRY: dict[str, type[Strategy[Any]]] = {}


def register(cls: S) -> S:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    name = cls.name
    if not name or not name.replace("_", "").isalnum() or name != name.lower():
        raise ValueError(f"{cls.__qualname__}.name must be a lower_snake_case name, not {name!r}")
    if not issubclass(cls.Params, StrategyParams):
        raise TypeError(f"{cls.__qualname__}.Params must subclass StrategyParams")
    existing = _REGISTRY.get(name)
    if existing is not None and existing is not cls:
        raise DuplicateStrategy(f"Two strategies are named {name!r}; rename one of them.")
    _REGISTRY[name] = cls
    return cls


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def strategy_class(name: str) -> type[Strategy[Any]]:
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownStrategy(f"No strategy is named {name!r}; known: {known}.") from None


def strategy_names() -> list[str]:
    return sorted(_REGISTRY)


def describe(name: str) -> StrategyInfo:
    cls = strategy_class(name)
    return StrategyInfo(name, cls.description, cls.Params.model_json_schema())


def parse_params(name: str, raw: Mapping[str, Any]) -> StrategyParams:
    """Validate ``raw`` against the strategy's ``Params``; dotted keys (``sizing.kind``) nest."""
    cls = strategy_class(name)
    try:
        return cls.Params.model_validate(_nest(raw))
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'params'}: {e['msg']}" for e in error.errors()
        )
        raise InvalidStrategyParams(f"{name}: {problems}", field="params") from None


def build(name: str, raw: Mapping[str, Any]) -> Strategy[Any]:
    return strategy_class(name)(parse_params(name, raw))


def _nest(raw: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in raw.items():
        head, _, rest = key.partition(".")
        if rest:
            nested.setdefault(head, {})
            if not isinstance(nested[head], dict):
                raise InvalidStrategyParams(f"{head} is given both whole and by parts")
            nested[head] = {**nested[head], **_nest({rest: value})}
        else:
            nested[key] = value
    return nested
