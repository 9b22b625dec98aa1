"""Learning reported by others: e-learning statements, event attendance, and career pathway pages."""

import base64
import datetime
import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from cms.events import services as event_services
from cms.models import PathwayIndexPage, PathwayRolePage
from lms.models import EnrolmentStatus, UnitKind, UnitStatus
from lms.services import enrolment as enrolment_service
from lms.services import progress
from tests.lms.conftest import unit_for

XAPI = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


@pytest.fixture
def worker(world):
    return world["oak_worker"]


def launched(worker, make_course, **unit_fields):
    course = make_course("Part 1", units=[unit_for(UnitKind.EXTERNAL, **unit_fields)])
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    unit = course.units.get()
    params = parse_qs(urlsplit(progress.external_launch(enrolment=enrolment, unit=unit)).query)
    return enrolment, unit, params


def send(client, params, verb="completed", result=None, activity=None):
    statement = {
        "id": str(uuid.uuid4()),
        "actor": json.loads(params["actor"][0]),
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": activity or params["activity_id"][0]},
    }
    if result is not None:
        statement["result"] = result
    return client.post(
        "/xapi/statements",
        json.dumps(statement),
        content_type="application/json",
        HTTP_AUTHORIZATION=params["auth"][0],
        **XAPI,
    )


def test_e_learning_that_reports_completion_completes_the_step(client, worker, make_course):
    enrolment, unit, params = launched(worker, make_course)
    assert base64.b64decode(params["auth"][0].removeprefix("Basic ")).count(b":") == 1
    response = send(client, params)
    assert response.status_code == 200, response.content
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.unit_progress.get().how == "statement"


@pytest.mark.parametrize(
    "verb, result", [("failed", None), ("passed", {"success": False}), ("progressed", None)]
)
def test_statements_that_do_not_complete_leave_the_step_open(client, worker, make_course, verb, result):
    enrolment, unit, params = launched(worker, make_course)
    assert send(client, params, verb=verb, result=result).status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS


def test_content_with_its_own_activity_id_completes_the_step(client, worker, make_course):
    own = "https://content.example.org/courses/oliver-mcgowan-part-1"
    enrolment, unit, params = launched(worker, make_course, activity_iri=own)
    assert params["activity_id"] == [own]
    assert send(client, params).status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_a_launch_credential_cannot_report_another_activity(client, worker, make_course):
    enrolment, unit, params = launched(worker, make_course)
    response = send(client, params, activity="https://content.example.org/something-else")
    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS


@pytest.fixture
def past_event(make_event, world):
    start = timezone.now() - datetime.timedelta(hours=2)
    return make_event(
        "Oliver McGowan Tier 2",
        sessions=[{"starts_at": start, "ends_at": start + datetime.timedelta(hours=1)}],
        facilitators=[world["oak_manager"]],
    )


def book(session, person):
    from cms.events.models import Booking, BookingStatus

    return Booking.objects.create(
        session=session, person=person, booked_by=person, status=BookingStatus.BOOKED
    )


@pytest.mark.parametrize(
    "full_required, attendance, met",
    [
        (True, "attended", True),
        (True, "partly_attended", False),
        (False, "partly_attended", True),
        (True, "no_show", False),
    ],
)
def test_attending_the_linked_event_meets_the_live_session_step(
    world, worker, make_course, past_event, full_required, attendance, met
):
    course = make_course(
        "Tier 2",
        units=[unit_for(UnitKind.LIVE_SESSION, event=past_event, full_attendance_required=full_required)],
    )
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    session = past_event.sessions.get()
    booking = book(session, worker)
    event_services.attendance_mark(session=session, marks={booking.pk: attendance}, by=world["oak_manager"])
    enrolment.refresh_from_db()
    assert (enrolment.status == EnrolmentStatus.COMPLETED) is met
    if met:
        assert enrolment.unit_progress.get().status == UnitStatus.COMPLETED


def test_a_career_pathway_lists_the_courses_for_the_role_with_the_learners_progress(
    client, worker, make_course
):
    course = make_course(
        "Care Certificate standard 1", units=["content", "content"], pathway_categories=["new_to_care"]
    )
    make_course("Leading a service", pathway_categories=["registered_manager"])
    role = PathwayRolePage(
        title="New to care",
        stage=1,
        category="new_to_care",
        summary="Your first months.",
        entry_requirements="<p>Kindness.</p>",
        qualifications="<p>Care Certificate.</p>",
    )
    PathwayIndexPage.objects.get().add_child(instance=role)
    role.save_revision().publish()
    text = client.get(role.url).text
    assert "Care Certificate standard 1" in text and "Leading a service" not in text
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    progress.content_viewed(enrolment=enrolment, unit=course.units.order_by("sort_order").first())
    client.force_login(worker)
    assert "you are 50% through (in progress)" in client.get(role.url).text
