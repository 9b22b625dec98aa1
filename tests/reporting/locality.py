"""A small generated locality for the reporting tests, and every figure worked out again by brute force.

`build_locality` makes providers, staff (leavers, movers, second jobs, future starters, invitees who never
accepted), courses and programmes as `load_programmes` names them, requirements with a provider's own
change, completions of every age, prior learning, bookings, feedback, qualifications, cohorts and learning
records, from a seeded random generator plus the edge cases named in the issue. The `expected_*`
functions recount each figure person by person from the rows, knowing nothing of the SQL.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from academy.models import ContractType, JobRole, Membership, OrganisationType, PathwayCategory
from cms.events.models import Attendance, Booking, BookingStatus, EventKind
from lms.models import (
    Cohort,
    CourseFeedback,
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    PriorLearning,
    PriorLearningStatus,
    ProgrammeEnrolment,
    Qualification,
    QualificationStatus,
    TrainingRequirement,
)
from lrs.models import Statement
from lrs.recording import Activity, Verb, record_statement, void_statement

TODAY = timezone.localdate()
FOREVER = datetime.date(9999, 12, 31)
CATEGORIES = [
    PathwayCategory.NEW_TO_CARE,
    PathwayCategory.CARE_OR_SUPPORT_WORKER,
    PathwayCategory.ENHANCED_CARE_WORKER,
    PathwayCategory.REGISTERED_MANAGER,
    PathwayCategory.NONE,
]
CONTRACTS = [ContractType.PERMANENT, ContractType.BANK, ContractType.ZERO_HOURS]


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


@dataclass
class Locality:
    organisations: list
    people: list
    courses: dict[str, CoursePage]
    care_certificate: object
    leadership: object
    events: list
    edge: dict = field(default_factory=dict)


def build_locality(
    *, make_organisation, make_person, make_course, make_programme, make_event, seed=3, people=22, providers=3
) -> Locality:
    rng = random.Random(seed)
    roles = list(JobRole.objects.filter(ascwds_code__in=[4, 7, 8, 52]).order_by("ascwds_code"))
    kinds = [OrganisationType.RESIDENTIAL, OrganisationType.HOME_CARE, OrganisationType.NURSING]
    areas = ["Stafford", "Tamworth"]
    organisations = [
        make_organisation(f"Provider {chr(65 + i)}", type=kinds[i % 3], area=areas[i % 2])
        for i in range(providers)
    ]

    # Courses and programmes with the slugs the figures look for (lms/programmes.py).
    courses = {
        "fire": make_course("Fire safety", slug="fire-safety", refresher_months=12, mandatory=True),
        "safeguarding": make_course("Safeguarding adults", slug="safeguarding-adults", refresher_months=36),
        "moving": make_course("Moving and handling", slug="moving-and-handling", refresher_months=12),
        "part_1": make_course("OM Part 1", slug="oliver-mcgowan-part-1", refresher_months=36),
        "tier_1": make_course("OM Tier 1", slug="oliver-mcgowan-tier-1", refresher_months=36),
    }
    courses["tier_2"] = make_course(
        "OM Tier 2", slug="oliver-mcgowan-tier-2", refresher_months=36, covers=[courses["tier_1"]]
    )
    for n in (1, 2, 3):
        courses[f"cc_{n}"] = make_course(
            f"Care Certificate standard {n}", slug=f"care-certificate-standard-{n}"
        )
    for n in (1, 2):
        courses[f"module_{n}"] = make_course(f"Leadership module {n}", slug=f"leadership-module-{n}")
    care_certificate = make_programme(
        "The Care Certificate", [(courses[f"cc_{n}"], []) for n in (1, 2, 3)], slug="care-certificate"
    )
    leadership = make_programme(
        "Leadership",
        [(courses["module_1"], []), (courses["module_2"], [])],
        cohort_based=True,
        slug="leadership",
    )
    cohorts = [
        Cohort.objects.create(programme=leadership, name=name, starts_on=days(start))
        for name, start in (("Spring", -300), ("Autumn", -90))
    ]

    # Requirements: defaults by pathway category and by job role, and one provider lifting one.
    for category in CATEGORIES:
        for key in ("fire", "safeguarding", "part_1"):
            TrainingRequirement.objects.create(course=courses[key], pathway_category=category)
        om = "tier_1" if category == PathwayCategory.NONE else "tier_2"
        TrainingRequirement.objects.create(course=courses[om], pathway_category=category)
    TrainingRequirement.objects.create(course=courses["moving"], job_role=roles[2])
    TrainingRequirement.objects.create(
        course=courses["fire"],
        pathway_category=PathwayCategory.NEW_TO_CARE,
        organisation=organisations[1],
        required=False,
    )

    events = [
        make_event(
            "Workshop", kind=EventKind.WORKSHOP, sessions=[_session(-200), _session(-40), _session(20)]
        ),
        make_event("Webinar", kind=EventKind.WEBINAR, sessions=[_session(-100), _session(-5)]),
    ]
    sessions = [s for event in events for s in event.sessions.all()]

    everyone = []
    for index in range(people):
        person = make_person(first_name=f"P{index}", last_name=f"Worker{index}")
        everyone.append(person)
        start = days(-rng.randint(30, 900))
        end = None
        roll = rng.random()
        if roll < 0.12:
            end = days(-rng.randint(1, 25))  # a leaver
        elif roll < 0.17:
            start = days(rng.randint(1, 30))  # starts after the report date
        first = Membership.objects.create(
            person=person,
            organisation=rng.choice(organisations),
            job_role=rng.choice(roles),
            pathway_category=rng.choice(CATEGORIES),
            contract_type=rng.choice(CONTRACTS),
            start_date=start,
            end_date=end,
            is_worker=(worker := rng.random() > 0.05),
            is_manager=not worker or rng.random() < 0.1,
            accepted_at=timezone.now() if rng.random() > 0.05 else None,
        )
        if end is not None and rng.random() < 0.6:  # moved to another provider the next day
            Membership.objects.create(
                person=person,
                organisation=rng.choice([o for o in organisations if o.pk != first.organisation_id]),
                job_role=rng.choice(roles),
                pathway_category=rng.choice(CATEGORIES),
                contract_type=rng.choice(CONTRACTS),
                start_date=end + datetime.timedelta(days=1),
                accepted_at=timezone.now(),
            )
        elif rng.random() < 0.1:  # a second job at the same time
            Membership.objects.create(
                person=person,
                organisation=rng.choice([o for o in organisations if o.pk != first.organisation_id]),
                job_role=rng.choice(roles),
                pathway_category=rng.choice(CATEGORIES),
                contract_type=ContractType.BANK,
                start_date=days(-rng.randint(10, 400)),
                accepted_at=timezone.now(),
            )
        _learning(person, courses, care_certificate, leadership, cohorts, sessions, rng)
    locality = Locality(organisations, everyone, courses, care_certificate, leadership, events)
    _edge_cases(locality, make_person, roles, sessions)
    return locality


def _session(day_offset: int) -> dict:
    starts = at(days(day_offset), 10)
    return {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2), "capacity": 50}


def complete(
    person, course, *, on: datetime.date, expires_on=None, status=EnrolmentStatus.COMPLETED, **extra
):
    return Enrolment.objects.create(
        learner=person,
        course=course,
        status=status,
        started_at=at(on, 9) if status != EnrolmentStatus.ENROLLED else None,
        completed_at=at(on) if status == EnrolmentStatus.COMPLETED else None,
        expires_on=expires_on,
        **extra,
    )


def prior(person, course, *, on, expires_on=None, status=PriorLearningStatus.ACCEPTED):
    return PriorLearning.objects.create(
        person=person,
        course=course,
        title=f"{course.title} elsewhere",
        provider_name="Another provider",
        completed_on=on,
        expires_on=expires_on,
        certificate="prior-learning/test.pdf",
        status=status,
        submitted_by=person,
        reason="Not the right course." if status == PriorLearningStatus.REJECTED else "",
    )


def _expiry(course, on: datetime.date):
    if not course.refresher_months:
        return None
    return on + datetime.timedelta(days=30 * course.refresher_months)


def _learning(person, courses, care_certificate, leadership, cohorts, sessions, rng) -> None:
    for key in ("fire", "safeguarding", "moving", "part_1", "tier_1", "tier_2"):
        roll = rng.random()
        course = courses[key]
        if roll < 0.3:
            continue
        done = days(-rng.randint(0, 1200))
        if roll < 0.8:
            enrolment = complete(person, course, on=done, expires_on=_expiry(course, done))
            if rng.random() < 0.3:
                CourseFeedback.objects.filter(
                    pk=CourseFeedback.objects.create(
                        enrolment=enrolment,
                        rating=rng.randint(1, 5),
                        will_change_practice=rng.choice(["yes", "no", "not_sure"]),
                    ).pk
                ).update(submitted_at=at(done + datetime.timedelta(days=1), 15))
        elif roll < 0.9:
            prior(
                person,
                course,
                on=done,
                expires_on=_expiry(course, done),
                status=rng.choice(
                    [PriorLearningStatus.ACCEPTED, PriorLearningStatus.REJECTED, PriorLearningStatus.PENDING]
                ),
            )
        else:
            complete(
                person,
                course,
                on=done,
                status=rng.choice([EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.WITHDRAWN]),
            )
    # The Care Certificate: all, some or none of its standards, on the programme or not.
    roll = rng.random()
    if roll < 0.6:
        enrolled = days(-rng.randint(20, 700))
        held = rng.randint(0, 3)
        status = (
            EnrolmentStatus.COMPLETED
            if held == 3
            else rng.choice(
                [EnrolmentStatus.ENROLLED, EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.WITHDRAWN]
            )
        )
        finished = enrolled + datetime.timedelta(days=rng.randint(1, 19))
        programme = ProgrammeEnrolment.objects.create(
            learner=person,
            programme=care_certificate,
            status=status,
            completed_at=at(finished) if status == EnrolmentStatus.COMPLETED else None,
        )
        ProgrammeEnrolment.objects.filter(pk=programme.pk).update(enrolled_at=at(enrolled, 8))
        for n in range(1, held + 1):
            complete(
                person,
                courses[f"cc_{n}"],
                on=enrolled + datetime.timedelta(days=n * 5),
                programme_enrolment=programme,
            )
        if held < 3 and rng.random() < 0.5:
            complete(
                person,
                courses[f"cc_{held + 1}"],
                on=enrolled + datetime.timedelta(days=1),
                status=EnrolmentStatus.IN_PROGRESS,
            )
    elif roll < 0.7:
        for n in (1, 2, 3):  # the Care Certificate done with an earlier employer
            prior(person, courses[f"cc_{n}"], on=days(-rng.randint(30, 900)))
    # Leadership cohorts.
    if rng.random() < 0.3:
        cohort = rng.choice(cohorts)
        status = rng.choice(list(EnrolmentStatus))
        programme = ProgrammeEnrolment.objects.create(
            learner=person,
            programme=leadership,
            cohort=cohort,
            status=status,
            completed_at=at(days(-rng.randint(0, 60))) if status == EnrolmentStatus.COMPLETED else None,
        )
        ProgrammeEnrolment.objects.filter(pk=programme.pk).update(enrolled_at=at(cohort.starts_on))
        for n in range(1, rng.randint(0, 2) + 1):
            complete(
                person, courses[f"module_{n}"], on=days(-rng.randint(0, 80)), programme_enrolment=programme
            )
    # Qualifications.
    if rng.random() < 0.6:
        achieved = days(-rng.randint(0, 2000))
        q = Qualification.objects.create(
            person=person,
            title="Diploma",
            level=rng.randint(1, 5),
            status=QualificationStatus.ACHIEVED,
            achieved_on=achieved,
        )
        Qualification.objects.filter(pk=q.pk).update(created_at=at(achieved))
    if rng.random() < 0.3:
        Qualification.objects.create(
            person=person,
            title="Diploma",
            level=rng.randint(2, 6),
            status=QualificationStatus.WORKING_TOWARDS,
        )
    # Bookings.
    for session in rng.sample(sessions, k=rng.randint(0, 3)):
        status = rng.choice(
            [BookingStatus.BOOKED, BookingStatus.BOOKED, BookingStatus.CANCELLED, BookingStatus.WAITING]
        )
        attendance = ""
        if status == BookingStatus.BOOKED and session.ends_at < timezone.now():
            attendance = rng.choice([Attendance.ATTENDED, Attendance.PARTLY_ATTENDED, Attendance.NO_SHOW, ""])
        Booking.objects.create(session=session, person=person, status=status, attendance=attendance)
    # Learning records, some of them voided (a withdrawn sign-off).
    for _ in range(rng.randint(0, 6)):
        verb = rng.choice([Verb.COMPLETED, Verb.PASSED, Verb.LAUNCHED, Verb.PROGRESSED])
        statement_id = record_statement(
            person=person,
            verb=verb,
            activity=Activity(path=f"courses/{rng.randint(1, 9)}", name="A course"),
            timestamp=at(days(-rng.randint(0, 400)), rng.randint(0, 23)),
        )
        if rng.random() < 0.1:
            void_statement(statement_id=statement_id, person=person)


def _edge_cases(locality: Locality, make_person, roles, sessions) -> None:
    """The cases the issue names, made on purpose so every run has them."""
    a, b = locality.organisations[0], locality.organisations[1]
    c = locality.courses
    # Moved from A to B sixty days before the report date, with learning at each.
    mover = make_person(first_name="Mo", last_name="Mover")
    Membership.objects.create(
        person=mover,
        organisation=a,
        job_role=roles[2],
        pathway_category=PathwayCategory.CARE_OR_SUPPORT_WORKER,
        contract_type=ContractType.PERMANENT,
        start_date=days(-700),
        end_date=days(-60),
        accepted_at=timezone.now(),
    )
    Membership.objects.create(
        person=mover,
        organisation=b,
        job_role=roles[2],
        pathway_category=PathwayCategory.CARE_OR_SUPPORT_WORKER,
        contract_type=ContractType.PERMANENT,
        start_date=days(-59),
        accepted_at=timezone.now(),
    )
    past = [s for s in sessions if s.starts_at < timezone.now()]
    before = min(past, key=lambda s: s.starts_at)  # at A's time (200 days ago)
    after = max(past, key=lambda s: s.starts_at)  # at B's time (5 days ago)
    Booking.objects.create(
        session=before, person=mover, status=BookingStatus.BOOKED, attendance=Attendance.NO_SHOW
    )
    Booking.objects.create(
        session=after, person=mover, status=BookingStatus.BOOKED, attendance=Attendance.ATTENDED
    )
    record_statement(
        person=mover,
        verb=Verb.COMPLETED,
        activity=Activity(path="courses/1", name="A"),
        timestamp=at(days(-100)),
    )
    record_statement(
        person=mover,
        verb=Verb.COMPLETED,
        activity=Activity(path="courses/2", name="B"),
        timestamp=at(days(-10)),
    )
    # Training that expires on the report date is still held that day.
    expiring = make_person(first_name="Ed", last_name="Expiring")
    Membership.objects.create(
        person=expiring,
        organisation=a,
        job_role=roles[0],
        pathway_category=PathwayCategory.REGISTERED_MANAGER,
        contract_type=ContractType.PERMANENT,
        start_date=days(-400),
        accepted_at=timezone.now(),
    )
    complete(expiring, c["fire"], on=days(-365), expires_on=TODAY)
    complete(expiring, c["safeguarding"], on=days(-800), expires_on=days(-1))  # expired yesterday
    # Accepted prior learning counts; a withdrawn enrolment and a reopened course (sign-off withdrawn) do not.
    prior(expiring, c["part_1"], on=days(-30), expires_on=days(900))
    prior(expiring, c["tier_2"], on=days(-30), expires_on=days(900), status=PriorLearningStatus.REJECTED)
    complete(expiring, c["tier_2"], on=days(-20), status=EnrolmentStatus.WITHDRAWN)
    reopened = complete(expiring, c["cc_1"], on=days(-50), status=EnrolmentStatus.IN_PROGRESS)
    statement_id = record_statement(
        person=expiring,
        verb=Verb.COMPLETED,
        activity=Activity(path="courses/3", name="C"),
        timestamp=at(days(-50)),
    )
    void_statement(statement_id=statement_id, person=expiring)
    locality.edge = {"mover": mover, "expiring": expiring, "reopened": reopened, "a": a, "b": b}


# --- Brute force ------------------------------------------------------------------------------------


def in_post(membership: Membership, day: datetime.date, scope) -> bool:
    """Whether the membership is one of the scope's workers on the day, worked out field by field."""
    org = membership.organisation
    if membership.accepted_at is None or not membership.is_worker or not org.is_active:
        return False
    if not membership.person.is_active or membership.start_date > day:
        return False
    if membership.end_date is not None and membership.end_date < day:
        return False
    if scope.organisations is not None and org.pk not in scope.organisations:
        return False
    if scope.provider_type and org.type != scope.provider_type:
        return False
    if scope.area and org.area != scope.area:
        return False
    if scope.job_role is not None and membership.job_role_id != scope.job_role:
        return False
    return not scope.pathway_category or membership.pathway_category == scope.pathway_category


