"""Webhook payload parsers: TradingView, Chartink and the generic JSON format."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.adapters.webhooks import MAX_BODY_BYTES, MAX_SIGNALS_PER_DELIVERY, parse_webhook
from dalal.domain.orders import OrderType
from dalal.domain.signals import MalformedPayload, ParsedSignal, SignalAction, SignalSource

A = SignalAction
JSON, TV, CHARTINK = SignalSource.JSON, SignalSource.TRADINGVIEW, SignalSource.CHARTINK
WEBHOOK_SOURCES = (JSON, TV, CHARTINK)


def parse(
    source: SignalSource,
    body: object,
    *,
    default_action: SignalAction | None = None,
    content_type: str | None = None,
) -> list[ParsedSignal]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return parse_webhook(source, raw, content_type=content_type, default_action=default_action)


def one(
    source: SignalSource,
    body: object,
    *,
    default_action: SignalAction | None = None,
    content_type: str | None = None,
) -> ParsedSignal:
    [signal] = parse(source, body, default_action=default_action, content_type=content_type)
    return signal


def malformed(
    source: SignalSource,
    body: object,
    *,
    default_action: SignalAction | None = None,
    content_type: str | None = None,
) -> MalformedPayload:
    with pytest.raises(MalformedPayload) as caught:
        parse(source, body, default_action=default_action, content_type=content_type)
    return caught.value


# ---------------------------------------------------------------- generic JSON


def test_the_short_shape_reads_the_signal_id_token_and_strategy() -> None:
    signal = one(
        JSON,
        {
            "token": "whatever-the-url-says",
            "signal": "BUY_ENTRY",
            "unique_id": "n-1",
            "strike_price_token": 12345,
            "strategy_code": "orb",
        },
    )
    assert signal == ParsedSignal(
        action=A.BUY_ENTRY, unique_id="n-1", instrument_token=12345, strategy_code="orb"
    )


@pytest.mark.parametrize("name", ["sell_exit", "Sell_Exit", " SELL_EXIT "])
def test_signal_names_are_read_in_any_case(name: str) -> None:
    assert one(JSON, {"signal": name}).action is A.SELL_EXIT


def test_a_strike_price_token_may_be_a_digit_string_and_an_integer_id_becomes_text() -> None:
    signal = one(JSON, {"signal": "BUY_EXIT", "strike_price_token": "67890", "unique_id": 42})
    assert (signal.instrument_token, signal.unique_id) == (67890, "42")


@pytest.mark.parametrize(
    ("signal_type", "side", "action"),
    [
        ("entry", "buy", A.BUY_ENTRY),
        ("entry", "sell", A.SELL_ENTRY),
        ("exit", "sell", A.BUY_EXIT),  # selling closes a long
        ("exit", "buy", A.SELL_EXIT),  # buying covers a short
    ],
)
def test_the_rich_shape_maps_the_order_side_and_kind_to_an_action(
    signal_type: str, side: str, action: SignalAction
) -> None:
    body = {"signal_type": signal_type.upper(), "action": side.title(), "symbol": "NIFTY"}
    assert one(JSON, body).action is action


def test_the_rich_shape_reads_every_field_with_exact_prices() -> None:
    account = uuid.uuid4()
    body = (
        b'{"strategy_id": "breakout-7", "signal_type": "entry", "symbol": "nse:sbin",'
        b' "action": "buy", "quantity": 3, "price": 560.05, "trigger_price": "559.95",'
        b' "account_id": "' + str(account).encode() + b'", "timestamp": "2024-06-03T09:20:00Z",'
        b' "alert_name": "SBIN breakout", "unique_id": "b7-1"}'
    )
    assert one(JSON, body) == ParsedSignal(
        action=A.BUY_ENTRY,
        symbol="SBIN",
        exchange="NSE",
        unique_id="b7-1",
        quantity=3,
        order_type=OrderType.SL,
        price=Decimal("560.05"),
        trigger_price=Decimal("559.95"),
        strategy_code="breakout-7",
        account_id=account,
        alert_name="SBIN breakout",
        occurred_at=datetime(2024, 6, 3, 9, 20, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("terms", "order_type", "price", "trigger"),
    [
        ({}, None, None, None),
        ({"price": "market"}, OrderType.MARKET, None, None),
        ({"price": "LIMIT", "limit_price": 101.5}, OrderType.LIMIT, "101.5", None),
        ({"price": 101.55}, OrderType.LIMIT, "101.55", None),
        ({"price": "101.55"}, OrderType.LIMIT, "101.55", None),
        ({"price": 101.5, "trigger_price": 101}, OrderType.SL, "101.5", "101"),
        ({"price": "market", "trigger_price": 99.9}, OrderType.SL_M, None, "99.9"),
        ({"trigger_price": 99.9}, OrderType.SL_M, None, "99.9"),
    ],
)
def test_price_and_trigger_price_choose_the_order_type(
    terms: dict[str, object], order_type: OrderType | None, price: str | None, trigger: str | None
) -> None:
    body = json.dumps({"signal": "BUY_ENTRY", **terms}).encode()
    signal = one(JSON, body)
    assert signal.order_type == order_type
    assert signal.price == (Decimal(price) if price else None)
    assert signal.trigger_price == (Decimal(trigger) if trigger else None)


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"price": "limit"}, "limit_price"),
        ({"price": "market", "limit_price": 10}, "limit_price"),
        ({"price": "best"}, "price"),
        ({"price": -5}, "price"),
        ({"price": "NaN"}, "price"),
        ({"trigger_price": "1e999999"}, "trigger_price"),
    ],
)
def test_an_unusable_price_is_malformed_and_named(terms: dict[str, object], field: str) -> None:
    assert malformed(JSON, {"signal": "BUY_ENTRY", **terms}).field == field


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-06-03T09:20:00Z", datetime(2024, 6, 3, 9, 20, tzinfo=UTC)),
        ("2024-06-03T09:20:00", datetime(2024, 6, 3, 9, 20, tzinfo=UTC)),
        (
            "2024-06-03T14:50:00+05:30",
            datetime(2024, 6, 3, 14, 50, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        (1717406400, datetime(2024, 6, 3, 9, 20, tzinfo=UTC)),
        (1717406400123, datetime(2024, 6, 3, 9, 20, 0, 123000, tzinfo=UTC)),
    ],
)
def test_a_timestamp_is_iso_8601_or_epoch_and_always_timezone_aware(
    raw: object, expected: datetime
) -> None:
    occurred_at = one(JSON, {"signal": "BUY_ENTRY", "timestamp": raw}).occurred_at
    assert occurred_at == expected
    assert occurred_at is not None
    assert occurred_at.tzinfo is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quantity", "abc"),
        ("quantity", -1),
        ("quantity", 0),
        ("quantity", 1.5),
        ("quantity", True),
        ("quantity", 100_001),
        ("quantity", 10**400),
        ("quantity", [2]),
        ("unique_id", "x" * 129),
        ("unique_id", 1.5),
        ("unique_id", {"id": 1}),
        ("account_id", "not-a-uuid"),
        ("account_id", 7),
        ("timestamp", "yesterday"),
        ("timestamp", "9999-12-31T23:59:59-05:00"),
        ("timestamp", 10**30),
        ("strike_price_token", "12a"),
        ("strike_price_token", False),
        ("symbol", "SB IN"),
        ("exchange", "MCX"),
        ("signal", "BUY"),
        ("signal", 1),
        ("signal_type", "open"),
        ("action", "BUY_ENTRY"),
        ("alert_name", ["a"]),
    ],
)
def test_a_wrong_type_or_value_is_malformed_and_names_the_field(field: str, value: object) -> None:
    body = {"signal": "BUY_ENTRY", field: value}
    if field in ("signal_type", "action"):
        body = {"signal_type": "entry", "action": "buy", field: value}
    error = malformed(JSON, body)
    assert error.field == field
    assert field in error.message


def test_quantity_accepts_whole_numbers_written_as_text_or_with_a_zero_fraction() -> None:
    assert one(JSON, b'{"signal": "BUY_ENTRY", "quantity": 2.0}').quantity == 2
    assert one(JSON, {"signal": "BUY_ENTRY", "quantity": "100000"}).quantity == 100_000


def test_unknown_fields_are_ignored() -> None:
    body = {"signal": "BUY_EXIT", "comment": {"nested": [1, 2]}, "leverage": "high"}
    assert one(JSON, body) == ParsedSignal(action=A.BUY_EXIT)


def test_the_groups_default_action_stands_in_when_the_body_names_none() -> None:
    assert one(JSON, {"symbol": "SBIN"}, default_action=A.SELL_ENTRY).action is A.SELL_ENTRY
    assert malformed(JSON, {"symbol": "SBIN"}).field == "signal"


def test_half_of_the_rich_action_is_completed_only_by_a_default_that_agrees_with_it() -> None:
    assert one(JSON, {"action": "sell"}, default_action=A.BUY_EXIT).action is A.BUY_EXIT
    assert malformed(JSON, {"action": "sell"}, default_action=A.BUY_ENTRY).field == "signal_type"
    assert malformed(JSON, {"signal_type": "exit"}).field == "action"


def test_a_signal_that_contradicts_signal_type_and_action_is_malformed() -> None:
    body = {"signal": "BUY_ENTRY", "signal_type": "exit", "action": "sell"}
    assert "BUY_EXIT" in malformed(JSON, body).message


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_not_numbers(constant: bytes) -> None:
    error = malformed(JSON, b'{"signal": "BUY_ENTRY", "price": ' + constant + b"}")
    assert "not a number" in error.message


# ---------------------------------------------------------------- TradingView


def tradingview_alert(**values: str) -> dict[str, str]:
    """Dalal's TradingView template as TradingView fills it for a long entry."""
    return {
        "action": "buy",
        "market_position": "long",
        "prev_market_position": "flat",
        "position_size": "2",
        "ticker": "SBIN",
        "exchange": "NSE",
        "close": "812.35",
        "contracts": "2",
        "time": "2024-06-03T04:05:00Z",
        "alert_name": "SBIN swing",
        **values,
    }


