"""The LMS's models: courses and programmes (Wagtail pages), enrolment and progress, assessment,
prior learning, qualifications and training requirements."""

from .assessment import ObservationSignOff, PriorLearning, PriorLearningStatus
from .catalogue import (
    Accredited,
    CourseCatalogPage,
    CoursePage,
    CourseTopic,
    CourseUnit,
    DeliveredBy,
    DeliveryMode,
    ProgrammeCourse,
    ProgrammePage,
    TrainingCategory,
    UnitKind,
)
from .enrolment import (
    Cohort,
    CourseFeedback,
    Enrolment,
    EnrolmentStatus,
    KnowledgeCheckAttempt,
    ProgrammeEnrolment,
    UnitProgress,
    UnitStatus,
)
from .qualifications import Qualification, QualificationStatus
from .requirements import ReminderSent, TrainingRequirement

__all__ = [
    "Accredited",
    "Cohort",
    "CourseCatalogPage",
    "CourseFeedback",
    "CoursePage",
    "CourseTopic",
    "CourseUnit",
    "DeliveredBy",
    "DeliveryMode",
    "Enrolment",
    "EnrolmentStatus",
    "KnowledgeCheckAttempt",
    "ObservationSignOff",
    "PriorLearning",
    "PriorLearningStatus",
    "Qualification",
    "QualificationStatus",
    "ProgrammeCourse",
    "ProgrammeEnrolment",
    "ProgrammePage",
    "ReminderSent",
    "TrainingCategory",
    "TrainingRequirement",
    "UnitKind",
    "UnitProgress",
    "UnitStatus",
]
