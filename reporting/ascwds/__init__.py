"""The ASC-WDS export: a provider's TRAINING file, the STAFF file's Care Certificate column, their checks."""

from .export import AscwdsExport, Problem, Severity, Target, TargetKind, ascwds_export_build
from .formats import (
    CURRENT_VERSION,
    TRAINING_FILES,
    Column,
    Issue,
    Origin,
    StaffFile,
    StaffFileNov2025,
    TrainingFile,
    TrainingFileNov2025,
    register,
    training_file,
)
from .records import Source, TrainingRecord, Worker

__all__ = [
    "CURRENT_VERSION",
    "TRAINING_FILES",
    "AscwdsExport",
    "Column",
    "Issue",
    "Origin",
    "Problem",
    "Severity",
    "Source",
    "StaffFile",
    "StaffFileNov2025",
    "Target",
    "TargetKind",
    "TrainingFile",
    "TrainingFileNov2025",
    "TrainingRecord",
    "Worker",
    "ascwds_export_build",
    "register",
    "training_file",
]
