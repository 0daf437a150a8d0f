"""Instrument search (relevance order, keyset pages) and the option chain (strike pages) over
GraphQL. Each test saves instruments of its own, under names no other test uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import httpx

from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.services.instruments import save_instruments
from tests.api.helpers import error_codes, gql
from tests.api.trading_support import TradingServer, query, quote, trader

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments

SEARCH = """
query Search($search: String, $first: Int! = 50, $after: Int) {
  instruments(search: $search, first: $first, after: $after) {
    items { tradingsymbol }
    nextAfter
  }
}
"""
CHAIN = """
query Chain($underlying: String!, $expiry: Date!, $first: Int! = 50, $after: String,
            $aroundAtm: Int) {
  optionChain(underlying: $underlying, expiry: $expiry, first: $first, after: $after,
              aroundAtm: $aroundAtm) {
    underlying expiry atmStrike
    rows { strike call { tradingsymbol } put { tradingsymbol } callQuote { ltp } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NEAR, FAR = date(2026, 12, 29), date(2027, 1, 26)


def instrument(
    token: int,
    symbol: str,
    kind: InstrumentType = InstrumentType.EQ,
    *,
    name: str | None = None,
    underlying: str | None = None,
    expiry: date | None = None,
    strike: int | None = None,
) -> Instrument:
    derivative = kind not in (InstrumentType.EQ, InstrumentType.INDEX)
    return Instrument(
        token=token,
        exchange=Exchange.NFO if derivative else Exchange.NSE,
        tradingsymbol=symbol,
        name=name or symbol,
        instrument_type=kind,
        lot_size=50 if derivative else 1,
        tick_size=Decimal("0.05"),
        underlying=underlying,
        expiry=expiry,
        strike=Decimal(strike) if strike is not None else None,
    )


# Tokens run against the expected order, so an order by token would fail the test.
RELEVANCE = [
    instrument(8_810_009, "ZQRL"),  # the exact symbol
    instrument(8_810_008, "ZQRL INDEX", InstrumentType.INDEX),  # prefix, spot
    instrument(8_810_007, "ZQRLX"),  # prefix, spot
    instrument(8_810_006, "ZQRL26DECFUT", InstrumentType.FUT, underlying="ZQRL", expiry=NEAR),
    instrument(8_810_005, "ZQRL27JANFUT", InstrumentType.FUT, underlying="ZQRL", expiry=FAR),
    instrument(
        8_810_004,
        "ZQRL26DEC100CE",
        InstrumentType.CE,
        underlying="ZQRL",
        expiry=NEAR,
        strike=100,
    ),
    instrument(
        8_810_003,
        "ZQRL27JAN100PE",
        InstrumentType.PE,
        underlying="ZQRL",
        expiry=FAR,
        strike=100,
    ),
    instrument(8_810_002, "AZQRL"),  # inside a symbol
    instrument(8_810_001, "BQCO", name="ZQRL HOLDINGS"),  # in the name only
]


async def _save(server: TradingServer, instruments: list[Instrument]) -> None:
    await save_instruments(server.runtime.uow_factory(), instruments)


async def test_search_ranks_exact_then_prefix_then_other_matches_spot_first(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    await _save(open_market, RELEVANCE)
    token = (await trader(trading)).access_token
    found = (await query(trading, SEARCH, token, search="zqrl"))["instruments"]
    assert [i["tradingsymbol"] for i in found["items"]] == [i.tradingsymbol for i in RELEVANCE]
    assert found["nextAfter"] is None


async def test_search_pages_follow_the_relevance_order_without_gaps_or_repeats(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    await _save(open_market, RELEVANCE)
    token = (await trader(trading)).access_token
    seen: list[str] = []
    after = None
    for _ in range(len(RELEVANCE)):
        page = (await query(trading, SEARCH, token, search="ZQRL", first=2, after=after))[
            "instruments"
        ]
        seen += [i["tradingsymbol"] for i in page["items"]]
        after = page["nextAfter"]
        if after is None:
            break
    assert seen == [i.tradingsymbol for i in RELEVANCE]


async def test_search_text_is_literal_not_a_like_pattern(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    await _save(open_market, RELEVANCE)
    token = (await trader(trading)).access_token
    found = (await query(trading, SEARCH, token, search="ZQ_L"))["instruments"]
    assert found["items"] == []


# ---- the option chain ------------------------------------------------------------------------

CHAIN_UNDERLYING = "ZQOPT"
SPOT = instrument(8_820_001, CHAIN_UNDERLYING)
STRIKES = [100, 110, 120, 130, 140, 150]
LEGS = [
    instrument(
        8_820_100 + index * 2 + offset,
        f"ZQOPT26DEC{strike}{kind.value}",
        kind,
        underlying=CHAIN_UNDERLYING,
        expiry=NEAR,
        strike=strike,
    )
    for index, strike in enumerate(STRIKES)
    for offset, kind in enumerate((InstrumentType.CE, InstrumentType.PE))
    if not (strike == 150 and kind is InstrumentType.PE)  # a strike with a call only
]


async def _chain(client: httpx.AsyncClient, token: str, **variables: Any) -> dict[str, Any]:
    data = await query(
        client, CHAIN, token, underlying="zqopt", expiry=NEAR.isoformat(), **variables
    )
    chain: dict[str, Any] = data["optionChain"]
    return chain


def _strikes(chain: dict[str, Any]) -> list[Decimal]:
    return [Decimal(row["strike"]) for row in chain["rows"]]


async def test_the_option_chain_comes_in_pages_of_strikes_ascending(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    await _save(open_market, [SPOT, *LEGS])
    token = (await trader(trading)).access_token

    first = await _chain(trading, token, first=4)
    assert _strikes(first) == [Decimal(s) for s in (100, 110, 120, 130)]
    assert first["rows"][0]["call"]["tradingsymbol"] == "ZQOPT26DEC100CE"
    assert first["rows"][0]["put"]["tradingsymbol"] == "ZQOPT26DEC100PE"
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["atmStrike"] is None

    rest = await _chain(trading, token, first=4, after=first["pageInfo"]["endCursor"])
    assert _strikes(rest) == [Decimal(140), Decimal(150)]
    assert rest["rows"][-1]["put"] is None
    assert rest["pageInfo"]["hasNextPage"] is False

    whole = await _chain(trading, token)  # first defaults to 50
    assert _strikes(whole) == [Decimal(s) for s in STRIKES]


async def test_around_atm_keeps_n_strikes_each_side_of_the_last_price(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    await _save(open_market, [SPOT, *LEGS])
    token = (await trader(trading)).access_token
    open_market.set_quotes(quote(SPOT, "123.40"))

    chain = await _chain(trading, token, aroundAtm=1)
    assert Decimal(chain["atmStrike"]) == Decimal(120)
    assert _strikes(chain) == [Decimal(110), Decimal(120), Decimal(130)]

    paged = await _chain(trading, token, aroundAtm=2, first=3)
    assert _strikes(paged) == [Decimal(100), Decimal(110), Decimal(120)]
    more = await _chain(trading, token, aroundAtm=2, first=3, after=paged["pageInfo"]["endCursor"])
    assert _strikes(more) == [Decimal(130), Decimal(140)]
    assert more["pageInfo"]["hasNextPage"] is False


async def test_option_chain_errors_are_typed_and_say_what_to_do(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    unquoted = "ZQNOQ"
    await _save(
        open_market,
        [
            instrument(
                8_830_001,
                "ZQNOQ26DEC100CE",
                InstrumentType.CE,
                underlying=unquoted,
                expiry=NEAR,
                strike=100,
            )
        ],
    )
    token = (await trader(trading)).access_token
    variables = {"underlying": unquoted, "expiry": NEAR.isoformat()}

    no_price = await gql(trading, CHAIN, {**variables, "aroundAtm": 2}, token=token)
    assert error_codes(no_price) == ["NO_UNDERLYING_PRICE"]
    assert "no last price for ZQNOQ" in no_price["errors"][0]["message"]

    too_many = await gql(trading, CHAIN, {**variables, "first": 201}, token=token)
    assert error_codes(too_many) == ["BAD_PAGE_SIZE"]

    bad_cursor = await gql(trading, CHAIN, {**variables, "after": "not-a-cursor"}, token=token)
    assert error_codes(bad_cursor) == ["BAD_CURSOR"]
