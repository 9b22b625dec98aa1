"""Benchmark: the academy's LRS against Ralph, ingesting statements and answering filtered queries.

    uv run python bench/lrs_ingest.py                      # the full run: 100,000 in, 1,000,000 stored
    uv run python bench/lrs_ingest.py --statements 20000 --stored 200000

1. Ingest: POST the same statements, in batches of 100 from a few client threads, to the academy
   (gunicorn, DEBUG off, PostgreSQL) and to Ralph (its fs backend, launched as in the tests), and
   report statements per second for each and the ratio academy / Ralph.
2. Query: bulk-load the academy's store up to --stored statements (through the writer
   lrs.services.store_statements uses), then time GET /xapi/statements filtered by agent, verb,
   activity, registration and since, and the same queries against Ralph with what it holds.

See bench/README.md for what the figures mean. Only ever point it at a database it may empty.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.lrs import ralph  # noqa: E402  (Ralph's install, launcher and server, shared with the tests)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/academy_bench"
INGEST_GOAL = 2.0  # academy statements/s at least twice Ralph's
AGENT_P95_GOAL_MS = 50.0  # p95 of GET by agent with 1,000,000 statements stored
GOAL_STORED = 1_000_000
BATCH = 100
START_BATCHES = 20  # the ingest's first turn: 2,000 statements, with Ralph's file nearly empty
GET_TIMEOUT = 60  # seconds; gunicorn's own worker timeout is 120
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

# The shape of the data: a council's learners doing a catalogue of courses over a year.
LEARNERS = 20_000
COURSES = 250
PROGRAMMES = 25
VERBS = [
    ("http://adlnet.gov/expapi/verbs/launched", "launched", 30),
    ("http://adlnet.gov/expapi/verbs/initialized", "initialized", 20),
    ("http://adlnet.gov/expapi/verbs/progressed", "progressed", 25),
    ("http://adlnet.gov/expapi/verbs/completed", "completed", 15),
    ("http://adlnet.gov/expapi/verbs/passed", "passed", 7),
    ("http://adlnet.gov/expapi/verbs/failed", "failed", 3),
]
VERB_IDS = [v[0] for v in VERBS]
VERB_WEIGHTS = [v[2] for v in VERBS]
VERB_NAMES = {v[0]: v[1] for v in VERBS}
REGISTRATIONS = uuid.UUID("6f1c1f0e-3a52-4c43-9d55-4f1f6b7e2c10")
SITE = "https://academy.example.org"


def log(message: str = "") -> None:
    print(message, flush=True)


# ------------------------------------------------------------------------------------------------
# Statements
# ------------------------------------------------------------------------------------------------


def generate(count: int, seed: int, *, now: datetime.datetime) -> list[dict]:
    """`count` realistic xAPI 1.0.3 statements, the same for the same seed."""
    rng = random.Random(seed)
    year = 365 * 24 * 3600
    statements = []
    verbs = rng.choices(VERB_IDS, VERB_WEIGHTS, k=count)
    for verb in verbs:
        learner = rng.randrange(LEARNERS)
        course = (learner * 7 + rng.randrange(12)) % COURSES  # each learner takes about a dozen courses
        moment = now - datetime.timedelta(seconds=rng.randrange(year), milliseconds=rng.randrange(1000))
        statement = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "actor": {
                "objectType": "Agent",
                "name": f"Learner {learner}",
                "mbox": f"mailto:learner{learner:05d}@care{learner % 400:03d}.example.org",
            },
            "verb": {"id": verb, "display": {"en-GB": VERB_NAMES[verb]}},
            "object": {
                "objectType": "Activity",
                "id": f"{SITE}/courses/{course:03d}",
                "definition": {
                    "name": {"en-GB": f"Course {course}"},
                    "type": "http://adlnet.gov/expapi/activities/course",
                },
            },
            "context": {
                "registration": str(uuid.uuid5(REGISTRATIONS, f"{learner}/{course}")),
                "platform": "Social Care Academy",
                "language": "en-GB",
                "contextActivities": {
                    "parent": [{"id": f"{SITE}/programmes/{course % PROGRAMMES:02d}"}],
                    "grouping": [{"id": SITE}],
                },
            },
            "timestamp": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if verb in VERB_IDS[3:]:
            statement["result"] = {
                "completion": True,
                "success": verb != VERB_IDS[5],
                "score": {"scaled": round(rng.random(), 2)},
                "duration": f"PT{rng.randrange(5, 90)}M",
            }
        statements.append(statement)
    return statements


# ------------------------------------------------------------------------------------------------
# Set-up: database, Django, servers
# ------------------------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"Created database {name}")


def django_env(database_url: str, site_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-7d3e9a1c5b2f4e6d8a0c",
        "SITE_URL": site_url,
        "HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "ACADEMY_MFA_REQUIRED": "1",
        "REDIS_URL": "",  # tasks eager, cache in memory: nothing but the LRS is measured
        "LRS_ENDPOINT": "",  # no outbox rows: the academy stores, it does not forward here
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "academy.settings",
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


class Gunicorn:
    def __init__(self, port: int, workers: int, env: dict[str, str], logfile: Path):
        self.port, self.workers, self.env, self.logfile = port, workers, env, logfile
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "academy.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "120",
        ]
        with self.logfile.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=REPO, env={**os.environ, **self.env}, stdout=out, stderr=subprocess.STDOUT
            )
        answer = ralph.wait_until_answers(f"{self.url}/xapi/about", self.process, 60)
        if answer != "ok":
            raise SystemExit(f"gunicorn {answer}:\n{self.logfile.read_text()[-3000:]}")

    def stop(self) -> None:
        from bench.site import stop_process

        stop_process(self.process)


# ------------------------------------------------------------------------------------------------
# Ingest
# ------------------------------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a live process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (everything but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / CLOCK_TICKS


@dataclass
class Target:
    """An LRS under test, and how to find the processes whose CPU time it costs."""

    name: str
    statements_url: str
    auth: tuple[str, str]
    server_pid: int = 0
    database_pids: Callable[[], list[int]] | None = None  # the academy's PostgreSQL backends

    def cpu(self) -> dict[tuple[str, int], float]:
        """CPU seconds so far of each live process: ("server", pid) and ("database", pid)."""
        if not self.server_pid or not Path("/proc/self/stat").exists():
            return {}
        used = {("server", pid): _cpu_seconds(pid) for pid in (self.server_pid, *_children(self.server_pid))}
        for pid in self.database_pids() if self.database_pids else []:
            used["database", pid] = _cpu_seconds(pid)
        return used


def cpu_between(
    before: dict[tuple[str, int], float], after: dict[tuple[str, int], float]
) -> dict[str, float]:
    """CPU seconds by part between two readings, process by process: a backend PostgreSQL replaced
    meanwhile (Django reconnects after CONN_MAX_AGE) is counted only while it was seen."""
    used: dict[str, float] = {}
    for (part, pid), seconds in after.items():
        used[part] = used.get(part, 0.0) + seconds - before.get((part, pid), 0.0)
    return used


@dataclass
class IngestResult:
    statements: int = 0
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by part, over the timed POSTs
    client_cpu: float = 0.0  # this process, while it POSTs
    machine_busy: float = 0.0  # every core's busy seconds over the timed POSTs, whoever used them
    slice_rates: list[float] = field(default_factory=list)  # statements a second, turn by turn
    slice_cpu: list[float] = field(default_factory=list)  # server and database CPU seconds, turn by turn
    slice_statements: list[int] = field(default_factory=list)

    def first_turn_micros(self) -> float:
        return self.slice_cpu[0] / self.slice_statements[0] * 1e6

    @property
    def rate(self) -> float:
        return self.statements / self.seconds

    def micros_a_statement(self, part: str | None = None) -> float:
        seconds = sum(self.cpu.values()) if part is None else self.cpu.get(part, 0.0)
        return seconds / self.statements * 1e6

    @property
    def others_share(self) -> float:
        """How much of the machine processes other than this LRS and the client kept busy."""
        ours = sum(self.cpu.values()) + self.client_cpu
        return max(self.machine_busy - ours, 0.0) / (self.seconds * (os.cpu_count() or 1))


def post_batches(target: Target, bodies: list[bytes], threads: int) -> None:
    """POST every body from `threads` client threads; stop at the first batch not answered 200."""
    lock = threading.Lock()
    pending = iter(range(len(bodies)))
    failures: list[str] = []

    def client():
        session = requests.Session()
        session.auth = target.auth
        session.headers.update({"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"})
        while True:
            with lock:
                index = next(pending, None)
            if index is None or failures:
                return
            try:
                response = session.post(target.statements_url, data=bodies[index], timeout=600)
            except requests.RequestException as exc:
                problem = repr(exc)
            else:
                if response.status_code == 200:
                    continue
                problem = f"{response.status_code} {response.text[:300]}"
            with lock:
                failures.append(f"batch {index}: {problem}")
            return

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise SystemExit(f"{target.name} refused a batch: {failures[0]}")


def warm_up(target: Target, bodies: list[bytes], threads: int) -> None:
    """Untimed: an authenticated GET (Ralph checks a password with bcrypt once, then caches it),
    then a few batches from every client thread, so every server process has served a POST."""
    requests.get(
        target.statements_url,
        params={"limit": 1},
        auth=target.auth,
        headers={"X-Experience-API-Version": "1.0.3"},
        timeout=60,
    ).raise_for_status()
    post_batches(target, bodies, threads)


def ingest(targets: list[Target], bodies: list[bytes], threads: int, slices: int) -> dict[str, IngestResult]:
    """POST the same batches to every target, interleaved in turns, so that what else the machine
    is doing weighs on each about equally; the targets take turns going first.

    The first turn is short (START_BATCHES), to measure each LRS nearly empty; the rest is split
    into `slices` turns."""
    results = {target.name: IngestResult() for target in targets}
    start = min(START_BATCHES, len(bodies) // 2)
    rest = bodies[start:]
    size = -(-len(rest) // slices)
    turns = [bodies[:start]] + [rest[i : i + size] for i in range(0, len(rest), size)]
    sent = 0
    for turn, batches in enumerate(turn for turn in turns if turn):
        order = targets if turn % 2 == 0 else targets[::-1]
        rates = []
        for target in order:
            result = results[target.name]
            cpu_before, client_before, busy_before = target.cpu(), time.process_time(), _machine_busy()
            started = time.perf_counter()
            post_batches(target, batches, threads)
            elapsed = time.perf_counter() - started
            cpu_after = target.cpu()
            result.client_cpu += time.process_time() - client_before
            result.machine_busy += _machine_busy() - busy_before
            used = cpu_between(cpu_before, cpu_after)
            for name, cpu_seconds in used.items():
                result.cpu[name] = result.cpu.get(name, 0.0) + cpu_seconds
            result.slice_cpu.append(sum(used.values()))
            result.seconds += elapsed
            result.statements += len(batches) * BATCH
            result.slice_rates.append(len(batches) * BATCH / elapsed)
            result.slice_statements.append(len(batches) * BATCH)
            rates.append(f"{target.name} {len(batches) * BATCH / elapsed:7,.0f}/s")
        sent += len(batches) * BATCH
        log(f"  {sent:>9,} statements each: " + ", ".join(sorted(rates)))
    return results


# ------------------------------------------------------------------------------------------------
# Bulk load: the rows store_statements writes, through the service's own writer
# ------------------------------------------------------------------------------------------------


def stored_form(statement: dict, *, authority: dict, stored: datetime.datetime) -> dict:
    """A statement as store_statements stores it (lrs.services): id, authority, version, stored."""
    from lrs import services

    statement = dict(statement)
    statement["id"] = str(uuid.UUID(statement["id"]))
    statement["authority"] = authority
    statement.setdefault("version", services.STORED_VERSION["1.0.3"])
    statement["stored"] = services._iso(stored)
    statement.setdefault("timestamp", statement["stored"])
    services._normalise_context_activities(statement)
    return statement


def check_bulk_rows_match_the_service(credential) -> None:
    """Refuse to load if the bulk path and store_statements would write different rows."""
    from django.db import transaction

    from lrs import services, storage
    from lrs.models import Statement

    sample = generate(5, seed=99, now=datetime.datetime.now(datetime.UTC))

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            services.store_statements(sample, version="1.0.3", credential=credential)
            for row in Statement.objects.filter(statement_id__in=[s["id"] for s in sample]):
                original = next(s for s in sample if s["id"] == str(row.statement_id))
                data = stored_form(original, authority=credential.authority(), stored=row.stored)
                values = storage.statement_columns(data, stored=row.stored, credential_id=credential.pk)
                ours = {"seq": row.seq, **dict(zip(storage.COLUMNS, values, strict=True))}
                for column in Statement._meta.concrete_fields:
                    if column.attname not in ours:
                        raise SystemExit(f"the bulk load does not know the column {column.attname}")
                    value, theirs = ours[column.attname], getattr(row, column.attname)
                    if theirs != value and str(theirs) != str(value):
                        raise SystemExit(
                            f"bulk load would store a different {column.attname}: {value!r} != {theirs!r}"
                        )
            raise Rollback
    except Rollback:
        pass


def bulk_load(count: int, *, credential, seed: int, chunk: int = 50_000) -> float:
    """Add `count` statements to the store as store_statements would; returns seconds.

    Each batch of 100 goes through lrs.storage.statements_insert, the writer store_statements uses
    (COPY, with the same index rows), with its own `stored`; what is skipped is validation (but for one
    statement a batch), the look-up of ids already stored and a commit per batch.
    """
    from django.db import connection, transaction

    from lrs import storage
    from lrs.models import Statement, StatementActivity, StatementAgent
    from lrs.xapi.validation import validate_statement

    check_bulk_rows_match_the_service(credential)
    authority = credential.authority()
    started = time.perf_counter()
    loaded = 0
    # `stored` goes on from now, one millisecond per batch of 100, as the API would have given it.
    clock = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    while loaded < count:
        size = min(chunk, count - loaded)
        statements = generate(size, seed=seed + loaded, now=clock)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            for first in range(0, size, BATCH):
                validate_statement(statements[first], version="1.0.3", path="statement")
                stored = clock + datetime.timedelta(milliseconds=(loaded + first) // BATCH)
                batch = [
                    stored_form(s, authority=authority, stored=stored)
                    for s in statements[first : first + BATCH]
                ]
                storage.statements_insert(statements=batch, stored=stored, credential_id=credential.pk)
        loaded += size
        elapsed = time.perf_counter() - started
        log(f"  loaded {loaded:>9,} / {count:,} ({loaded / elapsed:,.0f} statements/s)")
    with connection.cursor() as cursor:
        for model in (Statement, StatementAgent, StatementActivity):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return time.perf_counter() - started


# ------------------------------------------------------------------------------------------------
# Queries
# ------------------------------------------------------------------------------------------------

FILTERS = ("agent", "verb", "activity", "registration", "since")


def query_params(name: str, sample: dict, *, since_field: str = "stored") -> dict:
    if name == "agent":
        return {"agent": json.dumps({"mbox": sample["actor"]["mbox"]})}
    if name == "verb":
        return {"verb": sample["verb"]["id"]}
    if name == "activity":
        return {"activity": sample["object"]["id"]}
    if name == "registration":
        return {"registration": sample["context"]["registration"]}
    return {"since": sample[since_field]}


@dataclass
class Latency:
    name: str
    millis: list[float]
    returned: list[int]
    error: str = ""

    def percentile(self, p: float) -> float:
        if not self.millis:
            return float("inf")
        ordered = sorted(self.millis)
        return ordered[min(int(round(p / 100 * (len(ordered) - 1))), len(ordered) - 1)]

    def line(self) -> str:
        if not self.millis:
            return f"  {self.name:<13} no answer: {self.error}"
        text = (
            f"  {self.name:<13} n={len(self.millis):<4} p50 {self.percentile(50):8.1f} ms"
            f"  p95 {self.percentile(95):8.1f} ms  p99 {self.percentile(99):8.1f} ms"
            f"  ({statistics.mean(self.returned):.0f} statements a page)"
        )
        return text + (f"; then {self.error}" if self.error else "")


def time_gets(
    target: Target,
    name: str,
    samples: list[dict],
    *,
    count: int,
    budget: float,
    warmup: int = 5,
    since_field: str = "stored",
) -> Latency:
    """`count` GETs (after `warmup` unmeasured); fewer (at least 3) if they take over `budget` seconds."""
    session = requests.Session()
    session.auth = target.auth
    session.headers["X-Experience-API-Version"] = "1.0.3"
    rng = random.Random(name)
    latency = Latency(name, [], [])
    started = time.perf_counter()
    for i in range(warmup + count):
        params = query_params(name, rng.choice(samples), since_field=since_field)
        before = time.perf_counter()
        try:
            response = session.get(target.statements_url, params=params, timeout=GET_TIMEOUT)
        except requests.RequestException as exc:
            latency.error = f"GET {params} failed after {time.perf_counter() - before:.0f} s: {exc!r}"[:300]
            return latency
        elapsed = (time.perf_counter() - before) * 1000
        if response.status_code != 200:
            latency.error = f"GET {params} answered {response.status_code} after {elapsed / 1000:.1f} s"
            return latency
        if i >= warmup or time.perf_counter() - started > budget:
            latency.millis.append(elapsed)
            latency.returned.append(len(response.json()["statements"]))
        if len(latency.millis) >= 3 and time.perf_counter() - started > budget:
            break
    return latency


# ------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------


def database_backends() -> list[int]:
    """The PostgreSQL backends serving the bench database, but for this script's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def cpu_line(result: IngestResult) -> str:
    if not result.cpu:
        return ""
    parts = " + ".join(f"{name} {result.micros_a_statement(name):.0f}" for name in result.cpu)
    return (
        f"CPU {result.micros_a_statement():.0f} us a statement ({parts}; client "
        f"{result.client_cpu / result.statements * 1e6:.0f}); other processes kept "
        f"{result.others_share:.0%} of the machine busy"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000, help="statements POSTed to each LRS")
    parser.add_argument("--stored", type=int, default=GOAL_STORED, help="statements in the store for GETs")
    parser.add_argument("--threads", type=int, default=4, help="concurrent client threads when POSTing")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers for the academy")
    parser.add_argument("--gets", type=int, default=200, help="timed GETs per filter against the academy")
    parser.add_argument(
        "--get-seconds", type=float, default=60, help="time allowed per filter for GETs against the academy"
    )
    parser.add_argument(
        "--ralph-get-seconds", type=float, default=20, help="time allowed per filter for GETs against Ralph"
    )
    parser.add_argument(
        "--slices", type=int, default=10, help="turns the ingest takes between the academy and Ralph"
    )
    parser.add_argument("--skip-ralph", action="store_true", help="measure the academy only")
    parser.add_argument(
        "--keep-store", action="store_true", help="keep what the store holds and skip the ingest phase"
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    parser.add_argument(
        "--allow-any-database", action="store_true", help="empty a database not named *bench*"
    )
    args = parser.parse_args(argv)
    if args.statements % BATCH or args.statements <= 0:
        parser.error(f"--statements must be a positive multiple of {BATCH}")

    database = urlsplit(args.database_url).path.lstrip("/")
    if "bench" not in database and not args.allow_any_database:
        parser.error(f"the benchmark empties its database; '{database}' is not named *bench*")
    ensure_database(args.database_url)
    port = ralph.free_port()
    env = django_env(args.database_url, f"http://127.0.0.1:{port}")
    setup_django(env)

    from django.core.management import call_command
    from django.db import connection

    from lrs.models import Credential, Statement

    log(f"Database {database}: migrating")
    call_command("migrate", verbosity=0, interactive=False)
    if not args.keep_store:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE lrs_outboxentry, lrs_statementagent, lrs_statementactivity, lrs_statement "
                "RESTART IDENTITY CASCADE"
            )
    Credential.objects.filter(name="Benchmark client").delete()
    credential, secret = Credential.issue(name="Benchmark client")
    academy = Target("academy", f"http://127.0.0.1:{port}/xapi/statements", (credential.key, secret))
    workdir = Path(tempfile.mkdtemp(prefix="lrs-bench-", dir=REPO / "var"))
    gunicorn = Gunicorn(port, args.workers, env, workdir / "gunicorn.log")
    server = None
    results: dict = {}
    try:
        gunicorn.start()
        if not args.skip_ralph:
            python = ralph.ensure_installed()
            server = ralph.RalphServer(workdir / "ralph", python=python, log_level="warning")
            server.start()
        academy.server_pid = gunicorn.process.pid
        academy.database_pids = database_backends
        ralph_target = (
            Target("Ralph", server.statements_url, (server.username, server.password), server.process.pid)
            if server
            else None
        )
        targets = [academy, *([ralph_target] if ralph_target else [])]
        cores = os.cpu_count()
        log(
            f"\nAcademy: gunicorn, {args.workers} sync workers, DEBUG=0, PostgreSQL; "
            f"Ralph 5.1.0: uvicorn, 1 process, fs backend; {args.threads} client threads; {cores} cores; "
            f"load average before the run {os.getloadavg()[0]:.2f}"
        )

        # 1. Ingest ------------------------------------------------------------------------------
        now = datetime.datetime.now(datetime.UTC)
        ingested = []
        if not args.keep_store:
            ingested = generate(args.statements, seed=1, now=now)
            bodies = [json.dumps(ingested[i : i + BATCH]).encode() for i in range(0, len(ingested), BATCH)]
            warm = generate(BATCH * args.threads * 2, seed=2, now=now)
            warm_bodies = [json.dumps(warm[i : i + BATCH]).encode() for i in range(0, len(warm), BATCH)]
            log(
                f"\n== Ingest: {args.statements:,} statements in batches of {BATCH}, the same to each LRS, "
                f"in turns after {len(warm):,} untimed, the first of {START_BATCHES * BATCH:,} =="
            )
            for target in targets:
                warm_up(target, warm_bodies, args.threads)
            ingest_results = ingest(targets, bodies, args.threads, args.slices)
            for target in targets:
                result = ingest_results[target.name]
                results[f"{target.name.lower()}_ingest"] = result
                log(f"  {target.name:<8} {result.rate:7,.0f} statements/s  {cpu_line(result)}")

        # 2. Bulk load and queries ---------------------------------------------------------------
        held = Statement.objects.count()
        if held < args.stored:
            log(f"\n== Bulk load: {held:,} stored, adding {args.stored - held:,} ==")
            seconds = bulk_load(args.stored - held, credential=credential, seed=1_000_003 + held)
            log(f"  {args.stored - held:,} statements in {seconds:.0f} s")
        stored = Statement.objects.count()
        seqs = random.Random(7).sample(range(1, stored + 1), min(500, stored))
        samples = list(Statement.objects.filter(seq__in=seqs).values_list("data", flat=True))
        log(f"\n== GET /xapi/statements, {stored:,} statements stored ==")
        results["academy_gets"] = {}
        for name in FILTERS:
            latency = time_gets(academy, name, samples, count=args.gets, budget=args.get_seconds)
            results["academy_gets"][name] = latency
            log(latency.line())

        if ralph_target:
            ralph_holds = sum(1 for _ in server.data_file.open("rb")) if server.data_file.exists() else 0
            log(
                f"\n== GET /xAPI/statements on Ralph, {ralph_holds:,} statements held "
                f"(at most {args.ralph_get_seconds:.0f} s per filter) =="
            )
            log(
                "  Ralph's fs backend reads its whole file for every query, so it is not loaded to "
                f"{stored:,}; its since filter compares timestamp, not stored."
            )
            if ralph_holds and ingested:
                results["ralph_gets"] = {}
                for name in FILTERS:
                    latency = time_gets(
                        ralph_target,
                        name,
                        ingested,
                        count=args.gets,
                        warmup=1,
                        budget=args.ralph_get_seconds,
                        since_field="timestamp",
                    )
                    results["ralph_gets"][name] = latency
                    log(latency.line())
            else:
                log("  skipped: Ralph holds nothing from this run (--keep-store skips the ingest)")
    finally:
        gunicorn.stop()
        if server:
            server.stop()
            shutil.rmtree(server.data_dir, ignore_errors=True)  # its statements; the logs stay

    # 3. The goals ---------------------------------------------------------------------------------
    log("\n== Goals ==")
    failed = False
    if "ralph_ingest" in results:
        ours, theirs = results["academy_ingest"], results["ralph_ingest"]
        ratio = ours.rate / theirs.rate
        failed |= ratio < INGEST_GOAL
        log(
            f"  Ingest ratio academy / Ralph: {ratio:.2f}x  (goal >= {INGEST_GOAL:.1f}x)  "
            f"{verdict(ratio >= INGEST_GOAL)}\n"
            f"    academy {ours.rate:,.0f}/s, Ralph {theirs.rate:,.0f}/s, {ours.statements:,} statements each"
        )
        # Ralph's fs backend rereads its whole file on every POST, so the whole-run ratio grows with
        # --statements; the first turn, with Ralph nearly empty, is the like-for-like figure.
        start_ratio = ours.slice_rates[0] / theirs.slice_rates[0]
        log(
            f"  Ingest ratio over the first turn (Ralph nearly empty): {start_ratio:.2f}x  "
            f"(goal >= {INGEST_GOAL:.1f}x)  {verdict(start_ratio >= INGEST_GOAL)}  [not in the exit status]\n"
            f"    academy {ours.slice_rates[0]:,.0f}/s, Ralph {theirs.slice_rates[0]:,.0f}/s over the first "
            f"{ours.slice_statements[0]:,}; Ralph's last turn {theirs.slice_rates[-1]:,.0f}/s"
        )
        if ours.cpu and theirs.cpu:
            log(
                f"  CPU a statement: academy {ours.micros_a_statement():.0f} us, Ralph "
                f"{theirs.micros_a_statement():.0f} us; in the first turn academy "
                f"{ours.first_turn_micros():.0f} us, Ralph {theirs.first_turn_micros():.0f} us "
                "(server processes, and PostgreSQL's backends for the academy)"
            )
    else:
        log("  Ingest ratio academy / Ralph: not measured (--skip-ralph or --keep-store)")
    p95 = results["academy_gets"]["agent"].percentile(95)
    ok = p95 < AGENT_P95_GOAL_MS
    failed |= not ok
    size_note = "" if stored >= GOAL_STORED else f"  [at {stored:,} stored, not the goal's {GOAL_STORED:,}]"
    log(
        f"  GET by agent, p95 with {stored:,} stored: {p95:.1f} ms  (goal < {AGENT_P95_GOAL_MS:.0f} ms)  "
        f"{verdict(ok)}{size_note}"
    )
    log(f"\nLogs: {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
