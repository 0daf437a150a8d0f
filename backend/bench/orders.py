"""Order placement under load: ``placeOrder`` (MARKET) against a real server, beside a baseline.

    cd backend && ../.venv/bin/python -m bench.orders [--seconds S] [--clients N] [--rate R]

1. Creates a fresh PostgreSQL database (dropped at the end, also on Ctrl+C) and migrates it.
2. Saves one instrument (NSE EQ ``BENCH``, lot 1, tick 0.05) with ``save_instruments``.
3. Starts ``python -m dalal.cli serve`` as a separate process (sessions=always, feed=none, the
   memory bus unless ``--redis``), so the load generator never shares the server's event loop.
4. Registers a user (the first user of a fresh database is an admin), creates one account per
   client, and pushes one quote for BENCH through ``POST /api/market/ticks`` with an API key
   that has the ``market`` scope. Without that route it falls back to LIMIT orders far from
   the market (they rest OPEN), and says so.
5. Each repetition runs four phases, interleaved so that load from elsewhere on the machine
   hits both alike: the baseline ``{ me { id } }`` and ``placeOrder``, each closed-loop (N
   clients back to back) and open-loop (R requests/s on a fixed schedule; latency counts from
   the scheduled send time, so a stalled server cannot hide its queue).

Figures are medians over the repetitions. CPU comes from /proc: the server process, the
PostgreSQL backends of the bench database, and this (client) process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url

from dalal.adapters.db.engine import create_engine, create_session_factory
from dalal.adapters.db.uow import SqlUnitOfWorkFactory
from dalal.domain.instruments import Exchange, Instrument, InstrumentType
from dalal.services.instruments import save_instruments

BACKEND = Path(__file__).resolve().parents[1]
REPO_ROOT = BACKEND.parent
DEFAULT_ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
SYMBOL = "BENCH"
TOKEN = 990_001
LTP, BID, ASK = "100.00", "99.95", "100.05"
CAPITAL = "1000000000.00"  # ₹100 crore per account: margin never binds
TARGET_P95_MS = 25.0
TARGET_P95_RATE = 200.0
TARGET_THROUGHPUT = 1000.0
CLK_TCK = os.sysconf("SC_CLK_TCK")

REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  __typename ... on AuthSuccess { accessToken } ... on UserError { code message } } }"""
CREATE_KEY = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  __typename ... on CreateApiKeySuccess { secret } ... on UserError { code message } } }"""
CREATE_ACCOUNT = """mutation($input: CreateAccountInput!) { createAccount(input: $input) {
  __typename ... on AccountSuccess { account { id } } ... on UserError { code message } } }"""
PLACE_ORDER = """mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) {
  __typename
  ... on PlaceOrderSuccess { order { id status filledQuantity averagePrice } fills { id price } }
  ... on UserError { code message } } }"""
ME = "query Me { me { id } }"


# ---- the load: pre-encoded request bodies and a check of each answer -------------------------


@dataclass(frozen=True)
class Workload:
    """``body(client, n)``: the n-th request of a client; ``check``: None if the answer is right."""

    name: str
    body: Callable[[int, int], bytes]
    check: Callable[[Any], str | None]


def _encode(query: str, variables: dict[str, Any]) -> bytes:
    return json.dumps({"query": query, "variables": variables}).encode()


def baseline_workload() -> Workload:
    body = _encode(ME, {})

    def check(answer: Any) -> str | None:
        if answer.get("errors") or not (answer.get("data") or {}).get("me"):
            return f"me: {str(answer)[:120]}"
        return None

    return Workload("baseline { me { id } }", lambda _c, _n: body, check)


def order_workload(accounts: list[str], order_type: str) -> Workload:
    """BUY then SELL 1 share, alternating per client: positions stay flat, margin stays free.

    LIMIT orders (the fallback) are priced far from the market, so they rest OPEN.
    """
    bodies: list[tuple[bytes, bytes]] = []
    for account in accounts:
        pair = []
        for side, far in (("BUY", "50.00"), ("SELL", "150.00")):
            order = {
                "accountId": account,
                "symbol": SYMBOL,
                "side": side,
                "quantity": 1,
                "orderType": order_type,
                "product": "MIS",
            }
            if order_type == "LIMIT":
                order["price"] = far
            pair.append(_encode(PLACE_ORDER, {"input": order}))
        bodies.append((pair[0], pair[1]))
    expected = "COMPLETE" if order_type == "MARKET" else "OPEN"

    def check(answer: Any) -> str | None:
        result = (answer.get("data") or {}).get("placeOrder") or {}
        if result.get("__typename") != "PlaceOrderSuccess":
            return f"{result.get('__typename')}: {result.get('code') or answer.get('errors')}"
        status = result["order"]["status"]
        return None if status == expected else f"status {status}"

    return Workload(f"placeOrder {order_type}", lambda c, n: bodies[c][n % 2], check)


async def call(client: httpx.AsyncClient, body: bytes, workload: Workload) -> str | None:
    """One request; None when it succeeded, else a short reason."""
    try:
        response = await client.post("/graphql", content=body)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}"
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    return workload.check(json.loads(response.content))


# ---- CPU accounting from /proc ----------------------------------------------------------------


def proc_cpu_seconds(pid: int) -> float:
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def pg_backends_cpu(database: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving ``database`` (found by process title)."""
    needle = f" {database} ".encode()
    found: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            title = Path(entry.path, "cmdline").read_bytes()
            if title.startswith(b"postgres:") and needle in title:
                found[int(entry.name)] = proc_cpu_seconds(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


@dataclass
class CpuMark:
    wall: float
    server: float
    client: float
    pg: dict[int, float]
    machine: float


def machine_busy_seconds() -> float:
    """CPU seconds every core spent busy (or stolen by the hypervisor) since boot."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def cpu_mark(server_pid: int, database: str) -> CpuMark:
    return CpuMark(
        time.perf_counter(), proc_cpu_seconds(server_pid), time.process_time(),
        pg_backends_cpu(database), machine_busy_seconds(),
    )  # fmt: skip


# ---- one phase ------------------------------------------------------------------------------


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    pg_cpu: float = 0.0
    other_cpu: float = 0.0  # everything else on the machine: other work, shared PG processes
    censored: int = 0  # open loop: still unanswered when the phase ended, counted at their age
    cpu_window: float = 0.0  # wall seconds between the two CPU marks
    answered_in_window: int = 0  # every answer between the marks (warm-up requests included)

    def measure(self, before: CpuMark, after: CpuMark, completions: list[float]) -> None:
        self.cpu_window = after.wall - before.wall
        self.answered_in_window = sum(before.wall <= t <= after.wall for t in completions)
        self.server_cpu = after.server - before.server
        self.client_cpu = after.client - before.client
        # A backend that exited during the phase takes its CPU with it (the pool keeps them).
        self.pg_cpu = sum(cpu - before.pg.get(pid, 0.0) for pid, cpu in after.pg.items())
        ours = self.server_cpu + self.client_cpu + self.pg_cpu
        self.other_cpu = max(0.0, after.machine - before.machine - ours)

    @property
    def rate(self) -> float:
        """Answers per second while measured (in a saturated open loop: the server's pace)."""
        return self.answered_in_window / self.cpu_window if self.cpu_window else 0.0

    def percentile_ms(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


class Driver:
    """The load generator: N keep-alive HTTP/1.1 clients, one connection each."""

    def __init__(self, url: str, token: str, clients: int, server_pid: int, database: str) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self.clients = [
            httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60)
            for _ in range(clients)
        ]
        self.sent = [0] * clients  # per client, so BUY and SELL alternate per account
        self.completions: list[float] = []  # when each answer of the current phase arrived
        self._server_pid = server_pid
        self._database = database

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()

    async def _request(self, index: int, workload: Workload) -> str | None:
        n = self.sent[index]
        self.sent[index] += 1
        reason = await call(self.clients[index], workload.body(index, n), workload)
        self.completions.append(time.perf_counter())
        return reason

    def _mark(self) -> CpuMark:
        return cpu_mark(self._server_pid, self._database)

    async def closed_loop(self, workload: Workload, warmup: float, seconds: float) -> Sample:
        """Every client sends its next request as soon as the last one is answered."""
        sample = Sample()
        self.completions = []
        start = time.perf_counter()
        measure_from, end = start + warmup, start + warmup + seconds

        async def client_loop(index: int) -> None:
            while (sent_at := time.perf_counter()) < end:
                reason = await self._request(index, workload)
                done = time.perf_counter()
                if sent_at >= measure_from:
                    sample.latencies.append(done - sent_at)
                    if reason:
                        sample.errors[reason] += 1

        loops = asyncio.gather(*(client_loop(i) for i in range(len(self.clients))))
        await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
        before = self._mark()
        await asyncio.sleep(max(0.0, end - time.perf_counter()))
        after = self._mark()
        await loops
        sample.measure(before, after, self.completions)
        return sample

    async def open_loop(
        self, workload: Workload, rate: float, warmup: float, seconds: float, drain: float
    ) -> Sample:
        """Requests on a fixed schedule; each takes an idle client, waiting for one if needed.

        Latency runs from the scheduled send time, so waiting for a client or behind a slow
        server is counted (no coordinated omission). A server slower than ``rate`` builds a
        queue here (at most one request per client is at the server); what is still queued
        ``drain`` seconds after the last scheduled send is abandoned and counted at its age
        then, so the percentiles become lower bounds (``censored``).
        """
        sample = Sample()
        self.completions = []
        idle: asyncio.Queue[int] = asyncio.Queue()
        for index in range(len(self.clients)):
            idle.put_nowait(index)
        first_measured = round(warmup * rate)
        total = first_measured + round(seconds * rate)
        start = time.perf_counter() + 0.01
        marks: list[CpuMark] = []

        async def one(i: int, scheduled: float) -> None:
            answered, reason = True, None
            try:
                index = await idle.get()
                try:
                    reason = await self._request(index, workload)
                finally:
                    idle.put_nowait(index)
            except asyncio.CancelledError:  # abandoned at the end of the phase
                answered = False
            done = time.perf_counter()
            if i < first_measured:
                return
            sample.latencies.append(done - scheduled)
            sample.censored += not answered
            if reason:
                sample.errors[reason] += 1

        tasks = []
        for i in range(total):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if i == first_measured:
                marks.append(self._mark())
            tasks.append(asyncio.create_task(one(i, scheduled)))
        _, late = await asyncio.wait(tasks, timeout=drain)
        for task in late:
            task.cancel()
        await asyncio.gather(*late)
        marks.append(self._mark())
        sample.measure(marks[0], marks[1], self.completions)
        return sample


# ---- database, server and setup --------------------------------------------------------------


async def admin_connection(admin_url: str) -> asyncpg.Connection:
    url = make_url(admin_url)
    return await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password,
        database=url.database or "postgres", timeout=5,
    )  # fmt: skip


async def create_database(admin_url: str, name: str) -> str:
    admin = await admin_connection(admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(admin_url: str, name: str) -> None:
    admin = await admin_connection(admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def migrate(url: str) -> None:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")


async def seed_instruments(url: str) -> str:
    """Save the BENCH instrument; answer the PostgreSQL version."""
    engine = create_engine(url)
    try:
        uow = SqlUnitOfWorkFactory(create_session_factory(engine), None)
        bench = Instrument(
            TOKEN, Exchange.NSE, SYMBOL, "BENCHMARK LTD", InstrumentType.EQ, 1, Decimal("0.05")
        )
        await save_instruments(uow(), [bench])
        async with engine.connect() as connection:
            return str((await connection.execute(text("SHOW server_version"))).scalar())
    finally:
        await engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``python -m dalal.cli serve`` in its own process (and session, so we alone stop it)."""

    def __init__(
        self,
        database_url: str,
        redis_url: str | None,
        var_dir: Path,
        *,
        role: str = "all",
        prefix: str | None = None,
    ) -> None:
        """``role``: ``all`` (one process), ``api`` (next to a ``worker``), or ``worker``
        (``dalal worker``; no HTTP). An api and its worker share ``prefix`` on Redis."""
        self.role = role
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = var_dir / f"{role}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DALAL_")}
        env.update(
            DALAL_DATABASE_URL=database_url,
            DALAL_REDIS_URL=redis_url or "",
            DALAL_REDIS_PREFIX=prefix or f"dalal-bench-{uuid.uuid4().hex[:8]}",
            DALAL_ROLE=role,
            DALAL_SESSIONS="always",
            DALAL_FEED="none",
            DALAL_VAR_DIR=str(var_dir),
            DALAL_LOG_LEVEL="WARNING",
            DALAL_FRONTEND_DIST=str(var_dir / "no-frontend"),
            DALAL_ACCESS_TOKEN_TTL_SECONDS="86400",  # longer runs than 15 min keep their token
        )
        self.command = [sys.executable, "-m", "dalal.cli"]
        if role == "worker":
            self.command += ["worker"]
        else:
            self.command += ["serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self._env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command, cwd=BACKEND, env=self._env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def wait_ready(self, within: float = 60) -> None:
        deadline = time.monotonic() + within
        if self.role == "worker":  # no HTTP: it says so on stderr once it runs
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"the worker exited:\n{self.log_tail()}")
                if "worker running" in self.log_path.read_text(errors="replace"):
                    return
                await asyncio.sleep(0.2)
            raise RuntimeError(f"the worker did not start within {within:.0f} s")
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited:\n{self.log_tail()}")
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError(f"the server was not ready within {within:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    response.raise_for_status()
    return response.json()


def _payload(answer: Any, field_name: str, typename: str) -> Any:
    result = (answer.get("data") or {}).get(field_name)
    if not result or result.get("__typename") != typename:
        raise RuntimeError(f"{field_name} failed: {answer}")
    return result


@dataclass
class Setup:
    token: str
    accounts: list[str]
    order_type: str  # MARKET when a quote could be pushed, else LIMIT (the fallback)
    quote_note: str


async def push_quote(client: httpx.AsyncClient, token: str) -> str | None:
    """Push one BENCH quote; None when it was accepted, else why not."""
    tick = {"symbol": SYMBOL, "ltp": LTP, "bid": BID, "ask": ASK, "volume": 1000}
    key_answer = await gql(
        client, CREATE_KEY, {"input": {"name": "bench-market", "scopes": ["MARKET"]}}, token
    )
    result = (key_answer.get("data") or {}).get("createApiKey") or {}
    if result.get("__typename") != "CreateApiKeySuccess":
        return f"no API key with the market scope: {key_answer}"
    response = await client.post(
        "/api/market/ticks", json={"ticks": [tick]}, headers={"X-API-Key": result["secret"]}
    )
    if response.status_code in (404, 405):
        return f"POST /api/market/ticks is not there (HTTP {response.status_code})"
    if response.status_code != 200 or response.json().get("accepted") != 1:
        return f"POST /api/market/ticks answered {response.status_code}: {response.text[:200]}"
    return None


async def set_up(url: str, clients: int, orders: str) -> Setup:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        name = f"bench-{uuid.uuid4().hex[:8]}"
        answer = await gql(
            client, REGISTER, {"input": {"username": name, "password": "bench-password-123"}}
        )
        token = _payload(answer, "register", "AuthSuccess")["accessToken"]
        accounts = []
        for index in range(clients):
            account = {"label": f"bench {index}", "capital": CAPITAL}
            answer = await gql(client, CREATE_ACCOUNT, {"input": account}, token)
            accounts.append(_payload(answer, "createAccount", "AccountSuccess")["account"]["id"])
        if orders == "limit":
            return Setup(token, accounts, "LIMIT", "LIMIT orders requested (--orders limit)")
        problem = await push_quote(client, token)
        if problem is None:
            note = f"quote pushed via POST /api/market/ticks: {SYMBOL} bid {BID} ask {ASK}"
            return Setup(token, accounts, "MARKET", note)
        if orders == "market":
            raise RuntimeError(f"MARKET orders need a quote, and {problem}")
        note = f"FALLBACK: LIMIT orders resting OPEN, not MARKET fills ({problem})"
        return Setup(token, accounts, "LIMIT", note)


async def probe(url: str, setup: Setup, workload: Workload) -> None:
    """One order per side must succeed before we time anything."""
    headers = {"Authorization": f"Bearer {setup.token}", "Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        for n in range(2):
            response = await client.post("/graphql", content=workload.body(0, n))
            reason = workload.check(response.json())
            if reason:
                raise RuntimeError(f"the probe order failed: {reason}: {response.text[:300]}")


# ---- report ---------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def median(samples: list[Sample], figure: Callable[[Sample], float]) -> float:
    return statistics.median(figure(s) for s in samples)


def per_request_ms(sample: Sample, cpu_seconds: float) -> float:
    return 1000 * cpu_seconds / max(1, sample.answered_in_window)


def cpu_percent(sample: Sample, cpu_seconds: float) -> float:
    return 100 * cpu_seconds / sample.cpu_window if sample.cpu_window else float("nan")


def row(samples: list[Sample]) -> dict[str, float]:
    return {
        "rate": median(samples, lambda s: s.rate),
        "p50": median(samples, lambda s: s.percentile_ms(0.50)),
        "p95": median(samples, lambda s: s.percentile_ms(0.95)),
        "p99": median(samples, lambda s: s.percentile_ms(0.99)),
        "errors": sum(sum(s.errors.values()) for s in samples),
        "server": median(samples, lambda s: cpu_percent(s, s.server_cpu)),
        "pg": median(samples, lambda s: cpu_percent(s, s.pg_cpu)),
        "client": median(samples, lambda s: cpu_percent(s, s.client_cpu)),
        "other": median(samples, lambda s: cpu_percent(s, s.other_cpu)),
        "server_ms": median(samples, lambda s: per_request_ms(s, s.server_cpu)),
        "pg_ms": median(samples, lambda s: per_request_ms(s, s.pg_cpu)),
        "n": sum(len(s.latencies) for s in samples),
    }


def verdict(met: bool, figures: dict[str, float]) -> str:
    if figures["errors"]:
        return f"INVALID ({figures['errors']:.0f} failed requests)"
    return "MET" if met else "NOT MET"


HEADER = (
    f"{'phase':<30}{'req/s':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>7}"
    f"{'srv CPU':>8}{'pg CPU':>7}{'cli CPU':>8}{'other':>7}{'srv ms/req':>11}{'pg ms/req':>10}"
)


def ms(value: float) -> str:
    """Latency in 9 columns: more decimals where they mean something."""
    return f"{value:>9.2f}" if value < 1000 else f"{value:>9.0f}"


def print_row(label: str, r: dict[str, float]) -> None:
    print(
        f"{label:<30}{r['rate']:>7.0f}{ms(r['p50'])}{ms(r['p95'])}{ms(r['p99'])}"
        f"{r['errors']:>7.0f}{r['server']:>7.0f}%{r['pg']:>6.0f}%{r['client']:>7.0f}%"
        f"{r['other']:>6.0f}%{r['server_ms']:>11.2f}{r['pg_ms']:>10.2f}"
    )


def print_ratio(order: dict[str, float], base: dict[str, float]) -> None:
    def ratio(key: str) -> str:
        return f"{order[key] / base[key]:.2f}x" if base[key] else "-"

    print(
        f"{'  ratio order/baseline':<30}{ratio('rate'):>7}{ratio('p50'):>9}{ratio('p95'):>9}"
        f"{ratio('p99'):>9}{'':>7}{'':>8}{'':>7}{'':>8}{'':>7}{ratio('server_ms'):>11}"
        f"{ratio('pg_ms'):>10}"
    )


def print_report(
    args: argparse.Namespace, results: dict[str, list[Sample]], names: dict[str, str]
) -> None:
    print()
    print(f"medians over {args.repeat} repetition(s); {args.seconds:g} s measured per phase")
    print(HEADER)
    rows = {key: row(samples) for key, samples in results.items()}
    for mode, label in (("closed", f"closed loop, {args.clients} clients"),
                        ("open", f"open loop @ {args.rate:g}/s")):  # fmt: skip
        print(label)
        print_row(f"  {names['base']}", rows[f"{mode}-base"])
        print_row(f"  {names['order']}", rows[f"{mode}-order"])
        print_ratio(rows[f"{mode}-order"], rows[f"{mode}-base"])
    for key, samples in results.items():
        errors = sum((s.errors for s in samples), Counter())
        for reason, count in errors.most_common(3):
            print(f"  errors in {key}: {count} x {reason}")
        if censored := sum(s.censored for s in samples):
            print(
                f"  {key}: {censored} requests were still queued when the phase ended (the "
                f"server was slower than {args.rate:g}/s); counted at their age, so its "
                "percentiles are lower bounds"
            )
    closed, opened = rows["closed-order"], rows["open-order"]
    print()
    print("targets (issue), on this machine:")
    met_p95 = opened["p95"] < TARGET_P95_MS and opened["rate"] >= 0.95 * args.rate
    if args.rate != TARGET_P95_RATE:
        p95_verdict = f"n/a: measured at {args.rate:g}/s, run with --rate {TARGET_P95_RATE:g}"
    else:
        p95_verdict = verdict(met_p95, opened)
    print(
        f"  p95 < {TARGET_P95_MS:g} ms at {TARGET_P95_RATE:g} orders/s: p95 {opened['p95']:.2f} ms"
        f" at {opened['rate']:.0f}/s achieved -> {p95_verdict}"
    )
    print(
        f"  > {TARGET_THROUGHPUT:,.0f} orders/s sustained: {closed['rate']:.0f}/s closed-loop "
        f"with {args.clients} clients -> {verdict(closed['rate'] > TARGET_THROUGHPUT, closed)}"
    )
    if any(r["errors"] for r in rows.values()):
        print("  WARNING: some requests failed; see the error lines above.")


# ---- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.orders", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=8, help="measured seconds per phase")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds per phase")
    parser.add_argument("--clients", type=int, default=16, help="concurrent keep-alive clients")
    parser.add_argument("--rate", type=float, default=200, help="open-loop requests per second")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of every phase")
    parser.add_argument(
        "--redis", nargs="?", const="redis://127.0.0.1:6379/0", default=None, metavar="URL",
        help="use the Redis bus (default URL redis://127.0.0.1:6379/0); default: memory bus",
    )  # fmt: skip
    parser.add_argument(
        "--orders", choices=["auto", "market", "limit"], default="auto",
        help="auto: MARKET if a quote can be pushed, else the LIMIT fallback",
    )  # fmt: skip
    parser.add_argument(
        "--admin-url", default=os.environ.get("DALAL_BENCH_ADMIN_URL", DEFAULT_ADMIN_URL),
        help="PostgreSQL where the bench database is created (and dropped)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.clients < 1 or args.repeat < 1 or args.seconds <= 0 or args.rate <= 0:
        parser.error("--clients, --repeat, --seconds and --rate must be positive")
    return args


def print_header(args: argparse.Namespace, pg_version: str, server: Server) -> None:
    affinity = len(os.sched_getaffinity(0))
    print("Dalal order placement benchmark (bench/orders.py)")
    command_line = shlex.join([sys.executable, "-m", "bench.orders", *sys.argv[1:]])
    print(f"command   : cd {BACKEND} && {command_line}")
    print(f"python    : {sys.executable} ({platform.python_version()})")
    print(f"machine   : nproc {os.cpu_count()} (usable {affinity}), {cpu_model()}")
    print(f"kernel    : {platform.release()}; load average at start {load_average()}")
    print(
        f"versions  : PostgreSQL {pg_version}, strawberry {_version('strawberry-graphql')}, "
        f"uvicorn {_version('uvicorn')}, httpx {httpx.__version__}, client loop {_loop_name()}"
    )
    print(f"code      : {code_version()}")
    print(f"server    : pid {server.pid}, {shlex.join(server.command[1:])}")
    print(f"bus       : {args.redis or 'memory'}; sessions=always, feed=none, log WARNING")


def code_version() -> str:
    """The commit under test, and whether the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "backend", "migrations"],
            cwd=REPO_ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{head}{' + uncommitted changes in backend/' if dirty else ''}"


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "?"


def _loop_name() -> str:
    return type(asyncio.get_running_loop()).__module__.split(".")[0]


async def run_phases(
    args: argparse.Namespace, driver: Driver, server: Server, base: Workload, order: Workload
) -> dict[str, list[Sample]]:
    await driver.closed_loop(base, 0, 2)  # warm the caches of both operations
    await driver.closed_loop(order, 0, 2)
    results: dict[str, list[Sample]] = {}
    open_args = (args.rate, args.warmup, args.seconds, min(5.0, args.seconds))
    phases: list[tuple[str, Callable[[], Awaitable[Sample]]]] = [
        ("closed-base", lambda: driver.closed_loop(base, args.warmup, args.seconds)),
        ("closed-order", lambda: driver.closed_loop(order, args.warmup, args.seconds)),
        ("open-base", lambda: driver.open_loop(base, *open_args)),
        ("open-order", lambda: driver.open_loop(order, *open_args)),
    ]
    for repetition in range(1, args.repeat + 1):
        for key, phase in phases:
            phase_started = time.monotonic()
            sample = await phase()
            if server.process is not None and server.process.poll() is not None:
                raise RuntimeError(f"the server died during {key}:\n{server.log_tail()}")
            results.setdefault(key, []).append(sample)
            print(
                f"  rep {repetition} {key:<13} {sample.rate:7.0f}/s  "
                f"p50 {sample.percentile_ms(0.5):6.2f}  p95 {sample.percentile_ms(0.95):6.2f}"
                f"  p99 {sample.percentile_ms(0.99):7.2f} ms  errors "
                f"{sum(sample.errors.values())}  unanswered {sample.censored}  server CPU "
                f"{cpu_percent(sample, sample.server_cpu):.0f}%, other "
                f"{cpu_percent(sample, sample.other_cpu):.0f}%  "
                f"({time.monotonic() - phase_started:.0f} s)",
                flush=True,
            )
            await asyncio.sleep(0.5)
    return results


def _on_signal(signum: int, task: asyncio.Task[Any], state: dict[str, Any]) -> None:
    state["signal"] = signum
    task.cancel()


async def run(args: argparse.Namespace, state: dict[str, Any]) -> None:
    task = asyncio.current_task()
    assert task is not None
    for signum in (signal.SIGINT, signal.SIGTERM):  # cancel, so that main() cleans up
        asyncio.get_running_loop().add_signal_handler(signum, _on_signal, signum, task, state)
    state["database"] = name = f"dalal_bench_{uuid.uuid4().hex[:10]}"
    url = await create_database(args.admin_url, name)
    state["created"] = True
    await asyncio.to_thread(migrate, url)
    pg_version = await seed_instruments(url)
    server = state["server"] = Server(url, args.redis, state["var_dir"])
    server.start()
    await server.wait_ready()
    print_header(args, pg_version, server)
    print(f"setup     : database and server ready in {time.monotonic() - state['started']:.0f} s")
    setup = await set_up(server.url, args.clients, args.orders)
    print(f"workload  : {setup.quote_note}")
    base, order = baseline_workload(), order_workload(setup.accounts, setup.order_type)
    await probe(server.url, setup, order)
    driver = Driver(server.url, setup.token, args.clients, server.pid, name)
    try:
        results = await run_phases(args, driver, server, base, order)
    finally:
        await driver.close()
    print_report(args, results, {"base": base.name, "order": order.name})
    print(f"load average at end {load_average()}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    started = time.monotonic()
    state: dict[str, Any] = {
        "var_dir": Path(tempfile.mkdtemp(prefix="dalal-bench-")),
        "started": started,
    }
    status = 0
    try:
        asyncio.run(run(args, state))
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("\ninterrupted: cleaning up", file=sys.stderr)
        status = 128 + state.get("signal", signal.SIGINT)
    except RuntimeError as exc:
        print(f"\nbench failed: {exc}", file=sys.stderr)
        status = 1
    except Exception:
        traceback.print_exc()
        if state.get("server"):
            print(f"server log (tail):\n{state['server'].log_tail()}", file=sys.stderr)
        status = 1
    finally:
        if state.get("server"):
            state["server"].stop()
        if state.get("created"):
            asyncio.run(drop_database(args.admin_url, state["database"]))
        shutil.rmtree(state["var_dir"], ignore_errors=True)
    print(f"wall time {time.monotonic() - started:.0f} s", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
