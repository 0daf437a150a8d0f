"""``dalal option-calc``: one option's price, implied volatility and greeks.

Registered in ``dalal.cli`` with ``app.command("option-calc")(option_calc)``. The same pure
calculator answers the ``optionCalculator`` query (``dalal.domain.option_calculator``), with
the same units: ``--rate``, ``--vol``, ``--div-yield`` and the printed IV are percents
(``--rate 7 --vol 15``); ``--days`` is calendar days, fractions allowed (t = days/365); for
``black76`` ``--underlying`` is the futures price. Bad input exits with code 2 and one line
on stderr.
"""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalal.domain.errors import DomainError, InvalidInput
from dalal.domain.option_calculator import (
    OptionCalculation,
    OptionQuery,
    PricingModel,
    calculate_option,
)


class Model(StrEnum):
    BS = "bs"
    BLACK76 = "black76"


class OptionType(StrEnum):
    CE = "CE"
    PE = "PE"


def option_calc(
    *,
    model: Annotated[Model, typer.Option(case_sensitive=False, help="bs (spot) or black76")],
    option_type: Annotated[
        OptionType, typer.Option("--type", case_sensitive=False, help="CE or PE")
    ],
    underlying: Annotated[float, typer.Option(help="Spot (bs) or futures price (black76)")],
    strike: Annotated[float, typer.Option(help="Strike price")],
    days: Annotated[float, typer.Option(help="Calendar days to expiry (fractional: t=D/365)")],
    rate: Annotated[float, typer.Option(help="Risk-free rate in percent (7 = 7%)")],
    vol: Annotated[float | None, typer.Option(help="Volatility in percent (15 = 15%)")] = None,
    price: Annotated[float | None, typer.Option(help="Option price: solve for the IV")] = None,
    div_yield: Annotated[float, typer.Option(help="Dividend yield in percent (bs)")] = 0.0,
    json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Price and greeks at --vol, or implied volatility and greeks at --price."""
    query = OptionQuery(
        model=PricingModel.BS if model is Model.BS else PricingModel.BLACK76,
        is_call=option_type is OptionType.CE,
        underlying=underlying,
        strike=strike,
        days=days,
        rate=rate,
        volatility=vol,
        price=price,
        dividend_yield=div_yield,
    )
    try:
        if (vol is None) == (price is None):
            raise InvalidInput("Give --vol (to price the option) or --price (to solve for its IV).")
        result = calculate_option(query)
    except DomainError as error:
        Console(stderr=True).print(
            f"[red]Error:[/] {escape(error.message)}", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2) from None
    if json:
        typer.echo(orjson.dumps(asdict(result), option=orjson.OPT_INDENT_2).decode())
    else:
        Console().print(_table(result, query))


def _table(result: OptionCalculation, query: OptionQuery) -> Table:
    side = "call" if query.is_call else "put"
    table = Table(title=f"{query.model.value} {side}, strike {query.strike:g}")
    table.add_column("")
    table.add_column("value", justify="right")
    rows = (
        ("Price", f"{result.price:.4f}"),
        ("IV (%)", f"{result.iv:.4f}"),
        ("Delta", f"{result.delta:.4f}"),
        ("Gamma", f"{result.gamma:.6f}"),
        ("Theta (per day)", f"{result.theta:.4f}"),
        ("Vega (per vol point)", f"{result.vega:.4f}"),
        ("Rho (per 1% rate)", f"{result.rho:.4f}"),
    )
    for label, value in rows:
        table.add_row(label, value)
    return table
