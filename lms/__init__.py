"""Courses and programmes, enrolment, progress, assessment and training requirements."""
