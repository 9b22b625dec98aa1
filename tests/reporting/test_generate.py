"""generate_workforce: a small locality's counts, its invariants, valid statements, determinism, refusals."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from academy.models import Membership, Organisation, OrganisationType, User
from cms.events.models import Attendance, Booking, BookingStatus, EventSession
from lms.models import (
    CoursePage,
    CourseUnit,
    Enrolment,
    EnrolmentStatus,
    ObservationSignOff,
    PriorLearning,
    PriorLearningStatus,
    ProgrammeEnrolment,
    Qualification,
    UnitProgress,
)
from lms.services.progress import expiry_for
from lrs import storage
from lrs.models import Statement, StatementActivity, StatementAgent
from lrs.xapi.validation import validate_statement
from reporting.generator import Options, generate_workforce
from reporting.generator.learning import add_months, statement_uuid

# A report date in the past, so the data is the same whichever day the tests run.
AS_OF = datetime.date(2026, 6, 30)
SIZE = {"providers": 4, "workers": 60, "years": 2}


def _run(**options):
    values = {**SIZE, "seed": 11, "as_of": AS_OF, "force": True, **options}
    call_command("generate_workforce", **values, verbosity=0)


@pytest.fixture(scope="module")
def private_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("private"))


@pytest.fixture(scope="module")
def locality(django_db_setup, django_db_blocker, private_root):
    """One generated locality (every statement kept) for the module's tests, rolled back afterwards."""
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=private_root):
        with transaction.atomic():
            _run(statements="all")
            yield Options(seed=11, **SIZE)
            transaction.set_rollback(True)


def generated_people(seed=11):
    return User.objects.filter(email__endswith=f"@s{seed}.generated.example.org")


def in_post(day=AS_OF):
    return Membership.objects.filter(
        person__in=generated_people(), accepted_at__isnull=False, is_worker=True, start_date__lte=day
    ).exclude(end_date__lt=day)


# --- counts and turnover -------------------------------------------------------------------------------


def test_it_builds_the_providers_and_the_workforce_asked_for(db, locality):
    providers = Organisation.objects.filter(memberships__person__in=generated_people()).distinct()
    assert providers.count() == SIZE["providers"]
    assert set(providers.values_list("type", flat=True)) <= set(OrganisationType.values)
    assert in_post().values("person").distinct().count() == SIZE["workers"]
    for provider in providers:
        managers = in_post().filter(organisation=provider, is_manager=True, job_role__ascwds_code=4)
        assert managers.count() == 1, "every provider has its registered manager in post"


def test_turnover_leavers_and_movers_are_there(db, locality):
    jobs = defaultdict(list)
    for person_id, organisation_id, end in Membership.objects.filter(
        person__in=generated_people(), accepted_at__isnull=False
    ).values_list("person_id", "organisation_id", "end_date"):
        jobs[person_id].append((organisation_id, end))
    leavers = [p for p, js in jobs.items() if all(end is not None for _, end in js)]
    movers = [
        p
        for p, js in jobs.items()
        if any(end is None for _, end in js)
        and any(end is not None for _, end in js)
        and len({o for o, _ in js}) > 1
    ]
    assert leavers and movers
    assert all(end < AS_OF for js in jobs.values() for _, end in js if end is not None)


