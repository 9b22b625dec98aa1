"""Admin widgets for the LMS's editors."""

import json

from django import forms

from academy.models import PathwayCategory

PATHWAY_CHOICES = [c for c in PathwayCategory.choices if c[0] != PathwayCategory.UNKNOWN]


class PathwayCategoriesWidget(forms.CheckboxSelectMultiple):
    """Tick boxes for care workforce pathway categories, kept as a JSON list on the model."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=PATHWAY_CHOICES)

    def value_from_datadict(self, data, files, name):
        return json.dumps(super().value_from_datadict(data, files, name))

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = []
        return super().format_value(value or [])


def validate_pathway_categories(value) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(v not in PathwayCategory.values for v in value):
        raise ValidationError("Choose pathway categories from the list.")
