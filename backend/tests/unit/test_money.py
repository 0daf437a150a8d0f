"""Money helpers: rounding to the paisa, canonical digits, Indian grouping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.domain.money import canonical, format_rupees, to_paise


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0.5", "₹0.50"),
        ("999", "₹999.00"),
        ("12345", "₹12,345.00"),
        ("998510.58", "₹9,98,510.58"),
        ("20322432", "₹2,03,22,432.00"),
        ("-1234567.005", "-₹12,34,567.01"),
    ],
)
def test_rupees_are_grouped_in_lakhs_and_crores(amount: str, shown: str) -> None:
    assert format_rupees(Decimal(amount)) == shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("0.0500", "0.05"), ("5", "5.00"), ("98.9500", "98.95"), ("98.9512", "98.9512")],
)
def test_canonical_digits_keep_the_value_and_drop_padding(stored: str, shown: str) -> None:
    assert str(canonical(Decimal(stored))) == shown


@given(
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
    )
)
def test_grouping_never_changes_the_paise(amount: Decimal) -> None:
    text = format_rupees(amount).replace("₹", "").replace(",", "")
    assert Decimal(text) == to_paise(amount)
    assert canonical(amount) == amount
