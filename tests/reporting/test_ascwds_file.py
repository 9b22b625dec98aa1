"""reporting/ascwds: the TRAINING file and the STAFF file's Care Certificate column, read back with csv and
held to every rule of DOMAIN.md's ASC-WDS section; whose history goes in; the versioned layouts."""

import datetime

import pytest
from django.utils import timezone

from academy.models import ContractType, Membership, PathwayCategory
from lms.models import Enrolment, EnrolmentStatus, PriorLearningStatus
from lms.services import enrolment as enrolment_service
from lms.services.assessment import (
    observation_sign_off,
    observation_withdraw,
    prior_learning_accept,
    prior_learning_submit,
)
from lms.services.progress import unit_met
from reporting.ascwds import (
    CURRENT_VERSION,
    TRAINING_FILES,
    Column,
    Origin,
    TrainingFile,
    TrainingFileNov2025,
    ascwds_export_build,
    register,
    training_file,
)
from tests.lms.assessment_support import upload
from tests.lms.conftest import catalogue, make_course, make_programme  # noqa: F401 (fixtures)
from tests.reporting.test_ascwds_support import (  # noqa: F401 (fixtures)
    STAFF_HEADER,
    TRAINING_HEADER,
    another_programme_fixture,
    ascwds_courses_fixture,
    care_certificate_fixture,
    days,
    domain_violations,
    finish,
    on,
    prior_learning,
    private_files_fixture,
    provider_fixture,
    read_csv,
    rows_of,
    today,
)


def files(organisation):
    export = ascwds_export_build(organisation=organisation)
    return (
        export,
        read_csv(export.training_csv(), TRAINING_HEADER),
        read_csv(export.staff_csv(), STAFF_HEADER),
    )


# --- The layout ----------------------------------------------------------------------------------------


def test_the_training_file_starts_with_exactly_the_november_2025_header(provider):
    export = ascwds_export_build(organisation=provider["oak"])
    text = export.training_csv()
    assert text.startswith(TRAINING_HEADER + "\r\n")
    assert export.staff_csv().startswith(STAFF_HEADER + "\r\n")
    assert CURRENT_VERSION == "2025-11"
    assert TRAINING_FILES["2025-11"] is TrainingFileNov2025
    assert export.layout.label == "November 2025"


def test_each_course_detail_becomes_its_ascwds_code(provider, ascwds_courses):
    worker = provider["oak_worker"]
    finish(worker, ascwds_courses["fire"], completed=on(2025, 3, 7))
    finish(worker, ascwds_courses["moving"], completed=on(2025, 11, 30))
    finish(worker, ascwds_courses["duty"], completed=on(2024, 12, 1))
    finish(worker, ascwds_courses["tier1"], completed=on(2025, 1, 31))
    _, rows, _ = files(provider["oak"])
    by_name = {row["TRAININGNAME"]: row for row in rows_of(rows, "OAK-W1")}
    assert by_name["Fire safety"] == {
        "LOCALESTID": "OAK-001",
        "UNIQUEWORKERID": "OAK-W1",
        "CATEGORY": "6",
        "TRAININGNAME": "Fire safety",
        "ACCREDITED": "0",
        "WHODELIVERED": "1",
        "PROVIDERNAME": "",
        "HOWDELIVERED": "2",
        "VALIDITY": "12",
        "DATECOMPLETED": "07/03/2025",
        "EXPIRYDATE": "07/03/2026",
        "NOTES": "Social Care Academy course.",
    }
    moving = by_name["Assisting and moving people"]
    assert (moving["CATEGORY"], moving["ACCREDITED"], moving["WHODELIVERED"], moving["PROVIDERNAME"]) == (
        "15",
        "1",
        "2",
        "999",
    )
    assert moving["HOWDELIVERED"] == "1"
    assert "Moving Well Training Ltd" in moving["NOTES"]
    assert (moving["DATECOMPLETED"], moving["EXPIRYDATE"]) == ("30/11/2025", "30/11/2026")
    duty = by_name["Care Certificate standard 3: Duty of care"]
    # Blended is face to face; a course that never expires has no expiry and validity "none".
    assert (duty["CATEGORY"], duty["HOWDELIVERED"], duty["ACCREDITED"]) == ("34", "1", "999")
    assert (duty["VALIDITY"], duty["EXPIRYDATE"]) == ("none", "")
    tier1 = by_name["Oliver McGowan Tier 1"]
    assert (tier1["CATEGORY"], tier1["HOWDELIVERED"], tier1["VALIDITY"]) == ("42", "1", "36")


