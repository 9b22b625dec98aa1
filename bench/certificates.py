"""Benchmark: certificate PDFs, credential signing and verification, a 1,000-graduate cohort via Celery.

    uv run python bench/certificates.py                # or: make bench-certificates
    uv run python bench/certificates.py --cohort 200 --workers 2

Every figure is printed as a time and as a ratio to the cost of a blank one-page reportlab PDF made
in the same run, so the figures compare across machines:

1. PDF generation per certificate (`certificates.pdf.render_certificate`, QR code included).
2. Signing per credential (building the Open Badges 3.0 credential and its eddsa-rdfc-2022 proof).
3. Verification per credential (proof, dates and the revocation status list, as a new employer does).
4. A cohort of --cohort graduates (default 1,000) issued through real Celery workers (--workers
   processes, Redis as the broker): from pressing "Issue certificates" until the run says finished,
   per certificate and in all.

It needs PostgreSQL (default postgres://postgres@127.0.0.1:5432/academy_bench_certificates, created
if missing, migrated, its cohort rebuilt on each run) and Redis (default redis://127.0.0.1:6379/9).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.site import ensure_database, migrate_and_set_up, stop_process  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/academy_bench_certificates"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
EMAIL_DOMAIN = "certificates-bench.example.org"


def log(message: str = "") -> None:
    print(message, flush=True)


def environment(database_url: str, redis_url: str, key_file: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-7d1e3a9c5b2f4e6a8c0d",
        "SITE_URL": "https://academy.bench.example.org",
        "HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "academy.settings",
        "CERTIFICATE_SIGNING_KEY_FILE": str(key_file),
        "PRIVATE_MEDIA_ROOT": str(key_file.parent / "private"),
    }


def median_seconds(action, repeat: int) -> float:
    action()  # warm: fonts registered, contexts loaded
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def blank_pdf() -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def build_cohort(size: int):
    """A cohort of `size` people who completed a programme: bulk inserts, no certificates yet."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from certificates.models import Certificate, CertificateRun
    from lms.models import Cohort, CourseCatalogPage, ProgrammeEnrolment, ProgrammePage

    User = get_user_model()
    catalogue = CourseCatalogPage.objects.get()
    programme = ProgrammePage.objects.filter(slug="bench-programme").first()
    if programme is None:
        programme = ProgrammePage(
            title="Registered Managers Development Programme", slug="bench-programme", summary="Bench."
        )
        catalogue.add_child(instance=programme)
        programme.save_revision().publish()
    cohort, _ = Cohort.objects.get_or_create(
        programme=programme, name="Bench cohort", defaults={"starts_on": datetime.date(2026, 1, 5)}
    )
    # Each run starts from nobody certified, so every certificate is made.
    CertificateRun.objects.filter(cohort=cohort).delete()
    Certificate.objects.filter(programme_enrolment__cohort=cohort).delete()
    ProgrammeEnrolment.objects.filter(cohort=cohort).delete()
    existing = set(User.objects.filter(email__endswith=EMAIL_DOMAIN).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(email=f"graduate{n}@{EMAIL_DOMAIN}", first_name="Graduate", last_name=f"Number {n}")
            for n in range(size)
            if f"graduate{n}@{EMAIL_DOMAIN}" not in existing
        ],
        batch_size=1000,
    )
    people = User.objects.filter(email__endswith=EMAIL_DOMAIN).order_by("pk")[:size]
    now = timezone.now()
    ProgrammeEnrolment.objects.bulk_create(
        [
            ProgrammeEnrolment(
                learner=person, programme=programme, cohort=cohort, status="completed", completed_at=now
            )
            for person in people
        ],
        batch_size=1000,
    )
    return cohort


