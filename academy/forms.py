"""Forms for inviting staff and accepting invitations. Cross-record rules live in selectors/services."""

from __future__ import annotations

import datetime

from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm

from . import selectors
from .models import ContractType, JobRole, Organisation, PathwayCategory

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class InviteStaffForm(forms.Form):
    """One person to invite. The CSV upload validates each of its rows with this same form."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter the person's first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter the person's last name"}
    )
    job_role = forms.ModelChoiceField(
        label="Main job role",
        queryset=JobRole.objects.all(),
        empty_label="Choose a job role",
        error_messages={
            "required": "Choose the person's main job role",
            "invalid_choice": "Choose a job role from the list",
        },
    )
    pathway_category = forms.ChoiceField(
        label="Care workforce pathway category",
        choices=[("", "Choose a category")] + PathwayCategory.choices,
        error_messages={
            "required": "Choose a care workforce pathway category",
            "invalid_choice": "Choose a care workforce pathway category from the list",
        },
    )
    contract_type = forms.ChoiceField(
        label="Contract type",
        choices=ContractType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a contract type",
            "invalid_choice": "Choose a contract type from the list",
        },
    )
    start_date = forms.DateField(
        label="Start date",
        help_text="For example, 27/03/2026",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": "Enter the date the person started or will start",
            "invalid": "Enter the start date as day/month/year, like 27/03/2026",
        },
    )
    ascwds_worker_id = forms.CharField(
        label="ASC-WDS worker id (optional)",
        help_text="The unique worker id you use for this person in ASC-WDS, up to 50 characters.",
        max_length=50,
        required=False,
        error_messages={"max_length": "The worker id must be 50 characters or fewer"},
    )
    is_manager = forms.BooleanField(
        label="Manager: can see and book for this organisation's staff", required=False
    )
    is_assessor = forms.BooleanField(label="Assessor: can sign off workplace observations", required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        if value > datetime.date.today() + datetime.timedelta(days=366):
            raise forms.ValidationError("The start date must be within the next year")
        if value < datetime.date(1950, 1, 1):
            raise forms.ValidationError("Enter a real start date")
        return value

    def clean_ascwds_worker_id(self):
        return self.cleaned_data["ascwds_worker_id"].strip()

    def clean(self):
        cleaned = super().clean()
        problems = selectors.membership_conflicts(
            organisation=self.organisation,
            email=cleaned.get("email", ""),
            ascwds_worker_id=cleaned.get("ascwds_worker_id", ""),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned


class StaffUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Save your spreadsheet as 'CSV UTF-8'. One row per person.",
        error_messages={"required": "Choose a CSV file to upload", "empty": "The file you chose is empty"},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file (ending .csv)")
        if uploaded.size > settings.ACADEMY_INVITE_CSV_MAX_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {settings.ACADEMY_INVITE_CSV_MAX_BYTES // 1024} KB"
            )
        return uploaded


class AcceptInvitationForm(SetPasswordForm):
    """A new person's first visit: confirm their name and choose a password."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)

    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["new_password1"].label = "Create a password"
        self.fields["new_password1"].help_text = "At least 10 characters. Avoid common words and your name."
        self.fields["new_password2"].label = "Confirm your password"


class SignInForm(LoginForm):
    """allauth's sign-in form, in the academy's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
