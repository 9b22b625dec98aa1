"""The academy's real courses and programmes as the generator needs them: ids, units, refresher intervals."""

from __future__ import annotations

from dataclasses import dataclass, field

from lms.models import (
    CoursePage,
    CourseUnit,
    ProgrammePage,
    TrainingRequirement,
    UnitKind,
)

CARE_CERTIFICATE = "care-certificate"
OLIVER_MCGOWAN = "oliver-mcgowan-mandatory-training"
LEADERSHIP = "registered-managers-development-programme"
PART_1, TIER_1, TIER_2 = "oliver-mcgowan-part-1", "oliver-mcgowan-tier-1", "oliver-mcgowan-tier-2"
# Not required by default, but some people take them.
OPTIONAL = ("dementia-awareness", "strengths-based-practice")


@dataclass(frozen=True)
class Question:
    block_id: str
    right: tuple[int, ...]
    wrong: int


@dataclass(frozen=True)
class Unit:
    pk: int
    key: str
    kind: str
    sort_order: int
    title: str
    questions: tuple[Question, ...] = ()
    event_id: int | None = None


@dataclass
class Course:
    pk: int
    slug: str
    title: str
    refresher_months: int | None
    units: list[Unit] = field(default_factory=list)

    @property
    def activity_path(self) -> str:
        return f"courses/{self.pk}"


@dataclass
class Programme:
    pk: int
    slug: str
    title: str
    # (course, pathway categories it applies to, or empty for everyone), in programme order
    courses: list[tuple[Course, tuple[str, ...]]]

    def courses_for(self, category: str) -> list[Course]:
        return [course for course, categories in self.courses if not categories or category in categories]


class CatalogueMissing(Exception):
    pass


@dataclass
class Catalogue:
    courses: dict[str, Course]
    by_pk: dict[int, Course]
    programmes: dict[str, Programme]
    # pathway category -> slugs of the courses the commissioner's defaults require
    required_by_category: dict[str, list[str]]
    required_by_job_role: dict[int, list[str]]

    def required(self, *, category: str, job_role_id: int) -> list[Course]:
        slugs = list(self.required_by_category.get(category, []))
        slugs += [s for s in self.required_by_job_role.get(job_role_id, []) if s not in slugs]
        return [self.courses[s] for s in slugs if s in self.courses]


def _questions(unit: CourseUnit) -> tuple[Question, ...]:
    questions = []
    for block in unit.questions:
        if block.block_type != "question":
            continue
        answers = block.value["answers"]
        right = tuple(i for i, answer in enumerate(answers) if answer["correct"])
        wrong = next((i for i, answer in enumerate(answers) if not answer["correct"]), 0)
        questions.append(Question(block_id=block.id, right=right, wrong=wrong))
    return tuple(questions)


def load_catalogue() -> Catalogue:
    """Read the live courses and programmes; raises CatalogueMissing when load_programmes has not run."""
    programmes_by_slug = {
        p.slug: p
        for p in ProgrammePage.objects.live().filter(slug__in=[CARE_CERTIFICATE, OLIVER_MCGOWAN, LEADERSHIP])
    }
    missing = {CARE_CERTIFICATE, OLIVER_MCGOWAN, LEADERSHIP} - set(programmes_by_slug)
    if missing:
        raise CatalogueMissing(", ".join(sorted(missing)))
    courses: dict[str, Course] = {}
    for page in CoursePage.objects.live().order_by("pk"):
        courses[page.slug] = Course(
            pk=page.pk, slug=page.slug, title=page.title, refresher_months=page.refresher_months
        )
    by_pk = {c.pk: c for c in courses.values()}
    for unit in CourseUnit.objects.filter(page_id__in=list(by_pk)).order_by("page_id", "sort_order", "pk"):
        course = by_pk[unit.page_id]
        course.units.append(
            Unit(
                pk=unit.pk,
                key=str(unit.key),
                kind=unit.kind,
                sort_order=len(course.units),
                title=unit.title,
                questions=_questions(unit) if unit.kind == UnitKind.KNOWLEDGE_CHECK else (),
                event_id=unit.event_id,
            )
        )
    programmes = {}
    for slug, page in programmes_by_slug.items():
        items = page.programme_courses.order_by("sort_order", "pk")
        programmes[slug] = Programme(
            pk=page.pk,
            slug=slug,
            title=page.title,
            courses=[
                (by_pk[item.course_id], tuple(item.pathway_categories))
                for item in items
                if item.course_id in by_pk
            ],
        )
    by_category: dict[str, list[str]] = {}
    by_role: dict[int, list[str]] = {}
    defaults = TrainingRequirement.objects.filter(organisation__isnull=True, required=True).order_by("pk")
    for course_id, category, role_id in defaults.values_list("course_id", "pathway_category", "job_role_id"):
        course = by_pk.get(course_id)
        if course is None:
            continue
        target = by_category.setdefault(category, []) if category else by_role.setdefault(role_id, [])
        if course.slug not in target:
            target.append(course.slug)
    return Catalogue(
        courses=courses,
        by_pk=by_pk,
        programmes=programmes,
        required_by_category=by_category,
        required_by_job_role=by_role,
    )
