"""A real Celery worker, fed through Redis, does the academy's background work (sends an invitation)."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from academy import services
from academy.celery import app as celery_app
from academy.models import Invitation

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("REDIS_URL", "")

# The worker reads committed rows, so the test commits; serialized_rollback brings back the
# migrations' data (job roles, groups) that flushing after other transactional tests removed.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def needs_redis_and_a_shared_database():
    reason = None
    if not REDIS_URL:
        reason = "REDIS_URL is not set"
    elif connection.vendor == "sqlite":
        reason = "the worker process cannot see an in-memory SQLite test database; set DATABASE_URL"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the real-worker test, but {reason}.")
        pytest.skip(reason)


@pytest.fixture
def worker(tmp_path, needs_redis_and_a_shared_database):
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        database_url = database_url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "SITE_URL": "https://academy.example.org",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE")
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "academy",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = REDIS_URL
    celery_app.conf.task_default_queue = queue
    # The app builds its routing (and so its default queue) once; a test earlier in this process may
    # have built it already, so forget it and let it be built again with this queue.
    celery_app.__dict__.pop("amqp", None)
    try:
        yield mail_dir
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_default_queue = "celery"
        celery_app.__dict__.pop("amqp", None)
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output)


def test_worker_sends_the_invitation_email(worker, world, job_role, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    invitation = services.invitation_create(
        organisation=world["oak"],
        invited_by=world["oak_manager"],
        email="queued@example.org",
        first_name="Que",
        last_name="Ued",
        job_role=job_role,
        pathway_category="new_to_care",
        contract_type="permanent",
        start_date=datetime.date(2026, 5, 1),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.sent_at is not None:
            break
        time.sleep(0.25)
    assert invitation.sent_at is not None, "the worker did not send the invitation within a minute"
    messages = list(worker.glob("*.log"))
    assert len(messages) == 1
    body = messages[0].read_text()
    assert "To: queued@example.org" in body
    assert "https://academy.example.org/invitations/" in body
    assert Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists()
