"""The layouts of the ASC-WDS bulk-upload files, one class per published version, and their column rules.

When Skills for Care changes a layout, add one subclass of `TrainingFile` with the new `version`,
`columns` and `row()`, decorate it with `@register`, and point `CURRENT_VERSION` at it. The reading of
the academy's records (records.py) and the report (export.py) stay as they are.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from academy.models import PathwayCategory
from lms.models import DeliveryMode

from . import codes
from .records import Source, TrainingRecord, Worker


class Origin(StrEnum):
    """Where a column's value comes from in the academy, and so where a wrong value is put right."""

    ORGANISATION = "organisation"  # the provider's own details
    WORKER = "worker"  # the worker's membership of the provider
    COURSE = "course"  # the course's ASC-WDS details
    TRAINING = "training"  # the record itself: its name, dates and notes


@dataclass(frozen=True)
class Column:
    """One column of a file and the rules ASC-WDS applies to its value."""

    name: str
    origin: Origin
    required: bool = False
    max_length: int | None = None
    codes: frozenset[str] | None = None
    is_date: bool = False


@dataclass(frozen=True)
class Issue:
    """A value ASC-WDS would reject, in words: which column, and why."""

    column: str
    origin: Origin
    message: str


_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# A cell starting with one of these runs as a formula when the file is opened in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_date(value: str) -> datetime.date | None:
    """A strict DD/MM/YYYY date, or None when the value is not one (as ASC-WDS reads it)."""
    match = _DATE.match(value or "")
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def spreadsheet_safe(text: str) -> str:
    """Free text with any leading formula characters removed, so opening the file cannot run it.

    Prior-learning names are typed by learners, and managers open these files in Excel before uploading.
    """
    text = (text or "").strip()
    while text.startswith(_FORMULA_START):
        text = text[1:].lstrip()
    return text


