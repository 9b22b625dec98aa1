"""Inviting one member of staff, accepting, withdrawing and re-sending invitations."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.signing import TimestampSigner
from django.urls import reverse

from academy import services
from academy.models import Invitation, Membership, User

from ..conftest import PASSWORD


def _form(**overrides):
    data = {
        "email": "new.starter@example.org",
        "first_name": "Nia",
        "last_name": "Starter",
        "job_role": "",
        "pathway_category": "new_to_care",
        "contract_type": "permanent",
        "start_date": "01/04/2026",
        "ascwds_worker_id": "W100",
    }
    data.update(overrides)
    return data


@pytest.fixture
def manager_client(client, world):
    client.force_login(world["oak_manager"])
    return client


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run what the services queue for after commit (the invitation emails) as a real commit would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def _link_from(message) -> str:
    return re.search(r"http://\S+/invitations/\S+/", message.body).group(0)


def test_manager_invites_a_new_person_and_they_get_an_email(manager_client, world, job_role, sent):
    url = reverse("invite_staff", args=[world["oak"].pk])
    response = sent(manager_client.post, url, _form(job_role=job_role.pk))
    invitation = Invitation.objects.get(membership__person__email="new.starter@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("invitation_sent", args=[world["oak"].pk, invitation.pk])

    membership = invitation.membership
    assert membership.organisation == world["oak"]
    assert membership.accepted_at is None
    assert membership.start_date == datetime.date(2026, 4, 1)
    assert not membership.person.has_usable_password()
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.starter@example.org"]
    assert "Oak House" in mail.outbox[0].subject
    assert "Set up your account" in mail.outbox[0].body

    page = manager_client.get(response["Location"])
    assert "Invitation sent" in page.text
    team = manager_client.get(reverse("organisation_detail", args=[world["oak"].pk]))
    assert "new.starter@example.org" in team.text


def test_invalid_form_shows_every_problem_and_saves_nothing(manager_client, world):
    url = reverse("invite_staff", args=[world["oak"].pk])
    response = manager_client.post(url, {"email": "not-an-email", "start_date": "31/02/2026"})
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    for message in [
        "Enter an email address in the correct format",
        "Enter the person&#x27;s first name",
        "Choose the person&#x27;s main job role",
        "Choose a contract type",
        "Enter the start date as day/month/year",
    ]:
        assert message in text
    assert 'href="#id_contract_type_0"' in text
    assert not User.objects.filter(email="not-an-email").exists()
    assert Invitation.objects.count() == 0


def test_cannot_invite_someone_already_in_the_organisation(manager_client, world, job_role):
    url = reverse("invite_staff", args=[world["oak"].pk])
    response = manager_client.post(url, _form(email="WORKER@oak.example.org", job_role=job_role.pk))
    assert "This person is already a member of this organisation" in response.text
    assert Invitation.objects.count() == 0


def test_cannot_reuse_a_worker_id(manager_client, world, job_role, make_person, make_membership):
    make_membership(make_person(), world["oak"], worker_id="W100")
    response = manager_client.post(
        reverse("invite_staff", args=[world["oak"].pk]), _form(job_role=job_role.pk)
    )
    assert "Another member of this organisation already has this worker id" in response.text


def test_another_providers_manager_cannot_open_the_invite_page(client, world, job_role):
    client.force_login(world["elm_manager"])
    url = reverse("invite_staff", args=[world["oak"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(job_role=job_role.pk)).status_code == 404
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("who", ["oak_worker", "oak_assessor", "commissioner", "bank_coordinator"])
def test_only_managers_may_invite(client, world, who):
    client.force_login(world[who])
    assert client.get(reverse("invite_staff", args=[world["oak"].pk])).status_code == 404


def test_service_refuses_someone_who_cannot_manage(world, make_invitation):
    with pytest.raises(PermissionDenied):
        make_invitation("x@example.org", invited_by=world["elm_manager"])
    assert not Invitation.objects.exists()


def test_new_person_accepts_by_setting_a_password(client, manager_client, world, job_role, sent):
    sent(manager_client.post, reverse("invite_staff", args=[world["oak"].pk]), _form(job_role=job_role.pk))
    link = _link_from(mail.outbox[0])
    manager_client.logout()

    page = client.get(link)
    assert "Set up your account" in page.text
    response = client.post(
        link,
        {
            "first_name": "Nia",
            "last_name": "Starter-Jones",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="new.starter@example.org")
    assert person.check_password(PASSWORD)
    assert person.last_name == "Starter-Jones"
    assert EmailAddress.objects.get(user=person).verified
    assert person.memberships.get().accepted_at is not None
    account = client.get(reverse("account_home"))
    assert "Oak House" in account.text

    # The link cannot be used twice to change the password.
    again = client.get(link)
    assert "already accepted" in again.text


def test_password_rules_apply_when_accepting(client, world, make_invitation):
    invitation = make_invitation("weak@example.org", contract_type="bank")
    response = client.post(
        invitation.accept_path,
        {"first_name": "W", "last_name": "Eak", "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert Membership.objects.get(pk=invitation.membership_id).accepted_at is None


def test_existing_person_must_sign_in_and_confirm(client, world, sent, make_invitation):
    # Elm's worker is invited to Oak as well (people can belong to more than one provider).
    elm_worker = world["elm_worker"]
    invitation = sent(
        make_invitation, elm_worker.email, first_name="Typed", last_name="By Manager", contract_type="bank"
    )
    elm_worker.refresh_from_db()
    assert elm_worker.first_name == "Pat"  # the manager's typing never renames an existing person
    assert "Sign in and accept" in mail.outbox[0].body

    response = client.get(invitation.accept_path)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]

    # Until accepted, Oak's manager cannot see Elm's worker.
    from academy import permissions

    assert not permissions.can_view_person(world["oak_manager"], elm_worker)

    client.force_login(world["oak_worker"])
    assert client.get(invitation.accept_path).status_code == 403

    client.force_login(elm_worker)
    assert "Join Oak House" in client.get(invitation.accept_path).text
    client.post(invitation.accept_path)
    assert permissions.can_view_person(world["oak_manager"], elm_worker)
    assert elm_worker.memberships.filter(accepted_at__isnull=False).count() == 2


@pytest.mark.parametrize(
    "token",
    ["nonsense", "abc:def:ghi", "signed for something else"],
    ids=["nonsense", "not-signed", "other-salt"],
)
def test_bad_links_get_a_clear_page(client, db, token):
    if token == "signed for something else":
        # Signed here, not at collection, so every test process collects the same tests.
        token = TimestampSigner(salt="other").sign("0f4a6bb2-4e2e-4b7b-8a3c-6c0cf1a8a8a8")
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "This invitation link does not work" in response.text


def test_expired_link_is_refused(client, world, monkeypatch, make_invitation):
    invitation = make_invitation("late@example.org")
    token = invitation.token
    import time

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 24 * 3600)
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 404


def test_withdraw_and_resend(manager_client, world, job_role, sent):
    sent(manager_client.post, reverse("invite_staff", args=[world["oak"].pk]), _form(job_role=job_role.pk))
    invitation = Invitation.objects.get()
    link = _link_from(mail.outbox[0])

    sent(manager_client.post, reverse("invitation_resend", args=[world["oak"].pk, invitation.pk]))
    assert len(mail.outbox) == 2

    response = manager_client.post(
        reverse("invitation_cancel", args=[world["oak"].pk, invitation.pk]), follow=True
    )
    assert "has been withdrawn" in response.text
    assert not Invitation.objects.exists()
    assert manager_client.get(link).status_code == 404


def test_another_manager_cannot_withdraw(client, world, make_invitation):
    invitation = make_invitation("keep@example.org")
    client.force_login(world["elm_manager"])
    response = client.post(reverse("invitation_cancel", args=[world["oak"].pk, invitation.pk]))
    assert response.status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_cannot_withdraw_an_accepted_invitation(world, make_invitation):
    invitation = make_invitation("done@example.org")
    person = invitation.membership.person
    services.invitation_accept(invitation=invitation, person=person, password=PASSWORD)
    with pytest.raises(services.InvitationError):
        services.invitation_cancel(invitation=invitation, by=world["oak_manager"])


def test_accepting_after_an_admin_corrected_the_email_does_not_fail(client, world, make_invitation):
    invitation = make_invitation("typo@exmaple.org")
    person = invitation.membership.person
    EmailAddress.objects.create(user=person, email="typo@exmaple.org", primary=True, verified=False)
    person.email = "fixed@example.org"
    person.save()
    response = client.post(
        invitation.accept_path,
        {"first_name": "Ima", "last_name": "Fixed", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    primary = EmailAddress.objects.get(user=person, primary=True)
    assert (primary.email, primary.verified) == ("fixed@example.org", True)


def test_existing_person_accepting_keeps_their_email_records(client, world, make_invitation):
    elm_worker = world["elm_worker"]
    before = list(EmailAddress.objects.filter(user=elm_worker).values_list("email", "primary", "verified"))
    invitation = make_invitation(elm_worker.email)
    client.force_login(elm_worker)
    client.post(invitation.accept_path)
    assert (
        list(EmailAddress.objects.filter(user=elm_worker).values_list("email", "primary", "verified"))
        == before
    )


def test_a_broker_outage_keeps_the_invitation_and_it_is_sent_later(
    manager_client, world, job_role, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from academy import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_invitation_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("invite_staff", args=[world["oak"].pk]), _form(job_role=job_role.pk)
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and not mail.outbox

    monkeypatch.undo()
    assert services.invitations_send_unsent() == 0  # too recent: the normal path may still send it
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=invitation.created_at - datetime.timedelta(hours=1)
    )
    assert tasks.send_unsent_invitations.delay().get() == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and len(mail.outbox) == 1
