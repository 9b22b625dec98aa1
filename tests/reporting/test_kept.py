"""The council's figures kept ready for its dashboard: when they are used, and when they are not."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from academy.models import PathwayCategory
from reporting import kept, tasks
from reporting.figures import FIGURES, Scope
from reporting.models import KeptFigures

from . import locality as brute
from .figures_support import *  # noqa: F403 (the locality and its fixtures)
from .figures_support import queries

pytestmark = pytest.mark.django_db

DASHBOARD = "/reporting/"
COUNTED = "were counted at"


def shown(page) -> dict:
    """The dashboard's tables by figure key, as the page was given them."""
    return {panel["whole"].key: panel["whole"] for panel in page.context["panels"]}


def staff_total(page) -> int:
    return shown(page)["care-certificate"].totals.values["staff"]


def test_the_councils_dashboard_opens_from_figures_kept_ready_and_says_when_they_were_counted(
    client, viewers, locality, make_organisation, make_person
):
    client.force_login(viewers["commissioner"])
    first = client.get(DASHBOARD)
    assert first.status_code == 200
    assert KeptFigures.objects.count() == 1
    assert COUNTED in first.content.decode()
    for key in kept.KEPT:
        if key in shown(first):
            live = FIGURES[key].compute(Scope())
            assert shown(first)[key].totals.values == live.totals.values, key
            assert [row.values for row in shown(first)[key].rows] == [row.values for row in live.rows], key
    before = staff_total(first)

    # New staff arrive: the kept figures stand until they are counted again, and say so.
    brute.grow(locality, make_organisation=make_organisation, make_person=make_person, people=6, providers=1)
    again = client.get(DASHBOARD)
    assert staff_total(again) == before
    assert again.context["counted_at"] == first.context["counted_at"]

    tasks.keep_area_figures()
    recounted = client.get(DASHBOARD)
    assert staff_total(recounted) == FIGURES["care-certificate"].compute(Scope()).totals.values["staff"]
    assert staff_total(recounted) > before
    assert KeptFigures.objects.count() == len(kept.kept_scopes())


def test_kept_figures_save_the_counting(client, viewers):
    client.force_login(viewers["commissioner"])
    client.get(DASHBOARD)  # keeps them
    from_kept, _ = queries(client.get, DASHBOARD)
    live, _ = queries(client.get, DASHBOARD, {"pathway_category": PathwayCategory.CARE_OR_SUPPORT_WORKER})
    assert from_kept < live


def test_filters_and_a_providers_own_dashboard_are_counted_as_they_are_now(
    client, viewers, locality, make_organisation, make_person
):
    client.force_login(viewers["commissioner"])
    client.get(DASHBOARD)  # keeps the area's
    brute.grow(locality, make_organisation=make_organisation, make_person=make_person, people=6, providers=1)
    query = {"pathway_category": PathwayCategory.CARE_OR_SUPPORT_WORKER}
    filtered = client.get(DASHBOARD, query)
    assert filtered.context["counted_at"] is None and COUNTED not in filtered.content.decode()
    expected = FIGURES["care-certificate"].compute(Scope(pathway_category=query["pathway_category"]))
    assert staff_total(filtered) == expected.totals.values["staff"]

    client.force_login(viewers["manager_a"])
    own = client.get(DASHBOARD)
    assert own.context["counted_at"] is None and COUNTED not in own.content.decode()


def test_stale_or_other_days_figures_are_counted_again(client, viewers):
    client.force_login(viewers["commissioner"])
    client.get(DASHBOARD)
    found = KeptFigures.objects.get()
    long_ago = timezone.now() - 2 * kept.interval() - datetime.timedelta(minutes=1)
    KeptFigures.objects.filter(pk=found.pk).update(counted_at=long_ago)
    page = client.get(DASHBOARD)
    assert page.context["counted_at"] > long_ago
    assert KeptFigures.objects.get().counted_at == page.context["counted_at"]

    # Figures kept for another day (beat ran before midnight) are not today's; beat clears them away.
    yesterday = kept.area_scope(timezone.localdate() - datetime.timedelta(days=1))
    KeptFigures.objects.update(scope=kept._key(yesterday), counted_at=timezone.now())
    page = client.get(DASHBOARD)
    today = KeptFigures.objects.get(scope=kept._key(kept.area_scope()))
    assert page.context["counted_at"] == today.counted_at
    tasks.keep_area_figures()
    assert not KeptFigures.objects.filter(scope=kept._key(yesterday)).exists()


