"""Platform roles, held as Django groups, and membership roles within an organisation."""

from django.db import models


class PlatformRole(models.TextChoices):
    """Roles that span the whole academy rather than one provider. Each is a Django group."""

    EDITOR = "Editor", "Editor"
    COMMISSIONER = "Commissioner", "Commissioner"
    RECRUITER = "Recruiter", "Recruiter"
    BANK_COORDINATOR = "Bank coordinator", "Bank coordinator"


# Roles whose holders must use an authenticator app (when ACADEMY_MFA_REQUIRED is on).
MFA_REQUIRED_ROLES = frozenset({PlatformRole.EDITOR, PlatformRole.COMMISSIONER})
