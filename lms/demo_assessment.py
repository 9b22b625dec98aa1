"""Demonstration data for assessment: the demo assessor's queue of observations to sign off and prior
learning to decide. Needs `load_demo` (people) and `load_programmes` (courses); skips what is missing.
Running it again changes nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from academy import permissions
from academy.models import Membership, Organisation

from .models import CoursePage, Enrolment, ObservationSignOff, PriorLearning, UnitKind
from .services.assessment import observation_sign_off, prior_learning_submit
from .services.enrolment import enrolment_create

User = get_user_model()

ASSESSOR_EMAIL = "assessor@demo.example.org"
MANAGER_EMAIL = "manager@demo.example.org"
WORKER_EMAIL = "worker@demo.example.org"
PROVIDER = "Oakfield House"
# Care Certificate standards with a workplace observation, as load_programmes names them.
OBSERVED_STANDARDS = [f"care-certificate-standard-{n}" for n in (1, 3, 5, 7, 10, 15)]
PART_1 = "oliver-mcgowan-part-1"
# (title, who delivered it, days ago, the course it matches, if the learner says)
CLAIMS = [
    (
        "Oliver McGowan Mandatory Training Part 1 (e-learning)",
        "NHS England e-learning for healthcare",
        12,
        PART_1,
    ),
    ("Moving and handling people: practical", "Stafford College", 140, None),
    ("Safeguarding adults level 2", "Riverside Nursing Home (previous employer)", 300, None),
]


def certificate_pdf(*, name: str, title: str, completed_on: datetime.date) -> bytes:
    """A one-page PDF certificate, small and valid, for the demo's claims."""
    text = f"Certificate of completion. {name} completed {title} on {completed_on:%-d %B %Y}."
    text = text.replace("\\", "").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _learners(assessor, organisation) -> list:
    """Oakfield's care staff the assessor assesses, the demo worker first; not its managers."""
    ids = Membership.objects.active().filter(organisation=organisation, is_manager=False).values("person_id")
    people = list(
        permissions.assessable_people(assessor).filter(pk__in=ids).order_by("last_name", "first_name")
    )
    people.sort(key=lambda person: person.email != WORKER_EMAIL)
    return people[:6]


def load_assessment_demo() -> dict[str, int]:
    """Give the demo assessor observations to sign off and claims to decide. Returns what it added."""
    assessor = User.objects.filter(email=ASSESSOR_EMAIL).first()
    organisation = Organisation.objects.filter(name=PROVIDER).first()
    added = {"enrolments": 0, "sign_offs": 0, "claims": 0}
    if assessor is None or organisation is None:
        return added
    courses = {
        course.slug: course
        for course in CoursePage.objects.live().filter(slug__in=[*OBSERVED_STANDARDS, PART_1])
    }
    observed = [
        courses[slug]
        for slug in OBSERVED_STANDARDS
        if slug in courses and courses[slug].units.filter(kind=UnitKind.OBSERVATION).exists()
    ]
    learners = _learners(assessor, organisation)
    today = timezone.localdate()
    with transaction.atomic():
        # Two standards each, in turn, so the queue has a spread of learners and standards.
        for index, learner in enumerate(learners if observed else []):
            for course in dict.fromkeys(observed[(index + step) % len(observed)] for step in (0, 1)):
                if not Enrolment.objects.filter(learner=learner, course=course).exists():
                    enrolment_create(learner=learner, course=course, check_prerequisites=False)
                    added["enrolments"] += 1
        # One already signed off (by the registered manager), so the worker's page shows one done.
        manager = User.objects.filter(email=MANAGER_EMAIL).first()
        worker = next((p for p in learners if p.email == WORKER_EMAIL), None)
        if manager and worker and observed:
            enrolment = Enrolment.objects.active().filter(learner=worker, course=observed[0]).first()
            if enrolment and not ObservationSignOff.objects.filter(enrolment=enrolment).exists():
                observation_sign_off(
                    enrolment=enrolment,
                    unit=observed[0].units.filter(kind=UnitKind.OBSERVATION).first(),
                    assessor=manager,
                    observed_on=today,
                    notes="Introduced herself, explained what she was about to do, and checked Mr D was "
                    "happy before starting. Recorded it in his notes straight after.",
                )
                added["sign_offs"] += 1
        # The Part 1 e-learning completes when its certificate is accepted.
        if (
            worker
            and PART_1 in courses
            and not Enrolment.objects.filter(learner=worker, course=courses[PART_1]).exists()
        ):
            enrolment_create(learner=worker, course=courses[PART_1], check_prerequisites=False)
            added["enrolments"] += 1
        for learner, (title, provider, days_ago, slug) in zip(learners, CLAIMS, strict=False):
            if PriorLearning.objects.filter(person=learner, title=title).exists():
                continue
            completed_on = today - datetime.timedelta(days=days_ago)
            pdf = certificate_pdf(name=learner.display_name, title=title, completed_on=completed_on)
            prior_learning_submit(
                person=learner,
                by=learner,
                title=title,
                provider_name=provider,
                completed_on=completed_on,
                certificate=ContentFile(pdf, name="certificate.pdf"),
                course=courses.get(slug) if slug else None,
            )
            added["claims"] += 1
    return added
