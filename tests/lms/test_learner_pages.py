"""A learner's pages: the catalogue, a course, each kind of step, knowledge checks, My learning, feedback."""

import pytest
from django.urls import reverse

from lms.models import CourseFeedback, Enrolment, EnrolmentStatus, UnitKind
from lms.services import enrolment as enrolment_service
from lrs.models import Credential, Statement
from tests.lms.conftest import unit_for


@pytest.fixture
def worker(world):
    return world["oak_worker"]


def course_titles(response):
    return [c.title for c in response.context["courses"]]


def test_the_catalogue_lists_filters_and_searches_courses(client, make_course, make_programme):
    fire = make_course("Fire safety", mandatory=True, duration_minutes=45, delivery_mode="e_learning")
    make_course("First aid day", duration_minutes=360, delivery_mode="face_to_face")
    make_course("Strengths-based practice", duration_minutes=90, summary="What matters to the person.")
    make_programme("Oliver McGowan", [(fire, [])])
    response = client.get("/courses/")
    assert response.status_code == 200
    assert course_titles(response) == ["Fire safety", "First aid day", "Strengths-based practice"]
    assert "Oliver McGowan" in response.text
    assert course_titles(client.get("/courses/?mandatory=true")) == ["Fire safety"]
    assert course_titles(client.get("/courses/?mode=face_to_face")) == ["First aid day"]
    assert course_titles(client.get("/courses/?duration=short&duration=long")) == [
        "Fire safety",
        "First aid day",
    ]
    assert course_titles(client.get("/courses/?duration=medium")) == ["Strengths-based practice"]
    assert course_titles(client.get("/courses/?q=matters")) == ["Strengths-based practice"]
    bad = client.get("/courses/?mode=teleport")
    assert bad.status_code == 200 and "There is a problem" in bad.text


def test_a_visitor_sees_a_course_and_is_asked_to_sign_in(client, make_course):
    course = make_course("Fire safety", units=["content", "knowledge_check"], refresher_months=12)
    response = client.get(course.url)
    assert response.status_code == 200
    assert "Sign in</a> to enrol" in response.text
    assert "12 months" in response.text and "Knowledge check" in response.text


def test_a_worker_enrols_works_through_the_steps_and_completes(client, worker, make_course):
    course = make_course("Safeguarding", units=["content", "knowledge_check"], refresher_months=12)
    client.force_login(worker)
    response = client.post(reverse("lms_course_enrol", args=[course.pk]), follow=True)
    assert "You are enrolled on Safeguarding" in response.text
    assert "Your progress: 0% (0 of 2 steps done)" in response.text
    content, check = course.units.order_by("sort_order")

    page = client.get(reverse("lms_unit", args=[course.pk, content.key]))
    assert page.status_code == 200 and "Step 1 of 2" in page.text
    response = client.post(reverse("lms_unit_done", args=[course.pk, content.key]))
    assert response["Location"] == reverse("lms_unit", args=[course.pk, check.key])

    page = client.get(response["Location"])
    assert "Submit answers" in page.text and "3 attempts left" in page.text
    # The page never tells which answer is right.
    assert "correct" not in page.text.lower().replace("correctly", "")
    wrong = {
        f"q-{b.id}": [str(i) for i, a in enumerate(b.value["answers"]) if not a["correct"]][:1]
        for b in check.questions
    }
    result = client.post(reverse("lms_knowledge_check", args=[course.pk, check.key]), wrong)
    assert "Not passed yet" in result.text and "Not quite." in result.text
    right = {
        f"q-{b.id}": [str(i) for i, a in enumerate(b.value["answers"]) if a["correct"]]
        for b in check.questions
    }
    result = client.post(reverse("lms_knowledge_check", args=[course.pk, check.key]), right)
    assert "You passed" in result.text and "tell us what you thought" in result.text
    enrolment = Enrolment.objects.get(learner=worker, course=course)
    assert enrolment.status == EnrolmentStatus.COMPLETED

    feedback = client.post(
        reverse("lms_feedback", args=[enrolment.pk]),
        {"rating": "5", "will_change_practice": "yes", "comment": ""},
    )
    assert feedback.status_code == 302
    assert CourseFeedback.objects.get(enrolment=enrolment).rating == 5
    again = client.get(reverse("lms_feedback", args=[enrolment.pk]), follow=True)
    assert "already given feedback" in again.text
    assert "Completed" in client.get(course.url).text


