"""Algos: what a signal trades, in how many lots, and for which accounts.

An algo has one or more legs (one for a plain symbol; two for a straddle or strangle).
Each leg picks its instrument by a rule and trades ``lots`` base lots on the signal's side
(or against it, ``opposite``), so a short straddle is two legs on a SELL_ENTRY signal.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from dalal.domain.errors import InvalidInput
from dalal.domain.orders import OrderType, Product

MAX_NAME_LENGTH = 64
MAX_LEGS = 4
MAX_LOTS = 10_000
MAX_STRIKE_OFFSET = 50
MAX_LISTED_ACCOUNTS = 500
OPTION_TYPES = frozenset({"CE", "PE"})
SIGNAL_ORDER_TYPES = frozenset({OrderType.MARKET, OrderType.LIMIT})


class SelectionKind(StrEnum):
    FIXED = "FIXED"  # a named symbol (or the symbol the signal carries)
    FUTURE = "FUTURE"  # the underlying's current or next month future
    OPTION = "OPTION"  # an option of the underlying by expiry and strike rules


class FutureMonth(StrEnum):
    CURRENT = "CURRENT"
    NEXT = "NEXT"


class ExpiryRule(StrEnum):
    CURRENT_WEEK = "CURRENT_WEEK"  # the nearest expiry
    NEXT_WEEK = "NEXT_WEEK"  # the one after
    MONTHLY = "MONTHLY"  # the nearest monthly (last expiry of its month)


class StrikeRule(StrEnum):
    ATM = "ATM"
    OFFSET = "OFFSET"  # ATM ± N strikes; + is further out of the money
    PREMIUM = "PREMIUM"  # premium nearest a target
    DELTA = "DELTA"  # |delta| nearest a target


class TargetMode(StrEnum):
    ALL = "ALL"  # every active account of the user
    TAG = "TAG"  # active accounts carrying the tag
    LIST = "LIST"  # the listed accounts (if active)


@dataclass(frozen=True, slots=True)
class InstrumentSelection:
    kind: SelectionKind
    symbol: str | None = None  # FIXED; None: the signal's symbol
    underlying: str | None = None  # FUTURE, OPTION; None: the signal's symbol
    month: FutureMonth = FutureMonth.CURRENT
    option_type: str | None = None  # "CE" or "PE"
    expiry_rule: ExpiryRule = ExpiryRule.CURRENT_WEEK
    strike_rule: StrikeRule = StrikeRule.ATM
    strike_offset: int = 0
    target_premium: Decimal | None = None
    target_delta: float | None = None


@dataclass(frozen=True, slots=True)
class Leg:
    selection: InstrumentSelection
    lots: int = 1
    opposite: bool = False  # trade against the signal's side (e.g. a hedge)


@dataclass(frozen=True, slots=True)
class Targets:
    mode: TargetMode = TargetMode.ALL
    tag: str | None = None
    account_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True, slots=True)
class Algo:
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    legs: tuple[Leg, ...]
    product: Product
    order_type: OrderType
    targets: Targets
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.archived_at is None


# --- validation ---------------------------------------------------------------------------
#
# Field names are the GraphQL input paths (``legs[1].selection.strikeOffset``), so the edge can
# point the form at the offending input.


def validate_algo(
    name: str,
    legs: Sequence[Leg],
    product: Product,
    order_type: OrderType,
    targets: Targets,
) -> None:
    """Raise ``InvalidInput`` for the first thing wrong with an algo's definition.

    A FIXED selection without a symbol is valid: the signal supplies the symbol.
    """
    if not 1 <= len(name.strip()) <= MAX_NAME_LENGTH:
        raise InvalidInput(
            f"Give the algo a name of 1 to {MAX_NAME_LENGTH} characters.", field="name"
        )
    if not 1 <= len(legs) <= MAX_LEGS:
        raise InvalidInput(f"An algo has 1 to {MAX_LEGS} legs.", field="legs")
    for position, leg in enumerate(legs):
        _validate_leg(leg, product, f"legs[{position}]")
    if order_type not in SIGNAL_ORDER_TYPES:
        raise InvalidInput(
            "Signals execute at once: use a MARKET or LIMIT order type.", field="orderType"
        )
    _validate_targets(targets)


def _validate_leg(leg: Leg, product: Product, path: str) -> None:
    if not 1 <= leg.lots <= MAX_LOTS:
        raise InvalidInput(f"Trade 1 to {MAX_LOTS:,} lots per leg.", field=f"{path}.lots")
    selection = leg.selection
    if product is Product.CNC and selection.kind is not SelectionKind.FIXED:
        # CNC is equity delivery; a broker refuses it for futures and options.
        raise InvalidInput(
            "CNC is for equity delivery; use NRML or MIS for futures and options.",
            field="product",
        )
    if selection.kind is SelectionKind.OPTION:
        _validate_option(selection, f"{path}.selection")


def _validate_option(selection: InstrumentSelection, path: str) -> None:
    if selection.option_type not in OPTION_TYPES:
        raise InvalidInput("Choose CE or PE for an option leg.", field=f"{path}.optionType")
    rule, offset = selection.strike_rule, selection.strike_offset
    if rule is StrikeRule.OFFSET and not (0 < abs(offset) <= MAX_STRIKE_OFFSET):
        raise InvalidInput(
            f"Offset the strike by 1 to {MAX_STRIKE_OFFSET} strikes either way "
            "(0 is the ATM rule).",
            field=f"{path}.strikeOffset",
        )
    premium = selection.target_premium
    if rule is StrikeRule.PREMIUM and (premium is None or not premium.is_finite() or premium <= 0):
        raise InvalidInput("Enter a target premium above zero.", field=f"{path}.targetPremium")
    delta = selection.target_delta
    if rule is StrikeRule.DELTA and (delta is None or not 0.0 < delta < 1.0):
        raise InvalidInput(
            "Enter a target delta between 0 and 1 (0.5 is about at the money).",
            field=f"{path}.targetDelta",
        )


def _validate_targets(targets: Targets) -> None:
    if targets.mode is TargetMode.TAG and not (targets.tag or "").strip():
        raise InvalidInput("Choose the tag whose accounts the algo trades.", field="targets.tag")
    if targets.mode is TargetMode.LIST and not (
        1 <= len(set(targets.account_ids)) <= MAX_LISTED_ACCOUNTS
    ):
        raise InvalidInput(
            f"List 1 to {MAX_LISTED_ACCOUNTS} accounts for the algo to trade.",
            field="targets.accountIds",
        )


# --- JSON (the database stores legs and targets as JSON) ----------------------------------
#
# Decimals travel as strings so they come back with the same digits; the delta is a float,
# which JSON round-trips exactly (Python writes the shortest repr that reads back the same).


def legs_to_json(legs: Sequence[Leg]) -> list[dict[str, Any]]:
    return [
        {"selection": _selection_to_json(leg.selection), "lots": leg.lots, "opposite": leg.opposite}
        for leg in legs
    ]


def legs_from_json(data: Sequence[Mapping[str, Any]]) -> tuple[Leg, ...]:
    return tuple(
        Leg(
            selection=_selection_from_json(item["selection"]),
            lots=int(item.get("lots", 1)),
            opposite=bool(item.get("opposite", False)),
        )
        for item in data
    )


def _selection_to_json(s: InstrumentSelection) -> dict[str, Any]:
    return {
        "kind": s.kind.value,
        "symbol": s.symbol,
        "underlying": s.underlying,
        "month": s.month.value,
        "option_type": s.option_type,
        "expiry_rule": s.expiry_rule.value,
        "strike_rule": s.strike_rule.value,
        "strike_offset": s.strike_offset,
        "target_premium": None if s.target_premium is None else str(s.target_premium),
        "target_delta": s.target_delta,
    }


def _selection_from_json(d: Mapping[str, Any]) -> InstrumentSelection:
    """Missing keys take the dataclass defaults, so rows written before a field existed load."""
    premium, delta = d.get("target_premium"), d.get("target_delta")
    return InstrumentSelection(
        kind=SelectionKind(d["kind"]),
        symbol=d.get("symbol"),
        underlying=d.get("underlying"),
        month=FutureMonth(d.get("month", FutureMonth.CURRENT.value)),
        option_type=d.get("option_type"),
        expiry_rule=ExpiryRule(d.get("expiry_rule", ExpiryRule.CURRENT_WEEK.value)),
        strike_rule=StrikeRule(d.get("strike_rule", StrikeRule.ATM.value)),
        strike_offset=int(d.get("strike_offset", 0)),
        target_premium=None if premium is None else Decimal(str(premium)),
        target_delta=None if delta is None else float(delta),
    )


def targets_to_json(t: Targets) -> dict[str, Any]:
    return {
        "mode": t.mode.value,
        "tag": t.tag,
        "account_ids": [str(account_id) for account_id in t.account_ids],
    }


def targets_from_json(d: Mapping[str, Any]) -> Targets:
    return Targets(
        mode=TargetMode(d.get("mode", TargetMode.ALL.value)),
        tag=d.get("tag"),
        account_ids=tuple(uuid.UUID(raw) for raw in d.get("account_ids", ())),
    )
