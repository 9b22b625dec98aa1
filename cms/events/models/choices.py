"""The kinds of event the academy runs, who they are for, and how a session is attended."""

from django.db import models


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    ONE_TO_ONE = "one_to_one", "1-2-1"
    COACHING = "coaching", "Coaching"
    GROUP_TRAINING = "group_training", "Group training"
    PROVIDER_EXCELLENCE = "provider_excellence", "Provider Excellence learning event"
    GRADUATION = "graduation", "Graduation"
    COURSE_SESSION = "course_session", "Live session of a course"


class EventAudience(models.TextChoices):
    EVERYONE = "everyone", "Everyone working in adult social care"
    NEW_TO_CARE = "new_to_care", "People new to care"
    CARE_STAFF = "care_staff", "Care and support workers"
    SENIOR_STAFF = "senior_staff", "Senior carers and team leaders"
    MANAGERS = "managers", "Registered and aspiring managers"
    PROVIDERS = "providers", "Provider owners and managers"


class SessionMode(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
