"""The visitor's own address behind the academy's proxies, for every per-address limit alike."""

from allauth.account.adapter import get_adapter


def client_ip(request) -> str:
    """allauth's reading (ALLAUTH_TRUSTED_PROXY_COUNT of X-Forwarded-For), so sign-in throttling and
    django-ratelimit's limits count the same person, not the proxy in front of everyone."""
    return get_adapter(request).get_client_ip(request) or request.META.get("REMOTE_ADDR", "")