def test_a_filled_tradingview_template_becomes_a_signal() -> None:
    assert one(TV, tradingview_alert()) == ParsedSignal(
        action=A.BUY_ENTRY,
        symbol="SBIN",
        exchange="NSE",
        quantity=2,
        reference_price=Decimal("812.35"),
        alert_name="SBIN swing",
        occurred_at=datetime(2024, 6, 3, 4, 5, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("side", "position", "previous", "actions"),
    [
        ("buy", "long", "flat", [A.BUY_ENTRY]),
        ("buy", "long", "long", [A.BUY_ENTRY]),  # pyramiding
        ("sell", "flat", "long", [A.BUY_EXIT]),
        ("sell", "long", "long", [A.BUY_EXIT]),  # a partial exit
        ("sell", "short", "flat", [A.SELL_ENTRY]),
        ("buy", "flat", "short", [A.SELL_EXIT]),
        ("buy", "short", "short", [A.SELL_EXIT]),  # a partial cover
        ("buy", "long", "short", [A.SELL_EXIT, A.BUY_ENTRY]),  # reversal
        ("sell", "short", "long", [A.BUY_EXIT, A.SELL_ENTRY]),  # reversal
    ],
)
def test_the_order_side_and_the_position_it_leaves_decide_the_signals(
    side: str, position: str, previous: str, actions: list[SignalAction]
) -> None:
    body = tradingview_alert(action=side, market_position=position, prev_market_position=previous)
    assert [s.action for s in parse(TV, body)] == actions


def test_a_reversal_splits_its_contracts_and_suffixes_its_id() -> None:
    body = tradingview_alert(
        action="sell",
        market_position="short",
        prev_market_position="long",
        contracts="3",
        position_size="1",
        id="Flip",
    )
    exit_, entry = parse(TV, body)
    assert (exit_.action, exit_.quantity, exit_.unique_id) == (A.BUY_EXIT, 2, "Flip:exit")
    assert (entry.action, entry.quantity, entry.unique_id) == (A.SELL_ENTRY, 1, "Flip:entry")


def test_a_reversal_without_a_position_size_leaves_both_quantities_to_the_algo() -> None:
    body = tradingview_alert(market_position="long", prev_market_position="short")
    del body["position_size"]
    assert [(s.quantity, s.unique_id) for s in parse(TV, body)] == [(None, None), (None, None)]


def test_continuous_futures_name_their_underlying() -> None:
    signal = one(TV, tradingview_alert(ticker="NSE:BANKNIFTY1!", exchange="NSE"))
    assert (signal.exchange, signal.symbol) == ("NSE", "BANKNIFTY")


def test_contracts_may_come_as_a_whole_decimal_but_not_a_fraction() -> None:
    assert one(TV, tradingview_alert(contracts="2.0")).quantity == 2
    assert malformed(TV, tradingview_alert(contracts="2.5")).field == "contracts"


def test_an_unreplaced_placeholder_says_the_alert_is_not_on_a_strategy() -> None:
    error = malformed(TV, tradingview_alert(close="{{close}}"))
    assert error.field == "close"
    assert "placeholder" in error.message
    assert "strategy" in error.message


def test_an_exchange_field_that_contradicts_the_ticker_is_malformed() -> None:
    assert malformed(TV, tradingview_alert(ticker="NSE:SBIN", exchange="BSE")).field == "exchange"


def test_a_tradingview_group_also_takes_the_generic_shapes() -> None:
    assert one(TV, {"signal": "SELL_EXIT", "unique_id": "x"}).action is A.SELL_EXIT
    rich = {"signal_type": "exit", "action": "sell", "symbol": "NIFTY"}
    assert one(TV, rich).action is A.BUY_EXIT


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BUY NIFTY 2", ParsedSignal(A.BUY_ENTRY, symbol="NIFTY", quantity=2)),
        ("sell sbin", ParsedSignal(A.SELL_ENTRY, symbol="SBIN")),
        ("  BUY_EXIT   NSE:SBIN   10 \n", ParsedSignal(A.BUY_EXIT, "SBIN", "NSE", quantity=10)),
        ("exit long NIFTY", ParsedSignal(A.BUY_EXIT, symbol="NIFTY")),
        ("EXIT SHORT NIFTY 1", ParsedSignal(A.SELL_EXIT, symbol="NIFTY", quantity=1)),
        ("Sell_Entry", ParsedSignal(A.SELL_ENTRY)),
        ("BUY 3", ParsedSignal(A.BUY_ENTRY, quantity=3)),
    ],
)
def test_plain_text_alerts_are_an_action_an_optional_symbol_and_optional_lots(
    line: str, expected: ParsedSignal
) -> None:
    assert parse(TV, line.encode(), content_type="text/plain") == [expected]


