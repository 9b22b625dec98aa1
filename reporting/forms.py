"""The form on the monthly reports page: which month, and for which organisation or the whole area."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from academy import permissions
from academy.models import Organisation

from .selectors import report_months

AREA = "area"


class ReportRequestForm(forms.Form):
    month = forms.ChoiceField(
        label="Month",
        error_messages={"required": "Choose a month", "invalid_choice": "Choose a month from the list"},
    )
    organisation = forms.ChoiceField(
        label="Report on",
        error_messages={"required": "Choose what to report on", "invalid_choice": "Choose from the list"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [
            (month.isoformat(), month.strftime("%B %Y"))
            for month in report_months(today=timezone.localdate())
        ]
        choices = [(AREA, "The whole area")] if permissions.sees_all_organisations(user) else []
        choices += [
            (str(pk), name)
            for pk, name in permissions.organisations_visible_to(user)
            .order_by("name")
            .values_list("pk", "name")
        ]
        self.fields["organisation"].choices = choices

    def clean_month(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["month"])

    def clean_organisation(self) -> Organisation | None:
        value = self.cleaned_data["organisation"]
        return None if value == AREA else Organisation.objects.get(pk=int(value))
