"""Money and prices are exact: ``Decimal``, quantised to the paisa with one rounding rule.

Rounding rule (the only one): amounts are rounded to the paisa half-up (``ROUND_HALF_UP``),
the way contract notes round, at the point where an amount is booked (a fill's value, each
charge item, a ledger entry). Intermediate products keep full precision until then.
Floats never touch money; analytics (indicators, greeks, metrics) may use floats.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeAlias

Money: TypeAlias = Decimal
Price: TypeAlias = Decimal

PAISA = Decimal("0.01")
RUPEE = Decimal("1")
ZERO = Decimal("0")


def to_paise(amount: Decimal) -> Money:
    """Round an amount to the paisa, half-up."""
    return amount.quantize(PAISA, rounding=ROUND_HALF_UP)


def to_rupee(amount: Decimal) -> Money:
    """Round to the nearest rupee, half-up (STT on contract notes)."""
    return amount.quantize(RUPEE, rounding=ROUND_HALF_UP)


def parse_decimal(raw: str | int | Decimal) -> Decimal:
    """Parse user input into a finite Decimal; raise ValueError otherwise (never via float)."""
    if isinstance(raw, float):  # pragma: no cover - guarded by types, kept for safety
        raise ValueError("money must not come from a float")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {raw!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite number: {raw!r}")
    return value


def canonical(value: Decimal) -> Decimal:
    """The same number with tidy digits: at least two decimals, no padding beyond what the
    value needs (``Decimal("0.0500")`` → ``0.05``, ``Decimal("5")`` → ``5.00``).

    Databases hand back a column's full scale; this keeps messages and the API readable.
    """
    if value == value.quantize(PAISA):
        return value.quantize(PAISA)
    return value.normalize()


def format_rupees(amount: Decimal) -> str:
    """``₹1,23,456.78``: Indian digit grouping (lakhs, crores), to the paisa, for messages."""
    value = to_paise(amount)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.2f}".partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    grouped = ",".join([*groups, tail]) if groups else tail
    return f"{sign}₹{grouped}.{fraction}"
