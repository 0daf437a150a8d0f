"""GraphQL types of signal groups and algos. Money is ``Decimal`` (a string on the wire)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry
from starlette.websockets import WebSocket

from dalal.api.graphql.context import Info
from dalal.api.graphql.permissions import require_principal
from dalal.api.graphql.signals.enums import (
    ExpiryRuleEnum,
    FutureMonthEnum,
    SelectionKindEnum,
    SignalActionEnum,
    SignalSourceEnum,
    SignalStatusEnum,
    StrikeRuleEnum,
    TargetModeEnum,
)
from dalal.api.graphql.signals.loaders import signal_loaders
from dalal.api.graphql.trading.types import OrderTypeEnum, ProductEnum
from dalal.domain.alert_payloads import AlertPayloads, alert_payloads
from dalal.domain.algos import Algo, InstrumentSelection, Leg, Targets
from dalal.domain.signals import SignalGroup
from dalal.services.signal_queries import GroupAnalytics


@strawberry.type(name="InstrumentSelection")
class InstrumentSelectionType:
    kind: SelectionKindEnum
    symbol: str | None
    underlying: str | None
    month: FutureMonthEnum
    option_type: str | None
    expiry_rule: ExpiryRuleEnum
    strike_rule: StrikeRuleEnum
    strike_offset: int
    target_premium: Decimal | None
    target_delta: float | None

    @classmethod
    def of(cls, s: InstrumentSelection) -> InstrumentSelectionType:
        return cls(
            kind=SelectionKindEnum(s.kind.value),
            symbol=s.symbol,
            underlying=s.underlying,
            month=FutureMonthEnum(s.month.value),
            option_type=s.option_type,
            expiry_rule=ExpiryRuleEnum(s.expiry_rule.value),
            strike_rule=StrikeRuleEnum(s.strike_rule.value),
            strike_offset=s.strike_offset,
            target_premium=s.target_premium,
            target_delta=s.target_delta,
        )


@strawberry.type(name="AlgoLeg")
class LegType:
    selection: InstrumentSelectionType
    lots: int
    opposite: bool

    @classmethod
    def of(cls, leg: Leg) -> LegType:
        return cls(
            selection=InstrumentSelectionType.of(leg.selection),
            lots=leg.lots,
            opposite=leg.opposite,
        )


@strawberry.type(name="AlgoTargets")
class TargetsType:
    mode: TargetModeEnum
    tag: str | None
    account_ids: list[strawberry.ID]

    @classmethod
    def of(cls, t: Targets) -> TargetsType:
        return cls(
            mode=TargetModeEnum(t.mode.value),
            tag=t.tag,
            account_ids=[strawberry.ID(str(i)) for i in t.account_ids],
        )


@strawberry.type(name="Algo")
class AlgoType:
    id: strawberry.ID
    name: str
    legs: list[LegType]
    product: ProductEnum
    order_type: OrderTypeEnum
    targets: TargetsType
    active: bool
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None

    @classmethod
    def of(cls, a: Algo) -> AlgoType:
        return cls(
            id=strawberry.ID(str(a.id)),
            name=a.name,
            legs=[LegType.of(leg) for leg in a.legs],
            product=ProductEnum(a.product.value),
            order_type=OrderTypeEnum(a.order_type.value),
            targets=TargetsType.of(a.targets),
            active=a.active,
            created_at=a.created_at,
            updated_at=a.updated_at,
            archived_at=a.archived_at,
        )


@strawberry.type(name="SignalGroupLimits")
class LimitsType:
    max_signals_per_day: int | None
    expires_on: date | None
    market_hours_only: bool
    rate_limit_per_minute: int | None


@strawberry.type(name="AlertPayloads")
class AlertPayloadsType:
    """Ready-to-paste alert messages and sample commands for the group's sender."""

    entry: str
    exit: str
    chartink_setup: str
    curl_entry: str
    curl_exit: str
    signature_note: str

    @classmethod
    def of(cls, p: AlertPayloads) -> AlertPayloadsType:
        return cls(
            entry=p.entry,
            exit=p.exit,
            chartink_setup=p.chartink_setup,
            curl_entry=p.curl_entry,
            curl_exit=p.curl_exit,
            signature_note=p.signature_note,
        )


