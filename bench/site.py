"""Benchmark: simultaneous bookings on one session, and how fast the public pages are served.

    uv run python bench/site.py                 # or: make bench-site
    uv run python bench/site.py --requests 1000 --clients 16

1. Booking: 200 people press "Join" on a 20-place session at the same moment (one thread each,
   released together) against gunicorn on PostgreSQL. Printed: places booked (must be 20),
   waiting-list entries, HTTP answers and requests per second.
2. Pages: the event calendar and the resource index (and any page added to PAGES) are each
   fetched --requests times by --clients threads, next to a trivial Django view served by the
   same gunicorn through the same middleware; each page's throughput is printed as a ratio to it.

It needs PostgreSQL (default postgres://postgres@127.0.0.1:5432/academy_bench_site, created if
missing and migrated; its demo data is loaded and its benchmark session emptied on every run).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/academy_bench_site"
TRIVIAL = "/bench/trivial/"
# The pages served in step 2, each compared with the trivial view. Add a path to measure one more.
PAGES = ["/events/", "/events/?view=month", "/resources/"]
CSRF = "b" * 32
BENCH_SLUG = "benchmark-booking"


# --- What gunicorn serves: the academy, plus one trivial view ------------------------------------


def _trivial(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def __getattr__(name):
    # Django reads `urlpatterns` from ROOT_URLCONF; building it lazily keeps this script importable
    # before Django is set up.
    if name == "urlpatterns":
        from django.urls import path

        from academy.urls import urlpatterns

        return [path(TRIVIAL.strip("/") + "/", _trivial), *urlpatterns]
    raise AttributeError(name)


def wsgi_application():
    """gunicorn 'bench.site:wsgi_application()': the academy with this module as its URL map."""
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.site"
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


# --- Set-up ------------------------------------------------------------------------------------


def log(message: str = "") -> None:
    print(message, flush=True)


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing database {name!r}: its name must contain 'bench' (it is emptied).")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"Created database {name}")


def stop_process(process: subprocess.Popen | None) -> None:
    """Ask a server or worker the bench started to stop; kill it if it has not within 30 seconds."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def migrate_and_set_up(env: dict[str, str]) -> None:
    """Migrate the bench's database, then load Django in this process with the same settings."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=REPO,
        env={**os.environ, **env},
        check=True,
    )
    os.environ.update(env)
    import django

    django.setup()


def environment(database_url: str, port: int) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-4f2a9c7e1b3d5a6c8e0f",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "ACADEMY_MFA_REQUIRED": "1",
        "REDIS_URL": "",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "academy.settings",
    }


def prepare(env: dict[str, str], *, people: int, capacity: int) -> dict:
    """Migrate, load the demo, and set up an empty `capacity`-place session and `people` signed-in people."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=REPO,
        env={**os.environ, **env},
        check=True,
    )
    os.environ.update(env)
    os.environ["DEBUG"] = "1"  # the demo loaders refuse to run otherwise; the server runs with DEBUG=0
    import datetime

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from academy.demo import load_demo
    from cms.events.demo import load_events_demo
    from cms.events.models import Booking, EventIndexPage, EventPage, EventSession

    load_demo()
    load_events_demo()
    User = get_user_model()
    event = EventPage.objects.filter(slug=BENCH_SLUG).first()
    if event is None:
        start = timezone.now() + datetime.timedelta(days=30)
        event = EventPage(
            title="Benchmark workshop", slug=BENCH_SLUG, kind="workshop", summary="For the benchmark."
        )
        event.sessions.add(
            EventSession(
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                capacity=capacity,
                venue_name="Hall",
                venue_address="1 Road\nStafford ST16 2AB",
            )
        )
        EventIndexPage.objects.get().add_child(instance=event)
        event.save_revision().publish()
        event = EventPage.objects.get(pk=event.pk)
    session = event.sessions.get()
    Booking.objects.filter(session=session).delete()
    EventSession.objects.filter(pk=session.pk).update(capacity=capacity)

    cookies = []
    existing = {u.email: u for u in User.objects.filter(email__endswith="@bench.example.org")}
    for n in range(people):
        email = f"booker{n}@bench.example.org"
        person = existing.get(email) or User.objects.create_user(
            email=email, first_name="Bench", last_name=f"Booker {n}"
        )
        store = SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        cookies.append({"sessionid": store.session_key, "csrftoken": CSRF})
    return {"session": session, "book_path": f"{event.url}sessions/{session.pk}/book/", "cookies": cookies}


