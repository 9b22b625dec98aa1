"""Forms a learner fills in: course feedback."""

from django import forms

from .models import CourseFeedback
from .models.enrolment import FeedbackChange


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label="How would you rate this course?",
        choices=[(5, "Excellent"), (4, "Good"), (3, "All right"), (2, "Poor"), (1, "Very poor")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would rate the course."},
    )
    will_change_practice = forms.ChoiceField(
        label="Will this change how you work?",
        choices=FeedbackChange.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the course will change how you work."},
    )
    comment = forms.CharField(
        label="Anything else you want to tell us? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Do not include anyone's personal details.",
    )

    class Meta:
        model = CourseFeedback
        fields = ["rating", "will_change_practice", "comment"]
