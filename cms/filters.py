"""The resource centre's filters: what people can narrow the list of resources by."""

import django_filters
from django import forms

from .models import Audience, ResourcePage, ResourceTopic
from .models.resources import ResourceKind


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search resources", method="no_op", widget=forms.TextInput(attrs={"type": "search"})
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        label="Topic",
        field_name="topics__slug",
        to_field_name="slug",
        queryset=ResourceTopic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    audience = django_filters.ModelMultipleChoiceFilter(
        label="Who it is for",
        field_name="audiences__slug",
        to_field_name="slug",
        queryset=Audience.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    kind = django_filters.MultipleChoiceFilter(
        label="Type", choices=ResourceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[("relevance", "Best match"), ("newest", "Newest first"), ("title", "Title (A to Z)")],
        method="no_op",
        empty_label=None,
    )

    class Meta:
        model = ResourcePage
        fields = ["topic", "audience", "kind"]

    def no_op(self, queryset, name, value):
        # Searching and sorting happen after filtering (see selectors.resource_search).
        return queryset
