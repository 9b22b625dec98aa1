"""The issuer's DID document at /.well-known/did.json, where did:web resolution finds the academy's keys."""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .credentials.did import did_document

logger = logging.getLogger(__name__)


@require_GET
def did_json(request):
    try:
        document = did_document()
    except ImproperlyConfigured as error:
        logger.error("The DID document cannot be served: %s", error)
        return JsonResponse({"error": "The academy's signing keys are not configured."}, status=503)
    response = JsonResponse(document, content_type="application/did+ld+json", json_dumps_params={"indent": 2})
    # Verifiers in a browser (another provider's wallet or checker) fetch this from their own origin.
    response["Access-Control-Allow-Origin"] = "*"
    # Short enough that a newly rotated key is seen within minutes.
    response["Cache-Control"] = "public, max-age=300"
    return response
