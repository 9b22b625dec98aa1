"""URLs of the LMS: assessment pages (the assessor's queue and decisions), a learner's prior learning and
observations, and the private files behind them."""

from django.urls import path

from . import views_assessor as views

urlpatterns = [
    path("assessment/", views.assessment_queue, name="assessment_queue"),
    path("assessment/people/<uuid:public_id>/", views.assessment_person, name="assessment_person"),
    path(
        "assessment/people/<uuid:public_id>/prior-learning/new/",
        views.prior_learning_new_for,
        name="prior_learning_new_for",
    ),
    path(
        "assessment/observations/<uuid:registration>/<uuid:unit_key>/",
        views.sign_off,
        name="observation_sign_off",
    ),
    path("assessment/sign-offs/<int:pk>/withdraw/", views.withdraw, name="observation_withdraw"),
    path("assessment/prior-learning/<int:pk>/", views.decide, name="prior_learning_decide"),
    path("learning/prior-learning/", views.prior_learning_list, name="prior_learning_list"),
    path("learning/prior-learning/new/", views.prior_learning_new, name="prior_learning_new"),
    path("learning/observations/", views.my_observations, name="my_observations"),
    path("files/observations/<int:pk>/", views.evidence_file, name="observation_evidence"),
    path("files/prior-learning/<int:pk>/", views.certificate_file, name="prior_learning_certificate"),
]
