"""The stable xAPI activity of each event and session, named from SITE_URL by their ids.

The LMS links a course to an event by these IRIs (or by the ids inside them), so they never change
when an event is renamed or moved: `<SITE_URL>/xapi/activities/events/<event id>` and
`.../events/<event id>/sessions/<session id>`.
"""

from __future__ import annotations

from lrs.recording import Activity

EVENT_TYPE = "http://activitystrea.ms/schema/1.0/event"
SESSION_TYPE = "http://adlnet.gov/expapi/activities/meeting"


def event_activity(event) -> Activity:
    return Activity(path=f"events/{event.pk}", name=event.title[:500], type=EVENT_TYPE)


def session_activity(session) -> Activity:
    event = session.page
    return Activity(
        path=f"events/{event.pk}/sessions/{session.pk}",
        name=f"{event.title} ({session.starts_at:%Y-%m-%d})"[:500],
        type=SESSION_TYPE,
    )
