"""Template filters for the LMS's pages: how a step's status reads and looks."""

from django import template

from lms.models import UnitStatus

register = template.Library()

_TAGS = {
    UnitStatus.COMPLETED: "govuk-tag--green",
    UnitStatus.IN_PROGRESS: "govuk-tag--light-blue",
    UnitStatus.NOT_STARTED: "govuk-tag--grey",
}


@register.filter
def unit_tag(status: str) -> str:
    return _TAGS.get(status, "govuk-tag--grey")


@register.filter
def unit_label(status: str) -> str:
    return {UnitStatus.COMPLETED: "Done", UnitStatus.IN_PROGRESS: "Started"}.get(status, "To do")


@register.filter
def answer_chosen(chosen: dict | None, key: str) -> list:
    """The answers chosen for one question (a dict from question id to answer numbers)."""
    return (chosen or {}).get(key, [])
