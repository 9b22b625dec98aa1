"""Monthly snapshots and trends, the beat schedule's tasks, and the monthly reports page and downloads."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import PermissionDenied

from reporting import services, tasks
from reporting.figures import FIGURES, Scope
from reporting.models import MonthlyReport, ReportStatus, Snapshot

from . import locality as brute
from .figures_support import *  # noqa: F403 (the locality and its fixtures)
from .figures_support import queries

pytestmark = pytest.mark.django_db

LAST_MONTH = services.previous_month()
PDF = b"%PDF-1.4\n% a test report\n%%EOF\n"


def month_end_scope(month, organisation=None):
    return Scope(
        organisations=None if organisation is None else {organisation},
        start=month,
        end=services.last_day(month),
        on=services.last_day(month),
    )


def test_a_months_snapshots_hold_the_area_and_each_provider_as_they_stood_at_its_end(locality):
    made = services.snapshots_take(month=LAST_MONTH)
    assert made == 1 + len(locality.organisations)
    area = Snapshot.objects.get(month=LAST_MONTH, organisation=None)
    scope = month_end_scope(LAST_MONTH)
    assert area.summary["staff"] == len(brute.staff(scope))
    care = Counter()
    for counter in brute.expected_care_certificate(scope, locality.care_certificate).values():
        care.update(counter)
    assert area.summary["care_certificate"] == {
        s: care.get(s, 0) for s in ("completed", "in_progress", "not_started")
    }
    statuses = Counter(status for _, _, status in brute.expected_requirements(scope))
    assert {k: v for k, v in area.summary["mandatory"].items() if v} == dict(statuses)
    assert set(area.figures) == set(FIGURES) - {"trends"}
    # The providers' snapshots add up to the area's.
    providers = Snapshot.objects.filter(month=LAST_MONTH, organisation__isnull=False)
    assert sum(s.summary["staff"] for s in providers) == area.summary["staff"]
    total = Counter()
    for snapshot in providers:
        total.update(snapshot.summary["mandatory"])
    assert {k: v for k, v in total.items() if v} == dict(statuses)
    b = locality.organisations[1]
    own = providers.get(organisation=b)
    assert own.summary["staff"] == len(brute.staff(month_end_scope(LAST_MONTH, b.pk)))
    assert own.figures["headcount-by-provider"]["rows"][0]["key"] == str(b.pk)


def test_taking_a_month_again_replaces_its_snapshots(locality, make_organisation):
    services.snapshots_take(month=LAST_MONTH)
    make_organisation("Provider Z")
    services.snapshots_take(month=LAST_MONTH)
    assert Snapshot.objects.filter(month=LAST_MONTH).count() == 1 + len(locality.organisations) + 1
    assert Snapshot.objects.filter(month=LAST_MONTH, organisation=None).count() == 1


def test_the_snapshot_job_costs_the_same_queries_for_more_providers(locality, make_organisation, make_person):
    services.snapshots_take(month=LAST_MONTH)  # both measured runs replace a month already taken
    before, _ = queries(services.snapshots_take, month=LAST_MONTH)
    brute.grow(locality, make_organisation=make_organisation, make_person=make_person, people=10, providers=4)
    after, _ = queries(services.snapshots_take, month=LAST_MONTH)
    assert after == before


def test_trends_show_each_month_from_its_snapshot_and_whether_it_got_better(locality):
    months = [LAST_MONTH - datetime.timedelta(days=31 * n) for n in (2, 1, 0)]
    months = [month.replace(day=1) for month in months]
    for month in months:
        tasks.take_monthly_snapshots.delay(month.isoformat())
    trend = FIGURES["trends"].compute(Scope())
    by_month = {row.key: row.values for row in trend.rows}
    for month in months:
        values = by_month[month.strftime("%Y-%m")]
        assert values["staff"] == len(brute.staff(month_end_scope(month)))
        mandatory = Counter(s for _, _, s in brute.expected_requirements(month_end_scope(month)))
        assert values["expired"] == mandatory["expired"] and values["missing"] == mandatory["missing"]
    this_month = brute.TODAY.strftime("%Y-%m")
    assert by_month[this_month].keys() == {"month"}  # no snapshot yet: left blank
    # For one provider, and for a provider type, the trend is theirs.
    b = locality.organisations[1]
    provider = FIGURES["trends"].compute(Scope(organisations={b.pk}))
    assert provider.value(LAST_MONTH.strftime("%Y-%m"), "staff") == len(
        brute.staff(month_end_scope(LAST_MONTH, b.pk))
    )
    kind = FIGURES["trends"].compute(Scope(provider_type=b.type))
    assert kind.value(LAST_MONTH.strftime("%Y-%m"), "staff") == len(
        brute.staff(Scope(provider_type=b.type, on=services.last_day(LAST_MONTH)))
    )


def test_the_dashboard_says_whether_it_is_getting_better(client, viewers):
    for month in (LAST_MONTH - datetime.timedelta(days=1), LAST_MONTH):
        services.snapshots_take(month=month.replace(day=1))
    client.force_login(viewers["commissioner"])
    html = client.get("/reporting/").content.decode()
    assert "Trends by month" in html
    assert " from " in html and ("better" in html or "worse" in html or "No change" in html)


def test_beat_takes_snapshots_then_makes_the_reports_on_the_first_of_each_month():
    schedule = settings.CELERY_BEAT_SCHEDULE
    snapshots = schedule["take-monthly-snapshots"]
    reports = schedule["generate-monthly-reports"]
    assert snapshots["task"] == "reporting.tasks.take_monthly_snapshots"
    assert reports["task"] == "reporting.tasks.generate_monthly_reports"
    for entry in (snapshots, reports):
        assert isinstance(entry["schedule"], crontab)
        assert entry["schedule"].day_of_month == {1}
    assert min(snapshots["schedule"].hour) < min(reports["schedule"].hour)


# --- Monthly reports ------------------------------------------------------------------------------


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path


@pytest.fixture
def renderer(monkeypatch):
    """Stands in for reporting.pdf.render_monthly_report (the monthly PDF's own tests are the renderer's)."""
    calls = []

    def render(scope, month):
        calls.append((scope, month))
        return PDF

    monkeypatch.setattr(services, "_renderer", lambda: render)
    return calls


def test_a_report_asked_for_is_made_by_its_task_and_kept_privately(
    viewers, private_media, renderer, django_capture_on_commit_callbacks
):
    a = viewers["a"]
    with django_capture_on_commit_callbacks(execute=True):
        report = services.monthly_report_request(by=viewers["manager_a"], month=LAST_MONTH, organisation=a)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.generated_at is not None
    assert report.file.read() == PDF
    assert str(private_media) in report.file.path
    scope, month = renderer[0]
    assert scope.organisations == {a.pk} and scope.on == services.last_day(LAST_MONTH) and month == LAST_MONTH
    # Asking again makes it again, in the same row.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.monthly_report_request(by=viewers["manager_a"], month=LAST_MONTH, organisation=a)
    assert again.pk == report.pk and len(renderer) == 2


def test_without_the_pdf_renderer_a_report_fails_with_a_clear_reason(viewers, private_media, monkeypatch):
    monkeypatch.setattr(services, "_renderer", lambda: None)
    report = MonthlyReport.objects.create(month=LAST_MONTH, organisation=None)
    assert tasks.generate_monthly_report.delay(report.pk).get() == ReportStatus.FAILED
    report.refresh_from_db()
    assert report.error == services.RENDERER_MISSING


def test_a_renderer_that_breaks_leaves_a_failed_report_not_a_traceback(viewers, private_media, monkeypatch):
    def broken(scope, month):
        raise RuntimeError("out of ink")

    monkeypatch.setattr(services, "_renderer", lambda: broken)
    report = MonthlyReport.objects.create(month=LAST_MONTH, organisation=viewers["a"])
    services.monthly_report_generate(report=report)
    assert report.status == ReportStatus.FAILED and "out of ink" not in report.error


def test_the_first_of_the_month_asks_for_the_areas_report_and_every_providers(
    locality, private_media, renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = tasks.generate_monthly_reports.delay().get()
    assert asked == 1 + len(locality.organisations)
    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {ReportStatus.READY}
    assert MonthlyReport.objects.filter(month=LAST_MONTH, organisation=None).exists()


def test_only_the_council_reports_on_the_whole_area_and_a_manager_on_their_own(viewers):
    with pytest.raises(PermissionDenied):
        services.monthly_report_request(by=viewers["manager_a"], month=LAST_MONTH, organisation=None)
    with pytest.raises(PermissionDenied):
        services.monthly_report_request(by=viewers["manager_a"], month=LAST_MONTH, organisation=viewers["b"])
    with pytest.raises(services.ReportError):
        services.monthly_report_request(
            by=viewers["commissioner"], month=brute.TODAY + datetime.timedelta(days=40), organisation=None
        )


def test_the_reports_page_lists_what_the_viewer_may_download(client, viewers, private_media, renderer):
    a, b = viewers["a"], viewers["b"]
    mine = MonthlyReport.objects.create(month=LAST_MONTH, organisation=a)
    theirs = MonthlyReport.objects.create(month=LAST_MONTH, organisation=b)
    area = MonthlyReport.objects.create(month=LAST_MONTH, organisation=None)
    for report in (mine, theirs, area):
        services.monthly_report_generate(report=report)
    client.force_login(viewers["manager_a"])
    html = client.get("/reporting/monthly/").content.decode()
    assert a.name in html and b.name not in html and "The whole area" not in html
    download = client.get(f"/reporting/monthly/{mine.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert f'filename="{mine.filename}"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    for other in (theirs, area):
        assert client.get(f"/reporting/monthly/{other.pk}/download/").status_code == 404
    client.force_login(viewers["commissioner"])
    html = client.get("/reporting/monthly/").content.decode()
    assert a.name in html and b.name in html and "The whole area" in html
    client.force_login(viewers["learner"])
    assert client.get("/reporting/monthly/").status_code == 403


def test_making_a_report_now_from_the_page(
    client, viewers, private_media, renderer, django_capture_on_commit_callbacks
):
    a, b = viewers["a"], viewers["b"]
    client.force_login(viewers["manager_a"])
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/reporting/monthly/", {"month": LAST_MONTH.isoformat(), "organisation": a.pk})
    assert done.status_code == 302
    assert MonthlyReport.objects.get(organisation=a, month=LAST_MONTH).status == ReportStatus.READY
    for refused in (
        {"month": LAST_MONTH.isoformat(), "organisation": b.pk},
        {"month": LAST_MONTH.isoformat(), "organisation": "area"},
        {"month": "2099-01-01", "organisation": a.pk},
        {},
    ):
        page = client.post("/reporting/monthly/", refused)
        assert page.status_code == 400 and "There is a problem" in page.content.decode()
    assert not MonthlyReport.objects.filter(organisation=b).exists()
    assert not MonthlyReport.objects.filter(organisation=None).exists()
