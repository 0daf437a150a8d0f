"""The deployment files (docker-compose.yml, Dockerfile, .dockerignore) keep the production shape.

Docker is not available where the tests run, so they parse the files instead of building them.
Each check is a function that raises ``AssertionError`` saying what to fix; the tests run it on
the real files, and on copies broken on purpose to show that it catches the mistake.
"""

from __future__ import annotations

import copy
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"

SERVICES = ("postgres", "redis", "migrate", "api", "worker")
APP_SERVICES = ("api", "worker")

Compose = dict[str, Any]
Instruction = tuple[str, str]

# ---------------------------------------------------------------- reading docker-compose.yml

_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: str) -> str:
    """Compose's ``${VAR:-default}`` becomes the default; other variables their name."""

    def replace(match: re.Match[str]) -> str:
        if match["op"] in (":-", "-"):
            return match["arg"]
        return match["name"]

    return _VARIABLE.sub(replace, value)


def load_compose(path: Path = COMPOSE_FILE) -> Compose:
    assert path.is_file(), f"{path} is missing: add the production docker-compose.yml"
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict), f"{path} must be a YAML mapping"
    assert isinstance(data.get("services"), dict), f"{path} needs a top-level `services:` mapping"
    return data


def service(compose: Compose, name: str) -> dict[str, Any]:
    services = compose["services"]
    assert name in services, f"docker-compose.yml: add the `{name}` service"
    return services[name] or {}


def environment(compose: Compose, name: str) -> dict[str, str]:
    env = service(compose, name).get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(key): "" if value is None else str(value) for key, value in env.items()}


def command_args(compose: Compose, name: str) -> list[str]:
    command = service(compose, name).get("command")
    assert command, f"docker-compose.yml: give the `{name}` service a `command:`"
    return shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]


def option(args: list[str], flag: str) -> str | None:
    """The value of ``--flag value`` or ``--flag=value``; None when the flag is absent."""
    for index, arg in enumerate(args):
        if arg == flag:
            return args[index + 1] if index + 1 < len(args) else ""
        if arg.startswith(f"{flag}="):
            return arg.split("=", 1)[1]
    return None


def depends_on(compose: Compose, name: str) -> dict[str, str]:
    """Each dependency with its condition (the short list form means ``service_started``)."""
    deps = service(compose, name).get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {dep: (spec or {}).get("condition", "service_started") for dep, spec in deps.items()}


def healthcheck_test(compose: Compose, name: str) -> str:
    check = service(compose, name).get("healthcheck") or {}
    assert check, f"docker-compose.yml: give the `{name}` service a `healthcheck:` with a `test:`"
    assert not check.get("disable"), f"docker-compose.yml: enable the `{name}` healthcheck"
    test = check.get("test")
    assert test, f"docker-compose.yml: the `{name}` healthcheck needs a `test:`"
    assert test != ["NONE"], f"docker-compose.yml: the `{name}` healthcheck must not be NONE"
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


# ---------------------------------------------------------------- checks on docker-compose.yml


def check_services_exist(compose: Compose) -> None:
    missing = [name for name in SERVICES if name not in compose["services"]]
    assert not missing, f"docker-compose.yml: add the services {missing}"


def check_database_url(compose: Compose, name: str) -> None:
    raw = environment(compose, name).get("DALAL_DATABASE_URL", "")
    url = urlsplit(interpolate(raw))
    assert url.scheme == "postgresql+asyncpg", (
        f"docker-compose.yml: set `{name}` DALAL_DATABASE_URL to postgresql+asyncpg://…"
        f" (got {raw!r})"
    )
    assert url.hostname == "postgres", (
        f"docker-compose.yml: `{name}` DALAL_DATABASE_URL must point at host `postgres`"
        f" (got {raw!r})"
    )


def check_redis_url(compose: Compose, name: str) -> None:
    raw = environment(compose, name).get("DALAL_REDIS_URL", "")
    url = urlsplit(interpolate(raw))
    assert url.scheme in ("redis", "rediss"), (
        f"docker-compose.yml: set `{name}` DALAL_REDIS_URL to redis://redis:6379/0 (got {raw!r})"
    )
    assert url.hostname == "redis", (
        f"docker-compose.yml: `{name}` DALAL_REDIS_URL must point at host `redis` (got {raw!r})"
    )


