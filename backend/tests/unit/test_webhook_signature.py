"""The optional HMAC-SHA256 signature of webhook bodies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.adapters.webhooks.signature import SIGNATURE_HEADER, sign, verify

BODY = b'{"signal": "BUY_ENTRY", "unique_id": "t-1"}'


def test_the_header_is_named_x_dalal_signature() -> None:
    assert SIGNATURE_HEADER == "X-Dalal-Signature"


def test_a_signature_is_the_hex_hmac_sha256_of_the_body_with_a_prefix() -> None:
    # The published HMAC-SHA256 test vector (key "key", the quick brown fox).
    signature = sign("key", b"The quick brown fox jumps over the lazy dog")
    assert signature == ("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")


@pytest.mark.parametrize(
    "shape",
    [
        lambda s: s,
        lambda s: s.removeprefix("sha256="),
        lambda s: s.upper(),
        lambda s: "SHA256=" + s.removeprefix("sha256=").upper(),
        lambda s: f"  {s}\t",
    ],
)
def test_the_prefix_is_optional_and_the_hex_may_be_in_any_case(shape: object) -> None:
    assert callable(shape)
    assert verify("s3cret", BODY, shape(sign("s3cret", BODY)))


@pytest.mark.parametrize(
    "header",
    [None, "", "sha256=", "sha256=zz", "md5=abc", "sha256=é✓", "\x00" * 64, "sha256=" + "0" * 64],
)
def test_a_missing_or_garbled_header_does_not_verify(header: str | None) -> None:
    assert not verify("s3cret", BODY, header)


def test_a_changed_body_or_secret_does_not_verify() -> None:
    signature = sign("s3cret", BODY)
    assert not verify("s3cret", BODY + b" ", signature)
    assert not verify("other", BODY, signature)


@given(st.text(min_size=1), st.binary(), st.binary(min_size=1))
def test_a_signature_verifies_its_own_body_and_secret_only(
    secret: str, body: bytes, extra: bytes
) -> None:
    signature = sign(secret, body)
    assert verify(secret, body, signature)
    assert not verify(secret, body + extra, signature)
    assert not verify(secret + "x", body, signature)
