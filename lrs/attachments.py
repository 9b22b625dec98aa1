"""Statement attachments: multipart/mixed requests and responses, stored content, signed statements."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.db import models

from .services import StatementError

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
_SIGNING_ALGORITHMS = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}
# Properties the LRS adds or may change, left out when a signature's payload is compared.
_LRS_OWNED = {"id", "authority", "stored", "version", "timestamp", "attachments"}


class AttachmentContent(models.Model):
    """The bytes of an attachment, stored once per SHA-2 hash whichever statements refer to them."""

    sha2 = models.CharField(max_length=128, primary_key=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "lrs"
        verbose_name = "attachment"

    def __str__(self):
        return self.sha2


@dataclass
class Part:
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def _boundary(content_type_header: str) -> bytes:
    match = re.search(r'boundary="?([^";]+)"?', content_type_header, re.IGNORECASE)
    if not match:
        raise StatementError("A multipart/mixed request needs a boundary in its Content-Type")
    return match.group(1).encode()


def split_multipart(body: bytes, content_type_header: str) -> list[Part]:
    """The parts of a multipart/mixed body, byte for byte (attachments are binary)."""
    delimiter = b"--" + _boundary(content_type_header)
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise StatementError("The multipart body is not complete: its closing boundary is missing")
    parts = []
    for chunk in chunks[1:-1]:
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, separator, content = chunk.partition(b"\r\n\r\n")
        if not separator:
            raise StatementError("A part of the multipart body has no blank line after its headers")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            if line.strip():
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        parts.append(Part(headers=headers, body=content))
    return parts


def _attachments_of(statements: list[dict]) -> list[dict]:
    found = []
    for statement in statements:
        found += statement.get("attachments") or []
        obj = statement.get("object") or {}
        if obj.get("objectType") == "SubStatement":
            found += obj.get("attachments") or []
    return found


def read_request(request, *, version: str) -> tuple[object, dict[str, Part]]:
    """The statements of a request and its attachment parts by SHA-2, after every check the spec asks."""
    content_type = request.content_type or ""
    if content_type != "multipart/mixed":
        return None, {}
    parts = split_multipart(request.body, request.META.get("CONTENT_TYPE", ""))
    if not parts or parts[0].content_type != "application/json":
        raise StatementError(
            "The first part of a multipart/mixed request must be the statements, as application/json"
        )
    try:
        statements = json.loads(parts[0].body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StatementError(f"The statements part is not valid JSON: {exc}") from None
    by_hash: dict[str, Part] = {}
    for index, part in enumerate(parts[1:], start=2):
        declared = part.headers.get("x-experience-api-hash")
        if not declared:
            raise StatementError(f"Part {index} has no X-Experience-API-Hash header")
        encoding = part.headers.get("content-transfer-encoding")
        # 1.0.3 requires the header; 2.0 drops that, but a part that says it is encoded some other way
        # (base64, say) would be stored wrongly, so it is refused in both.
        if (version.startswith("1.") or encoding is not None) and (encoding or "").lower() != "binary":
            raise StatementError(f"Part {index} must have Content-Transfer-Encoding: binary")
        # The part is filed under the hash it declares, which check_and_collect matches against the
        # statements' sha2. Its bytes are not hashed again: xAPI asks the LRS to match the declared hash
        # to an attachment, not to recompute it, and the ADL suite sends its binary attachments through
        # a UTF-8 string (so their bytes change on the way) and still expects 200.
        by_hash[declared.lower()] = part
    return statements, by_hash


def check_and_collect(statements: list[dict], parts: dict[str, Part]) -> list[AttachmentContent]:
    """Every attachment without fileUrl has its part, every part belongs to an attachment, and
    every signature verifies. Returns the contents to store."""
    attachments = _attachments_of(statements)
    wanted = {a["sha2"].lower() for a in attachments if "fileUrl" not in a}
    known = {a["sha2"].lower() for a in attachments}
    # Every attachment without a fileUrl comes with its part, even when the LRS already holds those
    # bytes from another statement (Data 2.4.11: its data is "included in the request").
    missing = wanted - set(parts)
    if missing:
        raise StatementError(
            "Attachments without a fileUrl must be sent in the request: no part has the hash "
            + ", ".join(sorted(missing))
        )
    extra = set(parts) - known
    if extra:
        raise StatementError(
            "These parts belong to no attachment of the statements: " + ", ".join(sorted(extra))
        )
    for statement in statements:
        for attachment in statement.get("attachments") or []:
            if attachment["usageType"] == SIGNATURE_USAGE:
                part = parts.get(attachment["sha2"].lower())
                if part is not None:
                    verify_signature(statement, part.body)
    return [
        AttachmentContent(
            sha2=sha2, content_type=part.content_type or "application/octet-stream", content=part.body
        )
        for sha2, part in parts.items()
    ]


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def verify_signature(statement: dict, jws: bytes) -> None:
    """A signature attachment is a JWS (compact form) whose payload is the statement it signs."""
    try:
        header_b64, payload_b64, signature_b64 = jws.decode("ascii").strip().split(".")
        header = json.loads(_b64(header_b64))
        payload = json.loads(_b64(payload_b64))
        signature = _b64(signature_b64)
    except (ValueError, UnicodeDecodeError):
        raise StatementError("The signature attachment is not a JWS in compact form") from None
    algorithm = header.get("alg") if isinstance(header, dict) else None
    if algorithm not in _SIGNING_ALGORITHMS:
        raise StatementError("A statement signature must use RS256, RS384 or RS512")
    if not isinstance(payload, dict):
        raise StatementError("The signature's payload is not a statement")
    ours = {k: v for k, v in statement.items() if k not in _LRS_OWNED}
    theirs = {k: v for k, v in payload.items() if k not in _LRS_OWNED}
    if "id" in payload and "id" in statement and str(payload["id"]).lower() != str(statement["id"]).lower():
        raise StatementError("The signature's payload has a different statement id")
    if ours != theirs:
        raise StatementError("The signature's payload does not match the statement it signs")
    chain = header.get("x5c")
    if chain:
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
            certificate.public_key().verify(
                signature,
                f"{header_b64}.{payload_b64}".encode(),
                padding.PKCS1v15(),
                _SIGNING_ALGORITHMS[algorithm](),
            )
        except (InvalidSignature, ValueError, TypeError, IndexError):
            raise StatementError(
                "The statement's signature does not verify with the certificate it names"
            ) from None


def multipart_response(body: dict | list, attachments: list[dict]) -> tuple[bytes, str]:
    """A multipart/mixed response: the JSON result, then each attachment's stored content."""
    boundary = "xapi-" + hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()[:24]
    hashes_wanted = {a["sha2"].lower() for a in attachments}
    contents = AttachmentContent.objects.filter(sha2__in=hashes_wanted)
    out = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json.dumps(body).encode(),
        b"\r\n",
    ]
    for content in contents:
        out += [
            f"--{boundary}\r\nContent-Type: {content.content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {content.sha2}\r\n\r\n".encode(),
            bytes(content.content),
            b"\r\n",
        ]
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f'multipart/mixed; boundary="{boundary}"'


def attachments_in(statements: list[dict]) -> list[dict]:
    return _attachments_of(statements)
