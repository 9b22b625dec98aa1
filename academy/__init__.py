"""The academy's project package and shared core: people, organisations, memberships, roles."""

from .celery import app as celery_app

__all__ = ["celery_app"]
