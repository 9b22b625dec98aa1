"""Certificates: what was achieved, by whom, when; and background runs that issue them for a cohort."""

from .certificates import Certificate, CertificateQuerySet, CertificateStatus, status_position
from .passport import PassportShare, PassportShareState
from .runs import CertificateRun

__all__ = [
    "Certificate",
    "CertificateQuerySet",
    "CertificateRun",
    "CertificateStatus",
    "PassportShare",
    "PassportShareState",
    "status_position",
]
