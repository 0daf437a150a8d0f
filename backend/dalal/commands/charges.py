"""``dalal charges``: what a round trip costs, from the charges calculator.

Registered in ``dalal.cli`` with ``app.command("charges")(charges)``. Prices are read as
``Decimal`` from the command-line text, never through float. Bad input exits with code 2 and
one line on stderr.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalal.domain.charges.calculator import ChargesEstimate, estimate
from dalal.domain.charges.rate_cards import ChargeSegment, parse_template
from dalal.domain.errors import DomainError
from dalal.domain.instruments import Exchange
from dalal.domain.money import parse_decimal

IST = ZoneInfo("Asia/Kolkata")
JSON_KEYS = (
    "turnover",
    "brokerage",
    "stt",
    "exchange_txn",
    "sebi",
    "stamp_duty",
    "gst",
    "total",
    "net_pnl",
    "breakeven_points",
)


class CashExchange(StrEnum):
    NSE = "NSE"
    BSE = "BSE"


class BadInput(Exception):
    """Input the command refuses; its message is shown as is."""


def charges(
    *,
    segment: Annotated[ChargeSegment, typer.Option(case_sensitive=False, help="What is traded")],
    exchange: Annotated[
        CashExchange, typer.Option(case_sensitive=False, help="NSE or BSE (NFO trades are NSE's)")
    ],
    buy: Annotated[str, typer.Option(help="Buy price (options: the premium)")],
    sell: Annotated[str, typer.Option(help="Sell price (options: the premium)")],
    qty: Annotated[int, typer.Option(help="Quantity (shares, or lots × lot size)")],
    date: Annotated[
        str | None, typer.Option(help="Trade date, YYYY-MM-DD (default: today in India)")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
    template: Annotated[
        str, typer.Option(help="zerodha, flat:RUPEES, percent:FRACTION (0.002 = 0.2%) or zero")
    ] = "zerodha",
) -> None:
    """Charges, net P&L and breakeven of one round trip (one buy order, one sell order)."""
    try:
        result = estimate(
            parse_template(template),
            segment_kind=segment,
            exchange=Exchange(exchange.value),
            buy_price=_price("--buy", buy),
            sell_price=_price("--sell", sell),
            quantity=_quantity(qty),
            trade_date=_trade_date(date),
        )
    except (BadInput, DomainError) as error:
        Console(stderr=True).print(
            f"[red]Error:[/] {escape(str(error))}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from None
    if json:
        typer.echo(orjson.dumps(as_json(result), option=orjson.OPT_INDENT_2).decode())
    else:
        Console().print(_table(result, segment, exchange.value))


def as_json(result: ChargesEstimate) -> dict[str, str]:
    """The estimate's headline figures as strings with two decimals."""
    return {key: f"{getattr(result, key):.2f}" for key in JSON_KEYS}


def _price(flag: str, raw: str) -> Decimal:
    try:
        return parse_decimal(raw)
    except ValueError:
        raise BadInput(f"{flag} must be a number, not {raw!r}") from None


def _quantity(qty: int) -> int:
    if qty <= 0:
        raise BadInput(f"--qty must be a whole number above zero, not {qty}")
    return qty


def _trade_date(raw: str | None) -> dt.date:
    if raw is None:
        return dt.datetime.now(IST).date()  # the CLI edge: reading the wall clock is fine here
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"--date must be YYYY-MM-DD, not {raw!r}") from None


def _table(result: ChargesEstimate, segment: ChargeSegment, exchange: str) -> Table:
    table = Table(title=f"Charges: {segment.value} on {exchange}")
    table.add_column("item")
    table.add_column("₹", justify="right")
    rows = (
        ("Turnover", result.turnover),
        ("Brokerage", result.brokerage),
        (f"STT (contract note; {result.stt_unrounded:.2f} unrounded)", result.stt),
        ("Exchange transaction charge", result.exchange_txn),
        ("SEBI fee", result.sebi),
        ("Stamp duty", result.stamp_duty),
        ("GST", result.gst),
        ("Total charges", result.total),
        ("Net P&L", result.net_pnl),
        ("Points to break even", result.breakeven_points),
    )
    for label, amount in rows:
        table.add_row(label, f"{amount:,.2f}")
    return table
