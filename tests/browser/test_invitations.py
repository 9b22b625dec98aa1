"""A manager invites staff, one at a time or from a spreadsheet; a new person accepts an invitation."""

import datetime

import pytest

from academy.models import Invitation, User
from tests.browser.helpers import check, follow, navigation_links, sign_in, submit, visit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TODAY = datetime.date.today()


def _open_team_page(page, organisation):
    """From anywhere, the way a manager would: the menu's "Your team" link."""
    with page.expect_navigation():
        page.locator("#navigation").get_by_role("link", name="Your team").click()
    check(page)
    assert page.get_by_role("heading", level=1).inner_text() == organisation.name


def test_manager_invites_a_member_of_staff(page, world, mailoutbox):
    oak = world["oak"]
    sign_in(page, world["oak_manager"])
    _open_team_page(page, oak)
    follow(page, "Invite a member of staff")
    assert page.get_by_role("heading", level=1).inner_text() == "Invite a member of staff"

    # Sending the empty form lists every problem, each linked to its question.
    submit(page, "Send invitation")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    problems = summary.get_by_role("link")
    assert "Enter the person's email address" in problems.all_inner_texts()
    assert problems.count() >= 6
    assert summary.evaluate("el => el.contains(document.activeElement)"), "the summary should take focus"
    problems.filter(has_text="Enter the person's email address").click()
    assert page.get_by_label("Email address").evaluate("el => el === document.activeElement")
    assert Invitation.objects.count() == 0

    page.get_by_label("Email address").fill("new.starter@example.org")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Starter")
    page.get_by_label("Main job role").select_option(label="Care worker")
    page.get_by_label("Care workforce pathway category").select_option(label="Care or support worker")
    page.get_by_label("Permanent").check()
    page.get_by_label("Start date").fill(TODAY.strftime("%d/%m/%Y"))
    submit(page, "Send invitation")

    panel = page.locator(".govuk-panel--confirmation")
    assert panel.get_by_role("heading", level=1).inner_text() == "Invitation sent"
    assert "new.starter@example.org" in panel.inner_text()
    assert [message.to for message in mailoutbox] == [["new.starter@example.org"]]
    assert "Oak House" in mailoutbox[0].subject
    invitation = Invitation.objects.get(membership__person__email="new.starter@example.org")
    assert f"/invitations/{invitation.pk}:" in mailoutbox[0].body  # the signed link to accept

    follow(page, "Back to Oak House")
    pending = page.get_by_role("table", name="Invitations not yet accepted")
    assert pending.get_by_role("cell", name="new.starter@example.org", exact=True).is_visible()
    assert pending.get_by_role("cell", name="Care worker", exact=True).is_visible()


