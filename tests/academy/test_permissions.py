"""The permissions module: who may see which person and organisation, as a roles x organisations matrix."""

import pytest
from django.http import Http404

from academy import permissions

# Who each viewer may open, among the people of the `world` fixture (themselves always included).
VISIBLE_PEOPLE = {
    "oak_manager": {"oak_manager", "oak_assessor", "oak_worker", "oak_bank_worker"},
    # Until assessors have learners assigned (with workplace observations), they see only themselves.
    "oak_assessor": {"oak_assessor"},
    "oak_worker": {"oak_worker"},
    "elm_manager": {"elm_manager", "elm_worker"},
    "elm_worker": {"elm_worker"},
    "elm_leaver": {"elm_leaver"},
    "elm_invited": {"elm_invited"},
    "editor": {"editor"},
    "commissioner": {"commissioner"},
    "recruiter": {"recruiter"},
    "bank_coordinator": {"bank_coordinator", "oak_bank_worker"},
    "nobody": {"nobody"},
}
PEOPLE = [
    "oak_manager",
    "oak_assessor",
    "oak_worker",
    "oak_bank_worker",
    "elm_manager",
    "elm_worker",
    "elm_leaver",
    "elm_invited",
    "editor",
    "commissioner",
    "recruiter",
    "bank_coordinator",
    "nobody",
]


@pytest.mark.parametrize("viewer", sorted(VISIBLE_PEOPLE))
@pytest.mark.parametrize("target", PEOPLE)
def test_person_visibility_matrix(world, viewer, target):
    user, person = world[viewer], world[target]
    expected = target in VISIBLE_PEOPLE[viewer]
    assert permissions.can_view_person(user, person) is expected
    if expected:
        assert permissions.get_person_for(user, person.public_id) == person
    else:
        with pytest.raises(Http404):
            permissions.get_person_for(user, person.public_id)


def test_superuser_sees_everyone(world):
    visible = set(permissions.people_visible_to(world["superuser"]))
    assert {world[name] for name in PEOPLE} <= visible


def test_commissioner_sees_named_records_only_when_policy_allows(world, settings):
    assert not permissions.can_view_person(world["commissioner"], world["oak_worker"])
    assert not permissions.sees_named_staff(world["commissioner"], world["oak"])
    settings.ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS = True
    assert permissions.can_view_person(world["commissioner"], world["oak_worker"])
    assert permissions.sees_named_staff(world["commissioner"], world["oak"])
    # Staff only: never platform colleagues, and never invitees who have not accepted.
    assert not permissions.can_view_person(world["commissioner"], world["editor"])
    assert not permissions.can_view_person(world["commissioner"], world["elm_invited"])
    assert not permissions.can_view_person(world["commissioner"], world["elm_leaver"])


@pytest.mark.parametrize(
    "viewer, visible, manageable",
    [
        ("oak_manager", {"oak"}, {"oak"}),
        ("oak_assessor", {"oak"}, set()),
        ("oak_worker", set(), set()),
        ("elm_manager", {"elm"}, {"elm"}),
        ("elm_invited", set(), set()),
        ("editor", set(), set()),
        ("commissioner", {"oak", "elm"}, set()),
        ("recruiter", {"oak", "elm"}, set()),
        ("bank_coordinator", {"oak", "elm"}, set()),
        ("superuser", {"oak", "elm"}, {"oak", "elm"}),
        ("nobody", set(), set()),
    ],
)
def test_organisation_matrix(world, viewer, visible, manageable):
    user = world[viewer]
    for name in ("oak", "elm"):
        organisation = world[name]
        assert permissions.can_view_organisation(user, organisation) is (name in visible)
        assert permissions.can_manage_organisation(user, organisation) is (name in manageable)
        if name not in visible:
            with pytest.raises(Http404):
                permissions.get_organisation_for(user, organisation.pk)
        if name not in manageable:
            with pytest.raises(Http404):
                permissions.get_organisation_for(user, organisation.pk, manage=True)


@pytest.mark.parametrize(
    "viewer, named",
    [
        ("oak_manager", True),
        ("oak_assessor", False),
        ("commissioner", False),
        ("bank_coordinator", False),
        ("recruiter", False),
        ("superuser", True),
    ],
)
def test_who_sees_a_providers_staff_by_name(world, viewer, named):
    assert permissions.sees_named_staff(world[viewer], world["oak"]) is named


def test_a_person_at_two_providers_shows_each_manager_only_their_own_membership(world, make_membership):
    make_membership(world["elm_worker"], world["oak"], contract="bank")
    oak_view = permissions.memberships_visible_to(world["oak_manager"], person=world["elm_worker"])
    assert [m.organisation for m in oak_view] == [world["oak"]]


def test_team_shows_only_what_the_viewer_may_see(world):
    bank_view = permissions.memberships_visible_to(world["bank_coordinator"], organisation=world["oak"])
    assert [m.person for m in bank_view] == [world["oak_bank_worker"]]
    commissioner_view = permissions.memberships_visible_to(world["commissioner"], organisation=world["oak"])
    assert list(commissioner_view) == []


def test_a_manager_who_has_left_loses_access(world, make_membership):
    import datetime

    membership = world["oak_manager"].memberships.get()
    membership.end_date = datetime.date(2025, 6, 30)
    membership.save()
    assert not permissions.can_view_person(world["oak_manager"], world["oak_worker"])
    assert not permissions.can_manage_organisation(world["oak_manager"], world["oak"])


def test_an_inactive_organisation_is_closed_to_its_manager(world):
    world["oak"].is_active = False
    world["oak"].save()
    assert not permissions.can_view_person(world["oak_manager"], world["oak_worker"])


def test_malformed_public_id_is_a_404_not_an_error(world):
    with pytest.raises(Http404):
        permissions.get_person_for(world["superuser"], "not-a-uuid")


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not permissions.people_visible_to(anonymous).exists()
    assert not permissions.organisations_visible_to(anonymous).exists()
