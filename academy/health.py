"""GET /healthz: is the database answering, and can the task queue take work?"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app


def _database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is reported, never raised, so the check itself stays up
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _task_queue_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "broker"}


@never_cache
@require_GET
def healthz(request):
    database = _database_state()
    task_queue = _task_queue_state()
    healthy = database["ok"] and task_queue["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "task_queue": task_queue},
        status=200 if healthy else 503,
    )