def _csv(*rows: str) -> dict:
    header = "email,first_name,last_name,job_role,pathway_category,contract_type,start_date,worker_id"
    text = "\n".join([header, *rows]) + "\n"
    return {"name": "staff.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_manager_invites_staff_from_a_spreadsheet(page, world, mailoutbox):
    oak = world["oak"]
    start = TODAY.strftime("%d/%m/%Y")
    sign_in(page, world["oak_manager"])
    _open_team_page(page, oak)
    follow(page, "Invite staff from a spreadsheet")

    # A file with mistakes: every problem is listed by row, and nobody is invited.
    page.get_by_label("Upload a CSV file").set_input_files(
        _csv(
            f"amy.adams@example.org,Amy,Adams,8,Care or support worker,Permanent,{start},W1",
            f"not-an-email,Ben,Brown,8,Care or support worker,Permanent,{start},W2",
            f"cat.cole@example.org,Cat,Cole,Astronaut,Care or support worker,Permanent,{start},W3",
            f"amy.adams@example.org,Amy,Again,8,Care or support worker,Bank,{start},W4",
        )
    )
    submit(page, "Check the file")
    summary = page.locator(".govuk-error-summary")
    assert "Nobody has been invited" in summary.inner_text()
    assert "3 of 4 rows have problems" in summary.inner_text()
    problems = page.get_by_role("table", name="Problems in the file, by row")
    rows = [[cell.strip() for cell in row] for row in _table_rows(problems)]
    assert ["3", "not-an-email", "email"] == rows[0][:3]
    assert rows[1][:3] == ["4", "cat.cole@example.org", "job_role"]
    assert "Astronaut" in rows[1][3]
    assert rows[2][:3] == ["5", "amy.adams@example.org", "email"]
    assert "Also on row 2" in rows[2][3]
    assert Invitation.objects.count() == 0
    assert not User.objects.filter(email__in=["amy.adams@example.org", "cat.cole@example.org"]).exists()
    assert mailoutbox == []

    # A good file: the manager sees who will be invited, then confirms.
    page.get_by_label("Upload a CSV file").set_input_files(
        _csv(
            f"amy.adams@example.org,Amy,Adams,8,Care or support worker,Permanent,{start},W1",
            f"ben.brown@example.org,Ben,Brown,Senior care worker,Enhanced care worker,bank,{start},",
        )
    )
    submit(page, "Check the file")
    assert page.get_by_role("heading", level=1).inner_text() == "Check and send 2 invitations"
    people = page.get_by_role("table", name="People who will be invited")
    assert people.get_by_role("cell", name="Amy Adams", exact=True).is_visible()
    assert people.get_by_role("cell", name="ben.brown@example.org", exact=True).is_visible()
    assert Invitation.objects.count() == 0, "nobody is invited before the manager confirms"

    submit(page, "Send 2 invitations")
    assert page.get_by_role("heading", level=1).inner_text() == "Oak House"
    assert page.get_by_role("region", name="Success").get_by_text("2 invitations sent.").is_visible()
    invited = set(
        Invitation.objects.filter(membership__organisation=oak).values_list(
            "membership__person__email", flat=True
        )
    )
    assert invited == {"amy.adams@example.org", "ben.brown@example.org"}
    assert sorted(message.to[0] for message in mailoutbox) == sorted(invited)
    pending = page.get_by_role("table", name="Invitations not yet accepted")
    assert pending.get_by_role("cell", name="amy.adams@example.org", exact=True).is_visible()
    assert pending.get_by_role("cell", name="ben.brown@example.org", exact=True).is_visible()


def _table_rows(table) -> list[list[str]]:
    return table.locator("tbody tr").evaluate_all(
        "rows => rows.map(row => Array.from(row.cells, cell => cell.innerText))"
    )


def test_a_new_person_accepts_their_invitation_and_sets_up_an_account(page, make_invitation):
    invitation = make_invitation("dee.new@example.org", first_name="Dee", last_name="New", start_date=TODAY)

    link = invitation.accept_path  # the token is timestamped: each call signs afresh
    visit_and_check(page, link)
    assert page.get_by_role("heading", level=1).inner_text() == "Set up your account"
    assert "dee.new@example.org" in page.get_by_role("main").inner_text()
    assert page.get_by_label("First name").input_value() == "Dee"
    assert page.get_by_label("Last name").input_value() == "New"

    # Passwords that differ are refused, with the error shown on the page.
    page.get_by_label("Create a password").fill("a-long-new-password-7")
    page.get_by_label("Confirm your password").fill("a-different-password-7")
    submit(page, "Create account and join")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.url.endswith(link)

    page.get_by_label("Create a password").fill("a-long-new-password-7")
    page.get_by_label("Confirm your password").fill("a-long-new-password-7")
    submit(page, "Create account and join")
    assert page.url.endswith("/account/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert "You are now part of Oak House" in page.get_by_role("region", name="Success").inner_text()
    where = page.get_by_role("table", name="Your organisations")
    assert where.get_by_role("cell", name="Oak House", exact=True).is_visible()
    assert "Your account" in navigation_links(page)

    # The new password works from now on.
    submit(page, "Sign out")
    person = User.objects.get(email="dee.new@example.org")
    sign_in(page, person, password="a-long-new-password-7")
    assert page.url.endswith("/account/")


def test_a_manager_cannot_open_another_providers_person(page, world):
    stranger = world["elm_worker"]
    sign_in(page, world["oak_manager"])
    visit_and_check(page, f"/people/{stranger.public_id}/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    content = page.content()
    for detail in (stranger.last_name, stranger.email, "Elm Court"):
        assert detail not in content, f"the 404 page gives away {detail!r}"
    # Their own staff still open.
    visit_and_check(page, f"/people/{world['oak_worker'].public_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == world["oak_worker"].display_name
