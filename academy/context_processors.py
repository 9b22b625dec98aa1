"""Template context every page needs: navigation, and whether the demo has relaxed security."""

from django.conf import settings

from .navigation import navigation_for


def academy(request):
    user = getattr(request, "user", None)
    items = navigation_for(user) if user is not None else []
    path = request.path
    current = None
    for item in items:
        if path == item.url or (item.url != "/" and path.startswith(item.url)):
            if current is None or len(item.url) > len(current.url):
                current = item
    return {
        "academy_navigation": items,
        "academy_navigation_current": current,
        "academy_mfa_relaxed": not settings.ACADEMY_MFA_REQUIRED,
        "academy_site_url": settings.SITE_URL,
        "academy_help_email": settings.ACADEMY_HELP_EMAIL,
    }
