"""The monthly workforce report as a PDF: each figure drawn as a reportlab chart and followed by its table."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from academy.models import Organisation, OrganisationType, PathwayCategory

from .charts import SERIES_COLOURS
from .figures import FIGURES, Scope
from .figures.table import PERCENT, TEXT, Table

# The academy's brand, as the site's stylesheet has it (static/scss/academy.scss).
BRAND = colors.HexColor("#0d5e58")
ACCENT = colors.HexColor("#e8a33d")
PALE = colors.HexColor("#eef5f4")
INK = colors.HexColor("#0b0c0c")
SOFT = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
# Series without a meaning of their own: the academy's colours first (the others: reporting/charts.py).
PALETTE = ["#0d5e58", "#e8a33d", "#1d70b8", "#4c2c92", "#28a197", "#d53880"]

# The report's sections and the figures in each, in reading order. A figure added to the registry later
# still appears, under "Other figures".
SECTIONS = [
    (
        "Staff in post",
        [
            "headcount-by-provider-type",
            "headcount-by-job-role",
            "headcount-by-pathway-category",
            "headcount-by-contract-type",
            "headcount-by-provider",
        ],
    ),
    ("The Care Certificate", ["care-certificate", "care-certificate-by-provider"]),
    ("Mandatory training", ["mandatory-training", "mandatory-training-by-provider"]),
    ("Oliver McGowan Mandatory Training", ["oliver-mcgowan"]),
    ("Qualifications and leadership", ["qualifications", "leadership-cohorts"]),
    ("Events", ["events"]),
    ("Course feedback", ["course-feedback"]),
    ("Learning activity", ["learning-activity"]),
    ("Trends", ["trends"]),
]
# Figures drawn as lines over the months rather than as bars.
OVER_TIME = {"learning-activity", "trends"}
# A region has thousands of providers: a printed table shows this many rows, the CSV has them all.
MAX_ROWS = 40
# By-provider tables printed in part show the providers furthest behind first.
WORST_FIRST = {
    "mandatory-training-by-provider": "held_percent",
    "care-certificate-by-provider": "completed_percent",
}
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
NO_DATA = "No data: nothing was recorded for this scope and period."

_FONTS: tuple[str, str] | None = None


def _fonts() -> tuple[str, str]:
    """DejaVu Sans where the system has it (every letter of people's and providers' names), else Vera."""
    global _FONTS
    if _FONTS is None:
        folder = Path(getattr(settings, "REPORT_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if not (regular.exists() and bold.exists()):
            regular, bold = Path("Vera.ttf"), Path("VeraBd.ttf")  # shipped with reportlab
        pdfmetrics.registerFont(TTFont("ReportSans", str(regular)))
        pdfmetrics.registerFont(TTFont("ReportSans-Bold", str(bold)))
        pdfmetrics.registerFontFamily("ReportSans", normal="ReportSans", bold="ReportSans-Bold")
        _FONTS = ("ReportSans", "ReportSans-Bold")
    return _FONTS


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=22, leading=27, textColor=BRAND
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=16, textColor=INK),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=bold,
            fontSize=15,
            leading=19,
            textColor=BRAND,
            spaceBefore=6,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=3
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=SOFT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.5),
        "cell_number": ParagraphStyle(
            "cell_number", parent=base, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=7.5, leading=9.5),
        "head_number": ParagraphStyle(
            "head_number", parent=base, fontName=bold, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
        ),
        "headline_value": ParagraphStyle(
            "headline_value", parent=base, fontName=bold, fontSize=17, leading=21, textColor=BRAND
        ),
        "headline_label": ParagraphStyle(
            "headline_label", parent=base, fontSize=8, leading=10.5, textColor=INK
        ),
    }


# --- What the report is about ---------------------------------------------------------------------------


def month_title(month: datetime.date) -> str:
    return month.strftime("%B %Y")


def scope_title(scope: Scope) -> str:
    """Who the report covers, in words: a provider's name, or the whole area with its filters."""
    if scope.organisation is not None:
        name = Organisation.objects.filter(pk=scope.organisation).values_list("name", flat=True).first()
        who = name or "One provider"
    elif scope.organisations is not None:
        who = f"{len(scope.organisations)} providers"
    else:
        who = "All providers"
    filters = []
    if scope.provider_type:
        filters.append(OrganisationType(scope.provider_type).label.lower())
    if scope.area:
        filters.append(scope.area)
    if scope.pathway_category:
        filters.append(PathwayCategory(scope.pathway_category).label.lower())
    if scope.job_role is not None:
        from academy.models import JobRole

        role = JobRole.objects.filter(pk=scope.job_role).values_list("name", flat=True).first()
        if role:
            filters.append(role.lower())
    return f"{who}: {', '.join(filters)}" if filters else who


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