def memberships() -> list[Membership]:
    return list(Membership.objects.select_related("organisation", "person", "job_role").order_by("pk"))


def staff(scope, day=None) -> list[Membership]:
    return [m for m in memberships() if in_post(m, day or scope.on, scope)]


def worked_for_scope(person_id: int, day: datetime.date, scope, all_memberships) -> bool:
    return any(m.person_id == person_id and in_post(m, day, scope) for m in all_memberships)


def expected_headcount(scope, by: str) -> Counter:
    key = {
        "provider": lambda m: m.organisation_id,
        "provider_type": lambda m: m.organisation.type,
        "job_role": lambda m: m.job_role_id,
        "pathway_category": lambda m: m.pathway_category,
        "contract_type": lambda m: m.contract_type,
    }[by]
    return Counter(key(m) for m in staff(scope))


def _held_courses(person_id: int, day: datetime.date, course_ids) -> set[int]:
    held = {
        e.course_id
        for e in Enrolment.objects.filter(
            learner_id=person_id, status=EnrolmentStatus.COMPLETED, course_id__in=course_ids
        )
        if local_day(e.completed_at) <= day
    }
    held |= {
        p.course_id
        for p in PriorLearning.objects.filter(
            person_id=person_id, status=PriorLearningStatus.ACCEPTED, course_id__in=course_ids
        )
        if p.completed_on <= day
    }
    return held


