"""How certificates follow the LMS: issued when a course or programme is completed, revoked when undone."""

from __future__ import annotations

from lms.completion import Completed, Reopened

from .services import (
    certificate_issue_for_enrolment,
    certificate_issue_for_programme,
    certificates_revoke_for_reopened,
)


def on_completion(event: Completed | Reopened) -> None:
    if isinstance(event, Reopened):
        certificates_revoke_for_reopened(
            enrolment_id=event.enrolment_id,
            programme_enrolment_id=event.programme_enrolment_id,
            reason=event.reason,
        )
    elif event.enrolment_id is not None:
        certificate_issue_for_enrolment(enrolment_id=event.enrolment_id)
    elif event.programme_enrolment_id is not None:
        certificate_issue_for_programme(programme_enrolment_id=event.programme_enrolment_id)
