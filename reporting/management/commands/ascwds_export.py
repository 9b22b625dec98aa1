"""manage.py ascwds_export: write a provider's ASC-WDS training file and Care Certificate column to disk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from academy.models import Organisation
from reporting.ascwds import CURRENT_VERSION, TRAINING_FILES, ascwds_export_build


def _write(path: Path, text: str) -> None:
    """Write the whole file or nothing: a file that fails half-way never replaces a good one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        # mkstemp makes the file readable by its owner only; give it the permissions any new file gets.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Write a provider's ASC-WDS bulk-upload TRAINING file (every current worker's whole training "
        "history) and the STAFF file's Care Certificate column to a directory, and list anything ASC-WDS "
        "would reject."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "organisation", help="The organisation's id in the academy (as in its web address)."
        )
        parser.add_argument("directory", help="An existing directory to write the two CSV files to.")
        parser.add_argument(
            "--format",
            dest="version",
            default=CURRENT_VERSION,
            help=f"The training file layout: {', '.join(TRAINING_FILES)} (default {CURRENT_VERSION}).",
        )

    def handle(self, *args, organisation, directory, version, **options):
        try:
            pk = int(organisation)
        except ValueError:
            raise CommandError(
                f"'{organisation}' is not an organisation id: give its number, like 12."
            ) from None
        found = Organisation.objects.filter(pk=pk).first()
        if found is None:
            raise CommandError(f"No organisation has the id {pk}.")
        if not found.is_active:
            raise CommandError(f"{found.name} (id {pk}) is no longer active, so it has no current workers.")
        if version not in TRAINING_FILES:
            raise CommandError(f"No training file layout '{version}'. Known: {', '.join(TRAINING_FILES)}.")
        target = Path(directory).expanduser()
        if not target.exists():
            raise CommandError(f"The directory {target} does not exist. Create it first.")
        if not target.is_dir():
            raise CommandError(f"{target} is a file, not a directory.")

        export = ascwds_export_build(organisation=found, version=version)
        training_path = target / export.training_filename
        staff_path = target / export.staff_filename
        try:
            _write(training_path, export.training_csv())
            _write(staff_path, export.staff_csv())
        except OSError as error:
            raise CommandError(f"Could not write to {target}: {error.strerror or error}.") from None

        rows, workers = len(export.training_rows), len(export.workers)
        self.stdout.write(
            f"Wrote {training_path}: {rows} training record{'' if rows == 1 else 's'} of {workers} "
            f"worker{'' if workers == 1 else 's'} ({export.layout.label} format)."
        )
        counts = export.care_certificate_counts
        self.stdout.write(
            f"Wrote {staff_path}: the Care Certificate of {len(export.staff_rows)} workers "
            f"({counts['completed']} completed, {counts['in_progress']} in progress, "
            f"{counts['no']} not started)."
        )
        if export.merged:
            self.stdout.write(
                f"{export.merged} records held twice (same course, same day) were written once."
            )
        self._problems("would reject", export.errors, style=self.style.ERROR)
        if not export.errors:
            self.stdout.write(self.style.SUCCESS("Nothing ASC-WDS would reject."))
        self._problems("worth checking", export.warnings, style=self.style.WARNING)

    def _problems(self, heading: str, problems, *, style) -> None:
        if not problems:
            return
        label = "Problem" if len(problems) == 1 else f"{len(problems)} problems"
        self.stdout.write(
            style(f"{label} ASC-WDS {heading}:" if heading == "would reject" else f"{label} {heading}:")
        )
        for problem in problems:
            who = ", ".join(f"{w.name} ({w.worker_id or 'no worker id'})" for w in problem.workers[:3])
            if len(problem.workers) > 3:
                who += f" and {len(problem.workers) - 3} more"
            training = f" [{', '.join(problem.training[:3])}]" if problem.training else ""
            self.stdout.write(f"  {problem.column}: {problem.message}. {who}{training}")
            self.stdout.write(f"    To fix: {problem.fix}")