# --- Charts -------------------------------------------------------------------------------------------------


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _short(text, limit: int = 38) -> str:
    text = str(text or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _colour(key: str, index: int):
    return colors.HexColor(SERIES_COLOURS.get(key, PALETTE[index % len(PALETTE)]))


def _legend(drawing: Drawing, series, *, x: float, y: float) -> None:
    regular, _ = _fonts()
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = regular, 7.5
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    # Columns wide enough for the longest label: three short ones a row, else two.
    columns = 3 if max(len(column.label) for column in series) <= 24 else 2
    legend.columnMaximum = -(-len(series) // columns)
    legend.deltax = (FRAME_WIDTH - x) / columns
    legend.dxTextSpace = 4
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(_colour(column.key, i), column.label) for i, column in enumerate(series)]
    drawing.add(legend)


def bar_chart(table: Table, rows) -> Drawing | None:
    """Horizontal bars, a row each: stacked shares of the row's whole, or bars side by side on one scale."""
    chart = table.chart
    series = [table.column(key) for key in chart.series]
    regular, _ = _fonts()
    percent_only = all(column.kind == PERCENT for column in series)
    data = []
    for column in series:
        values = []
        for row in rows:
            value = _number(row.values.get(column.key))
            if chart.stacked:
                whole = sum(_number(row.values.get(c.key)) for c in series)
                value = 100 * value / whole if whole else 0.0
            values.append(value)
        data.append(list(reversed(values)))  # reportlab draws the first category at the bottom
    largest = max((v for values in data for v in values), default=0)
    if largest <= 0:
        return None
    per_row = 9 if chart.stacked else 5 + 4 * len(series)
    plot_height = per_row * len(rows)
    columns = 3 if max(len(column.label) for column in series) <= 24 else 2
    legend_height = 12 * -(-len(series) // columns) + 4 if len(series) > 1 else 0
    width = FRAME_WIDTH
    height = plot_height + 28 + legend_height
    drawing = Drawing(width, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = 150, 18 + legend_height
    bars.width, bars.height = width - 165, plot_height
    bars.data = data
    bars.categoryAxis.categoryNames = [_short(row.values.get(chart.label)) for row in reversed(rows)]
    bars.categoryAxis.labels.fontName = regular
    bars.categoryAxis.labels.fontSize = 7
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -4
    bars.categoryAxis.strokeColor = RULE
    bars.valueAxis.valueMin = 0
    if chart.stacked or percent_only:
        bars.valueAxis.valueMax = 100
        bars.valueAxis.valueStep = 20
        bars.valueAxis.labelTextFormat = "%d%%"
    bars.valueAxis.labels.fontName = regular
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.strokeColor = RULE
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = colors.HexColor("#e6e8e9")
    if chart.stacked:
        bars.categoryAxis.style = "stacked"
    bars.barSpacing = 1
    bars.groupSpacing = 3
    for index, column in enumerate(series):
        bars.bars[index].fillColor = _colour(column.key, index)
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if len(series) > 1:
        _legend(drawing, series, x=150, y=legend_height + 2)
    return drawing


def _month_label(key: str) -> str:
    """'2026-11' as 'Nov 26': a year of months fits along the axis."""
    try:
        return datetime.date.fromisoformat(f"{key}-01").strftime("%b %y")
    except ValueError:
        return _short(key, 8)


def line_chart(table: Table, rows) -> Drawing | None:
    """A line for each series across the months (a month without a value is a gap)."""
    chart = table.chart
    series = [table.column(key) for key in chart.series]
    regular, _ = _fonts()
    data = [[row.values.get(column.key) for row in rows] for column in series]
    present = [v for values in data for v in values if isinstance(v, int | float)]
    if not present or max(present) <= 0:
        return None
    width, height = FRAME_WIDTH, 170
    drawing = Drawing(width, height)
    lines = HorizontalLineChart()
    lines.x, lines.y = 40, 48
    lines.width, lines.height = width - 60, height - 62
    lines.data = [[v if isinstance(v, int | float) else None for v in values] for values in data]
    lines.categoryAxis.categoryNames = [_month_label(row.key) for row in rows]
    lines.categoryAxis.labels.fontName = regular
    lines.categoryAxis.labels.fontSize = 7
    lines.categoryAxis.labels.angle = 0
    lines.categoryAxis.strokeColor = RULE
    lines.valueAxis.valueMin = 0
    if all(column.kind == PERCENT for column in series):
        lines.valueAxis.valueMax = 100
        lines.valueAxis.labelTextFormat = "%d%%"
    lines.valueAxis.labels.fontName = regular
    lines.valueAxis.labels.fontSize = 7
    lines.valueAxis.strokeColor = RULE
    lines.valueAxis.visibleGrid = True
    lines.valueAxis.gridStrokeColor = colors.HexColor("#e6e8e9")
    lines.joinedLines = 1
    for index, column in enumerate(series):
        lines.lines[index].strokeColor = _colour(column.key, index)
        lines.lines[index].strokeWidth = 1.6
        lines.lines[index].symbol = makeMarker("FilledCircle", size=3, fillColor=_colour(column.key, index))
    drawing.add(lines)
    _legend(drawing, series, x=40, y=22)
    return drawing


def chart_for(table: Table, rows) -> Drawing | None:
    if table.chart is None or not rows:
        return None
    if table.key in OVER_TIME:
        return line_chart(table, rows)
    return bar_chart(table, rows)


# --- Tables -------------------------------------------------------------------------------------------------


def has_data(table: Table) -> bool:
    """Whether the table holds any number worth printing (an empty scope gives rows of zeros)."""
    numbers = [c.key for c in table.columns if c.kind != TEXT]
    return any(_number(row.values.get(key)) for row in table.rows for key in numbers)


def printed_rows(table: Table) -> tuple[list, str]:
    """The rows to print, and a note when they are only some of them."""
    rows = list(table.rows)
    if len(rows) <= MAX_ROWS:
        return rows, ""
    share = WORST_FIRST.get(table.key)
    if share is not None:
        rows.sort(key=lambda row: (row.values.get(share) is None, row.values.get(share) or 0))
        return rows[:MAX_ROWS], (
            f"Showing the {MAX_ROWS} of {len(table.rows):,} with the lowest share; every row is in the "
            "figure's CSV file."
        )
    return rows[
        :MAX_ROWS
    ], f"Showing the first {MAX_ROWS} of {len(table.rows):,} rows; every row is in the CSV file."


def _widths(table: Table, rows, numeric: list[bool]) -> list[float]:
    """Number columns as wide as their widest value (or a word of their heading); text takes the rest."""
    regular, bold = _fonts()
    padding = 7
    lines = [table.cells(row) for row in rows] + ([table.cells(table.totals)] if table.totals else [])
    widths = []
    for index, column in enumerate(table.columns):
        if not numeric[index]:
            widths.append(0.0)
            continue
        values = [pdfmetrics.stringWidth(line[index].text, bold, 7.5) for line in lines]
        words = [pdfmetrics.stringWidth(word, bold, 7.5) for word in column.label.split()]
        widths.append(max([*values, *words, 8 * mm]) + padding)
    text = [i for i, n in enumerate(numeric) if not n] or [0]
    room = FRAME_WIDTH - sum(widths)
    if room < 38 * mm * len(text):
        # Too many columns for the page: numbers give way in proportion, text keeps a readable width.
        scale = max(0.5, (FRAME_WIDTH - 38 * mm * len(text)) / sum(widths))
        widths = [w * scale for w in widths]
        room = FRAME_WIDTH - sum(widths)
    for i in text:
        widths[i] = room / len(text)
    return widths


def table_flowable(table: Table, rows, styles) -> PdfTable:
    columns = table.columns
    numeric = [column.kind != TEXT for column in columns]

    def cell(text, index, *, head=False):
        style = ("head" if head else "cell") + ("_number" if numeric[index] else "")
        return Paragraph(escape(text), styles[style])

    data = [[cell(column.label, i, head=True) for i, column in enumerate(columns)]]
    for row in rows:
        data.append([cell(c.text, i) for i, c in enumerate(table.cells(row))])
    if table.totals is not None:
        data.append([cell(c.text, i, head=True) for i, c in enumerate(table.cells(table.totals))])
    flowable = PdfTable(data, colWidths=_widths(table, rows, numeric), repeatRows=1)
    commands = [
        ("LINEBELOW", (0, 0), (-1, 0), 1, BRAND),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if table.totals is not None:
        commands += [("BACKGROUND", (0, -1), (-1, -1), PALE), ("LINEABOVE", (0, -1), (-1, -1), 0.75, BRAND)]
    flowable.setStyle(TableStyle(commands))
    return flowable


# --- The document -------------------------------------------------------------------------------------------


class Heading(Paragraph):
    """A heading that also becomes an entry in the PDF's outline (its bookmarks), at its level."""

    def __init__(self, text: str, style, *, level: int, key: str):
        super().__init__(escape(text), style)
        self.outline = (text, level, key)


class NumberedCanvas(pdf_canvas.Canvas):
    """Keeps each page until the end, so every footer can say 'Page 3 of 12'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        regular, _ = _fonts()
        self.saveState()
        self.setFont(regular, 7.5)
        self.setFillColor(SOFT)
        self.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, f"Page {self._pageNumber} of {total}")
        self.drawString(MARGIN, 10 * mm, getattr(self, "report_footer", ""))
        self.restoreState()


class ReportDocument(BaseDocTemplate):
    def __init__(self, buffer, *, title: str, subject: str, footer: str):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 10 * mm,
            bottomMargin=MARGIN,
            title=title,
            author=settings.WAGTAIL_SITE_NAME,
            subject=subject,
            creator=settings.WAGTAIL_SITE_NAME,
            keywords=["workforce", "training", "Care Certificate", "adult social care"],
            lang="en-GB",
            displayDocTitle=True,
        )
        self.footer = footer
        frame = Frame(MARGIN, MARGIN, FRAME_WIDTH, PAGE_HEIGHT - 2 * MARGIN - 10 * mm, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page)])

    def _page(self, canvas, document) -> None:
        """The academy's band across the top of every page."""
        regular, bold = _fonts()
        canvas.report_footer = self.footer
        canvas.saveState()
        canvas.setFillColor(BRAND)
        canvas.rect(0, PAGE_HEIGHT - 14 * mm, PAGE_WIDTH, 14 * mm, stroke=0, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_HEIGHT - 16 * mm, PAGE_WIDTH, 2 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(bold, 11)
        canvas.drawString(MARGIN, PAGE_HEIGHT - 9 * mm, settings.WAGTAIL_SITE_NAME)
        canvas.setFont(regular, 8.5)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 9 * mm, "Workforce report")
        canvas.restoreState()

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab's name)
        outline = getattr(flowable, "outline", None)
        if outline:
            text, level, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)


def _headline(tables: dict[str, Table], key: str, column: str, row: str | None = None) -> str | None:
    """One number of a figure as its table prints it (a row's, or the total), or None if it has none."""
    table = tables.get(key)
    if table is None or not has_data(table):
        return None
    found = next((c for c in table.columns if c.key == column), None)
    if found is None:
        return None
    if row is None:
        values = table.totals.values if table.totals is not None else None
    else:
        values = next((r.values for r in table.rows if r.key == row), None)
    return found.format(values.get(column)) if values is not None else None


def _headlines(tables: dict[str, Table], styles) -> list:
    """The first numbers a commissioner looks for, across the top of the first page."""
    picks = [
        (("headcount-by-job-role", "staff"), "staff in post"),
        (("mandatory-training", "held_percent"), "of required training held"),
        (("care-certificate", "share", "completed"), "have completed the Care Certificate"),
        (("learning-activity", "completions"), "completions recorded in the last twelve months"),
    ]
    cells = []
    for where, label in picks:
        text = _headline(tables, *where)
        if text is not None:
            cells.append(
                [
                    Paragraph(escape(text), styles["headline_value"]),
                    Paragraph(escape(label), styles["headline_label"]),
                ]
            )
    if not cells:
        return []
    width = FRAME_WIDTH / len(cells)
    grid = PdfTable([[c[0] for c in cells], [c[1] for c in cells]], colWidths=[width] * len(cells))
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PALE),
                ("LINEABOVE", (0, 0), (-1, 0), 3, BRAND),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [grid, Spacer(1, 4 * mm)]


def _figure_flowables(table: Table, styles, *, section=None) -> list:
    """The figure's heading, description and chart kept on one page, then its table and notes."""
    parts: list = [section] if section is not None else []
    parts.append(Heading(table.title, styles["h2"], level=1, key=f"figure-{table.key}"))
    if table.description:
        parts.append(Paragraph(escape(table.description), styles["small"]))
    if not table.rows or not has_data(table):
        if table.key == "trends":
            parts.append(
                Paragraph(
                    "No monthly snapshots for this period yet, so there is no trend to draw.", styles["body"]
                )
            )
        else:
            parts.append(Paragraph(NO_DATA, styles["body"]))
        return [KeepTogether(parts), Spacer(1, 3 * mm)]
    rows, partial = printed_rows(table)
    drawing = chart_for(table, rows)
    if drawing is not None:
        parts.append(Spacer(1, 2 * mm))
        parts.append(drawing)
        if table.chart is not None and table.chart.summary:
            parts.append(
                Paragraph(
                    escape(f"Chart: {table.chart.summary} Its numbers are in the table below."),
                    styles["small"],
                )
            )
    head = KeepTogether(parts)
    after = [Spacer(1, 2 * mm), table_flowable(table, rows, styles)]
    if partial:
        after.append(Paragraph(escape(partial), styles["small"]))
    for note in table.notes:
        after.append(Paragraph(escape(note), styles["small"]))
    return [head, *after, Spacer(1, 5 * mm)]


def figure_tables(scope: Scope) -> dict[str, Table]:
    """The figures of the report by key: the month's, and twelve months of trends and learning activity.

    A provider's report leaves out the by-provider figures, which would have a row of its own.
    """
    tables = {}
    year = scope.with_period(year_start(scope.end), scope.end, on=scope.on)
    for key, figure in FIGURES.items():
        if scope.organisation is not None and key.endswith("-by-provider"):
            continue
        try:
            tables[key] = figure.compute(year if key in OVER_TIME else scope)
        except EmptyResultSet:
            # A scope of no organisations at all: some figures' SQL cannot even be written. Nothing to count.
            tables[key] = Table(
                key=key, title=figure.title, description=figure.description, columns=[], rows=[]
            )
    return tables


def year_start(end: datetime.date) -> datetime.date:
    """The first day of the twelve months ending with the month of `end`: the span of a report's trends."""
    first = end.replace(day=1)
    return (
        first.replace(year=first.year - 1, month=first.month + 1)
        if first.month < 12
        else first.replace(month=1)
    )


def render_monthly_report(scope: Scope, month: datetime.date) -> bytes:
    """The month's report for the scope as PDF bytes: headlines, then each section's charts and tables."""
    styles = _styles()
    tables = figure_tables(scope)
    who = scope_title(scope)
    title = f"Workforce report, {month_title(month)}: {who}"
    buffer = io.BytesIO()
    document = ReportDocument(
        buffer,
        title=title,
        subject=f"Staff, training and learning for {who}, {month_title(month)}",
        footer=f"{settings.WAGTAIL_SITE_NAME} · workforce report · {month_title(month)} · {who}",
    )
    story: list = [
        Heading(f"Workforce report: {month_title(month)}", styles["title"], level=0, key="report"),
        Paragraph(escape(who), styles["subtitle"]),
        Spacer(1, 2 * mm),
        Paragraph(
            escape(
                f"Staff in post on {_day(scope.on)}; what happened from {_day(scope.start)} to "
                f"{_day(scope.end)} (trends and learning activity: the twelve months from "
                f"{_day(year_start(scope.end))}). Made on {_day(timezone.localdate())}."
            ),
            styles["small"],
        ),
        Spacer(1, 5 * mm),
        *_headlines(tables, styles),
    ]
    shown = set()
    sections = [(heading, [k for k in keys if k in tables]) for heading, keys in SECTIONS]
    others = [k for k in tables if not any(k in keys for _, keys in SECTIONS)]
    if others:
        sections.append(("Other figures", others))
    for heading, keys in sections:
        if not keys:
            continue
        story.append(CondPageBreak(60 * mm))
        section = Heading(heading, styles["h1"], level=0, key=f"section-{len(shown)}")
        for index, key in enumerate(keys):
            story.extend(_figure_flowables(tables[key], styles, section=section if index == 0 else None))
            shown.add(key)
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
