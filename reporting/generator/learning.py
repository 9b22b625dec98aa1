"""Each person's learning over the years, as the LMS and the events app would have recorded it.

Rows come out as the services write them: a completed enrolment has every step met (each the way its
kind is met, with sign-offs for observations and attempts for knowledge checks) and the expiry its
refresher interval gives; programmes complete when their courses are held; live sessions complete only
when attended in full; prior learning counts only once accepted. What is left out: audit log entries,
certificate files (every claim points to one placeholder) and e-mails.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import hashlib
import json
import random
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from academy.models import Membership, User
from cms.events.models import Booking
from lms.models import (
    Cohort,
    CourseFeedback,
    Enrolment,
    KnowledgeCheckAttempt,
    ObservationSignOff,
    PriorLearning,
    ProgrammeEnrolment,
    Qualification,
    UnitProgress,
)

from . import events, names
from .catalogue import (
    CARE_CERTIFICATE,
    LEADERSHIP,
    OLIVER_MCGOWAN,
    OPTIONAL,
    PART_1,
    TIER_1,
    TIER_2,
    Catalogue,
)
from .db import Buffer, Ids, write_rows
from .workforce import (
    CARE_WORKER,
    DEPUTY_MANAGER,
    NURSING_ASSOCIATE,
    REGISTERED_MANAGER,
    SENIOR_CARE_WORKER,
    SUPPORT_WORKER,
    TEAM_LEADER,
    Person,
)

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
UTC = datetime.UTC
# Statement ids the generator derives rather than draws, so the statements written last can be found
# from the rows that refer to them.
STATEMENTS = uuid.UUID("6f1c7a52-0d3e-4c51-9a57-3f4e2b8c9d10")
CERTIFICATE_PLACEHOLDER = "prior-learning/generated/certificate.pdf"
CARE_CERTIFICATE_WEEKS = (6, 20)
COHORT_SIZE = 24
OM_SLUGS = (PART_1, TIER_1, TIER_2)

USER_COLUMNS = (
    "id",
    "password",
    "is_superuser",
    "first_name",
    "last_name",
    "is_staff",
    "is_active",
    "date_joined",
    "email",
    "public_id",
)
MEMBERSHIP_COLUMNS = (
    "id",
    "person",
    "organisation",
    "is_worker",
    "is_manager",
    "is_assessor",
    "job_role",
    "pathway_category",
    "contract_type",
    "start_date",
    "end_date",
    "ascwds_worker_id",
    "accepted_at",
    "created_at",
)
PROGRAMME_COLUMNS = (
    "id",
    "learner",
    "programme",
    "cohort",
    "status",
    "enrolled_by",
    "enrolled_at",
    "completed_at",
)
ENROLMENT_COLUMNS = (
    "id",
    "learner",
    "course",
    "programme_enrolment",
    "status",
    "registration",
    "enrolled_by",
    "enrolled_at",
    "started_at",
    "completed_at",
    "expires_on",
    "due_on",
)
UNIT_COLUMNS = (
    "enrolment",
    "unit",
    "unit_key",
    "status",
    "completed_at",
    "how",
    "score_percent",
    "statement_id",
    "updated_at",
)
ATTEMPT_COLUMNS = (
    "enrolment",
    "unit_key",
    "answers",
    "correct",
    "questions",
    "score_percent",
    "passed",
    "submitted_at",
)
SIGN_OFF_COLUMNS = (
    "enrolment",
    "unit_key",
    "assessor",
    "observed_on",
    "notes",
    "evidence",
    "signed_at",
    "withdrawn_reason",
)
PRIOR_COLUMNS = (
    "person",
    "course",
    "title",
    "provider_name",
    "completed_on",
    "expires_on",
    "certificate",
    "status",
    "submitted_by",
    "submitted_at",
    "decided_by",
    "decided_at",
    "reason",
)
FEEDBACK_COLUMNS = ("enrolment", "rating", "will_change_practice", "comment", "submitted_at")
QUALIFICATION_COLUMNS = ("person", "title", "level", "status", "achieved_on", "recorded_by", "created_at")
# By job role: (level, title, share who hold it, share of the rest working towards it), highest first.
QUALIFICATIONS = {
    REGISTERED_MANAGER: [(5, "Level 5 Diploma in Leadership and Management for Adult Care", 0.7, 0.5)],
    DEPUTY_MANAGER: [
        (5, "Level 5 Diploma in Leadership and Management for Adult Care", 0.3, 0.3),
        (3, "Level 3 Diploma in Adult Care", 0.8, 0.2),
    ],
    NURSING_ASSOCIATE: [(5, "Nursing Associate Foundation Degree", 0.85, 0.5)],
    TEAM_LEADER: [
        (4, "Level 4 Diploma in Adult Care", 0.25, 0.15),
        (3, "Level 3 Diploma in Adult Care", 0.6, 0.25),
    ],
    SENIOR_CARE_WORKER: [
        (3, "Level 3 Diploma in Adult Care", 0.5, 0.25),
        (2, "Level 2 Diploma in Care", 0.5, 0.1),
    ],
    CARE_WORKER: [
        (2, "Level 2 Diploma in Care", 0.35, 0.12),
        (1, "Level 1 Award in Health and Social Care", 0.1, 0),
    ],
    SUPPORT_WORKER: [(2, "Level 2 Diploma in Care", 0.3, 0.1)],
}
BOOKING_COLUMNS = (
    "session",
    "person",
    "status",
    "booked_by",
    "created_at",
    "updated_at",
    "cancelled_at",
    "cancelled_by",
    "reminder_sent_at",
    "attendance",
    "attendance_marked_at",
    "attendance_marked_by",
    "statement_id",
)
COHORT_COLUMNS = ("id", "programme", "name", "starts_on", "ends_on", "graduation_event")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """As `relativedelta(months=n)` adds them (the LMS's expiry dates): the day is kept within the month."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return datetime.date(year, month + 1, min(day.day, month_calendar.monthrange(year, month + 1)[1]))


def statement_uuid(*parts) -> str:
    """uuid5 in the generator's namespace (as uuid.uuid5 computes it, without its overhead per call)."""
    digest = hashlib.sha1(_NAMESPACE + "/".join(str(p) for p in parts).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=5))