class UploadFile:
    """A layout of one ASC-WDS bulk-upload file: its columns, the rules each value must meet, and CSV."""

    columns: ClassVar[tuple[Column, ...]] = ()
    date_format: ClassVar[str] = "%d/%m/%Y"

    @classmethod
    def header(cls) -> list[str]:
        return [column.name for column in cls.columns]

    def date(self, value: datetime.date | None) -> str:
        return value.strftime(self.date_format) if value else ""

    def check(self, row: dict[str, str], *, today: datetime.date) -> list[Issue]:
        """Everything in one row ASC-WDS would reject: each column's own rules, then the row's."""
        issues = []
        for column in self.columns:
            value = row.get(column.name, "")
            if value == "":
                if column.required:
                    issues.append(
                        Issue(column.name, column.origin, f"{column.name} is empty: ASC-WDS needs it")
                    )
                continue
            if column.max_length is not None and len(value) > column.max_length:
                issues.append(
                    Issue(
                        column.name,
                        column.origin,
                        f"{column.name} is {len(value)} characters long: ASC-WDS takes up to "
                        f"{column.max_length:,}",
                    )
                )
            if column.codes is not None and value not in column.codes:
                issues.append(
                    Issue(column.name, column.origin, f"{column.name} {value} is not one of ASC-WDS's codes")
                )
            if value.startswith(_FORMULA_START):
                # Free text is made safe when written; an id cannot be changed without breaking the match.
                issues.append(
                    Issue(
                        column.name,
                        column.origin,
                        f"{column.name} starts with {value[0]!r}, which a spreadsheet would run as a formula",
                    )
                )
            if column.is_date and parse_date(value) is None:
                issues.append(
                    Issue(column.name, column.origin, f"{column.name} {value} is not a date as DD/MM/YYYY")
                )
        return issues + self.check_row(row, today=today)

    def check_row(self, row: dict[str, str], *, today: datetime.date) -> list[Issue]:
        """Rules across a row's columns. A layout adds its own."""
        return []

    def render(self, rows: list[dict[str, str]]) -> str:
        """The file: the exact header, then each row, as CSV (UTF-8, no byte-order mark: ASC-WDS reads
        the first column's name exactly)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.header())
        for row in rows:
            writer.writerow([row.get(name, "") for name in self.header()])
        return out.getvalue()


# --- The STAFF file's Care Certificate column ----------------------------------------------------------


class StaffFile(UploadFile):
    """The columns of the bulk-upload STAFF file the academy can fill, keyed as that file keys workers."""

    def row(self, *, establishment_id: str, worker: Worker, care_certificate: int) -> dict[str, str]:
        raise NotImplementedError


class StaffFileNov2025(StaffFile):
    """LOCALESTID, UNIQUEWORKERID, CARECERT, CWPCATEGORY and MAINJOBROLE, to copy into the STAFF file."""

    columns = (
        Column("LOCALESTID", Origin.ORGANISATION, required=True, max_length=50),
        Column("UNIQUEWORKERID", Origin.WORKER, required=True, max_length=50),
        Column("CARECERT", Origin.TRAINING, required=True, codes=codes.CARE_CERTIFICATE_CODES),
        Column("CWPCATEGORY", Origin.WORKER, codes=codes.PATHWAY_CODES),
        Column("MAINJOBROLE", Origin.WORKER),
    )

    def row(self, *, establishment_id: str, worker: Worker, care_certificate: int) -> dict[str, str]:
        try:
            pathway = str(PathwayCategory(worker.pathway_category).ascwds_code)
        except ValueError:
            pathway = str(worker.pathway_category)  # not one of the academy's: the check says so
        return {
            "LOCALESTID": establishment_id,
            "UNIQUEWORKERID": worker.worker_id,
            "CARECERT": str(care_certificate),
            "CWPCATEGORY": pathway,
            "MAINJOBROLE": str(worker.job_role_code),
        }

    def check_row(self, row, *, today):
        value = row.get("MAINJOBROLE", "")
        if value and not value.isdigit():
            return [Issue("MAINJOBROLE", Origin.WORKER, f"MAINJOBROLE {value} is not one of ASC-WDS's codes")]
        return []


# --- The TRAINING file ---------------------------------------------------------------------------------


class TrainingFile(UploadFile):
    """A layout of the bulk-upload TRAINING file: one row per piece of training a worker holds."""

    version: ClassVar[str]
    label: ClassVar[str]
    # The STAFF file columns published with this layout (whose workers every training row must match).
    staff_file: ClassVar[type[StaffFile]]
    # The category a course without one is reported under (its editors are told so).
    uncategorised: ClassVar[int] = codes.OTHER_CATEGORY

    def row(self, *, establishment_id: str, worker: Worker, record: TrainingRecord) -> dict[str, str]:
        raise NotImplementedError

    def category(self, record: TrainingRecord) -> int:
        return self.uncategorised if record.category_code is None else record.category_code


TRAINING_FILES: dict[str, type[TrainingFile]] = {}


def register(layout: type[TrainingFile]) -> type[TrainingFile]:
    TRAINING_FILES[layout.version] = layout
    return layout


@register
class TrainingFileNov2025(TrainingFile):
    """The TRAINING file as published in November 2025: twelve columns, with who and how it was delivered.

    HOWDELIVERED has only face to face (1) and e-learning (2). Self-paced e-learning is 2. Live online
    sessions are 1: a trainer delivers them live to people who take part, which is what ASC-WDS tells
    apart from e-learning. Blended courses are 1 as well: in the academy each ends in a live session
    or in practice observed at work (the Care Certificate's standards), which is what makes them count.
    Prior learning leaves it blank: how it was delivered elsewhere is not known.
    """

    version = "2025-11"
    label = "November 2025"
    staff_file = StaffFileNov2025
    how_delivered: ClassVar[dict[str, int]] = {
        DeliveryMode.E_LEARNING: codes.E_LEARNING,
        DeliveryMode.LIVE_ONLINE: codes.FACE_TO_FACE,
        DeliveryMode.FACE_TO_FACE: codes.FACE_TO_FACE,
        DeliveryMode.BLENDED: codes.FACE_TO_FACE,
    }
    columns = (
        Column("LOCALESTID", Origin.ORGANISATION, required=True, max_length=50),
        Column("UNIQUEWORKERID", Origin.WORKER, required=True, max_length=50),
        Column(
            "CATEGORY",
            Origin.COURSE,
            required=True,
            codes=frozenset(str(code) for code in codes.TRAINING_CATEGORIES),
        ),
        Column("TRAININGNAME", Origin.TRAINING, required=True, max_length=120),
        Column("ACCREDITED", Origin.COURSE, codes=codes.ACCREDITED_CODES),
        Column("WHODELIVERED", Origin.COURSE, codes=codes.WHO_DELIVERED_CODES),
        Column("PROVIDERNAME", Origin.COURSE),
        Column("HOWDELIVERED", Origin.COURSE, codes=codes.HOW_DELIVERED_CODES),
        Column("VALIDITY", Origin.COURSE),
        Column("DATECOMPLETED", Origin.TRAINING, is_date=True),
        Column("EXPIRYDATE", Origin.TRAINING, is_date=True),
        Column("NOTES", Origin.TRAINING, max_length=1000),
    )

    def row(self, *, establishment_id: str, worker: Worker, record: TrainingRecord) -> dict[str, str]:
        external = record.delivered_by == codes.EXTERNAL_PROVIDER
        how = self.how_delivered.get(record.delivery_mode) if record.delivery_mode else None
        return {
            "LOCALESTID": establishment_id,
            "UNIQUEWORKERID": worker.worker_id,
            "CATEGORY": str(self.category(record)),
            "TRAININGNAME": spreadsheet_safe(record.training_name),
            "ACCREDITED": str(record.accredited),
            "WHODELIVERED": str(record.delivered_by),
            # The academy keeps providers by name, not by Skills for Care's list: 999 (other), and
            # the name goes in NOTES so it is not lost.
            "PROVIDERNAME": str(codes.OTHER_PROVIDER) if external else "",
            "HOWDELIVERED": "" if how is None else str(how),
            "VALIDITY": codes.NO_VALIDITY
            if record.refresher_months is None
            else str(record.refresher_months),
            "DATECOMPLETED": self.date(record.completed_on),
            "EXPIRYDATE": self.date(record.expires_on),
            "NOTES": spreadsheet_safe(self.notes(record)),
        }

    def notes(self, record: TrainingRecord) -> str:
        if record.source == Source.PRIOR_LEARNING:
            return (
                f"Training done elsewhere, accepted by the Social Care Academy as {record.course_title}. "
                f"Delivered by {record.provider_name}."
            )
        if record.delivered_by == codes.EXTERNAL_PROVIDER and record.provider_name:
            return f"Social Care Academy course delivered by {record.provider_name}."
        return "Social Care Academy course."

    def check_row(self, row: dict[str, str], *, today: datetime.date) -> list[Issue]:
        issues = []
        provider = row.get("PROVIDERNAME", "")
        if provider and row.get("WHODELIVERED") != str(codes.EXTERNAL_PROVIDER):
            issues.append(
                Issue(
                    "PROVIDERNAME",
                    Origin.COURSE,
                    "PROVIDERNAME is given but WHODELIVERED is not 2 (external provider): ASC-WDS takes a "
                    "provider only for external training",
                )
            )
        if provider and not (provider.isdigit() and 1 <= int(provider) <= 999):
            issues.append(
                Issue("PROVIDERNAME", Origin.COURSE, f"PROVIDERNAME {provider} is not one of ASC-WDS's codes")
            )
        validity = row.get("VALIDITY", "")
        if (
            validity
            and validity != codes.NO_VALIDITY
            and not (validity.isdigit() and int(validity) in codes.VALIDITY_MONTHS)
        ):
            issues.append(
                Issue(
                    "VALIDITY",
                    Origin.COURSE,
                    f"VALIDITY {validity} is not 'none' or a number of months from 1 to 999",
                )
            )
        completed = parse_date(row.get("DATECOMPLETED", ""))
        expires = parse_date(row.get("EXPIRYDATE", ""))
        if completed is not None and completed > today:
            issues.append(
                Issue(
                    "DATECOMPLETED",
                    Origin.TRAINING,
                    f"DATECOMPLETED {row['DATECOMPLETED']} is in the future",
                )
            )
        if completed is not None and expires is not None and expires <= completed:
            issues.append(
                Issue(
                    "EXPIRYDATE",
                    Origin.TRAINING,
                    f"EXPIRYDATE {row['EXPIRYDATE']} is not after DATECOMPLETED {row['DATECOMPLETED']}",
                )
            )
        return issues


CURRENT_VERSION = TrainingFileNov2025.version


def training_file(version: str | None = None) -> TrainingFile:
    """The layout of this version (the current one by default). Unknown versions raise KeyError."""
    return TRAINING_FILES[version or CURRENT_VERSION]()