def test_a_provider_with_history_of_every_kind_meets_every_rule_in_domain_md(provider, ascwds_courses):
    w = provider
    for n, who in enumerate(["oak_worker", "oak_bank_worker", "oak_manager", "oak_assessor"]):
        for year in (2023, 2024, 2025):
            finish(w[who], ascwds_courses["fire"], completed=on(year, 1 + n, 10 + n))
        finish(w[who], ascwds_courses["duty"], completed=on(2024, 2, 29))
        finish(w[who], ascwds_courses["tier1"], completed=days(-1))
    finish(w["oak_worker"], ascwds_courses["walks"], completed=on(2025, 6, 1))
    prior_learning(w["oak_bank_worker"], ascwds_courses["moving"], expires_on=days(265))
    export, rows, staff = files(w["oak"])
    assert len(rows) == 4 * 5 + 1 + 1
    assert domain_violations(rows, staff) == []
    assert export.errors == []


# --- Whose training, and which ------------------------------------------------------------------------


def test_each_worker_carries_their_whole_history_expired_training_included(provider, ascwds_courses):
    worker = provider["oak_worker"]
    for year in (2022, 2023, 2024):
        finish(worker, ascwds_courses["fire"], completed=on(year, 5, 1))
    _, rows, _ = files(provider["oak"])
    fire = [row for row in rows_of(rows, "OAK-W1") if row["TRAININGNAME"] == "Fire safety"]
    assert [(row["DATECOMPLETED"], row["EXPIRYDATE"]) for row in fire] == [
        ("01/05/2022", "01/05/2023"),
        ("01/05/2023", "01/05/2024"),
        ("01/05/2024", "01/05/2025"),
    ]


def test_a_worker_who_moved_provider_brings_their_history_with_them(
    provider, make_membership, ascwds_courses
):
    """The Elm Court leaver now works at Oak House: training done while at Elm Court goes in Oak's file."""
    mover = provider["elm_leaver"]
    finish(mover, ascwds_courses["fire"], completed=on(2024, 6, 3))
    prior_learning(mover, ascwds_courses["moving"], expires_on=days(200))
    membership = make_membership(mover, provider["oak"], worker_id="OAK-NEW1")
    Membership.objects.filter(pk=membership.pk).update(start_date=on(2025, 1, 6))
    _, oak_rows, oak_staff = files(provider["oak"])
    assert {row["TRAININGNAME"] for row in rows_of(oak_rows, "OAK-NEW1")} == {
        "Fire safety",
        "Assisting and moving people (elsewhere)",
    }
    assert "OAK-NEW1" in {row["UNIQUEWORKERID"] for row in oak_staff}
    _, elm_rows, elm_staff = files(provider["elm"])
    assert rows_of(elm_rows, "ELM-L1") == []
    assert "ELM-L1" not in {row["UNIQUEWORKERID"] for row in elm_staff}


def test_accepted_prior_learning_is_a_row_with_the_category_of_the_course_it_counts_as(
    provider, ascwds_courses
):
    claim = prior_learning(provider["oak_worker"], ascwds_courses["moving"], expires_on=days(265))
    _, rows, _ = files(provider["oak"])
    (row,) = rows_of(rows, "OAK-W1")
    assert row["CATEGORY"] == "15"
    assert row["TRAININGNAME"] == claim.title
    # Done elsewhere: an external provider, not known whether accredited or how it was delivered.
    assert (row["WHODELIVERED"], row["PROVIDERNAME"], row["ACCREDITED"], row["HOWDELIVERED"]) == (
        "2",
        "999",
        "999",
        "",
    )
    assert row["VALIDITY"] == "12"
    assert row["DATECOMPLETED"] == f"{claim.completed_on:%d/%m/%Y}"
    assert row["EXPIRYDATE"] == f"{claim.expires_on:%d/%m/%Y}"
    assert "Another training company" in row["NOTES"]
    assert "Assisting and moving people" in row["NOTES"]