def test_kept_figures_link_to_named_staff_only_for_those_who_may_see_them(client, viewers):
    path = "/reporting/figures/mandatory-training-by-provider/"
    client.force_login(viewers["superuser"])
    page = client.get(path)
    assert page.context["counted_at"] is not None
    assert f"/organisations/{viewers['a'].pk}/training/?status=" in page.content.decode()

    client.force_login(viewers["commissioner"])
    page = client.get(path)
    assert page.context["counted_at"] is not None
    assert "/training/?status=" not in page.content.decode()


def test_the_csv_of_a_kept_figure_has_the_live_figures_numbers(client, viewers):
    client.force_login(viewers["commissioner"])
    client.get(DASHBOARD)
    text = client.get("/reporting/mandatory-training-by-provider.csv").content.decode("utf-8-sig")
    live = FIGURES["mandatory-training-by-provider"].compute(Scope())
    for row in live.rows:
        assert row.values["provider"] in text
    assert f"Total,{live.totals.values['current']}," in text


def test_beat_counts_the_area_figures_again_every_few_minutes(locality):
    entry = settings.CELERY_BEAT_SCHEDULE["keep-area-figures"]
    assert entry["task"] == "reporting.tasks.keep_area_figures"
    assert entry["schedule"] == settings.REPORTING_KEEP_MINUTES * 60
    seconds = tasks.keep_area_figures.delay().get()
    assert isinstance(seconds, float)
    scopes = kept.kept_scopes()
    assert {found.scope for found in KeptFigures.objects.all()} == {kept._key(scope) for scope in scopes}
    # The whole area, each area the providers are in, and each type of provider there is.
    areas = {scope.area for scope in scopes if scope.area}
    kinds = {scope.provider_type for scope in scopes if scope.provider_type}
    assert len(scopes) == 1 + len(areas) + len(kinds) and len(areas) >= 2 and len(kinds) >= 2
    for found in KeptFigures.objects.all():
        assert set(found.tables) == set(kept.KEPT)


def test_an_area_or_a_provider_type_is_kept_too_but_the_two_together_are_counted_now(
    client, viewers, locality
):
    client.force_login(viewers["commissioner"])
    tasks.keep_area_figures()
    area = locality.organisations[0].area
    kind = locality.organisations[0].type
    for query, scope in [
        ({"area": area}, Scope(area=area)),
        ({"provider_type": kind}, Scope(provider_type=kind)),
    ]:
        page = client.get(DASHBOARD, query)
        assert page.status_code == 200 and page.context["counted_at"] is not None, query
        live = FIGURES["care-certificate"].compute(scope)
        assert shown(page)["care-certificate"].totals.values == live.totals.values, query
        assert staff_total(page) < staff_total(client.get(DASHBOARD)), query
    both = client.get(DASHBOARD, {"area": area, "provider_type": kind})
    assert both.status_code == 200 and both.context["counted_at"] is None


def test_the_api_says_when_a_kept_figure_was_counted(client, viewers):
    path = "/api/v1/reporting/figures/care-certificate-by-provider"
    client.force_login(viewers["commissioner"])
    area = client.get(path).json()
    assert area["counted_at"] is not None
    assert area["totals"]["values"] == FIGURES["care-certificate-by-provider"].compute(Scope()).totals.values
    client.force_login(viewers["manager_a"])
    own = client.get(path).json()
    assert own["counted_at"] is None and [row["key"] for row in own["rows"]] == [str(viewers["a"].pk)]