def test_training_of_every_kind_is_there(db, locality):
    people = generated_people()
    statuses = Counter(Enrolment.objects.filter(learner__in=people).values_list("status", flat=True))
    assert statuses[EnrolmentStatus.COMPLETED] and statuses[EnrolmentStatus.IN_PROGRESS]
    assert statuses[EnrolmentStatus.ENROLLED]
    today = AS_OF
    expiries = Enrolment.objects.filter(learner__in=people, status="completed", expires_on__isnull=False)
    assert expiries.filter(expires_on__lt=today).exists(), "some training has expired"
    assert expiries.filter(expires_on__gte=today).exists(), "some is current"
    assert PriorLearning.objects.filter(person__in=people, status=PriorLearningStatus.ACCEPTED).exists()
    programmes = Counter(
        ProgrammeEnrolment.objects.filter(learner__in=people, programme__slug="care-certificate").values_list(
            "status", flat=True
        )
    )
    assert programmes["completed"] and programmes["in_progress"]
    assert Booking.objects.filter(person__in=people, attendance=Attendance.ATTENDED).exists()
    assert Booking.objects.filter(person__in=people, attendance=Attendance.NO_SHOW).exists()
    assert Qualification.objects.filter(person__in=people).exists()
    assert ProgrammeEnrolment.objects.filter(learner__in=people, cohort__isnull=False).exists()


# --- invariants ------------------------------------------------------------------------------------------


def test_no_person_has_overlapping_memberships_at_one_provider(db, locality):
    spans = defaultdict(list)
    for person, organisation, start, end in Membership.objects.filter(
        person__in=generated_people(), accepted_at__isnull=False
    ).values_list("person_id", "organisation_id", "start_date", "end_date"):
        spans[(person, organisation)].append((start, end or datetime.date.max))
    for periods in spans.values():
        periods.sort()
        for (_, end), (next_start, _) in zip(periods, periods[1:], strict=False):
            assert end < next_start


def test_completed_training_expires_after_completion_as_its_refresher_interval_says(db, locality):
    courses = {c.pk: c for c in CoursePage.objects.all()}
    completed = Enrolment.objects.filter(learner__in=generated_people(), status=EnrolmentStatus.COMPLETED)
    assert completed.exists()
    for enrolment in completed:
        course = courses[enrolment.course_id]
        assert enrolment.completed_at is not None and enrolment.enrolled_at <= enrolment.completed_at
        on = timezone.localdate(enrolment.completed_at)
        assert enrolment.expires_on == expiry_for(course=course, completed_on=on)
        if enrolment.expires_on is not None:
            assert enrolment.expires_on > on
    for claim in PriorLearning.objects.filter(person__in=generated_people(), status="accepted"):
        assert claim.expires_on == expiry_for(
            course=courses[claim.course_id], completed_on=claim.completed_on
        )
        assert claim.decided_at is not None and claim.completed_on <= claim.decided_at.date()


def test_a_completed_enrolment_has_every_step_met_each_its_own_way(db, locality):
    units = defaultdict(set)
    for course_id, key in CourseUnit.objects.values_list("page_id", "key"):
        units[course_id].add(key)
    met = defaultdict(set)
    hows = Counter()
    for enrolment_id, key, how in UnitProgress.objects.filter(
        enrolment__learner__in=generated_people(), status="completed"
    ).values_list("enrolment_id", "unit_key", "how"):
        met[enrolment_id].add(key)
        hows[how] += 1
    for enrolment in Enrolment.objects.filter(learner__in=generated_people(), status="completed"):
        assert met[enrolment.pk] == units[enrolment.course_id]
    assert {"viewed", "passed", "observed", "attended", "evidence"} <= set(hows)
    observed = UnitProgress.objects.filter(enrolment__learner__in=generated_people(), how="observed").count()
    assert ObservationSignOff.objects.filter(enrolment__learner__in=generated_people()).count() == observed


def test_live_sessions_are_met_only_by_full_attendance_and_places_are_never_oversold(db, locality):
    attended = UnitProgress.objects.filter(enrolment__learner__in=generated_people(), how="attended")
    statements = set(
        Booking.objects.filter(attendance=Attendance.ATTENDED).values_list("statement_id", flat=True)
    )
    assert attended.exists()
    assert all(str(u.statement_id) in statements for u in attended)
    for session in EventSession.objects.all():
        booked = Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count()
        assert booked <= session.capacity
    assert not Booking.objects.exclude(status=BookingStatus.BOOKED).exclude(attendance="").exists()


