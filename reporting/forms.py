"""Reporting's forms: asking for a monthly report, and a manager recording a qualification."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from academy import permissions
from academy.forms import DATE_INPUT_FORMATS
from academy.models import Organisation
from lms.models import QualificationStatus

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


class QualificationForm(forms.Form):
    """A qualification a member of staff holds or is working towards, as their manager records it."""

    person = forms.ModelChoiceField(
        label="Member of staff",
        queryset=None,
        to_field_name="public_id",
        empty_label="Choose someone",
        error_messages={
            "required": "Choose someone from your staff",
            "invalid_choice": "Choose someone from your staff",
        },
    )
    title = forms.CharField(
        label="Qualification",
        max_length=200,
        help_text="As on the certificate, such as Level 3 Diploma in Adult Care",
        error_messages={"required": "Enter the qualification's name, as on the certificate"},
    )
    level = forms.TypedChoiceField(
        label="Level",
        coerce=int,
        choices=[("", "Choose a level")] + [(n, f"Level {n}") for n in range(1, 9)],
        error_messages={
            "required": "Choose a level from 1 to 8",
            "invalid_choice": "Choose a level from 1 to 8",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=QualificationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether it is achieved or being worked towards",
            "invalid_choice": "Choose whether it is achieved or being worked towards",
        },
    )
    achieved_on = forms.DateField(
        label="Date awarded (if achieved)",
        help_text="For example, 27/03/2025",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter the date it was awarded as day/month/year, like 27/03/2025"},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff
