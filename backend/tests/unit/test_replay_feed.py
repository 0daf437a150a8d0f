"""Replay: a pure schedule from wall time to simulated time that releases bars as they close."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalal.adapters.feeds.base import BarFeed, Feed
from dalal.adapters.feeds.replay import ReplayFeed, closes_at
from dalal.domain.market import Bar, Interval

OPEN = datetime(2025, 12, 1, 3, 45, tzinfo=UTC)  # 09:15 IST


def _bar(minute: int, close: str = "100", token: int = 1, volume: int = 10) -> Bar:
    price = Decimal(close)
    return Bar(
        token, OPEN + timedelta(minutes=minute), Interval.M1, price, price, price, price, volume
    )


def _bars(count: int) -> list[Bar]:
    return [_bar(minute, str(100 + minute)) for minute in range(count)]


def test_at_sixty_times_speed_a_minute_bar_is_released_each_wall_second_after_it_closes() -> None:
    replay = ReplayFeed(_bars(5), speed=60)
    assert replay.due(timedelta(seconds=0)) == []
    assert replay.due(timedelta(milliseconds=999)) == []
    assert [bar.close for bar in replay.due(timedelta(seconds=1))] == [Decimal("100")]
    assert [bar.close for bar in replay.due(timedelta(seconds=3.5))] == [
        Decimal("101"),
        Decimal("102"),
    ]
    assert replay.due(timedelta(seconds=3.9)) == []  # nothing twice
    assert [bar.close for bar in replay.due(timedelta(hours=1))] == [Decimal("103"), Decimal("104")]
    assert replay.exhausted


def test_simulated_time_is_the_origin_plus_wall_time_times_speed() -> None:
    replay = ReplayFeed(_bars(3), speed=120)
    assert replay.simulated_time(timedelta(seconds=30)) == OPEN + timedelta(hours=1)
    assert replay.wall_time_of(OPEN + timedelta(hours=1)) == timedelta(seconds=30)


def test_the_schedule_lists_every_bar_with_its_release_time() -> None:
    schedule = list(ReplayFeed(_bars(3), speed=30).schedule())
    assert [item.due for item in schedule] == [timedelta(seconds=s) for s in (2, 4, 6)]
    assert [item.bar.close for item in schedule] == [Decimal("100"), Decimal("101"), Decimal("102")]


def test_next_due_tells_the_driver_how_long_to_wait() -> None:
    replay = ReplayFeed(_bars(2), speed=10)
    assert replay.next_due() == timedelta(seconds=6)
    replay.due(timedelta(seconds=6))
    assert replay.next_due() == timedelta(seconds=12)
    replay.due(timedelta(seconds=12))
    assert replay.next_due() is None


def test_a_later_origin_releases_everything_already_closed_at_once() -> None:
    replay = ReplayFeed(_bars(10), speed=1, origin=OPEN + timedelta(minutes=5))
    assert len(replay.due(timedelta(0))) == 5
    assert next(iter(replay.schedule())).due == timedelta(0)


def test_bars_of_several_tokens_at_the_same_minute_come_out_together() -> None:
    bars = [_bar(0, token=1), _bar(0, token=2), _bar(1, token=1), _bar(1, token=2)]
    replay = ReplayFeed(bars, speed=60)
    assert [bar.token for bar in replay.bars_until(OPEN + timedelta(minutes=1))] == [1, 2]


def test_a_longer_bar_is_released_at_its_own_close() -> None:
    five = Bar(9, OPEN, Interval.M5, Decimal(1), Decimal(1), Decimal(1), Decimal(1))
    replay = ReplayFeed([five, _bar(1)], speed=1)
    assert replay.bars_until(OPEN + timedelta(minutes=2)) == [_bar(1)]
    assert replay.bars_until(OPEN + timedelta(minutes=5)) == [five]


def test_unsorted_bars_and_a_bad_speed_are_refused() -> None:
    with pytest.raises(ValueError, match="sorted by time: bar 1"):
        ReplayFeed([_bar(1), _bar(0)], speed=1)
    for speed in (0.0, -2.0, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="speed"):
            ReplayFeed(_bars(1), speed=speed)


def test_quotes_from_replayed_bars_carry_the_close_at_close_time_and_the_day_volume() -> None:
    replay = ReplayFeed([_bar(0, "100", volume=5), _bar(1, "101", volume=7)], speed=60)
    quotes = replay.next_quotes(OPEN + timedelta(minutes=2))
    assert [(q.at, q.ltp, q.volume) for q in quotes] == [
        (OPEN + timedelta(minutes=1), Decimal("100"), 5),
        (OPEN + timedelta(minutes=2), Decimal("101"), 12),
    ]


@given(st.integers(1, 40), st.floats(0.5, 1000.0), st.lists(st.floats(0.0, 4000.0), max_size=20))
def test_every_bar_is_released_once_in_order_and_never_before_it_closes(
    count: int, speed: float, wall_seconds: list[float]
) -> None:
    bars, replay, released = _bars(count), ReplayFeed(_bars(count), speed=speed), []
    for seconds in [*sorted(wall_seconds), 1e9]:
        wall = timedelta(seconds=seconds)
        out = replay.due(wall)
        assert all(closes_at(bar) <= replay.simulated_time(wall) for bar in out)
        released.extend(out)
    assert released == bars


def test_the_replay_serves_both_feed_shapes() -> None:
    replay = ReplayFeed(_bars(3), speed=60)
    as_bars: BarFeed = replay  # mypy checks the protocols; the calls check the behaviour
    as_quotes: Feed = replay
    assert as_bars.bars_until(OPEN + timedelta(minutes=1)) == [_bar(0)]
    assert [quote.ltp for quote in as_quotes.next_quotes(OPEN + timedelta(minutes=2))] == [
        Decimal("101")
    ]
