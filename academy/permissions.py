"""Who may see or act on which person and organisation: the one place that decides.

Views, APIs, exports and tasks ask these functions; none of them decides access itself.
A person the viewer may not see is answered with 404 (`get_person_for`), never 403, so that
nobody learns another provider's staff exist.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import ContractType, Membership, Organisation
from .roles import MFA_REQUIRED_ROLES, PlatformRole

User = get_user_model()


def platform_roles(user) -> frozenset[str]:
    """The platform roles (group names) a user holds, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_academy_platform_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(name for name in names if name in PlatformRole.values)
        user._academy_platform_roles = cached
    return cached


def has_platform_role(user, role: PlatformRole) -> bool:
    return role in platform_roles(user)


def requires_mfa(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(platform_roles(user) & MFA_REQUIRED_ROLES))


def _active_memberships(user) -> QuerySet[Membership]:
    return Membership.objects.active().filter(person=user, organisation__is_active=True)


def organisations_managed_by(user) -> QuerySet[Organisation]:
    """Organisations whose staff this user manages (sees, invites, books for)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.filter(is_active=True)
    ids = _active_memberships(user).filter(is_manager=True).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids, is_active=True)


def sees_all_organisations(user) -> bool:
    """Council-wide roles see every provider's details and aggregate figures."""
    return user.is_authenticated and (
        user.is_superuser
        or bool(
            platform_roles(user)
            & {PlatformRole.COMMISSIONER, PlatformRole.RECRUITER, PlatformRole.BANK_COORDINATOR}
        )
    )


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Organisations whose details and aggregate figures the user may open."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if sees_all_organisations(user):
        return Organisation.objects.filter(is_active=True)
    ids = _active_memberships(user).filter(Q(is_manager=True) | Q(is_assessor=True)).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids, is_active=True)


_ALL_STAFF = Q()


def _staff_scope(user) -> Q | None:
    """A filter on active Membership rows for the people this user may see; None means everyone."""
    if user.is_superuser:
        return None
    if (
        has_platform_role(user, PlatformRole.COMMISSIONER)
        and settings.ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS
    ):
        # Every provider's staff, but only people who are someone's staff: not editors, and not
        # invitees who never accepted.
        return _ALL_STAFF
    scope = Q(organisation__in=organisations_managed_by(user))
    # Assessors see the learners assigned to them. Assignment arrives with workplace observations
    # in the LMS; until then the assessor role shows nobody's named records.
    if has_platform_role(user, PlatformRole.BANK_COORDINATOR):
        scope |= Q(contract_type=ContractType.BANK)
    return scope


def people_visible_to(user) -> QuerySet:
    """People whose records the user may open: themselves, plus staff their roles give them."""
    if not user.is_authenticated:
        return User.objects.none()
    scope = _staff_scope(user)
    if scope is None:
        return User.objects.filter(is_active=True)
    memberships = Membership.objects.active().filter(organisation__is_active=True).filter(scope)
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=memberships.values("person_id")), is_active=True)


def memberships_visible_to(user, *, person=None, organisation=None) -> QuerySet[Membership]:
    """Active memberships the user may see: the rows behind a team list or a person's page."""
    qs = Membership.objects.active().filter(organisation__is_active=True)
    if person is not None:
        qs = qs.filter(person=person)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if not user.is_authenticated:
        return qs.none()
    scope = _staff_scope(user)
    if scope is None:
        return qs
    return qs.filter(scope | Q(person=user))


def can_view_person(user, person) -> bool:
    return people_visible_to(user).filter(pk=person.pk).exists()


def get_person_for(user, public_id) -> User:
    """The person with this public id, if the user may see them; otherwise 404."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404("No such person.") from None
    person = people_visible_to(user).filter(public_id=public_id).first()
    if person is None:
        raise Http404("No such person.")
    return person


def can_view_organisation(user, organisation) -> bool:
    return organisations_visible_to(user).filter(pk=organisation.pk).exists()


def sees_named_staff(user, organisation) -> bool:
    """Whether the user sees an organisation's staff by name (else only its figures)."""
    scope = _staff_scope(user) if user.is_authenticated else Q(pk__in=[])
    # Bank coordinators find bank workers in the people list; on a provider's page they see figures.
    return scope is None or scope is _ALL_STAFF or can_manage_organisation(user, organisation)


def can_manage_organisation(user, organisation) -> bool:
    """Whether the user may invite staff to and book staff of this organisation."""
    return organisations_managed_by(user).filter(pk=organisation.pk).exists()


def get_organisation_for(user, pk, *, manage: bool = False) -> Organisation:
    """The organisation, if the user may open it (or manage it, with manage=True); otherwise 404."""
    qs = organisations_managed_by(user) if manage else organisations_visible_to(user)
    try:
        return qs.get(pk=int(pk))
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404("No such organisation.") from None


def can_open_staff_resources(user) -> bool:
    """Whether the user may open resources kept for the staff of local providers and the council.

    Anyone working for an active organisation counts, as does everyone holding a platform role.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser or platform_roles(user):
        return True
    return _active_memberships(user).exists()


def people_managed_by(user) -> QuerySet:
    """The active staff of the organisations this user manages: whom they may book and enrol."""
    if not user.is_authenticated:
        return User.objects.none()
    memberships = Membership.objects.active().filter(organisation__in=organisations_managed_by(user))
    return User.objects.filter(pk__in=memberships.values("person_id"), is_active=True)


def can_arrange_learning_for(user, person) -> bool:
    """Whether the user may book or cancel event places, and enrol on courses, for this person.

    Anyone does so for themselves; a manager for the staff of the organisations they manage.
    """
    if not user.is_authenticated:
        return False
    if user.pk == person.pk or user.is_superuser:
        return True
    return people_managed_by(user).filter(pk=person.pk).exists()


def can_take_register(user, event) -> bool:
    """Whether the user marks attendance at an event's sessions: one of its facilitators."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or event.facilitators.filter(pk=user.pk).exists()


