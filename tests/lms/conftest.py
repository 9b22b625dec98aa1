"""Courses made as editors make them (pages under the catalogue, with units), and enrolments through
the services. Shared by every LMS test module."""

import pytest

from lms.models import CourseCatalogPage, CoursePage, CourseUnit, ProgrammeCourse, ProgrammePage, UnitKind

# Events made as the events tests make them, for live-session steps.
from tests.cms.events.conftest import calendar_page, make_event  # noqa: F401


def question(text="Who do you tell about a safeguarding concern?", right="My manager", wrong=("Nobody",)):
    answers = [{"text": right, "correct": True, "feedback": "Right."}]
    answers += [{"text": w, "correct": False, "feedback": "Not quite."} for w in wrong]
    return ("question", {"question": text, "multiple": False, "answers": answers})


def unit_for(kind: str, **fields) -> CourseUnit:
    defaults = {"title": f"{kind.replace('_', ' ').capitalize()} unit", "kind": kind}
    if kind == UnitKind.KNOWLEDGE_CHECK:
        defaults["questions"] = [
            question(),
            question("Wash hands when?", "Before and after care", ("Never",)),
        ]
    if kind == UnitKind.EXTERNAL:
        defaults.update(launch_url="https://elearning.example.org/start", accepts_evidence=True)
    defaults.update(fields)
    return CourseUnit(**defaults)


@pytest.fixture
def catalogue(db):
    return CourseCatalogPage.objects.get()


@pytest.fixture
def make_course(catalogue):
    """make_course("Fire safety", units=["content", "knowledge_check"], refresher_months=12)"""

    def make(title, *, units=("content",), slug=None, covers=(), prerequisites=(), **fields):
        fields.setdefault("summary", f"About {title.lower()}.")
        fields.setdefault("learning_outcomes", "<ul><li>Do it well</li></ul>")
        fields.setdefault("duration_minutes", 30)
        page = CoursePage(title=title, slug=slug or None, **fields)
        for order, unit in enumerate(units):
            unit = unit if isinstance(unit, CourseUnit) else unit_for(unit)
            unit.sort_order = order
            page.units.add(unit)
        page.covers = list(covers)
        page.prerequisites = list(prerequisites)
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_programme(catalogue):
    """make_programme("Oliver McGowan", [(course, []), (tier2, ["care_or_support_worker"])])"""

    def make(title, courses, **fields):
        fields.setdefault("summary", f"About {title}.")
        page = ProgrammePage(title=title, **fields)
        for order, (course, categories) in enumerate(courses):
            page.programme_courses.add(
                ProgrammeCourse(course=course, pathway_categories=list(categories), sort_order=order)
            )
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make
