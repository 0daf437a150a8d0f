"""``dalal charges``: the command around the charges estimate, driven through typer's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from dalal.commands import charges as charges_command
from dalal.commands.charges import JSON_KEYS, charges

app = typer.Typer()
app.command("charges")(charges)


@app.command("other")
def _other() -> None:
    """A second command, so that ``charges`` is a subcommand as it is in ``dalal``."""


runner = CliRunner()
WORKED_CHECK = [
    "--segment",
    "equity-intraday",
    "--exchange",
    "NSE",
    "--buy",
    "1000",
    "--sell",
    "1010",
    "--qty",
    "100",
    "--date",
    "2025-01-02",
]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["charges", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_output_has_every_figure_as_a_string_with_two_decimals() -> None:
    code, out, _ = run(*WORKED_CHECK, "--json")
    assert code == 0
    assert json.loads(out) == {
        "turnover": "201000.00",
        "brokerage": "40.00",
        "stt": "25.00",
        "exchange_txn": "5.97",
        "sebi": "0.20",
        "stamp_duty": "3.00",
        "gst": "8.31",
        "total": "82.48",
        "net_pnl": "917.52",
        "breakeven_points": "0.82",
    }
    assert tuple(json.loads(out)) == JSON_KEYS


def test_the_table_shows_the_contract_note_and_the_unrounded_stt() -> None:
    code, out, err = run(*WORKED_CHECK)
    assert code == 0, err
    for figure in (
        "201,000.00",
        "40.00",
        "25.00",
        "25.25",
        "5.97",
        "8.31",
        "82.48",
        "917.52",
        "0.82",
    ):
        assert figure in out


def test_segment_and_exchange_ignore_case_and_options_use_the_premium() -> None:
    # NIFTY CE 75 @ 120 → 150 on the 2024 card: total 66.86 (worked in test_charges.py).
    code, out, _ = run(
        "--segment", "OPTIONS", "--exchange", "nse", "--buy", "120", "--sell", "150", "--qty", "75",
        "--date", "2025-03-03", "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["total"] == "66.86"


def test_prices_keep_every_digit_of_the_text() -> None:
    # 0.1 + 0.2 style float error would show in the turnover: 100 × (100.10 + 100.20) = 20,030.00
    code, out, _ = run(
        "--segment", "equity-delivery", "--exchange", "BSE", "--buy", "100.10", "--sell", "100.20",
        "--qty", "100", "--date", "2025-03-03", "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["turnover"] == "20030.00"


def test_the_template_option_selects_the_charges_template() -> None:
    code, out, _ = run(*WORKED_CHECK, "--template", "zero", "--json")
    assert code == 0
    assert json.loads(out)["total"] == "0.00"
    assert json.loads(out)["net_pnl"] == "1000.00"


def test_the_date_defaults_to_today_in_india(monkeypatch: pytest.MonkeyPatch) -> None:
    # 19:00 UTC on 31 March 2026 is already 00:30 on 1 April in India: the 2026 futures STT
    # (0.05% × 17,32,500 = 866.25 → 866) applies, not the 2024 one (346.50 → 347).
    class FrozenClock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FrozenClock:
            instant = cls(2026, 3, 31, 19, 0, tzinfo=dt.UTC)
            return instant.astimezone(tz) if tz else instant

    monkeypatch.setattr(charges_command, "dt", SimpleNamespace(datetime=FrozenClock, date=dt.date))
    code, out, _ = run(
        "--segment", "futures", "--exchange", "NSE", "--buy", "23000", "--sell", "23100",
        "--qty", "75", "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["stt"] == "866.00"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--qty", "-5"), "--qty must be a whole number above zero"),
        (("--qty", "0"), "--qty must be a whole number above zero"),
        (("--buy", "abc"), "--buy must be a number"),
        (("--sell", "1,010"), "--sell must be a number"),
        (("--buy", "-1"), "price must be above zero"),
        (("--date", "2024-09-30"), "no rate card for 2024-09-30"),
        (("--date", "31/12/2025"), "--date must be YYYY-MM-DD"),
        (("--template", "gold"), "unknown charges template"),
    ],
)
def test_bad_input_exits_with_code_2_and_one_clear_line(
    change: tuple[str, str], message: str
) -> None:
    args = [*WORKED_CHECK, "--template", "zerodha"]
    flag, value = change
    args[args.index(flag) + 1] = value
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("flag", "value"), [("--segment", "commodities"), ("--exchange", "MCX"), ("--qty", "ten")]
)
def test_values_typer_cannot_read_exit_with_code_2_and_name_the_option(
    flag: str, value: str
) -> None:
    args = list(WORKED_CHECK)
    args[args.index(flag) + 1] = value
    code, _, err = run(*args)
    assert code == 2
    assert flag in err
    assert "Traceback" not in err


def test_a_missing_price_is_a_usage_error() -> None:
    code, _, err = run("--segment", "futures", "--exchange", "NSE", "--buy", "1", "--qty", "1")
    assert code == 2
    assert "--sell" in err
