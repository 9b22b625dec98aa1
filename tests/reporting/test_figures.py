"""Every figure against a brute-force count of the same locality for many scopes; its queries stay flat."""

from __future__ import annotations

from collections import Counter

import pytest

from academy.models import JobRole, OrganisationType, PathwayCategory
from lms.models import Cohort
from reporting.figures import DASHBOARD_ORDER, FIGURES, Scope

from . import locality as brute
from .figures_support import *  # noqa: F403 (the locality and its fixtures)
from .figures_support import queries
from .locality import days

pytestmark = pytest.mark.django_db

STATUSES = ["current", "expiring_30", "expiring_60", "expiring_90", "expired", "missing"]


def scopes(locality):
    """The scopes every figure is checked for: everyone, each filter alone, and a day in the past."""
    a, b, c = locality.organisations[:3]
    role = JobRole.objects.get(ascwds_code=8)
    return [
        Scope(),
        Scope(organisations={a.pk}),
        Scope(organisations={b.pk}),
        Scope(organisations={a.pk, c.pk}),
        Scope(provider_type=OrganisationType.HOME_CARE),
        Scope(area="Tamworth"),
        Scope(job_role=role.pk),
        Scope(pathway_category=PathwayCategory.CARE_OR_SUPPORT_WORKER),
        Scope(on=days(-120), start=days(-400), end=days(-120)),
        Scope(organisations={b.pk}, on=days(-61), start=days(-200), end=days(-61)),
    ]


def by_key(table, column, cast=int):
    return {cast(row.key): row.values[column] for row in table.rows}


def nonzero(counter) -> dict:
    return {key: value for key, value in counter.items() if value}


def test_every_figure_is_on_the_dashboard_and_answers_an_empty_locality(db):
    assert set(DASHBOARD_ORDER) == set(FIGURES)
    for figure in FIGURES.values():
        table = figure.compute(Scope())
        assert table.key == figure.key and table.title == figure.title
        assert all(row.key for row in table.rows)


def test_headcounts_match_a_person_by_person_count(locality):
    for scope in scopes(locality):
        assert by_key(FIGURES["headcount-by-provider"].compute(scope), "staff") == brute.expected_headcount(
            scope, "provider"
        ), scope
        assert by_key(FIGURES["headcount-by-job-role"].compute(scope), "staff") == brute.expected_headcount(
            scope, "job_role"
        ), scope
        for key, by in [
            ("headcount-by-provider-type", "provider_type"),
            ("headcount-by-pathway-category", "pathway_category"),
            ("headcount-by-contract-type", "contract_type"),
        ]:
            table = FIGURES[key].compute(scope)
            assert by_key(table, "staff", str) == brute.expected_headcount(scope, by), (key, scope)
            assert table.totals.values["staff"] == sum(brute.expected_headcount(scope, by).values())


def test_care_certificate_matches_a_person_by_person_count(locality):
    for scope in scopes(locality):
        expected = brute.expected_care_certificate(scope, locality.care_certificate)
        table = FIGURES["care-certificate-by-provider"].compute(scope)
        found = {
            int(row.key): nonzero({s: row.values[s] for s in ("completed", "in_progress", "not_started")})
            for row in table.rows
        }
        assert found == {org: nonzero(counter) for org, counter in expected.items()}, scope
        overall = Counter()
        for counter in expected.values():
            overall.update(counter)
        summary = FIGURES["care-certificate"].compute(scope)
        assert by_key(summary, "staff", str) == {
            s: overall.get(s, 0) for s in ("completed", "in_progress", "not_started")
        }
        whole = sum(overall.values())
        if whole:
            assert summary.value("completed", "share") == round(100 * overall["completed"] / whole, 1)


def test_mandatory_training_matches_a_requirement_by_requirement_count(locality):
    for scope in scopes(locality):
        rows = brute.expected_requirements(scope)
        by_course: dict = {}
        by_provider: dict = {}
        for membership, course_id, status in rows:
            by_course.setdefault(course_id, Counter())[status] += 1
            by_provider.setdefault(membership.organisation_id, Counter())[status] += 1
        table = FIGURES["mandatory-training"].compute(scope)
        assert {int(r.key): nonzero({s: r.values[s] for s in STATUSES}) for r in table.rows} == {
            course: nonzero(counter) for course, counter in by_course.items()
        }, scope
        table = FIGURES["mandatory-training-by-provider"].compute(scope)
        assert {int(r.key): nonzero({s: r.values[s] for s in STATUSES}) for r in table.rows} == {
            org: nonzero(counter) for org, counter in by_provider.items()
        }, scope
        if rows:
            held = sum(1 for _, _, status in rows if status not in ("expired", "missing"))
            assert table.totals.values["held_percent"] == round(100 * held / len(rows), 1)