@pytest.mark.parametrize("line", ["HOLD NIFTY", "EXIT NIFTY", "BUY NIFTY 2 now", "BUYNIFTY"])
def test_unreadable_plain_text_is_malformed_with_an_example_of_a_valid_line(line: str) -> None:
    assert "BUY NIFTY 2" in malformed(TV, line.encode(), content_type="text/plain").message


@pytest.mark.parametrize(
    ("line", "field"),
    [("BUY NIFTY two", "quantity"), ("BUY NIFTY 0", "quantity"), ("BUY SB@IN", "symbol")],
)
def test_a_bad_symbol_or_lots_in_plain_text_is_named(line: str, field: str) -> None:
    assert malformed(TV, line.encode(), content_type="text/plain").field == field


# ---------------------------------------------------------------- Chartink

CHARTINK_ALERT = (
    b'{"stocks": "SEPOWER,ASTEC,EDUCOMP,KSERASERA,IOLCP,GUJAPOLLO,EMCO",'
    b' "trigger_prices": "3.75,541.8,2.1,0.2,329.6,166.8,1.25",'
    b' "triggered_at": "2:34 pm", "scan_name": "Short term breakouts",'
    b' "scan_url": "short-term-breakouts", "alert_name": "Alert for Short term breakouts",'
    b' "webhook_url": "http://your-web-hook-url.com"}'
)