def expected_care_certificate(scope, programme) -> dict[int, Counter]:
    """{organisation id: Counter(status)} as the figure defines the statuses."""
    standards = list(programme.programme_courses.values_list("course_id", flat=True))
    counts: dict[int, Counter] = defaultdict(Counter)
    for m in staff(scope):
        held = _held_courses(m.person_id, scope.on, standards)
        programmes = ProgrammeEnrolment.objects.filter(learner_id=m.person_id, programme=programme)
        finished = any(
            p.status == EnrolmentStatus.COMPLETED and local_day(p.completed_at) <= scope.on
            for p in programmes
        )
        started = any(
            p.status in (EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.COMPLETED)
            and local_day(p.enrolled_at) <= scope.on
            for p in programmes
        ) or any(
            e.started_at and local_day(e.started_at) <= scope.on
            for e in Enrolment.objects.filter(
                learner_id=m.person_id,
                course_id__in=standards,
                status__in=[EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.COMPLETED],
            )
        )
        if finished or len(held) >= len(standards):
            status = "completed"
        elif held or started:
            status = "in_progress"
        else:
            status = "not_started"
        counts[m.organisation_id][status] += 1
    return counts


def _covers() -> dict[int, set[int]]:
    """For each course, the courses whose evidence counts for it (itself included), through covering."""
    through = CoursePage.covers.through.objects.values_list("from_coursepage_id", "to_coursepage_id")
    covered_by = defaultdict(set)
    for by, course in through:
        covered_by[course].add(by)
    result = {}
    for course in CoursePage.objects.values_list("pk", flat=True):
        seen, todo = {course}, list(covered_by[course])
        while todo:
            by = todo.pop()
            if by not in seen:
                seen.add(by)
                todo.extend(covered_by[by])
        result[course] = seen
    return result