def test_withdrawn_unfinished_waiting_and_rejected_training_is_left_out(provider, ascwds_courses):
    worker, manager = provider["oak_worker"], provider["oak_manager"]
    withdrawn, _ = enrolment_service.enrolment_create(learner=worker, course=ascwds_courses["fire"])
    enrolment_service.enrolment_withdraw(enrolment=withdrawn, by=manager)
    enrolment_service.enrolment_create(learner=worker, course=ascwds_courses["tier1"])  # not finished
    prior_learning(worker, ascwds_courses["moving"], status=PriorLearningStatus.PENDING)
    prior_learning(worker, ascwds_courses["duty"], status=PriorLearningStatus.REJECTED)
    # Completed by a workplace observation whose sign-off was then withdrawn: no longer held.
    observed = ascwds_courses["equality"]
    enrolment, _ = enrolment_service.enrolment_create(learner=worker, course=observed)
    content = observed.units.get(kind="content")
    unit_met(enrolment=enrolment, unit=content, how="viewed")
    sign_off = observation_sign_off(
        enrolment=enrolment,
        unit=observed.units.get(kind="observation"),
        assessor=provider["oak_assessor"],
        observed_on=today(),
        notes="Seen at work.",
    )
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.COMPLETED
    observation_withdraw(sign_off=sign_off, by=provider["oak_assessor"], reason="Signed off too soon.")
    _, rows, _ = files(provider["oak"])
    assert rows_of(rows, "OAK-W1") == []


def test_a_claim_accepted_while_on_the_course_is_one_row_not_two(provider, ascwds_courses, private_files):
    worker = provider["oak_worker"]
    course = ascwds_courses["fire"]
    enrolment_service.enrolment_create(learner=worker, course=course)
    claim = prior_learning_submit(
        person=worker,
        by=worker,
        title="Fire safety awareness",
        provider_name="Blaze Training",
        completed_on=days(-10),
        certificate=upload(),
        course=course,
    )
    prior_learning_accept(claim=claim, by=provider["oak_assessor"], course=course)
    assert Enrolment.objects.get(learner=worker, course=course).status == EnrolmentStatus.COMPLETED
    export, rows, _ = files(provider["oak"])
    # The claim's record stands: when it was really done, and by whom.
    (row,) = rows_of(rows, "OAK-W1")
    assert (row["TRAININGNAME"], row["DATECOMPLETED"]) == ("Fire safety awareness", f"{days(-10):%d/%m/%Y}")
    assert row["WHODELIVERED"] == "2"
    assert "Blaze Training" in row["NOTES"]
    assert export.merged == 1


def test_a_programme_has_no_row_of_its_own_but_each_of_its_courses_does(
    provider, ascwds_courses, care_certificate
):
    """There is no Care Certificate category: its standards go in under their own categories, and the
    programme itself goes in the staff file's CARECERT."""
    enrolment_service.programme_enrol(learner=provider["oak_worker"], programme=care_certificate)
    finish(provider["oak_worker"], ascwds_courses["duty"], completed=on(2025, 2, 3))
    _, rows, _ = files(provider["oak"])
    assert [(row["TRAININGNAME"], row["CATEGORY"]) for row in rows_of(rows, "OAK-W1")] == [
        ("Care Certificate standard 3: Duty of care", "34")
    ]


def test_a_course_without_a_category_goes_in_as_other_and_is_flagged(provider, ascwds_courses):
    finish(provider["oak_worker"], ascwds_courses["walks"], completed=on(2025, 4, 4))
    export, rows, _ = files(provider["oak"])
    assert rows_of(rows, "OAK-W1")[0]["CATEGORY"] == "21"
    (warning,) = export.warnings
    assert warning.column == "CATEGORY"
    assert "reported as 21 Other" in warning.message
    assert "Wellbeing walks" in warning.fix
    assert export.errors == []


def test_only_current_workers_are_in_the_files(provider, ascwds_courses, make_person, make_membership):
    for who in ("elm_worker", "elm_leaver", "elm_invited", "elm_manager"):
        finish(provider[who], ascwds_courses["fire"], completed=on(2025, 1, 2))
    Membership.objects.filter(person=provider["elm_invited"]).update(ascwds_worker_id="ELM-I1")
    # Someone who manages but does not work as a care worker there.
    office = make_person(last_name="Office")
    membership = make_membership(office, provider["elm"], manager=True, worker_id="ELM-O1")
    Membership.objects.filter(pk=membership.pk).update(is_worker=False)
    _, rows, staff = files(provider["elm"])
    assert {row["UNIQUEWORKERID"] for row in staff} == {"ELM-M1", "ELM-W1"}
    assert {row["UNIQUEWORKERID"] for row in rows} == {"ELM-M1", "ELM-W1"}


def test_a_worker_without_a_worker_id_is_left_out_of_both_files_and_reported(provider, ascwds_courses):
    Membership.objects.filter(person=provider["oak_worker"]).update(ascwds_worker_id="  ")
    finish(provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 2))
    finish(provider["oak_worker"], ascwds_courses["tier1"], completed=on(2025, 1, 3))
    export, rows, staff = files(provider["oak"])
    assert rows == []
    assert {row["UNIQUEWORKERID"] for row in staff} == {"OAK-M1", "OAK-A1", "OAK-B1"}
    (problem,) = export.errors
    assert problem.column == "UNIQUEWORKERID"
    assert "left out of both files (2 training records)" in problem.message
    assert [w.name for w in problem.workers] == ["Pat Oakworker"]
    assert problem.target.kind == "membership"


