"""Sends editors, commissioners and superusers to set up an authenticator app before anything else."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import permissions

# Paths a person without an authenticator may still reach: setting one up, signing out, assets.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz", "/cookies/", "/accessibility/")


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ACADEMY_MFA_REQUIRED and self._must_set_up(request):
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(_ALLOWED_PREFIXES):
            return False
        if not permissions.requires_mfa(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
