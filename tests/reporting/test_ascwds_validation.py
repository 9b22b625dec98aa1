"""reporting/ascwds: the validation report catches each kind of value ASC-WDS would reject, names the worker
and the training, says what to fix and where, and agrees with DOMAIN.md's rules written out independently."""

import datetime

import pytest
from django.utils import timezone

from academy.models import Membership, Organisation
from lms.models import CoursePage, Enrolment, PriorLearning, TrainingCategory
from reporting.ascwds import (
    TRAINING_FILES,
    StaffFileNov2025,
    Target,
    TargetKind,
    TrainingFileNov2025,
    ascwds_export_build,
)
from tests.lms.conftest import catalogue, make_course, make_programme  # noqa: F401 (fixtures)
from tests.reporting.test_ascwds_support import (  # noqa: F401 (fixtures)
    STAFF_HEADER,
    TRAINING_HEADER,
    ascwds_courses_fixture,
    days,
    domain_violations,
    finish,
    on,
    prior_learning,
    provider_fixture,
    read_csv,
    today,
)

GOOD_ROW = {
    "LOCALESTID": "OAK-001",
    "UNIQUEWORKERID": "OAK-W1",
    "CATEGORY": "6",
    "TRAININGNAME": "Fire safety",
    "ACCREDITED": "0",
    "WHODELIVERED": "2",
    "PROVIDERNAME": "999",
    "HOWDELIVERED": "2",
    "VALIDITY": "12",
    "DATECOMPLETED": "07/03/2025",
    "EXPIRYDATE": "07/03/2026",
    "NOTES": "",
}
GOOD_STAFF = {
    "LOCALESTID": "OAK-001",
    "UNIQUEWORKERID": "OAK-W1",
    "CARECERT": "1",
    "CWPCATEGORY": "2",
    "MAINJOBROLE": "8",
}
TOMORROW = f"{days(1):%d/%m/%Y}"

# (the change to a good row, the column blamed, words of the message)
BAD_TRAINING = [
    ({"LOCALESTID": ""}, "LOCALESTID", "is empty"),
    ({"LOCALESTID": "E" * 51}, "LOCALESTID", "up to 50"),
    ({"UNIQUEWORKERID": ""}, "UNIQUEWORKERID", "is empty"),
    ({"UNIQUEWORKERID": "W" * 51}, "UNIQUEWORKERID", "up to 50"),
    ({"CATEGORY": ""}, "CATEGORY", "is empty"),
    ({"CATEGORY": "3"}, "CATEGORY", "not one of ASC-WDS's codes"),
    ({"CATEGORY": "24"}, "CATEGORY", "not one of ASC-WDS's codes"),
    ({"CATEGORY": "52"}, "CATEGORY", "not one of ASC-WDS's codes"),
    ({"CATEGORY": "Fire"}, "CATEGORY", "not one of ASC-WDS's codes"),
    ({"TRAININGNAME": "T" * 121}, "TRAININGNAME", "up to 120"),
    ({"ACCREDITED": "2"}, "ACCREDITED", "not one of ASC-WDS's codes"),
    ({"ACCREDITED": "yes"}, "ACCREDITED", "not one of ASC-WDS's codes"),
    ({"WHODELIVERED": "3", "PROVIDERNAME": ""}, "WHODELIVERED", "not one of ASC-WDS's codes"),
    ({"WHODELIVERED": "1"}, "PROVIDERNAME", "only for external training"),
    ({"PROVIDERNAME": "Moving Well"}, "PROVIDERNAME", "not one of ASC-WDS's codes"),
    ({"PROVIDERNAME": "1000"}, "PROVIDERNAME", "not one of ASC-WDS's codes"),
    ({"HOWDELIVERED": "3"}, "HOWDELIVERED", "not one of ASC-WDS's codes"),
    ({"VALIDITY": "0"}, "VALIDITY", "from 1 to 999"),
    ({"VALIDITY": "1000"}, "VALIDITY", "from 1 to 999"),
    ({"VALIDITY": "never"}, "VALIDITY", "from 1 to 999"),
    ({"DATECOMPLETED": "2025-03-07"}, "DATECOMPLETED", "DD/MM/YYYY"),
    ({"DATECOMPLETED": "7/3/2025"}, "DATECOMPLETED", "DD/MM/YYYY"),
    ({"DATECOMPLETED": "31/02/2025"}, "DATECOMPLETED", "DD/MM/YYYY"),
    ({"DATECOMPLETED": TOMORROW, "EXPIRYDATE": ""}, "DATECOMPLETED", "in the future"),
    ({"EXPIRYDATE": "2026-03-07"}, "EXPIRYDATE", "DD/MM/YYYY"),
    ({"EXPIRYDATE": "07/03/2025"}, "EXPIRYDATE", "not after DATECOMPLETED"),
    ({"EXPIRYDATE": "06/03/2025"}, "EXPIRYDATE", "not after DATECOMPLETED"),
    ({"NOTES": "N" * 1001}, "NOTES", "up to 1,000"),
]
BAD_STAFF = [
    ({"LOCALESTID": ""}, "LOCALESTID", "is empty"),
    ({"UNIQUEWORKERID": "W" * 51}, "UNIQUEWORKERID", "up to 50"),
    ({"CARECERT": "4"}, "CARECERT", "not one of ASC-WDS's codes"),
    ({"CARECERT": ""}, "CARECERT", "is empty"),
    ({"CWPCATEGORY": "8"}, "CWPCATEGORY", "not one of ASC-WDS's codes"),
    ({"MAINJOBROLE": "carer"}, "MAINJOBROLE", "not one of ASC-WDS's codes"),
]


