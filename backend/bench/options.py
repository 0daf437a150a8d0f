"""Options analytics speed: a full chain's IVs and greeks, and a 4-leg payoff.

    cd backend && ../.venv/bin/python -m bench.options [--repeat 200]

Prints the median and best wall time of each over ``--repeat`` runs (after a warm-up), next
to the issue's targets: a chain of 100 strikes × 2 under 5 ms, a 4-leg payoff over 500
prices under 2 ms. Asserts nothing.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

from dalal.domain.option_chain import side_analytics
from dalal.domain.options import black76_price
from dalal.domain.payoff import LegKind, PayoffLeg, pnl_at, pnl_at_expiry

FORWARD, T, RATE = 25_000.0, 7 / 365, 0.065
STRIKES = FORWARD + 50.0 * np.arange(-50, 50)  # 100 strikes


def _smile(k: np.ndarray) -> np.ndarray:
    x = np.log(k / FORWARD)
    return np.asarray(0.13 - 0.1 * x + 0.8 * x * x)


CALLS = black76_price(FORWARD, STRIKES, T, _smile(STRIKES), rate=RATE, is_call=True)
PUTS = black76_price(FORWARD, STRIKES, T, _smile(STRIKES), rate=RATE, is_call=False)
CONDOR = [
    PayoffLeg(+1, LegKind.PE, 24_600.0, 75, 20.0, T, 0.15),
    PayoffLeg(-1, LegKind.PE, 24_800.0, 75, 55.0, T, 0.14),
    PayoffLeg(-1, LegKind.CE, 25_200.0, 75, 50.0, T, 0.13),
    PayoffLeg(+1, LegKind.CE, 25_400.0, 75, 18.0, T, 0.13),
]
PRICES = np.linspace(23_000.0, 27_000.0, 500)


def chain() -> None:
    side_analytics(CALLS, FORWARD, STRIKES, T, RATE, call=True)
    side_analytics(PUTS, FORWARD, STRIKES, T, RATE, call=False)


def payoff() -> None:
    pnl_at_expiry(CONDOR, PRICES, rate=RATE)
    pnl_at(CONDOR, PRICES, elapsed=2 / 365, rate=RATE, iv_shift=1.0)


def _times(work: Callable[[], None], repeat: int) -> list[float]:
    for _ in range(5):
        work()
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        found.append((time.perf_counter() - started) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"numpy {np.__version__}; {args.repeat} runs each\n")
    print(f"{'work':44} {'median ms':>10} {'best ms':>8} {'target':>7}")
    for name, work, target in (
        ("chain: 100 strikes x 2, IV + greeks", chain, 5.0),
        ("payoff: 4 legs x 500 prices, expiry + date", payoff, 2.0),
    ):
        times = _times(work, args.repeat)
        print(f"{name:44} {statistics.median(times):10.3f} {min(times):8.3f} {target:7.1f}")


if __name__ == "__main__":
    main()
