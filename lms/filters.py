"""The course catalogue's filters."""

import django_filters
from django import forms

from .models import CoursePage, CourseTopic, DeliveryMode

DURATIONS = [("short", "Under 1 hour"), ("medium", "1 to 3 hours"), ("long", "Over 3 hours")]


class CourseFilter(django_filters.FilterSet):
    topic = django_filters.ModelMultipleChoiceFilter(
        label="Topic",
        field_name="topic__slug",
        to_field_name="slug",
        queryset=CourseTopic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    mode = django_filters.MultipleChoiceFilter(
        label="How it is delivered",
        field_name="delivery_mode",
        choices=DeliveryMode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    mandatory = django_filters.BooleanFilter(
        label="Mandatory training only",
        widget=forms.CheckboxInput,
        method="only_mandatory",
    )
    duration = django_filters.MultipleChoiceFilter(
        label="How long it takes",
        choices=DURATIONS,
        widget=forms.CheckboxSelectMultiple,
        method="by_duration",
    )

    class Meta:
        model = CoursePage
        fields = ["topic", "mode", "mandatory", "duration"]

    def only_mandatory(self, queryset, name, value):
        return queryset.filter(mandatory=True) if value else queryset

    def by_duration(self, queryset, name, value):
        from django.db.models import Q

        bands = {
            "short": Q(duration_minutes__lt=60),
            "medium": Q(duration_minutes__gte=60, duration_minutes__lte=180),
            "long": Q(duration_minutes__gt=180),
        }
        condition = Q()
        for band in value:
            condition |= bands[band]
        return queryset.filter(condition)
