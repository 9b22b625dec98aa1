"""Certificate and training passport PDFs, drawn with reportlab in the academy's own brand."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BRAND = colors.HexColor("#0d5e58")
INK = colors.HexColor("#0b0c0c")
SOFT = colors.HexColor("#505a5f")

_FONTS: tuple[str, str] | None = None


def _fonts() -> tuple[str, str]:
    """A font with the letters of every learner's name (DejaVu), else the Vera that ships with reportlab.

    reportlab's built-in Helvetica has no Ł or Ș, and care workers' names need them.
    """
    global _FONTS
    if _FONTS is None:
        folder = Path(getattr(settings, "CERTIFICATE_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("AcademySans", str(regular)))
            pdfmetrics.registerFont(TTFont("AcademySans-Bold", str(bold)))
        else:
            pdfmetrics.registerFont(TTFont("AcademySans", "Vera.ttf"))
            pdfmetrics.registerFont(TTFont("AcademySans-Bold", "VeraBd.ttf"))
        _FONTS = ("AcademySans", "AcademySans-Bold")
    return _FONTS


def academy_name() -> str:
    return settings.WAGTAIL_SITE_NAME


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def draw_qr(pdf: canvas.Canvas, url: str, *, x: float, y: float, size: float) -> None:
    """A vector QR code: segno works out the modules, each row's dark runs become filled rectangles
    in one path, so it stays sharp at any print size and costs a few milliseconds to draw."""
    # A fixed mask: every mask scans, and choosing the "best" of eight costs most of the drawing time.
    code = segno.make(url, error="m", micro=False, mask=4)
    rows = [list(row) for row in code.matrix]
    quiet = 2  # modules of white margin, inside the size given
    count = len(rows) + 2 * quiet
    module = size / count
    path = pdf.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (r + quiet) * module
        start = None
        for c, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                path.rect(x + (start + quiet) * module, top - module, (c - start) * module, module)
                start = None
    pdf.saveState()
    pdf.setFillColor(colors.white)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColor(INK)
    pdf.drawPath(path, stroke=0, fill=1)
    pdf.restoreState()


def _wrap(pdf: canvas.Canvas, text: str, *, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if pdf.stringWidth(candidate, font, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def render_certificate(certificate) -> bytes:
    """One A4 landscape page: who, what, when, until when, the number, and a QR to check it."""
    regular, bold = _fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"Certificate {certificate.serial}: {certificate.achievement_name}")
    pdf.setAuthor(academy_name())
    pdf.setSubject(f"{certificate.learner_name} completed {certificate.achievement_name}")
    pdf.setCreator(academy_name())

    # The brand band with the academy's name as its mark.
    pdf.setFillColor(BRAND)
    pdf.rect(0, height - 34 * mm, width, 34 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont(bold, 22)
    pdf.drawString(20 * mm, height - 21 * mm, academy_name())
    pdf.setFont(regular, 11)
    pdf.drawRightString(width - 20 * mm, height - 21 * mm, settings.SITE_URL.removeprefix("https://"))

    left = 20 * mm
    y = height - 58 * mm
    pdf.setFillColor(SOFT)
    pdf.setFont(regular, 14)
    kind = "programme" if certificate.programme_id else "course"
    pdf.drawString(left, y, "Certificate of completion")
    y -= 16 * mm
    pdf.setFillColor(INK)
    pdf.setFont(bold, 30)
    for line in _wrap(pdf, certificate.learner_name, font=bold, size=30, width=width - 2 * left):
        pdf.drawString(left, y, line)
        y -= 12 * mm
    pdf.setFont(regular, 14)
    pdf.setFillColor(SOFT)
    pdf.drawString(left, y, f"has completed the {kind}")
    y -= 12 * mm
    pdf.setFillColor(BRAND)
    pdf.setFont(bold, 22)
    text_width = width - 2 * left - 60 * mm
    for line in _wrap(pdf, certificate.achievement_name, font=bold, size=22, width=text_width)[:3]:
        pdf.drawString(left, y, line)
        y -= 9 * mm

    facts = [
        ("Completed on", _day(certificate.completed_on)),
        ("Valid until", _day(certificate.expires_on) if certificate.expires_on else "Does not expire"),
        ("Certificate number", certificate.serial),
        ("Issued by", f"{academy_name()}, {_day(certificate.issued_at.date())}"),
    ]
    y = 52 * mm
    for label, value in facts:
        pdf.setFillColor(SOFT)
        pdf.setFont(regular, 10)
        pdf.drawString(left, y, label)
        pdf.setFillColor(INK)
        pdf.setFont(bold, 12)
        pdf.drawString(left + 45 * mm, y, value)
        y -= 7 * mm

    size = 42 * mm
    draw_qr(pdf, certificate.verify_url, x=width - 20 * mm - size, y=22 * mm, size=size)
    pdf.setFillColor(SOFT)
    pdf.setFont(regular, 8)
    pdf.drawRightString(width - 20 * mm, 17 * mm, "Scan to check this certificate is genuine, or visit")
    pdf.drawRightString(width - 20 * mm, 13 * mm, certificate.verify_url)
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(2)
    pdf.line(left, 8 * mm, width - left, 8 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render_passport(*, person_name: str, certificates, prior_learning, generated_on) -> bytes:
    """The whole training passport: every certificate and accepted prior learning, with how to check each."""
    regular, bold = _fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Training passport: {person_name}",
        author=academy_name(),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    heading = ParagraphStyle("heading", fontName=bold, fontSize=20, leading=24, textColor=BRAND)
    subheading = ParagraphStyle("subheading", fontName=bold, fontSize=14, leading=18, textColor=INK)
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, textColor=INK)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=SOFT)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)

    def p(text, style=cell):
        from xml.sax.saxutils import escape

        return Paragraph(escape(str(text)), style)

    story = [
        p(academy_name(), small),
        p(f"Training passport: {person_name}", heading),
        Spacer(1, 3 * mm),
        p(f"Produced on {_day(generated_on)}. Each certificate can be checked at its address below.", body),
        Spacer(1, 6 * mm),
        p("Certificates", subheading),
        Spacer(1, 2 * mm),
    ]
    table_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, 0), bold),
            ("LINEBELOW", (0, 0), (-1, 0), 1, BRAND),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    if certificates:
        rows = [[p("Training"), p("Completed"), p("Valid until"), p("Status"), p("Check at")]]
        for certificate in certificates:
            rows.append(
                [
                    p(certificate.achievement_name),
                    p(_day(certificate.completed_on)),
                    p(_day(certificate.expires_on) if certificate.expires_on else "Does not expire"),
                    p(certificate.status.label),
                    p(f"{certificate.serial} {certificate.verify_url}", small),
                ]
            )
        story.append(Table(rows, colWidths=[58 * mm, 25 * mm, 25 * mm, 18 * mm, 48 * mm], style=table_style))
    else:
        story.append(p("No certificates from the academy yet.", body))
    story += [
        Spacer(1, 8 * mm),
        p("Training done elsewhere, accepted by the academy", subheading),
        Spacer(1, 2 * mm),
    ]
    if prior_learning:
        rows = [[p("Training"), p("Delivered by"), p("Completed"), p("Valid until"), p("Counts as")]]
        for claim in prior_learning:
            rows.append(
                [
                    p(claim.title),
                    p(claim.provider_name),
                    p(_day(claim.completed_on)),
                    p(_day(claim.expires_on) if claim.expires_on else "Does not expire"),
                    p(claim.course.title if claim.course_id else ""),
                ]
            )
        story.append(Table(rows, colWidths=[50 * mm, 38 * mm, 25 * mm, 25 * mm, 36 * mm], style=table_style))
    else:
        story.append(p("None recorded.", body))

    def footer(pdf, doc):
        pdf.saveState()
        pdf.setFont(regular, 8)
        pdf.setFillColor(SOFT)
        pdf.drawString(18 * mm, 10 * mm, f"{academy_name()} training passport: {person_name}")
        pdf.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        pdf.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
