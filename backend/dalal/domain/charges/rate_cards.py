"""Rate cards: what a broker and the state charge on one executed order, with effective dates.

Conventions:
- Every rate is a ``Decimal`` *fraction* of the order's turnover (price × quantity; for options
  the premium × quantity): 0.03% is ``Decimal("0.0003")``, ₹10 per crore is ``Decimal("1E-6")``.
- A card applies to trades on or after its ``effective_from`` date and until the next card's.
  A trade dated before the earliest card raises ``NoRateCardForDate``: we would rather say "we do
  not know" than charge a backtest from a card that was not in force.
- STT and stamp duty name the side they fall on; GST is charged on brokerage, the exchange
  transaction charge, the SEBI fee and the auto square-off fee, at the card's ``gst_rate``.
- ``auto_square_off`` is a flat fee in rupees (not a rate) per order that the broker's risk
  system places to square off an open MIS position at the cut-off (15:20 / 15:25).

Sources (cited so that they can be checked again):
- Zerodha's published card (zerodha.com/charges) as reproduced, with the figures used here, by
  https://tradesee.in/stock-brokers/zerodha and https://ipobell.com/?p=28073; Zerodha support,
  "What are the various statutory charges ...": "STT/CTT charged will be rounded off to the
  nearest rupee" (https://support.zerodha.com/category/account-opening/charges-at-zerodha/
  articles/what-are-the-various-statutory-charges-like-stamp-duty-and-taxes-etc).
- Exchange transaction charges from 1 October 2024 (SEBI "true to label" circular, 1 July 2024):
  NSE cash ₹2.97 per lakh, equity futures ₹1.73 per lakh, equity options ₹35.03 per lakh of
  premium; BSE Sensex and Bankex options ₹3,250 per crore of premium, no charge on BSE index and
  stock futures. NDTV Profit, 27 Sep 2024,
  https://www.ndtvprofit.com/markets/nse-revises-cash-fno-market-fees-october-1 ; PTI via
  Rediff, 27 Sep 2024. (BSE Sensex 50 and stock options pay ₹500 per crore; this card, like
  Zerodha's published one, shows the Sensex/Bankex figure for every BSE option. NSE's IPFT levy,
  which some brokers list apart, is not on Zerodha's card and is not modelled.)
- STT on F&O from 1 October 2024 (Finance (No. 2) Act 2024): futures 0.02%, options 0.1% of
  premium, sell side. Outlook Money, https://outlookmoney.com/invest/equity/
  new-stt-rules-effective-october-1-important-updates-for-futures-and-options-traders
- STT on F&O from 1 April 2026 (Finance Act 2026): futures 0.05%, options 0.15% of premium, sell
  side. https://www.newsbytesapp.com/news/business/budget-2026-gives-fo-traders-a-heart-attack-heres-why/tldr
  and MARKET_FACTS.md.

No card before 1 October 2024. The earlier F&O figures are sourced (STT futures 0.0125% and
options 0.0625% from 1 April 2023; NSE futures 0.00183% and options 0.0495%: Nithin Kamath,
quoted by Moneycontrol, https://www.moneycontrol.com/news/business/markets/
equity-delivery-will-continue-to-be-free-at-zerodha-says-nithin-kamath-12833487.html), but the
NSE cash and BSE charges then in force could not be, and a card must be whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from dalal.domain.errors import InvalidInput
from dalal.domain.instruments import Exchange
from dalal.domain.money import ZERO, parse_decimal

PER_CRORE = Decimal("1E-7")  # ₹1 per crore of turnover, as a fraction


class ChargeSegment(StrEnum):
    """The rows of a rate card. Equity splits by product: CNC is delivery, MIS intraday."""

    EQUITY_INTRADAY = "equity-intraday"
    EQUITY_DELIVERY = "equity-delivery"
    FUTURES = "futures"
    OPTIONS = "options"


class NoRateCardForDate(InvalidInput):
    """The trade date is earlier than the earliest rate card we hold."""

    code = "NO_RATE_CARD_FOR_DATE"


@dataclass(frozen=True, slots=True)
class BrokerageRule:
    """Brokerage on one executed order: ``min(per_order + rate × turnover, cap)``.

    An order with no turnover yet pays nothing. ``cap=None`` means no cap.
    """

    per_order: Decimal = ZERO
    rate: Decimal = ZERO
    cap: Decimal | None = None

    def for_order(self, turnover: Decimal) -> Decimal:
        if turnover <= ZERO:
            return ZERO
        amount = self.per_order + self.rate * turnover
        return amount if self.cap is None else min(amount, self.cap)


NO_BROKERAGE = BrokerageRule()


@dataclass(frozen=True, slots=True)
class SegmentRates:
    """One row of a card: brokerage plus the statutory rates, each a fraction of turnover."""

    brokerage: BrokerageRule
    stt_buy: Decimal
    stt_sell: Decimal
    exchange_txn: Mapping[Exchange, Decimal]  # keyed by cash exchange: NSE, BSE
    sebi: Decimal
    stamp_buy: Decimal

    def exchange_rate(self, exchange: Exchange) -> Decimal:
        try:
            return self.exchange_txn[exchange]
        except KeyError:
            raise InvalidInput(
                f"no exchange transaction charge for {exchange}; use NSE or BSE",
                field="exchange",
            ) from None


@dataclass(frozen=True, slots=True)
class RateCard:
    """A broker's whole card, in force from ``effective_from``."""

    name: str
    effective_from: date
    segments: Mapping[ChargeSegment, SegmentRates]
    gst_rate: Decimal
    auto_square_off: Decimal = ZERO  # ₹ per order the broker squares off, before GST

    def rates(self, segment: ChargeSegment) -> SegmentRates:
        return self.segments[segment]

    def with_brokerage(self, rule: BrokerageRule) -> RateCard:
        """The same statutory charges with one brokerage rule for every segment."""
        return replace(
            self,
            segments=_frozen({k: replace(r, brokerage=rule) for k, r in self.segments.items()}),
        )