def test_unanswered_questions_are_sent_back_with_a_message(client, worker, make_course):
    course = make_course("Safeguarding", units=["knowledge_check"])
    enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    check = course.units.get()
    client.force_login(worker)
    response = client.post(reverse("lms_knowledge_check", args=[course.pk, check.key]), {"q-nothing": "x"})
    assert response.status_code == 400
    assert "Answer every question before you submit." in response.text


def test_feedback_needs_a_rating_and_an_answer(client, worker, make_course):
    course = make_course("Fire safety")
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    client.force_login(worker)
    client.post(reverse("lms_unit_done", args=[course.pk, course.units.get().key]))
    response = client.post(reverse("lms_feedback", args=[enrolment.pk]), {"rating": "9"})
    assert response.status_code == 400
    assert "Say whether the course will change how you work." in response.text
    assert not CourseFeedback.objects.exists()


def test_steps_and_feedback_are_only_for_the_learner(client, world, worker, make_course):
    course = make_course("Fire safety")
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    unit = course.units.get()
    client.force_login(world["elm_worker"])
    assert client.get(reverse("lms_unit", args=[course.pk, unit.key])).status_code == 404
    assert client.post(reverse("lms_unit_done", args=[course.pk, unit.key])).status_code == 404
    assert client.get(reverse("lms_feedback", args=[enrolment.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("lms_my_learning")).status_code == 302


def test_invitation_only_courses_say_so(client, worker, make_course):
    course = make_course("Leading teams", self_enrol=False)
    client.force_login(worker)
    assert "by invitation" in client.get(course.url).text
    response = client.post(reverse("lms_course_enrol", args=[course.pk]), follow=True)
    assert "by invitation" in response.text
    assert not Enrolment.objects.exists()


def test_external_e_learning_launches_with_a_credential_for_this_learner_only(client, worker, make_course):
    course = make_course(
        "Part 1", units=[unit_for(UnitKind.EXTERNAL, launch_url="https://elearning.example.org/start?x=1")]
    )
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
    unit = course.units.get()
    client.force_login(worker)
    response = client.post(reverse("lms_unit_launch", args=[course.pk, unit.key]))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://elearning.example.org/start?x=1&endpoint=")
    credential = Credential.objects.get(person=worker)
    assert credential.activity_id == unit.reported_activity_iri() and credential.expires_at
    assert Statement.objects.filter(verb_id__endswith="/launched").count() == 1
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS


def test_my_learning_shows_progress_due_and_completed(client, worker, make_course):
    in_progress = make_course("Safeguarding", units=["content", "content"])
    done = make_course("Fire safety", refresher_months=1)
    enrolment_service.enrolment_create(learner=worker, course=in_progress, by=worker)
    client.force_login(worker)
    first = in_progress.units.order_by("sort_order").first()
    client.post(reverse("lms_unit_done", args=[in_progress.pk, first.key]))
    enrolment_service.enrolment_create(learner=worker, course=done, by=worker)
    client.post(reverse("lms_unit_done", args=[done.pk, done.units.get().key]))
    page = client.get(reverse("lms_my_learning"))
    assert page.status_code == 200
    text = page.text
    assert "Progress: 50% (1 of 2 steps done)" in text
    assert "Due again" in text and "Due by" in text  # a one-month refresher is within 90 days
    assert "Fire safety" in text.split('<h2 class="govuk-heading-l">Completed</h2>')[1]


def test_my_learning_costs_the_same_queries_however_much_learning(
    client, worker, make_course, django_assert_max_num_queries
):
    courses = [make_course(f"Course {n}", units=["content", "content"]) for n in range(6)]
    client.force_login(worker)
    enrolment_service.enrolment_create(learner=worker, course=courses[0], by=worker)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("lms_my_learning"))
    baseline = len(few.captured_queries)  # read now: the next request clears the query log
    for course in courses[1:]:
        enrolment_service.enrolment_create(learner=worker, course=course, by=worker)
        client.post(reverse("lms_unit_done", args=[course.pk, course.units.first().key]))
    with django_assert_max_num_queries(baseline):
        client.get(reverse("lms_my_learning"))
