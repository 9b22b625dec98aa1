"""A synthetic locality or region for reporting at scale: `generate_workforce(Options(...))`."""

from __future__ import annotations

import datetime
import io
import random
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from academy.models import JobRole, Membership, Organisation, OrganisationType, User
from cms.events.models import EventIndexPage
from lms.models import CourseCatalogPage, Enrolment, KnowledgeCheckAttempt, UnitProgress
from lms.programmes import load_programmes
from lms.storage import private_storage
from lrs.models import Statement, StatementActivity, StatementAgent

from . import events
from .catalogue import CARE_CERTIFICATE, LEADERSHIP, CatalogueMissing, load_catalogue
from .db import Ids, write_rows
from .learning import CERTIFICATE_PLACEHOLDER, Simulation, add_months
from .statements import write_statements
from .workforce import Planner

__all__ = ["GeneratorError", "Options", "Summary", "generate_workforce"]

MAX_PROVIDERS = 50_000
MAX_WORKERS = 2_000_000
MAX_YEARS = 10
MAX_SEED = 2**31 - 1
PEOPLE_PER_BATCH = 2000
STATEMENT_LEVELS = ("completions", "all", "none")


class GeneratorError(Exception):
    """A request the generator refuses, in words for the person running it."""


@dataclass(frozen=True)
class Options:
    providers: int
    workers: int  # the workforce in post on the last day: leavers and movers come on top
    years: int
    seed: int = 1
    areas: tuple[str, ...] = ()
    as_of: datetime.date | None = None  # the report date: the history ends as it starts (default: today)
    statements: str = "completions"
    # PostgreSQL superusers, on a database nobody else is using: see `bulk_load`.
    bulk_load: bool = False

    def check(self) -> None:
        """Raise GeneratorError naming the first argument that is wrong."""
        if not 1 <= self.providers <= MAX_PROVIDERS:
            raise GeneratorError(f"--providers must be a whole number from 1 to {MAX_PROVIDERS:,}.")
        if not 1 <= self.workers <= MAX_WORKERS:
            raise GeneratorError(f"--workers must be a whole number from 1 to {MAX_WORKERS:,}.")
        if self.workers < self.providers:
            raise GeneratorError(
                "--workers must be at least --providers: every provider has its registered manager."
            )
        if not 1 <= self.years <= MAX_YEARS:
            raise GeneratorError(f"--years must be a whole number from 1 to {MAX_YEARS}.")
        if not 0 <= self.seed <= MAX_SEED:
            raise GeneratorError(f"--seed must be a whole number from 0 to {MAX_SEED}.")
        for area in self.areas:
            if not area.strip() or len(area.strip()) > 100:
                raise GeneratorError("Each --area needs a name of 1 to 100 characters.")
        if len(set(self.areas)) != len(self.areas):
            raise GeneratorError("Name each --area once.")
        if self.as_of is not None and self.as_of > timezone.localdate():
            raise GeneratorError("--as-of cannot be in the future: the history ends on or before today.")
        if self.statements not in STATEMENT_LEVELS:
            raise GeneratorError(f"--statements must be one of {', '.join(STATEMENT_LEVELS)}.")

    @property
    def email_domain(self) -> str:
        return f"s{self.seed}.generated.example.org"


@dataclass
class Summary:
    providers: int = 0
    headcount: int = 0
    people: int = 0
    leavers: int = 0
    movers: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    sessions: int = 0
    cohorts: int = 0
    statements: int = 0
    seconds: float = 0.0
    care_certificate: dict[str, int] = field(default_factory=dict)


def _placeholder_certificate() -> None:
    """One certificate file every generated claim points to, so opening a claim's evidence works."""
    storage = private_storage()
    if storage.exists(CERTIFICATE_PLACEHOLDER):
        return
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("Generated certificate")
    pdf.drawString(72, 760, "A certificate of training done elsewhere (generated data).")
    pdf.save()
    storage.save(CERTIFICATE_PLACEHOLDER, ContentFile(buffer.getvalue()))


