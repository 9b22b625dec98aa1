"""Benchmark: the commissioner dashboard and every reporting figure over a region, against hand-written SQL.

    uv run python bench/reporting.py                       # or: make bench-reporting
    uv run python bench/reporting.py --workers 20000 --providers 400   # a quicker one
    uv run python bench/reporting.py --rebuild             # build the region again

It builds (once; the database is kept and reused while its size matches) a region with
`manage.py generate_workforce --workers 100000 --providers 2000 --years 3 --bulk-load`, analyses it,
and takes the monthly snapshots of the last --snapshots months (default 2, timed). Then it prints:

1. Each figure of the registry for the commissioner's scope (the whole region, today, the last twelve
   months): the median of --repeat computations, and the same counts worked out by one hand-written SQL
   `GROUP BY` in the same run, as a ratio. The counts of the two are compared: a figure whose numbers
   differ from the hand-written query's is a FAIL whatever its time.
2. The dashboard, `GET /reporting/` through Django's test client (in-process, DEBUG=0, PostgreSQL,
   signed in as a commissioner): first the counting of the whole area's kept figures that beat does
   every few minutes (reporting/kept.py), against its figures' hand-written SQL, and beat's whole job
   (the area, each area, each provider type); then the median of --repeat requests and the query count
   of the commissioner's unfiltered dashboard and the largest area's (kept figures), the largest
   provider's and one area's residential homes (both counted live).
3. Goals, each PASS or FAIL, and the exit status 1 if any fails: every figure within 2x of its query
   (or under 50 ms, where the ratio measures Django's fixed cost rather than the query), the kept
   figures' counting within 2x of its queries, and the commissioner's, an area's and a provider's
   dashboards under 1 second (an area's residential homes are printed, with no goal).

It needs PostgreSQL (default postgres://postgres@127.0.0.1:5432/bench_reporting, made if missing; its
name must contain 'bench', as it is dropped and made again to rebuild).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.site import ensure_database, environment  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_reporting"
# SITE_URL is part of every statement's actor, so the kept database is always used with the same one.
SITE_PORT = 8765
DASHBOARD_GOAL_SECONDS = 1.0
RATIO_GOAL = 2.0
# A figure this quick is fast enough whatever its ratio: at a few milliseconds the ratio measures
# Django's fixed cost of a query, not the query (it is printed all the same, marked "fast").
FAST_ENOUGH_SECONDS = 0.05
COMMISSIONER = "commissioner@bench-reporting.example.org"


def log(message: str = "") -> None:
    print(message, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- The database and its build ------------------------------------------------------------------------


def _maintenance(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), autocommit=True)


def drop_database(url: str) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _maintenance(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=REPO,
        env={**os.environ, **env},
        check=True,
    )


def built_with() -> dict | None:
    """The parameters the kept database was built with, or None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_reporting_build')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT workers, providers, years, seed, built_on, seconds FROM bench_reporting_build")
        row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip(("workers", "providers", "years", "seed", "built_on", "seconds"), row, strict=True))


