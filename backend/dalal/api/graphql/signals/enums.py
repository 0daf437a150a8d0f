"""GraphQL enums of the signals area; each value is its domain enum's value."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(name="SignalSource")
class SignalSourceEnum(Enum):
    TRADINGVIEW = "tradingview"
    CHARTINK = "chartink"
    JSON = "json"
    STRATEGY = "strategy"
    MANUAL = "manual"


@strawberry.enum(name="SignalAction")
class SignalActionEnum(Enum):
    BUY_ENTRY = "BUY_ENTRY"
    BUY_EXIT = "BUY_EXIT"
    SELL_ENTRY = "SELL_ENTRY"
    SELL_EXIT = "SELL_EXIT"


@strawberry.enum(name="SignalStatus")
class SignalStatusEnum(Enum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    EXECUTED = "executed"
    FAILED = "failed"


@strawberry.enum(name="SelectionKind")
class SelectionKindEnum(Enum):
    FIXED = "FIXED"
    FUTURE = "FUTURE"
    OPTION = "OPTION"


@strawberry.enum(name="FutureMonth")
class FutureMonthEnum(Enum):
    CURRENT = "CURRENT"
    NEXT = "NEXT"


@strawberry.enum(name="ExpiryRule")
class ExpiryRuleEnum(Enum):
    CURRENT_WEEK = "CURRENT_WEEK"
    NEXT_WEEK = "NEXT_WEEK"
    MONTHLY = "MONTHLY"


@strawberry.enum(name="StrikeRule")
class StrikeRuleEnum(Enum):
    ATM = "ATM"
    OFFSET = "OFFSET"
    PREMIUM = "PREMIUM"
    DELTA = "DELTA"


@strawberry.enum(name="TargetMode")
class TargetModeEnum(Enum):
    ALL = "ALL"
    TAG = "TAG"
    LIST = "LIST"


@strawberry.enum(name="ExecutionStatus")
class ExecutionStatusEnum(Enum):
    OPEN = "open"
    CLOSED = "closed"


@strawberry.enum(name="AllocationStatus")
class AllocationStatusEnum(Enum):
    FILLED = "filled"
    CLOSED = "closed"
    SKIPPED = "skipped"
    REJECTED = "rejected"
    EXIT_REJECTED = "exit_rejected"


@strawberry.enum(name="ExitReason")
class ExitReasonEnum(Enum):
    SIGNAL = "SIGNAL"
    SL = "SL"
    TARGET = "TARGET"
    TSL = "TSL"
    SQUARE_OFF = "SQUARE_OFF"
    PANIC = "PANIC"