@strawberry.type(name="SignalStatusCount")
class StatusCountType:
    status: SignalStatusEnum
    count: int


@strawberry.type(name="SignalGroupAnalytics")
class AnalyticsType:
    signal_count: int
    by_status: list[StatusCountType]
    trade_count: int
    wins: int
    win_rate: Decimal | None = strawberry.field(
        description="Percentage of trades with a net P&L above zero; null without trades"
    )
    net_pnl: Decimal = strawberry.field(description="Total P&L net of every account's charges")
    average_holding_seconds: Decimal | None

    @classmethod
    def of(cls, a: GroupAnalytics) -> AnalyticsType:
        return cls(
            signal_count=a.signal_count,
            by_status=[
                StatusCountType(status=SignalStatusEnum(s.value), count=n)
                for s, n in sorted(a.signals.items())
            ],
            trade_count=a.trades,
            wins=a.wins,
            win_rate=a.win_rate,
            net_pnl=a.net_pnl,
            average_holding_seconds=a.average_holding_seconds,
        )


def webhook_url(info: Info, token: str) -> str:
    """``DALAL_PUBLIC_URL`` if set, else this request's own base URL, + /webhooks/<token>."""
    request = info.context.request
    settings = getattr(request.app.state, "settings", None)
    base: str | None = getattr(settings, "public_url", None)
    if not base:
        base = str(request.base_url).rstrip("/")
        if isinstance(request, WebSocket):  # ws://host → http://host
            base = "http" + base.removeprefix("ws")
    return f"{base}/webhooks/{token}"


@strawberry.type(name="SignalGroup")
class SignalGroupType:
    group: strawberry.Private[SignalGroup]
    id: strawberry.ID
    name: str
    source: SignalSourceEnum
    active: bool
    limits: LimitsType
    ip_allowlist: list[str]
    require_signature: bool
    dedupe_window_seconds: int
    default_action: SignalActionEnum | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, g: SignalGroup) -> SignalGroupType:
        return cls(
            group=g,
            id=strawberry.ID(str(g.id)),
            name=g.name,
            source=SignalSourceEnum(g.source.value),
            active=g.active,
            limits=LimitsType(
                max_signals_per_day=g.max_signals_per_day,
                expires_on=g.expires_on,
                market_hours_only=g.market_hours_only,
                rate_limit_per_minute=g.rate_limit_per_minute,
            ),
            ip_allowlist=list(g.ip_allowlist),
            require_signature=g.require_signature,
            dedupe_window_seconds=g.dedupe_window_seconds,
            default_action=SignalActionEnum(g.default_action.value) if g.default_action else None,
            created_at=g.created_at,
            updated_at=g.updated_at,
        )

    @strawberry.field(description="Algos an entry signal runs")
    async def entry_algos(self, info: Info) -> list[AlgoType]:
        return await _algos(info, self.group.entry_algo_ids)

    @strawberry.field(description="Algos whose positions an exit closes (none: the entry algos)")
    async def exit_algos(self, info: Info) -> list[AlgoType]:
        return await _algos(info, self.group.exit_algo_ids)

    @strawberry.field(description="Where senders POST; it changes when the secret is rotated")
    def webhook_url(self, info: Info) -> str:
        return webhook_url(info, self.group.token)

    @strawberry.field(description="Keys the HMAC-SHA256 signature; shown to the owner only")
    def secret(self, info: Info) -> str | None:
        owner = require_principal(info.context).user.id == self.group.user_id
        return self.group.secret if owner else None

    @strawberry.field
    def alert_payloads(self, info: Info) -> AlertPayloadsType:
        return AlertPayloadsType.of(alert_payloads(self.group, webhook_url(info, self.group.token)))

    @strawberry.field
    async def analytics(self, info: Info) -> AnalyticsType:
        found = await signal_loaders(info).analytics_by_group.load(self.group.id)
        return AnalyticsType.of(found)


async def _algos(info: Info, ids: tuple[uuid.UUID, ...]) -> list[AlgoType]:
    found = await signal_loaders(info).algo_by_id.load_many(ids)
    return [AlgoType.of(a) for a in found if a is not None]
