"""Ready-to-paste alert messages and test commands for a signal group.

TradingView gets one message for every order of a strategy: its placeholders tell entries
from exits. The message carries no order id on purpose: TradingView's
``{{strategy.order.id}}`` is the Pine order name ("Long"), the same on every trade, and a
``unique_id`` is taken once per group and action, so it would turn the second trade into a
duplicate. Without one, the intake dedupes identical bodies, and ``{{timenow}}`` keeps
distinct alerts distinct. The generic JSON format gets one body per action, and Chartink,
which has no message box, gets setup steps instead.

The curl commands never contain the group's secret: they read it from the environment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dalal.domain.signals import SignalAction, SignalGroup, SignalSource

SIGNATURE_HEADER = "X-Dalal-Signature"
SECRET_VARIABLE = "DALAL_WEBHOOK_SECRET"  # noqa: S105 - the name of a variable, not a secret
UNIQUE_ID_PLACEHOLDER = "<trade id: new for each entry, repeated by its exit>"
_SAMPLE_TIME = "2024-06-03T09:20:00Z"
_SOURCE_NAMES = {SignalSource.TRADINGVIEW: "TradingView", SignalSource.CHARTINK: "Chartink"}


@dataclass(frozen=True, slots=True)
class AlertPayloads:
    """What a user pastes or runs to send signals to one group.

    ``entry`` and ``exit`` are alert messages (the same template for TradingView; empty for
    Chartink). ``chartink_setup`` is set only for Chartink groups. ``curl_entry`` and
    ``curl_exit`` post a sample delivery; for Chartink both post the same scan alert, since
    the group's action decides. ``signature_note`` says whether and how to sign.
    """

    entry: str
    exit: str
    chartink_setup: str
    curl_entry: str
    curl_exit: str
    signature_note: str


def alert_payloads(group: SignalGroup, webhook_url: str) -> AlertPayloads:
    if group.source is SignalSource.TRADINGVIEW:
        template = _pretty(tradingview_template(group.name))
        return AlertPayloads(
            entry=template,
            exit=template,
            chartink_setup="",
            curl_entry=curl_command(group, webhook_url, _tradingview_sample(group, entry=True)),
            curl_exit=curl_command(group, webhook_url, _tradingview_sample(group, entry=False)),
            signature_note=_signature_note(group),
        )
    if group.source is SignalSource.CHARTINK:
        sample = curl_command(group, webhook_url, _chartink_sample(group, webhook_url))
        return AlertPayloads(
            entry="",
            exit="",
            chartink_setup=_chartink_setup(group, webhook_url),
            curl_entry=sample,
            curl_exit=sample,
            signature_note=_signature_note(group),
        )
    entry, exit_ = group_actions(group)
    return AlertPayloads(
        entry=_pretty({"signal": entry.value, "unique_id": UNIQUE_ID_PLACEHOLDER}),
        exit=_pretty({"signal": exit_.value, "unique_id": UNIQUE_ID_PLACEHOLDER}),
        chartink_setup="",
        curl_entry=curl_command(group, webhook_url, {"signal": entry.value, "unique_id": "t-1"}),
        curl_exit=curl_command(group, webhook_url, {"signal": exit_.value, "unique_id": "t-1"}),
        signature_note=_signature_note(group),
    )


def group_actions(group: SignalGroup) -> tuple[SignalAction, SignalAction]:
    """(entry, exit) on the side of the group's action: the BUY pair unless it is a SELL one."""
    if group.default_action in (SignalAction.SELL_ENTRY, SignalAction.SELL_EXIT):
        return SignalAction.SELL_ENTRY, SignalAction.SELL_EXIT
    return SignalAction.BUY_ENTRY, SignalAction.BUY_EXIT


def tradingview_template(alert_name: str) -> dict[str, str]:
    """The strategy alert message; TradingView replaces each {{…}} when the alert fires.
    ``position_size`` (the position after the order) splits a reversal's contracts."""
    return {
        "action": "{{strategy.order.action}}",
        "market_position": "{{strategy.market_position}}",
        "prev_market_position": "{{strategy.prev_market_position}}",
        "position_size": "{{strategy.market_position_size}}",
        "ticker": "{{ticker}}",
        "exchange": "{{exchange}}",
        "close": "{{close}}",
        "contracts": "{{strategy.order.contracts}}",
        "time": "{{timenow}}",
        "alert_name": alert_name,
    }


