"""The xAPI endpoints, mounted at /xapi/."""

from django.urls import path, re_path

from . import document_views, http, views

urlpatterns = [
    path("about", views.about, name="xapi_about"),
    path("statements", views.statements, name="xapi_statements"),
    path("activities/state", document_views.state, name="xapi_state"),
    path("activities/profile", document_views.activity_profile, name="xapi_activity_profile"),
    path("activities", document_views.activities, name="xapi_activities"),
    path("agents/profile", document_views.agent_profile, name="xapi_agent_profile"),
    path("agents", document_views.agents, name="xapi_agents"),
    re_path(r"^(?P<path>.*)$", http.not_found),
]