def check_secret_key_required(compose: Compose, name: str) -> None:
    raw = environment(compose, name).get("DALAL_SECRET_KEY", "")
    assert re.fullmatch(r"\$\{DALAL_SECRET_KEY:\?[^}]*\}", raw), (
        f"docker-compose.yml: make `{name}` require the key with"
        f" DALAL_SECRET_KEY: ${{DALAL_SECRET_KEY:?set DALAL_SECRET_KEY}} (got {raw!r})"
    )


def check_api_runs_several_uvicorn_workers(compose: Compose) -> None:
    args = command_args(compose, "api")
    assert any(Path(arg).name == "uvicorn" for arg in args[:3]), (
        f"docker-compose.yml: the `api` command must run uvicorn (got {args})"
    )
    assert {"dalal.app:create_app", "--factory"} <= set(args), (
        "docker-compose.yml: the `api` command must serve `dalal.app:create_app --factory`"
    )
    workers = option(args, "--workers") or ""
    several = workers.isdigit() and int(workers) > 1
    assert several, f"docker-compose.yml: run the `api` with `--workers N`, N > 1 (got {workers!r})"
    deflate = option(args, "--ws-per-message-deflate") or ""
    assert deflate.lower() == "false", (
        "docker-compose.yml: add `--ws-per-message-deflate false` to the `api` command"
        f" (got {deflate!r})"
    )


def check_api_waits_for_its_dependencies(compose: Compose) -> None:
    deps = depends_on(compose, "api")
    expected = {
        "migrate": "service_completed_successfully",
        "postgres": "service_healthy",
        "redis": "service_healthy",
    }
    for dep, condition in expected.items():
        assert deps.get(dep) == condition, (
            f"docker-compose.yml: the `api` must depend on `{dep}` with"
            f" `condition: {condition}` (got {deps.get(dep)!r})"
        )


def check_worker_waits_for_migrations(compose: Compose) -> None:
    deps = depends_on(compose, "worker")
    assert deps.get("migrate") == "service_completed_successfully", (
        "docker-compose.yml: the `worker` must depend on `migrate` with"
        " `condition: service_completed_successfully`"
    )


def check_healthchecks(compose: Compose) -> None:
    assert "pg_isready" in healthcheck_test(compose, "postgres"), (
        "docker-compose.yml: the `postgres` healthcheck should run pg_isready"
    )
    redis_test = healthcheck_test(compose, "redis")
    assert all(word in redis_test for word in ("redis-cli", "ping")), (
        "docker-compose.yml: the `redis` healthcheck should run `redis-cli ping`"
    )
    healthcheck_test(compose, "api")


def check_api_healthcheck_hits_readyz(compose: Compose) -> None:
    test = healthcheck_test(compose, "api")
    assert "/readyz" in test, (
        f"docker-compose.yml: the `api` healthcheck must request /readyz (got {test!r})"
    )


# ---------------------------------------------------------------- reading the Dockerfile


def dockerfile_instructions(text: str) -> list[Instruction]:
    """(KEYWORD, arguments) for each instruction, continuation lines joined, comments dropped."""
    instructions: list[Instruction] = []
    buffer: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # Docker drops comment lines, also inside a continued instruction
        if stripped.endswith("\\"):
            buffer.append(stripped[:-1].strip())
            continue
        buffer.append(stripped)
        keyword, _, args = " ".join(buffer).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        buffer = []
    return instructions