def _tradingview_sample(group: SignalGroup, *, entry: bool) -> dict[str, str]:
    """The template as TradingView fills it for a long entry (buy → long) or its exit."""
    return {
        **tradingview_template(group.name),
        "action": "buy" if entry else "sell",
        "market_position": "long" if entry else "flat",
        "prev_market_position": "flat" if entry else "long",
        "position_size": "1" if entry else "0",
        "ticker": "NIFTY1!",
        "exchange": "NSE",
        "close": "23450.05",
        "contracts": "1",
        "time": _SAMPLE_TIME,
    }


def _chartink_sample(group: SignalGroup, webhook_url: str) -> dict[str, str]:
    """A scan alert exactly as Chartink sends it."""
    return {
        "stocks": "SBIN,INFY",
        "trigger_prices": "560.5,1450",
        "triggered_at": "2:34 pm",
        "scan_name": "Dalal test scan",
        "scan_url": "dalal-test-scan",
        "alert_name": group.name,
        "webhook_url": webhook_url,
    }


def _chartink_setup(group: SignalGroup, webhook_url: str) -> str:
    if group.default_action is None:
        action = "Set this group's action first: until then its alerts are refused."
    else:
        action = f"Every stock in an alert becomes a {group.default_action.value} signal."
    return "\n".join(
        [
            "1. On chartink.com, open your scan (or create one) and run it once.",
            '2. Click "Create Alert" on the scan\'s page.',
            f'3. Paste this webhook URL into the alert\'s "Webhook URL" box: {webhook_url}',
            "4. Choose when the alert runs and save it.",
            "",
            f"{action} Chartink alerts do not say buy or sell, so each group is either an "
            "entry or an exit by its action: to enter on one scan and exit on another, make "
            "two groups and give each scan's alert its group's URL.",
        ]
    )


def curl_command(group: SignalGroup, webhook_url: str, body: dict[str, str]) -> str:
    """A shell command that posts ``body`` as JSON, signed when the group requires it."""
    text = json.dumps(body, ensure_ascii=False)
    target = "\\\n  ".join(
        [f"curl -sS -X POST {shell_quote(webhook_url)} ", "-H 'Content-Type: application/json'"]
    )
    if not group.require_signature:
        return f"{target} \\\n  -d {shell_quote(text)}"
    return "\n".join(
        [
            f"BODY={shell_quote(text)}",
            f'SIGNATURE="sha256=$(printf %s "$BODY" | openssl dgst -sha256 -hmac '
            f'"${SECRET_VARIABLE}" | awk \'{{print $NF}}\')"',
            f'{target} \\\n  -H "{SIGNATURE_HEADER}: $SIGNATURE" \\\n  --data-raw "$BODY"',
        ]
    )


def shell_quote(text: str) -> str:
    """Single-quote for POSIX shells: nothing inside is expanded; a ' becomes '\\''."""
    return "'" + text.replace("'", "'\\''") + "'"


def _signature_note(group: SignalGroup) -> str:
    how = (
        f"send {SIGNATURE_HEADER}: sha256=<hex>, the HMAC-SHA256 of the exact body bytes "
        "keyed with the group's secret"
    )
    if not group.require_signature:
        return (
            "Signatures are off: anyone who has this URL can post signals, so keep it secret. "
            f"A sender that can add headers may {how}: a signature that is sent is always "
            "checked, and turning the group's signature check on makes it required."
        )
    if group.source in (SignalSource.TRADINGVIEW, SignalSource.CHARTINK):
        return (
            f"This group requires a {SIGNATURE_HEADER} header, but "
            f"{_SOURCE_NAMES[group.source]} cannot add headers, so its alerts will be refused. "
            "Turn the signature requirement off and keep the URL secret instead (the curl "
            "examples still sign, for testing)."
        )
    return (
        f"This group requires a signature: {how}. Put the secret in the {SECRET_VARIABLE} "
        f"environment variable (export {SECRET_VARIABLE}='<secret>') and the "
        "curl examples compute the header with openssl."
    )


def _pretty(body: dict[str, str]) -> str:
    return json.dumps(body, indent=2, ensure_ascii=False)
