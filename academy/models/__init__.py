"""People, organisations and the memberships between them."""

from .invitations import Invitation
from .organisations import (
    ContractType,
    JobRole,
    Membership,
    MembershipQuerySet,
    Organisation,
    OrganisationType,
    PathwayCategory,
)
from .people import User

__all__ = [
    "ContractType",
    "Invitation",
    "JobRole",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "OrganisationType",
    "PathwayCategory",
    "User",
]