def required_courses(m: Membership) -> set[int]:
    """A membership's required courses: the provider's own rows win over the defaults, per course and role."""
    found = set()
    rows = list(TrainingRequirement.objects.all())
    for dimension in ("job_role_id", "pathway_category"):
        value = getattr(m, dimension)
        if dimension == "pathway_category" and not value:
            continue
        matching = [
            r
            for r in rows
            if getattr(r, dimension) == value and (dimension != "pathway_category" or r.pathway_category)
        ]
        own = {(r.course_id): r for r in matching if r.organisation_id == m.organisation_id}
        for r in matching:
            if r.organisation_id == m.organisation_id and r.required:
                found.add(r.course_id)
            elif r.organisation_id is None and r.required and r.course_id not in own:
                found.add(r.course_id)
    return found


def requirement_status(person_id: int, course_id: int, day: datetime.date, covers) -> str:
    good_until = None
    for e in Enrolment.objects.filter(
        learner_id=person_id, status=EnrolmentStatus.COMPLETED, course_id__in=covers[course_id]
    ):
        if local_day(e.completed_at) <= day:
            good_until = max(good_until or datetime.date.min, e.expires_on or FOREVER)
    for p in PriorLearning.objects.filter(
        person_id=person_id, status=PriorLearningStatus.ACCEPTED, course_id__in=covers[course_id]
    ):
        if p.completed_on <= day:
            good_until = max(good_until or datetime.date.min, p.expires_on or FOREVER)
    if good_until is None:
        return "missing"
    if good_until < day:
        return "expired"
    for window, status in ((30, "expiring_30"), (60, "expiring_60"), (90, "expiring_90")):
        if good_until <= day + datetime.timedelta(days=window):
            return status
    return "current"