def test_free_text_cannot_run_as_a_formula_in_a_spreadsheet(provider, ascwds_courses):
    claim = prior_learning(provider["oak_worker"], ascwds_courses["fire"])
    type(claim).objects.filter(pk=claim.pk).update(title='=HYPERLINK("http://evil.example","Fire")')
    export, rows, _ = files(provider["oak"])
    (row,) = rows_of(rows, "OAK-W1")
    assert row["TRAININGNAME"] == 'HYPERLINK("http://evil.example","Fire")'
    assert not row["NOTES"].startswith(("=", "+", "-", "@"))
    assert [p.column for p in export.warnings] == ["TRAININGNAME"]


# --- The staff file's Care Certificate column ---------------------------------------------------------------


def test_carecert_is_1_completed_3_in_progress_2_otherwise(
    provider, ascwds_courses, care_certificate, another_programme
):
    programme, second = care_certificate, ascwds_courses["equality"]
    other = another_programme
    w = provider
    for who in ("oak_worker", "oak_bank_worker", "oak_assessor"):
        enrolment_service.programme_enrol(learner=w[who], programme=programme)
    for course in (ascwds_courses["duty"], second):
        finish(w["oak_worker"], course, completed=on(2025, 3, 1))
    finish(w["oak_bank_worker"], ascwds_courses["duty"], completed=on(2025, 3, 1))
    # Finishing another programme says nothing about the Care Certificate.
    enrolment_service.programme_enrol(learner=w["oak_manager"], programme=other)
    finish(w["oak_manager"], ascwds_courses["fire"], completed=on(2025, 3, 1))
    export, _, staff = files(w["oak"])
    assert {row["UNIQUEWORKERID"]: row["CARECERT"] for row in staff} == {
        "OAK-W1": "1",  # completed
        "OAK-B1": "3",  # one standard of two
        "OAK-A1": "2",  # enrolled, nothing done yet
        "OAK-M1": "2",  # never on it
    }
    assert export.care_certificate_counts == {"completed": 1, "in_progress": 1, "no": 2}


def test_carecert_counts_the_care_certificate_done_elsewhere_as_the_dashboards_do(
    provider, ascwds_courses, care_certificate
):
    """Every standard held from accepted prior learning is the Care Certificate completed (1), some is 3."""
    w = provider
    for course in (ascwds_courses["duty"], ascwds_courses["equality"]):
        prior_learning(w["oak_worker"], course)
    prior_learning(w["oak_bank_worker"], ascwds_courses["duty"])
    _, _, staff = files(w["oak"])
    assert {row["UNIQUEWORKERID"]: row["CARECERT"] for row in staff} == {
        "OAK-W1": "1",
        "OAK-B1": "3",
        "OAK-A1": "2",
        "OAK-M1": "2",
    }


def test_the_staff_file_gives_pathway_category_and_main_job_role_codes(provider):
    Membership.objects.filter(person=provider["oak_manager"]).update(
        pathway_category=PathwayCategory.REGISTERED_MANAGER
    )
    _, _, staff = files(provider["oak"])
    by_id = {row["UNIQUEWORKERID"]: row for row in staff}
    assert by_id["OAK-M1"] == {
        "LOCALESTID": "OAK-001",
        "UNIQUEWORKERID": "OAK-M1",
        "CARECERT": "2",
        "CWPCATEGORY": "7",
        "MAINJOBROLE": "8",
    }
    assert by_id["OAK-W1"]["CWPCATEGORY"] == "2"


def test_a_bank_worker_at_two_providers_is_in_both_files_with_the_same_history(
    provider, ascwds_courses, make_membership
):
    bank = provider["oak_bank_worker"]
    make_membership(bank, provider["elm"], contract=ContractType.BANK, worker_id="ELM-B1")
    finish(bank, ascwds_courses["fire"], completed=on(2025, 2, 2))
    _, oak_rows, _ = files(provider["oak"])
    _, elm_rows, _ = files(provider["elm"])
    assert [r["DATECOMPLETED"] for r in rows_of(oak_rows, "OAK-B1")] == ["02/02/2025"]
    assert [r["DATECOMPLETED"] for r in rows_of(elm_rows, "ELM-B1")] == ["02/02/2025"]
    assert {r["LOCALESTID"] for r in elm_rows} == {"ELM-001"}


