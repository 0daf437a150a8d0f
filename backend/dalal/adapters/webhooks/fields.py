"""Reading webhook bodies field by field, with errors that name the field and say what to send.

JSON is parsed with ``parse_float=Decimal``, so a price arrives as the exact digits the
sender wrote and never passes through a float. ``null`` reads as absent everywhere.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TypeAlias

from dalal.domain.money import parse_decimal
from dalal.domain.signals import MalformedPayload

JsonObject: TypeAlias = dict[str, object]

MAX_LOTS = 100_000
# ₹1 crore is far above any Indian quote; the bound also stops hostile exponents (1e999999)
# from reaching arithmetic that would expand them.
MAX_PRICE = Decimal("10000000")
MAX_ID_CHARS = 128
MAX_TEXT_CHARS = 200
_FIRST_YEAR, _LAST_YEAR = 2000, 2099
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LAST_EPOCH_SECONDS = Decimal(4_102_444_800)  # 2100-01-01
_FIRST_EPOCH_MS = Decimal(10) ** 11  # above this an epoch number is in milliseconds
_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)


def decode_text(body: bytes) -> str:
    """The body as text: UTF-8 (a leading byte-order mark is dropped), and not blank."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedPayload(
            "The body is not UTF-8 text. Send the alert as JSON or plain text in UTF-8."
        ) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise MalformedPayload("The body is empty. Put the alert's message in the request body.")
    return text


def _reject_constant(name: str) -> object:
    raise MalformedPayload(f"The JSON holds {name}, which is not a number. Send a finite number.")


def load_json_object(text: str) -> JsonObject:
    """Parse a JSON object; any other JSON value, or text that is not JSON, is malformed."""
    try:
        value = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise MalformedPayload("The JSON is nested too deeply. Send one flat object.") from exc
    except ValueError as exc:
        raise MalformedPayload(
            f"The body is not valid JSON ({exc}). Check the quotes and commas, "
            'for example {"signal": "BUY_ENTRY"}.'
        ) from exc
    if not isinstance(value, dict):
        raise MalformedPayload(
            f"The body is {_json_kind(value)} in JSON, but it must be one JSON object, "
            'for example {"signal": "BUY_ENTRY"}.'
        )
    return value


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"


def shown(raw: object) -> str:
    """A short description of a received value, for error messages."""
    if isinstance(raw, dict):
        return "an object"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, bool) or raw is None:
        return json.dumps(raw)
    text = json.dumps(raw, ensure_ascii=False) if isinstance(raw, str) else str(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def malformed(field: str, expected: str, raw: object) -> MalformedPayload:
    return MalformedPayload(f"{field} must be {expected}, got {shown(raw)}.", field=field)


def as_number(raw: object) -> Decimal | None:
    """A finite Decimal from a JSON number or a numeric string; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal | str):
        try:
            return parse_decimal(raw)
        except ValueError:
            return None
    return None


def to_quantity(raw: object, field: str) -> int:
    """Lots (shares for equities): a whole number from 1 to MAX_LOTS; ``2.0`` reads as 2."""
    value = as_number(raw)
    if value is None or not 1 <= value <= MAX_LOTS or value != value.to_integral_value():
        raise malformed(field, f"a whole number of lots from 1 to {MAX_LOTS}", raw)
    return int(value)


def read_quantity(obj: JsonObject, field: str) -> int | None:
    raw = obj.get(field)
    return None if raw is None else to_quantity(raw, field)


def to_price(raw: object, field: str) -> Decimal:
    value = as_number(raw)
    if value is None or not 0 < value <= MAX_PRICE:
        raise malformed(field, f"a positive price up to {MAX_PRICE}", raw)
    return value


def read_price(obj: JsonObject, field: str) -> Decimal | None:
    raw = obj.get(field)
    return None if raw is None else to_price(raw, field)


def read_text(obj: JsonObject, field: str) -> str | None:
    """Free text (names, labels): a string, trimmed; blank reads as absent."""
    raw = obj.get(field)
    if raw is None:
        return None
    if not isinstance(raw, str) or len(raw.strip()) > MAX_TEXT_CHARS:
        raise malformed(field, f"text of at most {MAX_TEXT_CHARS} characters", raw)
    return raw.strip() or None


def read_choice(obj: JsonObject, field: str, choices: Collection[str]) -> str | None:
    """One of a few words, any case; the lower-cased word."""
    raw = obj.get(field)
    if raw is None:
        return None
    word = raw.strip().lower() if isinstance(raw, str) else ""
    if word not in choices:
        raise malformed(field, " or ".join(f'"{c}"' for c in choices), raw)
    return word


def read_identifier(obj: JsonObject, field: str) -> str | None:
    """An id chosen by the sender: a string or an integer, kept as text; blank reads as absent."""
    raw = obj.get(field)
    if raw is None:
        return None
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else None
    if text is None or len(text) > MAX_ID_CHARS or not text.isprintable():
        raise malformed(field, f"a string or an integer of at most {MAX_ID_CHARS} characters", raw)
    return text or None


def read_instrument_token(obj: JsonObject, field: str) -> int | None:
    raw = obj.get(field)
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw.strip()):
        value = int(raw.strip())
    else:
        value = 0
    if not 0 < value < 2**63:
        raise malformed(field, "a positive whole number (the instrument token)", raw)
    return value


def read_account_id(obj: JsonObject, field: str) -> uuid.UUID | None:
    raw = obj.get(field)
    if raw is None:
        return None
    try:
        if not isinstance(raw, str):
            raise ValueError(raw)
        return uuid.UUID(raw.strip())
    except ValueError:
        raise malformed(
            field, "an account id (a UUID such as 7c9e6679-7425-40de-944b-e07fc1f90ae7)", raw
        ) from None


def read_timestamp(obj: JsonObject, field: str) -> datetime | None:
    """ISO-8601 text (UTC when it has no offset) or epoch seconds or milliseconds."""
    raw = obj.get(field)
    if raw is None:
        return None
    expected = "an ISO-8601 time such as 2024-06-03T09:20:00Z, or epoch seconds"
    number = as_number(raw)
    if number is not None:
        # Bound before dividing, so a hostile exponent never reaches the arithmetic.
        if not 0 < number < _LAST_EPOCH_SECONDS * 1000:
            raise malformed(field, expected, raw)
        seconds = number / 1000 if number > _FIRST_EPOCH_MS else number
        moment = _EPOCH + timedelta(microseconds=int(seconds * 1_000_000))
    else:
        moment = _parse_iso(raw, field, expected)
    if not _FIRST_YEAR <= moment.year <= _LAST_YEAR:
        raise malformed(field, f"a time between {_FIRST_YEAR} and {_LAST_YEAR}", raw)
    return moment


def _parse_iso(raw: object, field: str, expected: str) -> datetime:
    if not isinstance(raw, str):
        raise malformed(field, expected, raw)
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise malformed(field, expected, raw) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