def build(args) -> float:
    """Generate the region, analyse it, take snapshots, and note what was built. Returns seconds."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command(
        "generate_workforce",
        workers=args.workers,
        providers=args.providers,
        years=args.years,
        seed=args.seed,
        force=True,
        bulk_load=True,
        verbosity=2,
    )
    generated = time.perf_counter() - started
    log(f"   generated in {generated:.0f} s; analysing ...")
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    snapshot_seconds = take_snapshots(args.snapshots)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_reporting_build (workers int, providers int, years int, seed int, "
            "built_on date, "
            "seconds float, generate_seconds float, snapshot_seconds float)"
        )
        cursor.execute(
            "INSERT INTO bench_reporting_build VALUES (%s, %s, %s, %s, CURRENT_DATE, %s, %s, %s)",
            [args.workers, args.providers, args.years, args.seed, seconds, generated, snapshot_seconds],
        )
    return seconds


def take_snapshots(count: int) -> float:
    """The monthly snapshots of the last `count` months, as Celery beat takes them (timed)."""
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from reporting.services import month_of, snapshots_take

    if not count:
        return 0.0
    this_month = month_of(timezone.localdate())
    total = 0.0
    for back in range(count, 0, -1):
        month = this_month - relativedelta(months=back)
        started = time.perf_counter()
        made = snapshots_take(month=month)
        spent = time.perf_counter() - started
        total += spent
        log(f"   snapshot of {month:%B %Y}: {made:,} snapshots in {spent:.1f} s")
    return total


def commissioner():
    from django.contrib.auth.models import Group

    from academy.models import User
    from academy.roles import PlatformRole

    person, _ = User.objects.get_or_create(
        email=COMMISSIONER, defaults={"first_name": "Bench", "last_name": "Commissioner", "password": "!"}
    )
    person.groups.add(Group.objects.get(name=PlatformRole.COMMISSIONER))
    return person


# --- Hand-written SQL: the same counts as each figure --------------------------------------------------

STAFF = """
    SELECT m.id, m.person_id, m.organisation_id, m.job_role_id, m.pathway_category, m.contract_type, o.type
    FROM academy_membership m
    JOIN academy_organisation o ON o.id = m.organisation_id
    JOIN academy_user u ON u.id = m.person_id
    WHERE m.accepted_at IS NOT NULL AND m.is_worker AND o.is_active AND u.is_active
      AND m.start_date <= %(on)s AND (m.end_date IS NULL OR m.end_date >= %(on)s)
"""
STAFF_COLUMNS = "id, person_id, organisation_id, job_role_id, pathway_category, contract_type, type"
# In post on a day given by the outer query (`{day}`), for period figures.
IN_POST = """
    EXISTS (SELECT 1 FROM academy_membership m JOIN academy_organisation o ON o.id = m.organisation_id
            JOIN academy_user u ON u.id = m.person_id
            WHERE m.person_id = {person} AND m.accepted_at IS NOT NULL AND m.is_worker AND o.is_active
              AND u.is_active AND m.start_date <= {day} AND (m.end_date IS NULL OR m.end_date >= {day}))
"""
LOCAL_DAY = "(({column}) AT TIME ZONE 'Europe/London')::date"

REQUIREMENT_STATUSES = f"""
    WITH staff ({STAFF_COLUMNS}) AS ({STAFF}),
    -- What each person must hold: by job role and by pathway category, a provider's own row winning.
    needs AS (
        SELECT s.id, s.person_id, s.organisation_id, s.pathway_category, r.course_id
        FROM staff s JOIN lms_trainingrequirement r ON r.job_role_id = s.job_role_id
        WHERE r.required AND (r.organisation_id = s.organisation_id
          OR (r.organisation_id IS NULL AND NOT EXISTS (
            SELECT 1 FROM lms_trainingrequirement o WHERE o.organisation_id = s.organisation_id
              AND o.course_id = r.course_id AND o.job_role_id = r.job_role_id)))
        UNION
        SELECT s.id, s.person_id, s.organisation_id, s.pathway_category, r.course_id
        FROM staff s JOIN lms_trainingrequirement r ON r.pathway_category = s.pathway_category
        WHERE r.required AND r.pathway_category <> '' AND (r.organisation_id = s.organisation_id
          OR (r.organisation_id IS NULL AND NOT EXISTS (
            SELECT 1 FROM lms_trainingrequirement o WHERE o.organisation_id = s.organisation_id
              AND o.course_id = r.course_id AND o.pathway_category = r.pathway_category)))
    ),
    evidence AS (
        SELECT learner_id AS person_id, course_id, COALESCE(expires_on, DATE '9999-12-31') AS good_until
        FROM lms_enrolment WHERE status = 'completed' AND completed_at < %(by)s
          AND learner_id IN (SELECT person_id FROM staff)
        UNION ALL
        SELECT person_id, course_id, COALESCE(expires_on, DATE '9999-12-31') FROM lms_priorlearning
        WHERE status = 'accepted' AND course_id IS NOT NULL AND completed_on <= %(on)s
          AND person_id IN (SELECT person_id FROM staff)
    ),
    best AS (
        SELECT person_id, course_id, MAX(good_until) AS good_until FROM (
            SELECT * FROM evidence
            UNION ALL
            SELECT e.person_id, c.to_coursepage_id, e.good_until
            FROM evidence e JOIN lms_coursepage_covers c ON c.from_coursepage_id = e.course_id
        ) held GROUP BY person_id, course_id
    ),
    statuses AS (
        SELECT n.*, CASE
            WHEN b.good_until IS NULL THEN 'missing'
            WHEN b.good_until < %(on)s THEN 'expired'
            WHEN b.good_until <= %(on)s + 30 THEN 'expiring_30'
            WHEN b.good_until <= %(on)s + 60 THEN 'expiring_60'
            WHEN b.good_until <= %(on)s + 90 THEN 'expiring_90'
            ELSE 'current' END AS status
        FROM needs n LEFT JOIN best b ON b.person_id = n.person_id AND b.course_id = n.course_id
    )
