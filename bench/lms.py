"""Benchmark: the team compliance matrix and the learner dashboard, with a locality's data behind them.

    uv run python bench/lms.py                 # or: make bench-lms
    uv run python bench/lms.py --locality 5000 --requests 100

It builds (once, with bulk inserts) a provider of --team staff (default 500) and --requirements
required courses (default 20: defaults by pathway category and by job role, Tier 2 covering Tier 1,
and a few of the provider's own changes), plus a locality of --locality more staff (default 20,000)
in providers of 500, each with completed training spread from long expired to years ahead and some
accepted prior learning. Then it prints:

1. In-process times (median of --repeat runs) and query counts of `lms.compliance.team_matrix` for
   the provider, `lms.compliance.compliance_counts` for the whole locality, and
   `lms.selectors.my_learning` for one of the provider's learners.
2. Served by gunicorn (DEBUG=0, PostgreSQL): the matrix page `/organisations/<pk>/training/` and the
   learner dashboard `/learning/`, each fetched --requests times by --clients threads, as requests
   per second and as a ratio to a trivial Django view served by the same gunicorn in the same run.
   A page that does not answer 200 is reported and not measured.

It needs PostgreSQL (default postgres://postgres@127.0.0.1:5432/academy_bench_lms, created if missing
and migrated). The data is kept between runs; drop the database to build it again.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.site import TRIVIAL, Gunicorn, ensure_database, environment, migrate_and_set_up  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/academy_bench_lms"
TEAM_NAME = "Bench team provider"
PER_PROVIDER = 500
EMAIL_DOMAIN = "lms-bench.example.org"


def log(message: str = "") -> None:
    print(message, flush=True)


# --- Building the data ---------------------------------------------------------------------------------


def _courses(n: int) -> list:
    """n published courses with one unit each; the last covers the one before (Tier 2 and Tier 1)."""
    from lms.models import CourseCatalogPage, CoursePage, CourseUnit

    catalogue = CourseCatalogPage.objects.get()
    courses = []
    for i in range(n):
        slug = f"bench-course-{i:02d}"
        page = CoursePage.objects.filter(slug=slug).first()
        if page is None:
            page = CoursePage(
                title=f"Bench course {i:02d}",
                slug=slug,
                summary="A course for the benchmark.",
                learning_outcomes="<ul><li>Work safely</li></ul>",
                duration_minutes=60,
                refresher_months=[12, 36][i % 2],
            )
            page.units.add(CourseUnit(title="Read this", kind="content"))
            if i == n - 1 and courses:
                page.covers = [courses[-1]]
            catalogue.add_child(instance=page)
            page.save_revision().publish()
            page = CoursePage.objects.get(pk=page.pk)
        courses.append(page)
    return courses


def build(*, team: int, locality: int, n_requirements: int) -> dict:
    from django.utils import timezone

    from academy.models import (
        ContractType,
        JobRole,
        Membership,
        Organisation,
        OrganisationType,
        PathwayCategory,
        User,
    )
    from lms.models import Enrolment, EnrolmentStatus, PriorLearning, PriorLearningStatus, TrainingRequirement

    existing = Organisation.objects.filter(name=TEAM_NAME).first()
    if existing is not None:
        log("   the data is already there: reusing it (drop the database to build it again)")
        return _handles(existing)
    started = time.perf_counter()
    rng = random.Random(500)
    today = timezone.localdate()
    now = timezone.now()
    courses = _courses(n_requirements)
    roles = {code: JobRole.objects.get(ascwds_code=code) for code in (7, 8, 45)}
    categories = [
        PathwayCategory.CARE_OR_SUPPORT_WORKER,
        PathwayCategory.ENHANCED_CARE_WORKER,
        PathwayCategory.SUPERVISOR_OR_LEADER,
    ]

    # Requirements: the first two thirds by pathway category, the rest by job role.
    by_category = courses[: (2 * n_requirements) // 3]
    by_role = courses[len(by_category) :]
    rows = [TrainingRequirement(course=c, pathway_category=k) for c in by_category for k in categories]
    rows += [
        TrainingRequirement(course=c, job_role=roles[code])
        for i, c in enumerate(by_role)
        for code in (7, 8, 45)[: 1 + i % 3]
    ]
    TrainingRequirement.objects.bulk_create(rows)

    providers = [
        Organisation(name=TEAM_NAME, type=OrganisationType.RESIDENTIAL, postcode="ST16 2AB", area="Stafford")
    ] + [
        Organisation(
            name=f"Bench locality provider {i:03d}",
            type=OrganisationType.HOME_CARE,
            postcode="ST17 4JX",
            area="Stafford",
        )
        for i in range((locality + PER_PROVIDER - 1) // PER_PROVIDER)
    ]
    Organisation.objects.bulk_create(providers)
    the_team = Organisation.objects.get(name=TEAM_NAME)
    providers = [
        the_team,
        *Organisation.objects.filter(name__startswith="Bench locality provider").order_by("name"),
    ]
    # The provider's own changes: one default lifted, one course added for everyone.
    TrainingRequirement.objects.bulk_create(
        [
            TrainingRequirement(
                course=by_category[0], pathway_category=categories[2], organisation=the_team, required=False
            ),
            TrainingRequirement(course=by_role[0], pathway_category=categories[0], organisation=the_team),
        ]
    )

    total = team + locality
    people = [
        User(
            email=f"staff{n:06d}@{EMAIL_DOMAIN}",
            first_name="Bench",
            last_name=f"Worker {n:06d}",
            password="!",
        )
        for n in range(total)
    ]
    manager = User(email=f"manager@{EMAIL_DOMAIN}", first_name="Bench", last_name="Manager", password="!")
    User.objects.bulk_create([*people, manager], batch_size=5000)
    people = list(
        User.objects.filter(email__startswith="staff", email__endswith=EMAIL_DOMAIN).order_by("email")
    )
    manager = User.objects.get(email=f"manager@{EMAIL_DOMAIN}")
    memberships = [
        Membership(
            person=manager,
            organisation=the_team,
            is_manager=True,
            is_worker=False,
            job_role=roles[45],
            pathway_category=PathwayCategory.REGISTERED_MANAGER,
            contract_type=ContractType.PERMANENT,
            start_date=datetime.date(2020, 1, 1),
            accepted_at=now,
        )
    ]
    for n, person in enumerate(people):
        organisation = the_team if n < team else providers[1 + (n - team) // PER_PROVIDER]
        pick = rng.random()
        memberships.append(
            Membership(
                person=person,
                organisation=organisation,
                job_role=roles[8 if pick < 0.7 else 7 if pick < 0.9 else 45],
                pathway_category=categories[0 if pick < 0.8 else 1 if pick < 0.9 else 2],
                contract_type=ContractType.PERMANENT,
                start_date=datetime.date(2022, 1, 1),
                accepted_at=now,
                # One in fifty has left: they must not be counted.
                end_date=datetime.date(2025, 1, 1) if rng.random() < 0.02 else None,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=5000)

    enrolments, prior = [], []
    for person in people:
        for course in courses:
            roll = rng.random()
            if roll < 0.7:
                expires = today + datetime.timedelta(days=rng.randint(-200, 700))
                enrolments.append(
                    Enrolment(
                        learner=person,
                        course=course,
                        status=EnrolmentStatus.COMPLETED,
                        completed_at=now - datetime.timedelta(days=rng.randint(30, 700)),
                        expires_on=expires,
                    )
                )
            elif roll < 0.75:
                prior.append(
                    PriorLearning(
                        person=person,
                        course=course,
                        title=f"{course.title} elsewhere",
                        provider_name="Another trainer",
                        completed_on=today - datetime.timedelta(days=100),
                        expires_on=today + datetime.timedelta(days=rng.randint(-100, 900)),
                        certificate="prior-learning/bench.pdf",
                        status=PriorLearningStatus.ACCEPTED,
                        submitted_by=person,
                    )
                )
            elif roll < 0.8:
                enrolments.append(
                    Enrolment(learner=person, course=course, due_on=today + datetime.timedelta(days=30))
                )
        if len(enrolments) > 20000:
            Enrolment.objects.bulk_create(enrolments, batch_size=5000)
            enrolments = []
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    PriorLearning.objects.bulk_create(prior, batch_size=5000)
    log(f"   built in {time.perf_counter() - started:.0f} s")
    return _handles(the_team)


def _handles(the_team) -> dict:
    from academy.models import Membership, User
    from lms.models import Enrolment, TrainingRequirement

    manager = User.objects.get(email=f"manager@{EMAIL_DOMAIN}")
    learner = (
        Membership.objects.active()
        .filter(organisation=the_team, is_worker=True)
        .order_by("pk")
        .first()
        .person
    )
    staff = Membership.objects.active().filter(person__email__endswith=EMAIL_DOMAIN).count()
    enrolments = Enrolment.objects.filter(learner__email__endswith=EMAIL_DOMAIN).count()
    log(
        f"   data: {staff:,} current staff, {enrolments:,} enrolments, "
        f"{TrainingRequirement.objects.count()} requirement rows"
    )
    return {"team": the_team, "manager": manager, "learner": learner}


# --- Measuring ------------------------------------------------------------------------------------------


def timed(function, repeat: int) -> tuple[float, int, object]:
    """The median time in milliseconds of `repeat` calls, the queries of one, and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries.captured_queries), result


