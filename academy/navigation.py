"""The site's navigation, which depends on who is signed in and what their roles let them do."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from . import permissions
from .roles import PlatformRole


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation_for(user) -> list[NavItem]:
    """Links to the parts of the academy this person can use, most used first."""
    # The site's sections are pages the first migrations create at these addresses.
    items = [
        NavItem("Home", "/"),
        NavItem("Courses", "/courses/"),
        NavItem("Resources", "/resources/"),
        NavItem("Careers", "/careers/"),
        NavItem("Events", "/events/"),
        NavItem("News", "/news/"),
        NavItem("Search", reverse("search")),
    ]
    if not user.is_authenticated:
        return items
    items.insert(1, NavItem("My learning", reverse("lms_my_learning")))
    # Whoever may open organisations' aggregate figures also sees the reports (reporting.figures.scope_for).
    sees_figures = True
    if permissions.sees_all_organisations(user):
        items.append(NavItem("Providers", reverse("organisation_list")))
    elif permissions.organisations_visible_to(user).exists():
        items.append(NavItem("Your team", reverse("organisation_list")))
    else:
        sees_figures = False
    if permissions.people_visible_to(user).exclude(pk=user.pk).exists():
        items.append(NavItem("People", reverse("people_list")))
    if not user.is_superuser:
        managed = list(permissions.organisations_managed_by(user).values_list("pk", flat=True)[:2])
        if managed:
            # A manager of one provider goes straight to its training matrix.
            url = (
                reverse("team_training", args=[managed[0]])
                if len(managed) == 1
                else reverse("organisation_list")
            )
            items.append(NavItem("Team training", url))
    if sees_figures:
        items.append(NavItem("Reports", reverse("reporting_dashboard")))
    if permissions.can_set_default_requirements(user):
        items.append(NavItem("Training requirements", reverse("default_requirements")))
    if user.is_superuser or permissions.organisations_assessed_by(user).exists():
        items.append(NavItem("Assessments", reverse("assessment_queue")))
    roles = permissions.platform_roles(user)
    if user.is_superuser or PlatformRole.EDITOR in roles:
        items.append(NavItem("Edit the site", reverse("wagtailadmin_home")))
    if user.is_superuser:
        items.append(NavItem("Django admin", reverse("admin:index")))
    items.append(NavItem("Your account", reverse("account_home")))
    return items