"""

CARE_CERTIFICATE = f"""
    WITH staff ({STAFF_COLUMNS}) AS ({STAFF}),
    standards AS (SELECT course_id FROM lms_programmecourse WHERE page_id = %(programme)s),
    held AS (
        SELECT person_id, COUNT(DISTINCT course_id) AS n FROM (
            SELECT learner_id AS person_id, course_id FROM lms_enrolment
            WHERE status = 'completed' AND completed_at < %(by)s
              AND course_id IN (SELECT course_id FROM standards)
            UNION
            SELECT person_id, course_id FROM lms_priorlearning
            WHERE status = 'accepted' AND completed_on <= %(on)s
              AND course_id IN (SELECT course_id FROM standards)
        ) e GROUP BY person_id
    ),
    finished AS (
        SELECT DISTINCT learner_id FROM lms_programmeenrolment
        WHERE programme_id = %(programme)s AND status = 'completed' AND completed_at < %(by)s
    ),
    started AS (
        SELECT learner_id FROM lms_programmeenrolment
        WHERE programme_id = %(programme)s AND status IN ('in_progress', 'completed') AND enrolled_at < %(by)s
        UNION
        SELECT learner_id FROM lms_enrolment
        WHERE status IN ('in_progress', 'completed') AND started_at < %(by)s
          AND course_id IN (SELECT course_id FROM standards)
    )
    SELECT s.organisation_id, CASE
        WHEN f.learner_id IS NOT NULL OR COALESCE(h.n, 0) >= (SELECT COUNT(DISTINCT course_id) FROM standards)
            THEN 'completed'
        WHEN COALESCE(h.n, 0) > 0 OR st.learner_id IS NOT NULL THEN 'in_progress'
        ELSE 'not_started' END AS status, COUNT(*)
    FROM staff s
    LEFT JOIN held h ON h.person_id = s.person_id
    LEFT JOIN finished f ON f.learner_id = s.person_id
    LEFT JOIN started st ON st.learner_id = s.person_id
    GROUP BY 1, 2