def test_a_chartink_alert_becomes_one_signal_per_stock_with_the_groups_action() -> None:
    signals = parse(CHARTINK, CHARTINK_ALERT, default_action=A.BUY_ENTRY)
    assert [(s.symbol, s.reference_price) for s in signals] == [
        ("SEPOWER", Decimal("3.75")),
        ("ASTEC", Decimal("541.8")),
        ("EDUCOMP", Decimal("2.1")),
        ("KSERASERA", Decimal("0.2")),
        ("IOLCP", Decimal("329.6")),
        ("GUJAPOLLO", Decimal("166.8")),
        ("EMCO", Decimal("1.25")),
    ]
    assert {(s.action, s.exchange, s.unique_id, s.alert_name) for s in signals} == {
        (A.BUY_ENTRY, "NSE", None, "Alert for Short term breakouts")
    }


def test_a_form_encoded_chartink_alert_reads_the_same() -> None:
    body = b"stocks=M%26M%2CBAJAJ-AUTO&trigger_prices=2890.5%2C9100&scan_name=Gap+up"
    signals = parse(
        CHARTINK, body, default_action=A.BUY_EXIT, content_type="application/x-www-form-urlencoded"
    )
    assert [(s.action, s.symbol, s.reference_price, s.alert_name) for s in signals] == [
        (A.BUY_EXIT, "M&M", Decimal("2890.5"), "Gap up"),
        (A.BUY_EXIT, "BAJAJ-AUTO", Decimal("9100"), "Gap up"),
    ]


