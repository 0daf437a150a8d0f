"""Trading accounts over GraphQL: open, edit, move cash, archive; each user's own."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.helpers import error_codes, gql
from tests.api.trading_support import (
    ACCOUNTS,
    ARCHIVE_ACCOUNT,
    CREATE_ACCOUNT,
    DEPOSIT,
    FILLS,
    ORDERS,
    SET_ROLE,
    STOCK,
    UPDATE_ACCOUNT,
    WITHDRAW,
    TradingServer,
    first_admin,
    open_account,
    placed,
    query,
    quote,
    trader,
)

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments


async def _create(client: httpx.AsyncClient, token: str, **fields: Any) -> dict[str, Any]:
    values = {"label": "main", "capital": "100000", **fields}
    body = await gql(client, CREATE_ACCOUNT, {"input": values}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["createAccount"]
    return result


async def test_an_opened_account_holds_its_capital_as_cash(trading: httpx.AsyncClient) -> None:
    user = await trader(trading)
    result = await _create(
        trading,
        user.access_token,
        label="  Swing   book ",
        capital="250000.50",
        multiplier="2.5",
        tags=["Swing", "nifty-50", "swing"],
        chargesTemplate="FLAT:20",
    )
    assert result["__typename"] == "AccountSuccess"
    account = result["account"]
    assert account == {
        "id": account["id"],
        "label": "Swing book",
        "broker": "paper",
        "capital": "250000.50",
        "multiplier": "2.50",
        "tags": ["nifty-50", "swing"],
        "chargesTemplate": "flat:20",
        "archivedAt": None,
        "cash": "250000.50",
    }
    listed = (await query(trading, ACCOUNTS, user.access_token))["accounts"]
    assert listed == [account]


async def test_an_account_is_edited_field_by_field(trading: httpx.AsyncClient) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token, "100000", label="before")
    body = await gql(
        trading,
        UPDATE_ACCOUNT,
        {"input": {"id": account["id"], "label": "after", "tags": ["intraday"]}},
        token=user.access_token,
    )
    updated = body["data"]["updateAccount"]["account"]
    assert updated["label"] == "after"
    assert updated["tags"] == ["intraday"]
    assert updated["multiplier"] == account["multiplier"]
    assert updated["chargesTemplate"] == "zerodha"
    assert updated["cash"] == "100000.00"
    body = await gql(
        trading,
        UPDATE_ACCOUNT,
        {"input": {"id": account["id"], "multiplier": "3", "chargesTemplate": "percent:0.002"}},
        token=user.access_token,
    )
    updated = body["data"]["updateAccount"]["account"]
    assert (updated["label"], updated["multiplier"], updated["chargesTemplate"]) == (
        "after",
        "3.00",
        "percent:0.002",
    )
    listed = (await query(trading, ACCOUNTS, user.access_token))["accounts"]
    assert listed == [updated]


async def test_deposits_and_withdrawals_move_cash_and_overdrawing_is_refused(
    trading: httpx.AsyncClient,
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token, "1000")
    token, account_id = user.access_token, account["id"]
    body = await gql(trading, DEPOSIT, {"id": account_id, "amount": "500.25"}, token=token)
    assert body["data"]["deposit"]["account"]["cash"] == "1500.25"
    body = await gql(trading, WITHDRAW, {"id": account_id, "amount": "1500.26"}, token=token)
    refused = body["data"]["withdraw"]
    assert refused["__typename"] == "InsufficientFunds"
    assert refused["code"] == "INSUFFICIENT_FUNDS"
    body = await gql(trading, WITHDRAW, {"id": account_id, "amount": "1500.25"}, token=token)
    assert body["data"]["withdraw"]["account"]["cash"] == "0.00"
    body = await gql(trading, WITHDRAW, {"id": account_id, "amount": "0.01"}, token=token)
    assert body["data"]["withdraw"]["__typename"] == "InsufficientFunds"
    listed = (await query(trading, ACCOUNTS, token))["accounts"]
    assert [(a["capital"], a["cash"]) for a in listed] == [("1000.00", "0.00")]


@pytest.mark.parametrize("amount", ["0", "-5", "0.001", "NaN", "Infinity", "100000000000.01"])
async def test_a_cash_movement_needs_a_positive_amount_in_paise(
    trading: httpx.AsyncClient, amount: str
) -> None:
    user = await trader(trading)
    account = await open_account(trading, user.access_token, "1000")
    for document, name in ((DEPOSIT, "deposit"), (WITHDRAW, "withdraw")):
        body = await gql(
            trading, document, {"id": account["id"], "amount": amount}, token=user.access_token
        )
        assert "errors" not in body, body
        assert body["data"][name]["__typename"] == "InvalidInput", body
        assert body["data"][name]["field"] == "amount"
    listed = (await query(trading, ACCOUNTS, user.access_token))["accounts"]
    assert listed[0]["cash"] == "1000.00"


async def test_an_archived_account_is_hidden_and_frozen(trading: httpx.AsyncClient) -> None:
    user = await trader(trading)
    token = user.access_token
    kept = await open_account(trading, token, label="kept")
    gone = await open_account(trading, token, "5000", label="gone")
    body = await gql(trading, ARCHIVE_ACCOUNT, {"id": gone["id"]}, token=token)
    archived = body["data"]["archiveAccount"]["account"]
    assert archived["archivedAt"] is not None
    assert archived["cash"] == "5000.00"
    again = (await gql(trading, ARCHIVE_ACCOUNT, {"id": gone["id"]}, token=token))["data"]
    assert again["archiveAccount"]["account"]["archivedAt"] == archived["archivedAt"]

    assert [a["id"] for a in (await query(trading, ACCOUNTS, token))["accounts"]] == [kept["id"]]
    everything = (await query(trading, ACCOUNTS, token, archived=True))["accounts"]
    assert [a["id"] for a in everything] == [kept["id"], gone["id"]]

    for document, variables, name in (
        (DEPOSIT, {"id": gone["id"], "amount": "1"}, "deposit"),
        (WITHDRAW, {"id": gone["id"], "amount": "1"}, "withdraw"),
        (UPDATE_ACCOUNT, {"input": {"id": gone["id"], "label": "x"}}, "updateAccount"),
    ):
        body = await gql(trading, document, variables, token=token)
        assert body["data"][name]["__typename"] == "AccountArchived", (name, body)
        assert body["data"][name]["code"] == "ACCOUNT_ARCHIVED"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"label": "   "}, "label"),
        ({"label": "x" * 65}, "label"),
        ({"capital": "0"}, "capital"),
        ({"capital": "-100"}, "capital"),
        ({"capital": "100.001"}, "capital"),
        ({"capital": "100000000000.01"}, "capital"),
        ({"capital": "NaN"}, "capital"),
        ({"multiplier": "0"}, "multiplier"),
        ({"multiplier": "1000.01"}, "multiplier"),
        ({"multiplier": "-1"}, "multiplier"),
        ({"multiplier": "1.005"}, "multiplier"),
        ({"tags": ["has space"]}, "tags"),
        ({"tags": ["x" * 33]}, "tags"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"chargesTemplate": "robinhood"}, "chargesTemplate"),
        ({"chargesTemplate": "flat:-1"}, "chargesTemplate"),
        ({"chargesTemplate": "flat"}, "chargesTemplate"),
        ({"chargesTemplate": "percent:2"}, "chargesTemplate"),
        ({"chargesTemplate": "zero:1"}, "chargesTemplate"),
        ({"chargesTemplate": "flat:1e80"}, "chargesTemplate"),
    ],
)
async def test_bad_account_fields_are_invalid_input_naming_the_field(
    trading: httpx.AsyncClient, fields: dict[str, Any], field: str
) -> None:
    user = await trader(trading)
    result = await _create(trading, user.access_token, **fields)
    assert result["__typename"] == "InvalidInput", result
    assert result["field"] == field
    assert (await query(trading, ACCOUNTS, user.access_token))["accounts"] == []

    account = await open_account(trading, user.access_token)
    if field == "capital":
        return  # capital is fixed once the account is open
    body = await gql(
        trading,
        UPDATE_ACCOUNT,
        {"input": {"id": account["id"], **fields}},
        token=user.access_token,
    )
    assert "errors" not in body, body
    assert body["data"]["updateAccount"]["__typename"] == "InvalidInput"
    assert body["data"]["updateAccount"]["field"] == field
    assert (await query(trading, ACCOUNTS, user.access_token))["accounts"] == [account]


async def test_each_user_sees_only_their_own_accounts(trading: httpx.AsyncClient) -> None:
    alice = await trader(trading)
    bob = await trader(trading)
    alices = await open_account(trading, alice.access_token, label="alice")
    bobs = await open_account(trading, bob.access_token, label="bob")
    assert (await query(trading, ACCOUNTS, alice.access_token, archived=True))["accounts"] == [
        alices
    ]
    assert (await query(trading, ACCOUNTS, bob.access_token, archived=True))["accounts"] == [bobs]


async def test_every_account_mutation_on_someone_elses_account_is_not_found(
    trading: httpx.AsyncClient,
) -> None:
    alice = await trader(trading)
    bob = await trader(trading)
    alices = await open_account(trading, alice.access_token, "1000", label="alice")
    for account_id in (alices["id"], "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        for document, variables, name in (
            (DEPOSIT, {"id": account_id, "amount": "1"}, "deposit"),
            (WITHDRAW, {"id": account_id, "amount": "1"}, "withdraw"),
            (UPDATE_ACCOUNT, {"input": {"id": account_id, "label": "mine"}}, "updateAccount"),
            (ARCHIVE_ACCOUNT, {"id": account_id}, "archiveAccount"),
        ):
            body = await gql(trading, document, variables, token=bob.access_token)
            assert body["data"][name]["__typename"] == "NotFound", (name, account_id, body)
            assert body["data"][name]["code"] == "NOT_FOUND"
    assert (await query(trading, ACCOUNTS, alice.access_token))["accounts"] == [alices]


async def test_a_viewer_reads_accounts_but_cannot_open_or_change_them(
    trading: httpx.AsyncClient,
) -> None:
    admin = await first_admin(trading)
    viewer = await trader(trading)
    account = await open_account(trading, viewer.access_token, "1000")
    await gql(trading, SET_ROLE, {"id": viewer.user_id, "role": "VIEWER"}, token=admin)
    token = viewer.access_token
    assert (await query(trading, ACCOUNTS, token))["accounts"] == [account]
    for document, variables in (
        (CREATE_ACCOUNT, {"input": {"label": "x", "capital": "1"}}),
        (DEPOSIT, {"id": account["id"], "amount": "1"}),
        (WITHDRAW, {"id": account["id"], "amount": "1"}),
        (UPDATE_ACCOUNT, {"input": {"id": account["id"], "label": "x"}}),
        (ARCHIVE_ACCOUNT, {"id": account["id"]}),
    ):
        assert error_codes(await gql(trading, document, variables, token=token)) == ["FORBIDDEN"]
    assert (await query(trading, ACCOUNTS, token))["accounts"] == [account]


async def test_accounts_need_authentication(trading: httpx.AsyncClient) -> None:
    assert error_codes(await gql(trading, ACCOUNTS)) == ["UNAUTHENTICATED"]
    body = await gql(trading, CREATE_ACCOUNT, {"input": {"label": "x", "capital": "1"}})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_archiving_an_account_cancels_its_working_orders(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token, "100000")
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    working = await placed(trading, token, account["id"], orderType="LIMIT", price="480.00")
    await gql(trading, ARCHIVE_ACCOUNT, {"id": account["id"]}, token=token)
    await open_market.tick(quote(STOCK, "479.00", "478.95", "479.05"))
    [order] = (await query(trading, ORDERS, token))["orders"]
    assert order["id"] == working["order"]["id"]
    assert order["status"] == "CANCELLED"
    assert (await query(trading, FILLS, token))["fills"] == []
    listed = (await query(trading, ACCOUNTS, token, archived=True))["accounts"]
    assert listed[0]["cash"] == "100000.00"


async def test_a_withdrawal_cannot_take_the_proceeds_of_a_short_sale(
    trading: httpx.AsyncClient, open_market: TradingServer
) -> None:
    user = await trader(trading)
    token = user.access_token
    account = await open_account(trading, token, "100000", charges="zero")
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    await placed(trading, token, account["id"], side="SELL", quantity=100)  # +49,995.00 cash
    # Equity is 1,00,000 − 5.00 (marked at 500.00); the short blocks 20% of 50,000.00.
    body = await gql(trading, WITHDRAW, {"id": account["id"], "amount": "149995.00"}, token=token)
    assert body["data"]["withdraw"]["__typename"] == "InsufficientFunds"
    body = await gql(trading, WITHDRAW, {"id": account["id"], "amount": "89995.01"}, token=token)
    assert body["data"]["withdraw"]["__typename"] == "InsufficientFunds"
    body = await gql(trading, WITHDRAW, {"id": account["id"], "amount": "89995.00"}, token=token)
    assert body["data"]["withdraw"]["account"]["cash"] == "60000.00"
