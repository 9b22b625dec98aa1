"""The reporting figures as JSON under /api/v1/reporting/ (django-ninja)."""

from ninja import Router

router = Router(tags=["reporting"])