def test_chartink_without_a_group_action_tells_the_user_to_set_one() -> None:
    assert "action" in malformed(CHARTINK, CHARTINK_ALERT).message


def test_blank_entries_and_a_repeated_stock_are_tolerated() -> None:
    body = {"stocks": " SBIN , INFY,,SBIN, ", "trigger_prices": "560.5, 1450,,561,"}
    signals = parse(CHARTINK, body, default_action=A.SELL_ENTRY)
    assert [(s.symbol, s.reference_price) for s in signals] == [
        ("SBIN", Decimal("560.5")),
        ("INFY", Decimal("1450")),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stocks": "SBIN,INFY", "trigger_prices": "560.5"}, "trigger_prices"),
        ({"stocks": "SBIN", "trigger_prices": "cheap"}, "trigger_prices"),
        ({"stocks": ""}, "stocks"),
        ({"scan_name": "no stocks"}, "stocks"),
        ({"stocks": {"SBIN": 1}}, "stocks"),
        ({"stocks": "SBIN;INFY"}, "stocks"),
    ],
)
def test_a_chartink_alert_that_cannot_be_paired_up_is_malformed(
    body: dict[str, object], field: str
) -> None:
    assert malformed(CHARTINK, body, default_action=A.BUY_ENTRY).field == field