class CeleryWorkers:
    def __init__(self, count: int, env: dict[str, str], logfile: Path):
        self.count, self.env, self.logfile = count, env, logfile
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "celery", "-A", "academy", "worker",
            "--concurrency", str(self.count), "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        with self.logfile.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=REPO, env={**os.environ, **self.env}, stdout=out, stderr=subprocess.STDOUT
            )
        from academy.celery import app

        for _ in range(120):
            if self.process.poll() is not None:
                raise SystemExit(f"The Celery worker stopped:\n{self.logfile.read_text()[-3000:]}")
            replies = app.control.ping(timeout=0.5)
            if replies:
                return
        raise SystemExit("The Celery worker did not answer within a minute.")

    def stop(self) -> None:
        stop_process(self.process)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--cohort", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)

    ensure_database(args.database_url)
    scratch = Path(tempfile.mkdtemp(prefix="academy-bench-certificates-"))
    key_file = scratch / "signing-key.pem"
    env = environment(args.database_url, args.redis_url, key_file)
    subprocess.run(
        [sys.executable, "manage.py", "certificate_key", "generate", str(key_file)],
        cwd=REPO, env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    migrate_and_set_up(env)
    from django.utils import timezone

    from certificates.credentials.verification import verify_credential
    from certificates.models import Certificate, CertificateRun
    from certificates.pdf import render_certificate
    from certificates.portable import credential_for
    from certificates.services import cohort_run_start

    log(f"Building a cohort of {args.cohort:,} graduates…")
    cohort = build_cohort(args.cohort)
    commissioner = _commissioner()
    sample = Certificate(
        pk=1,
        serial="SCA-BNCH-0001",
        learner=cohort.enrolments.first().learner,
        programme=cohort.programme,
        learner_name="Graduate Number 0",
        achievement_name=cohort.programme.title,
        completed_on=timezone.localdate(),
        expires_on=timezone.localdate() + datetime.timedelta(days=365),
        issued_at=timezone.now(),
    )

    blank = median_seconds(blank_pdf, args.repeat)
    pdf = median_seconds(lambda: render_certificate(sample), args.repeat)
    credential = credential_for(sample)
    sign = median_seconds(lambda: credential_for(sample), args.repeat)
    verified = verify_credential(credential)
    if not verified.ok:
        raise SystemExit(f"The bench's own credential does not verify: {verified.errors}")
    verify = median_seconds(lambda: verify_credential(credential), args.repeat)

    workers = CeleryWorkers(args.workers, env, scratch / "celery.log")
    workers.start()
    try:
        started = time.perf_counter()
        run = cohort_run_start(cohort=cohort, by=commissioner)
        while True:
            run.refresh_from_db()
            if run.finished:
                break
            time.sleep(0.2)
        cohort_seconds = time.perf_counter() - started
    finally:
        workers.stop()
    if run.failure or run.done != args.cohort:
        raise SystemExit(f"The cohort run did not finish cleanly: {run.done}/{run.total} {run.failure}")
    made = Certificate.objects.filter(programme_enrolment__cohort=cohort).exclude(pdf="").count()

    per_certificate = cohort_seconds / args.cohort
    log("")
    log(f"Blank one-page reportlab PDF (the unit):   {blank * 1000:8.2f} ms")
    log(f"PDF per certificate:                       {pdf * 1000:8.2f} ms  = {pdf / blank:6.1f}× blank")
    log(f"Signing per credential:                    {sign * 1000:8.2f} ms  = {sign / blank:6.1f}× blank")
    log(f"Verification per credential:               {verify * 1000:8.2f} ms  = {verify / blank:6.1f}× blank")
    log(
        f"Cohort of {args.cohort:,} through {args.workers} Celery worker process(es): "
        f"{cohort_seconds:.1f} s in all, "
        f"{per_certificate * 1000:.1f} ms per certificate = {per_certificate / blank:.1f}× blank "
        f"({made:,} certificates with PDF and credential)"
    )
    CertificateRun.objects.filter(pk=run.pk).delete()
    return 0


def _commissioner():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=f"commissioner@{EMAIL_DOMAIN}", defaults={"first_name": "Bench", "last_name": "Commissioner"}
    )
    if not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    return user


if __name__ == "__main__":
    sys.exit(main())