"""

# What beat's counting of the kept figures does, in hand-written SQL: the by-provider counts (the
# totals and by-topic tables are made from the same ones).
KEPT_BASELINES = ("mandatory-training-by-provider", "care-certificate-by-provider")

BASELINES = {
    "headcount-by-provider": f"SELECT organisation_id, COUNT(*) FROM ({STAFF}) s GROUP BY 1",
    "headcount-by-provider-type": f"SELECT type, COUNT(*) FROM ({STAFF}) s GROUP BY 1",
    "headcount-by-job-role": f"SELECT job_role_id, COUNT(*) FROM ({STAFF}) s GROUP BY 1",
    "headcount-by-pathway-category": f"SELECT pathway_category, COUNT(*) FROM ({STAFF}) s GROUP BY 1",
    "headcount-by-contract-type": f"SELECT contract_type, COUNT(*) FROM ({STAFF}) s GROUP BY 1",
    "care-certificate": CARE_CERTIFICATE,
    "care-certificate-by-provider": CARE_CERTIFICATE,
    "mandatory-training": REQUIREMENT_STATUSES
    + "SELECT course_id, status, COUNT(*) FROM statuses GROUP BY 1, 2",
    "mandatory-training-by-provider": REQUIREMENT_STATUSES
    + "SELECT organisation_id, status, COUNT(*) FROM statuses GROUP BY 1, 2",
    "oliver-mcgowan": REQUIREMENT_STATUSES
    + """SELECT pathway_category, course_id, status, COUNT(*) FROM statuses WHERE course_id = ANY(%(om)s)
    GROUP BY 1, 2, 3
    UNION ALL SELECT pathway_category, NULL, NULL, COUNT(*) FROM staff GROUP BY 1""",
    "qualifications": f"""
        WITH staff ({STAFF_COLUMNS}) AS ({STAFF}),
        top AS (SELECT person_id, MAX(level) AS level FROM lms_qualification
                WHERE status = 'achieved' AND achieved_on <= %(on)s GROUP BY 1),
        aim AS (SELECT person_id, MAX(level) AS level FROM lms_qualification
                WHERE (status = 'working_towards' OR achieved_on > %(on)s) AND created_at < %(by)s GROUP BY 1)
        SELECT t.level, a.level, COUNT(*) FROM staff s LEFT JOIN top t ON t.person_id = s.person_id
        LEFT JOIN aim a ON a.person_id = s.person_id GROUP BY 1, 2""",
    "leadership-cohorts": f"""
        WITH members AS (
            SELECT p.* FROM lms_programmeenrolment p
            WHERE p.cohort_id IS NOT NULL AND p.enrolled_at < %(by)s AND p.status <> 'withdrawn'
              AND p.learner_id IN (SELECT person_id FROM ({STAFF}) s)),
        modules AS (SELECT programme_enrolment_id, COUNT(*) AS n FROM lms_enrolment
                    WHERE status = 'completed' AND completed_at < %(by)s
                      AND programme_enrolment_id IS NOT NULL
                    GROUP BY 1)
        SELECT m.cohort_id, COUNT(*),
            COUNT(*) FILTER (WHERE m.status = 'completed' AND m.completed_at < %(by)s),
            COUNT(*) FILTER (WHERE m.status IN ('in_progress', 'completed')
                             AND NOT (m.status = 'completed' AND m.completed_at < %(by)s)),
            COALESCE(SUM(d.n), 0)
        FROM members m LEFT JOIN modules d ON d.programme_enrolment_id = m.id GROUP BY 1""",
    "events": f"""
        SELECT p.kind, COUNT(*), COUNT(*) FILTER (WHERE b.attendance = 'attended'),
            COUNT(*) FILTER (WHERE b.attendance = 'no_show')
        FROM events_booking b JOIN events_eventsession s ON s.id = b.session_id
        JOIN events_eventpage p ON p.page_ptr_id = s.page_id
        WHERE b.status = 'booked' AND s.starts_at >= %(start)s AND s.starts_at < %(end)s
          AND {IN_POST.format(person="b.person_id", day=LOCAL_DAY.format(column="s.starts_at"))}
        GROUP BY 1""",
    "course-feedback": f"""
        SELECT e.course_id, COUNT(*) FROM lms_coursefeedback f JOIN lms_enrolment e ON e.id = f.enrolment_id
        WHERE f.submitted_at >= %(start)s AND f.submitted_at < %(end)s
          AND {IN_POST.format(person="e.learner_id", day=LOCAL_DAY.format(column="f.submitted_at"))}
        GROUP BY 1""",
    "learning-activity": f"""
        WITH people AS (SELECT id, %(prefix)s || public_id::text AS actor_key FROM academy_user)
        SELECT date_trunc('month', s.timestamp AT TIME ZONE 'Europe/London')::date,
            COUNT(*) FILTER (WHERE s.verb_id = ANY(%(completing)s)), COUNT(DISTINCT s.actor_key)
        FROM lrs_statement s JOIN people p ON p.actor_key = s.actor_key
        WHERE s.timestamp >= %(start)s AND s.timestamp < %(end)s AND NOT s.voided AND s.verb_id <> %(voided)s
          AND {IN_POST.format(person="p.id", day=LOCAL_DAY.format(column="s.timestamp"))}
        GROUP BY 1""",
    "trends": """SELECT month, summary FROM reporting_snapshot
        WHERE organisation_id IS NULL AND month >= %(start_month)s AND month <= %(end)s""",
}


def baseline_params(scope) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from lms.models import CoursePage, ProgrammePage
    from lrs.recording import Verb

    def midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))

    programme = ProgrammePage.objects.filter(slug="care-certificate").values_list("pk", flat=True).first()
    om = list(CoursePage.objects.filter(slug__startswith="oliver-mcgowan-").values_list("pk", flat=True))
    return {
        "on": scope.on,
        "by": midnight(scope.on + datetime.timedelta(days=1)),
        "start": midnight(scope.start),
        "end": midnight(scope.end + datetime.timedelta(days=1)),
        "start_month": scope.start.replace(day=1),
        "programme": programme,
        "om": om,
        "prefix": f"account:{settings.SITE_URL}|",
        "completing": [Verb.COMPLETED.value, Verb.PASSED.value],
        "voided": Verb.VOIDED.value,
    }


def run_baseline(key: str, params: dict) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BASELINES[key], params)
        return cursor.fetchall()


# --- The same counts from both -------------------------------------------------------------------------

STATUSES = ("current", "expiring_30", "expiring_60", "expiring_90", "expired", "missing")
CC = ("completed", "in_progress", "not_started")


def _nonzero(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v}


def counts_of_figure(key: str, table) -> dict:
    """A figure's counts in a shape both sides can be put in."""
    rows = {row.key: row.values for row in table.rows}
    if key == "headcount-by-provider":
        return {int(k): v["staff"] for k, v in rows.items()}
    if key.startswith("headcount-by-"):
        return {k: v["staff"] for k, v in rows.items()}
    if key == "care-certificate":
        return _nonzero({k: v["staff"] for k, v in rows.items()})
    if key == "care-certificate-by-provider":
        return {int(k): _nonzero({s: v[s] for s in CC}) for k, v in rows.items()}
    if key in ("mandatory-training", "mandatory-training-by-provider"):
        return {int(k): _nonzero({s: v[s] for s in STATUSES}) for k, v in rows.items()}
    if key == "oliver-mcgowan":
        return {
            k: {part: (v[f"{part}_needed"], v[f"{part}_held"]) for part in ("part_1", "tier_1", "tier_2")}
            | {"staff": v["staff"]}
            for k, v in rows.items()
        }
    if key == "qualifications":
        return {
            k: (v["held"], v["working_towards"] or 0)
            for k, v in rows.items()
            if v["held"] or v["working_towards"]
        }
    if key == "leadership-cohorts":
        return {int(k): (v["members"], v["completed"], v["in_progress"]) for k, v in rows.items()}
    if key == "events":
        return {k: (v["bookings"], v["attended"], v["no_show"]) for k, v in rows.items()}
    if key == "course-feedback":
        return {int(k): v["responses"] for k, v in rows.items()}
    if key == "learning-activity":
        return {
            k: (v["completions"], v["learners"]) for k, v in rows.items() if v["completions"] or v["learners"]
        }
    if key == "trends":
        return {k: v.get("staff") for k, v in rows.items() if v.get("staff") is not None}
    raise KeyError(key)


