"""The options area over real HTTP and websockets: calculator, chain, builder, basket.

The chain is one of our own (underlying ``DALALOPT``), quoted by the test from Black-76 at
20% volatility on a future at 1002, so the analytics have known answers.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.market import Quote
from dalal.domain.options import black76_price, year_fraction
from dalal.services.instruments import save_instruments
from tests.api.helpers import error_codes, gql
from tests.api.trading_support import Streams, TradingServer, open_account, query, trader

pytest_plugins = ["tests.api.conftest_trading"]

IST = ZoneInfo("Asia/Kolkata")

NAME, LOT, TICK = "DALALOPT", 50, Decimal("0.05")
NEAR, FAR = date(2026, 12, 29), date(2027, 1, 26)
FUTURE_PRICE, VOL, RATE = Decimal("1002"), 0.20, 0.065
STRIKES = [900 + 25 * i for i in range(9)]  # 900 … 1100


def _option(token: int, expiry: date, strike: int, kind: InstrumentType) -> Instrument:
    month = "26DEC" if expiry == NEAR else "27JAN"
    return Instrument(
        token, Exchange.NFO, f"{NAME}{month}{strike}{kind.value}", NAME, kind, LOT, TICK,
        underlying=NAME, expiry=expiry, strike=Decimal(strike),
    )  # fmt: skip


SPOT = Instrument(8_870_200, Exchange.NSE, NAME, "DALAL OPT INDEX", InstrumentType.INDEX, 1, TICK)
FUTURE = Instrument(
    8_870_201, Exchange.NFO, f"{NAME}26DECFUT", NAME, InstrumentType.FUT, LOT, TICK,
    underlying=NAME, expiry=NEAR,
)  # fmt: skip
OPTIONS = [
    _option(8_870_210 + 2 * i + (kind is InstrumentType.PE), NEAR, k, kind)
    for i, k in enumerate(STRIKES)
    for kind in (InstrumentType.CE, InstrumentType.PE)
] + [
    _option(8_870_250 + 2 * i + (kind is InstrumentType.PE), FAR, k, kind)
    for i, k in enumerate(STRIKES)
    for kind in (InstrumentType.CE, InstrumentType.PE)
]
PUT_VOLUME = 3_000  # every put trades 3000, every call 1000: PCR 3 by volume
CALL_VOLUME = 1_000


@pytest.fixture(scope="module")
async def chain_instruments(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        await save_instruments(
            SqlUnitOfWorkFactory(create_session_factory(engine), None)(),
            [SPOT, FUTURE, *OPTIONS],
        )
    finally:
        await engine.dispose()


def _ticks(value: float) -> Decimal:
    return max((Decimal(repr(value)) / TICK).quantize(Decimal(1), ROUND_HALF_UP) * TICK, TICK)


def _quotes(future: Decimal = FUTURE_PRICE) -> list[Quote]:
    now = datetime.now(UTC)
    quotes = [
        Quote(SPOT.token, now, future - 2),
        Quote(FUTURE.token, now, future, future - TICK, future + TICK, 9),
    ]
    for o in OPTIONS:
        t = year_fraction(now, o.expiry or NEAR)
        fair = float(
            black76_price(float(future), float(o.strike or 0), t, VOL, rate=RATE,
                          is_call=o.instrument_type is InstrumentType.CE)
        )  # fmt: skip
        mid = _ticks(fair)
        volume = CALL_VOLUME if o.instrument_type is InstrumentType.CE else PUT_VOLUME
        quotes.append(Quote(o.token, now, mid, mid - TICK, mid + TICK, volume))
    return quotes


@pytest.fixture
async def market(open_market: TradingServer, chain_instruments: None) -> TradingServer:
    open_market.set_quotes(*_quotes())
    return open_market


CALCULATOR = """
query Calc($model: PricingModel!, $type: OptionType!, $s: Float!, $k: Float!, $d: Float!,
           $r: Float!, $vol: Float, $price: Float) {
  optionCalculator(model: $model, optionType: $type, underlyingPrice: $s, strike: $k,
                   daysToExpiry: $d, rate: $r, volatility: $vol, price: $price) {
    __typename
    ... on OptionCalculation { price iv delta gamma theta vega rho }
    ... on UserError { message code }
    ... on InvalidInput { field }
    ... on NoImpliedVolError { reason }
  }
}
"""


async def test_the_calculator_prices_hulls_call_and_solves_its_iv(
    trading: httpx.AsyncClient,
) -> None:
    hull = {"model": "BS", "type": "CE", "s": 42, "k": 40, "d": 182.5, "r": 10}
    priced = (await gql(trading, CALCULATOR, {**hull, "vol": 20}))["data"]["optionCalculator"]
    assert priced["__typename"] == "OptionCalculation"
    assert priced["price"] == pytest.approx(4.7594, abs=5e-5)
    solved = (await gql(trading, CALCULATOR, {**hull, "price": priced["price"]}))["data"][
        "optionCalculator"
    ]
    assert solved["iv"] == pytest.approx(20, abs=1e-6)
    both = (await gql(trading, CALCULATOR, {**hull, "vol": 20, "price": 4}))["data"]
    assert both["optionCalculator"]["__typename"] == "InvalidInput"
    neither = (await gql(trading, CALCULATOR, hull))["data"]["optionCalculator"]
    assert neither["field"] == "volatility"
    below = (await gql(trading, CALCULATOR, {**hull, "price": 1.5}))["data"]["optionCalculator"]
    assert below["__typename"] == "NoImpliedVolError"
    assert below["reason"] == "BELOW_INTRINSIC"


CHAIN = """
query Chain($u: String!, $e: Date!, $first: Int!, $after: String) {
  optionChain(underlying: $u, expiry: $e, first: $first, after: $after) {
    underlying atmStrike pageInfo { hasNextPage endCursor }
    rows {
      strike isAtm callQuote { ltp bid ask volume } putQuote { ltp }
      callAnalytics { iv delta gamma theta vega oi } putAnalytics { iv delta }
    }
    analytics {
      spot futurePrice forward forwardBasis daysToExpiry atmStrike pcr pcrBasis maxPain atmIv
    }
  }
}
"""


async def test_the_chain_has_ivs_greeks_atm_pcr_and_max_pain(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    data = await query(trading, CHAIN, user.access_token, u=NAME, e=NEAR.isoformat(), first=20)
    chain = data["optionChain"]
    assert chain["atmStrike"] is None  # only with aroundAtm, as before
    summary = chain["analytics"]
    assert Decimal(summary["futurePrice"]) == FUTURE_PRICE
    assert summary["forwardBasis"] == "FUTURE"
    assert Decimal(summary["atmStrike"]) == 1000
    assert summary["pcrBasis"] == "VOLUME"
    assert summary["pcr"] == pytest.approx(PUT_VOLUME / CALL_VOLUME)
    assert Decimal(summary["maxPain"]) in {Decimal(k) for k in STRIKES}
    assert summary["atmIv"] == pytest.approx(20, abs=0.2)  # prices rounded to the tick
    rows = {Decimal(r["strike"]): r for r in chain["rows"]}
    assert [k for k, r in rows.items() if r["isAtm"]] == [Decimal(1000)]
    atm = rows[Decimal(1000)]
    assert atm["callAnalytics"]["iv"] == pytest.approx(20, abs=0.2)
    assert 0.5 < atm["callAnalytics"]["delta"] < 0.6
    assert -0.5 < atm["putAnalytics"]["delta"] < -0.4
    assert atm["callAnalytics"]["theta"] < 0 < atm["callAnalytics"]["vega"]
    assert atm["callAnalytics"]["oi"] is None


async def test_the_chain_still_pages_with_analytics_on_every_page(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    first = (await query(trading, CHAIN, user.access_token, u=NAME, e=NEAR.isoformat(), first=4))[
        "optionChain"
    ]
    assert first["pageInfo"]["hasNextPage"] is True
    second = (
        await query(
            trading, CHAIN, user.access_token, u=NAME, e=NEAR.isoformat(), first=4,
            after=first["pageInfo"]["endCursor"],
        )
    )["optionChain"]  # fmt: skip
    assert [Decimal(r["strike"]) for r in second["rows"]] == [1000, 1025, 1050, 1075]
    for key in ("atmStrike", "futurePrice", "pcr", "maxPain"):  # the whole chain's figures
        assert second["analytics"][key] == first["analytics"][key]


BUILD = """
query Build($t: StrategyTemplate!, $u: String!, $e: Date!, $width: Int!, $wing: Int!) {
  buildOptionStrategy(template: $t, underlying: $u, expiry: $e, width: $width, wing: $wing) {
    __typename
    ... on OptionStrategy {
      legs { side kind strike expiry lots quantity entryPrice iv instrument { tradingsymbol } }
    }
    ... on UserError { message code }
  }
}
"""
ANALYTICS = """
query Analyse($u: String!, $legs: [StrategyLegInput!]!, $shift: Float!) {
  optionStrategyAnalytics(underlying: $u, legs: $legs, ivShift: $shift) {
    __typename
    ... on OptionStrategyAnalytics {
      forward breakevens maxProfit maxLoss unlimitedProfit unlimitedLoss netPremium
      probabilityOfProfit margin payoff { price expiry atDate }
      greeks { delta gamma theta vega rho }
    }
    ... on UserError { message code }
  }
}
"""


async def _condor(trading: httpx.AsyncClient, token: str) -> list[dict[str, Any]]:
    body = await query(
        trading, BUILD, token, t="IRON_CONDOR", u=NAME, e=NEAR.isoformat(), width=2, wing=2
    )
    built = body["buildOptionStrategy"]
    assert built["__typename"] == "OptionStrategy", built
    legs: list[dict[str, Any]] = built["legs"]
    return legs


async def test_an_iron_condor_is_built_priced_and_analysed(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    legs = await _condor(trading, user.access_token)
    assert [(x["side"], x["kind"], Decimal(x["strike"])) for x in legs] == [
        ("BUY", "PE", 900), ("SELL", "PE", 950), ("SELL", "CE", 1050), ("BUY", "CE", 1100)
    ]  # fmt: skip
    quotes = {q.token: q for q in _quotes()}
    by_symbol = {o.tradingsymbol: o for o in OPTIONS}
    for x in legs:
        q = quotes[by_symbol[x["instrument"]["tradingsymbol"]].token]
        assert Decimal(x["entryPrice"]) == (q.ask if x["side"] == "BUY" else q.bid)
        assert x["quantity"] == LOT
    inputs = [
        {k: x[k] for k in ("side", "kind", "strike", "expiry", "lots", "entryPrice")} for x in legs
    ]
    result = (await query(trading, ANALYTICS, user.access_token, u=NAME, legs=inputs, shift=0))[
        "optionStrategyAnalytics"
    ]
    assert result["__typename"] == "OptionStrategyAnalytics", result
    credit = sum(
        (Decimal(x["entryPrice"]) * (1 if x["side"] == "SELL" else -1) for x in legs), Decimal(0)
    )
    assert Decimal(result["netPremium"]) == credit * LOT
    assert Decimal(result["maxProfit"]) == credit * LOT
    assert Decimal(result["maxLoss"]) == (credit - 50) * LOT
    assert result["unlimitedProfit"] is False
    assert result["unlimitedLoss"] is False
    low, high = (Decimal(b) for b in result["breakevens"])
    assert low == 950 - credit
    assert high == 1050 + credit
    assert 0 < result["probabilityOfProfit"] < 1
    # the core's margin: bought legs pay their premium, sold ones block 12% of strike × qty
    want = sum(
        (
            Decimal(x["entryPrice"]) * LOT
            if x["side"] == "BUY"
            else Decimal(x["strike"]) * LOT * Decimal("0.12")
            for x in legs
        ),
        Decimal(0),
    )
    assert Decimal(result["margin"]) == want
    assert len(result["payoff"]) == 201
    assert result["greeks"]["vega"] < 0


async def test_bad_strategy_input_is_a_typed_error(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    too_wide = await query(
        trading, BUILD, user.access_token, t="IRON_CONDOR", u=NAME, e=NEAR.isoformat(),
        width=3, wing=3,
    )  # fmt: skip
    assert too_wide["buildOptionStrategy"]["__typename"] == "InvalidInput"
    missing = [{"side": "BUY", "kind": "CE", "strike": "1234", "expiry": NEAR.isoformat()}]
    body = await query(trading, ANALYTICS, user.access_token, u=NAME, legs=missing, shift=0)
    assert body["optionStrategyAnalytics"]["__typename"] == "NotFound"
    no_chain = await query(
        trading, BUILD, user.access_token, t="LONG_STRADDLE", u="NOSUCH", e=NEAR.isoformat(),
        width=2, wing=2,
    )  # fmt: skip
    assert no_chain["buildOptionStrategy"]["__typename"] == "InvalidInput"


BASKET = """
mutation Basket($legs: [BasketLegInput!]!, $ids: [ID!]!) {
  placeBasket(legs: $legs, accountIds: $ids) {
    __typename
    ... on PlaceBasketSuccess {
      accounts {
        accountId placed failedLeg
        orders { status instrument { tradingsymbol } }
        fills { quantity price }
        error { __typename message code }
      }
    }
    ... on UserError { message code }
  }
}
"""
LEGS = """query Legs($id: ID!) {
  accountOptionLegs(accountId: $id) { side kind strike lots entryPrice }
}"""


async def test_a_condor_basket_fills_eight_legs_across_two_accounts_and_loads_back(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    first = await open_account(trading, user.access_token, label="one")
    second = await open_account(trading, user.access_token, label="two")
    legs = await _condor(trading, user.access_token)
    basket = [
        {"symbol": x["instrument"]["tradingsymbol"], "side": x["side"], "lots": 1} for x in legs
    ]
    data = await query(
        trading, BASKET, user.access_token, legs=basket, ids=[first["id"], second["id"]]
    )
    accounts = data["placeBasket"]["accounts"]
    assert [a["placed"] for a in accounts] == [True, True]
    assert sum(len(a["fills"]) for a in accounts) == 8
    assert all(o["status"] == "COMPLETE" for a in accounts for o in a["orders"])
    loaded = (await query(trading, LEGS, user.access_token, id=first["id"]))["accountOptionLegs"]
    assert sorted((x["side"], x["kind"], Decimal(x["strike"])) for x in loaded) == sorted(
        (x["side"], x["kind"], Decimal(x["strike"])) for x in legs
    )


async def test_a_basket_to_someone_elses_account_places_nothing_there(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    owner, intruder = await trader(trading), await trader(trading)
    theirs = await open_account(trading, owner.access_token)
    mine = await open_account(trading, intruder.access_token)
    basket = [{"symbol": OPTIONS[8].tradingsymbol, "side": "BUY", "lots": 1}]
    data = await query(
        trading, BASKET, intruder.access_token, legs=basket, ids=[theirs["id"], mine["id"]]
    )
    refused, placed = data["placeBasket"]["accounts"]
    assert refused["placed"] is False
    assert refused["failedLeg"] == 0
    assert refused["error"]["__typename"] == "NotFound"
    assert placed["placed"] is True
    owner_legs = await query(trading, LEGS, owner.access_token, id=theirs["id"])
    assert owner_legs["accountOptionLegs"] == []
    peek = await query(trading, LEGS, intruder.access_token, id=theirs["id"])
    assert peek["accountOptionLegs"] is None


async def test_options_queries_need_a_login(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    body = await gql(trading, LEGS, {"id": "00000000-0000-0000-0000-000000000000"})
    assert error_codes(body) == ["UNAUTHENTICATED"]
    body = await gql(trading, BASKET, {"legs": [], "ids": []})
    assert error_codes(body) == ["UNAUTHENTICATED"]


LIVE = """
subscription Live($u: String!, $e: Date!) {
  optionChainUpdates(underlying: $u, expiry: $e, strikesAroundAtm: 2) {
    underlying summary { atmStrike futurePrice }
    rows { strike isAtm callQuote { ltp } callAnalytics { iv } }
  }
}
"""


async def _subscribe_chain(streams: Streams) -> None:
    variables = {"u": NAME, "e": NEAR.isoformat()}
    payload = {"query": LIVE, "variables": variables}
    await streams.ws.send({"id": "chain", "type": "subscribe", "payload": payload})
    streams.buffered["chain"] = []


async def test_the_chain_streams_live_when_its_quotes_move(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    streams = await Streams.open(market, user.access_token)
    try:
        await _subscribe_chain(streams)
        first = await streams.next("chain")
        snapshot = first["optionChainUpdates"]
        assert [Decimal(r["strike"]) for r in snapshot["rows"]] == [950, 975, 1000, 1025, 1050]
        assert Decimal(snapshot["summary"]["futurePrice"]) == FUTURE_PRICE
        moved = _quotes(Decimal("1052"))
        for _ in range(20):
            await market.tick(*moved)
            try:
                later = await streams.next(
                    "chain",
                    lambda d: Decimal(d["optionChainUpdates"]["summary"]["atmStrike"]) == 1050,
                    timeout=1,
                )
                break
            except TimeoutError:
                continue
        else:
            raise AssertionError("the chain never moved")
        assert Decimal(later["optionChainUpdates"]["rows"][2]["strike"]) == 1050
    finally:
        await streams.close()
        market.set_quotes(*_quotes())


async def test_live_updates_are_throttled_to_two_a_second(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    streams = await Streams.open(market, user.access_token)
    try:
        await _subscribe_chain(streams)
        await streams.next("chain")
        started = asyncio.get_running_loop().time()
        for _ in range(12):  # 12 ticks in about a second
            await market.tick(*_quotes())
            # Paced input, not a wait: the throttle under test is a rate over wall time.
            await asyncio.sleep(0.08)
        received = 0
        try:
            while True:
                await streams.next("chain", timeout=0.6)
                received += 1
        except TimeoutError:
            pass
        elapsed = asyncio.get_running_loop().time() - started
        assert 1 <= received <= int(elapsed / 0.5) + 1
    finally:
        await streams.close()


TEMPLATES = (
    "{ strategyTemplates { template description legs { side kind base wing ratio farExpiry } } }"
)
AT_DATE = """
query AtDate($u: String!, $legs: [StrategyLegInput!]!, $at: DateTime!) {
  optionStrategyAnalytics(underlying: $u, legs: $legs, at: $at,
                          priceRange: {low: 900, high: 1100, points: 41}) {
    __typename
    ... on OptionStrategyAnalytics {
      maxProfit maxLoss unlimitedProfit unlimitedLoss breakevens payoff { price expiry atDate }
    }
    ... on UserError { message code }
    ... on InvalidInput { field }
  }
}
"""


async def test_the_templates_are_listed_with_their_recipes(trading: httpx.AsyncClient) -> None:
    found = (await gql(trading, TEMPLATES))["data"]["strategyTemplates"]
    by_name = {t["template"]: t for t in found}
    assert len(by_name) == 10
    condor = by_name["IRON_CONDOR"]["legs"]
    assert [(x["side"], x["kind"], x["wing"]) for x in condor] == [
        ("BUY", "PE", True), ("SELL", "PE", False), ("SELL", "CE", False), ("BUY", "CE", True)
    ]  # fmt: skip
    assert by_name["CALENDAR_SPREAD"]["legs"][1]["farExpiry"] is True


async def test_a_short_straddle_at_expiry_day_close_matches_its_expiry_payoff(
    market: TradingServer, trading: httpx.AsyncClient
) -> None:
    user = await trader(trading)
    legs = [
        {"side": "SELL", "kind": kind, "strike": "1000", "expiry": NEAR.isoformat(), "lots": 1}
        for kind in ("CE", "PE")
    ]
    at = datetime(NEAR.year, NEAR.month, NEAR.day, 15, 30, tzinfo=IST).isoformat()
    found = (await query(trading, AT_DATE, user.access_token, u=NAME, legs=legs, at=at))[
        "optionStrategyAnalytics"
    ]
    assert found["__typename"] == "OptionStrategyAnalytics", found
    assert found["unlimitedLoss"] is True
    assert found["maxLoss"] is None
    assert Decimal(found["maxProfit"]) > 0
    assert len(found["breakevens"]) == 2
    for point in found["payoff"]:
        assert point["atDate"] == pytest.approx(point["expiry"], abs=1e-6)
    naive = (
        await query(
            trading, AT_DATE, user.access_token, u=NAME, legs=legs, at="2026-12-01T10:00:00"
        )
    )["optionStrategyAnalytics"]
    assert naive["__typename"] == "InvalidInput"
    assert naive["field"] == "at"
    late = (
        await query(
            trading, AT_DATE, user.access_token, u=NAME, legs=legs, at="2027-06-01T10:00:00+05:30"
        )
    )["optionStrategyAnalytics"]
    assert late["__typename"] == "InvalidInput"
