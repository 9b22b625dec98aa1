"""manage.py ascwds_export: both files written to a directory, what it wrote and found printed, and bad
input answered with one clear line, never a traceback or a half-written file."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from academy.models import Membership, Organisation
from tests.lms.conftest import catalogue, make_course, make_programme  # noqa: F401 (fixtures)
from tests.reporting.test_ascwds_support import (  # noqa: F401 (fixtures)
    STAFF_HEADER,
    TRAINING_HEADER,
    ascwds_courses_fixture,
    care_certificate_fixture,
    days,
    domain_violations,
    finish,
    on,
    prior_learning,
    provider_fixture,
    read_csv,
    rows_of,
    today,
)

ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    out = io.StringIO()
    call_command("ascwds_export", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def test_it_writes_both_files_and_says_what_it_wrote(provider, ascwds_courses, care_certificate, tmp_path):
    w = provider
    finish(w["oak_worker"], ascwds_courses["fire"], completed=on(2025, 3, 7))
    finish(w["oak_worker"], ascwds_courses["duty"], completed=on(2025, 3, 8))
    prior_learning(w["oak_bank_worker"], ascwds_courses["moving"], expires_on=days(100))
    output = run(w["oak"].pk, tmp_path)
    training = tmp_path / f"ascwds-training-OAK-001-{today():%Y-%m-%d}.csv"
    staff = tmp_path / f"ascwds-staff-care-certificate-OAK-001-{today():%Y-%m-%d}.csv"
    assert f"Wrote {training}: 3 training records of 4 workers (November 2025 format)." in output
    assert (
        f"Wrote {staff}: the Care Certificate of 4 workers (0 completed, 1 in progress, 3 not started)."
        in output
    )
    assert "Nothing ASC-WDS would reject." in output
    rows = read_csv(training.read_bytes(), TRAINING_HEADER)
    staff_rows = read_csv(staff.read_bytes(), STAFF_HEADER)
    assert [r["TRAININGNAME"] for r in rows_of(rows, "OAK-W1")] == [
        "Fire safety",
        "Care Certificate standard 3: Duty of care",
    ]
    assert domain_violations(rows, staff_rows) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([training.name, staff.name])
    assert oct(training.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_it_lists_what_asc_wds_would_reject_and_what_to_fix(provider, ascwds_courses, tmp_path):
    Membership.objects.filter(person=provider["oak_bank_worker"]).update(ascwds_worker_id="")
    finish(
        provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 3, 7), expires_on=on(2025, 3, 7)
    )
    finish(provider["oak_worker"], ascwds_courses["walks"], completed=on(2025, 3, 8))
    output = run(provider["oak"].pk, tmp_path)
    assert "2 problems ASC-WDS would reject:" in output
    assert (
        "EXPIRYDATE: EXPIRYDATE 07/03/2025 is not after DATECOMPLETED 07/03/2025. Pat Oakworker (OAK-W1)"
        in output
    )
    assert "UNIQUEWORKERID: No ASC-WDS worker id" in output
    assert "Pat Oakbank (no worker id)" in output
    assert "To fix:" in output
    assert "Problem worth checking:" in output
    assert "reported as 21 Other" in output
    assert "Nothing ASC-WDS would reject." not in output


def test_running_it_again_replaces_the_files(provider, ascwds_courses, tmp_path):
    run(provider["oak"].pk, tmp_path)
    finish(provider["oak_worker"], ascwds_courses["fire"], completed=on(2025, 3, 7))
    run(provider["oak"].pk, tmp_path)
    (training,) = tmp_path.glob("ascwds-training-*.csv")
    assert len(read_csv(training.read_bytes(), TRAINING_HEADER)) == 1
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.parametrize(
    "organisation, message",
    [
        ("999999", "No organisation has the id 999999."),
        ("oak", "'oak' is not an organisation id: give its number, like 12."),
    ],
)
def test_an_unknown_organisation_is_one_clear_line(provider, tmp_path, organisation, message):
    with pytest.raises(CommandError) as error:
        run(organisation, tmp_path)
    assert str(error.value) == message
    assert list(tmp_path.iterdir()) == []


def test_an_inactive_organisation_is_refused(provider, tmp_path):
    Organisation.objects.filter(pk=provider["oak"].pk).update(is_active=False)
    with pytest.raises(CommandError, match="is no longer active"):
        run(provider["oak"].pk, tmp_path)


def test_a_missing_directory_is_refused(provider, tmp_path):
    with pytest.raises(CommandError) as error:
        run(provider["oak"].pk, tmp_path / "nowhere")
    assert str(error.value) == f"The directory {tmp_path / 'nowhere'} does not exist. Create it first."


def test_a_file_where_the_directory_should_be_is_refused(provider, tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(CommandError, match="is a file, not a directory"):
        run(provider["oak"].pk, tmp_path / "a-file")


def test_a_directory_it_cannot_write_to_is_refused_leaving_nothing_behind(provider, tmp_path, monkeypatch):
    # Refused by the operating system as it would be for a read-only folder (CI runs as root, which
    # a chmod does not stop, so the refusal is made where the file is created).
    from reporting.management.commands import ascwds_export

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ascwds_export.tempfile, "mkstemp", refused)
    with pytest.raises(CommandError) as error:
        run(provider["oak"].pk, tmp_path)
    assert str(error.value) == f"Could not write to {tmp_path}: Permission denied."
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_half_way_leaves_no_file_behind(provider, tmp_path, monkeypatch):
    from reporting.management.commands import ascwds_export

    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ascwds_export.os, "replace", disk_full)
    with pytest.raises(CommandError) as error:
        run(provider["oak"].pk, tmp_path)
    assert str(error.value) == f"Could not write to {tmp_path}: No space left on device."
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_layout_is_refused(provider, tmp_path):
    with pytest.raises(CommandError, match="No training file layout '1999-01'. Known: 2025-11"):
        run(provider["oak"].pk, tmp_path, "--format", "1999-01")


def test_from_the_shell_a_bad_organisation_is_an_error_line_not_a_traceback(tmp_path):
    env = {**os.environ, "DEBUG": "1"}
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "manage.py", "ascwds_export", "not-a-number", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "CommandError: 'not-a-number' is not an organisation id: give its number, like 12."
    )
    assert "Traceback" not in result.stderr
