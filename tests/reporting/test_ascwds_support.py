"""What the ASC-WDS export tests share: courses with their ASC-WDS details, a provider whose staff have
worker ids, training completed through the services, the files read back as ASC-WDS reads them, and
DOMAIN.md's rules written out once more, independently of the exporter, to check every row against."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from academy.models import Membership, Organisation
from lms.models import Accredited, DeliveredBy, DeliveryMode, Enrolment, TrainingCategory
from lms.services.progress import expiry_for
from tests.lms.team_support import complete, days, prior_learning  # noqa: F401 (for the tests)

# Exactly as DOMAIN.md gives it.
TRAINING_HEADER = (
    "LOCALESTID,UNIQUEWORKERID,CATEGORY,TRAININGNAME,ACCREDITED,WHODELIVERED,PROVIDERNAME,HOWDELIVERED,"
    "VALIDITY,DATECOMPLETED,EXPIRYDATE,NOTES"
)
STAFF_HEADER = "LOCALESTID,UNIQUEWORKERID,CARECERT,CWPCATEGORY,MAINJOBROLE"
CATEGORY_CODES = {str(code) for code in range(1, 52)} - {"3", "4", "24"}
WORKER_IDS = {
    "oak_manager": "OAK-M1",
    "oak_assessor": "OAK-A1",
    "oak_worker": "OAK-W1",
    "oak_bank_worker": "OAK-B1",
}


def on(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture(name="provider")
def provider_fixture(world):
    """The world, with Oak House's ASC-WDS workplace id and a worker id for each of its staff."""
    Organisation.objects.filter(pk=world["oak"].pk).update(ascwds_establishment_id="OAK-001")
    world["oak"].refresh_from_db()
    for who, worker_id in WORKER_IDS.items():
        Membership.objects.filter(person=world[who], organisation=world["oak"]).update(
            ascwds_worker_id=worker_id
        )
    Organisation.objects.filter(pk=world["elm"].pk).update(ascwds_establishment_id="ELM-001")
    world["elm"].refresh_from_db()
    Membership.objects.filter(organisation=world["elm"]).update(ascwds_worker_id="")
    for who, worker_id in {"elm_manager": "ELM-M1", "elm_worker": "ELM-W1", "elm_leaver": "ELM-L1"}.items():
        Membership.objects.filter(person=world[who], organisation=world["elm"]).update(
            ascwds_worker_id=worker_id
        )
    return world


@pytest.fixture(name="ascwds_courses")
def ascwds_courses_fixture(make_course):
    """Courses of every kind of ASC-WDS detail, by short name."""
    category = {c.code: c for c in TrainingCategory.objects.all()}
    return {
        # In-house e-learning, not accredited, a year's refresher.
        "fire": make_course("Fire safety", refresher_months=12, training_category=category[6]),
        # Face to face from an external provider, accredited.
        "moving": make_course(
            "Assisting and moving people",
            training_category=category[15],
            delivery_mode=DeliveryMode.FACE_TO_FACE,
            accredited=Accredited.YES,
            delivered_by=DeliveredBy.EXTERNAL,
            provider_name="Moving Well Training Ltd",
            refresher_months=12,
        ),
        # A Care Certificate standard: blended, never expires.
        "duty": make_course(
            "Care Certificate standard 3: Duty of care",
            training_category=category[34],
            delivery_mode=DeliveryMode.BLENDED,
            accredited=Accredited.UNKNOWN,
        ),
        # A live online session.
        "tier1": make_course(
            "Oliver McGowan Tier 1",
            training_category=category[42],
            delivery_mode=DeliveryMode.LIVE_ONLINE,
            refresher_months=36,
        ),
        # No ASC-WDS category.
        "walks": make_course("Wellbeing walks"),
        # Another standard, completed by a workplace observation.
        "equality": make_course(
            "Care Certificate standard 4: Equality, diversity, inclusion and human rights",
            units=["content", "observation"],
            training_category=category[23],
            delivery_mode=DeliveryMode.BLENDED,
        ),
    }


@pytest.fixture(name="care_certificate")
def care_certificate_fixture(make_programme, ascwds_courses):
    """The Care Certificate programme, known by its slug as `load_programmes` makes it, of two standards."""
    return make_programme(
        "The Care Certificate",
        [(ascwds_courses["duty"], []), (ascwds_courses["equality"], [])],
        slug="care-certificate",
    )


@pytest.fixture(name="another_programme")
def another_programme_fixture(make_programme, ascwds_courses):
    return make_programme("Fire and safety", [(ascwds_courses["fire"], [])])