def label(case):
    change, column, _ = case
    return f"{column}={'|'.join(change.values())[:12]}"


def test_a_good_row_has_nothing_to_reject():
    assert TrainingFileNov2025().check(GOOD_ROW, today=today()) == []
    assert StaffFileNov2025().check(GOOD_STAFF, today=today()) == []
    assert domain_violations([GOOD_ROW], [GOOD_STAFF]) == []


@pytest.mark.parametrize("change, column, words", BAD_TRAINING, ids=[label(c) for c in BAD_TRAINING])
def test_each_training_rule_is_checked(change, column, words):
    row = {**GOOD_ROW, **change}
    issues = TrainingFileNov2025().check(row, today=today())
    assert [(i.column, words in i.message) for i in issues] == [(column, True)], issues
    # DOMAIN.md's rules, written out on their own in the tests, find the same row wrong (both files are
    # keyed the same way, so an empty id is also a worker missing from the staff file).
    staff = {**GOOD_STAFF, "LOCALESTID": row["LOCALESTID"], "UNIQUEWORKERID": row["UNIQUEWORKERID"]}
    assert domain_violations([row], [staff]) != []


@pytest.mark.parametrize("column", ["LOCALESTID", "UNIQUEWORKERID"])
def test_an_id_a_spreadsheet_would_run_as_a_formula_is_flagged(column):
    """Ids cannot be made safe without breaking the match with ASC-WDS, so they are reported instead."""
    issues = TrainingFileNov2025().check({**GOOD_ROW, column: '=HYPERLINK("x")'}, today=today())
    assert [(i.column, "run as a formula" in i.message) for i in issues] == [(column, True)]


@pytest.mark.parametrize("change, column, words", BAD_STAFF, ids=[label(c) for c in BAD_STAFF])
def test_each_staff_file_rule_is_checked(change, column, words):
    issues = StaffFileNov2025().check({**GOOD_STAFF, **change}, today=today())
    assert [(i.column, words in i.message) for i in issues] == [(column, True)], issues


# --- Problems found in a provider's records, with who, what and where to fix ------------------------------


def export_of(world):
    export = ascwds_export_build(organisation=world["oak"])
    rows = read_csv(export.training_csv(), TRAINING_HEADER)
    staff = read_csv(export.staff_csv(), STAFF_HEADER)
    return export, rows, staff


