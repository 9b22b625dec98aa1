"""Reading a manager's staff CSV: every row is checked before anything is imported.

Each row is normalised (codes or labels, yes/no, dates) and then validated by the same
`InviteStaffForm` as a single invitation, so both paths obey one set of rules.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings

from . import selectors
from .forms import InviteStaffForm
from .models import ContractType, Organisation, PathwayCategory
from .models.people import normalise_email

COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "job_role",
    "pathway_category",
    "contract_type",
    "start_date",
    "worker_id",
    "manager",
    "assessor",
]
REQUIRED_COLUMNS = COLUMNS[:7]

# CSV column -> form field, where they differ.
_FORM_FIELD = {"worker_id": "ascwds_worker_id", "manager": "is_manager", "assessor": "is_assessor"}
_COLUMN_FOR_FIELD = {v: k for k, v in _FORM_FIELD.items()}

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass
class CheckedRow:
    line: int
    values: dict[str, str]
    errors: list[tuple[str, str]] = field(default_factory=list)
    cleaned: dict | None = None

    @property
    def email(self) -> str:
        return self.values.get("email", "")


@dataclass
class CheckedFile:
    rows: list[CheckedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def rows_with_errors(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.errors]

    def form_data(self) -> list[dict[str, str]]:
        return [row.values for row in self.rows]

    @property
    def cleaned_rows(self) -> list[dict]:
        """The validated values of every row, ready for `invitation_create` (only when valid)."""
        return [row.cleaned for row in self.rows] if self.is_valid else []


def template_csv() -> str:
    """A blank file with the right header and one example row, for managers to fill in."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "sam.jones@example.org",
            "Sam",
            "Jones",
            "8",
            "Care or support worker",
            "Permanent",
            "01/04/2026",
            "W0042",
            "no",
            "no",
        ]
    )
    return out.getvalue()


def _header_key(name: str) -> str:
    return (name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _choice_value(raw: str, choices) -> str:
    """Accept a choice's stored value or its label, in any case; otherwise pass the raw text on."""
    wanted = raw.strip().lower().replace("-", " ").replace("_", " ")
    for value, label in choices:
        if wanted in {value.replace("_", " "), label.lower().replace("-", " ")}:
            return value
    return raw.strip()


def _normalise(raw: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Turn one CSV row into form data, with errors for values that cannot be read at all."""
    errors: list[tuple[str, str]] = []
    data = {
        "email": normalise_email(raw.get("email", "")),
        "first_name": raw.get("first_name", "").strip(),
        "last_name": raw.get("last_name", "").strip(),
        "pathway_category": _choice_value(raw.get("pathway_category", ""), PathwayCategory.choices),
        "contract_type": _choice_value(raw.get("contract_type", ""), ContractType.choices),
        "start_date": raw.get("start_date", "").strip(),
        "ascwds_worker_id": raw.get("worker_id", "").strip(),
    }
    job_role_text = raw.get("job_role", "").strip()
    job_role = selectors.job_role_by_code_or_name(job_role_text)
    if job_role is not None:
        data["job_role"] = str(job_role.pk)
    elif job_role_text:
        errors.append(
            ("job_role", f"'{job_role_text}' is not a job role we know: use an ASC-WDS job role code or name")
        )
    for column in ("manager", "assessor"):
        text = raw.get(column, "").strip().lower()
        if text in _YES:
            data[_FORM_FIELD[column]] = "on"
        elif text not in _NO:
            errors.append((column, f"Write yes or no, not '{raw.get(column, '').strip()}'"))
    return data, errors


def _check_row(organisation: Organisation, line: int, data: dict[str, str], early_errors) -> CheckedRow:
    row = CheckedRow(line=line, values=data, errors=list(early_errors))
    form = InviteStaffForm(data=data, organisation=organisation)
    if form.is_valid():
        row.cleaned = form.cleaned_data
    else:
        already = {column for column, _ in row.errors}
        for field_name, messages in form.errors.items():
            column = _COLUMN_FOR_FIELD.get(field_name, field_name)
            if column in already:
                continue
            for message in messages:
                row.errors.append((column, message))
    return row


def _mark_duplicates(rows: list[CheckedRow]) -> None:
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        for column, key in (
            ("email", row.values.get("email", "")),
            ("worker_id", row.values.get("ascwds_worker_id", "")),
        ):
            if not key:
                continue
            seen = first_line.setdefault((column, key), row.line)
            if seen != row.line:
                row.errors.append(
                    (column, f"Also on row {seen}: each person and worker id may appear only once")
                )


def check_rows(*, organisation: Organisation, rows: list[dict[str, str]], first_line: int = 2) -> CheckedFile:
    """Validate rows already in form shape (as kept between upload and confirmation)."""
    result = CheckedFile(
        rows=[_check_row(organisation, first_line + i, data, []) for i, data in enumerate(rows)]
    )
    _mark_duplicates(result.rows)
    return result


def check_upload(*, organisation: Organisation, uploaded_file) -> CheckedFile:
    """Read and check a whole uploaded CSV. Nothing is written."""
    result = CheckedFile()
    raw_bytes = uploaded_file.read(settings.ACADEMY_INVITE_CSV_MAX_BYTES + 1)
    if len(raw_bytes) > settings.ACADEMY_INVITE_CSV_MAX_BYTES:
        result.file_errors.append(
            f"The file must be smaller than {settings.ACADEMY_INVITE_CSV_MAX_BYTES // 1024} KB"
        )
        return result
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.file_errors.append(
            "The file is not in UTF-8. In your spreadsheet, choose Save as, "
            "then 'CSV UTF-8 (comma delimited)'."
        )
        return result
    if "\x00" in text:
        result.file_errors.append("The file is not a CSV file. Save your spreadsheet as 'CSV UTF-8'.")
        return result

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            result.file_errors.append("The file is empty. The first row must be the column names.")
            return result
        keys = [_header_key(name) for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in keys]
        unknown = [name for name, key in zip(header, keys, strict=True) if key and key not in COLUMNS]
        if missing:
            result.file_errors.append("These columns are missing: " + ", ".join(missing))
        if unknown:
            result.file_errors.append("These columns are not ones we know: " + ", ".join(unknown))
        named = [key for key in keys if key]
        if len(set(named)) != len(named):
            result.file_errors.append("Each column name may appear only once in the first row.")
        if result.file_errors:
            return result

        parsed: list[tuple[int, dict[str, str], list]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            if len(parsed) >= settings.ACADEMY_INVITE_CSV_MAX_ROWS:
                result.file_errors.append(
                    f"The file has more than {settings.ACADEMY_INVITE_CSV_MAX_ROWS} people. "
                    "Split it into smaller files."
                )
                return result
            if len(cells) > len(keys):
                parsed.append(
                    (
                        line,
                        {},
                        [("row", f"This row has {len(cells)} cells but there are {len(keys)} columns")],
                    )
                )
                continue
            raw = {key: cells[i] if i < len(cells) else "" for i, key in enumerate(keys)}
            data, early = _normalise(raw)
            parsed.append((line, data, early))
    except csv.Error as exc:
        result.file_errors.append(f"The file could not be read as CSV near row {reader.line_num}: {exc}")
        return result

    if not parsed:
        result.file_errors.append("The file has column names but no people in it.")
        return result
    result.rows = [
        _check_row(organisation, line, data, early)
        if data
        else CheckedRow(line=line, values={}, errors=early)
        for line, data, early in parsed
    ]
    _mark_duplicates(result.rows)
    return result