@pytest.fixture(name="private_files")
def private_files_fixture(settings, tmp_path):
    """Certificates of prior learning go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def finish(person, course, *, completed: datetime.date, expires_on="computed") -> Enrolment:
    """Complete the course through the services (every step met), then move it to the day it was
    completed on."""
    enrolment = complete(person, course)
    at = timezone.make_aware(datetime.datetime.combine(completed, datetime.time(12)))
    expiry = expiry_for(course=course, completed_on=completed) if expires_on == "computed" else expires_on
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=at - datetime.timedelta(days=1), completed_at=at, expires_on=expiry
    )
    enrolment.refresh_from_db()
    return enrolment


def read_csv(text: str | bytes, header: str) -> list[dict[str, str]]:
    """A file's rows, after checking its first line is exactly the header ASC-WDS expects."""
    if isinstance(text, bytes):
        assert not text.startswith(b"\xef\xbb\xbf"), "no byte-order mark: ASC-WDS reads the header exactly"
        text = text.decode("utf-8")
    assert text.split("\r\n", 1)[0] == header
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = next(reader)
    rows = [dict(zip(columns, row, strict=True)) for row in reader]
    return rows


def rows_of(rows, worker_id: str) -> list[dict[str, str]]:
    return [row for row in rows if row["UNIQUEWORKERID"] == worker_id]


_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")


def _date(value: str) -> datetime.date | None:
    if not _DATE.fullmatch(value):
        return None
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None


def domain_violations(training_rows, staff_rows, *, on_day: datetime.date | None = None) -> list[str]:
    """Every break of DOMAIN.md's ASC-WDS rules in the two files, written out from DOMAIN.md itself."""
    on_day = on_day or today()
    found = []
    staff = {(row["LOCALESTID"], row["UNIQUEWORKERID"]) for row in staff_rows}
    for number, row in enumerate(training_rows, start=2):

        def bad(why, number=number):
            found.append(f"line {number}: {why}")

        for column in ("LOCALESTID", "UNIQUEWORKERID"):
            if not row[column]:
                bad(f"{column} is required")
            if len(row[column]) > 50:
                bad(f"{column} is over 50 characters")
        if len(row["TRAININGNAME"]) > 120:
            bad("TRAININGNAME is over 120 characters")
        if len(row["NOTES"]) > 1000:
            bad("NOTES is over 1,000 characters")
        if row["CATEGORY"] not in CATEGORY_CODES:
            bad(f"CATEGORY {row['CATEGORY']!r}")
        if row["ACCREDITED"] not in {"1", "0", "999"}:
            bad(f"ACCREDITED {row['ACCREDITED']!r}")
        if row["WHODELIVERED"] not in {"1", "2"}:
            bad(f"WHODELIVERED {row['WHODELIVERED']!r}")
        if row["PROVIDERNAME"] and row["WHODELIVERED"] != "2":
            bad("PROVIDERNAME without WHODELIVERED 2")
        if row["PROVIDERNAME"] and not (
            row["PROVIDERNAME"].isdigit() and 1 <= int(row["PROVIDERNAME"]) <= 999
        ):
            bad(f"PROVIDERNAME {row['PROVIDERNAME']!r} is not a code")
        if row["HOWDELIVERED"] not in {"1", "2", ""}:
            bad(f"HOWDELIVERED {row['HOWDELIVERED']!r}")
        if row["VALIDITY"] != "none" and not (row["VALIDITY"].isdigit() and 1 <= int(row["VALIDITY"]) <= 999):
            bad(f"VALIDITY {row['VALIDITY']!r}")
        completed = _date(row["DATECOMPLETED"]) if row["DATECOMPLETED"] else None
        expires = _date(row["EXPIRYDATE"]) if row["EXPIRYDATE"] else None
        if row["DATECOMPLETED"] and completed is None:
            bad(f"DATECOMPLETED {row['DATECOMPLETED']!r} is not DD/MM/YYYY")
        if row["EXPIRYDATE"] and expires is None:
            bad(f"EXPIRYDATE {row['EXPIRYDATE']!r} is not DD/MM/YYYY")
        if completed and completed > on_day:
            bad("DATECOMPLETED in the future")
        if completed and expires and expires <= completed:
            bad("EXPIRYDATE not after DATECOMPLETED")
        if (row["LOCALESTID"], row["UNIQUEWORKERID"]) not in staff:
            bad("worker not in the staff file")
    for number, row in enumerate(staff_rows, start=2):
        if row["CARECERT"] not in {"1", "2", "3"}:
            found.append(f"staff line {number}: CARECERT {row['CARECERT']!r}")
        if row["CWPCATEGORY"] not in {"1", "2", "3", "4", "5", "6", "7", "998", "999"}:
            found.append(f"staff line {number}: CWPCATEGORY {row['CWPCATEGORY']!r}")
    return found
