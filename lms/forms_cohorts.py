"""Forms of the cohort pages: a manager enrolling staff on a programme, the academy team adding a cohort."""

from __future__ import annotations

from django import forms

from academy.forms import DATE_INPUT_FORMATS
from cms.events.models import EventPage

from .forms_team import TeamMembersField
from .models import Cohort, ProgrammePage
from .selectors_cohorts import graduation_events, open_cohorts


class DayMonthYearInput(forms.DateInput):
    """A date typed as day/month/year. Rendered as a short text box by includes/field.html."""

    input_type = "date"

    def format_value(self, value):
        return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value


class ProgrammeEnrolForm(forms.Form):
    """The staff a manager ticked, the programme to enrol them on and, for one run in cohorts, the cohort.

    Whether the cohort fits the programme is the service's rule (services.cohorts), not the form's:
    the form only makes sure each choice is one that exists.
    """

    people = TeamMembersField(
        queryset=None,
        to_field_name="public_id",
        error_messages={
            "required": "Select at least one member of staff",
            "invalid_choice": "Select people from your team only",
        },
    )
    programme = forms.ModelChoiceField(
        label="Programme",
        queryset=ProgrammePage.objects.none(),
        empty_label="Choose a programme",
        error_messages={
            "required": "Choose the programme to enrol them on",
            "invalid_choice": "Choose a programme from the list",
        },
    )
    cohort = forms.ModelChoiceField(
        label="Cohort",
        help_text="For a programme run in cohorts: the group they start with. Cohorts that have ended are "
        "not listed.",
        queryset=Cohort.objects.none(),
        required=False,
        empty_label="No cohort",
        error_messages={"invalid_choice": "Choose a cohort from the list"},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff
        self.fields["programme"].queryset = ProgrammePage.objects.live().order_by("title")
        # Any cohort can be named, so that an ended one gets the service's reason, not "not in the list".
        self.fields["cohort"].queryset = Cohort.objects.select_related("programme")

    def cohort_groups(self) -> list[tuple[str, list[Cohort]]]:
        """The cohorts to offer, grouped under their programme's title."""
        groups: dict[str, list[Cohort]] = {}
        for cohort in open_cohorts():
            groups.setdefault(cohort.programme.title, []).append(cohort)
        return list(groups.items())


class CohortForm(forms.Form):
    """A new cohort of a programme: its name, dates and the graduation event it ends with."""

    name = forms.CharField(
        label="Name",
        help_text="How people will know it, such as Spring 2027.",
        max_length=Cohort._meta.get_field("name").max_length,
        error_messages={
            "required": "Enter a name for the cohort",
            "max_length": "Enter a name of %(limit_value)d characters or fewer",
        },
    )
    starts_on = forms.DateField(
        label="Start date",
        help_text="For example, 14/09/2027",
        input_formats=DATE_INPUT_FORMATS,
        widget=DayMonthYearInput,
        error_messages={
            "required": "Enter the date the cohort starts",
            "invalid": "Enter the start date as day/month/year, like 14/09/2027",
        },
    )
    ends_on = forms.DateField(
        label="End date (optional)",
        help_text="When the cohort finishes. Leave blank if it is not set yet. For example, 20/06/2028",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DayMonthYearInput,
        error_messages={"invalid": "Enter the end date as day/month/year, like 20/06/2028"},
    )
    graduation_event = forms.ModelChoiceField(
        label="Graduation event (optional)",
        help_text="A published event of the kind Graduation, where the cohort celebrates finishing.",
        queryset=EventPage.objects.none(),
        required=False,
        empty_label="No graduation event yet",
        error_messages={"invalid_choice": "Choose a graduation event from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["graduation_event"].queryset = graduation_events()
