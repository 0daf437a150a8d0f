"""Typed bus errors, named for the condition (see ARCHITECTURE.md, "Errors")."""

from __future__ import annotations


class BusError(Exception):
    """Base of every error the event bus raises on purpose."""


class BusUnavailable(BusError):
    """A publish could not reach the broker within its timeout (Redis down or unreachable).

    Transient: the bus keeps reconnecting in the background. The message was **not** sent.
    """


class BusDisconnected(BusError):
    """The bus was shut down (``EventBus.disconnect``) or was never connected.

    Raised by the iterator of a subscriber that was live at shutdown, and by ``subscribe`` on a
    bus that is not running. A transient Redis outage does **not** raise this: subscribers stay
    registered and resume after the reconnect.
    """


class SubscriberOverflow(BusError):
    """A non-conflated subscriber fell ``maxsize`` messages behind and was dropped.

    Its undelivered messages are discarded and it receives nothing more: it must re-read the
    state it needs (for example from the database) and subscribe again.
    """

    def __init__(self, channel: str, maxsize: int) -> None:
        super().__init__(
            f"subscriber to {channel!r} fell {maxsize} messages behind and was dropped; "
            "re-read the current state and subscribe again"
        )
        self.channel = channel
        self.maxsize = maxsize
