"""The webhook over real HTTP: every bad delivery gets a clear 4xx with a code, is logged with
its raw body and reason (when the group is known), never a 500, and never stops good ones."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import httpx
import orjson
import pytest

from tests.api.signal_support import SIGNALS, create_algo, create_group, fixed_leg, webhook_path
from tests.api.trading_support import STOCK, TradingServer, open_account, query, quote, trader

pytest_plugins = ["tests.api.conftest_trading"]  # its fixtures: servers, instruments


@pytest.fixture
async def group(trading: httpx.AsyncClient, open_market: TradingServer) -> dict[str, Any]:
    token = (await trader(trading)).access_token
    await open_account(trading, token, "1000000", label="only")
    algo = await create_algo(trading, token, "one lot", legs=[fixed_leg(lots=1)])
    made = await create_group(trading, token, entryAlgoIds=[algo["id"]])
    open_market.set_quotes(quote(STOCK, "500.00", "499.95", "500.05"))
    return {**made, "token": token}


def good(unique_id: str) -> bytes:
    return orjson.dumps(
        {"signal": "BUY_ENTRY", "unique_id": unique_id, "symbol": STOCK.tradingsymbol}
    )


async def post(client: httpx.AsyncClient, path: str, body: bytes, **headers: str) -> httpx.Response:
    return await client.post(
        path, content=body, headers={"Content-Type": "application/json", **headers}
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "MALFORMED_PAYLOAD"),
        (b"", "MALFORMED_PAYLOAD"),
        (b"[1, 2, 3]", "MALFORMED_PAYLOAD"),
        (b"\xff\xfe\x00garbage", "MALFORMED_PAYLOAD"),
        (b'{"signal": 42}', "MALFORMED_PAYLOAD"),
        (b'{"signal": "BUY_ENTRY", "quantity": "lots"}', "MALFORMED_PAYLOAD"),
        (b"[" * 5000 + b"]" * 5000, "MALFORMED_PAYLOAD"),
        (b'{"signal": "BUY_ENTRY", "symbol": "NO_SUCH_THING"}', "UNKNOWN_SYMBOL"),
    ],
)
async def test_a_bad_body_is_refused_with_a_code_and_logged_with_its_raw_text(
    trading: httpx.AsyncClient, group: dict[str, Any], body: bytes, code: str
) -> None:
    answer = await post(trading, webhook_path(group), body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == code
    assert answer.json()["message"]
    log = await query(trading, SIGNALS, group["token"], first=5)
    newest = log["signals"]["edges"][0]["node"]
    assert newest["status"] == "REJECTED"
    assert newest["reason"] == answer.json()["message"]
    # (waits for the execution, so nothing runs on in the background after the test)
    later = await post(trading, f"{webhook_path(group)}?wait=true", good(f"after-{code}"))
    assert later.status_code == 200, later.text


async def test_a_body_over_the_limit_is_refused_before_it_is_read_whole(
    trading: httpx.AsyncClient, group: dict[str, Any]
) -> None:
    answer = await post(trading, webhook_path(group), b'{"pad": "' + b"x" * 70_000 + b'"}')
    assert answer.status_code == 413
    assert answer.json()["code"] == "PAYLOAD_TOO_LARGE"


async def test_an_unknown_token_is_a_404_that_names_the_fix(trading: httpx.AsyncClient) -> None:
    answer = await post(trading, "/webhooks/not-a-real-token", good("x"))
    assert answer.status_code == 404
    assert answer.json()["code"] == "UNKNOWN_WEBHOOK"
    assert "Copy the URL again" in answer.json()["message"]


async def test_a_wrong_signature_is_refused_and_a_right_one_accepted(
    trading: httpx.AsyncClient, group: dict[str, Any]
) -> None:
    body = good("signed")
    wrong = await post(trading, webhook_path(group), body, **{"X-Dalal-Signature": "sha256=00"})
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "BAD_SIGNATURE"
    digest = hmac.new(group["secret"].encode(), body, hashlib.sha256).hexdigest()
    right = await post(
        trading, webhook_path(group), body, **{"X-Dalal-Signature": f"sha256={digest}"}
    )
    assert right.status_code == 202, right.text


async def test_unknown_fields_are_ignored(
    trading: httpx.AsyncClient, group: dict[str, Any]
) -> None:
    body = orjson.dumps(
        {
            "signal": "BUY_ENTRY",
            "unique_id": "extra",
            "symbol": STOCK.tradingsymbol,
            "colour": "green",
            "nested": {"deep": [1, 2]},
        }
    )
    answer = await post(trading, f"{webhook_path(group)}?wait=true", body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["signals"][0]["status"] == "executed"