def counts_of_baseline(key: str, found: list[tuple]) -> dict:
    from lms.models import CoursePage

    if key == "headcount-by-provider" or key.startswith("headcount-by-"):
        return {(str(k) if key == "headcount-by-job-role" else k): n for k, n in found}
    if key == "care-certificate":
        total = Counter()
        for _, status, n in found:
            total[status] += n
        return _nonzero(dict(total))
    if key == "care-certificate-by-provider":
        by = defaultdict(dict)
        for organisation, status, n in found:
            by[organisation][status] = n
        return dict(by)
    if key in ("mandatory-training", "mandatory-training-by-provider"):
        by = defaultdict(dict)
        for group, status, n in found:
            by[group][status] = n
        return dict(by)
    if key == "oliver-mcgowan":
        parts = {
            pk: slug.removeprefix("oliver-mcgowan-").replace("-", "_")
            for pk, slug in CoursePage.objects.filter(slug__startswith="oliver-mcgowan-").values_list(
                "pk", "slug"
            )
        }
        held = {"current", "expiring_30", "expiring_60", "expiring_90"}
        by: dict = defaultdict(lambda: {p: [0, 0] for p in ("part_1", "tier_1", "tier_2")})
        staff = {}
        for category, course, status, n in found:
            if course is None:
                staff[category] = n
                continue
            by[category][parts[course]][0] += n
            if status in held:
                by[category][parts[course]][1] += n
        return {c: {p: tuple(v) for p, v in by[c].items()} | {"staff": n} for c, n in staff.items()}
    if key == "qualifications":
        held, aiming = Counter(), Counter()
        for top, aim, n in found:
            held[top] += n
            if aim is not None:
                aiming[aim] += n
        result = {str(level): (held.get(level, 0), aiming.get(level, 0)) for level in range(1, 9)}
        result["none"] = (held.get(None, 0), 0)
        return {k: v for k, v in result.items() if any(v)}
    if key == "leadership-cohorts":
        return {cohort: (members, done, started) for cohort, members, done, started, _ in found}
    if key == "events":
        return {kind: (bookings, attended, no_show) for kind, bookings, attended, no_show in found}
    if key == "course-feedback":
        return dict(found)
    if key == "learning-activity":
        return {month.strftime("%Y-%m"): (done, learners) for month, done, learners in found}
    if key == "trends":
        # Django reads jsonb as text from a plain cursor.
        return {month.strftime("%Y-%m"): json.loads(summary).get("staff") for month, summary in found}
    raise KeyError(key)


