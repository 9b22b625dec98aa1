"""Inviting staff from a CSV: every row checked first, a per-row report, nothing imported until confirmed."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from academy import staff_csv
from academy.models import Invitation, Membership

HEADER = (
    "email,first_name,last_name,job_role,pathway_category,contract_type,start_date,worker_id,manager,assessor"
)
GOOD_ROWS = [
    "ann.lee@example.org,Ann,Lee,8,Care or support worker,permanent,01/04/2026,W1,no,no",
    "bo.kent@example.org,Bo,Kent,Senior care worker,enhanced_care_worker,Zero-hours,2026-03-15,W2,,yes",
    "cy.moss@example.org,Cy,Moss,45,Supervisor or leader,BANK,15/01/2025,,yes,no",
]


def _csv(*rows, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _upload(client, organisation, content: bytes, name="staff.csv"):
    return client.post(
        reverse("invite_upload", args=[organisation.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


@pytest.fixture
def manager_client(client, world):
    client.force_login(world["oak_manager"])
    return client


def test_valid_file_is_previewed_then_imported_on_confirmation(
    manager_client, world, django_capture_on_commit_callbacks
):
    response = _upload(manager_client, world["oak"], _csv(*GOOD_ROWS))
    assert response.status_code == 302
    assert Invitation.objects.count() == 0, "nothing is imported before the manager confirms"

    preview = manager_client.get(response["Location"])
    assert "Check and send 3 invitations" in preview.text
    for email in ("ann.lee@example.org", "bo.kent@example.org", "cy.moss@example.org"):
        assert email in preview.text
    key = re.search(r'name="upload" value="([^"]+)"', preview.text).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        done = manager_client.post(response["Location"].split("?")[0], {"upload": key}, follow=True)
    assert "3 invitations sent" in done.text
    memberships = {m.person.email: m for m in Membership.objects.filter(organisation=world["oak"]).pending()}
    assert set(memberships) == {"ann.lee@example.org", "bo.kent@example.org", "cy.moss@example.org"}
    bo = memberships["bo.kent@example.org"]
    assert (bo.job_role.ascwds_code, bo.pathway_category, bo.contract_type) == (
        7,
        "enhanced_care_worker",
        "zero_hours",
    )
    assert bo.is_assessor and not bo.is_manager and bo.start_date == datetime.date(2026, 3, 15)
    assert memberships["cy.moss@example.org"].is_manager
    assert len(mail.outbox) == 3

    # The same upload cannot be confirmed twice.
    again = manager_client.post(response["Location"].split("?")[0], {"upload": key}, follow=True)
    assert "That upload has expired or was already used" in again.text
    assert Invitation.objects.count() == 3


def test_template_file_is_itself_valid(manager_client, world):
    response = manager_client.get(reverse("staff_csv_template", args=[world["oak"].pk]))
    assert response["Content-Type"].startswith("text/csv")
    checked = staff_csv.check_upload(
        organisation=world["oak"], uploaded_file=SimpleUploadedFile("t.csv", response.content)
    )
    assert checked.is_valid, checked.rows_with_errors


def test_spreadsheet_bom_and_header_spelling_are_accepted(world):
    header = "\ufeffEmail,First Name,Last Name,Job Role,Pathway Category,Contract Type,Start Date,Worker ID"
    content = (
        "\r\n".join([header, "dee@example.org,Dee,Ray,8,new to care,agency,02/02/2026,"]) + "\r\n"
    ).encode()
    checked = staff_csv.check_upload(
        organisation=world["oak"], uploaded_file=SimpleUploadedFile("s.csv", content)
    )
    assert checked.is_valid, [r.errors for r in checked.rows]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file you chose is empty"),
        (b"\n\n", "The file is empty"),
        (HEADER.encode() + b"\n", "no people in it"),
        (_csv(header="email,first_name"), "These columns are missing: last_name, job_role"),
        (
            _csv(GOOD_ROWS[0] + ",x", header=HEADER + ",shoe_size"),
            "These columns are not ones we know: shoe_size",
        ),
        (_csv(header=HEADER + ",email"), "Each column name may appear only once"),
        ("email,first_name\nzoë@example.org,Zoë\n".encode("utf-16"), "The file is not in UTF-8"),
        ("email\nzoë\n".encode("latin-1"), "The file is not in UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV file"),
    ],
)
def test_whole_file_problems(manager_client, world, content, message):
    response = _upload(manager_client, world["oak"], content)
    assert response.status_code == 200
    assert "Nobody has been invited" in response.text or "There is a problem" in response.text
    assert message in response.content.decode()
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    "row, column, message",
    [
        ("not-an-email,A,B,8,new to care,permanent,01/04/2026,,,", "email", "correct format"),
        (",A,B,8,new to care,permanent,01/04/2026,,,", "email", "Enter the person"),
        ("x@example.org,,B,8,new to care,permanent,01/04/2026,,,", "first_name", "first name"),
        ("x@example.org,A,B,99,new to care,permanent,01/04/2026,,,", "job_role", "not a job role we know"),
        ("x@example.org,A,B,²,new to care,permanent,01/04/2026,,,", "job_role", "not a job role we know"),
        ("x@example.org,A,B,8,wizard,permanent,01/04/2026,,,", "pathway_category", "from the list"),
        ("x@example.org,A,B,8,new to care,forever,01/04/2026,,,", "contract_type", "from the list"),
        ("x@example.org,A,B,8,new to care,permanent,31/02/2026,,,", "start_date", "day/month/year"),
        ("x@example.org,A,B,8,new to care,permanent,01/04/2031,,,", "start_date", "within the next year"),
        (
            "x@example.org,A,B,8,new to care,permanent,01/04/2026," + "W" * 51 + ",,",
            "worker_id",
            "50 characters",
        ),
        ("x@example.org,A,B,8,new to care,permanent,01/04/2026,,maybe,", "manager", "Write yes or no"),
        ("worker@oak.example.org,A,B,8,new to care,permanent,01/04/2026,,,", "email", "already a member"),
        ("x@example.org,A,B,8,new to care,permanent,01/04/2026,,,,extra,cells", "row", "cells but there are"),
    ],
)
def test_row_problems_are_reported_by_row_and_column(manager_client, world, row, column, message):
    response = _upload(manager_client, world["oak"], _csv(GOOD_ROWS[0], row))
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 of 2 rows have problems" in text
    match = re.search(
        r"<td class=\"govuk-table__cell\">3</td><td class=\"govuk-table__cell\">[^<]*</td>\s*"
        r"<td class=\"govuk-table__cell\">" + column + r"</td><td class=\"govuk-table__cell\">([^<]*)</td>",
        text,
    )
    assert match, text
    assert message in match.group(1).replace("&#x27;", "'")
    assert Invitation.objects.count() == 0


def test_blank_columns_a_spreadsheet_adds_are_ignored(world):
    content = _csv(GOOD_ROWS[0] + ",,", header=HEADER + ",,")
    checked = staff_csv.check_upload(
        organisation=world["oak"], uploaded_file=SimpleUploadedFile("b.csv", content)
    )
    assert checked.is_valid, (checked.file_errors, checked.rows_with_errors)


def test_duplicates_within_the_file_point_at_the_first_row(world):
    content = _csv(GOOD_ROWS[0], GOOD_ROWS[0].replace("W1", "W9"), GOOD_ROWS[1].replace("W2", "W1"))
    checked = staff_csv.check_upload(
        organisation=world["oak"], uploaded_file=SimpleUploadedFile("d.csv", content)
    )
    assert not checked.is_valid
    errors = {row.line: row.errors for row in checked.rows_with_errors}
    assert errors == {
        3: [("email", "Also on row 2: each person and worker id may appear only once")],
        4: [("worker_id", "Also on row 2: each person and worker id may appear only once")],
    }


def test_too_many_rows(world, settings):
    settings.ACADEMY_INVITE_CSV_MAX_ROWS = 2
    checked = staff_csv.check_upload(
        organisation=world["oak"], uploaded_file=SimpleUploadedFile("big.csv", _csv(*GOOD_ROWS))
    )
    assert checked.file_errors == ["The file has more than 2 people. Split it into smaller files."]


def test_wrong_file_type_and_size(manager_client, world, settings):
    response = _upload(manager_client, world["oak"], _csv(*GOOD_ROWS), name="staff.xlsx")
    assert "The file must be a CSV file" in response.text
    settings.ACADEMY_INVITE_CSV_MAX_BYTES = 100
    response = _upload(manager_client, world["oak"], _csv(*GOOD_ROWS))
    assert "The file must be smaller than" in response.text


def test_confirmation_checks_again_and_imports_nothing_if_anything_changed(
    manager_client, world, make_invitation
):
    response = _upload(manager_client, world["oak"], _csv(*GOOD_ROWS))
    confirm_url = response["Location"]
    key = confirm_url.split("upload=")[1]
    # Meanwhile a colleague invites one of the same people by hand.
    make_invitation("bo.kent@example.org")
    page = manager_client.post(confirm_url.split("?")[0], {"upload": key})
    assert "Something changed since you uploaded the file" in page.text
    assert "already been invited" in page.text
    assert Invitation.objects.count() == 1


def test_another_providers_manager_cannot_upload_or_confirm(client, world):
    client.force_login(world["elm_manager"])
    assert _upload(client, world["oak"], _csv(*GOOD_ROWS)).status_code == 404
    assert (
        client.get(reverse("invite_upload_confirm", args=[world["oak"].pk]) + "?upload=x").status_code == 404
    )
    assert client.get(reverse("staff_csv_template", args=[world["oak"].pk])).status_code == 404


def test_an_upload_for_one_organisation_cannot_be_confirmed_for_another(
    client, make_person, world, make_membership
):
    both = make_person("both@example.org")
    make_membership(both, world["oak"], manager=True)
    make_membership(both, world["elm"], manager=True)
    client.force_login(both)
    response = _upload(client, world["oak"], _csv(*GOOD_ROWS))
    key = response["Location"].split("upload=")[1]
    elm_confirm = reverse("invite_upload_confirm", args=[world["elm"].pk])
    page = client.post(elm_confirm, {"upload": key}, follow=True)
    assert "That upload has expired or was already used" in page.text
    assert Invitation.objects.count() == 0
