"""The monthly PDF of an academy with nothing in it yet: no programmes, providers or records."""

import datetime
import io

from pypdf import PdfReader

from reporting.pdf import NO_DATA, render_monthly_report
from reporting.services import month_scope

MONTH = datetime.date(2026, 5, 1)


def test_an_empty_academy_renders_a_report_that_says_there_is_no_data(db):
    pdf = render_monthly_report(month_scope(MONTH), MONTH)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Workforce report: May 2026" in text
    assert NO_DATA in text
    assert "No monthly snapshots" in text
