"""Tick sizes and lot sizes by date, and the price and quantity checks on a new order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dalal.domain.errors import InvalidInput
from dalal.domain.instrument_rules import (
    InvalidPrice,
    InvalidQuantity,
    NoLotSizeRule,
    PriceNotOnTick,
    QuantityNotLotMultiple,
    check_price,
    check_quantity,
    is_tick_multiple,
    lot_size_for,
    tick_size_for,
)
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.domain.order_book import PriceCheck, QuantityCheck

EQ, FUT, CE, PE, INDEX = (
    InstrumentType.EQ,
    InstrumentType.FUT,
    InstrumentType.CE,
    InstrumentType.PE,
    InstrumentType.INDEX,
)
SLABS_ERA = date(2025, 4, 15)


def stock(tick: str = "0.05") -> Instrument:
    return Instrument(1, Exchange.NSE, "ITC", "ITC", EQ, 1, Decimal(tick))


def option(lot: int = 65) -> Instrument:
    return Instrument(
        2, Exchange.NFO, "NIFTY26JAN26000CE", "NIFTY", CE, lot, Decimal("0.05"),
        underlying="NIFTY", expiry=date(2026, 1, 27), strike=Decimal(26000),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("price", "tick"),
    [
        ("0.50", "0.01"),
        ("249.99", "0.01"),
        ("250", "0.05"),
        ("1000", "0.05"),
        ("1000.05", "0.10"),
        ("5000", "0.10"),
        ("5000.10", "0.50"),
        ("10000", "0.50"),
        ("10000.50", "1.00"),
        ("20000", "1.00"),
        ("20001", "5.00"),
        ("95000", "5.00"),
    ],
)
def test_cash_equities_and_stock_futures_tick_by_price_slab_since_april_2025(
    price: str, tick: str
) -> None:
    for kind in (EQ, FUT):
        assert tick_size_for(kind, False, Decimal(price), SLABS_ERA) == Decimal(tick)


def test_the_price_slabs_start_on_15_april_2025() -> None:
    assert tick_size_for(EQ, False, Decimal(1500), date(2025, 4, 14)) == Decimal("0.05")
    assert tick_size_for(EQ, False, Decimal(1500), date(2025, 4, 15)) == Decimal("0.10")
    assert tick_size_for(FUT, False, Decimal(12000), date(2025, 4, 14)) == Decimal("0.05")
    assert tick_size_for(FUT, False, Decimal(12000), date(2025, 4, 15)) == Decimal("1.00")


def test_stocks_below_250_tick_at_a_paisa_from_10_june_2024_and_their_futures_from_8_july() -> None:
    price = Decimal("120.00")
    assert tick_size_for(EQ, False, price, date(2024, 6, 9)) == Decimal("0.05")
    assert tick_size_for(EQ, False, price, date(2024, 6, 10)) == Decimal("0.01")
    assert tick_size_for(FUT, False, price, date(2024, 7, 7)) == Decimal("0.05")
    assert tick_size_for(FUT, False, price, date(2024, 7, 8)) == Decimal("0.01")
    assert tick_size_for(EQ, False, Decimal(250), date(2024, 6, 10)) == Decimal("0.05")


@pytest.mark.parametrize(
    ("level", "tick"),
    [("9000", "0.05"), ("15000", "0.05"), ("15000.05", "0.10"), ("30000", "0.10"),
     ("30000.05", "0.20"), ("59000", "0.20")],
)  # fmt: skip
def test_index_futures_and_indices_tick_by_index_level_since_april_2025(
    level: str, tick: str
) -> None:
    assert tick_size_for(FUT, True, Decimal(level), SLABS_ERA) == Decimal(tick)
    assert tick_size_for(INDEX, True, Decimal(level), SLABS_ERA) == Decimal(tick)
    assert tick_size_for(FUT, True, Decimal(level), date(2025, 4, 14)) == Decimal("0.05")


@given(
    st.sampled_from([CE, PE]),
    st.booleans(),
    st.decimals(min_value=0, max_value=100_000, places=2),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 1, 1)),
)
def test_options_always_tick_at_five_paise(
    kind: InstrumentType, on_index: bool, price: Decimal, on: date
) -> None:
    assert tick_size_for(kind, on_index, price, on) == Decimal("0.05")


def test_tick_multiples_are_exact_decimal_arithmetic() -> None:
    assert is_tick_multiple(Decimal("101.05"), Decimal("0.05"))
    assert is_tick_multiple(Decimal("101"), Decimal("0.05"))
    assert not is_tick_multiple(Decimal("101.03"), Decimal("0.05"))
    assert not is_tick_multiple(Decimal("16120.50"), Decimal("1.00"))
    with pytest.raises(ValueError, match="positive"):
        is_tick_multiple(Decimal(1), Decimal(0))


def test_an_off_tick_price_is_rejected_naming_the_two_nearest_valid_prices() -> None:
    with pytest.raises(PriceNotOnTick) as error:
        check_price(stock(), Decimal("101.03"))
    assert error.value.message == (
        "Price 101.03 is not a multiple of the tick size 0.05. Use 101.00 or 101.05."
    )
    assert (error.value.lower, error.value.upper) == (Decimal("101.00"), Decimal("101.05"))
    assert error.value.code == "PRICE_NOT_ON_TICK"
    assert error.value.field == "price"


def test_a_price_below_one_tick_is_offered_only_the_first_tick() -> None:
    with pytest.raises(PriceNotOnTick, match=r"Use 0\.05\.$") as error:
        check_price(option(), Decimal("0.03"))
    assert error.value.lower is None


def test_prices_on_a_coarse_tick_are_shown_in_paise() -> None:
    with pytest.raises(PriceNotOnTick, match=r"Use 16120\.00 or 16125\.00\.$"):
        check_price(stock("5.00"), Decimal("16123"))


def test_on_tick_prices_pass_and_non_positive_prices_are_invalid() -> None:
    check_price(stock(), Decimal("101.05"))
    with pytest.raises(InvalidPrice):
        check_price(stock(), Decimal(0))
    with pytest.raises(InvalidInput):
        check_price(stock(), Decimal("-5"), field="trigger_price")


TICKS = st.sampled_from(["0.01", "0.05", "0.10", "0.20", "0.50", "1.00", "5.00"])


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100_000), places=2), TICKS)
def test_the_suggested_prices_bracket_an_off_tick_price_one_tick_apart(
    price: Decimal, raw: str
) -> None:
    tick = Decimal(raw)
    assume(not is_tick_multiple(price, tick))
    with pytest.raises(PriceNotOnTick) as error:
        check_price(stock(raw), price)
    lower, upper = error.value.lower, error.value.upper
    assert upper - tick < price < upper
    assert is_tick_multiple(upper, tick)
    assert lower is None or lower == upper - tick


@given(st.integers(min_value=1, max_value=100_000), TICKS)
def test_every_multiple_of_the_tick_passes_the_price_check(ticks: int, raw: str) -> None:
    check_price(stock(raw), ticks * Decimal(raw))


@pytest.mark.parametrize(
    ("underlying", "expiry", "lot"),
    [
        ("NIFTY", date(2024, 11, 19), 25),
        ("NIFTY", date(2024, 11, 20), 75),
        ("NIFTY", date(2025, 7, 31), 75),
        ("NIFTY", date(2025, 12, 30), 75),
        ("NIFTY", date(2026, 1, 6), 65),
        ("BANKNIFTY", date(2024, 11, 13), 15),
        ("BANKNIFTY", date(2024, 11, 27), 30),
        ("BANKNIFTY", date(2025, 6, 26), 30),
        ("BANKNIFTY", date(2025, 7, 1), 35),
        ("BANKNIFTY", date(2025, 12, 30), 35),
        ("BANKNIFTY", date(2026, 1, 27), 30),
        ("FINNIFTY", date(2024, 11, 19), 25),
        ("FINNIFTY", date(2024, 11, 26), 65),
        ("FINNIFTY", date(2026, 1, 27), 60),
        ("MIDCPNIFTY", date(2024, 11, 18), 50),
        ("MIDCPNIFTY", date(2025, 6, 30), 120),
        ("MIDCPNIFTY", date(2025, 7, 31), 140),
        ("MIDCPNIFTY", date(2026, 1, 27), 120),
    ],
)
def test_index_lot_sizes_follow_the_contracts_expiry(
    underlying: str, expiry: date, lot: int
) -> None:
    assert lot_size_for(underlying, expiry) == lot


def test_lot_sizes_ignore_case_and_refuse_unknown_underlyings() -> None:
    assert lot_size_for(" nifty ", date(2026, 2, 24)) == 65
    with pytest.raises(NoLotSizeRule, match="RELIANCE"):
        lot_size_for("RELIANCE", date(2026, 2, 24))


def test_a_quantity_off_the_lot_is_rejected_naming_the_two_nearest_valid_quantities() -> None:
    with pytest.raises(QuantityNotLotMultiple) as error:
        check_quantity(option(65), 70)
    assert error.value.message == "Quantity 70 is not a multiple of the lot size 65. Use 65 or 130."
    assert (error.value.lower, error.value.upper, error.value.field) == (65, 130, "quantity")


def test_a_quantity_below_one_lot_is_offered_one_lot() -> None:
    with pytest.raises(QuantityNotLotMultiple, match=r"Use 65\.$"):
        check_quantity(option(65), 30)


@pytest.mark.parametrize("quantity", [0, -65])
def test_zero_and_negative_quantities_are_invalid(quantity: int) -> None:
    with pytest.raises(InvalidQuantity) as error:
        check_quantity(option(), quantity)
    assert error.value.field == "quantity"


@given(st.integers(min_value=1, max_value=10_000))
def test_any_positive_quantity_of_a_cash_equity_is_whole_lots(quantity: int) -> None:
    check_quantity(stock(), quantity)


@given(st.integers(min_value=1, max_value=200), st.sampled_from([15, 30, 35, 60, 65, 75]))
def test_whole_lots_pass_the_quantity_check(lots: int, lot: int) -> None:
    check_quantity(option(lot), lots * lot)


def test_the_checks_plug_into_the_order_validation_protocols() -> None:
    price_check: PriceCheck = check_price
    quantity_check: QuantityCheck = check_quantity
    price_check(option(), Decimal("12.35"))
    quantity_check(option(), 130)
