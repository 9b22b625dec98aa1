"""URLs of the LMS: a learner's pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("learning/", views.my_learning, name="lms_my_learning"),
    path("learning/<int:enrolment_id>/feedback/", views.feedback, name="lms_feedback"),
    path("courses/<int:course_id>/enrol/", views.course_enrol, name="lms_course_enrol"),
    path("programmes/<int:programme_id>/enrol/", views.programme_enrol, name="lms_programme_enrol"),
    path("courses/<int:course_id>/units/<uuid:unit_key>/", views.unit_detail, name="lms_unit"),
    path("courses/<int:course_id>/units/<uuid:unit_key>/done/", views.unit_done, name="lms_unit_done"),
    path(
        "courses/<int:course_id>/units/<uuid:unit_key>/answers/",
        views.knowledge_check,
        name="lms_knowledge_check",
    ),
    path("courses/<int:course_id>/units/<uuid:unit_key>/launch/", views.unit_launch, name="lms_unit_launch"),
]
