"""The academy's revocation status lists: built from the revoked certificates, signed, cached per change."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache

from . import selectors

_OWN_LIST = re.compile(r"^/certificates/status/(?P<number>[1-9][0-9]{0,6})\.json$")


def status_list_url(number: int) -> str:
    return f"{settings.SITE_URL}/certificates/status/{number}.json"


def status_list_document(number: int) -> dict:
    """The signed BitstringStatusListCredential of one list, re-signed only after a revocation."""
    from .credentials.keys import current_public_key
    from .credentials.status_list import status_list_credential

    count, latest = selectors.status_list_version(list_number=number)
    # A new signing key re-signs the list: a list signed with a retired key must not outlive it.
    signer = current_public_key()
    key = f"certificates:status-list:{number}:{count}:{latest}:{signer.multikey if signer else ''}"
    document = cache.get(key)
    if document is None:
        document = status_list_credential(
            list_url=status_list_url(number), revoked=selectors.revoked_indexes(list_number=number)
        )
        cache.set(key, document, 60 * 60)
    return document


def local_status_list(url: str) -> dict | None:
    """Our own lists for our own verifications, read from the database rather than over HTTP."""
    site = settings.SITE_URL
    if not url.startswith(site):
        return None
    found = _OWN_LIST.match(url[len(site) :])
    return status_list_document(int(found["number"])) if found else None