def _organisation_rows(providers, seed: int, now) -> list[tuple]:
    rows = []
    for p in providers:
        registered = p.type != OrganisationType.OTHER
        rows.append(
            (
                p.pk,
                p.name,
                p.type,
                f"1-{seed % 100_000:05d}{p.index:07d}" if registered else "",
                f"G{seed}-{p.index:06d}",
                p.postcode,
                p.area,
                True,
                now,
            )
        )
    return rows


# The tables a region fills with millions of rows: their indexes are built once, after the rows.
BULK_LEARNING = (Enrolment, UnitProgress, KnowledgeCheckAttempt)
BULK_STATEMENTS = (Statement, StatementAgent, StatementActivity)


def skip_foreign_key_checks() -> None:
    """Leave out PostgreSQL's foreign-key checks for the rest of the transaction.

    Every row the generator writes points at rows it has written or read, and its tests check that with
    the checks on; at region size the checks (queued per row until commit) take as long as the writing.
    `session_replication_role` is what restoring a dump uses for the same reason; it needs a superuser.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    except DatabaseError:
        raise GeneratorError(
            "--bulk-load needs a PostgreSQL superuser (it sets session_replication_role): leave it out."
        ) from None


@contextmanager
def indexes_built_after(models, *, log):
    """Drop the tables' secondary indexes, and build them again (from their own definitions) on leaving.

    Inside the generator's transaction, so a failure restores them as they were; a unique index built
    again still checks its rows. Building an index once from sorted rows is several times quicker than
    keeping it up to date row by row. The tables stay locked to everyone else until the commit.
    """
    if not models or connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
    log(
        f"  {len(indexes)} indexes of {', '.join(tables)} built again ({time.perf_counter() - started:.0f} s)"
    )


def generate_workforce(options: Options, *, log: Callable[[str], None] = lambda message: None) -> Summary:
    """Build the locality in one transaction: all of it, or (on any error) nothing."""
    options.check()
    if not CourseCatalogPage.objects.exists() or not EventIndexPage.objects.exists():
        raise GeneratorError("There is no course catalogue or event calendar: run `manage.py migrate` first.")
    if User.objects.filter(email__endswith=f"@{options.email_domain}").exists():
        raise GeneratorError(
            f"A workforce with seed {options.seed} is already here: use another --seed, or a fresh database."
        )
    started = time.perf_counter()
    today = options.as_of or timezone.localdate()
    # The history runs up to the start of the report date: the same seed builds the same rows all day,
    # and every time is a whole second (so a statement's stored time and timestamp agree).
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0))).astimezone(datetime.UTC)
    history_start = add_months(today, -12 * options.years)
    summary = Summary()
    _placeholder_certificate()
    try:
        with transaction.atomic():
            bulk = options.bulk_load and connection.vendor == "postgresql"
            if bulk:
                skip_foreign_key_checks()
            facilitator = events.facilitator_for(
                f"facilitator@{options.email_domain}",
                public_id=str(
                    uuid.UUID(int=random.Random(f"{options.seed}:facilitator").getrandbits(128), version=4)
                ),
            )
            pages = events.ensure_event_pages(facilitator=facilitator)
            # The real programmes, linked to the events above (safe to run again: adds what is missing).
            load_programmes()
            try:
                catalogue = load_catalogue()
            except CatalogueMissing as missing:
                raise GeneratorError(
                    f"The programmes are not loaded ({missing}): run `manage.py load_programmes`."
                ) from None
            job_roles = dict(JobRole.objects.values_list("ascwds_code", "pk"))
            log(f"Catalogue ready: {len(catalogue.courses)} courses ({time.perf_counter() - started:.0f} s)")

            rng = random.Random(f"{options.seed}:people")
            planner = Planner(
                rng=rng,
                today=today,
                history_start=history_start,
                seed=options.seed,
                areas=list(options.areas),
                user_ids=Ids(User),
                membership_ids=Ids(Membership),
                organisation_ids=Ids(Organisation),
            )
            providers = planner.providers(options.providers)
            write_rows(
                Organisation,
                (
                    "id",
                    "name",
                    "type",
                    "cqc_location_id",
                    "ascwds_establishment_id",
                    "postcode",
                    "area",
                    "is_active",
                    "created_at",
                ),
                _organisation_rows(providers, options.seed, now),
            )
            population = planner.population(providers, options.workers, options.years)
            log(f"Planned {len(population.people):,} people at {len(providers):,} providers")

            tz = timezone.get_current_timezone()
            calendar = events.Calendar(
                rng=random.Random(f"{options.seed}:calendar"),
                pages=pages,
                horizon=now + datetime.timedelta(days=90),
                now=now,
                tz=tz,
            )
            areas = [(p.area, p.postcode.split()[0]) for p in providers[: max(1, len(planner._areas()))]]
            simulation = Simulation(
                rng=random.Random(f"{options.seed}:learning"),
                catalogue=catalogue,
                calendar=calendar,
                job_roles=job_roles,
                today=today,
                now=now,
                history_start=history_start,
                facilitator_id=facilitator.pk,
                all_statements=options.statements == "all",
                areas=areas,
            )
            people = population.people
            with indexes_built_after(BULK_LEARNING if bulk else (), log=log):
                for start in range(0, len(people), PEOPLE_PER_BATCH):
                    for person in people[start : start + PEOPLE_PER_BATCH]:
                        simulation.person(person)
                    simulation.buffer.flush()
                    if start and start % (PEOPLE_PER_BATCH * 10) == 0:
                        log(f"  {start:,} people written ({time.perf_counter() - started:.0f} s)")
            summary.sessions = calendar.write()
            summary.cohorts = simulation.write_cohorts(
                graduation_page=pages[events.GRADUATION.slug],
                programme_pk=catalogue.programmes[LEADERSHIP].pk,
            )
            events.publish_sessions(pages.values())
            log(f"Learning and events written ({time.perf_counter() - started:.0f} s)")
            if options.statements != "none" and people:
                with indexes_built_after(BULK_STATEMENTS if bulk else (), log=log):
                    summary.statements = write_statements(
                        catalogue=catalogue,
                        first_user=min(p.pk for p in people),
                        last_user=max(p.pk for p in people),
                        level=options.statements,
                    )
                log(f"{summary.statements:,} statements written ({time.perf_counter() - started:.0f} s)")
    except IntegrityError as error:
        raise GeneratorError(
            f"The database refused the generated rows ({error}). Another workforce generated with a seed "
            "ending in the same five digits uses the same CQC ids: use another --seed or a fresh database."
        ) from None
    summary.providers = len(providers)
    summary.headcount = population.headcount
    summary.people = len(people)
    summary.leavers = population.leavers
    summary.movers = population.movers
    summary.rows = dict(simulation.buffer.written)
    summary.seconds = time.perf_counter() - started
    summary.care_certificate = _care_certificate_shares(catalogue.programmes[CARE_CERTIFICATE].pk, people)
    return summary


def _care_certificate_shares(programme_pk: int, people) -> dict[str, int]:
    """Staff in post by Care Certificate status, as a check on the shape (read back from the database)."""
    from lms.models import ProgrammeEnrolment

    current = [p.pk for p in people if p.current]
    statuses = dict.fromkeys(("completed", "in_progress", "not_started"), 0)
    if not current:
        return statuses
    found = dict(
        ProgrammeEnrolment.objects.filter(
            programme_id=programme_pk, learner_id__gte=min(current), learner_id__lte=max(current)
        )
        .exclude(status="withdrawn")
        .values_list("learner_id", "status")
    )
    for learner in current:
        status = found.get(learner, "not_started")
        statuses["not_started" if status == "enrolled" else status] += 1
    return statuses
