"""Ready-to-paste alert payloads and curl commands, checked against our own parsers."""

from __future__ import annotations

import json
import shlex
import subprocess
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from dalal.adapters.webhooks import parse_webhook
from dalal.adapters.webhooks.signature import SIGNATURE_HEADER, verify
from dalal.domain.alert_payloads import (
    SECRET_VARIABLE,
    AlertPayloads,
    alert_payloads,
    tradingview_template,
)
from dalal.domain.signals import MalformedPayload, SignalAction, SignalGroup, SignalSource

A = SignalAction
URL = "https://dalal.example.in/webhooks/Zx9_token"
SECRET = "group-secret-that-must-never-appear"
NOW = datetime(2024, 6, 3, tzinfo=UTC)


def group(
    source: SignalSource,
    *,
    default_action: SignalAction | None = None,
    require_signature: bool = False,
    name: str = "Raj's NIFTY breakouts",
) -> SignalGroup:
    return SignalGroup(
        id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        name=name,
        source=source,
        token="Zx9_token",
        secret=SECRET,
        active=True,
        created_at=NOW,
        updated_at=NOW,
        require_signature=require_signature,
        default_action=default_action,
    )


def curl_body(command: str) -> str:
    """The JSON body a plain (unsigned) curl example posts, as the shell would pass it."""
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:5] == ["curl", "-sS", "-X", "POST", URL]
    assert words[5:7] == ["-H", "Content-Type: application/json"]
    assert words[7] == "-d"
    [body] = words[8:]
    return body


def parsed_actions(source: SignalSource, body: str, action: SignalAction | None) -> list[A]:
    signals = parse_webhook(
        source, body.encode(), content_type="application/json", default_action=action
    )
    return [s.action for s in signals]


def test_a_tradingview_group_gets_one_template_for_entries_and_exits() -> None:
    payloads = alert_payloads(group(SignalSource.TRADINGVIEW), URL)
    assert payloads.entry == payloads.exit
    assert json.loads(payloads.entry) == tradingview_template("Raj's NIFTY breakouts")
    assert payloads.chartink_setup == ""


def test_the_unfilled_tradingview_template_is_refused_as_an_unreplaced_placeholder() -> None:
    template = alert_payloads(group(SignalSource.TRADINGVIEW), URL).entry
    with pytest.raises(MalformedPayload, match="placeholder"):
        parse_webhook(SignalSource.TRADINGVIEW, template.encode(), content_type=None)


def test_the_tradingview_curl_examples_parse_back_to_an_entry_and_its_exit() -> None:
    payloads = alert_payloads(group(SignalSource.TRADINGVIEW), URL)
    tv = SignalSource.TRADINGVIEW
    assert parsed_actions(tv, curl_body(payloads.curl_entry), None) == [A.BUY_ENTRY]
    assert parsed_actions(tv, curl_body(payloads.curl_exit), None) == [A.BUY_EXIT]


@pytest.mark.parametrize(
    ("default_action", "entry", "exit_"),
    [
        (None, A.BUY_ENTRY, A.BUY_EXIT),
        (A.BUY_EXIT, A.BUY_ENTRY, A.BUY_EXIT),
        (A.SELL_ENTRY, A.SELL_ENTRY, A.SELL_EXIT),
        (A.SELL_EXIT, A.SELL_ENTRY, A.SELL_EXIT),
    ],
)
def test_a_json_group_gets_messages_and_curls_on_the_side_of_its_action(
    default_action: SignalAction | None, entry: SignalAction, exit_: SignalAction
) -> None:
    payloads = alert_payloads(group(SignalSource.JSON, default_action=default_action), URL)
    json_ = SignalSource.JSON
    assert parsed_actions(json_, payloads.entry, None) == [entry]
    assert parsed_actions(json_, payloads.exit, None) == [exit_]
    assert parsed_actions(json_, curl_body(payloads.curl_entry), None) == [entry]
    assert parsed_actions(json_, curl_body(payloads.curl_exit), None) == [exit_]


def test_the_json_messages_explain_their_unique_id_placeholder() -> None:
    entry = json.loads(alert_payloads(group(SignalSource.JSON), URL).entry)
    assert "new for each entry" in entry["unique_id"]


def test_a_chartink_group_gets_setup_steps_and_a_sample_alert_in_chartinks_shape() -> None:
    chartink = group(SignalSource.CHARTINK, default_action=A.BUY_EXIT)
    payloads = alert_payloads(chartink, URL)
    assert (payloads.entry, payloads.exit) == ("", "")
    assert "Create Alert" in payloads.chartink_setup
    assert URL in payloads.chartink_setup
    assert "BUY_EXIT" in payloads.chartink_setup
    body = curl_body(payloads.curl_entry)
    assert set(json.loads(body)) >= {"stocks", "trigger_prices", "scan_name", "alert_name"}
    assert parsed_actions(SignalSource.CHARTINK, body, A.BUY_EXIT) == [A.BUY_EXIT, A.BUY_EXIT]


def test_chartink_setup_without_an_action_says_to_set_one() -> None:
    setup = alert_payloads(group(SignalSource.CHARTINK), URL).chartink_setup
    assert "Set this group's action first" in setup


def test_a_quote_in_the_group_name_survives_shell_quoting() -> None:
    payloads = alert_payloads(group(SignalSource.TRADINGVIEW, name="it's 'quoted'"), URL)
    assert json.loads(curl_body(payloads.curl_entry))["alert_name"] == "it's 'quoted'"


def every_text(payloads: AlertPayloads) -> str:
    return "\n".join(getattr(payloads, name) for name in AlertPayloads.__slots__)


@pytest.mark.parametrize("source", [SignalSource.JSON, SignalSource.TRADINGVIEW])
def test_signed_examples_read_the_secret_from_the_environment(source: SignalSource) -> None:
    payloads = alert_payloads(group(source, require_signature=True), URL)
    assert SECRET not in every_text(payloads)
    assert f'-hmac "${SECRET_VARIABLE}"' in payloads.curl_entry
    assert f'-H "{SIGNATURE_HEADER}: $SIGNATURE"' in payloads.curl_entry
    assert SIGNATURE_HEADER in payloads.signature_note


def test_the_openssl_recipe_computes_a_signature_that_verifies() -> None:
    payloads = alert_payloads(group(SignalSource.JSON, require_signature=True), URL)
    setup = payloads.curl_entry.split("\ncurl ")[0]  # BODY=… and SIGNATURE=…, not the POST
    script = f'{setup}\nprintf "%s\\n%s" "$SIGNATURE" "$BODY"'
    done = subprocess.run(
        ["bash", "-c", script],
        env={"PATH": "/usr/bin:/bin", SECRET_VARIABLE: SECRET},
        capture_output=True,
        text=True,
        check=True,
    )
    signature, body = done.stdout.split("\n", 1)
    assert verify(SECRET, body.encode(), signature)
    assert parsed_actions(SignalSource.JSON, body, None) == [A.BUY_ENTRY]


def test_tradingview_and_chartink_groups_are_warned_that_they_cannot_sign() -> None:
    for source in (SignalSource.TRADINGVIEW, SignalSource.CHARTINK):
        note = alert_payloads(group(source, require_signature=True), URL).signature_note
        assert "cannot add headers" in note


def test_an_unsigned_group_is_told_to_keep_its_url_secret() -> None:
    note = alert_payloads(replace(group(SignalSource.JSON), require_signature=False), URL)
    assert "keep it secret" in note.signature_note
