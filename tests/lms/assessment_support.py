"""What the assessment tests share: files of each kind (good and bad), and courses with observations."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.models import Enrolment
from lms.services.enrolment import enrolment_create

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16

GOOD_FILES = [("certificate.pdf", PDF), ("photo.png", PNG), ("scan.jpg", JPEG), ("SCAN.JPEG", JPEG)]
# (name, content, the message the person sees)
BAD_FILES = [
    ("empty.pdf", b"", "The selected file is empty"),
    ("huge.pdf", PDF + b"0" * (5 * 1024 * 1024), "The selected file must be smaller than 5MB"),
    ("notes.txt", b"Just some text", "The selected file must be a PDF, PNG or JPG"),
    ("renamed.pdf", b"MZ\x90\x00 a Windows program", "The selected file must be a PDF, PNG or JPG"),
    ("page.png", b"<html><script>alert(1)</script></html>", "The selected file must be a PDF, PNG or JPG"),
    ("picture.pdf", PNG, "The selected file must be a PDF, PNG or JPG"),
    ("document.jpg", PDF, "The selected file must be a PDF, PNG or JPG"),
    ("no-extension", PDF, "The selected file must be a PDF, PNG or JPG"),
    ("certificate.pdf.exe", PDF, "The selected file must be a PDF, PNG or JPG"),
]


def upload(name: str = "certificate.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def private_root(settings, tmp_path):
    """Private files go to a folder of the test's own, outside MEDIA_ROOT."""
    root = tmp_path / "private"
    root.mkdir()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def observed_course(make_course):
    """A course with something to read and a workplace observation, current for a year once done."""
    return make_course(
        "Care Certificate standard 5: Work in a person-centred way",
        units=["content", "observation"],
        refresher_months=12,
    )


def enrol(learner, course) -> Enrolment:
    enrolment, _ = enrolment_create(learner=learner, course=course)
    return enrolment


def unit_of(course, kind: str):
    return course.units.get(kind=kind)
