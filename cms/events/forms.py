"""Forms for the calendar's filters, booking staff and taking the register (GOV.UK markup in templates)."""

from __future__ import annotations

import re

from django import forms

from .models import Attendance, EventAudience, EventKind, SessionMode


class CalendarFilterForm(forms.Form):
    view = forms.ChoiceField(choices=[("list", "List"), ("month", "Month")], required=False)
    kind = forms.ChoiceField(
        label="Kind of event", choices=[("", "All kinds"), *EventKind.choices], required=False
    )
    audience = forms.ChoiceField(
        label="Who it is for", choices=[("", "Everyone"), *EventAudience.choices], required=False
    )
    mode = forms.ChoiceField(
        label="Online or in person",
        choices=[("", "Online and in person"), *SessionMode.choices],
        required=False,
    )
    month = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("view", "kind", "audience", "mode"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one of the options in the list."

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
        if not match or not (1 <= int(match[2]) <= 12) or not (2000 <= int(match[1]) <= 2100):
            raise forms.ValidationError("Enter a month as a year and month, like 2026-03.")
        return int(match[1]), int(match[2])


class StaffBookingForm(forms.Form):
    people = forms.MultipleChoiceField(
        label="Who do you want to book?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one member of staff to book.",
            "invalid_choice": "Select people from the list of your staff.",
        },
    )
    join_waiting_list = forms.BooleanField(
        label="Put anyone who does not get a place on the waiting list", required=False, initial=True
    )

    def __init__(self, *args, staff: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.fields["people"].choices = [
            (str(person.pk), person.display_name) for person, live in staff if live is None
        ]

    def clean_people(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["people"]]


REGISTER_CHOICES = [(value, label) for value, label in Attendance.choices if value]


class RegisterForm(forms.Form):
    """One question per person booked: did they attend, in full or in part, or not come?"""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for booking in bookings:
            name = f"attendance_{booking.pk}"
            self.fields[name] = forms.ChoiceField(
                label=booking.person.display_name,
                choices=REGISTER_CHOICES,
                required=False,
                initial=booking.attendance or None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose attended, partly attended or no-show."},
            )
            self.rows.append((booking, name))

    def marks(self) -> dict[int, str]:
        return {
            booking.pk: self.cleaned_data[name] for booking, name in self.rows if self.cleaned_data.get(name)
        }

    def bound_rows(self):
        return [(booking, self[name]) for booking, name in self.rows]
