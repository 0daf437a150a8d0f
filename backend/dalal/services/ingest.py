"""Live ingest: ticks pushed from a user's own market-data vendor become quotes.

Market data is shared by every user, so only an admin (a session, or their API key with the
``market`` scope) may push it. Each tick is checked on its own: a bad tick is rejected with
its index and reason, and never stops the good ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from dalal.domain.errors import Forbidden
from dalal.domain.instruments import Exchange, Instrument
from dalal.domain.market import Quote
from dalal.domain.money import parse_decimal
from dalal.domain.users import Principal, Role, Scope
from dalal.services.ports import UnitOfWork

MAX_TICKS_PER_BATCH = 5000


@dataclass(frozen=True, slots=True)
class TickRejection:
    index: int
    reason: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    quotes: list[Quote]
    rejected: list[TickRejection]


def check_can_ingest(principal: Principal) -> None:
    if principal.user.role is not Role.ADMIN:
        raise Forbidden("Only an admin can push market data; it moves prices for every user.")
    if principal.via_api_key and not principal.allows(Scope.MARKET):
        raise Forbidden("This API key lacks the 'market' scope. Create a key with it.")


def _price(raw: Any, name: str, *, required: bool) -> Decimal | None:
    if raw is None:
        if required:
            raise ValueError(f"'{name}' is required")
        return None
    if isinstance(raw, (bool, float)):  # the HTTP route parses JSON numbers as Decimal
        raise ValueError(f"'{name}' must be an exact decimal, not a float")
    value = parse_decimal(raw)
    if value <= 0:
        raise ValueError(f"'{name}' must be above zero")
    return value


def _volume(raw: Any) -> int:
    if raw is None:
        return 0
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ValueError("'volume' must be a whole number of zero or more")
    return raw


def _open_interest(raw: Any, instrument: Instrument) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ValueError("'oi' must be a whole number of zero or more (units, not lots)")
    if not instrument.is_derivative:
        raise ValueError(f"'oi' is for futures and options; {instrument.tradingsymbol} has none")
    return raw


async def resolve_ticks(
    uow: UnitOfWork, ticks: list[dict[str, Any]], *, now: datetime
) -> IngestResult:
    """Turn raw ticks (``symbol``, optional ``exchange``, ``ltp``, ``bid``, ``ask``, ``volume``,
    ``oi``)
    into quotes stamped ``now``; reject the ones that don't make sense."""
    symbols = {
        t["symbol"].strip().upper()
        for t in ticks
        if isinstance(t, dict) and isinstance(t.get("symbol"), str)
    }
    async with uow:  # one query for the whole batch
        known = await uow.instruments.by_symbols(sorted(symbols))
    quotes: list[Quote] = []
    rejected: list[TickRejection] = []
    for index, tick in enumerate(ticks):
        try:
            quotes.append(_quote(known, tick, now))
        except ValueError as exc:
            rejected.append(TickRejection(index, str(exc)))
    return IngestResult(quotes=quotes, rejected=rejected)


def _quote(known: list[Instrument], tick: Any, now: datetime) -> Quote:
    if not isinstance(tick, dict):
        raise ValueError("each tick must be a JSON object")
    symbol = tick.get("symbol")
    if not isinstance(symbol, str) or not symbol.strip():
        raise ValueError("'symbol' is required")
    exchange_raw = tick.get("exchange")
    try:
        exchange = Exchange(exchange_raw) if exchange_raw else None
    except ValueError:
        raise ValueError(f"unknown exchange {exchange_raw!r}; use NSE, BSE, NFO or BFO") from None
    matches = [
        i
        for i in known
        if i.tradingsymbol == symbol.strip().upper() and exchange in (None, i.exchange)
    ]
    if not matches:
        raise ValueError(f"unknown symbol {symbol!r}; import the instrument master first")
    if len(matches) > 1:
        raise ValueError(f"{symbol!r} is listed on several exchanges; add 'exchange'")
    instrument = matches[0]
    ltp = _price(tick.get("ltp"), "ltp", required=True)
    bid = _price(tick.get("bid"), "bid", required=False)
    ask = _price(tick.get("ask"), "ask", required=False)
    if bid is not None and ask is not None and bid > ask:
        raise ValueError("'bid' must not be above 'ask'")
    assert ltp is not None
    return Quote(
        token=instrument.token,
        at=now,
        ltp=ltp,
        bid=bid,
        ask=ask,
        volume=_volume(tick.get("volume")),
        oi=_open_interest(tick.get("oi"), instrument),
    )
