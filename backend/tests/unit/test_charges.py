"""Indian trading charges: the Zerodha cards, the other templates and the calculator.

Expected figures are worked by hand in the comments from the published rates (see
``dalal/domain/charges/rate_cards.py`` for the sources). Rates on the 2024 card: exchange NSE cash
0.00297%, BSE cash 0.00375%, NSE futures 0.00173%, BSE futures 0, NSE options 0.03503%, BSE
options 0.0325%; SEBI ₹10/crore = 0.0001%; GST 18% of brokerage + exchange + SEBI. Each item is
rounded to the paisa half-up per order.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.charges import (
    ZERODHA,
    ChargeBreakdown,
    ChargeSegment,
    ChargesEstimate,
    ChargesTemplate,
    InvalidChargesTemplate,
    NoRateCardForDate,
    TemplateKind,
    charges_for_fill,
    estimate,
    parse_template,
)
from dalal.domain.errors import InvalidInput
from dalal.domain.instruments import Exchange, Segment
from dalal.domain.money import PAISA
from dalal.domain.orders import Product, Side

D = Decimal
ON_2024_CARD = date(2025, 3, 3)


def round_trip(
    kind: str,
    exchange: Exchange,
    buy: str,
    sell: str,
    qty: int,
    *,
    on: date = ON_2024_CARD,
    template: ChargesTemplate = ZERODHA,
) -> ChargesEstimate:
    return estimate(
        template,
        segment_kind=kind,
        exchange=exchange,
        buy_price=D(buy),
        sell_price=D(sell),
        quantity=qty,
        trade_date=on,
    )


def figures(result: ChargesEstimate) -> dict[str, str]:
    names = ("brokerage", "stt", "stt_unrounded", "exchange_txn", "sebi", "stamp_duty", "gst")
    out = {name: str(getattr(result, name)) for name in names}
    out["total"] = str(result.total)
    out["total_unrounded"] = str(result.total_unrounded)
    return out


# --- the MARKET_FACTS worked check --------------------------------------------------------------


def test_the_market_facts_worked_check_comes_out_to_the_paisa() -> None:
    # Intraday NSE, buy 100 @ 1,000 (₹1,00,000), sell 100 @ 1,010 (₹1,01,000).
    # brokerage min(30, 20) + min(30.30, 20) = 40.00; STT 0.025% × 1,01,000 = 25.25 → note 25
    # exchange 2.97 + 2.9997→3.00 = 5.97; SEBI 0.10 + 0.101→0.10 = 0.20; stamp 0.003% × 1L = 3.00
    # GST 18% × (20 + 2.97 + 0.10) = 4.1526→4.15 plus 18% × (20 + 3.00 + 0.10) = 4.158→4.16 = 8.31
    result = round_trip("equity-intraday", Exchange.NSE, "1000", "1010", 100)
    assert figures(result) == {
        "brokerage": "40.00",
        "stt": "25.00",
        "stt_unrounded": "25.25",
        "exchange_txn": "5.97",
        "sebi": "0.20",
        "stamp_duty": "3.00",
        "gst": "8.31",
        "total": "82.48",
        "total_unrounded": "82.73",
    }
    assert result.turnover == D("201000.00")
    assert result.net_pnl == D("917.52")  # 1,000 gross − 82.48
    assert result.breakeven_points == D("0.82")  # 82.48 / 100


def test_the_estimate_keeps_each_orders_charges() -> None:
    result = round_trip("equity-intraday", Exchange.NSE, "1000", "1010", 100)
    assert result.buy == ChargeBreakdown(
        D("20.00"), D("0"), D("2.97"), D("0.10"), D("3.00"), D("4.15")
    )
    assert result.sell == ChargeBreakdown(
        D("20.00"), D("25.25"), D("3.00"), D("0.10"), D("0"), D("4.16")
    )


# --- each segment on each exchange ---------------------------------------------------------------


def test_equity_delivery_on_nse_pays_stt_on_both_sides_and_no_brokerage() -> None:
    # Buy 10 @ 2,500 (25,000), sell 10 @ 2,600 (26,000).
    # STT 0.1%: 25.00 + 26.00 = 51.00; exchange 0.7425→0.74 + 0.7722→0.77 = 1.51
    # SEBI 0.025→0.03 + 0.026→0.03 = 0.06; stamp 0.015% × 25,000 = 3.75
    # GST 18% × 0.77 = 0.1386→0.14 plus 18% × 0.80 = 0.144→0.14 = 0.28; total 56.60
    result = round_trip("equity-delivery", Exchange.NSE, "2500", "2600", 10)
    assert figures(result) == {
        "brokerage": "0.00",
        "stt": "51.00",
        "stt_unrounded": "51.00",
        "exchange_txn": "1.51",
        "sebi": "0.06",
        "stamp_duty": "3.75",
        "gst": "0.28",
        "total": "56.60",
        "total_unrounded": "56.60",
    }
    assert result.net_pnl == D("943.40")
    assert result.breakeven_points == D("5.66")


def test_equity_delivery_on_bse_uses_the_bse_exchange_charge() -> None:
    # Same trade; exchange 0.00375%: 0.9375→0.94 + 0.975→0.98 = 1.92
    # GST 18% × 0.97 = 0.1746→0.17 plus 18% × 1.01 = 0.1818→0.18 = 0.35
    # total 51 + 1.92 + 0.06 + 3.75 + 0.35 = 57.08
    result = round_trip("equity-delivery", Exchange.BSE, "2500", "2600", 10)
    assert (result.exchange_txn, result.gst, result.total) == (D("1.92"), D("0.35"), D("57.08"))


def test_equity_intraday_on_bse_uses_the_bse_exchange_charge() -> None:
    # Buy 100 @ 1,000, sell 100 @ 1,010; exchange 3.75 + 3.7875→3.79 = 7.54
    # GST 18% × 23.85 = 4.293→4.29 plus 18% × 23.89 = 4.3002→4.30 = 8.59
    # total 40 + 25.25 + 7.54 + 0.20 + 3.00 + 8.59 = 84.58; with STT 25 → 84.33
    result = round_trip("equity-intraday", Exchange.BSE, "1000", "1010", 100)
    assert (result.exchange_txn, result.gst) == (D("7.54"), D("8.59"))
    assert (result.total, result.total_unrounded) == (D("84.33"), D("84.58"))


def test_nse_futures_cap_brokerage_at_twenty_rupees_an_order() -> None:
    # NIFTY, 75 @ 23,000 (17,25,000) then 75 @ 23,100 (17,32,500).
    # brokerage min(517.50, 20) × 2 = 40; STT 0.02% × 17,32,500 = 346.50 → note 347 (half-up)
    # exchange 0.00173%: 29.8425→29.84 + 29.97225→29.97 = 59.81; SEBI 1.725→1.73 + 1.7325→1.73
    # stamp 0.002% × 17,25,000 = 34.50
    # GST 18% × 51.57 = 9.2826→9.28 plus 18% × 51.70 = 9.306→9.31 = 18.59
    # total 40 + 346.50 + 59.81 + 3.46 + 34.50 + 18.59 = 502.86; with STT 347 → 503.36
    result = round_trip("futures", Exchange.NSE, "23000", "23100", 75)
    assert figures(result) == {
        "brokerage": "40.00",
        "stt": "347.00",
        "stt_unrounded": "346.50",
        "exchange_txn": "59.81",
        "sebi": "3.46",
        "stamp_duty": "34.50",
        "gst": "18.59",
        "total": "503.36",
        "total_unrounded": "502.86",
    }
    assert result.net_pnl == D("6996.64")  # 100 × 75 − 503.36
    assert result.breakeven_points == D("6.71")  # 503.36 / 75 = 6.7115


def test_bse_futures_pay_no_exchange_charge() -> None:
    # SENSEX, 20 @ 75,000 (15,00,000) then 20 @ 75,200 (15,04,000).
    # STT 0.02% × 15,04,000 = 300.80 → 301; exchange 0; SEBI 1.50 + 1.504→1.50 = 3.00
    # stamp 0.002% × 15,00,000 = 30.00; GST 18% × 21.50 = 3.87 twice = 7.74
    # total 40 + 300.80 + 3.00 + 30.00 + 7.74 = 381.54; with STT 301 → 381.74
    result = round_trip("futures", Exchange.BSE, "75000", "75200", 20)
    assert (result.exchange_txn, result.sebi, result.stamp_duty) == (
        D("0.00"),
        D("3.00"),
        D("30.00"),
    )
    assert (result.stt, result.gst) == (D("301.00"), D("7.74"))
    assert (result.total, result.total_unrounded) == (D("381.74"), D("381.54"))


def test_nse_options_pay_flat_brokerage_and_charges_on_the_premium() -> None:
    # NIFTY CE, 75 @ 120 (premium 9,000) then 75 @ 150 (11,250).
    # brokerage 20 + 20; STT 0.1% × 11,250 = 11.25 → 11
    # exchange 0.03503%: 3.1527→3.15 + 3.940875→3.94 = 7.09; SEBI 0.009→0.01 + 0.01125→0.01
    # stamp 0.003% × 9,000 = 0.27; GST 18% × 23.16 = 4.1688→4.17 plus 18% × 23.95 = 4.311→4.31
    # total 40 + 11.25 + 7.09 + 0.02 + 0.27 + 8.48 = 67.11; with STT 11 → 66.86
    result = round_trip("options", Exchange.NSE, "120", "150", 75)
    assert figures(result) == {
        "brokerage": "40.00",
        "stt": "11.00",
        "stt_unrounded": "11.25",
        "exchange_txn": "7.09",
        "sebi": "0.02",
        "stamp_duty": "0.27",
        "gst": "8.48",
        "total": "66.86",
        "total_unrounded": "67.11",
    }
    assert result.breakeven_points == D("0.89")  # 66.86 / 75 = 0.8915


def test_bse_options_on_a_losing_trade() -> None:
    # SENSEX PE, 20 @ 200 (4,000) then 20 @ 180 (3,600).
    # STT 0.1% × 3,600 = 3.60 → 4; exchange 0.0325%: 1.30 + 1.17 = 2.47; SEBI 0.004→0 + 0.0036→0
    # stamp 0.003% × 4,000 = 0.12; GST 18% × 21.30 = 3.834→3.83 plus 18% × 21.17 = 3.8106→3.81
    # total 40 + 3.60 + 2.47 + 0 + 0.12 + 7.64 = 53.83; with STT 4 → 54.23
    result = round_trip("options", Exchange.BSE, "200", "180", 20)
    assert (result.stt, result.exchange_txn, result.sebi) == (D("4.00"), D("2.47"), D("0.00"))
    assert (result.gst, result.total, result.total_unrounded) == (D("7.64"), D("54.23"), D("53.83"))
    assert result.net_pnl == D("-454.23")  # −400 − 54.23
    assert result.breakeven_points == D("2.71")


# --- the rules one by one ------------------------------------------------------------------------


def fill(
    side: Side,
    price: str,
    qty: int,
    *,
    segment: Segment = Segment.EQUITY,
    product: Product = Product.MIS,
    exchange: Exchange = Exchange.NSE,
    on: date = ON_2024_CARD,
    template: ChargesTemplate = ZERODHA,
    prior: str = "0",
) -> ChargeBreakdown:
    return charges_for_fill(
        template,
        segment=segment,
        exchange=exchange,
        product=product,
        side=side,
        price=D(price),
        quantity=qty,
        trade_date=on,
        prior_order_turnover=D(prior),
    )


futures_fill = partial(fill, segment=Segment.FUTURES, product=Product.NRML)
options_fill = partial(fill, segment=Segment.OPTIONS, product=Product.NRML)


def test_the_brokerage_cap_switches_in_between_the_buy_and_the_sell() -> None:
    # The cap binds above 20 / 0.03% = ₹66,666.67 of order value.
    # Buy 100 @ 600 = 60,000 → 0.03% = 18.00; sell 100 @ 700 = 70,000 → 21.00 capped to 20.00.
    result = round_trip("equity-intraday", Exchange.NSE, "600", "700", 100)
    assert (result.buy.brokerage, result.sell.brokerage) == (D("18.00"), D("20.00"))
    assert result.brokerage == D("38.00")


@pytest.mark.parametrize(
    ("kind", "segment", "product"),
    [
        ("delivery", Segment.EQUITY, Product.CNC),
        ("intraday", Segment.EQUITY, Product.MIS),
        ("futures", Segment.FUTURES, Product.NRML),
        ("options", Segment.OPTIONS, Product.NRML),
    ],
)
def test_stamp_duty_falls_on_the_buy_side_only(
    kind: str, segment: Segment, product: Product
) -> None:
    bought = fill(Side.BUY, "500", 100, segment=segment, product=product)
    sold = fill(Side.SELL, "500", 100, segment=segment, product=product)
    assert bought.stamp_duty > 0, kind
    assert sold.stamp_duty == 0, kind


def test_stt_is_on_both_sides_for_delivery_and_the_sell_side_otherwise() -> None:
    # 100 × 500 = 50,000: delivery 0.1% = 50.00 each side; intraday 0.025% = 12.50 on the sell;
    # futures 0.02% = 10.00 on the sell; options 0.1% of premium = 50.00 on the sell.
    assert fill(Side.BUY, "500", 100, product=Product.CNC).stt == D("50.00")
    assert fill(Side.SELL, "500", 100, product=Product.CNC).stt == D("50.00")
    assert fill(Side.BUY, "500", 100, product=Product.MIS).stt == 0
    assert fill(Side.SELL, "500", 100, product=Product.MIS).stt == D("12.50")
    assert futures_fill(Side.BUY, "500", 100).stt == 0
    assert futures_fill(Side.SELL, "500", 100).stt == D("10.00")
    assert options_fill(Side.BUY, "500", 100).stt == 0
    assert options_fill(Side.SELL, "500", 100).stt == D("50.00")


def test_fo_stt_rises_on_1_april_2026_and_nothing_else_changes() -> None:
    # Futures: 0.02% × 17,32,500 = 346.50 on 31 March; 0.05% = 866.25 → note 866 on 1 April.
    # Options: 0.1% × 11,250 = 11.25 on 31 March; 0.15% = 16.875 → 16.88 → note 17 on 1 April.
    before = round_trip("futures", Exchange.NSE, "23000", "23100", 75, on=date(2026, 3, 31))
    after = round_trip("futures", Exchange.NSE, "23000", "23100", 75, on=date(2026, 4, 1))
    assert (before.stt_unrounded, after.stt_unrounded) == (D("346.50"), D("866.25"))
    assert after.stt == D("866.00")
    assert after.total - after.stt == before.total - before.stt  # every other item is unchanged
    options_before = round_trip("options", Exchange.NSE, "120", "150", 75, on=date(2026, 3, 31))
    options_after = round_trip("options", Exchange.NSE, "120", "150", 75, on=date(2026, 4, 1))
    assert (options_before.stt_unrounded, options_after.stt_unrounded) == (D("11.25"), D("16.88"))
    assert options_after.stt == D("17.00")


def test_equity_stt_is_the_same_on_both_sides_of_1_april_2026() -> None:
    before = round_trip("equity-intraday", Exchange.NSE, "1000", "1010", 100, on=date(2026, 3, 31))
    after = round_trip("equity-intraday", Exchange.NSE, "1000", "1010", 100, on=date(2026, 4, 1))
    assert before == after


def test_a_trade_before_the_earliest_card_is_refused() -> None:
    with pytest.raises(NoRateCardForDate) as error:
        fill(Side.BUY, "100", 1, on=date(2024, 9, 30))
    assert "2024-10-01" in error.value.message
    assert error.value.field == "trade_date"
    assert isinstance(error.value, InvalidInput)
    assert fill(Side.BUY, "100", 1, on=date(2024, 10, 1)).exchange_txn >= 0


def test_nfo_and_bfo_are_charged_as_nse_and_bse() -> None:
    nfo = options_fill(Side.BUY, "120", 75, exchange=Exchange.NFO)
    bfo = options_fill(Side.BUY, "120", 75, exchange=Exchange.BFO)
    assert nfo == options_fill(Side.BUY, "120", 75, exchange=Exchange.NSE)
    assert bfo == options_fill(Side.BUY, "120", 75, exchange=Exchange.BSE)
    assert nfo != bfo


def test_options_brokerage_falls_on_the_first_fill_of_an_order_only() -> None:
    first = options_fill(Side.BUY, "100", 75)
    second = options_fill(Side.BUY, "100", 75, prior="7500")
    assert (first.brokerage, second.brokerage) == (D("20.00"), D("0.00"))


def test_the_intraday_cap_applies_to_the_whole_order_across_its_fills() -> None:
    # Three fills of 30,000: the order's brokerage is 9.00, 18.00, then 20.00 (capped).
    fills = [fill(Side.BUY, "300", 100, prior=str(30_000 * n)) for n in range(3)]
    assert [f.brokerage for f in fills] == [D("9.00"), D("9.00"), D("2.00")]


@pytest.mark.parametrize(
    ("segment", "product"),
    [
        (Segment.EQUITY, Product.NRML),
        (Segment.FUTURES, Product.CNC),
        (Segment.OPTIONS, Product.CNC),
        (Segment.INDEX, Product.MIS),
    ],
)
def test_a_product_the_segment_does_not_trade_is_refused(
    segment: Segment, product: Product
) -> None:
    with pytest.raises(InvalidInput) as error:
        fill(Side.BUY, "100", 1, segment=segment, product=product)
    assert error.value.field == "product"


@pytest.mark.parametrize(
    ("price", "qty", "field"),
    [
        ("0", 1, "price"),
        ("-1", 1, "price"),
        ("NaN", 1, "price"),
        ("10", 0, "quantity"),
        ("10", -3, "quantity"),
    ],
)
def test_bad_prices_and_quantities_are_refused(price: str, qty: int, field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        fill(Side.BUY, price, qty)
    assert error.value.field == field


def test_a_boolean_is_not_a_quantity() -> None:
    with pytest.raises(InvalidInput):
        fill(Side.BUY, "10", True)


def test_an_unknown_segment_kind_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        round_trip("commodities", Exchange.NSE, "1", "2", 1)
    assert "equity-intraday" in error.value.message


def test_the_segment_kind_may_be_the_enum_or_its_text() -> None:
    as_text = round_trip("options", Exchange.NSE, "120", "150", 75)
    as_enum = estimate(
        ZERODHA,
        segment_kind=ChargeSegment.OPTIONS,
        exchange=Exchange.NSE,
        buy_price=D("120"),
        sell_price=D("150"),
        quantity=75,
        trade_date=ON_2024_CARD,
    )
    assert as_text == as_enum


# --- the broker's auto square-off ---------------------------------------------------------------


def square_off(
    price: str, qty: int, *, prior: str = "0", template: ChargesTemplate = ZERODHA, **kw: object
) -> ChargeBreakdown:
    segment = kw.get("segment", Segment.EQUITY)
    assert isinstance(segment, Segment)
    return charges_for_fill(
        template,
        segment=segment,
        exchange=Exchange.NSE,
        product=Product.MIS,
        side=Side.SELL,
        price=D(price),
        quantity=qty,
        trade_date=ON_2024_CARD,
        prior_order_turnover=D(prior),
        auto_square_off=True,
    )


def test_an_auto_square_off_pays_fifty_rupees_and_its_gst_over_a_manual_exit() -> None:
    # The worked check's sell (100 @ 1,010, intraday NSE): brokerage 20.00, exchange 3.00,
    # SEBI 0.10, so GST 18% × 23.10 = 4.158→4.16 by hand; squared off by the broker, 18% ×
    # (23.10 + 50) = 13.158→13.16. The fee and its GST: 50.00 + 9.00 = 59.00 exactly.
    manual = fill(Side.SELL, "1010", 100)
    broker = square_off("1010", 100)
    assert (broker.auto_square_off, manual.auto_square_off) == (D("50.00"), D("0"))
    assert (broker.gst, manual.gst) == (D("13.16"), D("4.16"))
    assert broker.total - manual.total == D("59.00")
    assert broker.brokerage == manual.brokerage


def test_the_square_off_fee_is_charged_once_per_order_on_its_first_fill() -> None:
    first = square_off("500", 10)
    second = square_off("500", 10, prior="5000")
    assert (first.auto_square_off, second.auto_square_off) == (D("50.00"), D("0.00"))


def test_fno_square_offs_pay_the_fee_too_and_the_zero_template_does_not() -> None:
    futures = square_off("23000", 75, segment=Segment.FUTURES)
    assert futures.auto_square_off == D("50.00")
    flat = square_off("1010", 100, template=parse_template("flat:20"))
    assert flat.auto_square_off == D("50.00")  # a broker's fee, kept by flat and percent
    assert square_off("1010", 100, template=parse_template("zero")).total == 0


# --- flat, percent and zero ----------------------------------------------------------------------


def test_flat_brokerage_is_charged_per_order_with_the_statutory_charges() -> None:
    # Delivery NSE, 10 @ 2,500 then 10 @ 2,600 with ₹20 per order: brokerage 40.
    # GST 18% × (20 + 0.74 + 0.03) = 3.7386→3.74 plus 18% × (20 + 0.77 + 0.03) = 3.744→3.74
    # total 40 + 51 + 1.51 + 0.06 + 3.75 + 7.48 = 103.80
    result = round_trip(
        "equity-delivery", Exchange.NSE, "2500", "2600", 10, template=parse_template("flat:20")
    )
    assert (result.brokerage, result.gst, result.total) == (D("40.00"), D("7.48"), D("103.80"))
    assert (result.stt, result.stamp_duty) == (D("51.00"), D("3.75"))


def test_percent_brokerage_is_a_share_of_turnover_without_a_cap() -> None:
    # percent:0.001 (a fraction: 0.1%) on the worked check: 0.1% × 1,00,000 = 100.00, × 1,01,000 = 101.00
    # GST 18% × (100 + 2.97 + 0.10) = 18.5526→18.55 plus 18% × (101 + 3.00 + 0.10) = 18.738→18.74
    result = round_trip(
        "equity-intraday",
        Exchange.NSE,
        "1000",
        "1010",
        100,
        template=parse_template("percent:0.001"),
    )
    assert (result.brokerage, result.gst) == (D("201.00"), D("37.29"))
    assert (result.stt_unrounded, result.exchange_txn, result.sebi) == (
        D("25.25"),
        D("5.97"),
        D("0.20"),
    )


def test_flat_and_percent_take_the_statutory_card_in_force() -> None:
    flat = parse_template("flat:20")
    with pytest.raises(NoRateCardForDate):
        round_trip("futures", Exchange.NSE, "100", "101", 1, on=date(2024, 9, 30), template=flat)
    after = round_trip(
        "futures", Exchange.NSE, "23000", "23100", 75, on=date(2026, 4, 1), template=flat
    )
    assert after.stt_unrounded == D("866.25")


def test_the_zero_template_charges_nothing_at_all_on_any_date() -> None:
    result = round_trip(
        "futures",
        Exchange.NSE,
        "23000",
        "23100",
        75,
        on=date(2001, 1, 1),
        template=parse_template("zero"),
    )
    assert result.total == result.total_unrounded == 0
    assert result.net_pnl == D("7500.00")
    assert result.breakeven_points == 0


# --- the template string ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "param"),
    [
        ("zerodha", TemplateKind.ZERODHA, None),
        ("flat:20", TemplateKind.FLAT, D("20")),
        ("percent:0.002", TemplateKind.PERCENT, D("0.002")),
        ("zero", TemplateKind.ZERO, None),
        ("  Flat : 15.5 ", TemplateKind.FLAT, D("15.5")),
    ],
)
def test_template_strings_parse(text: str, kind: TemplateKind, param: Decimal | None) -> None:
    assert parse_template(text) == ChargesTemplate(kind, param)


@pytest.mark.parametrize(
    "text", ["zerodha", "flat:20", "percent:0.002", "zero", "flat:0", "percent:1"]
)
def test_canonical_template_strings_round_trip(text: str) -> None:
    assert str(parse_template(text)) == text


@given(
    kind=st.sampled_from([TemplateKind.FLAT, TemplateKind.PERCENT]),
    param=st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False),
)
def test_any_template_survives_being_stored_as_text(kind: TemplateKind, param: Decimal) -> None:
    if kind is TemplateKind.PERCENT:
        param = param / 100  # a fraction of turnover, from 0 to 1
    template = ChargesTemplate(kind, param)
    assert parse_template(str(template)) == template


@pytest.mark.parametrize(
    "text",
    [
        "",
        "gold",
        "zerodha:1",
        "zero:0",
        "flat",
        "flat:",
        "flat:abc",
        "flat:-1",
        "flat:20:3",
        "flat:NaN",
        "flat:inf",
        "percent:1.5",
    ],
)
def test_bad_template_strings_are_refused_with_a_typed_error(text: str) -> None:
    with pytest.raises(InvalidChargesTemplate) as error:
        parse_template(text)
    assert error.value.field == "template"
    assert error.value.code == "INVALID_CHARGES_TEMPLATE"


# --- properties ---------------------------------------------------------------------------------

prices = st.decimals(min_value=D("0.05"), max_value=D("100000"), places=2)
templates = st.one_of(
    st.just(ZERODHA),
    st.just(ChargesTemplate(TemplateKind.ZERO)),
    st.decimals(min_value=0, max_value=50, places=2).map(
        lambda x: ChargesTemplate(TemplateKind.FLAT, x)
    ),
    st.decimals(min_value=0, max_value=1, places=3).map(
        lambda x: ChargesTemplate(TemplateKind.PERCENT, x)
    ),
)
trades = st.sampled_from(
    [
        (Segment.EQUITY, Product.CNC),
        (Segment.EQUITY, Product.MIS),
        (Segment.FUTURES, Product.NRML),
        (Segment.FUTURES, Product.MIS),
        (Segment.OPTIONS, Product.NRML),
    ]
)
dates = st.dates(min_value=date(2024, 10, 1), max_value=date(2027, 12, 31))


@given(
    template=templates,
    trade=trades,
    side=st.sampled_from(list(Side)),
    exchange=st.sampled_from([Exchange.NSE, Exchange.BSE]),
    price=prices,
    qty=st.integers(min_value=1, max_value=10_000),
    on=dates,
)
def test_fill_charges_are_whole_paise_never_negative_and_add_up(
    template: ChargesTemplate,
    trade: tuple[Segment, Product],
    side: Side,
    exchange: Exchange,
    price: Decimal,
    qty: int,
    on: date,
) -> None:
    segment, product = trade
    charges = fill(
        side,
        str(price),
        qty,
        segment=segment,
        product=product,
        exchange=exchange,
        on=on,
        template=template,
    )
    items = charges.as_dict().values()
    assert all(item >= 0 for item in items)
    assert all(item == item.quantize(PAISA) for item in items)
    assert charges.total == sum(items)


@given(
    template=templates,
    trade=trades,
    side=st.sampled_from(list(Side)),
    price=prices,
    first=st.integers(min_value=1, max_value=5_000),
    second=st.integers(min_value=1, max_value=5_000),
    on=dates,
)
def test_splitting_an_order_into_fills_costs_the_same_as_one_fill(
    template: ChargesTemplate,
    trade: tuple[Segment, Product],
    side: Side,
    price: Decimal,
    first: int,
    second: int,
    on: date,
) -> None:
    segment, product = trade
    order = partial(
        fill, side, str(price), segment=segment, product=product, on=on, template=template
    )
    head = order(first)
    tail = order(second, prior=str(price * first))
    assert head + tail == order(first + second)


@given(buy=prices, sell=prices, qty=st.integers(min_value=1, max_value=5_000), on=dates)
def test_the_estimate_total_is_its_items_with_stt_rounded_to_the_rupee(
    buy: Decimal, sell: Decimal, qty: int, on: date
) -> None:
    result = round_trip("equity-delivery", Exchange.NSE, str(buy), str(sell), qty, on=on)
    items = (
        result.brokerage,
        result.stt,
        result.exchange_txn,
        result.sebi,
        result.stamp_duty,
        result.gst,
    )
    assert result.total == sum(items)
    assert result.stt == result.stt.quantize(D(1))
    assert abs(result.stt - result.stt_unrounded) <= D("0.50")
    assert result.total_unrounded == result.total - result.stt + result.stt_unrounded
    assert result.net_pnl == (sell - buy) * qty - result.total


def test_a_date_a_day_before_the_card_fails_and_the_day_itself_works() -> None:
    first_day = date(2024, 10, 1)
    with pytest.raises(NoRateCardForDate):
        round_trip("options", Exchange.NSE, "1", "2", 1, on=first_day - timedelta(days=1))
    assert round_trip("options", Exchange.NSE, "1", "2", 1, on=first_day).brokerage == D("40.00")


def test_the_orders_module_can_be_imported_before_the_charges_package() -> None:
    # orders imports the charges package, whose calculator imports orders: the cycle must hold.
    code = "import dalal.domain.orders; from dalal.domain.charges import estimate; print(estimate.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "estimate"
