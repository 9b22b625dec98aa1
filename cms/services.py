"""Writes for the public site."""

from django.db.models import F

from .models import ResourceItem


def resource_item_download_count(*, item: ResourceItem) -> None:
    """Count one download (or visit, for a link) of a resource's file, safely under concurrent requests."""
    ResourceItem.objects.filter(pk=item.pk).update(download_count=F("download_count") + 1)
