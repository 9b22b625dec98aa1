"""The reporting pages' filters: provider type, provider, area, job role, pathway category and period."""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters

from academy import permissions
from academy.forms import DATE_INPUT_FORMATS
from academy.models import JobRole, Organisation, OrganisationType, PathwayCategory

DATE_HELP = "For example, 27/03/2026"


class ReportFilter(django_filters.FilterSet):
    """What a viewer narrows the figures to. The figures read the cleaned values (see `scope_values`)."""

    provider_type = django_filters.ChoiceFilter(
        label="Provider type",
        choices=OrganisationType.choices,
        empty_label="All types",
        method="no_op",
        error_messages={"invalid_choice": "Choose a provider type from the list"},
    )
    provider = django_filters.ModelChoiceFilter(
        label="Provider",
        queryset=Organisation.objects.none(),
        empty_label="All providers",
        method="no_op",
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )
    area = django_filters.ChoiceFilter(
        label="Area",
        choices=[],
        empty_label="All areas",
        method="no_op",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    job_role = django_filters.ModelChoiceFilter(
        label="Job role",
        queryset=JobRole.objects.order_by("name"),
        empty_label="All job roles",
        method="no_op",
        error_messages={"invalid_choice": "Choose a job role from the list"},
    )
    pathway_category = django_filters.ChoiceFilter(
        label="Pathway category",
        choices=PathwayCategory.choices,
        empty_label="All categories",
        method="no_op",
        error_messages={"invalid_choice": "Choose a pathway category from the list"},
    )
    start = django_filters.DateFilter(
        label="Period from",
        help_text=DATE_HELP,
        input_formats=DATE_INPUT_FORMATS,
        method="no_op",
        error_messages={"invalid": "Enter the start of the period as day/month/year, like 01/04/2026"},
    )
    end = django_filters.DateFilter(
        label="Period to (the report date)",
        help_text=DATE_HELP,
        input_formats=DATE_INPUT_FORMATS,
        method="no_op",
        error_messages={"invalid": "Enter the end of the period as day/month/year, like 31/03/2027"},
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def __init__(self, data=None, *, user, **kwargs):
        visible = permissions.organisations_visible_to(user).order_by("name")
        super().__init__(data, queryset=visible, **kwargs)
        self.user = user
        self.filters["provider"].queryset = visible
        areas = visible.exclude(area="").values_list("area", flat=True).distinct().order_by("area")
        self.filters["area"].extra["choices"] = [(area, area) for area in areas]
        # A provider's own staff need no provider filters: they see their organisations only.
        if not permissions.sees_all_organisations(user):
            for name in ("provider_type", "area"):
                del self.filters[name]
            if len(visible) <= 1:
                del self.filters["provider"]

    def no_op(self, queryset, name, value):
        # The figures count by themselves from the scope these values make; nothing is filtered here.
        return queryset

    @property
    def asks_for_hidden_organisation(self) -> bool:
        """Whether the request names a provider the viewer may not see (answered with 404, as elsewhere)."""
        value = (self.data or {}).get("provider", "")
        return "provider" in self.filters and "provider" in self.errors and bool(value)

    def scope_values(self) -> dict:
        """The cleaned values as `scope_for` takes them; empty when the form has errors."""
        if not self.is_bound:
            return {}
        if not self.form.is_valid():
            return {}
        data = self.form.cleaned_data
        # Without the provider filter (a manager of one provider) a provider asked for is still checked:
        # their own is shown, anyone else's is a 404.
        provider = data.get("provider") if "provider" in self.filters else self.data.get("provider") or None
        return {
            "organisation": provider,
            "provider_type": data.get("provider_type") or "",
            "area": data.get("area") or "",
            "job_role": data.get("job_role"),
            "pathway_category": data.get("pathway_category") or "",
            "start": data.get("start"),
            "end": data.get("end"),
        }

    def refuse(self, field: str | None, message: str) -> None:
        """Show a problem the scope found (a period that ends before it starts, say) against its field."""
        self.form.add_error(field if field in self.form.fields else None, message)

    def query_string(self) -> str:
        """The filters as they were sent, for links to the same figures elsewhere (CSV, other figures)."""
        if not self.is_bound:
            return ""
        keep = {name: self.data.get(name) for name in self.filters if self.data.get(name)}
        return urlencode(keep)
