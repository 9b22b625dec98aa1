"""The monthly PDF: it renders for a small locality, reads back with the figures' numbers, and says when
there is nothing to report rather than failing."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from pypdf import PdfReader

from academy.models import Organisation
from reporting.figures import FIGURES, Scope
from reporting.models import MonthlyReport, ReportStatus
from reporting.pdf import NO_DATA, render_monthly_report
from reporting.services import month_scope, monthly_report_generate, snapshots_take

AS_OF = datetime.date(2026, 6, 30)
MONTH = datetime.date(2026, 5, 1)


@pytest.fixture(scope="module")
def private_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("private"))


@pytest.fixture(scope="module")
def locality(django_db_setup, django_db_blocker, private_root):
    """A small generated locality, with May's snapshot, kept for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=private_root):
        with transaction.atomic():
            call_command(
                "generate_workforce",
                providers=3,
                workers=45,
                years=1,
                seed=21,
                as_of=AS_OF,
                force=True,
                verbosity=0,
            )
            snapshots_take(month=MONTH)
            yield
            transaction.set_rollback(True)


def text_of(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \t]+", " ", text)


def test_a_months_report_for_the_area_reads_back_with_the_figures_numbers(db, locality):
    scope = month_scope(MONTH)
    pdf = render_monthly_report(scope, MONTH)
    assert pdf.startswith(b"%PDF")
    reader, text = text_of(pdf)
    assert "Workforce report: May 2026" in text
    assert "All providers" in text
    pages = len(reader.pages)
    assert pages >= 3
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    for key in (
        "headcount-by-provider",
        "care-certificate",
        "mandatory-training",
        "oliver-mcgowan",
        "events",
    ):
        table = FIGURES[key].compute(scope)
        assert table.title in text
        totals = [cell.text for cell in table.total_cells if cell.is_numeric and cell.value is not None]
        assert totals, key
        for number in totals:
            assert number in text, (key, number)
    # Each row of a table with data is printed, named and counted.
    headcount = FIGURES["headcount-by-provider"].compute(scope)
    for row in headcount.rows:
        assert row.values["provider"] in text
    for section in (
        "Staff in post",
        "The Care Certificate",
        "Mandatory training",
        "Oliver McGowan",
        "Events",
        "Course feedback",
        "Learning activity",
        "Trends",
    ):
        assert section in text


def test_the_pdf_names_itself_in_its_metadata_and_outline(db, locality):
    pdf = render_monthly_report(month_scope(MONTH), MONTH)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Workforce report, May 2026: All providers"
    assert reader.metadata.author == "Social Care Academy"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Workforce report: May 2026" in outline and "Mandatory training" in outline


def test_trends_come_from_the_snapshots_when_there_are_some(db, locality):
    _, text = text_of(render_monthly_report(month_scope(MONTH), MONTH))
    trends = FIGURES["trends"].compute(
        month_scope(MONTH).with_period(datetime.date(2025, 6, 1), MONTH.replace(day=31))
    )
    may = next(row for row in trends.rows if row.key == "2026-05")
    assert may.values["staff"] is not None
    assert "Trends by month" in text and "May 2026" in text
    assert "No monthly snapshots" not in text


def test_a_providers_report_is_about_that_provider_alone(db, locality):
    provider = (
        Organisation.objects.filter(name__isnull=False, memberships__isnull=False).order_by("pk").first()
    )
    scope = month_scope(MONTH, provider.pk)
    _, text = text_of(render_monthly_report(scope, MONTH))
    assert provider.name in text
    for title in ("Care Certificate by provider", "Mandatory training by provider"):
        assert title not in text, "a provider's report has no by-provider tables"
    staff = FIGURES["headcount-by-job-role"].compute(scope).totals.values["staff"]
    assert f"{staff:,}" in text


@pytest.mark.parametrize("who", ["a new provider", "no providers at all"])
def test_a_scope_with_no_data_says_so_rather_than_failing(db, locality, who):
    if who == "a new provider":
        provider = Organisation.objects.create(name="Brand New Care", type="home_care", postcode="ST16 2AB")
        scope = month_scope(MONTH, provider.pk)
    else:
        scope = Scope(organisations=frozenset(), on=AS_OF, start=MONTH, end=AS_OF)
    _, text = text_of(render_monthly_report(scope, MONTH))
    assert "Workforce report: May 2026" in text
    assert NO_DATA in text
    for key in ("headcount-by-job-role", "care-certificate", "mandatory-training", "events"):
        assert FIGURES[key].title in text


def test_the_monthly_report_task_keeps_the_pdf(db, locality, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    report = MonthlyReport.objects.create(month=MONTH, organisation=None)
    report = monthly_report_generate(report=report)
    assert report.status == ReportStatus.READY, report.error
    with report.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