class Gunicorn:
    def __init__(self, port: int, workers: int, threads: int, env: dict[str, str], logfile: Path):
        self.port, self.workers, self.threads, self.env, self.logfile = port, workers, threads, env, logfile
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        from tests.lrs.ralph import wait_until_answers

        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.site:wsgi_application()",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "120",
        ]
        env = {**os.environ, **self.env}
        with self.logfile.open("ab") as out:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        if wait_until_answers(self.url + TRIVIAL, self.process, 60) != "ok":
            raise SystemExit(f"gunicorn did not start:\n{self.logfile.read_text()[-3000:]}")

    def stop(self) -> None:
        stop_process(self.process)


# --- The two measurements -------------------------------------------------------------------------


def simultaneous_bookings(url: str, cookie_jars: list[dict]) -> tuple[Counter, float]:
    barrier = threading.Barrier(len(cookie_jars) + 1)
    statuses: Counter = Counter()
    lock = threading.Lock()

    def book(cookies):
        with requests.Session() as http:
            barrier.wait()
            try:
                response = http.post(
                    url,
                    data={"waiting_list": "1", "csrfmiddlewaretoken": CSRF},
                    cookies=cookies,
                    allow_redirects=False,
                    timeout=120,
                )
                answer = str(response.status_code)
            except requests.RequestException as exc:
                answer = type(exc).__name__
        with lock:
            statuses[answer] += 1

    threads = [threading.Thread(target=book, args=(jar,)) for jar in cookie_jars]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return statuses, time.perf_counter() - started


def throughput(url: str, requests_count: int, clients: int) -> tuple[float, Counter]:
    local = threading.local()
    statuses: Counter = Counter()
    lock = threading.Lock()

    def fetch(_):
        if not hasattr(local, "http"):
            local.http = requests.Session()
        status = local.http.get(url, timeout=60).status_code
        with lock:
            statuses[status] += 1

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(fetch, range(min(20, requests_count))))  # warm up every worker's caches
        statuses.clear()
        started = time.perf_counter()
        list(pool.map(fetch, range(requests_count)))
        elapsed = time.perf_counter() - started
    return requests_count / elapsed, statuses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--people", type=int, default=200, help="simultaneous booking requests")
    parser.add_argument("--capacity", type=int, default=20, help="places on the session")
    parser.add_argument("--requests", type=int, default=500, help="requests per page in step 2")
    parser.add_argument("--clients", type=int, default=8, help="client threads in step 2")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    args = parser.parse_args(argv)

    ensure_database(args.database_url)
    if not args.port:
        from tests.lrs.ralph import free_port

        args.port = free_port()
    env = environment(args.database_url, args.port)
    log(f"Preparing {args.database_url.rsplit('/', 1)[-1]}: migrations, demo data, {args.people} people ...")
    prepared = prepare(env, people=args.people, capacity=args.capacity)
    workdir = REPO / "var" / "site-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    server = Gunicorn(args.port, args.workers, args.threads, env, workdir / "gunicorn.log")
    server.start()
    try:
        log(
            f"\nServer: gunicorn, {args.workers} workers x {args.threads} threads, DEBUG=0, PostgreSQL; "
            f"{os.cpu_count()} CPU cores shared with the clients"
        )
        log(f"\n1. {args.people} simultaneous booking requests for a {args.capacity}-place session")
        statuses, elapsed = simultaneous_bookings(server.url + prepared["book_path"], prepared["cookies"])
        from cms.events.models import Booking, BookingStatus

        session = prepared["session"]
        booked = Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count()
        waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITING).count()
        verdict = "PASS" if booked == args.capacity and booked + waiting == args.people else "FAIL"
        log(f"   bookings made:        {booked} (must be {args.capacity})  {verdict}")
        log(f"   waiting-list entries: {waiting}")
        log(f"   HTTP answers:         {dict(sorted(statuses.items()))}")
        log(f"   requests per second:  {args.people / elapsed:.1f} ({elapsed:.2f} s for all)")

        log(f"\n2. Pages, {args.requests} requests each from {args.clients} client threads")
        base, _ = throughput(server.url + TRIVIAL, args.requests, args.clients)
        log(f"   {'trivial Django view':<28} {base:8.1f} req/s   1.00x")
        for path in PAGES:
            answer = requests.get(server.url + path, timeout=60).status_code
            if answer != 200:
                log(f"   {path:<28} answers {answer}, so it is not measured")
                continue
            rate, statuses = throughput(server.url + path, args.requests, args.clients)
            log(f"   {path:<28} {rate:8.1f} req/s   {rate / base:.2f}x of trivial   {dict(statuses)}")
    finally:
        server.stop()
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