# --- Versions --------------------------------------------------------------------------------------------


class EightColumns(TrainingFile):
    """The layout before November 2025, as a test of the design: one class is a whole new layout."""

    version = "test-8"
    label = "the earlier eight-column"
    staff_file = TrainingFileNov2025.staff_file
    columns = (
        Column("LOCALESTID", Origin.ORGANISATION, required=True, max_length=50),
        Column("UNIQUEWORKERID", Origin.WORKER, required=True, max_length=50),
        Column("CATEGORY", Origin.COURSE, required=True),
        Column("DESCRIPTION", Origin.TRAINING, required=True, max_length=120),
        Column("DATECOMPLETED", Origin.TRAINING, is_date=True),
        Column("EXPIRYDATE", Origin.TRAINING, is_date=True),
        Column("ACCREDITED", Origin.COURSE),
        Column("NOTES", Origin.TRAINING, max_length=1000),
    )

    def row(self, *, establishment_id, worker, record):
        return {
            "LOCALESTID": establishment_id,
            "UNIQUEWORKERID": worker.worker_id,
            "CATEGORY": str(self.category(record)),
            "DESCRIPTION": record.training_name,
            "DATECOMPLETED": self.date(record.completed_on),
            "EXPIRYDATE": self.date(record.expires_on),
            "ACCREDITED": {1: "Yes", 0: "No"}.get(record.accredited, "Don't know"),
            "NOTES": "",
        }


def test_a_new_layout_is_one_class(provider, ascwds_courses, monkeypatch):
    monkeypatch.setitem(TRAINING_FILES, EightColumns.version, EightColumns)
    assert register(EightColumns) is EightColumns
    finish(provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 3, 7))
    export = ascwds_export_build(organisation=provider["oak"], version="test-8")
    header = "LOCALESTID,UNIQUEWORKERID,CATEGORY,DESCRIPTION,DATECOMPLETED,EXPIRYDATE,ACCREDITED,NOTES"
    rows = read_csv(export.training_csv(), header)
    assert rows_of(rows, "OAK-W1") == [
        {
            "LOCALESTID": "OAK-001",
            "UNIQUEWORKERID": "OAK-W1",
            "CATEGORY": "6",
            "DESCRIPTION": "Fire safety",
            "DATECOMPLETED": "07/03/2025",
            "EXPIRYDATE": "07/03/2026",
            "ACCREDITED": "No",
            "NOTES": "",
        }
    ]
    assert export.errors == []
    assert isinstance(training_file(), TrainingFileNov2025)


def test_an_unknown_version_is_refused():
    with pytest.raises(KeyError):
        training_file("1999-01")


# --- Cost ------------------------------------------------------------------------------------------------


def test_the_export_costs_the_same_queries_for_4_or_24_workers(
    provider, ascwds_courses, care_certificate, make_person, make_membership, django_assert_max_num_queries
):
    programme = care_certificate
    finish(provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 1, 1))
    with django_assert_max_num_queries(10) as few:
        ascwds_export_build(organisation=provider["oak"])
    baseline = len(few.captured_queries)
    for n in range(20):
        person = make_person(last_name=f"Extra{n}")
        make_membership(person, provider["oak"], worker_id=f"OAK-X{n}" if n % 5 else "")
        finish(person, ascwds_courses["fire"], completed=on(2024, 1, 1 + n))
        finish(person, ascwds_courses["walks"], completed=on(2024, 2, 1 + n))
        prior_learning(person, ascwds_courses["moving"], expires_on=days(100))
        enrolment_service.programme_enrol(learner=person, programme=programme)
    with django_assert_max_num_queries(baseline):
        export = ascwds_export_build(organisation=provider["oak"])
    assert len(export.training_rows) == 1 + 16 * 3
    assert export.warnings and export.errors


def test_completion_times_are_read_as_local_days(provider, ascwds_courses):
    """Completed just after midnight on a summer night (still the day before in UTC) is the local day."""
    enrolment = finish(provider["oak_worker"], ascwds_courses["tier1"], completed=on(2025, 7, 1))
    just_after_midnight = timezone.make_aware(datetime.datetime(2025, 7, 2, 0, 30))
    assert just_after_midnight.astimezone(datetime.UTC).day == 1
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=just_after_midnight)
    _, rows, _ = files(provider["oak"])
    assert rows_of(rows, "OAK-W1")[0]["DATECOMPLETED"] == "02/07/2025"