def test_a_chartink_alert_may_name_at_most_the_delivery_limit_of_stocks() -> None:
    names = [f"S{i}" for i in range(MAX_SIGNALS_PER_DELIVERY + 1)]
    allowed = parse(CHARTINK, {"stocks": ",".join(names[:-1])}, default_action=A.BUY_ENTRY)
    assert len(allowed) == MAX_SIGNALS_PER_DELIVERY
    too_many = {"stocks": ",".join(names)}
    assert malformed(CHARTINK, too_many, default_action=A.BUY_ENTRY).field == "stocks"


# ---------------------------------------------------------------- hostile bodies


@pytest.mark.parametrize("source", WEBHOOK_SOURCES)
@pytest.mark.parametrize(
    "body",
    [
        b"",
        b" \n\t ",
        b"\xff\xfe\x00garbage",
        b'{"signal": "BUY_ENTRY",',
        b"[1, 2]",
        b"[" * 30_000 + b"]" * 30_000,
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        b'{"signal": "BUY_ENTRY", "quantity": 1e999999999}',
        b"x" * (MAX_BODY_BYTES + 1),
    ],
)
def test_hostile_bodies_are_malformed_for_every_source(source: SignalSource, body: bytes) -> None:
    malformed(source, body, default_action=A.BUY_ENTRY)


@pytest.mark.parametrize("body", [b"42", b'"BUY_ENTRY"', b"null", b"true"])
@pytest.mark.parametrize("source", [JSON, CHARTINK])
def test_json_that_is_not_an_object_is_malformed(source: SignalSource, body: bytes) -> None:
    malformed(source, body, default_action=A.BUY_ENTRY, content_type="application/json")


def json_values() -> st.SearchStrategy[object]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )


KNOWN_FIELDS = [
    "signal", "signal_type", "action", "symbol", "ticker", "exchange", "quantity", "price",
    "limit_price", "trigger_price", "unique_id", "strike_price_token", "strategy_code",
    "strategy_id", "account_id", "timestamp", "alert_name", "market_position",
    "prev_market_position", "position_size", "close", "contracts", "id", "time", "stocks",
    "trigger_prices", "scan_name",
]  # fmt: skip
FIELD_VALUES = st.one_of(
    json_values(),
    st.sampled_from(["buy", "sell", "long", "flat", "short", "entry", "exit", "BUY_ENTRY"]),
    st.sampled_from(["SBIN", "NSE:NIFTY1!", "SBIN,INFY", "1,2", "2.0", "1e5", "{{close}}"]),
)
ACTIONS = st.none() | st.sampled_from(SignalAction)


def assert_parses_or_is_malformed(
    source: SignalSource, body: bytes, action: SignalAction | None, content_type: str | None
) -> None:
    try:
        signals = parse_webhook(source, body, content_type=content_type, default_action=action)
    except MalformedPayload:
        return
    assert isinstance(signals, list)
    assert all(isinstance(s, ParsedSignal) for s in signals)


@given(
    st.sampled_from(WEBHOOK_SOURCES),
    st.binary(max_size=300),
    ACTIONS,
    st.sampled_from([None, "text/plain", "application/x-www-form-urlencoded"]),
)
def test_any_bytes_parse_or_are_malformed_and_nothing_else(
    source: SignalSource, body: bytes, action: SignalAction | None, content_type: str | None
) -> None:
    assert_parses_or_is_malformed(source, body, action, content_type)


@given(
    st.sampled_from(WEBHOOK_SOURCES),
    st.dictionaries(st.sampled_from(KNOWN_FIELDS) | st.text(max_size=8), FIELD_VALUES),
    ACTIONS,
)
def test_any_json_object_parses_or_is_malformed_and_nothing_else(
    source: SignalSource, obj: dict[str, object], action: SignalAction | None
) -> None:
    body = json.dumps(obj).encode()
    assert_parses_or_is_malformed(source, body, action, "application/json")


@given(st.text(max_size=60), ACTIONS)
def test_any_text_line_parses_or_is_malformed_for_tradingview(
    line: str, action: SignalAction | None
) -> None:
    assert_parses_or_is_malformed(TV, line.encode(), action, "text/plain")
