"""Template helpers of the team pages: who may open a training record, and how a status is shown."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from academy import permissions

register = template.Library()


@register.filter
def manages_training_of(user, person) -> bool:
    """{% if request.user|manages_training_of:person %}: a manager of where the person works."""
    return permissions.people_managed_by(user).filter(pk=person.pk).exists()


_NOT_REQUIRED = mark_safe('<span class="govuk-body-s govuk-!-margin-bottom-0">Not required</span>')
_DATE = (
    '<span class="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
    "{} {}</span>"
)
_TAGS: dict = {}


@register.simple_tag
def status_tag(status, expires_on=None):
    """A requirement's status as a GOV.UK tag with its words, and the date it runs to or ran out.

    The matrix shows thousands of these, so it is one function with its pieces made once.
    """
    if not status:
        return _NOT_REQUIRED
    tag = _TAGS.get(status)
    if tag is None:
        tag = _TAGS[status] = format_html('<strong class="{}">{}</strong>', status.tag_class, status.label)
    if not expires_on:
        return tag
    words = "Expired" if status == "expired" else "Until"
    # A date is digits and an English month: nothing to escape.
    return mark_safe(tag + _DATE.format(words, f"{expires_on.day} {expires_on:%b %Y}"))  # noqa: S308