def card_in_force(schedule: Sequence[RateCard], trade_date: date) -> RateCard:
    """The card of ``schedule`` in force on ``trade_date``: the latest that has started."""
    in_force = [card for card in schedule if card.effective_from <= trade_date]
    if not in_force:
        earliest = min(card.effective_from for card in schedule)
        raise NoRateCardForDate(
            f"no rate card for {trade_date.isoformat()}: the earliest starts on "
            f"{earliest.isoformat()}",
            field="trade_date",
        )
    return max(in_force, key=lambda card: card.effective_from)


def _frozen(segments: Mapping[ChargeSegment, SegmentRates]) -> Mapping[ChargeSegment, SegmentRates]:
    return MappingProxyType(dict(segments))


def _pct(value: str) -> Decimal:
    """A rate written as on the card, in percent."""
    return Decimal(value) / 100


_SEBI = 10 * PER_CRORE
_ZERODHA_CAPPED = BrokerageRule(rate=_pct("0.03"), cap=Decimal(20))
_ZERODHA_OPTIONS = BrokerageRule(per_order=Decimal(20))
_CASH_TXN = MappingProxyType({Exchange.NSE: _pct("0.00297"), Exchange.BSE: _pct("0.00375")})

ZERODHA_2024_10 = RateCard(
    name="zerodha",
    effective_from=date(2024, 10, 1),
    gst_rate=Decimal("0.18"),
    # ₹50 + 18% GST per order Zerodha's risk system squares off. Not in the card sources cited
    # above; the figure is from /work/shared/MARKET_FACTS.md ("Sessions and calendar": "A broker
    # square-off costs ₹50 + 18% GST per order"). Dated with this card, the earliest we hold.
    auto_square_off=Decimal(50),
    segments=_frozen(
        {
            ChargeSegment.EQUITY_DELIVERY: SegmentRates(
                brokerage=NO_BROKERAGE,
                stt_buy=_pct("0.1"),
                stt_sell=_pct("0.1"),
                exchange_txn=_CASH_TXN,
                sebi=_SEBI,
                stamp_buy=_pct("0.015"),
            ),
            ChargeSegment.EQUITY_INTRADAY: SegmentRates(
                brokerage=_ZERODHA_CAPPED,
                stt_buy=ZERO,
                stt_sell=_pct("0.025"),
                exchange_txn=_CASH_TXN,
                sebi=_SEBI,
                stamp_buy=_pct("0.003"),
            ),
            ChargeSegment.FUTURES: SegmentRates(
                brokerage=_ZERODHA_CAPPED,
                stt_buy=ZERO,
                stt_sell=_pct("0.02"),
                exchange_txn=MappingProxyType({Exchange.NSE: _pct("0.00173"), Exchange.BSE: ZERO}),
                sebi=_SEBI,
                stamp_buy=_pct("0.002"),
            ),
            ChargeSegment.OPTIONS: SegmentRates(
                brokerage=_ZERODHA_OPTIONS,
                stt_buy=ZERO,
                stt_sell=_pct("0.1"),
                exchange_txn=MappingProxyType(
                    {Exchange.NSE: _pct("0.03503"), Exchange.BSE: _pct("0.0325")}
                ),
                sebi=_SEBI,
                stamp_buy=_pct("0.003"),
            ),
        }
    ),
)

