"""``dalal option-calc``: the calculator command, through the real ``dalal`` app."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dalal.cli import app

runner = CliRunner()
HULL = ["--underlying", "42", "--strike", "40", "--days", "182.5", "--rate", "10"]


def _json(*args: str) -> dict[str, float]:
    result = runner.invoke(app, ["option-calc", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, float] = json.loads(result.stdout)
    return data


def test_prices_hulls_call_and_put_from_percent_inputs() -> None:
    call = _json("--model", "bs", "--type", "CE", *HULL, "--vol", "20")
    put = _json("--model", "bs", "--type", "PE", *HULL, "--vol", "20")
    assert call["price"] == pytest.approx(4.7594, abs=5e-5)
    assert put["price"] == pytest.approx(0.8086, abs=5e-5)
    assert set(call) == {"price", "iv", "delta", "gamma", "theta", "vega", "rho"}


def test_solves_the_iv_of_a_price_and_prints_a_table() -> None:
    solved = _json("--model", "bs", "--type", "CE", *HULL, "--price", "4.759422")
    assert solved["iv"] == pytest.approx(20.0, abs=1e-3)
    table = runner.invoke(
        app, ["option-calc", "--model", "black76", "--type", "pe", *HULL, "--vol", "20"]
    )
    assert table.exit_code == 0
    assert "Vega (per vol point)" in table.stdout


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ([], "--vol"),
        (["--vol", "20", "--price", "3"], "--vol"),
        (["--price", "0.5"], "intrinsic"),
    ],
)
def test_bad_input_exits_2_with_a_reason(extra: list[str], needle: str) -> None:
    result = runner.invoke(app, ["option-calc", "--model", "bs", "--type", "CE", *HULL, *extra])
    assert result.exit_code == 2
    assert needle in result.stderr
