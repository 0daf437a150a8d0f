"""The clock is injected: domain and service code never call ``datetime.now()``.

That is what makes backtests deterministic and lets tests move time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        ...
