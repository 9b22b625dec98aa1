"""The edge cases named in the issue, each on its own: a move between providers mid-period, training that
expires on the report date, withdrawn and reopened training, prior learning, and the scope's own rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from academy.models import Membership, OrganisationType
from lms.compliance import requirement_statuses
from lms.models import EnrolmentStatus, PriorLearningStatus
from lrs.models import Statement
from reporting.figures import FIGURES, Scope, ScopeError, scope_for
from reporting.figures.care_certificate import CareCertificateStatus, care_certificate_statuses
from reporting.figures.staff import staff_on

from .figures_support import *  # noqa: F403 (the locality and its fixtures)
from .locality import (
    TODAY,
    at,
    complete,
    days,
    expected_activity,
    expected_events,
    expected_requirements,
    prior,
)

pytestmark = pytest.mark.django_db


def value(key, scope, row, column):
    return FIGURES[key].compute(scope).value(str(row), column)


def test_a_mover_counts_where_they_work_on_the_report_date(locality):
    mover, a, b = locality.edge["mover"], locality.edge["a"], locality.edge["b"]
    in_b = staff_on(Scope(organisations={b.pk})).filter(person=mover)
    assert in_b.count() == 1
    assert not staff_on(Scope(organisations={a.pk})).filter(person=mover).exists()
    # On a day before the move, they were A's.
    before = Scope(organisations={a.pk}, on=days(-61), start=days(-200), end=days(-61))
    assert staff_on(before).filter(person=mover).exists()
    assert not staff_on(Scope(organisations={b.pk}, on=days(-61))).filter(person=mover).exists()


def test_in_period_figures_a_movers_activity_stays_with_the_provider_they_worked_for_then(locality):
    a, b = locality.edge["a"], locality.edge["b"]
    year = {"start": days(-365), "end": TODAY}
    # Their no-show 200 days ago was A's; their attendance 5 days ago is B's.
    only_mover_a = FIGURES["events"].compute(Scope(organisations={a.pk}, **year))
    only_mover_b = FIGURES["events"].compute(Scope(organisations={b.pk}, **year))
    assert only_mover_a.totals.values["no_show"] >= 1
    for organisation, table in ((a, only_mover_a), (b, only_mover_b)):
        expected = expected_events(Scope(organisations={organisation.pk}, **year))
        assert table.totals.values["bookings"] == sum(c["bookings"] for c in expected.values())
    # Their completion 100 days ago is A's activity, 10 days ago B's.
    month_a = at(days(-100)).strftime("%Y-%m")
    month_b = at(days(-10)).strftime("%Y-%m")
    assert expected_activity(Scope(organisations={a.pk}, **year))[month_a][0] >= 1
    activity_b = FIGURES["learning-activity"].compute(Scope(organisations={b.pk}, **year))
    assert (
        activity_b.value(month_b, "completions")
        == expected_activity(Scope(organisations={b.pk}, **year))[month_b][0]
    )


def _status_of(person, course, on):
    found = [
        row.status
        for row in requirement_statuses(memberships=Membership.objects.filter(person=person), on=on)
        if row.course_id == course.pk
    ]
    return found[0]


def test_training_expiring_on_the_report_date_is_held_that_day_and_expired_the_next(locality):
    expiring, fire = locality.edge["expiring"], locality.courses["fire"]
    assert _status_of(expiring, fire, TODAY) == "expiring_30"
    assert _status_of(expiring, fire, TODAY + datetime.timedelta(days=1)) == "expired"
    scope = Scope(organisations={locality.edge["a"].pk})
    # The requirement-by-requirement count the figures are checked against (test_figures.py) agrees.
    brute_rows = [
        (m.person_id, course, status)
        for m, course, status in expected_requirements(scope)
        if m.person_id == expiring.pk
    ]
    assert (expiring.pk, fire.pk, "expiring_30") in brute_rows
    assert (expiring.pk, locality.courses["safeguarding"].pk, "expired") in brute_rows


def test_accepted_prior_learning_counts_and_rejected_withdrawn_or_reopened_training_does_not(
    locality, make_person, job_role
):
    a = locality.edge["a"]
    person = make_person()
    Membership.objects.create(
        person=person,
        organisation=a,
        job_role=job_role,
        pathway_category="care_or_support_worker",
        contract_type="permanent",
        start_date=days(-300),
        accepted_at=at(days(-300)),
    )
    courses = locality.courses
    prior(person, courses["part_1"], on=days(-10), expires_on=days(1000))
    prior(person, courses["fire"], on=days(-10), expires_on=days(300), status=PriorLearningStatus.REJECTED)
    prior(
        person,
        courses["safeguarding"],
        on=days(-10),
        expires_on=days(300),
        status=PriorLearningStatus.PENDING,
    )
    complete(person, courses["tier_2"], on=days(-5), status=EnrolmentStatus.WITHDRAWN)
    assert _status_of(person, courses["part_1"], TODAY) == "current"
    assert _status_of(person, courses["fire"], TODAY) == "missing"
    assert _status_of(person, courses["safeguarding"], TODAY) == "missing"
    assert _status_of(person, courses["tier_2"], TODAY) == "missing"
    # The Care Certificate: every standard as accepted prior learning is completed; a reopened standard
    # (its sign-off withdrawn) is only in progress.
    memberships = Membership.objects.filter(person=person)
    assert care_certificate_statuses(memberships=memberships, on=TODAY)[memberships[0].pk] == "not_started"
    for n in (1, 2, 3):
        prior(person, courses[f"cc_{n}"], on=days(-20))
    assert care_certificate_statuses(memberships=memberships, on=TODAY)[memberships[0].pk] == "completed"
    # Before the claims' completion date they did not hold them.
    assert (
        care_certificate_statuses(memberships=memberships, on=days(-21))[memberships[0].pk] == "not_started"
    )
    reopened = locality.edge["reopened"]
    theirs = Membership.objects.filter(person=reopened.learner)
    assert set(care_certificate_statuses(memberships=theirs, on=TODAY).values()) == {
        CareCertificateStatus.IN_PROGRESS
    }


def test_a_revoked_certificates_training_counts_as_missing(locality, make_person, job_role):
    from academy.roles import PlatformRole
    from certificates.services import certificate_issue_for_enrolment, certificate_revoke

    person = make_person()
    Membership.objects.create(
        person=person,
        organisation=locality.edge["a"],
        job_role=job_role,
        pathway_category="care_or_support_worker",
        contract_type="permanent",
        start_date=days(-300),
        accepted_at=at(days(-300)),
    )
    fire = locality.courses["fire"]
    enrolment = complete(person, fire, on=days(-10), expires_on=days(300))
    certificate = certificate_issue_for_enrolment(enrolment_id=enrolment.pk, render=False).certificate
    assert _status_of(person, fire, TODAY) == "current"
    commissioner = make_person(roles=[PlatformRole.COMMISSIONER])
    certificate_revoke(certificate=certificate, by=commissioner, reason="Issued in error")
    assert _status_of(person, fire, TODAY) == "missing"


def test_a_voided_statement_is_not_counted_as_activity(locality):
    expiring = locality.edge["expiring"]
    voided = Statement.objects.filter(voided=True, actor_key__endswith=str(expiring.public_id))
    assert voided.exists()
    month = at(days(-50)).strftime("%Y-%m")
    table = FIGURES["learning-activity"].compute(Scope(organisations={locality.edge["a"].pk}))
    assert (
        table.value(month, "completions")
        == expected_activity(Scope(organisations={locality.edge["a"].pk}))[month][0]
    )


# --- The scope -----------------------------------------------------------------------------------


def test_scope_for_clamps_each_viewer_to_what_they_may_see(viewers):
    a, b = viewers["a"], viewers["b"]
    mine = scope_for(viewers["manager_a"])
    assert mine.organisations == {a.pk}
    assert mine.named_organisations == {a.pk}
    with pytest.raises(Http404):
        scope_for(viewers["manager_a"], organisation=b.pk)
    with pytest.raises(Http404):
        scope_for(viewers["manager_a"], organisation="not-a-number")
    with pytest.raises(Http404):
        scope_for(viewers["commissioner"], organisation=10**12)
    council = scope_for(viewers["commissioner"])
    assert council.organisations is None and council.named_organisations == frozenset()
    assert scope_for(viewers["commissioner"], organisation=b.pk).organisations == {b.pk}
    assert scope_for(viewers["superuser"]).named_organisations is None
    for refused in ("learner", "worker"):
        with pytest.raises(PermissionDenied):
            scope_for(viewers[refused])


def test_a_managers_figures_hold_only_their_own_providers_staff(viewers):
    a = viewers["a"]
    scope = scope_for(viewers["manager_a"])
    table = FIGURES["headcount-by-provider"].compute(scope)
    assert [row.key for row in table.rows] == [str(a.pk)]
    for key, figure in FIGURES.items():
        table = figure.compute(scope)
        for row in table.rows:
            for link in row.links.values():
                assert f"/organisations/{a.pk}/" in link, key
    # A commissioner sees every provider's figures but follows no number to names.
    for figure in FIGURES.values():
        assert not any(row.links for row in figure.compute(scope_for(viewers["commissioner"])).rows)


@pytest.mark.parametrize(
    "values, field",
    [
        ({"start": days(10), "end": days(0)}, "start"),
        ({"start": days(-366 * 11), "end": days(0)}, "start"),
        ({"provider_type": "castle"}, "provider_type"),
        ({"pathway_category": "wizard"}, "pathway_category"),
        ({"job_role": "manager"}, "job_role"),
    ],
)
def test_a_scope_that_makes_no_sense_is_refused_with_words(viewers, values, field):
    with pytest.raises(ScopeError) as refused:
        scope_for(viewers["commissioner"], **values)
    assert refused.value.field == field
    assert str(refused.value)


def test_provider_type_and_area_filters_narrow_by_organisation(locality):
    home_care = {o.pk for o in locality.organisations if o.type == OrganisationType.HOME_CARE}
    table = FIGURES["headcount-by-provider"].compute(Scope(provider_type=OrganisationType.HOME_CARE))
    assert {int(row.key) for row in table.rows} <= home_care
    tamworth = {o.pk for o in locality.organisations if o.area == "Tamworth"}
    table = FIGURES["headcount-by-provider"].compute(Scope(area="Tamworth"))
    assert {int(row.key) for row in table.rows} <= tamworth


def test_every_figure_of_a_scope_of_no_organisations_is_empty(locality):
    # `organisations` an empty set counts nobody (a viewer of no provider, say); figures that compile the
    # staff into SQL of their own must not fail on `IN ()`.
    scope = Scope(organisations=frozenset())
    for key, figure in FIGURES.items():
        table = figure.compute(scope)
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            for column in table.columns:
                if column.kind != "text":
                    assert row.values.get(column.key) in (0, None), (key, row.key, column.key)
            assert not row.links, key
    assert not FIGURES["care-certificate-by-provider"].compute(scope).rows
    assert FIGURES["care-certificate"].compute(scope).totals.values["staff"] == 0
