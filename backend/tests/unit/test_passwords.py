"""argon2id hashing and rehash-on-parameter-change."""

from __future__ import annotations

from argon2 import PasswordHasher

from dalal.adapters.security.passwords import PasswordHashing

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


async def test_a_hash_verifies_its_password_only() -> None:
    hashing = PasswordHashing(CHEAP)
    stored = await hashing.hash("correct-horse-battery")
    assert stored.startswith("$argon2id$")
    assert await hashing.verify(stored, "correct-horse-battery")
    assert not await hashing.verify(stored, "wrong-horse-battery")


async def test_a_corrupt_hash_fails_verification_instead_of_raising() -> None:
    assert not await PasswordHashing(CHEAP).verify("not-a-hash", "x")


async def test_a_hash_made_with_older_parameters_needs_a_rehash() -> None:
    old = await PasswordHashing(CHEAP).hash("correct-horse-battery")
    assert PasswordHashing().needs_rehash(old)
    assert not PasswordHashing(CHEAP).needs_rehash(old)