def final_stage(text: str) -> list[Instruction]:
    instructions = dockerfile_instructions(text)
    starts = [index for index, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    assert starts, "Dockerfile: it has no FROM instruction"
    return instructions[starts[-1] :]


def copy_sources(args: str) -> list[str]:
    """The sources of a COPY instruction (its flags and destination left out)."""
    parts = [part for part in shlex.split(args) if not part.startswith("--")]
    return parts[:-1]


# ---------------------------------------------------------------- checks on the Dockerfile


def check_runs_as_non_root(text: str) -> None:
    users = [args for keyword, args in final_stage(text) if keyword == "USER"]
    assert users, "Dockerfile: add a `USER` (a non-root user) to the final stage"
    user = users[-1].split(":", 1)[0]
    assert user not in ("root", "0"), f"Dockerfile: the final `USER` must not be root (got {user})"


def check_installs_from_the_lock_file(text: str) -> None:
    runs = [args for keyword, args in final_stage(text) if keyword == "RUN"]
    assert any(
        "pip install" in run and re.search(r"-r\s+\S*requirements\.lock", run) for run in runs
    ), "Dockerfile: install the pinned dependencies with `pip install -r backend/requirements.lock`"
    assert any("pip install" in run and "--no-deps" in run for run in runs), (
        "Dockerfile: install the backend itself with `pip install --no-deps ./backend`"
    )


def check_has_a_healthcheck(text: str) -> None:
    checks = [args for keyword, args in final_stage(text) if keyword == "HEALTHCHECK"]
    assert checks, "Dockerfile: add a `HEALTHCHECK` against /healthz to the final stage"
    assert checks[-1].upper() != "NONE", "Dockerfile: the `HEALTHCHECK` must not be NONE"
    assert "/healthz" in checks[-1], "Dockerfile: the `HEALTHCHECK` should request /healthz"


def check_copies_migrations_and_alembic_ini(text: str) -> None:
    sources = [
        Path(source).name
        for keyword, args in final_stage(text)
        if keyword in ("COPY", "ADD")
        for source in copy_sources(args)
    ]
    assert "alembic.ini" in sources, "Dockerfile: `COPY alembic.ini` into /app (dalal migrate)"
    assert "migrations" in sources, "Dockerfile: `COPY migrations/` into /app (dalal migrate)"


def check_serves_the_built_frontend(text: str) -> None:
    copies = [
        args for keyword, args in final_stage(text) if keyword == "COPY" and "--from=" in args
    ]
    assert any("dist" in args and "frontend/dist" in args for args in copies), (
        "Dockerfile: `COPY --from=<node stage>` the built frontend/dist into /app/frontend/dist"
    )


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def compose() -> Compose:
    return load_compose()


@pytest.fixture(scope="module")
def dockerfile() -> str:
    assert DOCKERFILE.is_file(), f"{DOCKERFILE} is missing: add the production Dockerfile"
    return DOCKERFILE.read_text()


def test_compose_defines_postgres_redis_migrate_api_and_worker(compose: Compose) -> None:
    check_services_exist(compose)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_app_services_reach_postgresql_through_asyncpg_at_host_postgres(
    compose: Compose, name: str
) -> None:
    check_database_url(compose, name)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_app_services_reach_redis_at_host_redis(compose: Compose, name: str) -> None:
    check_redis_url(compose, name)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_the_app_services_refuse_to_start_without_a_secret_key(compose: Compose, name: str) -> None:
    check_secret_key_required(compose, name)


def test_the_api_runs_several_uvicorn_workers_without_websocket_compression(
    compose: Compose,
) -> None:
    check_api_runs_several_uvicorn_workers(compose)


def test_the_api_starts_after_migrations_succeed_and_postgres_and_redis_are_healthy(
    compose: Compose,
) -> None:
    check_api_waits_for_its_dependencies(compose)


def test_the_worker_starts_after_migrations_succeed(compose: Compose) -> None:
    check_worker_waits_for_migrations(compose)


def test_postgres_redis_and_the_api_have_healthchecks(compose: Compose) -> None:
    check_healthchecks(compose)


def test_the_api_healthcheck_asks_for_readiness(compose: Compose) -> None:
    check_api_healthcheck_hits_readyz(compose)


def test_the_image_runs_as_a_non_root_user(dockerfile: str) -> None:
    check_runs_as_non_root(dockerfile)


def test_the_image_installs_the_pinned_dependencies(dockerfile: str) -> None:
    check_installs_from_the_lock_file(dockerfile)


def test_the_image_has_a_healthcheck(dockerfile: str) -> None:
    check_has_a_healthcheck(dockerfile)


def test_the_image_carries_the_migrations_and_alembic_ini(dockerfile: str) -> None:
    check_copies_migrations_and_alembic_ini(dockerfile)


def test_the_image_serves_the_built_frontend(dockerfile: str) -> None:
    check_serves_the_built_frontend(dockerfile)


def test_the_build_context_leaves_out_local_state_and_dependencies() -> None:
    assert DOCKERIGNORE.is_file(), f"{DOCKERIGNORE} is missing: add a .dockerignore"
    entries = {
        line.strip().rstrip("/").removeprefix("**/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for needed in ("node_modules", ".venv", ".git", "var"):
        assert needed in entries, f".dockerignore: add `{needed}` to keep it out of the image"


# ---------------------------------------------------------------- the checks catch mistakes


def _without_service(name: str) -> Callable[[Compose], None]:
    return lambda c: c["services"].pop(name)


def _set_env(name: str, key: str, value: str) -> Callable[[Compose], None]:
    def apply(c: Compose) -> None:
        c["services"][name]["environment"][key] = value

    return apply


def _replace_arg(old: str, new: str) -> Callable[[Compose], None]:
    def apply(c: Compose) -> None:
        args = c["services"]["api"]["command"]
        c["services"]["api"]["command"] = [new if arg == old else arg for arg in args]

    return apply


COMPOSE_BREAKAGES = [
    pytest.param(check_services_exist, _without_service("worker"), id="no worker"),
    pytest.param(
        lambda c: check_database_url(c, "api"),
        _set_env("api", "DALAL_DATABASE_URL", "sqlite+aiosqlite:///var/dalal.db"),
        id="api on sqlite",
    ),
    pytest.param(
        lambda c: check_database_url(c, "worker"),
        _set_env("worker", "DALAL_DATABASE_URL", "postgresql+asyncpg://dalal@localhost/dalal"),
        id="worker db on localhost",
    ),
    pytest.param(
        lambda c: check_redis_url(c, "api"),
        _set_env("api", "DALAL_REDIS_URL", "redis://127.0.0.1:6379/0"),
        id="api redis on localhost",
    ),
    pytest.param(
        lambda c: check_secret_key_required(c, "api"),
        _set_env("api", "DALAL_SECRET_KEY", "${DALAL_SECRET_KEY:-changeme}"),
        id="secret key with a default",
    ),
    pytest.param(check_api_runs_several_uvicorn_workers, _replace_arg("4", "1"), id="one worker"),
    pytest.param(
        check_api_runs_several_uvicorn_workers,
        _replace_arg("false", "true"),
        id="websocket deflate on",
    ),
    pytest.param(
        check_api_waits_for_its_dependencies,
        lambda c: c["services"]["api"]["depends_on"].update(
            migrate={"condition": "service_started"}
        ),
        id="api does not wait for migrations",
    ),
    pytest.param(
        check_api_waits_for_its_dependencies,
        lambda c: c["services"]["api"]["depends_on"].pop("redis"),
        id="api does not wait for redis",
    ),
    pytest.param(
        check_healthchecks,
        lambda c: c["services"]["redis"].pop("healthcheck"),
        id="redis without healthcheck",
    ),
    pytest.param(
        check_api_healthcheck_hits_readyz,
        lambda c: c["services"]["api"]["healthcheck"].update(
            test=["CMD", "python", "-c", "print('ok')"]
        ),
        id="api healthcheck not on readyz",
    ),
]


@pytest.mark.parametrize(("check", "break_it"), COMPOSE_BREAKAGES)
def test_each_compose_check_rejects_a_copy_broken_its_way(
    compose: Compose,
    tmp_path: Path,
    check: Callable[[Compose], None],
    break_it: Callable[[Compose], object],
) -> None:
    intact = tmp_path / "intact.yml"
    intact.write_text(yaml.safe_dump(compose))
    check(load_compose(intact))  # the round trip through a file is not what fails
    broken_compose = copy.deepcopy(compose)
    break_it(broken_compose)
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(yaml.safe_dump(broken_compose))
    with pytest.raises(AssertionError):
        check(load_compose(broken))


DOCKERFILE_BREAKAGES = [
    pytest.param(check_runs_as_non_root, r"^USER .*$", "", id="no USER"),
    pytest.param(check_runs_as_non_root, r"^USER .*$", "USER root", id="USER root"),
    pytest.param(
        check_installs_from_the_lock_file, r"requirements\.lock", "requirements.txt", id="no lock"
    ),
    pytest.param(check_has_a_healthcheck, r"^HEALTHCHECK ", "# HEALTHCHECK ", id="no HEALTHCHECK"),
    pytest.param(check_copies_migrations_and_alembic_ini, r"^COPY migrations.*$", "", id="no mig"),
    pytest.param(check_copies_migrations_and_alembic_ini, r"^COPY alembic.*$", "", id="no ini"),
]


@pytest.mark.parametrize(("check", "pattern", "replacement"), DOCKERFILE_BREAKAGES)
def test_each_dockerfile_check_rejects_a_copy_broken_its_way(
    dockerfile: str, check: Callable[[str], None], pattern: str, replacement: str
) -> None:
    check(dockerfile)
    broken = re.sub(pattern, replacement, dockerfile, flags=re.MULTILINE)
    assert broken != dockerfile, f"update this breakage: {pattern!r} no longer matches"
    with pytest.raises(AssertionError):
        check(broken)