# --- Measuring ------------------------------------------------------------------------------------------


def median_seconds(function, repeat: int) -> tuple[float, object]:
    result = function()  # warm: plans cached, pages in memory
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def query_count(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries.captured_queries)


def biggest_provider_and_area() -> tuple[tuple[int, int], tuple[str, int]]:
    """The provider with the most staff in post today, and the area with the most, each with its staff."""
    from django.db.models import Count
    from django.utils import timezone

    from reporting.figures import Scope
    from reporting.figures.staff import staff_on

    staff = staff_on(Scope(on=timezone.localdate()))
    provider = staff.values_list("organisation_id").annotate(n=Count("pk")).order_by("-n").first()
    area = staff.values_list("organisation__area").annotate(n=Count("pk")).order_by("-n").first()
    return provider, area


def machine_line() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    loaded = f", load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}" if load else ""
    return f"{os.cpu_count()} CPU cores{loaded}"


def data_line() -> str:
    from django.db import connection

    tables = [
        ("academy_user", "people"),
        ("academy_membership", "memberships"),
        ("lms_enrolment", "enrolments"),
        ("lms_priorlearning", "prior learning claims"),
        ("events_booking", "bookings"),
        ("lrs_statement", "statements"),
    ]
    with connection.cursor() as cursor:
        parts = []
        for table, label in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            parts.append(f"{cursor.fetchone()[0]:,} {label}")
    return ", ".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--workers", type=int, default=100_000, help="staff in post in the region")
    parser.add_argument("--providers", type=int, default=2000, help="providers in the region")
    parser.add_argument("--years", type=int, default=3, help="years of history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--snapshots", type=int, default=2, help="months of snapshots taken after building")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement (the median)")
    parser.add_argument("--rebuild", action="store_true", help="build the region again even if it is there")
    args = parser.parse_args(argv)

    ensure_database(args.database_url)
    env = environment(args.database_url, SITE_PORT)
    env["ACADEMY_MFA_REQUIRED"] = "0"  # the commissioner signs in without an authenticator app here
    migrate(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    wanted = {"workers": args.workers, "providers": args.providers, "years": args.years, "seed": args.seed}
    found = built_with()
    if args.rebuild or found is None or {k: found[k] for k in wanted} != wanted:
        log(
            f"Building the region in {connection.settings_dict['NAME']}: {args.workers:,} staff in post at "
            f"{args.providers:,} providers, {args.years} years of history ({machine_line()})"
        )
        connection.close()
        drop_database(args.database_url)
        ensure_database(args.database_url)
        migrate(env)
        seconds = build(args)
        log(f"   built in {seconds:.0f} s in all")
    else:
        log(
            f"Reusing the region built on {found['built_on']} in {found['seconds']:.0f} s "
            "(--rebuild to build again)"
        )
    log(f"   {data_line()}")

    import warnings

    from django.test import Client

    # The test client serves no static files; WhiteNoise's warning about their folder is noise here.
    warnings.filterwarnings("ignore", message="No directory at")

    from reporting.figures import DASHBOARD_ORDER, FIGURES, scope_for

    person = commissioner()
    scope = scope_for(person)
    params = baseline_params(scope)
    log(
        f"\nMachine: {machine_line()}; PostgreSQL; DEBUG=0; "
        f"medians of {args.repeat} runs after one unmeasured"
    )
    log(
        f"Scope: every provider, on {scope.on:%d/%m/%Y}, "
        f"period {scope.start:%d/%m/%Y} to {scope.end:%d/%m/%Y}"
    )

    log("\n1. Figures, each against one hand-written SQL GROUP BY of the same counts")
    log(f"   {'figure':<32} {'figure':>9} {'SQL':>9} {'ratio':>7} {'queries':>8}  same counts  goal")
    failed = []
    baseline_seconds = {}
    for key in DASHBOARD_ORDER:
        figure = FIGURES[key]
        spent, table = median_seconds(lambda figure=figure: figure.compute(scope), args.repeat)
        queries = query_count(lambda figure=figure: figure.compute(scope))
        base, rows = median_seconds(lambda key=key: run_baseline(key, params), args.repeat)
        baseline_seconds[key] = base
        same = counts_of_figure(key, table) == counts_of_baseline(key, rows)
        ratio = spent / base if base else float("inf")
        fast = spent < FAST_ENOUGH_SECONDS
        ok = same and (ratio <= RATIO_GOAL or fast)
        if not ok:
            failed.append(key)
        note = " (fast)" if fast and ratio > RATIO_GOAL else ""
        log(
            f"   {key:<32} {spent * 1000:7.0f}ms {base * 1000:7.0f}ms {ratio:6.2f}x {queries:8}  "
            f"{'yes' if same else 'NO ':<11}  {verdict(ok)}{note}"
        )

    log("\n2. The dashboard, GET /reporting/ (Django's test client, in-process)")
    from reporting import kept

    whole = kept.area_scope()
    keep_seconds, _ = median_seconds(lambda: kept.keep_scope(whole), args.repeat)
    keep_base = sum(baseline_seconds[key] for key in KEPT_BASELINES)
    keep_ratio = keep_seconds / keep_base if keep_base else float("inf")
    log(
        f"   counting the whole area's kept figures: {keep_seconds * 1000:.0f} ms; their hand-written SQL "
        f"({' + '.join(KEPT_BASELINES)}): {keep_base * 1000:.0f} ms; ratio {keep_ratio:.2f}x "
        f"(goal <= {RATIO_GOAL:.1f}x)  {verdict(keep_ratio <= RATIO_GOAL)}"
    )
    started = time.perf_counter()
    every = kept.keep_area_figures()
    log(
        f"   beat's whole job (every REPORTING_KEEP_MINUTES): {len(every)} scopes (the area, each area, "
        f"each provider type) in {time.perf_counter() - started:.1f} s"
    )
    if keep_ratio > RATIO_GOAL:
        failed.append("keeping ratio")

    client = Client(HTTP_HOST=f"127.0.0.1:{SITE_PORT}")
    client.force_login(person)
    largest, area = biggest_provider_and_area()
    pages = [
        ("the commissioner's, every provider (kept figures)", {}, True),
        (f"one provider, the largest ({largest[1]:,} staff; counted live)", {"provider": largest[0]}, True),
        (f"one area, the largest ({area[0]}, {area[1]:,} staff; kept figures)", {"area": area[0]}, True),
        (
            "that area's residential homes (counted live)",
            {"area": area[0], "provider_type": "residential"},
            False,
        ),
    ]
    for label, query, has_goal in pages:
        answer = client.get("/reporting/", query)
        if answer.status_code != 200:
            log(f"   {label}: answered {answer.status_code}, not measured  FAIL")
            failed.append(f"dashboard {label}")
            continue
        spent, _ = median_seconds(lambda query=query: client.get("/reporting/", query), args.repeat)
        queries = query_count(lambda query=query: client.get("/reporting/", query))
        fast = spent < DASHBOARD_GOAL_SECONDS
        goal = f"under {DASHBOARD_GOAL_SECONDS:.0f} s  {verdict(fast)}" if has_goal else "(no goal)"
        log(f"   {label}: {spent * 1000:.0f} ms, {queries} queries  {goal}")
        if has_goal and not fast:
            failed.append(f"dashboard {label}")

    log(
        f"\n3. Goals: {'all PASS' if not failed else 'FAIL: ' + ', '.join(failed)}  "
        f"(machine: {machine_line()})"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
