"""The event calendar: events and their sessions as Wagtail pages, bookings, waiting lists and registers."""
