"""The LMS's writes, one module per area: enrolment, progress, assessment."""
