"""Signing in and out, password reset, email verification, two-factor sign-in and throttling."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from academy.models import User
from academy.roles import PlatformRole

from ..conftest import PASSWORD, totp_code


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_worker_signs_in_with_email_in_any_case_and_out_again(client, world):
    response = _sign_in(client, "Worker@OAK.example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_home")
    page = client.get(reverse("account_home"))
    assert "worker@oak.example.org" in page.text and "Oak House" in page.text
    client.post(reverse("account_logout"))
    assert client.get(reverse("account_home")).status_code == 302


def test_wrong_password_says_so_without_saying_which_part(client, world):
    response = _sign_in(client, "worker@oak.example.org", "wrong-password")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The email address and/or password you specified are not correct." in response.text


def test_unverified_email_must_be_verified_first(client, make_person):
    person = make_person("unverified@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)
    response = _sign_in(client, person.email)
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]


def test_password_reset_by_email(client, world):
    client.post(reverse("account_reset_password"), {"email": "worker@oak.example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/password/reset/key/\S+", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(
        action, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    assert response.status_code == 302
    world["oak_worker"].refresh_from_db()
    assert world["oak_worker"].check_password("a-brand-new-passphrase")


def test_password_reset_does_not_reveal_which_addresses_have_accounts(client, world):
    known = client.post(reverse("account_reset_password"), {"email": "worker@oak.example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "stranger@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    # The stranger is told no account uses that address; only the real account gets a reset link.
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "/password/reset/key/" in by_address["worker@oak.example.org"]
    assert "/password/reset/key/" not in by_address.get("stranger@example.org", "")


def test_open_sign_up_is_closed(client, db):
    page = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in page.text or "closed" in page.text.lower()
    client.post(
        reverse("account_signup"),
        {
            "email": "walk.in@example.org",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert not User.objects.filter(email="walk.in@example.org").exists()


def test_wagtail_account_pages_cannot_change_email_or_password(client, world):
    client.force_login(world["editor"])
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200
    client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-email": "claimed@example.org",
            "name_email-first_name": "E",
            "name_email-last_name": "D",
        },
    )
    world["editor"].refresh_from_db()
    assert world["editor"].email == "editor@council.example.org"


def test_login_is_throttled_after_repeated_failures(client, world, settings):
    for _ in range(5):
        _sign_in(client, "worker@oak.example.org", "wrong-password")
    response = _sign_in(client, "worker@oak.example.org", PASSWORD)
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("who", ["editor", "commissioner", "superuser"])
def test_roles_that_need_two_factor_are_sent_to_set_it_up(client, make_person, who):
    roles = {"editor": [PlatformRole.EDITOR], "commissioner": [PlatformRole.COMMISSIONER]}.get(who, [])
    person = make_person(f"{who}@example.org", roles=roles, superuser=who == "superuser", mfa=False)
    assert _sign_in(client, person.email).status_code == 302
    response = client.get(reverse("organisation_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Setting up an authenticator asks for the password once more, then shows the set-up page.
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    client.post(setup["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Authenticator" in page.text


def test_two_factor_requirement_can_be_switched_off_for_the_demo(client, make_person, settings):
    settings.ACADEMY_MFA_REQUIRED = False
    person = make_person("relaxed@example.org", roles=[PlatformRole.COMMISSIONER], mfa=False)
    _sign_in(client, person.email)
    response = client.get(reverse("organisation_list"))
    assert response.status_code == 200
    assert "Two-factor sign-in is not required" in response.text


def test_workers_and_managers_are_not_forced_into_two_factor(client, world):
    _sign_in(client, world["oak_manager"].email)
    assert client.get(reverse("organisation_detail", args=[world["oak"].pk])).status_code == 200


def test_sign_in_with_an_authenticator_asks_for_the_code(client, world):
    response = _sign_in(client, world["commissioner"].email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    bad = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert bad.status_code == 200 and "_auth_user_id" not in client.session
    good = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert good.status_code == 302
    assert client.get(reverse("organisation_list")).status_code == 200


def test_django_and_wagtail_admin_sign_in_go_through_the_academy_sign_in(client, db):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fpages%2F"
    response = client.get("/admin/login/?next=https://evil.example.com/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_editor_reaches_the_wagtail_admin(client, world):
    client.force_login(world["editor"])
    assert client.get("/admin/").status_code == 200


def test_worker_is_kept_out_of_the_wagtail_admin(client, world):
    client.force_login(world["oak_worker"])
    response = client.get("/admin/")
    assert response.status_code == 302
