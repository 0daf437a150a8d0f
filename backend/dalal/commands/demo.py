"""``dalal demo``: the demo instrument master, two years of synthetic daily bars for its
stocks and indices, and (embedded, or when asked) a demo login with two paper accounts.
Idempotent: running it again the same day changes nothing."""

from __future__ import annotations

import asyncio
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from dalal.adapters.feeds.demo_bars import YEARS, demo_daily_bars
from dalal.adapters.feeds.demo_master import demo_instruments
from dalal.commands.context import CommandContext, command_context, err
from dalal.demo_login import read_demo_login, write_demo_login
from dalal.services.demo import (
    DEMO_USERNAME,
    ensure_demo_accounts,
    ensure_demo_user,
    new_demo_password,
)
from dalal.services.instruments import save_bars, save_instruments
from dalal.services.runtime import DemoLogin
from dalal.settings import get_settings

IST = ZoneInfo("Asia/Kolkata")
BAR_CHUNK = 5000  # bars per transaction


def demo(
    with_login: Annotated[
        bool, typer.Option("--with-login", help="Create the demo login on PostgreSQL too")
    ] = False,
    reset_password: Annotated[
        bool, typer.Option("--reset-password", help="Give the demo login a new password")
    ] = False,
) -> None:
    """Load the demo data (idempotent). In embedded mode it also creates a demo login."""
    login = get_settings().embedded or with_login
    asyncio.run(_load(login=login, reset_password=reset_password))
    if not login:
        err.print("No demo login on PostgreSQL; pass --with-login to create one.")


async def _load(*, login: bool, reset_password: bool) -> None:
    async with command_context() as ctx:
        today = ctx.auth.clock.now().astimezone(IST).date()
        instruments = demo_instruments(today, ctx.calendar)
        written = await save_instruments(ctx.uow_factory(), instruments)
        err.print(f"Demo instruments ready: {written} (derived from {today.isoformat()})")
        bars = demo_daily_bars(instruments, ctx.calendar, today)
        for start in range(0, len(bars), BAR_CHUNK):
            await save_bars(ctx.uow_factory(), bars[start : start + BAR_CHUNK])
        err.print(f"Demo daily bars ready: {len(bars)} (synthetic, {YEARS} years to yesterday)")
        if login:
            await _ensure_login(ctx, reset_password=reset_password)


async def _ensure_login(ctx: CommandContext, *, reset_password: bool) -> None:
    known = read_demo_login(ctx.settings.var_dir)
    password = known.password if known and not reset_password else new_demo_password()
    # A lost credentials file means nobody knows the password: give it a new one.
    created = await ensure_demo_user(
        ctx.uow_factory(),
        ctx.auth,
        password=password,
        reset_password=reset_password or known is None,
    )
    write_demo_login(ctx.settings.var_dir, DemoLogin(username=DEMO_USERNAME, password=password))
    accounts = await ensure_demo_accounts(ctx.uow_factory(), ctx.auth)
    state = "created" if created else "ready"
    err.print(f"Demo login {state}: [bold]{DEMO_USERNAME}[/] / [bold]{password}[/]")
    if accounts:
        err.print(f"Demo accounts created: {accounts}")
