"""Template helpers of the team pages: whether the viewer may open a person's training record."""

from django import template

from academy import permissions

register = template.Library()


@register.filter
def manages_training_of(user, person) -> bool:
    """{% if request.user|manages_training_of:person %}: a manager of where the person works."""
    return permissions.people_managed_by(user).filter(pk=person.pk).exists()
