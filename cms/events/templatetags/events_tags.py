"""Template helpers for event pages: addresses of a page's own routes (book, register, feeds)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag(takes_context=True)
def subpage_url(context, page, name, *args):
    """The address of one of a routable page's routes, such as `{% subpage_url page "book" session.pk %}`."""
    return page.get_url(context.get("request")) + page.reverse_subpage(name, args=args)


@register.filter
def clock(value) -> str:
    """A time the GOV.UK way: 9am, 2:30pm, midday, midnight (UK time)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