def expected_requirements(scope) -> list[tuple[Membership, int, str]]:
    covers = _covers()
    return [
        (m, course_id, requirement_status(m.person_id, course_id, scope.on, covers))
        for m in staff(scope)
        for course_id in sorted(required_courses(m))
    ]


def expected_qualifications(scope) -> tuple[Counter, Counter]:
    held, aiming = Counter(), Counter()
    for m in staff(scope):
        quals = list(Qualification.objects.filter(person_id=m.person_id))
        achieved = [
            q.level for q in quals if q.status == QualificationStatus.ACHIEVED and q.achieved_on <= scope.on
        ]
        held[max(achieved) if achieved else None] += 1
        towards = [
            q.level
            for q in quals
            if (
                q.status == QualificationStatus.WORKING_TOWARDS
                or (q.achieved_on and q.achieved_on > scope.on)
            )
            and local_day(q.created_at) <= scope.on
        ]
        if towards:
            aiming[max(towards)] += 1
    return held, aiming


def expected_cohorts(scope) -> dict[int, Counter]:
    people = {m.person_id for m in staff(scope)}
    counts: dict[int, Counter] = defaultdict(Counter)
    for p in ProgrammeEnrolment.objects.filter(cohort__isnull=False):
        if (
            p.learner_id not in people
            or p.status == EnrolmentStatus.WITHDRAWN
            or local_day(p.enrolled_at) > scope.on
        ):
            continue
        done = p.status == EnrolmentStatus.COMPLETED and local_day(p.completed_at) <= scope.on
        if done:
            counts[p.cohort_id]["completed"] += 1
        elif p.status in (EnrolmentStatus.IN_PROGRESS, EnrolmentStatus.COMPLETED):
            counts[p.cohort_id]["in_progress"] += 1
        else:
            counts[p.cohort_id]["not_started"] += 1
        counts[p.cohort_id]["members"] += 1
        counts[p.cohort_id]["modules"] += sum(
            1
            for e in p.course_enrolments.all()
            if e.status == EnrolmentStatus.COMPLETED and local_day(e.completed_at) <= scope.on
        )
    return counts