def only_error(export):
    (problem,) = export.errors
    return problem


def test_a_provider_without_its_workplace_id_is_one_problem_for_every_row(provider, ascwds_courses):
    Organisation.objects.filter(pk=provider["oak"].pk).update(ascwds_establishment_id="")
    provider["oak"].refresh_from_db()
    finish(provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2))
    export, rows, staff = export_of(provider)
    problem = only_error(export)
    assert (problem.column, problem.target.kind) == ("LOCALESTID", TargetKind.ORGANISATION)
    assert problem.rows == len(rows) + len(staff) == 5
    assert len(problem.workers) == 4
    assert "Oak House" in problem.fix
    assert domain_violations(rows, staff)


def test_a_course_title_too_long_is_one_problem_for_the_course_however_many_hold_it(provider, ascwds_courses):
    course = ascwds_courses["fire"]
    CoursePage.objects.filter(pk=course.pk).update(title="Fire safety " + "and more " * 14)
    for who in ("oak_worker", "oak_bank_worker", "oak_manager"):
        finish(provider[who], course, completed=on(2025, 1, 2))
    export, rows, staff = export_of(provider)
    problem = only_error(export)
    assert problem.column == "TRAININGNAME"
    assert problem.target == Target(TargetKind.COURSE, course.pk)
    assert (problem.rows, len(problem.workers)) == (3, 3)
    assert problem.training == [CoursePage.objects.get(pk=course.pk).title]
    assert "Shorten the title of the course" in problem.fix
    assert len(rows) == 3, "rows with a problem stay in: leaving one out would delete it from ASC-WDS"
    assert domain_violations(rows, staff)


def test_a_prior_learning_name_too_long_is_put_right_on_the_persons_record(provider, ascwds_courses):
    claim = prior_learning(provider["oak_worker"], ascwds_courses["fire"])
    PriorLearning.objects.filter(pk=claim.pk).update(title="Fire safety " + "x" * 150)
    export, _, _ = export_of(provider)
    problem = only_error(export)
    assert (problem.column, problem.target.kind) == ("TRAININGNAME", TargetKind.PERSON)
    assert [w.name for w in problem.workers] == ["Pat Oakworker"]
    assert "prior learning" in problem.fix and "academy team" in problem.fix


@pytest.mark.parametrize(
    "change, column",
    [
        ({"accredited": 5}, "ACCREDITED"),
        ({"delivered_by": 3}, "WHODELIVERED"),
        ({"refresher_months": 0}, "VALIDITY"),
        ({"refresher_months": 1200}, "VALIDITY"),
    ],
)
def test_a_course_detail_asc_wds_would_reject_is_put_right_on_the_course(
    provider, ascwds_courses, change, column
):
    course = ascwds_courses["fire"]
    finish(provider["oak_worker"], course, completed=on(2025, 1, 2), expires_on=None)
    CoursePage.objects.filter(pk=course.pk).update(**change)
    export, rows, staff = export_of(provider)
    problem = only_error(export)
    assert (problem.column, problem.target.kind, problem.target.pk) == (column, TargetKind.COURSE, course.pk)
    assert problem.training == ["Fire safety"]
    assert "Fire safety" in problem.fix
    assert domain_violations(rows, staff)


def test_a_category_asc_wds_does_not_use_is_put_right_on_the_course(provider, ascwds_courses):
    unused = TrainingCategory.objects.create(code=24, name="Not used any more")
    course = ascwds_courses["fire"]
    CoursePage.objects.filter(pk=course.pk).update(training_category=unused)
    finish(provider["oak_worker"], course, completed=on(2025, 1, 2))
    export, rows, staff = export_of(provider)
    problem = only_error(export)
    assert (problem.column, problem.message) == ("CATEGORY", "CATEGORY 24 is not one of ASC-WDS's codes")
    assert problem.target.kind == TargetKind.COURSE
    assert "Records and ASC-WDS" in problem.fix