def test_the_care_certificate_completes_only_when_every_standard_is_held(db, locality):
    standards = set(
        CoursePage.objects.filter(in_programmes__page__slug="care-certificate").values_list("pk", flat=True)
    )
    for enrolment in ProgrammeEnrolment.objects.filter(
        learner__in=generated_people(), programme__slug="care-certificate", status="completed"
    ):
        held = set(
            Enrolment.objects.filter(
                learner=enrolment.learner, status="completed", course__in=standards
            ).values_list("course_id", flat=True)
        ) | set(
            PriorLearning.objects.filter(
                person=enrolment.learner, status="accepted", course__in=standards
            ).values_list("course_id", flat=True)
        )
        assert held == standards


def test_nothing_happened_after_the_history_ends(db, locality):
    end = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time()))
    people = generated_people()
    assert not Enrolment.objects.filter(learner__in=people, completed_at__gte=end).exists()
    assert not Enrolment.objects.filter(learner__in=people, enrolled_at__gte=end).exists()
    assert not Booking.objects.filter(person__in=people, created_at__gte=end).exists()
    assert not Statement.objects.filter(stored__gte=end).exists()


# --- statements -------------------------------------------------------------------------------------------


def test_statements_are_valid_xapi_about_the_generated_people_in_stored_order(db, locality):
    public_ids = {str(p) for p in generated_people().values_list("public_id", flat=True)}
    statements = list(Statement.objects.order_by("seq"))
    assert len(statements) > 100
    agent_rows, activity_rows = defaultdict(list), defaultdict(list)
    for seq, key, related in StatementAgent.objects.values_list("statement_id", "agent_key", "related_only"):
        agent_rows[seq].append((key, related))
    for seq, key, related in StatementActivity.objects.values_list(
        "statement_id", "activity_id", "related_only"
    ):
        activity_rows[seq].append((key, related))
    verbs = Counter()
    for statement in statements:
        data = statement.data
        validate_statement(data, version="1.0.3")
        assert data["actor"]["account"]["homePage"] == settings.SITE_URL
        assert data["actor"]["account"]["name"] in public_ids
        assert "mbox" not in data["actor"]
        verbs[data["verb"]["id"].rsplit("/", 1)[-1]] += 1
        # The rows the LRS filters by are what its own writer would have derived.
        columns = storage.statement_columns(data, stored=statement.stored, credential_id=None)
        assert str(statement.statement_id) == columns[0]
        assert (statement.verb_id, statement.actor_key, statement.object_key) == columns[5:8]
        assert statement.timestamp == columns[3]
        agents, activities = storage.index_rows(data)
        assert sorted(agent_rows[statement.seq]) == sorted(agents)
        assert sorted(activity_rows[statement.seq]) == sorted(activities)
    assert {"registered", "completed", "passed", "attended"} <= set(verbs)
    stored = [s.stored for s in statements]
    assert stored == sorted(stored)


def test_steps_point_at_their_statements(db, locality):
    ids = {str(i) for i in Statement.objects.values_list("statement_id", flat=True)}
    steps = UnitProgress.objects.filter(enrolment__learner__in=generated_people()).exclude(statement_id=None)
    assert steps.exists()
    assert all(str(s) in ids for s in steps.values_list("statement_id", flat=True))


def test_statement_ids_are_uuid5_in_the_generators_namespace():
    import uuid

    from reporting.generator.learning import STATEMENTS

    assert statement_uuid("a", 1, "b") == str(uuid.uuid5(STATEMENTS, "a/1/b"))


def test_expiry_months_match_the_lms():
    for day in (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), datetime.date(2025, 12, 15)):
        for months in (1, 12, 36):
            assert add_months(day, months) == expiry_for(
                course=type("C", (), {"refresher_months": months})(), completed_on=day
            )


# --- determinism -----------------------------------------------------------------------------------------