_NAMESPACE = STATEMENTS.bytes


def new_buffer() -> Buffer:
    return Buffer(
        [
            (User, USER_COLUMNS),
            (Membership, MEMBERSHIP_COLUMNS),
            (ProgrammeEnrolment, PROGRAMME_COLUMNS),
            (Enrolment, ENROLMENT_COLUMNS),
            (UnitProgress, UNIT_COLUMNS),
            (KnowledgeCheckAttempt, ATTEMPT_COLUMNS),
            (ObservationSignOff, SIGN_OFF_COLUMNS),
            (PriorLearning, PRIOR_COLUMNS),
            (CourseFeedback, FEEDBACK_COLUMNS),
            (Booking, BOOKING_COLUMNS),
            (Qualification, QUALIFICATION_COLUMNS),
        ]
    )


@dataclass
class Span:
    """The part of a person's working life the academy saw."""

    person: Person
    first: datetime.datetime
    last: datetime.datetime
    before_history: bool  # in post before the academy opened
    newcomer: bool  # came into care during the history (no earlier job with any provider)
    category: str
    job_role_id: int

    live_sessions: set = field(default_factory=set)  # sessions they hold a place (or wait) on

    @property
    def from_elsewhere(self) -> bool:
        """Started during the history having worked in care elsewhere: they may bring training with them."""
        return self.newcomer and self.category != "new_to_care"


@dataclass
class Group:
    pk: int
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    workshops: list
    graduation: object
    size: int = 0