def session_cookie(person) -> dict:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return {"sessionid": store.session_key}


def throughput(url: str, cookies: dict, requests_count: int, clients: int) -> tuple[float, float, Counter]:
    """Requests per second, and the median latency in milliseconds, of GETs from `clients` threads."""
    local = threading.local()
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()

    def fetch(_):
        if not hasattr(local, "http"):
            local.http = requests.Session()
        started = time.perf_counter()
        status = local.http.get(url, cookies=cookies, timeout=120, allow_redirects=False).status_code
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            statuses[status] += 1
            latencies.append(elapsed)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(fetch, range(min(clients * 2, requests_count))))  # warm every worker up
        statuses.clear()
        latencies.clear()
        started = time.perf_counter()
        list(pool.map(fetch, range(requests_count)))
        elapsed = time.perf_counter() - started
    return requests_count / elapsed, statistics.median(latencies), statuses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument(
        "--team", type=int, default=500, help="staff of the provider whose matrix is measured"
    )
    parser.add_argument("--requirements", type=int, default=20, help="required courses")
    parser.add_argument("--locality", type=int, default=20000, help="staff of the other providers")
    parser.add_argument("--repeat", type=int, default=5, help="in-process runs of each selector")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    args = parser.parse_args(argv)

    ensure_database(args.database_url)
    if not args.port:
        from tests.lrs.ralph import free_port

        args.port = free_port()
    env = environment(args.database_url, args.port)
    name = args.database_url.rsplit("/", 1)[-1]
    log(
        f"Preparing {name}: migrations, {args.team} staff and {args.requirements} requirements, "
        f"a locality of {args.locality:,} staff ..."
    )
    migrate_and_set_up(env)
    handles = build(team=args.team, locality=args.locality, n_requirements=args.requirements)

    from lms import compliance, selectors

    team = handles["team"]
    log(f"\n1. In process (median of {args.repeat})")
    ms, queries, matrix = timed(
        lambda: compliance.team_matrix(memberships=compliance.team_memberships(organisation=team)),
        args.repeat,
    )
    cells = sum(len(row.cells) for row in matrix.rows)
    log(
        f"   team matrix ({len(matrix.rows)} people x {len(matrix.courses)} courses = {cells:,} cells)"
        f"   {ms:8.1f} ms   {queries} queries"
    )
    ms, queries, counts = timed(lambda: compliance.compliance_counts(), args.repeat)
    pairs = sum(sum(counter.values()) for counter in counts.values())
    log(f"   locality counts ({pairs:,} requirements of current staff)   {ms:8.1f} ms   {queries} queries")
    learner = handles["learner"]
    ms, queries, learning = timed(lambda: selectors.my_learning(learner=learner), args.repeat)
    log(
        f"   learner dashboard, my_learning ({len(learning.completed)} completed, "
        f"{len(learning.in_progress)} in progress)        {ms:8.1f} ms   {queries} queries"
    )

    workdir = REPO / "var" / "lms-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    server = Gunicorn(args.port, args.workers, args.threads, env, workdir / "gunicorn.log")
    server.start()
    try:
        log(
            f"\n2. Served: gunicorn {args.workers} workers x {args.threads} threads, DEBUG=0, PostgreSQL; "
            f"{args.requests} requests per page from {args.clients} client threads; "
            f"{os.cpu_count()} CPU cores shared by all"
        )
        base, base_latency, _ = throughput(server.url + TRIVIAL, {}, args.requests, args.clients)
        log(f"   {'trivial Django view':<36} {base:8.1f} req/s  median {base_latency:7.1f} ms   1.00x")
        pages = [
            (f"/organisations/{team.pk}/training/", session_cookie(handles["manager"])),
            ("/learning/", session_cookie(learner)),
        ]
        for path, cookies in pages:
            answer = requests.get(server.url + path, cookies=cookies, timeout=120, allow_redirects=False)
            if answer.status_code != 200:
                log(f"   {path:<36} answers {answer.status_code}, so it is not measured")
                continue
            rate, latency, statuses = throughput(server.url + path, cookies, args.requests, args.clients)
            log(
                f"   {path:<36} {rate:8.1f} req/s  median {latency:7.1f} ms   {rate / base:.2f}x of trivial  "
                f"{dict(statuses)}"
            )
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
