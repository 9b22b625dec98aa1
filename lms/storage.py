"""Where private uploads (certificates of prior learning, observation evidence) are kept."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """Files outside MEDIA_ROOT with no public URL: views serve them after checking who asks."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
