"""The ``dalal`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dalal.commands import imports
from dalal.commands.backtest import backtest
from dalal.commands.charges import charges
from dalal.commands.demo import demo
from dalal.commands.option_calc import option_calc
from dalal.commands.worker import worker
from dalal.settings import get_settings

app = typer.Typer(
    help="Dalal: paper trading and backtesting for Indian markets.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
app.command("charges", help="Brokerage calculator: charges on a round trip.")(charges)
app.command("backtest")(backtest)
app.command("option-calc", help="Option calculator: price, IV and greeks.")(option_calc)
app.command("demo")(demo)
app.command("worker")(worker)
app.add_typer(imports.app, name="import")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default DALAL_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default DALAL_PORT, 8000)")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (PostgreSQL + Redis only)")] = 1,
) -> None:
    """Serve the web app, GraphQL (with GraphiQL) and webhooks."""
    import uvicorn

    from dalal.demo_login import read_demo_login

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    if workers > 1 and (settings.embedded or not settings.redis_url):
        err.print(
            "[red]Several workers need PostgreSQL and Redis:[/] set DALAL_DATABASE_URL and "
            "DALAL_REDIS_URL, or run with --workers 1."
        )
        raise typer.Exit(2)
    err.print(f"[bold]Dalal[/] on http://{host}:{port}  (GraphQL: http://{host}:{port}/graphql)")
    demo = read_demo_login(settings.var_dir) if settings.embedded else None
    if demo:
        err.print(f"Demo login: [bold]{demo.username}[/] / [bold]{demo.password}[/]")
    uvicorn.run(
        "dalal.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ws_per_message_deflate=False,
        timeout_graceful_shutdown=10,
        log_config=None,
        proxy_headers=True,
    )


def _alembic_config(url: str | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    candidates = [Path.cwd() / "alembic.ini", Path(__file__).resolve().parents[2] / "alembic.ini"]
    ini = next((c for c in candidates if c.is_file()), None)
    if ini is None:
        err.print("[red]alembic.ini not found.[/] Run this from the repository root.")
        raise typer.Exit(2)
    config = Config(str(ini))
    config.set_main_option("sqlalchemy.url", url or get_settings().resolved_database_url)
    return config


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Apply database migrations (up to the latest by default)."""
    from alembic import command

    settings = get_settings()
    url = settings.resolved_database_url
    err.print(f"Migrating {_redact(url)} to {revision}")
    command.upgrade(_alembic_config(url), revision)
    err.print("[green]Database is up to date.[/]")


@app.command("export-schema")
def export_schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL")] = Path("schema.graphql"),
    check: Annotated[
        bool, typer.Option("--check", help="Fail if the file differs instead of writing it")
    ] = False,
) -> None:
    """Write the GraphQL schema (SDL) exported from the code."""
    from dalal.api.graphql.schema import export_sdl

    sdl = export_sdl()
    if check:
        current = output.read_text() if output.exists() else ""
        if current != sdl:
            err.print(f"[red]{output} is stale.[/] Run `dalal export-schema` (or `make schema`).")
            raise typer.Exit(1)
        err.print(f"{output} is up to date.")
        return
    output.write_text(sdl)
    err.print(f"Wrote {output}")


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())


if __name__ == "__main__":  # pragma: no cover
    main()