def _digest(seed: int) -> str:
    """What the run made, without database ids (which depend on what the database held before)."""
    people = generated_people(seed)
    parts = [
        sorted(people.values_list("email", "public_id")),
        sorted(
            Membership.objects.filter(person__in=people).values_list(
                "person__email",
                "organisation__name",
                "start_date",
                "end_date",
                "job_role__ascwds_code",
                "pathway_category",
                "contract_type",
                "is_manager",
                "is_assessor",
            )
        ),
        sorted(
            Enrolment.objects.filter(learner__in=people).values_list(
                "learner__email",
                "course__slug",
                "status",
                "registration",
                "enrolled_at",
                "completed_at",
                "expires_on",
            )
        ),
        sorted(
            Booking.objects.filter(person__in=people).values_list(
                "person__email",
                "session__page__slug",
                "session__starts_at",
                "status",
                "attendance",
                "statement_id",
            )
        ),
        sorted(
            Statement.objects.filter(
                actor_key__in=[
                    f"account:{settings.SITE_URL}|{p}" for p in people.values_list("public_id", flat=True)
                ]
            ).values_list("statement_id", "verb_id", "stored")
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def test_the_same_seed_builds_the_same_locality_and_another_seed_another(db, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    small = {"providers": 2, "workers": 25, "years": 1}
    digests = []
    for seed in (5, 5, 6):
        with transaction.atomic():
            _run(**small, seed=seed)
            digests.append(_digest(seed))
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


# --- refusals ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--providers", "5", "--workers", "3", "--years", "1"], "at least --providers"),
        (["--providers", "0", "--workers", "3", "--years", "1"], "--providers must be"),
        (["--providers", "2", "--workers", "10", "--years", "0"], "--years must be"),
        (["--providers", "2", "--workers", "10", "--years", "11"], "--years must be"),
        (["--providers", "2", "--workers", "10", "--years", "1", "--seed", "-4"], "--seed must be"),
        (["--providers", "two", "--workers", "10", "--years", "1"], "not a whole number"),
        (["--providers", "2", "--workers", "1e3", "--years", "1"], "not a whole number"),
        (["--providers", "2", "--workers", "10"], "--years"),
        (["--providers", "2", "--workers", "10", "--years", "1", "--as-of", "2999-01-01"], "future"),
        (["--providers", "2", "--workers", "10", "--years", "1", "--as-of", "31/12/2025"], "not a date"),
        (["--providers", "2", "--workers", "10", "--years", "1", "--area", " "], "--area"),
        (["--providers", "2", "--workers", "10", "--years", "1", "--statements", "some"], "invalid choice"),
    ],
)
def test_bad_arguments_are_one_clear_error_and_write_nothing(db, arguments, message):
    before = Organisation.objects.count(), User.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("generate_workforce", *arguments, "--force", verbosity=0)
    assert (Organisation.objects.count(), User.objects.count()) == before


def test_it_refuses_to_run_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    before = User.objects.count()
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("generate_workforce", providers=1, workers=2, years=1, seed=40, verbosity=0)
    assert User.objects.count() == before


def test_a_seed_already_generated_is_refused(db, locality):
    with pytest.raises(CommandError, match="seed 11 is already here"):
        _run()


def test_providers_go_in_the_areas_named(db, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    _run(providers=3, workers=6, years=1, seed=31, area=["Tamworth", "Nowhere Vale"], statements="none")
    providers = Organisation.objects.filter(memberships__person__in=generated_people(31)).distinct()
    assert set(providers.values_list("area", flat=True)) == {"Tamworth", "Nowhere Vale"}
    assert not Statement.objects.filter(
        actor_key__contains=str(generated_people(31).first().public_id)
    ).exists()


def test_options_are_checked_without_the_command(db):
    from reporting.generator import GeneratorError

    with pytest.raises(GeneratorError, match="Name each --area once"):
        generate_workforce(Options(providers=1, workers=2, years=1, areas=("Stafford", "Stafford")))