# Finance Act 2026: only the F&O STT rows change.
ZERODHA_2026_04 = replace(
    ZERODHA_2024_10,
    effective_from=date(2026, 4, 1),
    segments=_frozen(
        {
            **ZERODHA_2024_10.segments,
            ChargeSegment.FUTURES: replace(
                ZERODHA_2024_10.rates(ChargeSegment.FUTURES), stt_sell=_pct("0.05")
            ),
            ChargeSegment.OPTIONS: replace(
                ZERODHA_2024_10.rates(ChargeSegment.OPTIONS), stt_sell=_pct("0.15")
            ),
        }
    ),
)

ZERODHA_SCHEDULE: tuple[RateCard, ...] = (ZERODHA_2024_10, ZERODHA_2026_04)


class TemplateKind(StrEnum):
    ZERODHA = "zerodha"
    FLAT = "flat"
    PERCENT = "percent"
    ZERO = "zero"


class InvalidChargesTemplate(InvalidInput):
    code = "INVALID_CHARGES_TEMPLATE"


_TAKES_PARAM = frozenset({TemplateKind.FLAT, TemplateKind.PERCENT})


@dataclass(frozen=True, slots=True)
class ChargesTemplate:
    """How an account is charged; stored as a short string (``str(t)``, ``parse_template``).

    - ``zerodha``: Zerodha's card in force on the trade date.
    - ``flat:X``: ₹X brokerage per executed order in every segment, plus the statutory charges
      (STT, exchange, SEBI, stamp duty, GST) and the auto square-off fee of the Zerodha card
      in force.
    - ``percent:F``: the **fraction** F of each order's turnover as brokerage, uncapped
      (``percent:0.002`` is 0.2%, as a backtester's ``commission=0.002``), plus the
      statutory charges and the auto square-off fee.
    - ``zero``: nothing at all, not even statutory charges: a frictionless backtest.
    """

    kind: TemplateKind
    param: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind in _TAKES_PARAM and self.param is None:
            raise InvalidChargesTemplate(
                f"'{self.kind}' needs a number, e.g. '{self.kind}:20'", field="template"
            )
        if self.kind not in _TAKES_PARAM and self.param is not None:
            raise InvalidChargesTemplate(f"'{self.kind}' takes no number", field="template")
        if self.param is not None and not (self.param.is_finite() and self.param >= ZERO):
            raise InvalidChargesTemplate(
                f"the number in '{self.kind}' must be zero or more", field="template"
            )
        if self.kind is TemplateKind.PERCENT and self.param is not None and self.param > 1:
            raise InvalidChargesTemplate(
                "'percent' takes a fraction of turnover from 0 to 1 (0.002 is 0.2%)",
                field="template",
            )

    def __str__(self) -> str:
        if self.param is None:
            return self.kind.value
        return f"{self.kind.value}:{format(self.param.normalize(), 'f')}"

    def card_for(self, trade_date: date) -> RateCard | None:
        """The card that charges a trade on ``trade_date``; ``None`` for ``zero``."""
        if self.kind is TemplateKind.ZERO:
            return None
        card = card_in_force(ZERODHA_SCHEDULE, trade_date)
        if self.kind is TemplateKind.FLAT:
            return card.with_brokerage(BrokerageRule(per_order=self.param or ZERO))
        if self.kind is TemplateKind.PERCENT:
            return card.with_brokerage(BrokerageRule(rate=self.param or ZERO))
        return card


ZERODHA = ChargesTemplate(TemplateKind.ZERODHA)


def parse_template(raw: str) -> ChargesTemplate:
    """Parse ``zerodha``, ``flat:20``, ``percent:0.002`` or ``zero`` (case and spaces ignored)."""
    kind_text, colon, param_text = raw.strip().partition(":")
    try:
        kind = TemplateKind(kind_text.strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in TemplateKind)
        raise InvalidChargesTemplate(
            f"unknown charges template {raw!r}; use one of {choices}", field="template"
        ) from None
    if not colon:
        return ChargesTemplate(kind)
    try:
        param = parse_decimal(param_text)
    except ValueError:
        raise InvalidChargesTemplate(
            f"{param_text.strip()!r} in {raw!r} is not a number", field="template"
        ) from None
    return ChargesTemplate(kind, param)