def test_completion_in_the_future_and_expiry_not_after_completion_are_put_right_on_the_record(
    provider, ascwds_courses
):
    ahead = finish(provider["oak_worker"], ascwds_courses["duty"], completed=on(2025, 1, 2))
    Enrolment.objects.filter(pk=ahead.pk).update(completed_at=timezone.now() + datetime.timedelta(days=30))
    finish(
        provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2), expires_on=on(2025, 1, 2)
    )
    claim = prior_learning(provider["oak_bank_worker"], ascwds_courses["moving"], expires_on=days(-200))
    export, rows, staff = export_of(provider)
    found = {(p.column, p.training[0], p.workers[0].name): p for p in export.errors}
    assert set(found) == {
        ("DATECOMPLETED", "Care Certificate standard 3: Duty of care", "Pat Oakworker"),
        ("EXPIRYDATE", "Fire safety", "Pat Oakworker"),
        ("EXPIRYDATE", claim.title, "Pat Oakbank"),
    }
    assert all(p.target.kind == TargetKind.PERSON for p in found.values())
    assert "02/01/2025" in found["EXPIRYDATE", "Fire safety", "Pat Oakworker"].message
    assert len(domain_violations(rows, staff)) == 3


def test_two_workers_with_the_same_worker_id_are_both_reported(provider):
    Membership.objects.filter(person=provider["oak_bank_worker"]).update(ascwds_worker_id=" OAK-W1 ")
    export, _, staff = export_of(provider)
    duplicates = [p for p in export.errors if p.message == "UNIQUEWORKERID OAK-W1 is used for 2 workers"]
    assert {p.workers[0].name for p in duplicates} == {"Pat Oakworker", "Pat Oakbank"}
    assert {p.target.kind for p in duplicates} == {TargetKind.MEMBERSHIP}
    assert [row["UNIQUEWORKERID"] for row in staff].count("OAK-W1") == 2


def test_a_pathway_category_asc_wds_has_no_code_for_is_put_right_on_the_membership(provider):
    Membership.objects.filter(person=provider["oak_worker"]).update(pathway_category="alien")
    export, _, staff = export_of(provider)
    problem = only_error(export)
    assert (problem.column, problem.target.kind) == ("CWPCATEGORY", TargetKind.MEMBERSHIP)
    assert "job role and care workforce pathway category" in problem.fix
    assert domain_violations([], staff)


class StaffFileMissingTheBankWorker(StaffFileNov2025):
    def row(self, *, establishment_id, worker, care_certificate):
        row = super().row(establishment_id=establishment_id, worker=worker, care_certificate=care_certificate)
        return {**row, "UNIQUEWORKERID": "SOMEONE-ELSE"} if worker.worker_id == "OAK-B1" else row


class TrainingFileWithAnotherStaffFile(TrainingFileNov2025):
    version = "test-staff"
    staff_file = StaffFileMissingTheBankWorker


def test_every_training_rows_worker_must_be_in_the_staff_file(provider, ascwds_courses, monkeypatch):
    monkeypatch.setitem(TRAINING_FILES, "test-staff", TrainingFileWithAnotherStaffFile)
    finish(provider["oak_bank_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2))
    export = ascwds_export_build(organisation=provider["oak"], version="test-staff")
    problem = only_error(export)
    assert problem.message == "The worker is not in the staff file"
    assert [w.name for w in problem.workers] == ["Pat Oakbank"]
    rows = read_csv(export.training_csv(), TRAINING_HEADER)
    staff = read_csv(export.staff_csv(), STAFF_HEADER)
    assert domain_violations(rows, staff) == ["line 2: worker not in the staff file"]


def test_errors_come_before_warnings_and_each_says_what_to_fix(provider, ascwds_courses):
    finish(provider["oak_worker"], ascwds_courses["walks"], completed=on(2025, 1, 2))
    Membership.objects.filter(person=provider["oak_manager"]).update(ascwds_worker_id="")
    export, _, _ = export_of(provider)
    assert [p.severity for p in export.problems] == ["error", "warning"]
    assert all(p.fix for p in export.problems)
