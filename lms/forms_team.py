"""Forms of the team pages: the matrix's filters, acting on selected staff, and setting requirements."""

from __future__ import annotations

import datetime
import uuid

import django_filters
from django import forms
from django.utils import timezone

from academy.forms import DATE_INPUT_FORMATS
from academy.models import JobRole, Membership, PathwayCategory

from .compliance import ComplianceStatus
from .models import CoursePage

ENROL = "enrol"
REMIND = "remind"


class TeamMatrixFilter(django_filters.FilterSet):
    """Narrow the matrix to some job roles, or to people with a requirement in some statuses."""

    job_role = django_filters.ModelMultipleChoiceFilter(
        label="Job role",
        queryset=JobRole.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    status = django_filters.MultipleChoiceFilter(
        label="Training status",
        choices=ComplianceStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        method="no_op",
    )

    class Meta:
        model = Membership
        fields = ["job_role", "status"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the roles someone in this team holds: a long list of empty choices helps nobody.
        self.filters["job_role"].queryset = JobRole.objects.filter(memberships__in=self.queryset).distinct()

    def no_op(self, queryset, name, value):
        # Statuses are computed with the matrix (see compliance.team_matrix), not filtered in SQL here.
        return queryset

    @property
    def statuses(self) -> list[str]:
        if self.form.is_valid():
            return list(self.form.cleaned_data.get("status") or [])
        return []


class TeamMembersField(forms.ModelMultipleChoiceField):
    """People chosen by public id; anything that is not one of the team's is the same error."""

    def _check_values(self, value):
        for item in value:
            try:
                uuid.UUID(str(item))
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super()._check_values(value)


class StaffActionForm(forms.Form):
    """What a manager does with the staff they ticked: enrol them on a course, or remind them."""

    people = TeamMembersField(
        queryset=None,
        to_field_name="public_id",
        error_messages={
            "required": "Select at least one member of staff",
            "invalid_choice": "Select people from your team only",
        },
    )
    action = forms.ChoiceField(
        choices=[(ENROL, "Enrol"), (REMIND, "Send a reminder")],
        error_messages={"required": "Choose what to do", "invalid_choice": "Choose what to do"},
    )
    course = forms.ModelChoiceField(
        label="Course",
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label="Choose a course",
        error_messages={"invalid_choice": "Choose a course from the list"},
    )
    due_on = forms.DateField(
        label="Due date (optional)",
        help_text="When they should have finished it. For example, 27/03/2027",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter the due date as day/month/year, like 27/03/2027"},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")

    def clean_due_on(self):
        value = self.cleaned_data.get("due_on")
        if value is not None:
            today = timezone.localdate()
            if value < today:
                raise forms.ValidationError("The due date must be today or in the future")
            if value > today + datetime.timedelta(days=3 * 366):
                raise forms.ValidationError("The due date must be within the next 3 years")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == ENROL and not cleaned.get("course") and "course" not in self.errors:
            self.add_error("course", "Choose the course to enrol them on")
        return cleaned


def who_choices() -> list:
    """Job roles and pathway categories in one list, grouped, as `role:<pk>` and `category:<value>`."""
    roles = [(f"role:{role.pk}", role.name) for role in JobRole.objects.order_by("name")]
    categories = [
        (f"category:{value}", label)
        for value, label in PathwayCategory.choices
        if value not in (PathwayCategory.NONE, PathwayCategory.UNKNOWN)
    ]
    return [("", "Choose who must hold it"), ("Job roles", roles), ("Pathway categories", categories)]


def _id(value: str) -> int | None:
    """A primary key typed as ASCII digits, or None: "²".isdigit() is true but int() refuses it, as it
    refuses 5,000 digits, and 19 digits overflow the database's integer."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def parse_who(value: str) -> tuple[JobRole | None, str] | None:
    """`role:<pk>` or `category:<value>` as (job role, pathway category); None if it is neither."""
    kind, _, rest = (value or "").partition(":")
    if kind == "role" and _id(rest) is not None:
        role = JobRole.objects.filter(pk=_id(rest)).first()
        return (role, "") if role else None
    if kind == "category" and rest in PathwayCategory.values:
        return None, rest
    return None


class RequirementForm(forms.Form):
    """A course that people in a job role, or a pathway category, must hold."""

    course = forms.ModelChoiceField(
        label="Course",
        queryset=CoursePage.objects.none(),
        empty_label="Choose a course",
        error_messages={
            "required": "Choose the course they must hold",
            "invalid_choice": "Choose a course from the list",
        },
    )
    who = forms.ChoiceField(
        label="Who must hold it",
        help_text="A job role, or a care workforce pathway category. Both kinds of requirement apply.",
        error_messages={
            "required": "Choose the job role or pathway category that must hold it",
            "invalid_choice": "Choose a job role or pathway category from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["who"].choices = who_choices()

    def clean_who(self):
        parsed = parse_who(self.cleaned_data["who"])
        if parsed is None:
            raise forms.ValidationError("Choose a job role or pathway category from the list")
        self.job_role, self.pathway_category = parsed
        return self.cleaned_data["who"]


CHANGE_REFUSED = "That change could not be made: choose it from the list of requirements."


class RequirementChangeForm(forms.Form):
    """One button of a provider's requirements list: lift a default, require it again, or remove their own.

    The values come from hidden fields, so anything wrong with them is one message, not one per field.
    """

    course = forms.ModelChoiceField(queryset=CoursePage.objects.all())
    who = forms.CharField(max_length=60)
    required = forms.ChoiceField(choices=[("0", "Not required"), ("1", "Required")])

    def clean_who(self):
        parsed = parse_who(self.cleaned_data["who"])
        if parsed is None:
            raise forms.ValidationError(CHANGE_REFUSED)
        self.job_role, self.pathway_category = parsed
        return self.cleaned_data["who"]

    @property
    def refusal(self) -> str | None:
        return CHANGE_REFUSED if self.errors else None


def refused_requirement_form(message: str) -> RequirementForm:
    """An empty form to add a requirement, showing why a change from the list was refused."""
    form = RequirementForm()
    form.cleaned_data = {}
    form.full_clean()  # unbound: no errors of its own, only the one added here
    form.add_error(None, message)
    return form