def test_oliver_mcgowan_matches_what_each_role_needs_and_holds(locality):
    parts = {
        "part_1": locality.courses["part_1"].pk,
        "tier_1": locality.courses["tier_1"].pk,
        "tier_2": locality.courses["tier_2"].pk,
    }
    for scope in scopes(locality):
        expected: dict = {}
        for membership, course_id, status in brute.expected_requirements(scope):
            for part, pk in parts.items():
                if course_id == pk:
                    found = expected.setdefault(membership.pathway_category, Counter())
                    found[f"{part}_needed"] += 1
                    found[f"{part}_held"] += status not in ("expired", "missing")
        table = FIGURES["oliver-mcgowan"].compute(scope)
        found = {
            row.key: nonzero({k: v for k, v in row.values.items() if k.endswith(("_needed", "_held"))})
            for row in table.rows
        }
        assert {k: v for k, v in found.items() if v} == {
            k: nonzero(v) for k, v in expected.items() if nonzero(v)
        }
        assert by_key(table, "staff", str) == brute.expected_headcount(scope, "pathway_category")


def test_qualifications_match_each_persons_highest_level(locality):
    for scope in scopes(locality):
        held, aiming = brute.expected_qualifications(scope)
        table = FIGURES["qualifications"].compute(scope)
        assert {row.key: row.values["held"] for row in table.rows if row.values["held"]} == {
            ("none" if level is None else str(level)): n for level, n in held.items()
        }, scope
        assert {
            row.key: row.values["working_towards"] for row in table.rows if row.values["working_towards"]
        } == {str(level): n for level, n in aiming.items()}, scope


def test_leadership_cohorts_match_their_members_progress(locality):
    names = {c.pk: c for c in Cohort.objects.all()}
    for scope in scopes(locality):
        expected = brute.expected_cohorts(scope)
        table = FIGURES["leadership-cohorts"].compute(scope)
        found = {
            int(row.key): {k: row.values[k] for k in ("members", "completed", "in_progress", "not_started")}
            for row in table.rows
        }
        assert found == {
            pk: {k: counter[k] for k in ("members", "completed", "in_progress", "not_started")}
            for pk, counter in expected.items()
        }, scope
        for row in table.rows:
            counter = expected[int(row.key)]
            assert row.values["modules_each"] == round(counter["modules"] / counter["members"], 1)
            assert names[int(row.key)].name in row.values["cohort"]


def test_events_match_bookings_counted_where_each_person_worked_that_day(locality):
    for scope in scopes(locality):
        expected = brute.expected_events(scope)
        table = FIGURES["events"].compute(scope)
        found = {
            row.key: nonzero(
                {
                    "bookings": row.values["bookings"],
                    "attended": row.values["attended"],
                    "partly_attended": row.values["partly"],
                    "no_show": row.values["no_show"],
                    "not_marked": row.values["not_marked"],
                }
            )
            for row in table.rows
        }
        assert found == {kind: nonzero(counter) for kind, counter in expected.items()}, scope
        for row in table.rows:
            counter = expected[row.key]
            marked = counter["attended"] + counter["partly_attended"] + counter["no_show"]
            assert row.values["no_show_rate"] == (
                round(100 * counter["no_show"] / marked, 1) if marked else None
            )


def test_course_feedback_matches_each_response(locality):
    for scope in scopes(locality):
        expected = brute.expected_feedback(scope)
        table = FIGURES["course-feedback"].compute(scope)
        assert {int(row.key): row.values["responses"] for row in table.rows} == {
            course: len(found) for course, found in expected.items()
        }, scope
        for row in table.rows:
            found = expected[int(row.key)]
            assert row.values["rating"] == round(sum(f.rating for f in found) / len(found), 1)
            for answer in ("yes", "not_sure", "no"):
                assert row.values[answer] == sum(1 for f in found if f.will_change_practice == answer)


def test_learning_activity_matches_the_statements_month_by_month(locality):
    for scope in scopes(locality):
        expected = brute.expected_activity(scope)
        table = FIGURES["learning-activity"].compute(scope)
        found = {row.key: (row.values["completions"], row.values["learners"]) for row in table.rows}
        assert {k: v for k, v in found.items() if v != (0, 0)} == {
            k: v for k, v in expected.items() if v != (0, 0)
        }, scope
        first, last = scope.start.strftime("%Y-%m"), scope.end.strftime("%Y-%m")
        assert table.rows[0].key == first and table.rows[-1].key == last


def test_a_figures_queries_do_not_grow_with_people_or_providers(locality, make_organisation, make_person):
    scope = Scope()
    before = {key: queries(figure.compute, scope)[0] for key, figure in FIGURES.items()}
    brute.grow(locality, make_organisation=make_organisation, make_person=make_person, people=20, providers=3)
    after = {key: queries(figure.compute, scope)[0] for key, figure in FIGURES.items()}
    assert after == before
    assert max(before.values()) <= 5


def test_the_locality_gives_every_figure_something_to_count(locality):
    # Otherwise the comparisons above could pass by comparing nothing with nothing.
    for key, figure in FIGURES.items():
        if key == "trends":
            continue  # read from snapshots: see test_snapshots.py
        table = figure.compute(Scope())
        numbers = [v for row in table.rows for v in row.values.values() if isinstance(v, int | float)]
        assert any(numbers), key
    assert (
        brute.expected_activity(Scope())
        and brute.expected_events(Scope())
        and brute.expected_feedback(Scope())
    )
    assert len(brute.expected_requirements(Scope())) > 50