class Simulation:
    """Turns each planned person into rows, written a batch of people at a time."""

    def __init__(
        self,
        *,
        rng: random.Random,
        catalogue: Catalogue,
        calendar: events.Calendar,
        job_roles: dict[int, int],
        today: datetime.date,
        now: datetime.datetime,
        history_start: datetime.date,
        facilitator_id: int,
        all_statements: bool,
        areas: list[tuple[str, str]],
    ):
        self.rng = rng
        self.catalogue = catalogue
        self.calendar = calendar
        self.job_roles = job_roles
        self.today = today
        self.now = now
        self.history_start = history_start
        self.history_start_at = datetime.datetime.combine(history_start, datetime.time(8), tzinfo=UTC)
        self.facilitator_id = facilitator_id
        self.all_statements = all_statements
        self.areas = areas
        self.buffer = new_buffer()
        self.enrolment_ids = Ids(Enrolment)
        self.programme_ids = Ids(ProgrammeEnrolment)
        self.cohort_ids = Ids(Cohort)
        self.groups: dict[int, list[Group]] = {}
        self.terms = self._terms()
        self.counts = {"bookings": 0, "cohorts": 0}
        self._answers: dict = {}

    # --- time -------------------------------------------------------------------------------------

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time in the working day (UTC, so that the day is the same in UK time)."""
        minutes = 480 + int(self.rng.random() * 570)
        return datetime.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=UTC)

    def between(self, earliest: datetime.datetime, latest: datetime.datetime) -> datetime.datetime:
        """A whole second from `earliest` to `latest` (random() is several times cheaper than randint)."""
        if latest <= earliest:
            return earliest
        seconds = (latest - earliest).total_seconds()
        return earliest + datetime.timedelta(seconds=int(self.rng.random() * seconds))

    def days_after(self, moment: datetime.datetime, low: float, high: float) -> datetime.datetime:
        day = (moment + datetime.timedelta(days=self.rng.uniform(low, high))).date()
        result = self.moment(day)
        return result if result > moment else moment + datetime.timedelta(minutes=self.rng.randint(5, 120))

    # --- people and memberships -------------------------------------------------------------------

    def person(self, person: Person) -> None:
        rng = self.rng
        accepted = [j for j in person.jobs if j.accepted]
        joined = min(
            (
                max(datetime.datetime.combine(j.start, datetime.time(9), tzinfo=UTC), self.history_start_at)
                for j in accepted
            ),
            default=self.now - datetime.timedelta(days=rng.randint(0, 20)),
        )
        joined = min(joined, self.now)
        self.buffer.add(
            User,
            (
                person.pk,
                "!",  # no password: generated people cannot sign in
                False,
                person.first_name,
                person.last_name,
                False,
                True,
                joined,
                person.email,
                person.public_id,
            ),
        )
        for job in person.jobs:
            accepted_at = (
                min(
                    max(
                        datetime.datetime.combine(job.start, datetime.time(9), tzinfo=UTC),
                        self.history_start_at,
                    ),
                    self.now,
                )
                if job.accepted
                else None
            )
            self.buffer.add(
                Membership,
                (
                    job.pk,
                    person.pk,
                    job.provider.pk,
                    True,
                    job.is_manager,
                    job.is_assessor,
                    self.job_roles[job.job_role],
                    job.pathway,
                    job.contract,
                    job.start,
                    job.end,
                    f"W{person.index:07d}",
                    accepted_at,
                    accepted_at or self.now - datetime.timedelta(days=rng.randint(0, 20)),
                ),
            )
        span = self._span(person)
        if span is None:
            return
        required = self.catalogue.required(
            category=span.category, job_role_id=self.job_roles[span.job_role_id]
        )
        for course in required:
            if course.slug not in OM_SLUGS:
                self.mandatory(span, course)
        for slug in OPTIONAL:
            course = self.catalogue.courses.get(slug)
            if course is None or course in required:
                continue
            if rng.random() < 0.08 + 0.1 * person.diligence:
                self.mandatory(span, course, optional=True)
        self.qualifications(span)
        self.oliver_mcgowan(span)
        self.care_certificate(span)
        self.leadership(span)
        self.general_events(span)

    def _span(self, person: Person) -> Span | None:
        accepted = [j for j in person.jobs if j.accepted]
        if not accepted:
            return None
        first_day = max(min(j.start for j in accepted), self.history_start)
        last_day = min(max(j.end or self.today for j in accepted), self.today)
        if last_day < first_day:
            return None
        first = datetime.datetime.combine(first_day, datetime.time(8), tzinfo=UTC)
        last = min(datetime.datetime.combine(last_day, datetime.time(18), tzinfo=UTC), self.now)
        if last <= first:
            return None
        job = person.main_job
        return Span(
            person=person,
            first=first,
            last=last,
            before_history=min(j.start for j in accepted) < self.history_start,
            newcomer=len(accepted) == 1 and accepted[0].start >= self.history_start,
            category=job.pathway,
            job_role_id=job.job_role,
        )

    def _manager_for(self, span: Span, when: datetime.datetime):
        """The registered manager of the provider the person worked at then (never the person)."""
        manager = span.person.job_on(when.date()).provider.manager
        return None if manager is None or manager is span.person else manager

    def _assessor_for(self, span: Span, when: datetime.datetime):
        provider = span.person.job_on(when.date()).provider
        choices = [p for p in provider.assessors if p is not span.person]
        if choices:
            return self.rng.choice(choices)
        return provider.manager

    # --- enrolments -------------------------------------------------------------------------------

    def enrolment(
        self,
        span: Span,
        course,
        *,
        enrolled_at: datetime.datetime,
        completed_at: datetime.datetime | None = None,
        units_met: int | None = None,
        withdrawn: bool = False,
        programme_enrolment: int | None = None,
        by=None,
        live: tuple[str, datetime.datetime] | None = None,
        evidence: bool = False,
        feedback: bool = True,
        until: datetime.datetime | None = None,
    ) -> int:
        """One enrolment. Completed (every step met, the last at `completed_at`), or with `units_met` steps
        met, or not started. `live` is the attendance statement and time that met a live-session step."""
        rng = self.rng
        pk = self.enrolment_ids.take()
        registration = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        units = course.units
        done = len(units) if completed_at is not None else (units_met or 0)
        if completed_at is not None:
            finish = completed_at
        else:
            finish = self.between(enrolled_at, min(until or span.last, self.now))
        if evidence and completed_at is not None:
            # Accepting the certificate meets every open step at once.
            times = [completed_at] * done
        else:
            times = sorted(self.between(enrolled_at, finish) for _ in range(done))
        if completed_at is not None and times:
            times[-1] = completed_at
        if live is not None and done:
            # The live session is met when the register is taken: the last step met.
            times[-1] = live[1]
            times.sort()
        started_at = times[0] if times else None
        if done == 0 and not withdrawn and completed_at is None and rng.random() < 0.3:
            started_at = None
        status = (
            "completed"
            if completed_at is not None
            else "withdrawn"
            if withdrawn
            else "in_progress"
            if done
            else "enrolled"
        )
        expires_on = (
            # From the day it was completed in UK time, as the LMS counts it.
            add_months(timezone.localtime(completed_at).date(), course.refresher_months)
            if completed_at is not None and course.refresher_months
            else None
        )
        due_on = (
            (enrolled_at + datetime.timedelta(days=28)).date()
            if by is not None and rng.random() < 0.6
            else None
        )
        self.buffer.add(
            Enrolment,
            (
                pk,
                span.person.pk,
                course.pk,
                programme_enrolment,
                status,
                registration,
                by.pk if by is not None else None,
                enrolled_at,
                started_at,
                completed_at,
                expires_on,
                due_on,
            ),
        )
        for unit, at in zip(units, times, strict=False):
            self._unit(span, pk, registration, unit, at, live=live, evidence=evidence)
        if completed_at is not None and feedback and rng.random() < 0.3:
            submitted = min(completed_at + datetime.timedelta(minutes=rng.randint(2, 3 * 24 * 60)), self.now)
            rating = rng.choices((1, 2, 3, 4, 5), (3, 5, 15, 40, 37))[0]
            change = rng.choices(("yes", "not_sure", "no"), (62, 28, 10))[0]
            comment = rng.choice(names.FEEDBACK_COMMENTS) if rng.random() < 0.15 else ""
            self.buffer.add(CourseFeedback, (pk, rating, change, comment, submitted))
        return pk

    def _unit(self, span, enrolment_pk, registration, unit, at, *, live, evidence) -> None:
        rng = self.rng
        own_statement = statement_uuid(registration, "unit", unit.sort_order) if self.all_statements else None
        score = None
        if evidence:
            how, statement = "evidence", own_statement
        elif unit.kind == "live_session":
            how, statement = "attended", live[0] if live else None
        elif unit.kind == "knowledge_check":
            how, score, statement = "passed", 100, own_statement
            if rng.random() < 0.12:
                failed_at = at - datetime.timedelta(minutes=rng.randint(5, 3 * 24 * 60))
                self._attempt(enrolment_pk, unit, failed_at, passed=False)
            self._attempt(enrolment_pk, unit, at, passed=True)
        elif unit.kind == "observation":
            how, statement = "observed", own_statement
            assessor = self._assessor_for(span, at)
            self.buffer.add(
                ObservationSignOff,
                (
                    enrolment_pk,
                    unit.key,
                    assessor.pk if assessor else span.person.pk,
                    at.date(),
                    f"Observed at work: {unit.title.lower()} shown as the standard expects.",
                    "",
                    at,
                    "",
                ),
            )
        elif unit.kind == "external":
            how, statement = "evidence", own_statement
        else:
            how, statement = "viewed", own_statement
        self.buffer.add(
            UnitProgress, (enrolment_pk, unit.pk, unit.key, "completed", at, how, score, statement, at)
        )

    def _attempt(self, enrolment_pk, unit, at, *, passed: bool) -> None:
        """A knowledge check marked as the LMS marks it: the right answers, or the first one wrong."""
        answers, correct, score = self._answers.get((unit.key, passed)) or self._mark(unit, passed)
        self.buffer.add(
            KnowledgeCheckAttempt,
            (enrolment_pk, unit.key, answers, correct, len(unit.questions), score, passed, at),
        )

    def _mark(self, unit, passed: bool):
        questions = unit.questions
        answers = {q.block_id: list(q.right) for q in questions}
        correct = len(questions)
        if not passed and questions:
            answers[questions[0].block_id] = [questions[0].wrong]
            correct -= 1
        score = round(100 * correct / len(questions)) if questions else 0
        # Encoded once: every attempt at the unit with the same outcome gave the same answers.
        self._answers[(unit.key, passed)] = marked = (json.dumps(answers), correct, score)
        return marked

    def programme_enrolment(
        self, span, programme, *, enrolled_at, status, completed_at=None, cohort=None, by=None
    ):
        pk = self.programme_ids.take()
        self.buffer.add(
            ProgrammeEnrolment,
            (
                pk,
                span.person.pk,
                programme.pk,
                cohort,
                status,
                by.pk if by else None,
                enrolled_at,
                completed_at,
            ),
        )
        return pk

    def prior_learning(
        self,
        span,
        course,
        *,
        completed_on,
        submitted_at,
        decided_at=None,
        title=None,
        provider_name=None,
        convincing: bool = False,
    ) -> str:
        """A claim of training done elsewhere; returns its status as an assessor left it."""
        expires_on = add_months(completed_on, course.refresher_months) if course.refresher_months else None
        status, reason, decider = "pending", "", None
        if decided_at is not None and decided_at <= self.now:
            decider = self._assessor_for(span, decided_at)
            if expires_on is not None and expires_on < decided_at.date():
                status, reason = (
                    "rejected",
                    "This certificate has expired: book the academy's course instead.",
                )
            elif not convincing and self.rng.random() < 0.05:
                status, reason = (
                    "rejected",
                    "The certificate does not show the learning outcomes of this course.",
                )
            else:
                status = "accepted"
        else:
            decided_at = None
        submitter = (
            span.person if self.rng.random() < 0.7 else (self._manager_for(span, submitted_at) or span.person)
        )
        self.buffer.add(
            PriorLearning,
            (
                span.person.pk,
                course.pk,
                (title or course.title)[:200],
                provider_name or self.rng.choice(names.OTHER_TRAINING_PROVIDERS),
                completed_on,
                expires_on if status == "accepted" else None,
                CERTIFICATE_PLACEHOLDER,
                status,
                submitter.pk,
                submitted_at,
                decider.pk if decider and decided_at else None,
                decided_at,
                reason,
            ),
        )
        return status

    # --- bookings ---------------------------------------------------------------------------------

    def booking(self, span, session, *, booked_at, waiting=False, may_cancel=False, outcome=None):
        """Book the person on the session. Returns (status, attendance, statement id, when marked)."""
        rng = self.rng
        person = span.person
        if session.pk in span.live_sessions or (session.is_cancelled and session.cancelled_at <= booked_at):
            return "closed", "", "", None  # already on it, or called off before they could book
        booked_by = person if rng.random() < 0.7 else (self._manager_for(span, booked_at) or person)
        cancelled_at = cancelled_by = reminder = marked_at = None
        attendance = statement = ""
        if session.is_cancelled:
            status, cancelled_at = "cancelled", session.cancelled_at
        elif waiting:
            status = "waiting"
        elif may_cancel and rng.random() < 0.06:
            status = "cancelled"
            cancelled_at = self.between(booked_at, min(session.starts_at, self.now))
            cancelled_by = booked_by.pk
        else:
            status = "booked"
            session.booked += 1
            remind = session.starts_at - datetime.timedelta(hours=24)
            reminder = remind if booked_at < remind <= self.now else None
            marked = session.ends_at + datetime.timedelta(minutes=rng.randint(10, 30 * 60))
            if marked <= self.now:
                marked_at = marked
                if outcome is None:
                    roll = rng.random()
                    spec = session.spec
                    outcome = (
                        "no_show"
                        if roll < spec.no_show
                        else "partly_attended"
                        if roll < spec.no_show + spec.partly
                        else "attended"
                    )
                attendance = outcome
                if attendance != "no_show":
                    statement = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if status != "cancelled":
            span.live_sessions.add(session.pk)
        updated = max(t for t in (booked_at, cancelled_at, marked_at, reminder) if t is not None)
        self.buffer.add(
            Booking,
            (
                session.pk,
                person.pk,
                status,
                booked_by.pk,
                booked_at,
                updated,
                cancelled_at,
                cancelled_by,
                reminder,
                attendance,
                marked_at,
                self.facilitator_id if marked_at else None,
                statement,
            ),
        )
        self.counts["bookings"] += 1
        return status, attendance, statement, marked_at

    def _where(self, span, when):
        provider = span.person.job_on(when.date()).provider
        return provider.area, provider.postcode

    # --- mandatory training -----------------------------------------------------------------------

    def _renewal(self, expires_on: datetime.date, diligence: float) -> datetime.datetime | None:
        rng = self.rng
        if rng.random() < 0.5 + 0.45 * diligence:
            return self.moment(expires_on - datetime.timedelta(days=rng.randint(0, 50)))
        if rng.random() < 0.5:
            return self.moment(expires_on + datetime.timedelta(days=rng.randint(1, 200)))
        return None

    def mandatory(self, span: Span, course, *, optional: bool = False) -> None:
        """A course done, and done again each time it is due, as reliably as the person is."""
        rng = self.rng
        diligence = span.person.diligence
        months = course.refresher_months
        if span.before_history:
            first = self.days_after(self.history_start_at, 0, 300)
        else:
            first = self.days_after(span.first, 3, 100)
        upcoming = None
        if optional:
            upcoming = self.between(span.first, span.last)
        elif span.from_elsewhere and months and rng.random() < 0.22:
            # Came from another employer with this training done: claimed as prior learning.
            completed_on = (span.first - datetime.timedelta(days=rng.randint(20, 600))).date()
            submitted = min(self.days_after(span.first, 1, 25), self.now)
            status = self.prior_learning(
                span,
                course,
                completed_on=completed_on,
                submitted_at=submitted,
                decided_at=self.days_after(submitted, 1, 14),
            )
            if status == "accepted":
                upcoming = self._renewal(add_months(completed_on, months), diligence)
            else:
                upcoming = first
        elif rng.random() < 0.3 + 0.6 * diligence:
            upcoming = first
        elif rng.random() < 0.35:
            upcoming = first + datetime.timedelta(days=rng.randint(90, 400))
        if upcoming is not None and upcoming < span.first:
            # Due again before they started here (prior learning long ago): done soon after they start.
            upcoming = self.days_after(span.first, 3, 60)
        last_done = None
        while upcoming is not None and upcoming <= span.last:
            enrolled = max(upcoming - datetime.timedelta(days=rng.uniform(1, 25)), span.first)
            by = self._manager_for(span, enrolled) if rng.random() < 0.35 else None
            self.enrolment(span, course, enrolled_at=enrolled, completed_at=upcoming, by=by)
            last_done = upcoming
            if not months:
                upcoming = None
                break
            upcoming = self._renewal(add_months(upcoming.date(), months), diligence)
        if not span.person.current or optional:
            return
        due_soon = upcoming is not None and (upcoming - self.now).days <= 90
        stalled = last_done is None and upcoming is None and rng.random() < 0.12
        if (due_soon and rng.random() < 0.55) or stalled:
            earliest = max(span.first, (last_done or span.first) + DAY, self.now - 40 * DAY)
            if earliest >= self.now - HOUR:
                return
            enrolled = self.between(earliest, self.now - HOUR)
            by = self._manager_for(span, enrolled) if rng.random() < 0.5 else None
            met = rng.randint(0, len(course.units) - 1) if course.units else 0
            self.enrolment(
                span, course, enrolled_at=enrolled, units_met=met, by=by, withdrawn=rng.random() < 0.03
            )

    # --- qualifications -------------------------------------------------------------------------------

    def qualifications(self, span: Span) -> None:
        """Regulated qualifications by role: held (awarded before or in post), or being worked towards."""
        rng = self.rng
        recorder = self._manager_for(span, span.first)
        for level, title, held, aiming in QUALIFICATIONS.get(span.job_role_id, ()):
            if rng.random() < held:
                achieved = (span.first - datetime.timedelta(days=rng.randint(-200, 2500))).date()
                achieved = min(achieved, (span.last - DAY).date())
                recorded = max(self.days_after(span.first, 0, 60), self.moment(achieved))
                self.buffer.add(
                    Qualification,
                    (
                        span.person.pk,
                        title,
                        level,
                        "achieved",
                        achieved,
                        recorder.pk if recorder else None,
                        min(recorded, span.last),
                    ),
                )
                return  # the highest they hold; lower ones are not recorded
            if span.person.current and rng.random() < aiming:
                started = self.between(max(span.first, self.now - 700 * DAY), self.now - DAY)
                self.buffer.add(
                    Qualification,
                    (
                        span.person.pk,
                        title,
                        level,
                        "working_towards",
                        None,
                        recorder.pk if recorder else None,
                        started,
                    ),
                )

    # --- Oliver McGowan ---------------------------------------------------------------------------

    def oliver_mcgowan(self, span: Span) -> None:
        """Part 1 online (its certificate uploaded and accepted), then Tier 1 or Tier 2 attended in full."""
        rng = self.rng
        programme = self.catalogue.programmes[OLIVER_MCGOWAN]
        courses = programme.courses_for(span.category)
        if not courses or rng.random() > 0.45 + 0.45 * span.person.diligence:
            return
        if span.before_history:
            enrolled = self.days_after(self.history_start_at, 0, 540)
        else:
            enrolled = self.days_after(span.first, 5, 120)
        if enrolled >= span.last:
            return
        by = self._manager_for(span, enrolled) if rng.random() < 0.5 else None
        programme_pk = self.programme_ids.take()
        held: list[datetime.datetime] = []
        part_1_done = None
        for course in courses:
            if course.slug == PART_1:
                done = self.days_after(enrolled, 3, 60) if rng.random() < 0.88 else None
                if done is not None and done <= span.last:
                    # The e-learning's certificate, uploaded and accepted: its steps are met by it.
                    submitted = done + datetime.timedelta(minutes=rng.randint(10, 600))
                    decided = self.days_after(submitted, 0, 7)
                    if decided <= self.now:
                        self.prior_learning(
                            span,
                            course,
                            completed_on=done.date(),
                            submitted_at=submitted,
                            decided_at=decided,
                            title="Oliver McGowan Mandatory Training Part 1 certificate",
                            provider_name="NHS England e-learning",
                        )
                        noon = datetime.datetime.combine(done.date(), datetime.time(11), tzinfo=UTC)
                        completed = max(noon, enrolled + datetime.timedelta(minutes=1))
                        self.enrolment(
                            span,
                            course,
                            enrolled_at=enrolled,
                            completed_at=completed,
                            programme_enrolment=programme_pk,
                            evidence=True,
                        )
                        part_1_done = completed
                        held.append(completed)
                        continue
                self.enrolment(
                    span,
                    course,
                    enrolled_at=enrolled,
                    units_met=1 if rng.random() < 0.6 else 0,
                    programme_enrolment=programme_pk,
                )
                continue
            spec = events.TIER_2 if course.slug == TIER_2 else events.TIER_1
            attended = None
            content_at = None
            if part_1_done is not None:
                wanted = self.days_after(part_1_done, 5, 150)
                for _attempt in range(3):
                    if wanted > span.last:
                        break
                    area, postcode = self._where(span, wanted)
                    session = self.calendar.find(
                        spec,
                        area=area,
                        postcode=postcode,
                        earliest=wanted + 7 * DAY,
                        latest=wanted + 75 * DAY,
                        booked_at=wanted,
                    )
                    if session is None:
                        break
                    content_at = content_at or wanted
                    status, attendance, statement, marked_at = self.booking(span, session, booked_at=wanted)
                    if attendance == "attended":
                        attended = (statement, marked_at)
                        break
                    if status == "booked" and not attendance:
                        break  # booked on a session still to come (or not yet marked)
                    wanted = self.days_after(max(session.ends_at, wanted), 10, 90)
            if attended is not None:
                self.enrolment(
                    span,
                    course,
                    enrolled_at=enrolled,
                    completed_at=attended[1],
                    live=attended,
                    programme_enrolment=programme_pk,
                )
                held.append(attended[1])
            else:
                self.enrolment(
                    span,
                    course,
                    enrolled_at=enrolled,
                    units_met=1 if content_at else 0,
                    programme_enrolment=programme_pk,
                )
        complete = len(held) == len(courses)
        self.buffer.add(
            ProgrammeEnrolment,
            (
                programme_pk,
                span.person.pk,
                programme.pk,
                None,
                "completed" if complete else "in_progress" if held else "enrolled",
                by.pk if by else None,
                enrolled,
                max(held) if complete else None,
            ),
        )

    # --- the Care Certificate ---------------------------------------------------------------------

    def care_certificate(self, span: Span) -> None:
        """Completed, in progress or not started, in about the council paper's shares for staff in post."""
        rng = self.rng
        programme = self.catalogue.programmes[CARE_CERTIFICATE]
        standards = programme.courses_for(span.category)
        if not standards:
            return
        completed_share, in_progress_share = (0.26, 0.10) if span.person.current else (0.33, 0.08)
        roll = rng.random()
        by_manager = rng.random() < 0.6
        if roll < completed_share:
            weeks = rng.uniform(*CARE_CERTIFICATE_WEEKS)
            latest_start = span.last - datetime.timedelta(weeks=weeks)
            earliest = self.days_after(span.first, 1, 30)
            if (span.from_elsewhere and rng.random() < 0.4) or latest_start <= earliest:
                self._care_certificate_by_prior_learning(span, programme, standards)
                return
            if span.before_history and rng.random() < 0.4:
                self._care_certificate_by_prior_learning(span, programme, standards)
                return
            enrolled = self.between(earliest, latest_start)
            finish = enrolled + datetime.timedelta(weeks=weeks)
            times = sorted(self.between(enrolled + HOUR, finish) for _ in standards)
            by = self._manager_for(span, enrolled) if by_manager else None
            pk = self.programme_ids.take()
            for course, done in zip(standards, times, strict=True):
                self.enrolment(
                    span,
                    course,
                    enrolled_at=enrolled,
                    completed_at=done,
                    programme_enrolment=pk,
                    feedback=rng.random() < 0.2,
                )
            self.buffer.add(
                ProgrammeEnrolment,
                (
                    pk,
                    span.person.pk,
                    programme.pk,
                    None,
                    "completed",
                    by.pk if by else None,
                    enrolled,
                    times[-1],
                ),
            )
        elif roll < completed_share + in_progress_share:
            earliest = (
                max(span.first + DAY, self.now - 270 * DAY) if span.person.current else span.first + DAY
            )
            latest = min(span.last, self.now) - 2 * DAY
            if latest <= earliest:
                return
            enrolled = self.between(earliest, latest)
            end = min(span.last, self.now)
            elapsed = (end - enrolled) / datetime.timedelta(weeks=16)
            held = max(
                1, min(len(standards) - 1, round(len(standards) * min(1.0, elapsed) * rng.uniform(0.2, 0.9)))
            )
            times = sorted(self.between(enrolled + HOUR, end - HOUR) for _ in range(held))
            by = self._manager_for(span, enrolled) if by_manager else None
            pk = self.programme_ids.take()
            for index, course in enumerate(standards):
                if index < held:
                    self.enrolment(
                        span,
                        course,
                        enrolled_at=enrolled,
                        completed_at=times[index],
                        programme_enrolment=pk,
                        feedback=False,
                    )
                else:
                    met = rng.randint(1, max(1, len(course.units) - 1)) if index == held else 0
                    self.enrolment(span, course, enrolled_at=enrolled, units_met=met, programme_enrolment=pk)
            self.buffer.add(
                ProgrammeEnrolment,
                (
                    pk,
                    span.person.pk,
                    programme.pk,
                    None,
                    "in_progress",
                    by.pk if by else None,
                    enrolled,
                    None,
                ),
            )
        elif span.person.current and rng.random() < 0.08:
            # Enrolled lately, nothing done yet: still 'not started'.
            earliest = max(span.first, self.now - 45 * DAY)
            if earliest >= self.now - HOUR:
                return
            enrolled = self.between(earliest, self.now - HOUR)
            by = self._manager_for(span, enrolled) if by_manager else None
            pk = self.programme_ids.take()
            for course in standards:
                self.enrolment(span, course, enrolled_at=enrolled, programme_enrolment=pk)
            self.buffer.add(
                ProgrammeEnrolment,
                (pk, span.person.pk, programme.pk, None, "enrolled", by.pk if by else None, enrolled, None),
            )

    def _care_certificate_by_prior_learning(self, span, programme, standards) -> None:
        """Done with an earlier employer: each standard claimed and accepted, so the programme completes
        the moment they enrol on it (as `programme_enrol` finds every course already held)."""
        rng = self.rng
        completed_on = (
            min(span.first, self.history_start_at) - datetime.timedelta(days=rng.randint(30, 900))
        ).date()
        submitted = min(self.days_after(span.first, 1, 30), span.last)
        decided = min(self.days_after(submitted, 1, 10), self.now)
        if decided <= submitted:
            return
        for course in standards:
            self.prior_learning(
                span,
                course,
                completed_on=completed_on,
                submitted_at=submitted,
                decided_at=decided,
                title=f"Care Certificate: {course.title.split(': ', 1)[-1]}",
                convincing=True,  # one certificate for every standard, decided together
            )
        enrolled = decided + datetime.timedelta(minutes=rng.randint(5, 600))
        if enrolled > self.now:
            return
        self.programme_enrolment(
            span, programme, enrolled_at=enrolled, status="completed", completed_at=enrolled
        )

    # --- the leadership programme -----------------------------------------------------------------

    def _terms(self) -> list[tuple[str, datetime.date]]:
        """A cohort starts each spring (March) and autumn (September), up to two months ahead."""
        terms = []
        year = self.history_start.year
        while True:
            for month, season in ((3, "Spring"), (9, "Autumn")):
                start = datetime.date(year, month, 1)
                if start < self.history_start:
                    continue
                if start > self.today + datetime.timedelta(days=60):
                    return terms
                terms.append((f"{season} {year}", start))
            year += 1

    def _group(self, term_index: int) -> Group:
        groups = self.groups.setdefault(term_index, [])
        for group in groups:
            if group.size < COHORT_SIZE:
                return group
        name, starts_on = self.terms[term_index]
        if groups:
            name = f"{name} (group {len(groups) + 1})"
        ends_on = starts_on + datetime.timedelta(weeks=36)
        area, outward = self.areas[len(groups) % len(self.areas)]
        postcode = f"{outward} 1AA"
        tz = self.calendar.tz
        modules = self.catalogue.programmes[LEADERSHIP].courses
        workshops = [
            self.calendar.create(
                events.LEADING_TEAMS,
                area=area,
                postcode=postcode,
                starts_at=self.calendar.slot(
                    events.LEADING_TEAMS, starts_on + datetime.timedelta(days=7 + 21 * i)
                ),
                may_cancel=False,
            )
            for i in range(len(modules))
        ]
        graduation = self.calendar.create(
            events.GRADUATION,
            area=area,
            postcode=postcode,
            starts_at=datetime.datetime.combine(
                ends_on + datetime.timedelta(days=14), datetime.time(17), tzinfo=tz
            ),
            may_cancel=False,
        )
        group = Group(self.cohort_ids.take(), name, starts_on, ends_on, workshops, graduation)
        groups.append(group)
        return group

    def leadership(self, span: Span) -> None:
        """Managers (and some team leaders) in a cohort: a workshop a module, a graduation at the end."""
        rng = self.rng
        person = span.person
        chance = {REGISTERED_MANAGER: 0.45, DEPUTY_MANAGER: 0.4, TEAM_LEADER: 0.08}
        jobs = [j for j in person.jobs if j.accepted and j.job_role in chance]
        if not jobs or not self.terms:
            return
        job = max(jobs, key=lambda j: j.start)
        if rng.random() > chance[job.job_role]:
            return
        earliest = max(job.start + datetime.timedelta(days=60), self.history_start)
        latest = min(
            job.end or self.today + datetime.timedelta(days=60), self.today + datetime.timedelta(days=60)
        )
        terms = [i for i, (_, start) in enumerate(self.terms) if earliest <= start <= latest]
        if not terms:
            return
        group = self._group(rng.choice(terms))
        group.size += 1
        programme = self.catalogue.programmes[LEADERSHIP]
        modules = [course for course, _ in programme.courses]
        start_at = datetime.datetime.combine(group.starts_on, datetime.time(9), tzinfo=UTC)
        enrolled = max(start_at - datetime.timedelta(days=rng.randint(7, 40)), span.first)
        enrolled = min(enrolled, self.now - HOUR)
        by = self._manager_for(span, enrolled) if rng.random() < 0.5 else None
        drop_at = rng.randint(2, len(modules) - 1) if rng.random() < 0.08 else None
        pk = self.programme_ids.take()
        done = []
        withdrawn = False
        for index, (course, session) in enumerate(zip(modules, group.workshops, strict=False)):
            left = job.end is not None and session.starts_at.date() > job.end
            if (drop_at is not None and index >= drop_at) or left:
                withdrawn = True
                self.enrolment(span, course, enrolled_at=enrolled, withdrawn=True, programme_enrolment=pk)
                continue
            booked_at = max(enrolled, session.starts_at - 30 * DAY)
            if booked_at > self.now:
                self.enrolment(span, course, enrolled_at=enrolled, programme_enrolment=pk)
                continue
            outcome = rng.choices(("attended", "partly_attended", "no_show"), (97, 1, 2))[0]
            status, attendance, statement, marked_at = self.booking(
                span, session, booked_at=booked_at, outcome=outcome
            )
            if attendance == "attended":
                self.enrolment(
                    span,
                    course,
                    enrolled_at=enrolled,
                    completed_at=marked_at,
                    live=(statement, marked_at),
                    programme_enrolment=pk,
                )
                done.append(marked_at)
            else:
                self.enrolment(
                    span,
                    course,
                    enrolled_at=enrolled,
                    units_met=1 if session.starts_at < self.now else 0,
                    programme_enrolment=pk,
                )
        complete = len(done) == len(modules)
        status = (
            "completed" if complete else "withdrawn" if withdrawn else "in_progress" if done else "enrolled"
        )
        self.buffer.add(
            ProgrammeEnrolment,
            (
                pk,
                person.pk,
                programme.pk,
                group.pk,
                status,
                by.pk if by else None,
                enrolled,
                max(done) if complete else None,
            ),
        )
        if complete:
            booked_at = max(done) + datetime.timedelta(days=rng.uniform(1, 5))
            if booked_at < group.graduation.starts_at and booked_at <= self.now:
                self.booking(span, group.graduation, booked_at=booked_at)

    def write_cohorts(self, graduation_page: int, programme_pk: int) -> int:
        rows = [
            (g.pk, programme_pk, g.name, g.starts_on, g.ends_on, graduation_page)
            for groups in self.groups.values()
            for g in groups
        ]
        write_rows(Cohort, COHORT_COLUMNS, rows)
        return len(rows)

    # --- other events -----------------------------------------------------------------------------

    def general_events(self, span: Span) -> None:
        """Workshops, webinars, coaching and the rest, booked at random through the years."""
        rng = self.rng
        choices = list(events.GENERAL)
        if span.person.main_job.is_manager:
            choices += events.FOR_MANAGERS
        rate = sum(r for _, r in choices)
        weights = [r for _, r in choices]
        at = span.first
        while True:
            at = at + datetime.timedelta(days=rng.expovariate(rate / 365))
            if at > span.last:
                return
            spec = rng.choices(choices, weights)[0][0]
            area, postcode = self._where(span, at)
            booked_at = self.moment(at.date()) if self.moment(at.date()) <= self.now else at
            waiting = False
            session = self.calendar.find(
                spec,
                area=area,
                postcode=postcode,
                earliest=booked_at + 3 * DAY,
                latest=booked_at + 60 * DAY,
                booked_at=booked_at,
                waiting_ok=True,
            )
            if session is None:
                continue
            if session.booked >= session.capacity:
                waiting = True
            status, *_ = self.booking(span, session, booked_at=booked_at, waiting=waiting, may_cancel=True)
            if status == "cancelled" and session.is_cancelled:
                # The academy called the session off: they book another.
                rebook = session.cancelled_at + datetime.timedelta(minutes=rng.randint(30, 3000))
                other = self.calendar.find(
                    spec,
                    area=area,
                    postcode=postcode,
                    earliest=rebook + 3 * DAY,
                    latest=rebook + 60 * DAY,
                    booked_at=rebook,
                )
                if other is not None and rebook <= self.now and other.booked < other.capacity:
                    self.booking(span, other, booked_at=rebook)
