"""RowMemo: one object per distinct row, a changed row is a new object (never a stale one),
and the memo stays within its bound."""

from __future__ import annotations

from decimal import Decimal

from dalal.adapters.db.raw import RowMemo


def test_the_same_row_gives_the_same_object_and_a_changed_row_a_new_one() -> None:
    built: list[tuple[object, ...]] = []

    def build(row: tuple[object, ...]) -> tuple[str, Decimal]:
        built.append(row)
        return (str(row[0]), Decimal(str(row[1])))

    memo = RowMemo(build, limit=10)
    first = memo((1, "10.00"))
    assert memo((1, "10.00")) is first
    changed = memo((1, "10.05"))  # the row moved: built afresh, never the old answer
    assert changed == ("1", Decimal("10.05"))
    assert built == [(1, "10.00"), (1, "10.05")]


def test_past_its_limit_the_memo_starts_over() -> None:
    built: list[int] = []

    def build(row: tuple[int, ...]) -> int:
        built.append(row[0])
        return row[0] * 2

    memo = RowMemo(build, limit=3)
    for i in range(3):
        memo((i,))
    assert memo((4,)) == 8  # the fourth distinct row clears the three before it
    assert memo((0,)) == 0  # so this one is built again
    assert built == [0, 1, 2, 4, 0]
