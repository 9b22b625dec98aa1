"""One provider's ASC-WDS export: the TRAINING file, the STAFF file's Care Certificate column, and the
report of everything ASC-WDS would reject in them, worked out before anyone uploads."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import timezone

from academy.models import Organisation
from lms.compliance import workforce_memberships

from . import codes
from .formats import Issue, Origin, StaffFile, TrainingFile, spreadsheet_safe, training_file
from .records import (
    Source,
    TrainingRecord,
    Worker,
    care_certificate_codes,
    export_workers,
    training_history,
)


class Severity(StrEnum):
    ERROR = "error"  # ASC-WDS would reject it
    WARNING = "warning"  # ASC-WDS takes it, but someone should look


class TargetKind(StrEnum):
    """What has to change to put a problem right."""

    ORGANISATION = "organisation"
    MEMBERSHIP = "membership"
    COURSE = "course"
    PERSON = "person"  # a record on the person's training record


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    pk: int


@dataclass
class Problem:
    """Something wrong in the files, once for everything it affects: a course's wrong category is one
    problem however many workers hold the course."""

    severity: Severity
    column: str
    message: str
    fix: str
    target: Target
    workers: list[Worker] = field(default_factory=list)
    training: list[str] = field(default_factory=list)
    rows: int = 0


@dataclass
class AscwdsExport:
    """Both files of one provider, as rows, with the problems found in them."""

    organisation: Organisation
    layout: TrainingFile
    staff_layout: StaffFile
    created_on: datetime.date
    workers: list[Worker]
    left_out: list[Worker]
    training_rows: list[dict[str, str]]
    staff_rows: list[dict[str, str]]
    problems: list[Problem]
    merged: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def care_certificate_counts(self) -> dict[str, int]:
        """How many workers in the staff file have completed the Care Certificate, are on it, or not."""
        counts = Counter(row["CARECERT"] for row in self.staff_rows)
        return {
            "completed": counts[str(codes.CARE_CERTIFICATE_COMPLETED)],
            "in_progress": counts[str(codes.CARE_CERTIFICATE_IN_PROGRESS)],
            "no": counts[str(codes.CARE_CERTIFICATE_NO)],
        }

    def training_csv(self) -> str:
        return self.layout.render(self.training_rows)

    def staff_csv(self) -> str:
        return self.staff_layout.render(self.staff_rows)

    def _filename(self, what: str) -> str:
        name = re.sub(r"[^A-Za-z0-9-]+", "-", self.organisation.ascwds_establishment_id).strip("-")
        return (
            f"ascwds-{what}-{name or f'organisation-{self.organisation.pk}'}-{self.created_on:%Y-%m-%d}.csv"
        )

    @property
    def training_filename(self) -> str:
        return self._filename("training")

    @property
    def staff_filename(self) -> str:
        return self._filename("staff-care-certificate")


class _Problems:
    """Collects problems, folding together those with the same cause."""

    def __init__(self):
        self._by_key: dict[tuple, Problem] = {}

    def add(
        self,
        severity: Severity,
        column: str,
        message: str,
        fix: str,
        target: Target,
        *,
        worker: Worker | None = None,
        training: str = "",
        rows: int = 1,
    ) -> None:
        key = (severity, column, message, target)
        problem = self._by_key.get(key)
        if problem is None:
            problem = self._by_key[key] = Problem(severity, column, message, fix, target)
        if worker is not None and worker not in problem.workers:
            problem.workers.append(worker)
        if training and training not in problem.training:
            problem.training.append(training)
        problem.rows += rows

    def all(self) -> list[Problem]:
        order = list(TargetKind)
        return sorted(
            self._by_key.values(),
            key=lambda p: (p.severity != Severity.ERROR, order.index(p.target.kind), p.column, p.message),
        )


def _fix(issue: Issue, *, organisation, worker: Worker, record: TrainingRecord | None) -> tuple[str, Target]:
    """What to put right for an issue, in words, and where. It never names the worker: the report names
    them only to viewers who may see their name."""
    if issue.origin == Origin.ORGANISATION:
        return (
            f"Enter the workplace id {organisation.name} has in ASC-WDS (up to 50 characters) in its "
            "details.",
            Target(TargetKind.ORGANISATION, organisation.pk),
        )
    if issue.origin == Origin.WORKER:
        if issue.column == "UNIQUEWORKERID":
            fix = "Enter the worker id they have in ASC-WDS (up to 50 characters) on their membership here."
        else:
            fix = "Correct their job role and care workforce pathway category on their membership here."
        return fix, Target(TargetKind.MEMBERSHIP, worker.membership_id)
    if record is None:  # the staff file's Care Certificate status
        return (
            "Check their Care Certificate on their training record.",
            Target(TargetKind.PERSON, worker.person_id),
        )
    from_course = issue.origin == Origin.COURSE or (
        issue.column == "TRAININGNAME" and record.source == Source.ENROLMENT
    )
    if from_course:
        if issue.column == "TRAININGNAME":
            fix = f"Shorten the title of the course {record.course_title} to 120 characters or fewer."
        elif issue.column == "VALIDITY":
            fix = (
                f"Set how many months {record.course_title} stays current (1 to 999), or leave it blank if "
                "it never expires."
            )
        else:
            fix = f"Correct the ASC-WDS details of the course {record.course_title} (Records and ASC-WDS)."
        return fix, Target(TargetKind.COURSE, record.course_id)
    what = "prior learning" if record.source == Source.PRIOR_LEARNING else "training"
    return (
        f"Check their {what} “{record.training_name}” on their training record, and ask the "
        "academy team to correct it.",
        Target(TargetKind.PERSON, worker.person_id),
    )


def _notices(layout: TrainingFile, record: TrainingRecord) -> list[tuple[str, str, str]]:
    """What ASC-WDS takes but someone should know: (column, message, fix)."""
    notices = []
    if record.category_code is None:
        name = codes.TRAINING_CATEGORIES.get(layout.uncategorised, "")
        notices.append(
            (
                "CATEGORY",
                f"The course has no ASC-WDS training category, so it is reported as {layout.uncategorised} "
                f"{name}",
                f"Choose the ASC-WDS training category of {record.course_title}, if one fits.",
            )
        )
    if spreadsheet_safe(record.training_name) != record.training_name.strip():
        notices.append(
            (
                "TRAININGNAME",
                "The name started with a character a spreadsheet would run as a formula, so it was left out",
                "Check the name reads as it should.",
            )
        )
    return notices


def ascwds_export_build(
    *, organisation: Organisation, version: str | None = None, today: datetime.date | None = None
) -> AscwdsExport:
    """Build both files for the provider's current workers and check every row of them.

    A fixed number of queries however many workers and records there are. Workers without an ASC-WDS
    worker id are left out of both files (ASC-WDS cannot place their rows) and reported. Rows ASC-WDS
    would reject stay in the file: uploading a worker's training replaces all of it, so dropping one
    row would delete that training from ASC-WDS; the report says what to fix instead.
    """
    today = today or timezone.localdate()
    layout = training_file(version)
    staff_layout = layout.staff_file()
    establishment_id = (organisation.ascwds_establishment_id or "").strip()
    everyone = export_workers(organisation=organisation)
    workers = [w for w in everyone if w.worker_id]
    left_out = [w for w in everyone if not w.worker_id]
    memberships = workforce_memberships().filter(organisation=organisation)
    history, merged = training_history(person_ids=memberships.values("person_id"))
    care_certificate = care_certificate_codes(memberships=memberships, on=today)
    problems = _Problems()

    def report(issue: Issue, *, worker: Worker, record: TrainingRecord | None) -> None:
        fix, target = _fix(issue, organisation=organisation, worker=worker, record=record)
        problems.add(
            Severity.ERROR,
            issue.column,
            issue.message,
            fix,
            target,
            worker=worker,
            training=record.training_name if record else "",
        )

    staff_rows = []
    for worker in workers:
        row = staff_layout.row(
            establishment_id=establishment_id,
            worker=worker,
            care_certificate=care_certificate.get(worker.membership_id, codes.CARE_CERTIFICATE_NO),
        )
        staff_rows.append(row)
        for issue in staff_layout.check(row, today=today):
            report(issue, worker=worker, record=None)
    for worker_id, count in Counter(row["UNIQUEWORKERID"] for row in staff_rows).items():
        if count > 1:
            for worker in (w for w in workers if w.worker_id == worker_id):
                report(
                    Issue(
                        "UNIQUEWORKERID",
                        Origin.WORKER,
                        f"UNIQUEWORKERID {worker_id} is used for {count} workers",
                    ),
                    worker=worker,
                    record=None,
                )

    in_staff_file = {(row["LOCALESTID"], row["UNIQUEWORKERID"]) for row in staff_rows}
    by_person = {w.person_id: w for w in workers}
    not_exported = Counter()
    training_rows = []
    for record in sorted(
        history, key=lambda r: (r.completed_on or datetime.date.min, r.training_name.lower(), r.source_id)
    ):
        worker = by_person.get(record.person_id)
        if worker is None:
            not_exported[record.person_id] += 1
            continue
        row = layout.row(establishment_id=establishment_id, worker=worker, record=record)
        training_rows.append(row)
        for issue in layout.check(row, today=today):
            report(issue, worker=worker, record=record)
        if (row["LOCALESTID"], row["UNIQUEWORKERID"]) not in in_staff_file:
            report(
                Issue("UNIQUEWORKERID", Origin.WORKER, "The worker is not in the staff file"),
                worker=worker,
                record=record,
            )
        for column, message, fix in _notices(layout, record):
            target = (
                Target(TargetKind.COURSE, record.course_id)
                if column == "CATEGORY" or record.source == Source.ENROLMENT
                else Target(TargetKind.PERSON, worker.person_id)
            )
            problems.add(
                Severity.WARNING, column, message, fix, target, worker=worker, training=record.training_name
            )
    training_rows.sort(key=lambda row: row["UNIQUEWORKERID"])  # stable: each worker's in date order

    for worker in left_out:
        count = not_exported[worker.person_id]
        records = f"{count} training record{'' if count == 1 else 's'}" if count else "no training records"
        problems.add(
            Severity.ERROR,
            "UNIQUEWORKERID",
            f"No ASC-WDS worker id, so this worker is left out of both files ({records})",
            "Enter the worker id they have in ASC-WDS (up to 50 characters) on their membership here.",
            Target(TargetKind.MEMBERSHIP, worker.membership_id),
            worker=worker,
            rows=0,  # none of their records is a row of the file
        )
    return AscwdsExport(
        organisation=organisation,
        layout=layout,
        staff_layout=staff_layout,
        created_on=today,
        workers=workers,
        left_out=left_out,
        training_rows=training_rows,
        staff_rows=staff_rows,
        problems=problems.all(),
        merged=merged,
    )
