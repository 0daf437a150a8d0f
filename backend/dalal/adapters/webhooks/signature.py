"""The optional HMAC-SHA256 signature of a webhook body.

A sender that can add headers signs the exact bytes it posts with the group's secret and
sends ``X-Dalal-Signature: sha256=<hex>``. TradingView and Chartink cannot add headers, so
their groups rely on the secret URL alone.
"""

from __future__ import annotations

import hashlib
import hmac

from dalal.domain.alert_payloads import SIGNATURE_HEADER

__all__ = ["SIGNATURE_HEADER", "sign", "verify"]

_PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the body, keyed by the UTF-8 secret."""
    return _PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header_value: str | None) -> bool:
    """Whether the header signs this body with this secret. The ``sha256=`` prefix is
    optional and the hex may be in either case; the comparison takes constant time."""
    if header_value is None:
        return False
    candidate = header_value.strip()
    if candidate[: len(_PREFIX)].lower() == _PREFIX:
        candidate = candidate[len(_PREFIX) :]
    expected = sign(secret, body)[len(_PREFIX) :]
    # Bytes, because compare_digest refuses str with non-ASCII characters.
    return hmac.compare_digest(
        candidate.lower().encode("utf-8", "replace"), expected.encode("ascii")
    )