# --- Assessment: workplace observations and prior learning ----------------------------------
#
# DESIGN says assessors see "learners assigned to them". The academy has no assignment of its own:
# an assessor is assigned the staff of each organisation where they hold the assessor role, and a
# manager (who signs off as the registered manager) the staff of the organisations they manage.


def organisations_assessed_by(user) -> QuerySet[Organisation]:
    """Organisations whose staff this user assesses: where they are an assessor or a manager."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.filter(is_active=True)
    ids = _active_memberships(user).filter(Q(is_assessor=True) | Q(is_manager=True)).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids, is_active=True)


def assessable_people(user) -> QuerySet:
    """The learners this user may assess: active staff of the organisations they assess, never themselves.

    Nobody signs off their own practice or decides their own claim, superusers included.
    """
    if not user.is_authenticated:
        return User.objects.none()
    if user.is_superuser:
        people = User.objects.filter(is_active=True)
    else:
        memberships = Membership.objects.active().filter(organisation__in=organisations_assessed_by(user))
        people = User.objects.filter(pk__in=memberships.values("person_id"), is_active=True)
    return people.exclude(pk=user.pk)


def can_assess(user, learner) -> bool:
    """Whether the user may sign off this learner's observations and decide their prior-learning claims."""
    return assessable_people(user).filter(pk=learner.pk).exists()


def get_assessable_person_for(user, public_id) -> User:
    """The learner with this public id, if the user may assess them; otherwise 404."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404("No such person.") from None
    person = assessable_people(user).filter(public_id=public_id).first()
    if person is None:
        raise Http404("No such person.")
    return person


def can_open_learning_evidence(user, learner) -> bool:
    """Whether the user may download a learner's certificates and observation evidence.

    The learner, whoever may assess them (their assessors and managers), and superusers.
    """
    if not user.is_authenticated:
        return False
    return user.pk == learner.pk or can_assess(user, learner)


def can_set_default_requirements(user) -> bool:
    """Whether the user sets the training every provider's staff must hold: commissioners and superusers."""
    return user.is_authenticated and (user.is_superuser or has_platform_role(user, PlatformRole.COMMISSIONER))


def can_keep_cohorts(user) -> bool:
    """Whether the user runs the cohorts of cohort-based programmes (adds them, follows their members):
    the academy team, that is commissioners and superusers."""
    return can_set_default_requirements(user)


def can_revoke_certificates(user) -> bool:
    """Whether the user may revoke an academy certificate (an audited act): the academy team."""
    return can_set_default_requirements(user)


def can_open_certificate(user, certificate) -> bool:
    """Whether the user may open a certificate's own page, PDF and credential (the public see only
    its verification page): the learner, those who may open their learning evidence, the academy team."""
    if not user.is_authenticated:
        return False
    if user.pk == certificate.learner_id or can_revoke_certificates(user):
        return True
    return can_open_learning_evidence(user, certificate.learner)


def memberships_managed_by(user, *, person=None) -> QuerySet[Membership]:
    """Active memberships at the organisations this user manages: whose training records they follow."""
    if not user.is_authenticated:
        return Membership.objects.none()
    qs = Membership.objects.active().filter(organisation__in=organisations_managed_by(user))
    return qs if person is None else qs.filter(person=person)


def get_managed_person_for(user, public_id) -> User:
    """A member of staff of an organisation the user manages, by public id; anyone else is a 404."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404("No such person.") from None
    person = people_managed_by(user).filter(public_id=public_id).first()
    if person is None:
        raise Http404("No such person.")
    return person


# --- Who is named to whom, and who acts on another's sign-off ------------------------------
#
# A worker with jobs at two providers (or a leaver, whose records go with them) carries records made
# at another provider. Those records keep the other provider's people unnamed, and their sign-offs
# stay that provider's to withdraw and their evidence that provider's to open.

ANOTHER_PROVIDER = "someone at another provider"


def people_named_to(user) -> QuerySet:
    """People the user is shown by name on a record: those they may view, and their colleagues at the
    organisations they assess (an assessor sees who else signed off there)."""
    if not user.is_authenticated:
        return User.objects.none()
    colleagues = Membership.objects.active().filter(organisation__in=organisations_assessed_by(user))
    return User.objects.filter(
        Q(pk__in=people_visible_to(user).values("pk")) | Q(pk__in=colleagues.values("person_id"))
    )


def can_name_person(user, person) -> bool:
    return people_named_to(user).filter(pk=person.pk).exists()


def can_withdraw_sign_off(user, sign_off) -> bool:
    """Whether the user may withdraw an observation sign-off: whoever signed it, someone of the provider
    where it was signed (who may see that assessor), or a superuser. The service checks they may assess."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.pk == sign_off.assessor_id or can_name_person(user, sign_off.assessor)


def can_open_observation_evidence(user, sign_off) -> bool:
    """Whether the user may download a sign-off's evidence: the learner, a superuser, or whoever may open
    the learner's evidence at the provider where it was signed off."""
    if not user.is_authenticated:
        return False
    learner = sign_off.enrolment.learner
    if user.is_superuser or user.pk == learner.pk:
        return True
    return can_open_learning_evidence(user, learner) and can_withdraw_sign_off(user, sign_off)