def expected_events(scope) -> dict[str, Counter]:
    everyone = memberships()
    counts: dict[str, Counter] = defaultdict(Counter)
    for booking in Booking.objects.filter(status=BookingStatus.BOOKED).select_related("session__page"):
        day = local_day(booking.session.starts_at)
        if not scope.start <= day <= scope.end or not worked_for_scope(
            booking.person_id, day, scope, everyone
        ):
            continue
        kind = booking.session.page.specific.kind
        counts[kind]["bookings"] += 1
        counts[kind][booking.attendance or "not_marked"] += 1
    return counts


def expected_feedback(scope) -> dict[int, list]:
    everyone = memberships()
    found: dict[int, list] = defaultdict(list)
    for feedback in CourseFeedback.objects.select_related("enrolment"):
        day = local_day(feedback.submitted_at)
        if scope.start <= day <= scope.end and worked_for_scope(
            feedback.enrolment.learner_id, day, scope, everyone
        ):
            found[feedback.enrolment.course_id].append(feedback)
    return found


def expected_activity(scope) -> dict[str, tuple[int, int]]:
    """{'YYYY-MM': (completions, active learners)} from the statements, one by one."""
    everyone = memberships()
    by_public_id = {str(m.person.public_id): m.person_id for m in everyone}
    completions: Counter = Counter()
    actors: dict[str, set] = defaultdict(set)
    for statement in Statement.objects.filter(voided=False):
        if statement.verb_id == Verb.VOIDED.value:
            continue
        day = local_day(statement.timestamp)
        name = statement.data["actor"].get("account", {}).get("name", "")
        person_id = by_public_id.get(name)
        if person_id is None or not scope.start <= day <= scope.end:
            continue
        if not worked_for_scope(person_id, day, scope, everyone):
            continue
        month = day.strftime("%Y-%m")
        actors[month].add(person_id)
        if statement.verb_id in (Verb.COMPLETED.value, Verb.PASSED.value):
            completions[month] += 1
    return {month: (completions[month], len(actors[month])) for month in set(completions) | set(actors)}


def grow(
    locality: Locality, *, make_organisation, make_person, people: int = 15, providers: int = 2, seed=11
) -> None:
    """More providers and more staff with learning of every kind: for checking query counts stay flat."""
    rng = random.Random(seed)
    roles = list(JobRole.objects.filter(ascwds_code__in=[4, 7, 8, 52]))
    cohorts = list(Cohort.objects.filter(programme=locality.leadership))
    sessions = [s for event in locality.events for s in event.sessions.all()]
    added = [
        make_organisation(type=OrganisationType.SUPPORTED_LIVING, area="Lichfield") for _ in range(providers)
    ]
    locality.organisations.extend(added)
    for index in range(people):
        person = make_person(first_name=f"G{index}", last_name=f"Grown{index}")
        Membership.objects.create(
            person=person,
            organisation=rng.choice(locality.organisations),
            job_role=rng.choice(roles),
            pathway_category=rng.choice(CATEGORIES),
            contract_type=rng.choice(CONTRACTS),
            start_date=days(-rng.randint(30, 900)),
            accepted_at=timezone.now(),
        )
        _learning(
            person, locality.courses, locality.care_certificate, locality.leadership, cohorts, sessions, rng
        )
        locality.people.append(person)
