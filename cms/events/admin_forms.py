"""The event page's admin form: it refuses to delete a session people have booked."""

from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        from .models import Booking

        sessions = self.formsets.get("sessions")
        if sessions is None or not sessions.is_bound:
            return cleaned_data
        sessions.errors  # noqa: B018  (cleans the session forms, so their DELETE boxes can be read)
        for form in sessions.forms:
            if not getattr(form, "cleaned_data", {}).get("DELETE"):
                continue
            if form.instance.pk and Booking.objects.filter(session_id=form.instance.pk).exists():
                form.add_error(
                    None,
                    "People have booked this session, so it cannot be deleted. Tick 'cancelled' instead: "
                    "everyone booked is told when the page is published.",
                )
                self.add_error(None, "A session you deleted has bookings. Cancel it instead of deleting it.")
        return cleaned_data
