"""Short-lived credentials for a learner's own content launch: scoped to one person and one activity."""

from __future__ import annotations

import base64
import datetime
import json
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone

from .models import Credential
from .recording import actor_for_person

LAUNCH_LIFETIME = datetime.timedelta(hours=4)


def launch_credential_issue(*, person, activity_id: str, lifetime: datetime.timedelta = LAUNCH_LIFETIME):
    """A credential that may only write statements about `person` and `activity_id`, and expires.

    Returns (credential, secret); the secret is never stored.
    """
    return Credential.issue(
        name=f"Launch for {person.public_id}"[:100],
        person=person,
        activity_id=activity_id,
        expires_at=timezone.now() + lifetime,
    )


def launch_url(*, content_url: str, person, activity_id: str, registration=None) -> str:
    """The content's address with the xAPI launch parameters (endpoint, auth, actor, registration)."""
    credential, secret = launch_credential_issue(person=person, activity_id=activity_id)
    token = base64.b64encode(f"{credential.key}:{secret}".encode()).decode()
    params = {
        "endpoint": f"{settings.SITE_URL}/xapi/",
        "auth": f"Basic {token}",
        "actor": json.dumps(actor_for_person(person), separators=(",", ":")),
        "activity_id": activity_id,
    }
    if registration is not None:
        params["registration"] = str(registration)
    parts = urlsplit(content_url)
    query = f"{parts.query}&{urlencode(params)}" if parts.query else urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
