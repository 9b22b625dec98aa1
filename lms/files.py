"""Checks on uploaded certificates and evidence, and how they are named when kept and served."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_LABEL = "5MB"


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    signature: bytes


# What a file starts with, whatever its name says. A JPEG's fourth byte varies (JFIF, Exif, raw).
KINDS = {
    "pdf": FileKind("pdf", "application/pdf", b"%PDF-"),
    "png": FileKind("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    "jpeg": FileKind("jpg", "image/jpeg", b"\xff\xd8\xff"),
}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "jpeg": "jpeg"}
ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
WRONG_TYPE = "The selected file must be a PDF, PNG or JPG"


class UploadError(ValueError):
    """Why an uploaded file cannot be kept, in the words the form shows."""


def sniff(head: bytes) -> FileKind | None:
    return next((kind for kind in KINDS.values() if head.startswith(kind.signature)), None)


def check_upload(file: UploadedFile) -> FileKind:
    """The file's kind if it is a PDF, PNG or JPEG of a sensible size; otherwise UploadError.

    The name's extension and the content's first bytes must both say the same allowed kind, so a
    renamed program or web page is refused.
    """
    size = file.size or 0
    if size == 0:
        raise UploadError("The selected file is empty")
    if size > MAX_UPLOAD_BYTES:
        raise UploadError(f"The selected file must be smaller than {MAX_UPLOAD_LABEL}")
    extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise UploadError(WRONG_TYPE)
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind = sniff(head)
    if kind is None or kind is not KINDS[claimed]:
        raise UploadError(WRONG_TYPE)
    return kind


def stored_name(kind: FileKind) -> str:
    """A random name to keep the file under: the learner's own file name often holds their name."""
    return f"{uuid.uuid4().hex}.{kind.extension}"


# Kept by the academy itself, never accepted as an upload: a verified credential imported as evidence.
CREDENTIAL = FileKind("json", "application/json", b"{")


def kind_of_stored(name: str) -> FileKind:
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension == "json":
        return CREDENTIAL
    return KINDS.get(EXTENSIONS.get(extension, "pdf"), KINDS["pdf"])
